import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// The 2026 userfaultfd read-write-protection postings give the PROT_NONE branch of
// handle_pte_fault() an exit of its own for a PTE carrying the uffd bit, ahead of the NUMA fault.
// Read before: S1 folds handle_pte_fault() into handle_mm_fault(), whose model drops the mmap
// lock after the NUMA call; the new exit left without it, and the lock check refused the lift
// (unmapped). No modelled VMA is registered for that protection: the exit is never taken.
const lines = [
  ' \tif (!pte_present(vmf->orig_pte))',
  ' \t\treturn do_swap_page(vmf);',
  ' ',
  '-\tif (pte_protnone(vmf->orig_pte) && vma_is_accessible(vmf->vma))',
  '+\tif (pte_protnone(vmf->orig_pte) && vma_is_accessible(vmf->vma)) {',
  '+\t\tif (userfaultfd_pte_rwp(vmf->vma, vmf->orig_pte))',
  '+\t\t\treturn report_protected_access(vmf);',
  ' \t\treturn do_numa_page(vmf);',
  '+\t}',
  ' ',
  ' \tspin_lock(vmf->ptl);',
  ' \tentry = vmf->orig_pte;',
];
const diff = countedHunk('mm/memory.c', 6410, 'static vm_fault_t handle_pte_fault(struct vm_fault *vmf)', lines);

describe('an exit for userfaultfd read-write protection ahead of the NUMA fault (S1)', () => {
  it('is never taken: mapped and unchanged, and said', async () => {
    const f = await mappedFinding('S1', '[PATCH] mm: route read-write protected faults to userfaultfd', 'Mon, 25 May 2026 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/no modelled VMA is registered for userfaultfd read-write protection/);
  });
});
