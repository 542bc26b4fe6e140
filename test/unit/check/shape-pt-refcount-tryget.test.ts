import { describe, expect, it } from 'vitest';
import { check, countedHunk, expectUnchangedIn, finding } from '../../helpers/shape-checks.js';

// The free-user-PTE postings (2021) count the users of a PTE table: a walker takes a reference
// with a try-get that fails only when the PMD no longer points to a live table, and the fault
// paths allocate the table and take the reference in one call. Read before: the try-get's and the
// allocation's names say they act, so a test holding either was "not in the model". Where no
// page table is freed (the pt-refcount class's scenarios) the try-get succeeds and the
// allocation does not fail: each side reads as it would without them.
const DATE = 'Thu, 19 Aug 2021 09:00:00 +0000';

const walkTest = (before: string, after: string, extra: string[] = []) => [
  ...extra,
  ...countedHunk('fs/proc/task_mmu.c', 1146, 'static int clear_refs_pte_range(pmd_t *pmd, unsigned long addr,', [
    ' \t\treturn 0;',
    ' \t}',
    ' ',
    `-\tif (${before})`,
    `+\tif (${after})`,
    ' \t\treturn 0;',
    ' ',
    ' \tpte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);',
  ]),
];

// A header helper of the patch's own that folds the two tests into one.
const helper = countedHunk('include/linux/pgtable_users.h', 40, 'static inline void pte_users_init(pgtable_t pte, int count)', [
  ' }',
  ' ',
  '+static inline bool pmd_no_walkable_table(struct mm_struct *mm, pmd_t *pmd)',
  '+{',
  '+\treturn pmd_trans_unstable(pmd) || !pte_try_get(mm, pmd);',
  '+}',
  '+',
  ' #endif',
]);

describe("a PTE table's user count in a walker's and an ioctl's tests", () => {
  it('a try-get joined to the walk\'s unstable-PMD test is the same test (S1)', async () => {
    await expectUnchangedIn(['S1'], '[PATCH] mm: take a table reference in the soft-dirty walk', DATE, walkTest('pmd_trans_unstable(pmd)', 'pmd_trans_unstable(pmd) || !pte_try_get(vma->vm_mm, pmd)'));
  });

  it('the joined test folded into a helper the patch adds is the same test (S1)', async () => {
    await expectUnchangedIn(['S1'], '[PATCH] mm: fold the walk tests into one helper', DATE, walkTest('pmd_trans_unstable(pmd) || !pte_try_get(vma->vm_mm, pmd)', 'pmd_no_walkable_table(vma->vm_mm, pmd)', helper));
  });

  it('a failed try-get alone is an exit never taken, not a walk that skips the table (S1)', async () => {
    await expectUnchangedIn(['S1'], '[PATCH] mm: skip a table being freed in the soft-dirty walk', DATE, walkTest('pmd_trans_unstable(pmd)', '!pte_try_get(vma->vm_mm, pmd)'));
  });

  it('an allocation that also takes the reference, and a try-get beside the huge-PMD recheck (S2)', async () => {
    const diff = countedHunk('mm/userfaultfd.c', 590, 'static __always_inline ssize_t __mcopy_atomic(struct mm_struct *dst_mm,', [
      ' \t\t\terr = -EEXIST;',
      ' \t\t\tbreak;',
      ' \t\t}',
      '-\t\tif (unlikely(pmd_none(dst_pmdval)) &&',
      '-\t\t    unlikely(__pte_alloc(dst_mm, dst_pmd))) {',
      '+\t\tif (unlikely(pmd_none(dst_pmdval)) &&',
      '+\t\t    unlikely(__pte_alloc_get(dst_mm, dst_pmd))) {',
      ' \t\t\terr = -ENOMEM;',
      ' \t\t\tbreak;',
      '-\t\t} else if (unlikely(pmd_trans_huge(*dst_pmd))) {',
      '+\t\t} else if (unlikely(pmd_trans_huge(*dst_pmd)) ||',
      '+\t\t\t   !pte_try_get(dst_mm, dst_pmd)) {',
      ' \t\t\terr = -EFAULT;',
      ' \t\t\tbreak;',
      ' \t\t}',
    ]);
    await expectUnchangedIn(['S2'], '[PATCH] mm: hold the table in UFFDIO_COPY', DATE, diff);
  });

  it("a switch of the table count's mode (a percpu_ref, the 2022 posting) is no step (S1)", async () => {
    const diff = countedHunk('fs/proc/task_mmu.c', 1146, 'static int clear_refs_pte_range(pmd_t *pmd, unsigned long addr,', [
      ' \t\treturn 0;',
      ' \t}',
      ' ',
      '-\tif (pmd_trans_unstable(pmd))',
      '+\tif (pmd_trans_unstable(pmd) || !pte_tryget(vma->vm_mm, pmd, addr))',
      ' \t\treturn 0;',
      '+\tpercpu_ref_switch_to_atomic(pmd_pgtable(*pmd)->pte_ref, NULL);',
      ' ',
      ' \tpte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);',
    ]);
    await expectUnchangedIn(['S1'], '[PATCH] mm: count the walk in atomic mode', DATE, diff);
  });

  it('stays unknown where the scenario may free a PTE table (S8, GUP-fast), read in S5', async () => {
    const unstable = 'pmd_devmap_trans_unstable(vmf->pmd)';
    const hunk = [' \t\tvmf->pte = NULL;', ' \t} else {', `-\t\tif (${unstable})`, `+\t\tif (${unstable} || !pte_try_get(vmf->vma->vm_mm, vmf->pmd))`, ' \t\t\treturn 0;'];
    const r = await check('[PATCH] mm: take a table reference in the fault path', DATE, countedHunk('mm/memory.c', 4430, 'static vm_fault_t handle_pte_fault(struct vm_fault *vmf)', hunk).join('\n'));
    expect(finding(r, 'S8').delta).toBe('unmapped');
    // (Beside it, S5's fault path, where no table is freed, reads the same hunk.)
    expect(finding(r, 'S5').unmapped).toEqual([]);
    expect(finding(r, 'S5').delta).not.toMatch(/introduces|fixes/);
  });
});
