import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// handle_pte_fault()'s none-PTE branch before 4.8, its anonymous and file cases swapped around
// (written for this test; a 2015 posting had the shape). Read before: S1 could not place the
// branch (its faults are all on a present PTE), and S2 and S5 did not know their VMA has vm_ops
// (shmem; a file), so the test of it was nowhere in their models.
const diff = countedHunk('mm/memory.c', 3270, 'static int handle_pte_fault(struct mm_struct *mm,', [
  ' \tbarrier();',
  ' \tif (!pte_present(entry)) {',
  ' \t\tif (pte_none(entry)) {',
  '-\t\t\tif (vma->vm_ops) {',
  '-\t\t\t\tif (likely(vma->vm_ops->fault))',
  '-\t\t\t\t\treturn do_fault(mm, vma, address, pte, pmd, flags, entry);',
  '-\t\t\t}',
  '-\t\t\treturn do_anonymous_page(mm, vma, address, pte, pmd, flags);',
  '+\t\t\tif (vma_is_anonymous(vma))',
  '+\t\t\t\treturn do_anonymous_page(mm, vma, address, pte, pmd, flags);',
  '+\t\t\tif (!vma->vm_ops)',
  '+\t\t\t\treturn VM_FAULT_SIGBUS;',
  '+\t\t\treturn do_fault(mm, vma, address, pte, pmd, flags, entry);',
  ' \t\t}',
  ' \t\treturn do_swap_page(mm, vma, address,',
  ' \t\t\t\t\tpte, pmd, flags, entry);',
]);

describe("handle_pte_fault()'s none-PTE branch reordered (before 4.8)", () => {
  it('is mapped in S1, S2 and S5, with no new verdict', async () => {
    for (const sc of ['S1', 'S2', 'S5']) {
      const f = await mappedFinding(sc, '[PATCH] mm: test for an anonymous VMA first in the fault path', 'Mon, 6 Jul 2015 10:00:00 +0000', diff);
      expect(f.delta, sc).not.toMatch(/introduces|fixes/);
    }
  });
});
