import { describe, expect, it } from 'vitest';
import { s6 } from '../../../src/scenarios/s6-mremap-flush/index.js';
import { runVariant } from '../../../src/scenarios/run.js';
import type { Variant } from '../../../src/scenarios/scenario.js';
import { expectReplays } from '../../helpers/replay.js';
import { columnDiagram } from '../../../src/report/layout.js';
import type { TraceStep } from '../../../src/model/trace.js';
import { find } from '../../../src/model/edit.js';
import type { IfStmt } from '../../../src/model/code.js';

const variant = (id: string): Variant => {
  const v = s6.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

const MOVER = 'CPU0 mremap';
const RECLAIM = 'CPU1 reclaim';
const USER = 'CPU2 user';

/** Actors in the order they first take a visible step. */
const actorOrder = (trace: readonly TraceStep[]) => [...new Set(trace.filter((t) => !t.quiet).map((t) => t.actor))];
const indexOf = (trace: readonly TraceStep[], actor: string, step: string | RegExp) =>
  trace.findIndex((t) => t.actor === actor && (typeof step === 'string' ? t.step === step : step.test(t.step)));

describe('S6 mremap-flush: declaration', () => {
  it('has the ids, the have_move_pmd switch and I6.1', () => {
    expect(s6.id).toBe('S6');
    expect(s6.name).toBe('mremap-flush');
    expect(s6.baselineVariant).toBe('S6.0');
    expect(s6.variants.map((v) => v.id)).toEqual(['S6.0', 'S6.1', 'S6.2', 'S6.3', 'S6.4', 'S6.5', 'S6.6', 'S6.8', 'S6.9', 'S6.7']);
    expect(s6.switches.map((d) => d.name)).toEqual(['have_move_pmd']);
    expect(Object.keys(s6.switches[0].phrases ?? {}).sort()).toEqual(['false', 'true']);
    expect(s6.invariants.map((i) => i.id)).toEqual(['I6.1']);
    expect(s6.functions.map((f) => f.name)).toEqual(['move_page_tables', 'move_ptes', 'move_normal_pmd']);
  });

  it('expresses the fix as an edit: the flush moves before spin_unlock(new_ptl), need_flush goes', () => {
    const b = s6.baseline;
    const fixed = variant('S6.1').code(b);
    const ops = (body: readonly { op: string; c: string }[]) => body.map((s) => s.c);
    const mp = ops(fixed.move_ptes);
    expect(mp.indexOf('if (force_flush)')).toBeLessThan(mp.indexOf('if (new_ptl != old_ptl)', mp.indexOf('arch_leave_lazy_mmu_mode()')));
    expect(find(fixed, 'move_ptes', 'set_need_flush')).toBeNull();
    expect(find(fixed, 'move_page_tables', (s) => s.op === 'if' && s.c === 'if (need_flush)')).toBeNull();
    expect((find(fixed, 'move_ptes', (s) => s.op === 'if' && s.c.startsWith('if (pte_present')) as IfStmt).c).toBe('if (pte_present(pte))');
    // The baseline keeps the v4.18 code.
    expect(find(b, 'move_ptes', 'set_need_flush')).not.toBeNull();
    expect(b.move_normal_pmd).toEqual([]);
    expect(variant('S6.4').code(b).move_normal_pmd).toBeDefined();
  });
});

describe('S6 mremap-flush: the races as the fix commits tell them', () => {
  it('S6.0 (eb66ae030829): mremap drops the new PTL before flushing old_addr, reclaim frees through new_addr, CPU2 reads the freed page', () => {
    for (const reduction of [true, false]) {
      const r = runVariant(s6, 'S6.0', {}, { reduction });
      expect(r.verdict).toBe('race');
      expect(r.invariant).toBe('I6.1');
      expectReplays(s6, variant('S6.0'), r.trace, 'I6.1');
    }
    const r = runVariant(s6, 'S6.0', {}, { reduction: false });
    const t = r.trace;
    expect(actorOrder(t)).toEqual([MOVER, RECLAIM, USER]);
    const setNew = indexOf(t, MOVER, 'set_pte_at(mm, new_addr, new_pte, pte)');
    const unlockNew = indexOf(t, MOVER, 'spin_unlock(new_ptl)');
    const clearNew = indexOf(t, RECLAIM, 'pteval = ptep_clear_flush(vma, new_addr, pvmw.pte)');
    const free = indexOf(t, RECLAIM, 'free_unref_page_list(&free_pages)');
    const read = indexOf(t, USER, 'val = *(volatile int *)old_addr');
    expect(setNew).toBeGreaterThanOrEqual(0);
    expect(unlockNew).toBeGreaterThan(setNew);
    expect(clearNew).toBeGreaterThan(unlockNew);
    expect(free).toBeGreaterThan(clearNew);
    expect(read).toBe(t.length - 1);
    expect(t[read].detail).toMatch(/TLB hit: old_addr -> page P \(P WAS FREED/);
    // mremap never flushed old_addr before the read.
    expect(t.some((x) => x.actor === MOVER && x.primitive === 'flush_tlb_range')).toBe(false);
    expect(t[clearNew].detail).toContain('only new_addr');
    expect(r.violation).toMatch(/^I6\.1 violated: CPU2 read page P through its TLB entry for old_addr after reclaim freed P/);
    const diagram = columnDiagram(t, [r.violation ?? 'I6.1']);
    expect(diagram.split('\n')[0]).toMatch(/^CPU0 mremap\s+CPU1 reclaim\s+CPU2 user$/);
  });

  it('S6.3: with only the placement fixed, a clean PTE still leaves the flush to move_page_tables()', () => {
    const r = runVariant(s6, 'S6.3', {}, { reduction: false });
    expect(r.verdict).toBe('race');
    const t = r.trace;
    const deferred = indexOf(t, MOVER, '*need_flush = true');
    const unlockNew = indexOf(t, MOVER, 'spin_unlock(new_ptl)');
    expect(deferred).toBeGreaterThanOrEqual(0);
    expect(unlockNew).toBeGreaterThan(deferred);
    expect(t[unlockNew].held).toContain('TLB flush for old_addr pending');
    expect(indexOf(t, RECLAIM, 'free_unref_page_list(&free_pages)')).toBeGreaterThan(unlockNew);
    expect(t.some((x) => x.actor === MOVER && x.primitive === 'flush_tlb_range')).toBe(false);
  });

  it('S6.8 (97113eb39fa7): reclaim holds the moved table\'s PTL through old_addr, flushes old_addr, and CPU2 keeps new_addr', () => {
    const r = runVariant(s6, 'S6.8', {}, { reduction: false });
    expect(r.verdict).toBe('race');
    const t = r.trace;
    expect(actorOrder(t)).toEqual([MOVER, RECLAIM, USER]);
    const walkOld = indexOf(t, RECLAIM, 'pvmw.pmd = pmd_offset(pud, old_addr)');
    const pmdClear = indexOf(t, MOVER, 'pmd_clear(old_pmd)');
    const setPmd = indexOf(t, MOVER, 'set_pmd_at(mm, new_addr, new_pmd, pmd)');
    const fill = t.findIndex((x, i) => i > setPmd && x.actor === USER && x.step === 'val = *(volatile int *)new_addr');
    const clearOld = indexOf(t, RECLAIM, 'pteval = ptep_clear_flush(vma, old_addr, pvmw.pte)');
    const free = indexOf(t, RECLAIM, 'free_unref_page_list(&free_pages)');
    expect(walkOld).toBeGreaterThanOrEqual(0);
    expect(walkOld).toBeLessThan(pmdClear);
    expect(t[walkOld].detail).toContain('table A');
    expect(setPmd).toBeGreaterThan(pmdClear);
    expect(fill).toBeGreaterThan(setPmd);
    expect(t[fill].detail).toMatch(/TLB miss: walk -> page P, TLB entry for new_addr filled/);
    expect(clearOld).toBeGreaterThan(fill);
    expect(free).toBeGreaterThan(clearOld);
    expect(t[t.length - 1].actor).toBe(USER);
    expect(t[t.length - 1].detail).toMatch(/TLB hit: new_addr -> page P \(P WAS FREED/);
    expectReplays(s6, variant('S6.8'), t, 'I6.1');
  });
});

describe('S6 mremap-flush: have_move_pmd', () => {
  it('without HAVE_MOVE_PMD the PMD-level variants never take the fast path and are safe; the PTE-level race stays', () => {
    for (const reduction of [true, false]) {
      for (const id of ['S6.4', 'S6.6', 'S6.8']) {
        const r = runVariant(s6, id, { have_move_pmd: false }, { reduction });
        expect(r.switches).toEqual({ have_move_pmd: false });
        expect(r.verdict, id).toBe('safe');
      }
      const base = runVariant(s6, 'S6.0', { have_move_pmd: false }, { reduction });
      expect(base.verdict).toBe('race');
      expectReplays(s6, variant('S6.0'), base.trace, 'I6.1', { have_move_pmd: false });
    }
  });

  it('every declared invariant is violated by some variant', () => {
    for (const inv of s6.invariants) {
      const hit = s6.variants.filter((v) => v.expected === 'race').some((v) => runVariant(s6, v.id).invariant === inv.id);
      expect(hit, inv.id).toBe(true);
    }
  });
});
