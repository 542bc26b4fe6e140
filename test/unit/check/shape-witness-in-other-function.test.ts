import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 122's L256 shape (2020, finish_fault() and alloc_set_pte() reworked): the hunk opens in
// the `#else` stub of do_set_pmd() and goes on into alloc_set_pte(), whose PTE-table lookup the
// patch deletes. The stub's definition line, `do_set_pmd(struct vm_fault *vmf, ...)`, was taken
// for a line only the fault's population of an empty PMD has (it calls do_set_pmd()), and the
// whole change in alloc_set_pte() was passed over as on a path no model takes: the deletion of
// a step of the model went unseen.
const date = 'Sat, 19 Dec 2020 10:00:00 +0000';

describe('a line of another function before the changed lines', () => {
  it('does not put them on a path no model takes', async () => {
    const diff = countedHunk('mm/memory.c', 3762, 'static vm_fault_t do_set_pmd(struct vm_fault *vmf, struct page *page)', [
      ' #else',
      ' static vm_fault_t do_set_pmd(struct vm_fault *vmf, struct page *page)',
      ' {',
      ' \treturn VM_FAULT_FALLBACK;',
      ' }',
      ' #endif',
      ' ',
      ' vm_fault_t alloc_set_pte(struct vm_fault *vmf, struct page *page)',
      ' {',
      ' \tstruct vm_area_struct *vma = vmf->vma;',
      ' \tvm_fault_t ret;',
      ' ',
      '-\tif (!vmf->pte) {',
      '-\t\tret = pte_alloc_one_map(vmf);',
      '-\t\tif (ret)',
      '-\t\t\treturn ret;',
      '-\t}',
      '-',
      ' \t/* Re-check under ptl */',
      ' \tif (unlikely(!pte_none(*vmf->pte))) {',
    ]);
    const r = await check('[PATCH] mm: map the PTE table in the caller', date, diff.join('\n'));
    for (const sc of ['S4', 'S5']) {
      const f = finding(r, sc);
      expect(f.ignored.join('\n') + f.assumptions.join('\n')).not.toMatch(/population of an empty PMD/);
    }
  });
});
