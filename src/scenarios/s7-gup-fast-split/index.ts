/**
 * S7 gup-fast-split: GUP-fast finds a subpage T of a THP through a lockless PTE read, computes the
 * head H with compound_head(T), and only then takes a speculative reference on H. If the THP is
 * split in between (split_huge_page: unmap to migration entries, freeze H's refcount, split,
 * unfreeze, remap), the reference lands on H, which is no longer T's head, and the PTE re-check
 * cannot tell: the PTE maps T again, as before. GUP-fast returns T with a reference on an
 * unrelated page (c24d37322548). On bare-metal x86 the split's TLB flush waits for the IPI that
 * GUP-fast's interrupts-off section holds off; with a broadcast TLBI (arm64) or paravirtual
 * flushes (KVM guests) nothing does.
 *
 * Code: the baseline is today's folio form (mm/gup.c v6.4: gup_pte_range -> try_grab_folio ->
 * try_get_folio, in S3's words); the variants hold the v5.13 tree of the race
 * (try_grab_compound_head -> try_get_compound_head, pin_user_pages_fast flags) and its fix
 * (v5.14). The splitter is mm/huge_memory.c split_huge_page_to_list() for an anonymous THP
 * mapped by PTEs.
 *
 * Machine: subpage T of THP H mapped by one PTE; T's compound_head (H, or T itself after the
 * split); the refcounts of H and T (0 = frozen or free); CPU0's interrupts-off flag and its
 * locals (the PTE it read, the head it computed, the page its reference is on).
 */
import { call, compileActor, constCond, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Semantics, type StepSpec, type Stmt } from '../../model/code.js';
import { anchor } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { insertAfter, insertBefore, remove } from '../../model/edit.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

// Pages: the head of the THP and the subpage the PTE maps.
const NO_PAGE = 0;
const H = 1;
const T = 2;
const PAGE = ['no page', 'H (the THP head)', 'T (the subpage)'];

const GUP = 'mm/gup.c';

const isIf = (c: string) => (s: Stmt) => s.op === 'if' && s.c === c;

const SPECULATIVE_IF = 'if (unlikely(!page_cache_add_speculative(head, refs)))';
const speculativeRef = (c: string, ifc: string): Stmt[] => [
  op('folio_ref_try_add_rcu', c),
  iff(ifc, not(op('folio_grabbed', c)), [ret('return NULL')]),
];

// --- kernel code as data -----------------------------------------------------------------

/** v5.13 (pin_user_pages_fast): the tree of the race. */
const v513: KernelCode = {
  lockless_pages_from_mm: [
    op('local_irq_save', 'local_irq_save(flags)'),
    call('gup_pte_range', 'gup_pgd_range(start, end, gup_flags, pages, &nr_pinned)'),
    op('local_irq_restore', 'local_irq_restore(flags)'),
  ],
  gup_pte_range: [
    op('ptep_get_lockless', 'pte_t pte = ptep_get_lockless(ptep)'),
    iff('if (pte_protnone(pte))', op('pte_protnone', 'pte_protnone(pte)'), [ret('goto pte_unmap')]),
    iff('if (!pte_access_permitted(pte, flags & FOLL_WRITE))', not(op('pte_access_permitted', 'pte_access_permitted(pte, flags & FOLL_WRITE)')), [ret('goto pte_unmap')]),
    op('pte_page', 'page = pte_page(pte)'),
    call('try_grab_compound_head', 'head = try_grab_compound_head(page, 1, flags)'),
    iff('if (!head)', not(op('folio_grabbed', 'head')), [ret('goto pte_unmap')]),
    iff('if (unlikely(pte_val(pte) != pte_val(*ptep)))', op('pte_changed', 'pte_val(pte) != pte_val(*ptep)'), [
      op('gup_put_folio', 'put_compound_head(head, 1, flags)'),
      ret('goto pte_unmap'),
    ]),
    op('vm_bug_on_head', 'VM_BUG_ON_PAGE(compound_head(page) != head, page)'),
    op('folio_set_referenced', 'SetPageReferenced(page)'),
    op('gup_return_page', 'pages[*nr] = page'),
  ],
  try_grab_compound_head: [
    // FOLL_PIN (pin_user_pages_fast); the FOLL_GET branch is decided statically.
    op('is_pinnable_page', 'if (unlikely((flags & FOLL_LONGTERM) && !is_pinnable_page(page)))'),
    // Reads compound_head(page) before any reference is held (the fix moves it below).
    iff('if (!hpage_pincount_available(page))', not(op('hpage_pincount_available', 'hpage_pincount_available(page)')), []),
    call('try_get_compound_head', 'page = try_get_compound_head(page, refs)'),
    iff('if (!page)', not(op('folio_grabbed', 'page')), [ret('return NULL')]),
    iff('if (hpage_pincount_available(page))', op('hpage_pincount_available', 'hpage_pincount_available(page)'), [op('hpage_pincount_add', 'hpage_pincount_add(page, refs)')]),
    op('mod_node_page_state', 'mod_node_page_state(page_pgdat(page), NR_FOLL_PIN_ACQUIRED, orig_refs)'),
  ],
  try_get_compound_head: [
    op('compound_head', 'struct page *head = compound_head(page)'),
    iff('if (WARN_ON_ONCE(page_ref_count(head) < 0))', constCond('WARN_ON_ONCE(page_ref_count(head) < 0)', false), [ret('return NULL')]),
    ...speculativeRef('page_cache_add_speculative(head, refs)', SPECULATIVE_IF),
  ],
  // Not in this tree (the folio form, v5.18 on): empty, so that a patch to them does not place
  // here and the check looks for the variant that has them.
  try_grab_folio: [],
  try_get_folio: [],
};

/**
 * v4.5 (7aef4172c795) to v5.0: gup_pte_range() takes the speculative reference on
 * compound_head(page) itself; v5.1 (8fde12ca79af) moved it into try_get_compound_head(). The
 * same race as v5.13: the head is read before the reference is held.
 */
const v419: KernelCode = {
  ...v513,
  gup_pte_range: [
    op('ptep_get_lockless', 'pte_t pte = gup_get_pte(ptep)'),
    iff('if (pte_protnone(pte))', op('pte_protnone', 'pte_protnone(pte)'), [ret('goto pte_unmap')]),
    iff('if (!pte_access_permitted(pte, write))', not(op('pte_access_permitted', 'pte_access_permitted(pte, write)')), [ret('goto pte_unmap')]),
    op('pte_page', 'page = pte_page(pte)'),
    op('compound_head', 'head = compound_head(page)'),
    op('folio_ref_try_add_rcu', 'page_cache_get_speculative(head)'),
    iff('if (!page_cache_get_speculative(head))', not(op('folio_grabbed', 'page_cache_get_speculative(head)')), [ret('goto pte_unmap')]),
    iff('if (unlikely(pte_val(pte) != pte_val(*ptep)))', op('pte_changed', 'pte_val(pte) != pte_val(*ptep)'), [
      op('gup_put_folio', 'put_page(head)'),
      ret('goto pte_unmap'),
    ]),
    op('vm_bug_on_head', 'VM_BUG_ON_PAGE(compound_head(page) != head, page)'),
    op('folio_set_referenced', 'SetPageReferenced(page)'),
    op('gup_return_page', 'pages[*nr] = page; (*nr)++'),
  ],
  // Not in this tree yet.
  try_grab_compound_head: [],
  try_get_compound_head: [],
};

/** The recheck of c24d37322548, with the put it needs (`put_page_refs`, added by the fix). */
const recheck = (cond: string, c: string, put: Stmt): Stmt =>
  iff(c, op('head_changed', cond), [put, ret('return NULL')]);

/** c24d37322548: re-check that the page still belongs to the head after the reference is taken. */
const fix = (b: KernelCode): KernelCode => {
  let c = insertAfter(b, 'try_get_compound_head', isIf(SPECULATIVE_IF), [
    recheck('compound_head(page) != head', 'if (unlikely(compound_head(page) != head))', call('put_page_refs', 'put_page_refs(head, refs)')),
  ]);
  // "Move anything else that checks compound_head(page) below the refcount increment."
  c = remove(c, 'try_grab_compound_head', isIf('if (!hpage_pincount_available(page))'));
  c = insertAfter(c, 'try_grab_compound_head', isIf('if (!page)'), [
    iff('if (!hpage_pincount_available(page))', not(op('hpage_pincount_available', 'hpage_pincount_available(page)')), []),
  ]);
  return { ...c, put_page_refs: [op('put_page', 'put_page(page)')] };
};

/**
 * The folio form (v5.18 on; the v6.4 text): try_grab_folio / try_get_folio with the re-check,
 * gup_pte_range as S3 models it. This is the scenario's baseline: the tree patches are written
 * against today; the v5.13 variants keep the code of the race.
 */
const folio = (b: KernelCode): KernelCode => {
  const get: Stmt[] = [
    op('compound_head', 'folio = page_folio(page)'),
    iff('if (WARN_ON_ONCE(folio_ref_count(folio) < 0))', constCond('WARN_ON_ONCE(folio_ref_count(folio) < 0)', false), [ret('return NULL')]),
    ...speculativeRef('folio_ref_try_add_rcu(folio, refs)', 'if (unlikely(!folio_ref_try_add_rcu(folio, refs)))'),
    // The retry loop is abstracted as a bail-out: the model's split happens once.
    recheck(
      'page_folio(page) != folio',
      'if (unlikely(page_folio(page) != folio))',
      iff('if (!put_devmap_managed_page_refs(&folio->page, refs))', not(constCond('put_devmap_managed_page_refs(&folio->page, refs)', false)), [
        op('put_page', 'folio_put_refs(folio, refs)'),
      ]),
    ),
  ];
  const put = (): Stmt[] => [op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'), ret('goto pte_unmap')];
  return {
    ...b,
    // Gone from this tree: empty, so that a patch to them places on the v5.13 variants instead.
    try_grab_compound_head: [],
    try_get_compound_head: [],
    put_page_refs: [],
    // The v6.x body, in S3's words (same C, same ops).
    gup_pte_range: [
      op('ptep_get_lockless', 'pte_t pte = ptep_get_lockless(ptep)'),
      iff('if (pte_protnone(pte))', op('pte_protnone', 'pte_protnone(pte)'), [ret('goto pte_unmap')]),
      iff('if (!pte_access_permitted(pte, flags & FOLL_WRITE))', not(op('pte_access_permitted', 'pte_access_permitted(pte, flags & FOLL_WRITE)')), [ret('goto pte_unmap')]),
      op('pte_page', 'page = pte_page(pte)'),
      call('try_grab_folio', 'folio = try_grab_folio(page, 1, flags)'),
      iff('if (!folio)', not(op('folio_grabbed', 'folio')), [ret('goto pte_unmap')]),
      iff('if (unlikely(page_is_secretmem(page)))', op('page_is_secretmem', 'page_is_secretmem(page)'), put()),
      iff(
        'if (unlikely(pmd_val(pmd) != pmd_val(*pmdp)) || unlikely(pte_val(pte) != pte_val(ptep_get(ptep))))',
        or('pmd_val(pmd) != pmd_val(*pmdp) || pte_val(pte) != pte_val(ptep_get(ptep))', op('pmd_changed', 'pmd_val(pmd) != pmd_val(*pmdp)'), op('pte_changed', 'pte_val(pte) != pte_val(ptep_get(ptep))')),
        put(),
      ),
      iff('if (!pte_write(pte) && gup_must_unshare(NULL, flags, page))', op('must_unshare', 'gup_must_unshare(NULL, flags, page)'), put()),
      op('folio_set_referenced', 'folio_set_referenced(folio)'),
      op('gup_return_page', 'pages[*nr] = page; (*nr)++'),
    ],
    try_grab_folio: [
      op('is_pci_p2pdma_page', 'if (unlikely(!(flags & FOLL_PCI_P2PDMA) && is_pci_p2pdma_page(page)))'),
      op('is_longterm_pinnable_page', 'if (unlikely((flags & FOLL_LONGTERM) && !is_longterm_pinnable_page(page)))'),
      call('try_get_folio', 'folio = try_get_folio(page, refs)'),
      iff('if (!folio)', not(op('folio_grabbed', 'folio')), [ret('return NULL')]),
      // (A large folio counts its pins exactly; a small one in its refcount, by the bias. T's folio
      // is an order-9 THP: the test is the machine's hpage_pincount_available, always true. Both
      // counts are kept as the kernel has them, so that a patch to either lifts.)
      iff('if (folio_test_large(folio))', op('hpage_pincount_available', 'folio_test_large(folio)'), [op('folio_pin_count_add', 'atomic_add(refs, &folio->_pincount)')], [
        op('folio_pin_count_add', 'folio_ref_add(folio, refs * (GUP_PIN_COUNTING_BIAS - 1))'),
      ]),
      op('node_stat_mod_folio', 'node_stat_mod_folio(folio, NR_FOLL_PIN_ACQUIRED, refs)'),
    ],
    try_get_folio: get,
  };
};

export const s7: Scenario = {
  lexicon,
  id: 'S7',
  name: 'gup-fast-split',
  question:
    'Does GUP-fast confirm, after its speculative reference is held, that the page it found still belongs to the compound page (folio) it took the reference on?',
  actors: ['CPU0 gup-fast (IRQs off)', 'CPU1 split_huge_page'],
  switches: [
    {
      name: 'tlb_flush_ipi',
      values: [false, true],
      default: false,
      doc: 'the split\'s TLB shootdown waits for an IPI that GUP-fast\'s interrupts-off section holds off (bare-metal x86), rather than a broadcast TLBI (arm64) or a paravirtual flush (KVM guests)',
      phrases: {
        false: 'where the TLB flush does not wait for an IPI (arm64 broadcast TLBI, paravirtual flushes in KVM guests)',
        true: 'on bare-metal x86, where the split\'s flush IPI waits for GUP-fast to re-enable interrupts',
      },
    },
  ],
  invariants: [{ id: 'I7.1', text: 'GUP-fast returns a page only with its reference on that page\'s current head (folio)' }],
  functions: ['lockless_pages_from_mm', 'gup_pte_range', 'try_grab_compound_head', 'try_get_compound_head', 'try_grab_folio', 'try_get_folio'].map((name) => ({ name, file: GUP })),
  baseline: folio(fix(v513)),
  baselineVariant: 'S7.0',
  variants: [
    {
      id: 'S7.0',
      title: 'v5.18 to v6.x folio form: try_get_folio() re-checks page_folio(page) == folio',
      source: 'mm/gup.c v6.4 (c24d37322548\'s check in the folio conversion)',
      expected: 'safe',
      invariants: [],
      code: (b) => b,
    },
    {
      id: 'S7.1',
      until: '5.13',
      title: 'v5.13: head computed before the speculative reference, only the PTE is re-checked',
      source: 'mm/gup.c v5.13; c24d37322548',
      expected: 'race',
      invariants: ['I7.1'],
      code: () => v513,
    },
    {
      id: 'S7.2',
      until: '5.17',
      title: 'fix c24d37322548: re-check compound_head(page) == head once the reference is held',
      source: 'c24d37322548 "mm/gup: fix try_grab_compound_head() race with split_huge_page()"',
      expected: 'safe',
      invariants: [],
      code: () => fix(v513),
    },
    {
      id: 'S7.3',
      title: 'wrong fix: re-check compound_head(page) before taking the reference',
      source: 'inference (nothing is stable before the reference)',
      expected: 'race',
      invariants: ['I7.1'],
      code: () =>
        insertBefore(v513, 'try_get_compound_head', (s) => s.op === 'folio_ref_try_add_rcu', [
          recheck('compound_head(page) != head', 'if (unlikely(compound_head(page) != head))', op('put_page', 'put_page(head)')),
        ]),
    },
    {
      id: 'S7.4',
      until: '5.13',
      title: 'the v5.13 code on bare-metal x86 (flush IPIs wait for GUP-fast)',
      source: 'c24d37322548 ("can\'t actually happen on bare-metal x86")',
      expected: 'safe',
      invariants: [],
      switches: { tlb_flush_ipi: true },
      code: () => v513,
    },
    {
      id: 'S7.5',
      title: 'broken refactor: try_get_folio() without the page_folio() re-check',
      source: 'inference (the claim of 7aef4172c795 that the PTE re-check serialises against split)',
      expected: 'race',
      invariants: ['I7.1'],
      code: (b) => remove(b, 'try_get_folio', isIf('if (unlikely(page_folio(page) != folio))')),
    },
    {
      id: 'S7.6',
      until: '5.0',
      title: 'v4.5 to v5.0: gup_pte_range() takes the reference on compound_head(page) itself, only the PTE is re-checked',
      source: 'mm/gup.c v4.19 (7aef4172c795, the commit c24d37322548 fixes)',
      expected: 'race',
      invariants: ['I7.1'],
      code: () => v419,
    },
  ],
  build,
};

// --- the machine ---------------------------------------------------------------------------

function build(code: KernelCode, sw: Switches): Model {
  const ipi = sw.tlb_flush_ipi === true;
  const L = new Layout();
  const pc = [L.v('cpu0.pc'), L.v('cpu1.pc')];
  // The PTE maps T (1) or is a migration entry (0) while the split runs.
  const pte = L.v('pte.maps_T', 1, 1);
  const tIsTail = L.v('T.is_tail_of_H', 1, 1);
  // H: one ref held by the splitter (its caller's pin) and one for the mapping of T.
  const ref = [0, L.v('H.refcount', 2, 4), L.v('T.refcount', 0, 4)];
  const irqOff = L.v('cpu0.irqs_off', 0, 1);
  // CPU0's locals.
  const snapPte = L.v('cpu0.pte', 0, 1);
  const head = L.v('cpu0.head', NO_PAGE, 2);
  const held = L.v('cpu0.ref_on', NO_PAGE, 2);
  const grabbed = L.v('cpu0.result', 0, 1);
  const returned = L.v('cpu0.returned', 0, 1);
  // CPU1's local: the refcount freeze succeeded.
  const frozen = L.v('cpu1.frozen', 0, 1);

  const headOfT = (m: Mem) => (m.get(tIsTail) ? H : T);
  // Dropping the reference also makes the grab's result NULL: every put in these paths is
  // followed by `return NULL` (or a retry, which the model treats as a bail-out).
  const putHeld = (m: Mem) => {
    const p = m.get(held);
    if (p !== NO_PAGE) {
      m.set(ref[p], m.get(ref[p]) - 1);
      m.set(held, NO_PAGE);
    }
    m.set(grabbed, 0);
  };
  const putSpec: StepSpec = {
    primitive: 'put_page',
    apply: putHeld,
    may: { reads: [held, ref[H], ref[T]], writes: [held, ref[H], ref[T], grabbed] },
    note: (m) => `reference dropped (H.refcount ${m.get(ref[H])})`,
  };

  const cpu0Step = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'local_irq_save':
        return { apply: (m) => m.set(irqOff, 1), may: { reads: [], writes: [irqOff] }, note: () => 'IRQs off' };
      case 'local_irq_restore':
        return { apply: (m) => m.set(irqOff, 0), may: { reads: [], writes: [irqOff] }, note: () => 'IRQs on' };
      case 'ptep_get_lockless':
        return {
          apply: (m) => m.set(snapPte, m.get(pte)),
          may: { reads: [pte], writes: [snapPte] },
          note: (m) => (m.get(snapPte) ? 'pte maps subpage T' : 'pte is a migration entry'),
        };
      case 'compound_head':
        return {
          primitive: 'compound_head',
          apply: (m) => m.set(head, headOfT(m)),
          may: { reads: [tIsTail], writes: [head] },
          note: (m) => `head = ${PAGE[m.get(head)]}`,
        };
      case 'folio_ref_try_add_rcu':
        return {
          primitive: /^\w+/.exec(o.c)?.[0] ?? 'folio_ref_try_add_rcu',
          apply: (m) => {
            const h = m.get(head);
            // No head read yet (only a mis-ordered lift gets here): no page to take a reference on.
            if (h === NO_PAGE || m.get(ref[h]) === 0) {
              m.set(grabbed, 0);
              return;
            }
            m.set(ref[h], m.get(ref[h]) + 1);
            m.set(held, h);
            m.set(grabbed, 1);
          },
          may: { reads: [head, ref[H], ref[T]], writes: [ref[H], ref[T], held, grabbed] },
          note: (m) =>
            m.get(grabbed)
              ? `reference taken on ${PAGE[m.get(held)]} (refcount ${m.get(ref[m.get(held)])})${m.get(held) !== headOfT(m) ? ': T IS NO LONGER PART OF IT' : ''}`
              : 'refcount frozen (0): no reference',
        };
      case 'put_page':
      case 'gup_put_folio':
        return putSpec;
      case 'gup_return_page':
        return {
          primitive: 'return page',
          apply: (m) => m.set(returned, 1),
          may: { reads: [], writes: [returned] },
          note: (m) => `T returned to the caller, pinned through ${PAGE[m.get(held)]}`,
        };
      case 'pte_page':
      case 'is_pinnable_page':
      case 'is_pci_p2pdma_page':
      case 'hpage_pincount_add':
      case 'folio_pin_count_add':
      case 'mod_node_page_state':
      case 'node_stat_mod_folio':
      case 'vm_bug_on_head':
      case 'folio_set_referenced':
      case 'is_longterm_pinnable_page':
      case 'read_folio_mapping':
      case 'mapping_allows_pin':
        return anchor(o.op);
      // A pin-decision helper's result (S3's vocabulary): it decides nothing about I7.1.
      case 'set_allowed':
        return { apply: (m) => m.set(grabbed, m.get(grabbed)), may: { reads: [grabbed], writes: [grabbed] }, quiet: true };
      default:
        return null;
    }
  };
  const cpu0Cond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_protnone':
        return { test: () => false, reads: [] };
      case 'pte_access_permitted':
        return { test: (m) => m.get(snapPte) === 1, reads: [snapPte] };
      case 'folio_grabbed':
        return { test: (m) => m.get(grabbed) === 1, reads: [grabbed] };
      case 'pte_changed':
        return { test: (m) => m.get(pte) !== m.get(snapPte), reads: [pte, snapPte] };
      // S7 has no PMD-level change: the THP is already mapped by PTEs.
      case 'pmd_changed':
        return { test: () => false, reads: [] };
      case 'head_changed':
        return { test: (m) => headOfT(m) !== m.get(head), reads: [tIsTail, head] };
      // GUP-fast's other bail-outs never fire for this anonymous, writable, non-secretmem page;
      // the folio passes the pin checks of S3 (an anonymous mapping).
      case 'page_is_secretmem':
      case 'must_unshare':
        return { test: () => false, reads: [] };
      case 'pin_allowed':
      case 'mapping_nonnull':
      case 'folio_is_anon':
        return { test: () => true, reads: [] };
      // Order-9 THP: the exact pincount is available (it only decides how the pin is counted).
      case 'hpage_pincount_available':
        return { test: () => true, reads: [] };
      default:
        return null;
    }
  };
  const sem: Semantics = { step: cpu0Step, cond: cpu0Cond };
  const cpu0 = compileActor('CPU0 gup-fast', pc[0], code, ['lockless_pages_from_mm'], sem);

  // --- CPU1: split_huge_page_to_list() on the anonymous THP -------------------------------
  const cpu1Code: KernelCode = {
    split_huge_page_to_list: [
      op('unmap_page', 'unmap_page(head)'),
      op('page_ref_freeze', 'page_ref_freeze(head, 1 + extra_pins)'),
      iff('if (!mapcount && page_ref_freeze(head, 1 + extra_pins)) {', op('frozen', 'page_ref_freeze(head, 1 + extra_pins)'), [
        op('split_tail', '__split_huge_page_tail(head, i, lruvec, list)'),
        op('unfreeze', 'page_ref_unfreeze(head, 2)'),
        op('remap_page', 'remap_page(head, thp_nr_pages(head))'),
      ], [
        op('remap_page', 'remap_page(head, thp_nr_pages(head))'),
      ]),
    ],
  };
  const cpu1 = compileActor('CPU1 split_huge_page', pc[1], cpu1Code, ['split_huge_page_to_list'], {
    step: (o) => {
      switch (o.op) {
        case 'unmap_page':
          // try_to_unmap(TTU_SPLIT_FREEZE): ptep_clear_flush(), then a migration entry; the
          // mapping's reference on H goes. With IPIs the flush cannot finish while CPU0 has
          // interrupts off.
          return {
            primitive: 'try_to_unmap',
            guard: ipi ? (m) => m.get(irqOff) === 0 : undefined,
            apply: (m) => {
              m.set(pte, 0);
              m.set(ref[H], m.get(ref[H]) - 1);
            },
            may: { reads: [ref[H], ...(ipi ? [irqOff] : [])], writes: [pte, ref[H]] },
            note: () => (ipi ? 'pte -> migration entry; flush IPI acked by every CPU' : 'pte -> migration entry; TLBI broadcast (no IPI to wait for)'),
          };
        case 'page_ref_freeze':
          return {
            apply: (m) => {
              if (m.get(ref[H]) === 1) {
                m.set(ref[H], 0);
                m.set(frozen, 1);
              }
            },
            may: { reads: [ref[H]], writes: [ref[H], frozen] },
            note: (m) => (m.get(frozen) ? 'H.refcount frozen at 0' : `H.refcount ${m.get(ref[H])}: someone holds a reference, split fails (-EBUSY)`),
          };
        case 'split_tail':
          return {
            primitive: '__split_huge_page',
            apply: (m) => {
              m.set(tIsTail, 0);
              m.set(ref[T], 1);
            },
            may: { reads: [], writes: [tIsTail, ref[T]] },
            note: () => 'T split off: compound_head(T) == T now; T has its own refcount',
          };
        case 'unfreeze':
          return { primitive: 'page_ref_unfreeze', apply: (m) => m.set(ref[H], 1), may: { reads: [], writes: [ref[H]] }, note: () => 'H.refcount 1 again: H is an order-0 page now' };
        case 'remap_page':
          return {
            apply: (m) => {
              m.set(pte, 1);
              if (!m.get(frozen)) m.set(ref[H], m.get(ref[H]) + 1);
            },
            may: { reads: [frozen, ref[H]], writes: [pte, ref[H]] },
            note: () => 'migration entry replaced: the pte maps T again (same value GUP-fast read)',
          };
        default:
          return null;
      }
    },
    cond: (o) => (o.op === 'frozen' ? { test: (m) => m.get(frozen) === 1, reads: [frozen] } : null),
  });

  const invariants: Invariant[] = [
    {
      id: 'I7.1',
      text: 'GUP-fast returns a page only with its reference on that page\'s current head (folio)',
      reads: [returned, held, tIsTail],
      holds: (m) => !m.get(returned) || m.get(held) === headOfT(m),
      explain: (m) =>
        `GUP-fast returned T pinned through ${PAGE[m.get(held)]}, but T's head is ${PAGE[headOfT(m)]}: the reference keeps the wrong page alive and T can be freed under the caller`,
    },
  ];

  return {
    name: 'S7 gup-fast-split',
    layout: L,
    actors: [cpu0, cpu1],
    invariants,
    held: (m, a) => {
      const out: string[] = [];
      if (a === 0 && m.get(irqOff)) out.push('IRQs off');
      if (a === 0 && m.get(held)) out.push(`ref on ${m.get(held) === H ? 'H' : 'T'}`);
      if (a === 1 && m.get(frozen) && m.get(ref[H]) === 0) out.push('H frozen');
      return out;
    },
  };
}

export const _internal = { fix, folio };
