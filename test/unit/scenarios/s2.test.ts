import { describe, expect, it } from 'vitest';
import { s2, _internal } from '../../../src/scenarios/s2-uffd-install-pte/index.js';
import { resolveSwitches, runVariant } from '../../../src/scenarios/run.js';
import type { Switches, Variant } from '../../../src/scenarios/scenario.js';
import { explore } from '../../../src/model/explorer.js';
import { replay } from '../../../src/model/replay.js';
import { expectReplays as expectReplaysOn } from '../../helpers/replay.js';
import type { Mem } from '../../../src/model/mem.js';
import type { Model } from '../../../src/model/program.js';
import type { TraceStep } from '../../../src/model/trace.js';
import { columnDiagram } from '../../../src/report/layout.js';
import { find } from '../../../src/model/edit.js';
import { walkStmts, type IfStmt } from '../../../src/model/code.js';

const variant = (id: string): Variant => {
  const v = s2.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

const EXPECTED: Record<string, ['safe' | 'race', string | null]> = {
  'S2.0': ['safe', null],
  'S2.1': ['race', 'I2.3'],
  'S2.2': ['safe', null],
  'S2.3': ['race', 'I2.1'],
  'S2.4': ['race', 'I2.4'],
  'S2.5': ['race', 'I2.2'],
  'S2.6': ['safe', null],
  'S2.7': ['safe', null],
  'S2.8': ['safe', null],
  'S2.9': ['race', 'I2.4'],
  'S2.10': ['safe', null],
  'S2.11': ['race', 'I2.3'],
  'S2.12': ['safe', null],
};

const modelOf = (v: Variant, overrides: Switches = {}): Model => s2.build(v.code(s2.baseline), resolveSwitches(s2, v, overrides));

const expectReplays = (v: Variant, trace: readonly TraceStep[], invariant: string, overrides: Switches = {}): void =>
  expectReplaysOn(s2, v, trace, invariant, overrides);

/** Is a state where `pred` holds reachable? (explores with `pred` as the only, negated, invariant) */
function reachable(model: Model, reads: string[], pred: (m: Mem, ix: (n: string) => number) => boolean): boolean {
  const ix = (n: string) => model.layout.index(n);
  const r = explore(
    { ...model, invariants: [{ id: 'reach', text: 'target', reads: reads.map(ix), holds: (m) => !pred(m, ix) }] },
    { reduction: false },
  );
  return r.verdict === 'race' && r.invariant === 'reach';
}

describe('S2 uffd-install-pte: declaration', () => {
  it('has the spec ids, switches and invariants', () => {
    expect(s2.id).toBe('S2');
    expect(s2.name).toBe('uffd-install-pte');
    expect(s2.baselineVariant).toBe('S2.0');
    expect(s2.variants.map((v) => v.id)).toEqual(Object.keys(EXPECTED));
    expect(s2.invariants.map((i) => i.id)).toEqual(['I2.1', 'I2.2', 'I2.3', 'I2.4']);
    const sw = Object.fromEntries(s2.switches.map((s) => [s.name, s]));
    expect(sw.foll_cow_dirty_rule.values).toEqual([true, false]);
    expect(sw.foll_cow_dirty_rule.default).toBe(true);
    expect(sw.dirty_accountable.values).toEqual([false, true]);
    expect(sw.dirty_accountable.default).toBe(false);
    expect(variant('S2.2').switches).toEqual({ foll_cow_dirty_rule: false });
    expect(variant('S2.5').switches).toEqual({ dirty_accountable: true });
    expect(variant('S2.6').switches).toEqual({ dirty_accountable: true });
    for (const v of s2.variants) {
      const [verdict, inv] = EXPECTED[v.id];
      expect(v.expected).toBe(verdict);
      expect(v.invariants).toEqual(inv ? [inv] : []);
    }
  });

  it('models kernel code as data: every modelled function exists and every statement carries its C', () => {
    for (const v of s2.variants) {
      const code = v.code(s2.baseline);
      for (const f of s2.functions) expect(code[f.name], `${v.id}: ${f.name}`).toBeDefined();
      for (const entry of ['__mcopy_atomic', 'do_mprotect_pkey', '__access_remote_vm', 'madvise_dontneed_single_vma', 'shrink_page_list']) {
        for (const { stmt } of walkStmts(code, entry)) expect(stmt.c.length).toBeGreaterThan(0);
      }
    }
  });

  it('expresses the variants as edits of the M2a v4 install code', () => {
    const b = s2.baseline;
    const fn = 'mcopy_atomic_install_ptes';
    expect(find(b, fn, 'set_page_dirty')).not.toBeNull();
    expect(find(b, fn, (s) => s.op === 'if' && s.c === 'if (is_continue && !vm_shared)')).not.toBeNull();
    // S2.1: pte_mkdirty right after mk_pte, no set_page_dirty left.
    const s21 = _internal.s21(b);
    expect(s21[fn].map((s) => s.op).slice(0, 2)).toEqual(['mk_pte', 'pte_mkdirty']);
    expect(find(s21, fn, 'set_page_dirty')).toBeNull();
    const w = find(s21, fn, (s) => s.op === 'if' && s.c === 'if (writable)') as IfStmt;
    expect(w.else).toBeUndefined();
    // S2.2: the new can_follow_write_pte, FOLL_COW gone.
    const s22 = variant('S2.2').code(b);
    expect(s22.can_follow_write_pte.some((s) => s.c.includes('FOLL_COW'))).toBe(false);
    expect(find(s22, 'can_follow_write_pte', (s) => s.c.includes('PageAnonExclusive'))).not.toBeNull();
    expect(find(s22, 'faultin_page', 'set_foll_cow')).toBeNull();
    expect(find(s22, fn, 'set_page_dirty')).toBeNull();
    // S2.3 drops only set_page_dirty; S2.4 only the CONTINUE-private test.
    const s23 = variant('S2.3').code(b);
    expect(find(s23, fn, 'set_page_dirty')).toBeNull();
    expect(find(s23, fn, 'pte_mkdirty')).not.toBeNull();
    expect(find(variant('S2.4').code(b), fn, (s) => s.op === 'if' && s.c === 'if (is_continue && !vm_shared)')).toBeNull();
    // S2.5 is the baseline code; S2.6 swaps the dirty_accountable test for can_change_pte_writable().
    expect(variant('S2.5').code(b)).toEqual(b);
    const s26 = variant('S2.6').code(b);
    expect(find(s26, 'change_pte_range', (s) => s.op === 'if' && s.c.startsWith('if (dirty_accountable'))).toBeNull();
    expect(find(s26, 'change_pte_range', (s) => s.op === 'call' && s.c.startsWith('can_change_pte_writable'))).not.toBeNull();
  });

  it('chooses the VMA configuration nondeterministically in T_uffd\'s first step', () => {
    const model = modelOf(variant('S2.0'));
    const uffd = model.actors.find((a) => a.name === 'T_uffd')!;
    expect(uffd.locations[0]).toHaveLength(_internal.CONFIGS.length);
    expect(new Set(uffd.locations[0].map((t) => t.label)).size).toBe(_internal.CONFIGS.length);
    expect(_internal.CONFIGS.length).toBe(10);
  });
});

describe('S2 uffd-install-pte: verdicts', () => {
  for (const [id, [verdict, inv]] of Object.entries(EXPECTED)) {
    for (const reduction of [true, false]) {
      it(`${id} is ${verdict}${inv ? ` (${inv})` : ''} with reduction ${reduction ? 'on' : 'off'}`, () => {
        const r = runVariant(s2, id, {}, { reduction });
        expect(r.verdict).toBe(verdict);
        expect(r.invariant).toBe(inv);
        expect(r.budget).toBeNull();
        expect(r.states).toBeLessThan(10_000);
        if (verdict === 'race') {
          expect(r.trace.length).toBeGreaterThan(0);
          expectReplays(variant(id), r.trace, inv!);
        }
      });
    }
  }

  it('S2.0 (baseline) is safe under its defaults, with dirty_accountable=false and with either FOLL_FORCE rule', () => {
    expect(runVariant(s2, 'S2.0').verdict).toBe('safe');
    expect(runVariant(s2, 'S2.0', { dirty_accountable: false }).verdict).toBe('safe');
    expect(runVariant(s2, 'S2.0', { foll_cow_dirty_rule: false }).verdict).toBe('safe');
    expect(runVariant(s2, 'S2.0', { dirty_accountable: false }, { reduction: false }).verdict).toBe('safe');
  });

  it('S2.1 is safe once can_follow_write_pte no longer trusts pte_dirty (foll_cow_dirty_rule=false)', () => {
    for (const reduction of [true, false]) {
      const r = runVariant(s2, 'S2.1', { foll_cow_dirty_rule: false }, { reduction });
      expect(r.verdict).toBe('safe');
      expect(r.switches).toEqual({ foll_cow_dirty_rule: false, dirty_accountable: false });
    }
  });

  it('S2.2 code stays safe whatever the switch says', () => {
    expect(runVariant(s2, 'S2.2', { foll_cow_dirty_rule: true }).verdict).toBe('safe');
  });

  it('S2.5 is a property of the dirty_accountable switch, S2.6 closes it', () => {
    expect(runVariant(s2, 'S2.5', { dirty_accountable: false }).verdict).toBe('safe');
    expect(runVariant(s2, 'S2.6', { dirty_accountable: false }).verdict).toBe('safe');
  });
});

describe('S2 uffd-install-pte: counterexamples', () => {
  it('S2.1 is counterexample B: COW fault, zap, UFFDIO_CONTINUE maps P R/O and dirty, FOLL_FORCE writes P', () => {
    const r = runVariant(s2, 'S2.1');
    const shown = r.trace.filter((t) => !t.quiet);
    const at = (actor: string, step: string) => shown.findIndex((t) => t.actor === actor && t.step.startsWith(step));
    const cow = at('T_gup', 'set_pte_at_notify');
    const follCow = at('T_gup', '*flags |= FOLL_COW');
    const zap = at('T_helper', 'ptent = ptep_get_and_clear_full');
    const install = at('T_uffd', 'set_pte_at(');
    const write = at('T_gup', 'copy_to_user_page');
    expect(cow).toBeGreaterThan(-1);
    expect(cow).toBeLessThan(zap);
    expect(follCow).toBeLessThan(install);
    expect(zap).toBeLessThan(install);
    expect(install).toBeLessThan(write);
    expect(write).toBe(shown.length - 1);
    expect(shown[install].detail).toBe('pte installed R/O, dirty, maps page-cache page P');
    expect(shown[write].detail).toMatch(/page-cache page P/);
    expect(shown[write].held).toContain('FOLL_COW');
    const diagram = columnDiagram(r.trace, ['I2.3 violated'], { width: 120 });
    expect(diagram.split('\n')[0]).toMatch(/T_uffd\s+T_gup\s+T_helper/);
  });

  it('S2.3 is counterexample A: a clean R/O install, reclaim drops P', () => {
    const r = runVariant(s2, 'S2.3');
    expect(r.trace[0].step).toMatch(/UFFDIO_COPY on shmem mmap\(MAP_SHARED, PROT_READ\)/);
    const last = r.trace[r.trace.length - 1];
    expect(last.actor).toBe('T_reclaim');
    expect(last.primitive).toBe('__remove_mapping');
    expect(last.detail).toMatch(/P dropped: clean, no dirty pte/);
  });

  it('S2.5: mprotect makes the dirty R/O uffd-wp pte writable without a fault', () => {
    const r = runVariant(s2, 'S2.5');
    expect(r.trace[0].step).toMatch(/UFFDIO_COPY\(UFFDIO_COPY_MODE_WP\)/);
    const last = r.trace[r.trace.length - 1];
    expect(last.actor).toBe('T_mprotect');
    expect(last.primitive).toBe('ptep_modify_prot_commit');
    expect(last.detail).toBe('pte now writable, dirty, uffd-wp, maps page-cache page P');
  });

  it('S2.4: UFFDIO_CONTINUE maps the page-cache page writable in a MAP_PRIVATE VMA', () => {
    const r = runVariant(s2, 'S2.4');
    expect(r.trace[0].step).toMatch(/UFFDIO_CONTINUE on shmem mmap\(MAP_PRIVATE, PROT_READ\|PROT_WRITE\)/);
    expect(r.trace[r.trace.length - 1].detail).toBe('pte installed writable, dirty, maps page-cache page P');
  });
});

describe('S2 uffd-install-pte: the safe verdicts are not vacuous', () => {
  it('S2.0: GUP still gets (and writes) its anon COW copy A', () => {
    expect(reachable(modelOf(variant('S2.0')), ['gup.page'], (m, ix) => m.get(ix('gup.page')) === 3)).toBe(true);
  });

  it('S2.2: the new rule still lets FOLL_FORCE write the exclusive anon copy A', () => {
    expect(reachable(modelOf(variant('S2.2')), ['gup.page'], (m, ix) => m.get(ix('gup.page')) === 3)).toBe(true);
  });

  it('S2.0: reclaim unmaps P after UFFDIO_COPY and writes it to swap', () => {
    const vars = ['T_reclaim.pc', 'P.uffdio_data', 'P.in_page_cache', 'uffd.mode'];
    const done = (m: Mem, ix: (n: string) => number) =>
      m.get(ix('T_reclaim.pc')) === 1 && m.get(ix('P.uffdio_data')) === 0 && m.get(ix('P.in_page_cache')) === 1 && m.get(ix('uffd.mode')) === 1;
    expect(reachable(modelOf(variant('S2.0')), vars, done)).toBe(true);
  });

  it('S2.0: UFFDIO_CONTINUE maps P after the helper zapped the COW copy', () => {
    const vars = ['pte.pfn', 'pte.present', 'gup.FOLL_COW'];
    const mapped = (m: Mem, ix: (n: string) => number) =>
      m.get(ix('pte.present')) === 1 && m.get(ix('pte.pfn')) === 1 && m.get(ix('gup.FOLL_COW')) === 1;
    expect(reachable(modelOf(variant('S2.0')), vars, mapped)).toBe(true);
  });

  it('S2.6: mprotect runs to its commit on the uffd-wp pte with dirty_accountable', () => {
    const vars = ['T_mprotect.pc', 'pte.uffd_wp', 'mprotect.dirty_accountable'];
    const done = (m: Mem, ix: (n: string) => number) =>
      m.get(ix('T_mprotect.pc')) === 1 && m.get(ix('pte.uffd_wp')) === 1 && m.get(ix('mprotect.dirty_accountable')) === 1;
    expect(reachable(modelOf(variant('S2.6')), vars, done)).toBe(true);
  });
});
