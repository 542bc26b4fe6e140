import { describe, expect, it } from 'vitest';
import { countedHunk, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// A block added to handle_pte_fault()'s `!pte_present(entry)` branch before 4.8, after its
// none-PTE branch and before the file-PTE test and do_swap_page(): a new kind of non-present
// entry, handled under the PTL with an exit of its own (`goto unlock`) and a jump back into the
// anonymous fault (a label added before do_anonymous_page()). No modelled PTE is such an entry,
// so the block is on no modelled path. (S1 lifts handle_pte_fault() into its handle_mm_fault():
// the block's `goto unlock` was read as a changed exit of the part, unmapped; the others had no
// modelled statement to place the block against, unmapped.)
const date = 'Tue, 11 Jun 2013 10:00:00 +0000';
const hunk = countedHunk('mm/memory.c', 3707, 'int handle_pte_fault(struct mm_struct *mm,', [
  ' \t\t\t\t\treturn do_linear_fault(mm, vma, address,',
  ' \t\t\t\t\t\tpte, pmd, flags, entry);',
  ' \t\t\t}',
  '+again_anon:',
  ' \t\t\treturn do_anonymous_page(mm, vma, address,',
  ' \t\t\t\t\t\t pte, pmd, flags);',
  ' \t\t}',
  '+',
  '+\t\tif (unlikely(pte_is_dropped_entry(entry))) {',
  '+\t\t\tif (dropped_range_refilled(mm, address)) {',
  '+\t\t\t\tptl = pte_lockptr(mm, pmd);',
  '+\t\t\t\tspin_lock(ptl);',
  '+\t\t\t\tif (unlikely(!pte_same(*pte, entry)))',
  '+\t\t\t\t\tgoto unlock;',
  '+\t\t\t\tptep_clear_flush(vma, address, pte);',
  '+\t\t\t\tpte_unmap_unlock(pte, ptl);',
  '+\t\t\t\tgoto again_anon;',
  '+\t\t\t}',
  '+\t\t\treturn VM_FAULT_SIGBUS;',
  '+\t\t}',
  '+',
  ' \t\tif (pte_file(entry))',
  ' \t\t\treturn do_nonlinear_fault(mm, vma, address,',
  ' \t\t\t\t\tpte, pmd, flags, entry);',
]);

describe("a block added to handle_pte_fault()'s non-present, non-none branch (before 4.8)", () => {
  for (const sc of ['S1', 'S5']) {
    it(`${sc}: on no modelled path (mapped, no new verdict)`, async () => {
      const f = await mappedNoNewVerdict(sc, '[PATCH] mm: fault on a dropped-range entry', date, hunk);
      expect(f.assumptions.join('\n')).toMatch(/on the fault on a PTE that is neither none nor present/);
    });
  }

  it('a change inside the none-PTE branch just above is still read as the model\'s (not on that path)', async () => {
    const inNone = countedHunk('mm/memory.c', 3707, 'int handle_pte_fault(struct mm_struct *mm,', [
      ' \t\t\t\t\treturn do_linear_fault(mm, vma, address,',
      ' \t\t\t\t\t\tpte, pmd, flags, entry);',
      ' \t\t\t}',
      '+\t\t\tcount_vm_event(PGFAULT);',
      ' \t\t\treturn do_anonymous_page(mm, vma, address,',
      ' \t\t\t\t\t\t pte, pmd, flags);',
      ' \t\t}',
      ' \t\tif (pte_file(entry))',
      ' \t\t\treturn do_nonlinear_fault(mm, vma, address,',
    ]);
    const f = await mappedNoNewVerdict('S5', '[PATCH] mm: count anonymous faults', date, inNone);
    expect(f.assumptions.join('\n')).not.toMatch(/neither none nor present/);
  });
});
