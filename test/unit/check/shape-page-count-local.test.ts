import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// finish_fault() taught to map a whole large folio (2024): the number of pages to map is read from
// the folio into a local, set back to 1 on the per-page paths, and the PTE re-check and the
// mapping then depend on it (`nr > 1 && !pte_range_none(...)`, `folio_ref_add(folio, nr - 1)`).
// Read before: the local was no value the lift knew, so `nr > 1` was explored both ways, the
// large-folio branch's exit was taken with a none PTE, and S5's race hung on that test (unmapped).
// Every S5 page is small: the count is 1, the large branch is never taken, no reference is added.
const lines = [
  ' \t}',
  ' ',
  '+\tnr = folio_nr_pages(folio);',
  '+\tif (!vma_is_anon_shmem(vma)) {',
  '+\t\tnr = 1;',
  '+\t} else if (nr > 1) {',
  '+\t\tstart = vmf->address - folio_page_idx(folio, page) * PAGE_SIZE;',
  '+\t}',
  '+',
  ' \tvmf->pte = pte_offset_map_lock(vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);',
  ' \tif (!vmf->pte)',
  ' \t\treturn VM_FAULT_NOPAGE;',
  ' ',
  ' \t/* Re-check under ptl */',
  '-\tif (likely(!vmf_pte_changed(vmf))) {',
  '-\t\tset_pte_range(vmf, folio, page, 1, vmf->address);',
  '-\t\tret = 0;',
  '-\t} else {',
  '-\t\tupdate_mmu_tlb(vma, vmf->address, vmf->pte);',
  '+\tif (nr == 1 && unlikely(vmf_pte_changed(vmf))) {',
  '+\t\tupdate_mmu_tlb(vma, vmf->address, vmf->pte);',
  '+\t\tret = VM_FAULT_NOPAGE;',
  '+\t\tgoto out_unlock;',
  '+\t} else if (nr > 1 && !pte_range_none(vmf->pte, nr)) {',
  ' \t\tret = VM_FAULT_NOPAGE;',
  '+\t\tgoto out_unlock;',
  ' \t}',
  ' ',
  '+\tfolio_ref_add(folio, nr - 1);',
  '+\tset_pte_range(vmf, folio, page, nr, start);',
  '+\tret = 0;',
  '+out_unlock:',
  ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ' \treturn ret;',
  ' }',
];
const finishFault = (ls: string[]) => countedHunk('mm/memory.c', 4780, 'vm_fault_t finish_fault(struct vm_fault *vmf)', ls);
const diff = finishFault(lines);

describe("a folio's page count kept in a local and tested after (S5, small pages only)", () => {
  it('S5 reads the count as 1: the large-folio branch is never taken, and the mapping is as it was', async () => {
    const f = await mappedFinding('S5', '[PATCH] mm: map a whole large folio in finish_fault()', 'Mon, 13 May 2024 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`nr = folio_nr_pages\(folio\)` is 1 \(every page of the S5 model is a small page\)/);
    expect(f.ignored.join('\n')).toMatch(/`folio_ref_add\(folio, nr - 1\)` adds no reference \(nr - 1 is 0\)/);
  });
  it('a count the function then adds to is no longer known: the race hangs on the test again, and is no verdict', async () => {
    const bumped = lines.flatMap((l) => (l === '+\tnr = folio_nr_pages(folio);' ? [l, '+\tnr += extra_pages(vma);'] : [l]));
    const r = await check('[PATCH] mm: map a whole large folio and its neighbours in finish_fault()', 'Mon, 13 May 2024 10:00:00 +0000', finishFault(bumped).join('\n'));
    const f = finding(r, 'S5');
    expect(f.assumptions.join('\n')).toMatch(/`nr > 1` explored both ways/);
    expect(f.delta).toBe('unmapped');
    expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/depends on `if \(nr > 1 && !pte_range_none\(vmf->pte, nr\)\)`/);
  });
});
