import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A line added at the end of zap_pte_range()'s loop, after the clear of a non-present entry (5.19
// to 6.x leave a uffd-wp marker there): the present entry's branch ends in `continue`, so the tail
// runs for non-present entries only, which no modelled PTE is. Read before by another reason (the
// model "already has" a like-named call placed by another hunk, or no place at all).
const diff = countedHunk('mm/memory.c', 1420, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', [
  ' \t\t\t\tprint_bad_pte(vma, addr, ptent, NULL);',
  ' \t\t}',
  ' \t\tpte_clear_not_present_full(mm, addr, pte, tlb->fullmm);',
  '+\t\tleave_gone_entry_note(vma, addr, pte, ptent);',
  ' \t} while (pte++, addr += PAGE_SIZE, addr != end);',
  ' ',
  ' \tadd_mm_rss_vec(mm, rss);',
]);

describe("the tail of zap_pte_range()'s loop after a non-present entry's clear", () => {
  it('is on the non-present path (S2, S5): no step, said so', async () => {
    for (const sc of ['S2', 'S5']) {
      const f = await mappedFinding(sc, '[PATCH] mm: note a zapped swap entry', 'Mon, 04 Apr 2022 10:00:00 +0000', diff);
      expect(f.delta).not.toMatch(/introduces|fixes/);
      expect([...f.ignored, ...f.assumptions].join('\n')).toMatch(/is on zap_pte_range\(\)'s non-present entries .*a path the model does not take/);
    }
  });
});
