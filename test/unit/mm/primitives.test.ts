import { describe, expect, it } from 'vitest';
import type { StepSpec } from '../../../src/model/code.js';
import { Mem } from '../../../src/model/mem.js';
import { Layout } from '../../../src/model/state.js';
import {
  declPte,
  declRwSem,
  declTlb,
  flush_tlb_page,
  mmap_read_lock,
  mmap_write_lock,
  mmu_notifier_invalidate_range_end,
  mmu_notifier_invalidate_range_start,
  ptep_clear_flush,
  ptep_clear_flush_notify,
  ptep_get_and_clear,
  put_page,
  set_pte_at,
  trackedBits,
  try_grab_folio,
  type MmState,
  type Page,
} from '../../../src/mm/index.js';

/** One mm with a PTE mapping pfn 1 writable, a CPU TLB, an IOMMU and KVM caching it. */
function machine(archFlushReaches = false) {
  const L = new Layout();
  const pte = declPte(L, 'pte', { pfn: 1, present: 1, write: 1, dirty: 1 });
  const tlb = declTlb(L, 'tlb', { pfn: 1, write: 1 });
  const iotlb = declTlb(L, 'iotlb', { pfn: 1, write: 1 });
  const spte = declTlb(L, 'spte', { pfn: 1, write: 1 });
  const invalidating = L.v('kvm.invalidating', 0, 1);
  const ptl = L.v('ptl');
  const mmap = declRwSem(L, 'mmap_lock');
  const ref = L.v('page.refcount', 1);
  const freed = L.v('page.freed', 0, 1);
  const saved = L.v('ptent.dirty', 0, 1);
  const mm: MmState = { pte, tlbs: [tlb], secondary: { iotlb, kvm: { spte, invalidating }, archFlushReaches }, ptl, mmap };
  const page: Page = { name: 'page', refcount: ref, onFree: { v: freed, value: 1 } };
  return { L, pte, tlb, iotlb, spte, invalidating, ptl, mmap, ref, freed, saved, mm, page, m: new Mem(L.initial()) };
}

/** Runs `s` tracked; returns whether it was enabled, and checks it stayed inside `may`. */
function run(m: Mem, s: StepSpec): boolean {
  m.startTracking();
  const ok = s.guard ? s.guard(m) : true;
  if (ok) s.apply?.(m);
  m.stopTracking();
  const may = new Set([...s.may.reads, ...s.may.writes]);
  for (const v of m.reads) expect(may.has(v), `reads ${v} undeclared`).toBe(true);
  for (const v of m.writes) expect(s.may.writes, `writes ${v} undeclared`).toContain(v);
  return ok;
}

describe('mm primitives', () => {
  it('ptep_clear_flush clears the PTE and the CPU TLB, not the IOTLB before v6.6', () => {
    const x = machine(false);
    run(x.m, ptep_clear_flush(x.mm));
    expect([x.m.get(x.pte.present), x.m.get(x.pte.pfn), x.m.get(x.tlb.valid)]).toEqual([0, 0, 0]);
    expect(x.m.get(x.iotlb.valid)).toBe(1);
  });

  it('from v6.6 the arch flush reaches the IOTLB too; KVM still needs its notifier', () => {
    const x = machine(true);
    run(x.m, flush_tlb_page(x.mm));
    expect([x.m.get(x.tlb.valid), x.m.get(x.iotlb.valid), x.m.get(x.spte.valid)]).toEqual([0, 0, 1]);
  });

  it('ptep_clear_flush_notify invalidates the IOTLB (->invalidate_range) but not the sPTE', () => {
    const x = machine(false);
    run(x.m, ptep_clear_flush_notify(x.mm));
    expect([x.m.get(x.tlb.valid), x.m.get(x.iotlb.valid), x.m.get(x.spte.valid)]).toEqual([0, 0, 1]);
  });

  it('range_start zaps the sPTE and holds off refaults until range_end; _only_end skips ->invalidate_range', () => {
    const x = machine(false);
    run(x.m, mmu_notifier_invalidate_range_start(x.mm));
    expect([x.m.get(x.spte.valid), x.m.get(x.invalidating)]).toEqual([0, 1]);
    run(x.m, mmu_notifier_invalidate_range_end(x.mm, true));
    expect([x.m.get(x.invalidating), x.m.get(x.iotlb.valid)]).toEqual([0, 1]);
    run(x.m, mmu_notifier_invalidate_range_end(x.mm, false));
    expect(x.m.get(x.iotlb.valid)).toBe(0);
  });

  it('set_pte_at_notify runs ->change_pte first: a present sPTE follows the new pfn, read-only', () => {
    const x = machine(false);
    run(x.m, set_pte_at(x.mm, { pfn: 2, present: 1, write: 0 }, { notify: true }));
    expect([x.m.get(x.pte.pfn), x.m.get(x.spte.pfn), x.m.get(x.spte.write)]).toEqual([2, 2, 0]);
    const y = machine(false);
    run(y.m, set_pte_at(y.mm, { pfn: 2, present: 1, write: 0 }));
    expect(y.m.get(y.spte.pfn)).toBe(1);
  });

  it('ptep_get_and_clear keeps the old bits it is asked for; a model tracking fewer bits clears only those', () => {
    const x = machine();
    run(x.m, ptep_get_and_clear(x.mm, { dirty: x.saved }));
    expect([x.m.get(x.saved), x.m.get(x.pte.dirty), x.m.get(x.pte.present)]).toEqual([1, 0, 0]);
    const y = machine();
    run(y.m, ptep_clear_flush({ ...y.mm, pte: trackedBits(y.pte, 'pfn', 'present') }));
    expect([y.m.get(y.pte.present), y.m.get(y.pte.write)]).toEqual([0, 1]);
  });

  it('the last put frees the page; try_grab_folio takes no ref on a page whose count hit 0', () => {
    const x = machine();
    const held = x.L.v('held', 0, 1);
    const grabbed = x.L.v('grabbed', 0, 1);
    const m = new Mem(x.L.initial());
    run(m, put_page(x.page));
    expect([m.get(x.ref), m.get(x.freed)]).toEqual([0, 1]);
    run(m, try_grab_folio(x.page, { held, grabbed }));
    expect([m.get(x.ref), m.get(grabbed), m.get(held)]).toEqual([0, 0, 0]);
    run(m, put_page(x.page, { held }));
    expect(m.get(x.ref)).toBe(0);
  });

  it('mmap_lock: readers share, a writer excludes them', () => {
    const x = machine();
    expect(run(x.m, mmap_read_lock(x.mm, 0))).toBe(true);
    expect(run(x.m, mmap_read_lock(x.mm, 1))).toBe(true);
    expect(run(x.m, mmap_write_lock(x.mm, 2))).toBe(false);
  });
});
