import { describe, expect, it } from 'vitest';
import { s7 } from '../../../src/scenarios/s7-gup-fast-split/index.js';
import { runVariant } from '../../../src/scenarios/run.js';
import type { Variant } from '../../../src/scenarios/scenario.js';
import { expectReplays } from '../../helpers/replay.js';
import { columnDiagram } from '../../../src/report/layout.js';
import type { TraceStep } from '../../../src/model/trace.js';
import { find } from '../../../src/model/edit.js';
import type { IfStmt } from '../../../src/model/code.js';
import { s3 } from '../../../src/scenarios/s3-gup-fast-pin/index.js';

const variant = (id: string): Variant => {
  const v = s7.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id}`);
  return v;
};

const GUP = 'CPU0 gup-fast';
const SPLIT = 'CPU1 split_huge_page';
const indexOf = (trace: readonly TraceStep[], actor: string, primitive: string) => trace.findIndex((t) => t.actor === actor && t.primitive === primitive);

describe('S7 gup-fast-split: declaration', () => {
  it('has the ids, the tlb_flush_ipi switch and I7.1', () => {
    expect(s7.id).toBe('S7');
    expect(s7.name).toBe('gup-fast-split');
    expect(s7.baselineVariant).toBe('S7.0');
    expect(s7.variants.map((v) => v.id)).toEqual(['S7.0', 'S7.1', 'S7.2', 'S7.3', 'S7.4', 'S7.5', 'S7.6']);
    expect(s7.switches.map((d) => d.name)).toEqual(['tlb_flush_ipi']);
    expect(s7.switches[0].default).toBe(false);
    expect(s7.invariants.map((i) => i.id)).toEqual(['I7.1']);
    expect(variant('S7.4').switches).toEqual({ tlb_flush_ipi: true });
    // The baseline is today's folio form; the tree of the race is a variant.
    expect(s7.baseline.try_get_compound_head).toEqual([]);
    expect(variant('S7.1').code(s7.baseline).try_get_folio).toEqual([]);
  });

  it('shares GUP-fast with S3: the same op names for the same C', () => {
    // The statements both model (the lockless PTE read, the IRQ section, the returned page).
    const ops = (code: typeof s7.baseline, fn: string) => new Map(code[fn].filter((s) => s.op !== 'if' && s.op !== 'call' && s.op !== 'return').map((s) => [s.c, s.op]));
    const mine = ops(s7.baseline, 'gup_pte_range');
    const theirs = ops(s3.baseline, 'gup_pte_range');
    for (const c of ['pte_t pte = ptep_get_lockless(ptep)', 'page = pte_page(pte)', 'folio_set_referenced(folio)', 'pages[*nr] = page; (*nr)++']) expect(mine.get(c)).toBe(theirs.get(c));
    // The PMD/PTE re-check and the grab test read the same conditions.
    const conds = (code: typeof s7.baseline) => code.gup_pte_range.filter((s) => s.op === 'if').map((s) => (s as IfStmt).c);
    expect(conds(s7.baseline)).toEqual(conds(s3.baseline));
    expect(s7.baseline.lockless_pages_from_mm.map((s) => s.c)).toEqual(s3.baseline.lockless_pages_from_mm.map((s) => s.c));
    // A separate scenario: S7 models the compound-head era and the split, S3 does not.
    expect(s3.functions.map((f) => f.name)).not.toContain('try_get_compound_head');
  });

  it('expresses the fix as an edit: the re-check follows the speculative reference', () => {
    const fixed = variant('S7.2').code(s7.baseline);
    const body = fixed.try_get_compound_head.map((s) => s.op === 'if' ? (s as IfStmt).c : s.op);
    expect(body.indexOf('folio_ref_try_add_rcu')).toBeGreaterThanOrEqual(0);
    expect(body.indexOf('if (unlikely(compound_head(page) != head))')).toBeGreaterThan(body.indexOf('folio_ref_try_add_rcu'));
    expect(fixed.put_page_refs).toBeDefined();
    const wrong = variant('S7.3').code(s7.baseline).try_get_compound_head.map((s) => s.op === 'if' ? (s as IfStmt).c : s.op);
    expect(wrong.indexOf('if (unlikely(compound_head(page) != head))')).toBeLessThan(wrong.indexOf('folio_ref_try_add_rcu'));
    expect(find(s7.baseline, 'try_get_folio', (s) => s.op === 'if' && s.c === 'if (unlikely(page_folio(page) != folio))')).not.toBeNull();
    expect(find(variant('S7.5').code(s7.baseline), 'try_get_folio', (s) => s.op === 'if' && s.c === 'if (unlikely(page_folio(page) != folio))')).toBeNull();
  });
});

describe('S7 gup-fast-split: the race as c24d37322548 tells it', () => {
  it('S7.1: head looked up, THP split and unfrozen, reference lands on the old head, the pte re-check passes', () => {
    for (const reduction of [true, false]) {
      const r = runVariant(s7, 'S7.1', {}, { reduction });
      expect(r.verdict).toBe('race');
      expect(r.invariant).toBe('I7.1');
      expectReplays(s7, variant('S7.1'), r.trace, 'I7.1');
    }
    const r = runVariant(s7, 'S7.1', {}, { reduction: false });
    const t = r.trace;
    expect([...new Set(t.filter((x) => !x.quiet).map((x) => x.actor))]).toEqual([GUP, SPLIT]);
    const readPte = indexOf(t, GUP, 'ptep_get_lockless');
    const head = indexOf(t, GUP, 'compound_head');
    const unmap = indexOf(t, SPLIT, 'try_to_unmap');
    const freeze = indexOf(t, SPLIT, 'page_ref_freeze');
    const split = indexOf(t, SPLIT, '__split_huge_page');
    const unfreeze = indexOf(t, SPLIT, 'page_ref_unfreeze');
    const grab = indexOf(t, GUP, 'page_cache_add_speculative');
    const remap = indexOf(t, SPLIT, 'remap_page');
    const ret = indexOf(t, GUP, 'return page');
    expect(readPte).toBeLessThan(head);
    expect(head).toBeLessThan(unmap);
    expect(unmap).toBeLessThan(freeze);
    expect(freeze).toBeLessThan(split);
    expect(split).toBeLessThan(unfreeze);
    expect(unfreeze).toBeLessThan(grab);
    expect(remap).toBeGreaterThan(unmap);
    expect(ret).toBe(t.length - 1);
    expect(t[head].detail).toBe('head = H (the THP head)');
    expect(t[grab].detail).toMatch(/reference taken on H .*T IS NO LONGER PART OF IT/);
    // The split happened while GUP-fast had interrupts off: no IPI held it back.
    expect(t[unmap].detail).toContain('no IPI');
    expect(t[grab].held).toContain('IRQs off');
    expect(r.violation).toMatch(/^I7\.1 violated: GUP-fast returned T pinned through H/);
    expect(columnDiagram(t, [r.violation ?? 'I7.1']).split('\n')[0]).toMatch(/^CPU0 gup-fast\s+CPU1 split_huge_page$/);
  });

  it('S7.2 and the folio baseline: the re-check sees the split and drops the reference', () => {
    for (const id of ['S7.0', 'S7.2']) expect(runVariant(s7, id, {}, { reduction: false }).verdict, id).toBe('safe');
  });

  it('S7.6: the v4.19 gup_pte_range, which takes the reference on the head itself, has the same race', () => {
    const r = runVariant(s7, 'S7.6', {}, { reduction: false });
    expect(r.verdict).toBe('race');
    const t = r.trace;
    const head = t.findIndex((x) => x.actor.startsWith('CPU0') && x.step === 'head = compound_head(page)');
    const grab = t.findIndex((x) => x.actor.startsWith('CPU0') && x.step === 'page_cache_get_speculative(head)');
    expect(head).toBeGreaterThanOrEqual(0);
    expect(grab).toBeGreaterThan(head);
    expectReplays(s7, variant('S7.6'), r.trace, 'I7.1');
  });

  it('S7.5: the folio code without the re-check has the same race', () => {
    const r = runVariant(s7, 'S7.5', {}, { reduction: false });
    expect(r.verdict).toBe('race');
    expect(r.trace.some((x) => x.step === 'folio_ref_try_add_rcu(folio, refs)')).toBe(true);
    expectReplays(s7, variant('S7.5'), r.trace, 'I7.1');
  });
});

describe('S7 gup-fast-split: tlb_flush_ipi', () => {
  it('on bare-metal x86 the split cannot unmap while GUP-fast has interrupts off: every variant is safe', () => {
    for (const reduction of [true, false]) {
      for (const v of s7.variants) {
        const r = runVariant(s7, v.id, { tlb_flush_ipi: true }, { reduction });
        expect(r.verdict, v.id).toBe('safe');
      }
    }
  });

  it('every declared invariant is violated by some variant', () => {
    for (const inv of s7.invariants) {
      expect(s7.variants.filter((v) => v.expected === 'race').some((v) => runVariant(s7, v.id).invariant === inv.id), inv.id).toBe(true);
    }
  });
});
