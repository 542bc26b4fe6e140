import { describe, expect, it } from 'vitest';
import { s4, _internal } from '../../../src/scenarios/s4-xol-icache/index.js';
import { resolveSwitches, runCode, runVariant } from '../../../src/scenarios/run.js';
import type { Scenario, Variant } from '../../../src/scenarios/scenario.js';
import { replay } from '../../../src/model/replay.js';
import { expectReplays } from '../../helpers/replay.js';
import type { TraceStep } from '../../../src/model/trace.js';
import { columnDiagram } from '../../../src/report/layout.js';
import { walkStmts, type CallStmt, type Op } from '../../../src/model/code.js';
import { find } from '../../../src/model/edit.js';

const variant = (id: string): Variant => {
  const v = s4.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

/** The verdict each row must get under the default switches (S4.3: what the model finds). */
const VERDICT: Record<string, 'safe' | 'race'> = {
  'S4.0': 'race',
  'S4.1': 'safe',
  'S4.2': 'race',
  'S4.3': 'race',
  'S4.4': 'race',
  'S4.5': 'race',
  'S4.6': 'race',
  'S4.7': 'race',
  'S4.8': 'race',
};


const details = (trace: readonly TraceStep[]) => trace.map((t) => t.detail).join('\n');

describe('S4 xol-icache: declaration', () => {
  it('has the spec ids, the icache_coherent switch and I4.1', () => {
    expect(s4.id).toBe('S4');
    expect(s4.name).toBe('xol-icache');
    expect(s4.baselineVariant).toBe('S4.0');
    expect(s4.variants.map((v) => v.id)).toEqual(['S4.0', 'S4.6', 'S4.1', 'S4.7', 'S4.8', 'S4.2', 'S4.3', 'S4.4', 'S4.5']);
    expect(s4.switches).toHaveLength(1);
    expect(s4.switches[0].name).toBe('icache_coherent');
    expect(s4.switches[0].values).toEqual([false, true]);
    expect(s4.switches[0].default).toBe(false);
    expect(s4.invariants.map((i) => i.id)).toEqual(['I4.1']);
    expect(variant('S4.3').expected).toBeNull();
    expect(variant('S4.3').note).toMatch(/race/);
    for (const v of s4.variants) {
      if (v.expected !== null) expect(v.expected).toBe(VERDICT[v.id]);
      expect(v.invariants).toEqual(VERDICT[v.id] === 'race' ? ['I4.1'] : []);
    }
  });

  it('models kernel code as data: every statement carries its C, every modelled function exists', () => {
    for (const v of s4.variants) {
      const code = v.code(s4.baseline);
      for (const f of s4.functions) expect(code[f.name], `${v.id}: ${f.name}`).toBeDefined();
      for (const entry of ['prepare_uretprobe', 'pre_ssout', 'uretprobe_return', 'xol_singlestep']) {
        for (const { stmt } of walkStmts(code, entry)) expect(stmt.c.length).toBeGreaterThan(0);
      }
    }
  });

  it('expresses the variants as edits of the baseline', () => {
    const b = s4.baseline;
    const calls = (code: typeof b, fn: string) => (code[fn] ?? []).filter((s) => s.op === 'call').map((s) => (s as CallStmt).fn);
    expect(calls(b, '__create_xol_area')).toContain('copy_to_page');
    expect(calls(b, '__create_xol_area')).not.toContain('arch_uprobe_copy_ixol');
    const fixed = variant('S4.1').code(b);
    expect(calls(fixed, '__create_xol_area')).toContain('arch_uprobe_copy_ixol');
    expect(calls(fixed, '__create_xol_area')).not.toContain('copy_to_page');
    expect(variant('S4.2').code(b)).toEqual(b);
    const weak = variant('S4.3').code(b);
    expect(weak.arch_uprobe_copy_ixol.map((s) => s.op)).toEqual(['call', 'flush_dcache_page']);
    const early = variant('S4.4').code(b).arch_uprobe_copy_ixol.map((s) => s.op);
    expect(early.indexOf('flush_icache_range')).toBeLessThan(early.indexOf('memcpy'));
    const local = variant('S4.5').code(b);
    expect(find(local, 'arch_uprobe_copy_ixol', 'local_flush_icache_range')).not.toBeNull();
    expect(find(local, 'arch_uprobe_copy_ixol', 'flush_icache_range')).toBeNull();
    // The baseline is untouched by the edits.
    expect((find(b, 'arch_uprobe_copy_ixol', 'flush_icache_range') as Op).c).toBe('flush_icache_range(kstart, kstart + len)');
  });
});

describe('S4 xol-icache: verdicts (icache_coherent=false)', () => {
  for (const v of s4.variants) {
    const want = VERDICT[v.id];
    it(`${v.id} -> ${want} with reduction on and off${want === 'race' ? ', trace replays to I4.1' : ''}`, () => {
      const on = runVariant(s4, v.id, {}, { reduction: true });
      const off = runVariant(s4, v.id, {}, { reduction: false });
      expect(on.switches).toEqual({ icache_coherent: false });
      expect(on.verdict).toBe(want);
      expect(off.verdict).toBe(want);
      expect(on.states).toBeLessThanOrEqual(off.states);
      if (want === 'race') {
        expect(on.invariant).toBe('I4.1');
        expect(off.invariant).toBe('I4.1');
        expect(on.trace.length).toBe(off.trace.length);
        expectReplays(s4, v, off.trace, 'I4.1');
        expectReplays(s4, v, on.trace, 'I4.1');
        expect(off.trace[off.trace.length - 1].primitive).toBe('ifetch');
        expect(off.trace[off.trace.length - 1].actor).toBe('U (user mode)');
      } else {
        expect(on.invariant).toBeNull();
        expect(off.invariant).toBeNull();
        expect(off.trace).toEqual([]);
      }
    });
  }

  it('S4.0: BRK left dirty in CPU0\'s D-cache, fault path does nothing, stale I-cache line executed', () => {
    const r = runVariant(s4, 'S4.0', {}, { reduction: false });
    const text = details(r.trace);
    expect(text).toContain("BRK sits dirty in CPU0's D-cache; memory still stale");
    expect(text).toContain('empty on MIPS');
    // copy_to_page's memcpy, not arch_uprobe_copy_ixol's.
    expect(r.trace.map((t) => t.step)).toContain('memcpy(kaddr + (vaddr & ~PAGE_MASK), src, len)');
    expect(r.trace[r.trace.length - 1].detail).toMatch(/I-cache hit on a stale line .*executes garbage/);
    expect(r.violation).toMatch(/^I4\.1 violated: U executed stale bytes from slot 0/);
    const diagram = columnDiagram(r.trace, [r.violation ?? 'I4.1']);
    expect(diagram.split('\n')[0]).toMatch(/^K \(CPU0\)\s+U \(user mode\)$/);
    expect(diagram).toContain('I4.1 violated');
  });

  it('S4.3: the deferred flush writes the D-cache back but invalidates no I-cache line', () => {
    const r = runVariant(s4, 'S4.3', {}, { reduction: false });
    const text = details(r.trace);
    expect(text).toContain('PG_dcache_dirty set');
    expect(text).toMatch(/deferred flush: D-cache written back \(slot 0: memory = BRK\); no I-cache line invalidated/);
    expect(r.trace[r.trace.length - 1].detail).toMatch(/stale line/);
  });

  it('S4.4: the I-cache is refilled from memory that is still stale', () => {
    const r = runVariant(s4, 'S4.4', {}, { reduction: false });
    expect(details(r.trace)).toContain('nothing dirty to write back: memory still stale');
    expect(r.trace[r.trace.length - 1].detail).toMatch(/I-cache miss on CPU\d: filled from memory, still stale \(BRK sits dirty/);
  });

  it('S4.5: needs the migration to CPU1', () => {
    const r = runVariant(s4, 'S4.5', {}, { reduction: false });
    expect(r.trace.some((t) => t.actor === 'U (user mode)' && t.step.endsWith('on CPU1 (migrated)'))).toBe(true);
    expect(r.trace[r.trace.length - 1].detail).toMatch(/stale line \(CPU1\)/);
    // The same trace with the task staying on CPU0 executes BRK.
    const v = variant('S4.5');
    const model = s4.build(v.code(s4.baseline), resolveSwitches(s4, v));
    const steps = r.trace.map((t) => ({ actor: t.actor, step: t.step.replace('on CPU1 (migrated)', 'on CPU0') }));
    expect(replay(model, steps)).toMatchObject({ ok: true, violated: null });
  });
});

describe('S4 xol-icache: icache_coherent=true (x86)', () => {
  it('S4.0 is safe with reduction on and off', () => {
    for (const reduction of [true, false]) {
      const r = runVariant(s4, 'S4.0', { icache_coherent: true }, { reduction });
      expect(r.switches).toEqual({ icache_coherent: true });
      expect(r.verdict).toBe('safe');
      expect(r.invariant).toBeNull();
    }
  });

  it('every variant is safe', () => {
    for (const v of s4.variants) expect(runVariant(s4, v.id, { icache_coherent: true }).verdict, v.id).toBe('safe');
  });

  it('the S4.0 race trace does not replay to a violation', () => {
    const r = runVariant(s4, 'S4.0', {}, { reduction: false });
    const v = variant('S4.0');
    const model = s4.build(v.code(s4.baseline), resolveSwitches(s4, v, { icache_coherent: true }));
    expect(replay(model, r.trace.map((t) => ({ actor: t.actor, step: t.step })))).toMatchObject({ ok: true, violated: null });
  });
});

describe('S4 xol-icache: modelling assumptions', () => {
  // The same scenario with I-caches that hold nothing of the page at the start.
  const clean: Scenario = { ...s4, build: (code, sw) => _internal.build(code, sw, { staleIcache: false }) };

  it('without stale I-cache lines S4.0 still races: the I-cache misses and reads memory BRK has not reached', () => {
    const v = variant('S4.0');
    const r = runCode(clean, v.code(clean.baseline), resolveSwitches(clean, v), { reduction: false });
    expect(r.verdict).toBe('race');
    expect(r.invariant).toBe('I4.1');
    expect(r.trace[r.trace.length - 1].detail).toMatch(/filled from memory, still stale \(BRK sits dirty in CPU0's D-cache\)/);
    expectReplays(clean, v, r.trace, 'I4.1');
  });

  it('without stale I-cache lines S4.3 still races, through slot N written after the page was mapped', () => {
    const v = variant('S4.3');
    for (const reduction of [true, false]) {
      const r = runCode(clean, v.code(clean.baseline), resolveSwitches(clean, v), { reduction });
      expect(r.verdict).toBe('race');
      expect(r.invariant).toBe('I4.1');
      const last = r.trace[r.trace.length - 1];
      expect(last.step).toBe('fetch insn at utask->xol_vaddr (slot 1)');
      expect(last.detail).toMatch(/filled from memory, still stale/);
      // K's PG_dcache_dirty for slot 1 is never consumed by a writeback: either the page was already
      // mapped, or the concurrent fault had flushed and then cleared the mark K had just set.
      const steps = r.trace.map((t) => t.step);
      const marked = steps.lastIndexOf('flush_dcache_page(page)');
      expect(marked).toBeGreaterThan(steps.indexOf('flush_dcache_page(page)'));
      expect(steps.slice(marked)).not.toContain('flush_data_cache_page(addr)');
      expectReplays(clean, v, r.trace, 'I4.1');
    }
  });

  it('without stale I-cache lines the fix and x86 stay safe', () => {
    for (const [id, sw] of [['S4.1', {}], ['S4.0', { icache_coherent: true }]] as const) {
      const v = variant(id);
      expect(runCode(clean, v.code(clean.baseline), resolveSwitches(clean, v, sw)).verdict, id).toBe('safe');
    }
  });

  it('S4.2 would be safe if MIPS implemented flush_icache_page (write back + invalidate on every CPU)', () => {
    const code = _internal.implementFlushIcachePage(s4.baseline);
    for (const reduction of [true, false]) {
      const r = runCode(s4, code, resolveSwitches(s4, variant('S4.2')), { reduction });
      expect(r.verdict).toBe('safe');
    }
  });

  it('slot N through the MIPS arch_uprobe_copy_ixol is safe on its own: the S4.0 race is slot 0 only', () => {
    const r = runVariant(s4, 'S4.0', {}, { reduction: false });
    expect(r.trace[r.trace.length - 1].step).toBe('fetch insn at area->vaddr (slot 0)');
    expect(runVariant(s4, 'S4.1').verdict).toBe('safe');
  });
});
