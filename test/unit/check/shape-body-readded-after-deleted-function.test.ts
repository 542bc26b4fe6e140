import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 120's L125 shape (2022, a revert in a stable tree): the hunk deletes the one-line body of
// can_follow_write_pte() and its closing brace, then a whole helper after it, and git pairs the
// helper's closing brace with the function's: the new body's lines come after the deleted helper.
// The first run leaves the function empty; the second, with nothing left to place against,
// floats (it is checked at each place it could go). The check that the lift lost no step of the
// new code ran before the floating lines were placed and said the new return was lost: `unmapped`.
const date = 'Mon, 24 Jan 2022 10:00:00 +0000';

describe('a body deleted, then written again after a deleted helper', () => {
  it('is placed: the floating lines are the function\'s, not lost', async () => {
    const diff = countedHunk('mm/gup.c', 61, 'static int follow_pfn_pte(struct vm_area_struct *vma, unsigned long address,', [
      ' static inline bool can_follow_write_pte(pte_t pte, unsigned int flags)',
      ' {',
      '-\treturn pte_write(pte) || ((flags & FOLL_COW) && pte_dirty(pte));',
      '-}',
      '-',
      '-static inline bool gup_wants_early_break(struct vm_area_struct *vma, unsigned int flags)',
      '-{',
      '-\treturn is_cow_mapping(vma->vm_flags) && (flags & FOLL_GET);',
      '+\treturn pte_write(pte) ||',
      '+\t\t((flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte));',
      ' }',
    ]);
    const r = await check('[PATCH 4.9] gup: take back the early COW break', date, diff.join('\n'));
    for (const sc of ['S2', 'S5']) {
      expect(finding(r, sc).unmapped).toEqual([]);
      expect(finding(r, sc).delta).not.toMatch(/introduces|fixes/);
    }
  });
});
