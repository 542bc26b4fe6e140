import { describe, expect, it } from 'vitest';
import { fileHeader, mappedFinding } from '../../helpers/shape-checks.js';

// The patch that writes zap_pte_range()'s loop body out as a helper of its own (the helper the
// vocabulary knows as that loop body, do_zap_pte_range(), from 6.13): its call was read as "the
// part the model has in place" and ignored, so the comparison of both sides saw the old side's
// tests and nothing on the new side, and the deletion could not be placed (unmapped). The call of
// a known part that this patch itself adds is read through the body it adds. (The none-PTE test
// also moves below the resched test here: a test the model does not have, before one it decides.)
const date = 'Thu, 31 Oct 2024 10:00:00 +0000';
const diff = [
  ...fileHeader('mm/memory.c'),
  '@@ -1657,6 +1657,22 @@ static inline int zap_nonpresent_ptes(struct mmu_gather *tlb,',
  ' \treturn nr;',
  ' }',
  ' ',
  '+static inline int do_zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma,',
  '+\t\tpte_t *pte, unsigned long addr, unsigned long end, struct zap_details *details,',
  '+\t\tint *rss, bool *force_flush, bool *force_break)',
  '+{',
  '+\tpte_t ptent = ptep_get(pte);',
  '+\tint max_nr = (end - addr) / PAGE_SIZE;',
  '+',
  '+\tif (pte_none(ptent))',
  '+\t\treturn 1;',
  '+\tif (pte_present(ptent))',
  '+\t\treturn zap_present_ptes(tlb, vma, pte, ptent, max_nr, addr, details,',
  '+\t\t\t\t\trss, force_flush, force_break);',
  '+\treturn zap_nonpresent_ptes(tlb, vma, pte, ptent, max_nr, addr,',
  '+\t\t\t\t   details, rss);',
  '+}',
  '+',
  ' static unsigned long zap_pte_range(struct mmu_gather *tlb,',
  ' \t\t\t\tstruct vm_area_struct *vma, pmd_t *pmd,',
  ' \t\t\t\tunsigned long addr, unsigned long end,',
  '@@ -1679,28 +1695,14 @@ static unsigned long zap_pte_range(struct mmu_gather *tlb,',
  ' \tflush_tlb_batched_pending(mm);',
  ' \tarch_enter_lazy_mmu_mode();',
  ' \tdo {',
  '-\t\tpte_t ptent = ptep_get(pte);',
  '-\t\tint max_nr;',
  '-',
  '-\t\tnr = 1;',
  '-\t\tif (pte_none(ptent))',
  '-\t\t\tcontinue;',
  '-',
  ' \t\tif (need_resched())',
  ' \t\t\tbreak;',
  ' ',
  '-\t\tmax_nr = (end - addr) / PAGE_SIZE;',
  '-\t\tif (pte_present(ptent)) {',
  '-\t\t\tnr = zap_present_ptes(tlb, vma, pte, ptent, max_nr,',
  '-\t\t\t\t\t      addr, details, rss, &force_flush,',
  '-\t\t\t\t\t      &force_break);',
  '-\t\t\tif (unlikely(force_break)) {',
  '-\t\t\t\taddr += nr * PAGE_SIZE;',
  '-\t\t\t\tbreak;',
  '-\t\t\t}',
  '-\t\t} else {',
  '-\t\t\tnr = zap_nonpresent_ptes(tlb, vma, pte, ptent, max_nr,',
  '-\t\t\t\t\t\t addr, details, rss);',
  '+\t\tnr = do_zap_pte_range(tlb, vma, pte, addr, end, details, rss,',
  '+\t\t\t\t      &force_flush, &force_break);',
  '+\t\tif (unlikely(force_break)) {',
  '+\t\t\taddr += nr * PAGE_SIZE;',
  '+\t\t\tbreak;',
  ' \t\t}',
  ' \t} while (pte += nr, addr += PAGE_SIZE * nr, addr != end);',
  ' ',
];

describe("zap_pte_range()'s loop body written out as the helper the vocabulary knows as that body", () => {
  for (const sc of ['S2', 'S5']) {
    it(`${sc}: the same steps through the added body: mapped and unchanged`, async () => {
      const f = await mappedFinding(sc, '[PATCH] mm: write the zap loop body out as a helper', date, diff);
      expect(f.delta).toBe('unchanged');
      expect(f.assumptions.join('\n')).toMatch(/moved into\s+do_zap_pte_range\(\), added by the patch/);
    });
  }
});
