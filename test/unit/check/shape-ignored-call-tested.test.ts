import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 119's L090 shape: UFFDIO_COPY's copy of the user's data into the ioctl's own page, which
// S2 reads as no step of its own (part of the allocate-and-copy step), tested for its result in
// the `if`: a fault in the user's buffer sends the ioctl out. Before, the test could not be read:
// "calls copy_from_user(), which may act on modelled state". The call acts on nothing the model
// has there, so its result is explored both ways.
const date = 'Wed, 14 Jul 2021 10:00:00 +0000';

describe('a call the scenario reads as no step, tested for its result', () => {
  it('is explored both ways, and the report says so', async () => {
    const diff = countedHunk('mm/userfaultfd.c', 70, 'static int mcopy_atomic_pte(struct mm_struct *dst_mm,', [
      ' \t\tpage = alloc_page_vma(GFP_HIGHUSER_MOVABLE, dst_vma, dst_addr);',
      ' \t\tif (!page)',
      ' \t\t\tgoto out;',
      ' ',
      ' \t\tpage_kaddr = kmap_atomic(page);',
      '-\t\tret = copy_from_user(page_kaddr,',
      '-\t\t\t\t     (const void __user *) src_addr,',
      '-\t\t\t\t     PAGE_SIZE);',
      '+\t\tif (copy_from_user(page_kaddr, (const void __user *) src_addr,',
      '+\t\t\t\t   PAGE_SIZE)) {',
      '+\t\t\tkunmap_atomic(page_kaddr);',
      '+\t\t\tput_page(page);',
      '+\t\t\treturn -EFAULT;',
      '+\t\t}',
      ' \t\tkunmap_atomic(page_kaddr);',
    ]);
    const f = finding(await check('[PATCH] userfaultfd: test the copy in place', date, diff.join('\n')), 'S2');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).not.toMatch(/introduces|fixes/);
    expect(f.assumptions.join('\n')).toMatch(/copy_from_user\(page_kaddr.*explored both ways \(copy_from_user\(\) is no step of the S2 model here/);
  });
});
