import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { resolveSwitches } from '../../../src/scenarios/run.js';

// The kernel primitives the simulator issue names: each is a step with defined semantics in at
// least one scenario's compiled model (found by the primitive of its transitions, or by the C the
// transition carries). A catalogue, so a maintainer can find where each is modelled.
const PRIMITIVES: Record<string, RegExp> = {
  ptep_clear_flush: /^ptep_clear_flush$/,
  ptep_clear_flush_notify: /^ptep_clear_flush_notify$/,
  set_pte_at: /^set_pte_at$/,
  set_pte_at_notify: /^set_pte_at_notify$/,
  flush_tlb_page: /^flush_tlb_page$/,
  flush_tlb_range: /^flush_tlb_range$/,
  mmu_notifier_invalidate_range_start: /^mmu_notifier_invalidate_range_start$/,
  mmu_notifier_invalidate_range_end: /^mmu_notifier_invalidate_range_end$/,
  mmu_notifier_invalidate_range_only_end: /^mmu_notifier_invalidate_range_only_end$/,
  copy_user_highpage: /^copy_user_highpage$/,
  page_remove_rmap: /^page_remove_rmap$/,
  put_page: /^put_page$/,
  pte_mkdirty: /^pte_mkdirty$/,
  pte_mkwrite: /^pte_mkwrite$/,
  set_page_dirty: /^set_page_dirty$/,
  pte_mkuffd_wp: /^pte_mkuffd_wp$/,
  inc_tlb_flush_pending: /^inc_tlb_flush_pending$/,
  dec_tlb_flush_pending: /^dec_tlb_flush_pending$/,
  mm_tlb_flush_pending: /mm_tlb_flush_pending\(/,
  try_grab_folio: /^try_grab_folio$/,
  gup_put_folio: /^gup_put_folio$/,
  ptep_get_lockless: /^ptep_get_lockless$/,
  'PTE/PMD re-check': /pte_val\(pte\) != pte_val/,
  'read of folio->mapping': /^read folio->mapping$/,
  local_irq_save: /^local_irq_save$/,
  local_irq_restore: /^local_irq_restore$/,
  copy_to_page: /^copy_to_page$/,
  'store through a kernel alias': /memcpy/,
  flush_icache_range: /^flush_icache_range$/,
  flush_dcache_page: /^flush_dcache_page$/,
  flush_icache_page: /^flush_icache_page$/,
  gup_must_unshare: /gup_must_unshare\(/,
  page_is_secretmem: /page_is_secretmem\(/,
  update_mmu_cache: /update_mmu_cache/,
  'user store through the TLB': /^user store$/,
  'page-table walk (TLB fill)': /^tlb fill$/,
  'I-cache fetch': /fetch/,
};

describe('primitive catalogue', () => {
  const where = new Map<string, Set<string>>();
  for (const sc of SCENARIOS) {
    for (const v of sc.variants) {
      const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v));
      for (const a of model.actors) {
        for (const loc of a.locations) {
          for (const t of loc) {
            for (const [name, re] of Object.entries(PRIMITIVES)) {
              if (re.test(t.primitive) || re.test(t.label)) {
                if (!where.has(name)) where.set(name, new Set());
                where.get(name)!.add(sc.id);
              }
            }
          }
        }
      }
    }
  }
  for (const name of Object.keys(PRIMITIVES)) {
    it(`${name} is modelled`, () => {
      expect([...(where.get(name) ?? [])].length, `${name} appears in no scenario`).toBeGreaterThan(0);
    });
  }
});
