import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// handle_pte_fault()'s swap branch given a block of its own (written for this test; a 2023
// posting had the shape). S1 models handle_pte_fault() as handle_mm_fault()'s PTE level, where
// the fact that no modelled PTE is a swap entry was not found: the test was left unplaceable.
const diff = countedHunk('mm/memory.c', 4950, 'static vm_fault_t handle_pte_fault(struct vm_fault *vmf)', [
  ' \t\t\treturn do_fault(vmf);',
  ' \t}',
  ' ',
  '-\tif (!pte_present(vmf->orig_pte))',
  '+\tif (!pte_present(vmf->orig_pte)) {',
  '+\t\tcount_vm_event(PGSWAPFAULT);',
  ' \t\treturn do_swap_page(vmf);',
  '+\t}',
  ' ',
  ' \tif (pte_protnone(vmf->orig_pte) && vma_is_accessible(vmf->vma))',
  ' \t\treturn do_numa_page(vmf);',
]);

describe("a block given to handle_pte_fault()'s swap branch", () => {
  it("is never taken in S1's handle_mm_fault(): mapped, no new verdict", async () => {
    const f = await mappedFinding('S1', '[PATCH] mm: count swap faults', 'Thu, 2 Feb 2023 10:00:00 +0000', diff);
    expect(f.delta).not.toMatch(/introduces|fixes/);
    expect(f.assumptions.join('\n')).toMatch(/`pte_present\(vmf->orig_pte\)` is true/);
  });
});
