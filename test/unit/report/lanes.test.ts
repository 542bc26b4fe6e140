/** The mail's column diagram: within 72 columns, lanes as wide as they need, no word cut. */
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../../src/model/trace.js';
import { elideCall, laneDiagram, laneWidths, layoutCode, wrapProse } from '../../../src/report/lanes.js';

const step = (actor: string, c: string, detail = '', held: string[] = []): TraceStep => ({ actor, step: c, primitive: 'x', fn: null, detail, held, quiet: false });

// The S3 GUP-fast interleaving of the issue (three lanes at 72 columns).
const S3: TraceStep[] = [
  step('CPU0 gup-fast', 'local_irq_save(flags)', 'IRQs off', ['IRQs off']),
  step('CPU0 gup-fast', 'pmd_t pmd = pmdp_get_lockless(pmdp)', 'pmd = page table', ['IRQs off']),
  step('CPU0 gup-fast', 'pte_t pte = ptep_get_lockless(ptep)', 'pte maps page P', ['IRQs off']),
  step('khugepaged', 'mmap_write_lock(mm)', '', ['mmap_lock(w)']),
  step('khugepaged', '_pmd = pmdp_collapse_flush(vma, address, pmd)', 'pmd cleared, TLBI broadcast (no IPI)', ['mmap_lock(w)']),
  step('khugepaged', 'result = __collapse_huge_page_isolate(vma, address, pte, cc, &compound_pagelist)', 'refcount 1: page isolated for collapse', ['mmap_lock(w)']),
  step('khugepaged', '__collapse_huge_page_copy(pte, hpage, pmd, _pmd, vma, address, pte_ptl, &compound_pagelist)', 'page P copied into the huge page, pte cleared, P discarded', ['mmap_lock(w)']),
  step('CPU2 allocator', 'page = alloc_pages(GFP_KERNEL, 0); /* slab or page cache of another file */', "page P reallocated; its ->mapping now belongs to the new owner"),
  step('CPU0 gup-fast', 'struct address_space *mapping = READ_ONCE(folio->mapping)', "ANOTHER OWNER's ->mapping (page was freed and reused)", ['IRQs off']),
];

// A long condition in a two-lane trace.
const S2: TraceStep[] = [
  step('T_uffd', 'set_pte_at(dst_mm, dst_addr, dst_pte, _dst_pte)', 'pte installed R/O, maps page-cache page P', ['PTL']),
  step('T_reclaim', 'if (!mapping || !__remove_mapping(mapping, page, true, sc->target_mem_cgroup)) goto keep_locked', 'P dropped: clean, no dirty pte; the UFFDIO_COPY data is lost'),
];

/** Word-like tokens of a text: a cut identifier shows up as a token the input never had. */
const tokens = (s: string) => new Set(s.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
const inputTokens = (t: readonly TraceStep[]) => tokens(t.map((x) => `${x.actor} ${x.step} ${x.detail} ${x.held.join(' ')}`).join(' '));

describe('laneDiagram', () => {
  for (const [name, trace] of [['three lanes (S3)', S3], ['a long condition (S2)', S2]] as const) {
    it(`${name}: columns within 72, no identifier cut`, () => {
      const d = laneDiagram(trace, []);
      const lines = d.split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(72);
      // Side by side, not the one-under-the-other fallback.
      expect(lines.find((l) => l.startsWith('-'))).toMatch(trace === S3 ? /^-+ {2}-+ {2}-+$/ : /^-+ {2}-+$/);
      const have = inputTokens(trace);
      for (const t of tokens(d)) expect(have.has(t), `"${t}" is not a word of the trace`).toBe(true);
    });
  }

  it('keeps one call on one line where its lane allows', () => {
    const lines = laneDiagram(S3, []).split('\n').map((l) => l.trim());
    for (const call of ['local_irq_save(flags)', '__collapse_huge_page_isolate(...)', '__collapse_huge_page_copy(...)', '_pmd = pmdp_collapse_flush(...)', 'READ_ONCE(...)'])
      expect(lines.some((l) => l.includes(call)), call).toBe(true);
    expect(lines.some((l) => l.endsWith('__collapse_huge_page_i'))).toBe(false);
  });

  it('lists the steps one under the other when the lanes cannot fit side by side', () => {
    const many = Array.from({ length: 6 }, (_, i) => step(`actor${i}`, `some_rather_long_function_name_${i}(argument)`));
    const d = laneDiagram(many, ['footer text']);
    expect(d.split('\n')[0]).toBe('actor0: some_rather_long_function_name_0(argument)');
    expect(d.endsWith('footer text')).toBe(true);
  });
});

describe('pieces', () => {
  it('elides the arguments of a call, not of a condition', () => {
    expect(elideCall('x = foo(a, b)')).toBe('x = foo(...)');
    expect(elideCall('struct address_space *mapping = READ_ONCE(folio->mapping)')).toBe('struct address_space *mapping = READ_ONCE(...)');
    expect(elideCall('if (a(b))')).toBeNull();
    // A long run of words without a call must not send the matcher into exponential backtracking.
    expect(elideCall(`${'x'.repeat(60)} ${'y'.repeat(40)} = z`)).toBeNull();
    expect(layoutCode(`${'abcdefghij'.repeat(8)} + 1`, 40)).toEqual([`${'abcdefghij'.repeat(8)}`, '+ 1']);
  });

  it('breaks code after ` = `, `(` or `, `, never inside a word', () => {
    expect(layoutCode('result = __collapse_huge_page_isolate(vma, address, pte, cc, &compound_pagelist)', 33)).toEqual(['result =', '__collapse_huge_page_isolate(...)']);
    expect(layoutCode('set_pte_at(dst_mm, dst_addr, dst_pte, _dst_pte)', 30)).toEqual(['set_pte_at(...)']);
    for (const w of [12, 20, 30]) for (const l of layoutCode('if (!mapping || !__remove_mapping(mapping, page, true)) goto keep', w)) expect(l.length).toBeLessThanOrEqual(Math.max(w, '!__remove_mapping(mapping,'.length));
  });

  it('wraps prose at word boundaries and gives lanes the room they need, cheapest first', () => {
    expect(wrapProse('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrapProse('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(laneWidths([12, 20], [[15, 30]], 40)).toEqual([15, 25]);
    expect(laneWidths([30, 30], [[40, 40]], 50)).toBeNull();
  });
});
