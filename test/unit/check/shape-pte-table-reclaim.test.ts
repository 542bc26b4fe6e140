import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// 6.13 lets the zap free a PTE table it emptied: zap_pte_range() keeps a local from
// reclaim_pt_is_enabled() (zap_details asking for it, a range covering the table's whole PMD) and,
// after the loop, blocks on that local that clear the PMD and free the table. Read before: the
// blocks had no modelled statement to go against (unmapped). S2's and S5's MADV_DONTNEED zaps one
// page, less than a PMD: the local is false, the blocks never run.
const decl = countedHunk('mm/memory.c', 1710, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', [
  ' \tspinlock_t *ptl;',
  ' \tpte_t *start_pte;',
  ' \tpte_t *pte;',
  '+\tunsigned long first = addr;',
  '+\tbool drop_table = reclaim_pt_is_enabled(first, end, details);',
  '+\tbool table_cleared = false;',
  '+\tpmd_t old_pmd;',
  ' \tint nr;',
]);
const afterLoop = [
  '@@ -1740,4 +1744,7 @@ static unsigned long zap_pte_range(struct mmu_gather *tlb,',
  ' \t} while (pte += nr, addr += PAGE_SIZE * nr, addr != end);',
  ' ',
  '+\tif (drop_table && addr == end)',
  '+\t\ttable_cleared = clear_pmd_if_free(mm, pmd, &old_pmd);',
  '+',
  ' \tadd_mm_rss_vec(mm, rss);',
  ' \tarch_leave_lazy_mmu_mode();',
];
const atEnd = [
  '@@ -1765,5 +1772,12 @@ static unsigned long zap_pte_range(struct mmu_gather *tlb,',
  ' \t\tgoto retry;',
  ' \t}',
  ' ',
  '+\tif (drop_table) {',
  '+\t\tif (table_cleared)',
  '+\t\t\trelease_pte_table(mm, first, tlb, old_pmd);',
  '+\t\telse',
  '+\t\t\trelease_pte_table_locked(mm, pmd, first, tlb);',
  '+\t}',
  '+',
  ' \treturn addr;',
  ' }',
];
const diff = [...decl, ...afterLoop, ...atEnd];

describe("a zap's empty-PTE-table reclaim, added (S2, S5: the modelled MADV_DONTNEED zaps less than a PMD)", () => {
  it('is decided false: mapped, no new verdict, the assumption stated', async () => {
    for (const sc of ['S2', 'S5']) {
      const f = await mappedFinding(sc, '[PATCH] mm: free the PTE table a zap emptied', 'Thu, 05 Dec 2024 10:00:00 +0000', diff);
      expect(f.delta).not.toMatch(/introduces|fixes/);
      expect(f.assumptions.join('\n')).toMatch(/`reclaim_pt_is_enabled\(first, end, details\)` is false \(the modelled madvise\(MADV_DONTNEED\) zaps one page, less than a PMD/);
    }
  });

  // (The series' v2 spelled the test out in place, a local set under it.)
  it('is decided false in its spelled-out form too', async () => {
    const spelled = countedHunk('mm/memory.c', 1710, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', [
      ' \tspinlock_t *ptl;',
      ' \tpte_t *start_pte;',
      ' \tpte_t *pte;',
      '+\tunsigned long first = addr;',
      '+\tbool drop_table = false;',
      '+\tbool table_cleared = false;',
      '+\tpmd_t old_pmd;',
      ' \tint nr;',
      ' ',
      '+\tif (details && details->free_tables && (end - first >= PMD_SIZE))',
      '+\t\tdrop_table = true;',
      ' retry:',
    ]);
    for (const sc of ['S2', 'S5']) {
      const f = await mappedFinding(sc, '[PATCH v2] mm: free the PTE table a zap emptied', 'Thu, 31 Oct 2024 10:00:00 +0000', [...spelled, ...afterLoop, ...atEnd]);
      expect(f.delta).not.toMatch(/introduces|fixes/);
      expect(f.assumptions.join('\n')).toMatch(/`end - first >= PMD_SIZE` is false/);
    }
  });
});

describe('a zap that frees its PTE table unconditionally (2022 RFC shape)', () => {
  // `try_to_free_user_pte()` after the loop, with no test the model decides: every model assumes
  // no page table is freed, so the hunk stays unmapped, and the reason says why in those terms.
  it('S2 and S5 are unmapped, and the reason names the freed table', async () => {
    const r = await check('[RFC PATCH 14/18] mm: free the PTE table after MADV_DONTNEED', 'Fri, 29 Apr 2022 10:00:00 +0000', countedHunk('mm/memory.c', 1455, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', [
      ' \t\tgoto again;',
      ' \t}',
      ' ',
      '+\ttry_to_free_user_pte(mm, pmd, start);',
      '+',
      ' \treturn addr;',
      ' }',
    ]).join('\n'));
    for (const sc of ['S2', 'S5']) expect(finding(r, sc).unmapped.map((u) => u.reason).join('\n')).toMatch(/try_to_free_user_pte\(\)` frees a page table, and the S\d model assumes none is freed/);
  });
});
