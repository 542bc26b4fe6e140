import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 122's L254 and L262 shape (2016, THP page cache for ppc64): the fault's preallocated PTE
// table freed where the fault did not use it, `pte_free(mm, fe->prealloc_pte)`. The S4 and S5
// models free no page table, and any free of one was `unmapped` ("a table freed under a walker").
// This one no PMD ever pointed to: a fault that installs the table clears prealloc_pte.
const date = 'Mon, 12 Sep 2016 10:00:00 +0000';
const hunk = (freed: string) =>
  countedHunk('mm/memory.c', 3040, 'int alloc_set_pte(struct fault_env *fe, struct mem_cgroup *memcg,', [
    ' 	/* the entry went in: tell the arch */',
    ' 	update_mmu_cache(vma, fe->address, fe->pte);',
    '+	ret = 0;',
    ' ',
    '-	return 0;',
    '+out_free:',
    `+	if (${freed}) {`,
    `+		pte_free(fe->vma->vm_mm, ${freed});`,
    `+		${freed} = 0;`,
    '+	}',
    '+	return ret;',
    ' }',
  ]).join('\n');

describe("the fault's preallocated PTE table, freed unused", () => {
  it('is no step: no walker can hold a table no PMD pointed to', async () => {
    const r = await check('[PATCH] mm: free the unused preallocated table in alloc_set_pte()', date, hunk('fe->prealloc_pte'));
    for (const sc of ['S4', 'S5']) {
      expect(finding(r, sc).unmapped).toEqual([]);
      expect(finding(r, sc).delta).not.toMatch(/introduces|fixes/);
    }
  });

  it('is not read so for another table: that free stays one the model cannot explore', async () => {
    const r = await check('[PATCH] mm: free the table in alloc_set_pte()', date, hunk('fe->pgtable'));
    expect(finding(r, 'S4').unmapped.map((u) => u.reason).join('\n')).toMatch(/frees a page table/);
  });
});
