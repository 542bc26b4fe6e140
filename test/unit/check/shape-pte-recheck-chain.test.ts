import { describe, expect, it } from 'vitest';
import { countedHunk, expectUnchangedIn, liftedFunction } from '../../helpers/shape-checks.js';

// The PTE re-check under the PTL in finish_fault() turned from `if (unchanged) { map } else { tlb;
// NOPAGE }` into early exits: `if (changed) { ...; goto out; } else if (other) { ...; goto out; }`,
// then the mapping and the label before the unlock. Diff keeps the line both failure branches end
// with (`ret = VM_FAULT_NOPAGE;`) and the chain's close as context between the changed lines, so
// no run of changed lines is a whole statement. Read before: `vmf_pte_changed()` (5.19) was a test
// no model has, so the old header was not found; read run by run, the branch switch's run left the
// second branch open and the mapping went into the first branch's exit, a path that maps nothing.
const diff = countedHunk('mm/memory.c', 4780, 'vm_fault_t finish_fault(struct vm_fault *vmf)', [
  ' \tif (!vmf->pte)',
  ' \t\treturn VM_FAULT_NOPAGE;',
  ' ',
  ' \t/* Re-check under ptl */',
  '-\tif (likely(!vmf_pte_changed(vmf))) {',
  '-\t\tstruct folio *folio = page_folio(page);',
  '-',
  '-\t\tset_pte_range(vmf, folio, page, 1, vmf->address);',
  '-\t\tret = 0;',
  '-\t} else {',
  '-\t\tupdate_mmu_tlb(vma, vmf->address, vmf->pte);',
  '+\tif (unlikely(vmf_pte_changed(vmf))) {',
  '+\t\tupdate_mmu_tlb(vma, vmf->address, vmf->pte);',
  '+\t\tret = VM_FAULT_NOPAGE;',
  '+\t\tgoto out_unlock;',
  '+\t} else if (unlikely(userfaultfd_armed(vma))) {',
  ' \t\tret = VM_FAULT_NOPAGE;',
  '+\t\tgoto out_unlock;',
  ' \t}',
  ' ',
  '+\tset_pte_range(vmf, page_folio(page), page, 1, vmf->address);',
  '+\tret = 0;',
  '+out_unlock:',
  ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ' \treturn ret;',
  ' }',
]);
const subject = '[PATCH] mm: leave finish_fault() early when the PTE changed under it';
const date = 'Mon, 10 Jun 2024 10:00:00 +0000';

describe('an if/else re-check made early exits, a kept line shared by the old else and the new else-if', () => {
  it('S4 and S5 place it: the same mapping on the same path, nothing new', async () => {
    await expectUnchangedIn(['S4', 'S5'], subject, date, diff);
  });
  it('S5 maps the page after the exit, where the PTE is still none, not inside the exit', async () => {
    const lines = (await liftedFunction('S5', date, diff.join('\n'), 'finish_fault', 'S5.8')).split('\n');
    const test = lines.findIndex((l) => l.startsWith('\tif (unlikely(vmf_pte_changed(vmf)))'));
    const set = lines.findIndex((l) => l.includes('set_pte_range('));
    const unlock = lines.map((l) => l.includes('pte_unmap_unlock(')).lastIndexOf(true);
    expect(test).toBeGreaterThan(0);
    // At the top level, after the exit's block and before the unlock every path runs.
    expect(lines[set]).toMatch(/^\tset_pte_range\(/);
    expect(lines[set - 1]).toBe('\t}');
    expect(set).toBeGreaterThan(test);
    expect(unlock).toBeGreaterThan(set);
  });
});
