import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// The folio (or the PTE table's page) a PMD entry points to, read off the entry: 6.9's
// pmd_folio(), and pmd_pgtable(). Read before: the names say "pmd", so a hunk using them in a
// modelled function was unmapped; they are pointer reads, like pmd_page().
const thpBranch = countedHunk('fs/proc/task_mmu.c', 1170, 'static int clear_refs_pte_range(pmd_t *pmd, unsigned long addr,', [
  ' \t\tif (!pmd_present(*pmd))',
  ' \t\t\tgoto out;',
  ' ',
  '-\t\tpage = pmd_page(*pmd);',
  '+\t\thuge = pmd_folio(*pmd);',
  ' ',
  ' \t\t/* Clear accessed and referenced bits. */',
  ' \t\tpmdp_test_and_clear_young(vma, addr, pmd);',
]);

describe('a pointer read off a PMD entry (pmd_folio, pmd_pgtable)', () => {
  it('is a computation in S1: mapped, and no new verdict', async () => {
    const f = await mappedFinding('S1', '[PATCH] proc: read the huge entry as a folio', 'Mon, 01 Apr 2024 10:00:00 +0000', thpBranch);
    expect(f.delta).not.toMatch(/introduces|fixes/);
    expect(f.unmapped).toEqual([]);
  });
});
