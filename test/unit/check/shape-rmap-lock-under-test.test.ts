import { describe, expect, it } from 'vitest';
import { countedHunk, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// 3.x's move_ptes() takes the file's i_mmap lock in its own spelling, `mutex_lock(&mapping->
// i_mmap_mutex)` under `if (vma->vm_file)`, which S6 reads as its take_rmap_locks step. A patch
// that puts that under a new test as well (the 2012 posting that made mremap skip the rmap locks
// when it can) was read as a path that drops the rmap locks without taking them: the lock
// balance knew the lock only by the C text (`take_rmap_locks()`), not by the step it is, and it
// explored the decided `vma->vm_file` both ways. (Unmapped before.)
const date = 'Tue, 4 Sep 2012 02:20:57 -0700';
const hunk = countedHunk('mm/mremap.c', 77, 'static void move_ptes(struct vm_area_struct *vma, pmd_t *old_pmd,', [
  ' \tpte_t *old_pte, *new_pte, pte;',
  ' \tspinlock_t *old_ptl, *new_ptl;',
  ' ',
  '-\tif (vma->vm_file) {',
  '-\t\tmapping = vma->vm_file->f_mapping;',
  '-\t\tmutex_lock(&mapping->i_mmap_mutex);',
  '+\t/* The caller says when rmap walks could miss both the old and the new PTE. */',
  '+\tif (need_rmap_locks) {',
  '+\t\tif (vma->vm_file) {',
  '+\t\t\tmapping = vma->vm_file->f_mapping;',
  '+\t\t\tmutex_lock(&mapping->i_mmap_mutex);',
  '+\t\t}',
  ' \t}',
  ' ',
  ' \t/*',
]);

describe('the i_mmap lock in its pre-3.19 spelling, under a new test, balances as the rmap locks', () => {
  it('S6 (3.5): mapped, no new verdict', async () => {
    const f = await mappedNoNewVerdict('S6', '[PATCH] mm: take the rmap locks in move_ptes() only when needed', date, hunk);
    expect(f.unmapped).toEqual([]);
  });
});
