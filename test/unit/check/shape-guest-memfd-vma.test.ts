import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A branch for guest_memfd memory mapped into user space (2025's postings that let userfaultfd's
// minor faults serve it): `if (guestmem_vma_is_guestmem(dst_vma))` around a lookup of the folio
// in guest_memfd's own page cache. No modelled VMA maps guest_memfd memory, so the branch is never
// taken; before, the test was explored both ways and the lookup's helper (`..._grab_folio()`,
// `grab` an action) left the hunk unmapped.
const date = 'Fri, 20 Jun 2025 10:00:00 +0000';

describe('a test of a guest_memfd VMA is false in every model', () => {
  it('S2: the continue ioctl\'s guest_memfd lookup is never run; mapped and unchanged', async () => {
    const f = await mappedFinding('S2', '[PATCH] userfaultfd: minor faults on guest_memfd', date, countedHunk('mm/userfaultfd.c', 388, 'static int mfill_atomic_pte_continue(pmd_t *dst_pmd,', [
      ' \tstruct page *page;',
      ' \tint ret;',
      ' ',
      '-\tret = shmem_get_folio(inode, pgoff, 0, &folio, SGP_NOALLOC);',
      '+\tif (vma_is_guest_memfd(dst_vma)) {',
      '+\t\tfolio = gmem_grab_folio_locked(inode->i_mapping, pgoff);',
      '+\t\tret = IS_ERR(folio) ? PTR_ERR(folio) : 0;',
      '+\t} else {',
      '+\t\tret = shmem_get_folio(inode, pgoff, 0, &folio, SGP_NOALLOC);',
      '+\t}',
      ' \t/* Our caller expects us to return -EFAULT if we failed to find folio */',
      ' \tif (ret == -ENOENT)',
      ' \t\tret = -EFAULT;',
    ]));
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n') + f.ignored.join('\n')).toMatch(/no modelled VMA maps guest_memfd memory/);
  });
});
