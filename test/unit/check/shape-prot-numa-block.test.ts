import { describe, expect, it } from 'vitest';
import { countedHunk, finding, check, mappedFinding } from '../../helpers/shape-checks.js';

// A hunk that opens inside change_pte_range()'s NUMA-hinting block, `if (prot_numa) {`, below its
// head (2015 postings that let a NUMA scan set the hinting entry without the clear). The head is
// in no hunk, but the kept test of a PTE already PROT_NONE occurs nowhere else in the function.
// Read before: S2, whose mprotect() is no NUMA scan, had no place for the added set_pte_at()
// (unmapped). Lines with no such kept line around them are not read as in that block.
const rangeHunk = (lines: string[]) =>
  countedHunk('mm/mprotect.c', 88, 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,', lines);

const inNumaBlock = rangeHunk([
  ' \t\t\t\tif (pte_protnone(oldpte))',
  ' \t\t\t\t\tcontinue;',
  '+',
  '+\t\t\t\tif (numa_hint_in_place(vma)) {',
  '+\t\t\t\t\tset_pte_at(mm, addr, pte, pte_mkold(oldpte));',
  '+\t\t\t\t\thinted++;',
  '+\t\t\t\t\tcontinue;',
  '+\t\t\t\t}',
  ' \t\t\t}',
  ' ',
  ' \t\t\tptent = ptep_modify_prot_start(mm, addr, pte);',
]);

const afterBlock = rangeHunk([
  ' \t\t\t}',
  ' ',
  ' \t\t\tptent = ptep_modify_prot_start(mm, addr, pte);',
  '+\t\t\tif (numa_hint_in_place(vma)) {',
  '+\t\t\t\tset_pte_at(mm, addr, pte, pte_mkold(oldpte));',
  '+\t\t\t\tcontinue;',
  '+\t\t\t}',
  ' \t\t\tptent = pte_modify(ptent, newprot);',
]);

const date = 'Thu, 05 Mar 2015 10:00:00 +0000';

describe("a hunk inside change_pte_range()'s NUMA-hinting block (S2: mprotect() is no NUMA scan)", () => {
  it('is on no path of S2: mapped, unchanged, and the report says which block', async () => {
    const f = await mappedFinding('S2', '[PATCH] mm: numa: set the hinting entry in place', date, inNumaBlock);
    expect(f.delta).toBe('unchanged');
    expect(f.ignored.join('\n')).toMatch(/NUMA-hinting block \(`if \(prot_numa\)`\): S2's mprotect\(\) is no NUMA hinting scan/);
  });
  it('the same lines after the block are not read as in it', async () => {
    const f = finding(await check('[PATCH] mm: set the entry in place after the NUMA checks', date, afterBlock.join('\n')), 'S2');
    expect(f.ignored.join('\n')).not.toMatch(/NUMA-hinting block/);
    expect(f.delta).not.toBe('unchanged');
  });
});
