import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// Before 4.0 a zap of a nonlinear file mapping (remap_file_pages()) kept the file offset of a page
// mapped out of place: zap_pte_range() tested the nonlinear VMA its details named and wrote a file
// PTE. A 2007 posting moved that into a helper of its own. Read before: the compound test, changed,
// was not where S2's and S5's models have it (unmapped). No modelled VMA is nonlinear: the test is
// false, on both sides.
const lines = [
  ' \t\t\tif (unlikely(!page))',
  ' \t\t\t\tcontinue;',
  '-\t\t\tif (unlikely(details) && details->nonlinear_vma',
  '-\t\t\t    && linear_page_index(details->nonlinear_vma, addr) != page->index)',
  '-\t\t\t\tset_pte_at(mm, addr, pte, pgoff_to_pte(page->index));',
  '+\t\t\tif (unlikely(details) && details->nonlinear_vma)',
  '+\t\t\t\tkeep_file_offset(details->nonlinear_vma, mm, pte, page, addr);',
  ' \t\t\tif (PageAnon(page))',
  ' \t\t\t\tanon_rss--;',
];
const diff = countedHunk('mm/memory.c', 660, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', lines);

describe("a zap's nonlinear-VMA test, changed (S2, S5: no modelled VMA is nonlinear)", () => {
  it('is decided false on both sides: mapped, no new verdict', async () => {
    for (const sc of ['S2', 'S5']) {
      const f = await mappedFinding(sc, '[PATCH] mm: keep the file offset of a nonlinear page in a helper', 'Sat, 31 Mar 2007 10:00:00 +0000', diff);
      expect(f.delta).not.toMatch(/introduces|fixes/);
      expect(f.assumptions.join('\n')).toMatch(/`details->nonlinear_vma` is false \(no VMA in this scenario is a nonlinear mapping/);
    }
  });
});
