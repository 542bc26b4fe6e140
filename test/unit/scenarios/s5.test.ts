import { describe, expect, it } from 'vitest';
import { s5, _internal } from '../../../src/scenarios/s5-dirty-cow/index.js';
import { resolveSwitches, runVariant } from '../../../src/scenarios/run.js';
import type { Switches, Variant } from '../../../src/scenarios/scenario.js';
import { explore } from '../../../src/model/explorer.js';
import { expectReplays } from '../../helpers/replay.js';
import type { Mem } from '../../../src/model/mem.js';
import type { Model } from '../../../src/model/program.js';
import { columnDiagram } from '../../../src/report/layout.js';
import { find } from '../../../src/model/edit.js';

const variant = (id: string): Variant => {
  const v = s5.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

const EXPECTED: Record<string, ['safe' | 'race', string | null]> = {
  'S5.0': ['race', 'I5.1'],
  'S5.6': ['race', 'I5.1'],
  'S5.1': ['safe', null],
  'S5.2': ['race', 'I5.1'],
  'S5.3': ['race', 'I5.2'],
  'S5.4': ['race', 'I5.2'],
  'S5.7': ['race', 'I5.1'],
  'S5.8': ['race', 'I5.1'],
  'S5.5': ['safe', null],
};

const modelOf = (v: Variant, overrides: Switches = {}): Model => s5.build(v.code(s5.baseline), resolveSwitches(s5, v, overrides));

/** Is a state where `pred` holds reachable? (explores with `pred` as the only, negated, invariant) */
function reachable(model: Model, reads: string[], pred: (m: Mem, ix: (n: string) => number) => boolean): boolean {
  const ix = (n: string) => model.layout.index(n);
  const r = explore({ ...model, invariants: [{ id: 'reach', text: 'target', reads: reads.map(ix), holds: (m) => !pred(m, ix) }] }, { reduction: false });
  return r.verdict === 'race' && r.invariant === 'reach';
}

describe('S5 dirty-cow: declaration', () => {
  it('has the spec ids, switches and invariants', () => {
    expect(s5.variants.map((v) => v.id)).toEqual(Object.keys(EXPECTED));
    expect(s5.invariants.map((i) => i.id)).toEqual(['I5.1', 'I5.2']);
    const sw = Object.fromEntries(s5.switches.map((s) => [s.name, s]));
    expect(sw.pte_dirty_bit.default).toBe(true);
    expect(sw.pte_dirty_bit.release).toEqual({ version: '3.9', commit: 'abf09bed3cce', before: false, after: true });
    expect(sw.concurrent_reader.default).toBe(false);
    for (const d of s5.switches) for (const v of d.values) expect(d.phrases?.[String(v)]).toBeTruthy();
    for (const v of s5.variants) {
      const [verdict, inv] = EXPECTED[v.id];
      expect(v.expected).toBe(verdict);
      expect(v.invariants).toEqual(inv ? [inv] : []);
    }
  });

  it('expresses the fixes as edits of the v4.8 GUP code', () => {
    const b = s5.baseline;
    expect(find(b, 'faultin_page', 'clear_foll_write')).not.toBeNull();
    expect(b.can_follow_write_pte).toEqual([]);
    const s51 = _internal.s51(b);
    expect(find(s51, 'faultin_page', 'clear_foll_write')).toBeNull();
    expect(find(s51, 'faultin_page', 'set_foll_cow')).not.toBeNull();
    expect(find(s51, 'can_follow_write_pte', (s) => s.c.includes('pte_dirty(pte)'))).not.toBeNull();
    expect(find(_internal.s52(b), 'can_follow_write_pte', (s) => s.c.includes('pte_dirty'))).toBeNull();
    const s55 = _internal.s55(b);
    expect(find(s55, 'faultin_page', (s) => s.c.includes('FOLL_COW'))).toBeNull();
    expect(find(s55, 'can_follow_write_pte', (s) => s.c.includes('PageAnonExclusive'))).not.toBeNull();
  });
});

describe('S5 dirty-cow: verdicts', () => {
  for (const [id, [verdict, inv]] of Object.entries(EXPECTED)) {
    for (const reduction of [true, false]) {
      it(`${id} is ${verdict}${inv ? ` (${inv})` : ''} with reduction ${reduction ? 'on' : 'off'}`, () => {
        const r = runVariant(s5, id, {}, { reduction });
        expect(r.verdict).toBe(verdict);
        expect(r.invariant).toBe(inv);
        expect(r.budget).toBeNull();
        if (verdict === 'race') expectReplays(s5, variant(id), r.trace, inv);
      });
    }
  }

  it('every invariant is violated by some variant', () => {
    const violated = new Set(s5.variants.map((v) => runVariant(s5, v.id).invariant).filter(Boolean));
    for (const i of s5.invariants) expect(violated).toContain(i.id);
  });

  it('the fix holds with a third thread faulting the page in; the wrong fix needs that thread', () => {
    for (const id of ['S5.1', 'S5.5']) expect(runVariant(s5, id, { concurrent_reader: true }).verdict).toBe('safe');
    expect(runVariant(s5, 'S5.2', { concurrent_reader: false }).verdict).toBe('safe');
    expect(runVariant(s5, 'S5.0', { concurrent_reader: true }).invariant).toBe('I5.1');
  });

  it('the pte_dirty() rule livelocks where the pte has no dirty bit; the FOLL_WRITE games and 5535be309971 do not', () => {
    expect(runVariant(s5, 'S5.1', { pte_dirty_bit: false }).invariant).toBe('I5.2');
    expect(runVariant(s5, 'S5.3', { pte_dirty_bit: true }).verdict).toBe('safe');
    expect(runVariant(s5, 'S5.0', { pte_dirty_bit: false }).invariant).toBe('I5.1');
    expect(runVariant(s5, 'S5.5', { pte_dirty_bit: false }).verdict).toBe('safe');
  });
});

describe('S5 dirty-cow: the counterexample reads like CVE-2016-5195', () => {
  it('S5.0: COW fault, FOLL_WRITE dropped, MADV_DONTNEED zaps the copy, the read retry maps and writes the page-cache page', () => {
    const r = runVariant(s5, 'S5.0');
    const shown = r.trace.filter((t) => !t.quiet);
    expect(new Set(r.trace.map((t) => t.actor))).toEqual(new Set(['CPU0 gup', 'CPU1 madvise']));
    const at = (actor: string, step: string, from = 0) => shown.findIndex((t, i) => i >= from && t.actor === actor && t.step.startsWith(step));
    const cow = at('CPU0 gup', 'set_pte_at(');
    const reuse = at('CPU0 gup', 'ptep_set_access_flags');
    const drop = at('CPU0 gup', '*flags &= ~FOLL_WRITE');
    const zap = at('CPU1 madvise', 'ptent = ptep_get_and_clear_full');
    const readFault = at('CPU0 gup', 'set_pte_at(', zap);
    const write = at('CPU0 gup', 'copy_to_user_page');
    expect(shown[cow].detail).toBe('pte R/O, dirty, maps anon COW copy A');
    expect(shown[reuse].detail).toMatch(/VM_FAULT_WRITE/);
    expect(cow).toBeLessThan(reuse);
    expect(reuse).toBeLessThan(drop);
    expect(drop).toBeLessThan(zap);
    expect(zap).toBeLessThan(readFault);
    expect(shown[readFault].detail).toBe('pte R/O, maps page-cache page P');
    expect(readFault).toBeLessThan(write);
    expect(write).toBe(shown.length - 1);
    expect(shown[write].held).toContain('no FOLL_WRITE');
    // CPU1 runs only between the FOLL_WRITE drop and the read fault.
    expect(shown.filter((t) => t.actor === 'CPU1 madvise').every((t) => shown.indexOf(t) > drop && shown.indexOf(t) < readFault)).toBe(true);
    const diagram = columnDiagram(r.trace, ['I5.1 violated'], { width: 120 });
    expect(diagram.split('\n')[0]).toMatch(/^CPU0 gup\s+CPU1 madvise\s*$/);
  });

  it('S5.4: on s390 before v3.9 the FOLL_COW retry spins on the pte its own COW fault made', () => {
    const r = runVariant(s5, 'S5.4');
    const last = r.trace[r.trace.length - 1];
    expect(last.actor).toBe('CPU0 gup');
    expect(last.step).toBe('case 0: goto retry');
    expect(last.detail).toMatch(/GUP loops forever/);
    expect(r.trace.some((t) => t.step === '*flags |= FOLL_COW')).toBe(true);
  });
});

describe('S5 dirty-cow: the safe verdicts are not vacuous', () => {
  it('S5.1: the forced write lands in a fresh anon copy after the zap', () => {
    const vars = ['gup.page', 'CPU1 madvise.pc', 'pte.present'];
    const done = (m: Mem, ix: (n: string) => number) => m.get(ix('gup.page')) === 2 && m.get(ix('CPU1 madvise.pc')) !== 0;
    expect(reachable(modelOf(variant('S5.1')), vars, done)).toBe(true);
  });

  it('S5.5: the exclusive anon copy is still writable through FOLL_FORCE', () => {
    expect(reachable(modelOf(variant('S5.5')), ['gup.page'], (m, ix) => m.get(ix('gup.page')) === 2)).toBe(true);
  });
});
