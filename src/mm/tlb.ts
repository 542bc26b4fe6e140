/**
 * TLBs: the CPU's, flushed by the architecture, and (from v6.6) the secondary TLBs the arch
 * flush now reaches too. The models have one virtual address, so `flush_tlb_page` and
 * `flush_tlb_range` covering it are the same step; a range that misses the address is an
 * anchor in the scenario. `tlb_flush_pending` is the mm's "a flush is still owed" count.
 */
import type { CondSpec, StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';
import { NONE, tlbVars, type MmState, type Pte, type Tlb } from './state.js';
import { derived } from './derived.js';
import { stepSpec, worded, type Wording } from './step.js';

export function tlbInvalidate(m: Mem, t: Tlb): void {
  m.set(t.valid, 0);
  m.set(t.pfn, NONE);
  m.set(t.write, 0);
}

/** Hardware page-table walk filling the TLB from a present PTE. */
export function tlbFill(m: Mem, t: Tlb, pte: Pte): boolean {
  if (!m.get(pte.present)) return false;
  m.set(t.valid, 1);
  m.set(t.pfn, m.get(pte.pfn));
  m.set(t.write, m.get(pte.write));
  return true;
}

/** The translation an access would use: the TLB entry, or a walk on a miss (null: it faults). */
export function translate(m: Mem, t: Tlb, pte: Pte, write: boolean): number | null {
  if (m.get(t.valid)) {
    if (write && !m.get(t.write)) return null;
    return m.get(t.pfn);
  }
  if (!m.get(pte.present)) return null;
  if (write && !m.get(pte.write)) return null;
  return m.get(pte.pfn);
}

/** The TLBs the architecture's flush reaches: every CPU's, and the IOMMU's from v6.6. */
export function archFlushed(mm: MmState): Tlb[] {
  const out = [...(mm.tlbs ?? [])];
  const sec = mm.secondary;
  if (sec?.archFlushReaches && sec.iotlb) out.push(sec.iotlb);
  return out;
}

/** The architecture's TLB flush for the address, as an effect other primitives reuse. */
export function flushArchTlbs(mm: MmState): { apply: (m: Mem) => void; writes: number[] } {
  return derived(mm, 'flushArchTlbs', () => {
    // Invalidating an entry zeroes its valid, pfn and write bytes.
    const vars = archFlushed(mm).flatMap(tlbVars);
    return {
      apply: (m: Mem) => {
        for (let i = 0; i < vars.length; i++) m.set(vars[i], 0);
      },
      writes: vars,
    };
  });
}

export function flush_tlb_page(mm: MmState, w: Wording = {}): StepSpec {
  const f = flushArchTlbs(mm);
  return worded({ primitive: 'flush_tlb_page', apply: f.apply, may: { reads: [], writes: f.writes } }, w);
}

export function flush_tlb_range(mm: MmState, w: Wording = {}): StepSpec {
  return worded(flush_tlb_page(mm), { primitive: 'flush_tlb_range', ...w });
}

function pendingOf(mm: MmState) {
  if (!mm.tlbFlushPending) throw new Error('the scenario declares no mm->tlb_flush_pending');
  return mm.tlbFlushPending;
}

/** Before v4.13 a flag (set, then cleared by whoever finishes first); from then on a counter. */
export function inc_tlb_flush_pending(mm: MmState): StepSpec {
  const { v, counter } = pendingOf(mm);
  return stepSpec({
    primitive: 'inc_tlb_flush_pending',
    apply: (m) => m.set(v, counter ? m.get(v) + 1 : 1),
    may: { reads: [v], writes: [v] },
    note: (m) => `mm->tlb_flush_pending = ${m.get(v)}`,
  });
}

export function dec_tlb_flush_pending(mm: MmState): StepSpec {
  const { v, counter } = pendingOf(mm);
  return stepSpec({
    primitive: 'dec_tlb_flush_pending',
    apply: (m) => m.set(v, counter ? m.get(v) - 1 : 0),
    may: { reads: [v], writes: [v] },
    note: (m) => `mm->tlb_flush_pending = ${m.get(v)}`,
  });
}

export function mm_tlb_flush_pending(mm: MmState): CondSpec {
  const { v } = pendingOf(mm);
  return { test: (m) => m.get(v) > 0, reads: [v] };
}
