import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 123's L330 and L339 shape (2007, 2011 mremap postings): the PTE table allocation
// written out as the pte_alloc() macro expands, `pmd_none(*pmd) && __pte_alloc(mm, vma, pmd,
// addr)`. S6 has pte_alloc() as a step (the empty table B at new_addr), and the written-out form
// was `unmapped` ("calls __pte_alloc(), which may act on modelled state").
const hunk = (cond: string) =>
  countedHunk('mm/mremap.c', 250, 'unsigned long move_page_tables(struct vm_area_struct *vma,', [
    ' \t\t\tcontinue;',
    ' \t\t}',
    '-\t\tif (pte_alloc(new_vma->vm_mm, new_pmd, new_addr))',
    `+\t\tif (${cond})`,
    ' \t\t\tbreak;',
    ' \t\tnext = (new_addr + PMD_SIZE) & PMD_MASK;',
  ]).join('\n');
const date = 'Wed, 15 Aug 2018 10:00:00 +0000';

describe('pte_alloc() written out', () => {
  it('is the model\'s pte_alloc step, in each of its argument lists', async () => {
    for (const cond of ['pmd_none(*new_pmd) && __pte_alloc(new_vma->vm_mm, new_vma, new_pmd, new_addr)', 'unlikely(pmd_none(*new_pmd)) && __pte_alloc(new_vma->vm_mm, new_pmd, new_addr)', 'pmd_none(*new_pmd) && __pte_alloc(new_vma->vm_mm, new_pmd)']) {
      const f = finding(await check(`[PATCH] mm/mremap: spell out the table allocation ${cond.length}`, date, hunk(cond)), 'S6');
      expect(f.unmapped).toEqual([]);
      expect(f.delta).toBe('pre-existing');
    }
  });

  it('is not read so for the allocation of another PMD\'s table', async () => {
    const f = finding(await check('[PATCH] mm/mremap: allocate at the old PMD', date, hunk('pmd_none(*old_pmd) && __pte_alloc(new_vma->vm_mm, new_pmd, new_addr)')), 'S6');
    expect(f.unmapped.length).toBeGreaterThan(0);
  });
});
