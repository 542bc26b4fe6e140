import { describe, expect, it } from 'vitest';
import { s8, _internal } from '../../../src/scenarios/s8-gup-cow-fork/index.js';
import { resolveSwitches, runVariant } from '../../../src/scenarios/run.js';
import type { Switches, Variant } from '../../../src/scenarios/scenario.js';
import { explore } from '../../../src/model/explorer.js';
import { expectReplays } from '../../helpers/replay.js';
import type { Mem } from '../../../src/model/mem.js';
import type { Model } from '../../../src/model/program.js';
import { columnDiagram } from '../../../src/report/layout.js';
import { find } from '../../../src/model/edit.js';

const variant = (id: string): Variant => {
  const v = s8.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

const EXPECTED: Record<string, ['safe' | 'race', string | null]> = {
  'S8.0': ['race', 'I8.1'],
  'S8.1': ['safe', null],
  'S8.2': ['race', 'I8.1'],
  'S8.3': ['safe', null],
  'S8.4': ['race', 'I8.2'],
  'S8.5': ['safe', null],
  'S8.6': ['safe', null],
  'S8.7': ['race', 'I8.1'],
};

const modelOf = (v: Variant, overrides: Switches = {}): Model => s8.build(v.code(s8.baseline), resolveSwitches(s8, v, overrides));

function reachable(model: Model, reads: string[], pred: (m: Mem, ix: (n: string) => number) => boolean): boolean {
  const ix = (n: string) => model.layout.index(n);
  const r = explore({ ...model, invariants: [{ id: 'reach', text: 'target', reads: reads.map(ix), holds: (m) => !pred(m, ix) }] }, { reduction: false });
  return r.verdict === 'race' && r.invariant === 'reach';
}

describe('S8 gup-cow-fork: declaration', () => {
  it('has the spec ids, switches and invariants', () => {
    expect(s8.variants.map((v) => v.id)).toEqual(Object.keys(EXPECTED));
    expect(s8.invariants.map((i) => i.id)).toEqual(['I8.1', 'I8.2']);
    const sw = Object.fromEntries(s8.switches.map((s) => [s.name, s]));
    expect(sw.pinner.values).toEqual(['child', 'parent']);
    expect(sw.pinner.default).toBe('child');
    expect(sw.gup_fast.default).toBe(true);
    for (const d of s8.switches) for (const v of d.values) expect(d.phrases?.[String(v)]).toBeTruthy();
    for (const v of s8.variants) {
      const [verdict, inv] = EXPECTED[v.id];
      expect(v.expected).toBe(verdict);
      expect(v.invariants).toEqual(inv ? [inv] : []);
    }
  });

  it('expresses the history as edits of the v5.7 code', () => {
    const b = s8.baseline;
    const s81 = _internal.s81(b);
    expect(find(s81, '__get_user_pages', 'set_foll_write')).not.toBeNull();
    expect(find(s81, 'internal_get_user_pages_fast', 'gup_pgd_range_write')).not.toBeNull();
    expect(find(_internal.forceCowSlow(b), 'internal_get_user_pages_fast', 'gup_pgd_range')).not.toBeNull();
    const s83 = _internal.s83(b);
    expect(find(s83, 'do_wp_page', (s) => s.op === 'if' && s.c.startsWith('if (reuse_swap_page('))).toBeNull();
    expect(find(s83, 'do_wp_page', (s) => s.op === 'if' && s.c.includes('page_count(page) != 1'))).not.toBeNull();
    expect(find(_internal.s85(b), 'copy_present_pte', 'copy_present_page')).not.toBeNull();
    const s86 = _internal.s86(b);
    expect(find(s86, 'copy_present_pte', 'page_dup_rmap')).toBeNull();
    expect(find(s86, 'copy_present_pte', 'page_try_dup_anon_rmap')).not.toBeNull();
  });
});

describe('S8 gup-cow-fork: verdicts', () => {
  for (const [id, [verdict, inv]] of Object.entries(EXPECTED)) {
    for (const reduction of [true, false]) {
      it(`${id} is ${verdict}${inv ? ` (${inv})` : ''} with reduction ${reduction ? 'on' : 'off'}`, () => {
        const r = runVariant(s8, id, {}, { reduction });
        expect(r.verdict).toBe(verdict);
        expect(r.invariant).toBe(inv);
        expect(r.budget).toBeNull();
        if (verdict === 'race') expectReplays(s8, variant(id), r.trace, inv);
      });
    }
  }

  it('every invariant is violated by some variant', () => {
    const violated = new Set(s8.variants.map((v) => runVariant(s8, v.id).invariant).filter(Boolean));
    for (const i of s8.invariants) expect(violated).toContain(i.id);
  });

  it('COW breaks the wrong way for a parent pin on every kernel before 70e806e4e645; anon-exclusive keeps it', () => {
    for (const id of ['S8.0', 'S8.1', 'S8.3']) expect(runVariant(s8, id, { pinner: 'parent' }).invariant).toBe('I8.2');
    for (const id of ['S8.5', 'S8.6']) expect(runVariant(s8, id, { pinner: 'parent' }).verdict).toBe('safe');
    for (const id of ['S8.5', 'S8.6']) expect(runVariant(s8, id, { pinner: 'child' }).verdict).toBe('safe');
  });

  it('the slow-path-only fix depends on GUP-fast; the real fix does not', () => {
    expect(runVariant(s8, 'S8.2', { gup_fast: false }).verdict).toBe('safe');
    expect(runVariant(s8, 'S8.1', { gup_fast: false }).verdict).toBe('safe');
    expect(runVariant(s8, 'S8.0', { gup_fast: false }).invariant).toBe('I8.1');
  });
});

describe('S8 gup-cow-fork: the counterexample reads like 17839856fd58', () => {
  it('S8.0: fork shares P; the child takes a read reference and unmaps; the parent\'s write fault reuses P', () => {
    const r = runVariant(s8, 'S8.0');
    const shown = r.trace.filter((t) => !t.quiet);
    const at = (actor: string, step: string) => shown.findIndex((t) => t.actor === actor && t.step.startsWith(step));
    const fork = at('parent', 'set_pte_at(dst_vma->vm_mm');
    const gup = at('child', 'gup_pgd_range(');
    const unmap = at('child', 'ptent = ptep_get_and_clear_full');
    const reuseTest = at('parent', 'if (reuse_swap_page(');
    const reuse = at('parent', 'ptep_set_access_flags');
    const store = at('parent', '*addr = secret');
    expect(shown[fork].detail).toMatch(/P is shared/);
    expect(shown[gup].detail).toBe('GUP-fast takes a reference on page P');
    expect(shown[unmap].detail).toMatch(/mapped once/);
    expect(fork).toBeLessThan(gup);
    expect(gup).toBeLessThan(unmap);
    // The reuse decision is taken after the child unmapped: "the writer could also just take over the old page".
    expect(unmap).toBeLessThan(reuseTest);
    expect(reuseTest).toBeLessThan(reuse);
    expect(reuse).toBeLessThan(store);
    expect(store).toBe(shown.length - 1);
    expect(shown[store].detail).toMatch(/child's vmsplice\(\) still holds/);
    const diagram = columnDiagram(r.trace, ['I8.1 violated'], { width: 120 });
    expect(diagram.split('\n')[0]).toMatch(/^parent\s+child\s*$/);
  });

  it('S8.4: the parent\'s pin stays with the child after the parent\'s own COW', () => {
    const r = runVariant(s8, 'S8.4');
    expect(r.trace[0].step).toMatch(/^pin_user_pages_fast/);
    const last = r.trace[r.trace.length - 1];
    expect(last.actor).toBe('parent');
    expect(last.detail).toMatch(/its pin still holds page P/);
    expect(r.trace.some((t) => t.primitive === 'set_pte_at_notify' && t.actor === 'parent')).toBe(true);
  });
});

describe('S8 gup-cow-fork: the safe verdicts are not vacuous', () => {
  it('S8.1: the child\'s reference is on its own copy C and the parent still writes P', () => {
    const vars = ['child.gup_ref', 'parent.pte.pfn', 'parent.pte.write'];
    const both = (m: Mem, ix: (n: string) => number) => m.get(ix('child.gup_ref')) === 2 && m.get(ix('parent.pte.pfn')) === 1 && m.get(ix('parent.pte.write')) === 1;
    expect(reachable(modelOf(variant('S8.1')), vars, both)).toBe(true);
  });

  it('S8.3: the parent copies (Q) while the child holds P', () => {
    const vars = ['child.gup_ref', 'parent.pte.pfn'];
    expect(reachable(modelOf(variant('S8.3')), vars, (m, ix) => m.get(ix('child.gup_ref')) === 1 && m.get(ix('parent.pte.pfn')) === 3)).toBe(true);
  });

  it('S8.6: the child keeps its reference on the shared P while the parent writes its own copy Q', () => {
    const vars = ['child.gup_ref', 'parent.pte.pfn', 'P.PageAnonExclusive'];
    const split = (m: Mem, ix: (n: string) => number) => m.get(ix('child.gup_ref')) === 1 && m.get(ix('parent.pte.pfn')) === 3 && m.get(ix('P.PageAnonExclusive')) === 0;
    expect(reachable(modelOf(variant('S8.6')), vars, split)).toBe(true);
  });

  it('S8.6 with a parent pin: fork() leaves P exclusive and writable in the parent', () => {
    const vars = ['parent.pin', 'parent.pte.pfn', 'parent.pte.write', 'forked', 'P.PageAnonExclusive'];
    const kept = (m: Mem, ix: (n: string) => number) =>
      m.get(ix('forked')) === 1 && m.get(ix('parent.pin')) === 1 && m.get(ix('parent.pte.pfn')) === 1 && m.get(ix('parent.pte.write')) === 1 && m.get(ix('P.PageAnonExclusive')) === 1;
    expect(reachable(modelOf(variant('S8.6'), { pinner: 'parent' }), vars, kept)).toBe(true);
  });
});
