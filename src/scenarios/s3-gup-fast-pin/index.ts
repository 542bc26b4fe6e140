/**
 * S3 gup-fast-pin: GUP-fast takes a speculative reference on a page it found through a PTE read
 * with no lock, then re-checks PMD and PTE. Anything it reads about the folio's owner
 * (`folio->mapping`) before that re-check may belong to whoever reallocated the page.
 * Code: mm/gup.c around v6.4 (lockless_pages_from_mm -> gup_pmd_range -> gup_pte_range).
 */
import { call, constCond, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Semantics, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import {
  anchor,
  declRwSem,
  dropRef,
  heldLocks,
  local_irq_restore,
  local_irq_save,
  mmap_read_lock,
  mmap_read_unlock,
  mmap_write_lock,
  mmap_write_unlock,
  pte_offset_map_lock,
  pte_unmap_unlock,
  ptep_get_and_clear,
  put_page,
  try_grab_folio,
  type MmState,
  type Page,
} from '../../mm/index.js';
import type { Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

// Page owners: who `folio->mapping` belongs to right now.
const OWNER_FREE = 0;
const OWNER_ANON = 1; // the anon page the PTE maps
const OWNER_REUSED = 2; // reallocated: slab or another file's page cache

// PMD values.
const PMD_NONE = 0;
const PMD_TABLE = 1; // points to the page table holding our PTE
const PMD_HUGE = 2; // collapsed: a huge page now

const GUP_FAST = [
  'lockless_pages_from_mm',
  'gup_pmd_range',
  'gup_pte_range',
  'try_grab_folio',
  'try_get_folio',
  'folio_fast_pin_allowed',
  'folio_longterm_write_pin_allowed',
  'page_is_secretmem',
] as const;

const baseline: KernelCode = {
  lockless_pages_from_mm: [
    op('local_irq_save', 'local_irq_save(flags)'),
    call('gup_pmd_range', 'gup_pgd_range(start, end, gup_flags, pages, &nr_pinned)'),
    op('local_irq_restore', 'local_irq_restore(flags)'),
  ],
  gup_pmd_range: [
    op('pmdp_get_lockless', 'pmd_t pmd = pmdp_get_lockless(pmdp)'),
    iff('if (!pmd_present(pmd))', not(op('pmd_present', 'pmd_present(pmd)')), [ret('return 0')]),
    iff('if (pmd_trans_huge(pmd) || pmd_huge(pmd) || pmd_devmap(pmd))', op('pmd_trans_huge', 'pmd_trans_huge(pmd)'), [ret('return 0')]),
    call('gup_pte_range', 'gup_pte_range(pmd, pmdp, addr, next, flags, pages, nr)'),
  ],
  gup_pte_range: [
    op('ptep_get_lockless', 'pte_t pte = ptep_get_lockless(ptep)'),
    iff('if (pte_protnone(pte))', op('pte_protnone', 'pte_protnone(pte)'), [ret('goto pte_unmap')]),
    iff(
      'if (!pte_access_permitted(pte, flags & FOLL_WRITE))',
      not(op('pte_access_permitted', 'pte_access_permitted(pte, flags & FOLL_WRITE)')),
      [ret('goto pte_unmap')],
    ),
    op('pte_page', 'page = pte_page(pte)'),
    call('try_grab_folio', 'folio = try_grab_folio(page, 1, flags)'),
    iff('if (!folio)', not(op('folio_grabbed', 'folio')), [ret('goto pte_unmap')]),
    iff('if (unlikely(page_is_secretmem(page)))', op('page_is_secretmem', 'page_is_secretmem(page)'), [
      op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'),
      ret('goto pte_unmap'),
    ]),
    iff(
      'if (unlikely(pmd_val(pmd) != pmd_val(*pmdp)) || unlikely(pte_val(pte) != pte_val(ptep_get(ptep))))',
      or(
        'pmd_val(pmd) != pmd_val(*pmdp) || pte_val(pte) != pte_val(ptep_get(ptep))',
        op('pmd_changed', 'pmd_val(pmd) != pmd_val(*pmdp)'),
        op('pte_changed', 'pte_val(pte) != pte_val(ptep_get(ptep))'),
      ),
      [op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'), ret('goto pte_unmap')],
    ),
    iff('if (!pte_write(pte) && gup_must_unshare(NULL, flags, page))', op('must_unshare', 'gup_must_unshare(NULL, flags, page)'), [
      op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'),
      ret('goto pte_unmap'),
    ]),
    op('folio_set_referenced', 'folio_set_referenced(folio)'),
    op('gup_return_page', 'pages[*nr] = page; (*nr)++'),
  ],
  try_grab_folio: [
    op('is_pci_p2pdma_page', 'if (unlikely(!(flags & FOLL_PCI_P2PDMA) && is_pci_p2pdma_page(page)))'),
    op('is_longterm_pinnable_page', 'if (unlikely((flags & FOLL_LONGTERM) && !is_longterm_pinnable_page(page)))'),
    call('try_get_folio', 'folio = try_get_folio(page, refs)'),
    iff('if (!folio)', not(op('folio_grabbed', 'folio')), [ret('return NULL')]),
    op('folio_pin_count_add', 'atomic_add(refs, &folio->_pincount)'),
  ],
  try_get_folio: [op('folio_ref_try_add_rcu', 'if (unlikely(!folio_ref_try_add_rcu(folio, refs)))')],
  page_is_secretmem: [],
  // Added by the series (v8, merged as a6e79df92e4a); present here so variants and patches can call it.
  folio_fast_pin_allowed: [
    iff('if ((flags & (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE)) != (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE))', constCond('(flags & (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE)) != (FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE)', false), [
      op('set_allowed', 'return true', { value: 1 }),
      ret('return true'),
    ]),
    op('lockdep_assert_irqs_disabled', 'lockdep_assert_irqs_disabled()'),
    op('read_folio_mapping', 'mapping = READ_ONCE(folio->mapping)'),
    iff('if (!mapping)', not(op('mapping_nonnull', 'mapping')), [op('set_allowed', 'return false', { value: 0 }), ret('return false')]),
    op('mapping_allows_pin', 'return (mapping_flags & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_ANON || shmem_mapping(mapping)'),
  ],
  // v7's helper, called from inside try_grab_folio.
  folio_longterm_write_pin_allowed: [
    op('lockdep_assert_irqs_disabled', 'lockdep_assert_irqs_disabled()'),
    op('read_folio_mapping', 'mapping = folio_mapping(folio)'),
    op('mapping_allows_pin', 'return !mapping || shmem_mapping(mapping) || folio_test_hugetlb(folio)'),
  ],
};

const fastPinCheck = [
  call('folio_fast_pin_allowed', 'folio_fast_pin_allowed(folio, flags)'),
  iff('if (!folio_fast_pin_allowed(folio, flags))', not(op('pin_allowed', 'folio_fast_pin_allowed(folio, flags)')), [
    op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'),
    ret('goto pte_unmap'),
  ]),
];

const isRecheck = (s: { op: string; c: string }) => s.op === 'if' && s.c.includes('pte_val(pte) != pte_val');

/** v8 / a6e79df92e4a: the mapping check after the PMD/PTE re-check. */
const v8 = (b: KernelCode) => insertAfter(b, 'gup_pte_range', isRecheck, fastPinCheck);

/** v7: the check inside try_grab_folio, once the reference is taken, before the re-check. */
const v7 = (b: KernelCode) =>
  insertAfter(b, 'try_grab_folio', (s) => s.op === 'if' && s.c === 'if (!folio)', [
    call('folio_longterm_write_pin_allowed', 'folio_longterm_write_pin_allowed(folio)'),
    iff(
      'if ((flags & FOLL_WRITE) && is_longterm && !folio_longterm_write_pin_allowed(folio))',
      not(op('pin_allowed', 'folio_longterm_write_pin_allowed(folio)')),
      [op('folio_put_refs', 'folio_put_refs(folio, refs)'), op('set_grabbed', 'return NULL', { value: 0 }), ret('return NULL')],
    ),
  ]);

export const s3: Scenario = {
  lexicon,
  id: 'S3',
  name: 'gup-fast-pin',
  question:
    'Does GUP-fast read anything owner-dependent (folio->mapping) before it has re-confirmed the PTE/PMD after taking its reference?',
  actors: ['CPU0 gup-fast (IRQs off)', 'CPU1 zap (MADV_DONTNEED)', 'CPU2 page allocator', 'khugepaged collapse'],
  switches: [
    { name: 'tlb_flush_ipi', values: [false, true], default: false, doc: 'TLB shootdown waits for an IPI (x86) instead of a broadcast TLBI (arm64)', phrases: { false: 'on architectures whose TLB flush does not IPI (broadcast TLBI, e.g. arm64)', true: 'on architectures whose TLB flush waits for an IPI (x86)' } },
    { name: 'gup_recheck_pmd', values: [true, false], default: true, doc: 'GUP-fast re-checks the PMD as well as the PTE (70cbc3cc78a9). Not set by the kernel version: the re-check is code (S3.4 is the code without it), and a patch that adds it must be seen adding it', phrases: { false: 'where GUP-fast does not re-check the PMD (before 70cbc3cc78a9)', true: 'with the PMD re-check' } },
  ],
  invariants: INVARIANTS.list,
  // (page_is_secretmem() is a static inline of include/linux/secretmem.h.)
  functions: GUP_FAST.map((name) => ({ name, file: name === 'page_is_secretmem' ? 'include/linux/secretmem.h' : 'mm/gup.c' })),
  baseline,
  baselineVariant: 'S3.0',
  variants: [
    { id: 'S3.0', title: 'pre-series: no mapping check', source: 'v6.4 mm/gup.c', expected: 'safe', invariants: [], code: (b) => b },
    {
      id: 'S3.1',
      posted: 'v7',
      title: 'v7: folio_mapping() check inside try_grab_folio, before the PTE re-check',
      source: 'M3a',
      expected: 'race',
      invariants: ['I3.2'],
      code: v7,
    },
    {
      id: 'S3.2',
      title: 'v8 / merged a6e79df92e4a: READ_ONCE(folio->mapping) after the PMD/PTE re-check',
      source: 'M3c',
      expected: 'safe',
      invariants: [],
      mergedIn: '6.5',
    code: v8,
    },
    {
      id: 'S3.3',
      title: 'broken: mapping check before try_grab_folio (no reference held)',
      source: 'inference',
      expected: 'race',
      invariants: ['I3.2'],
      code: (b) =>
        insertBefore(b, 'gup_pte_range', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'try_grab_folio', [
          call('folio_fast_pin_allowed', 'folio_fast_pin_allowed(folio, flags)'),
          iff('if (!folio_fast_pin_allowed(folio, flags))', not(op('pin_allowed', 'folio_fast_pin_allowed(folio, flags)')), [ret('goto pte_unmap')]),
        ]),
    },
    {
      id: 'S3.4', until: '6.0',
      title: 'broken: re-check only the PTE, not the PMD (THP collapse)',
      source: 'M3d (fixes 2667f50e8b81)',
      expected: 'race',
      invariants: ['I3.3'],
      switches: { gup_recheck_pmd: false },
      code: (b) =>
        replace(b, 'gup_pte_range', isRecheck, [
          iff('if (unlikely(pte_val(pte) != pte_val(*ptep)))', op('pte_changed', 'pte_val(pte) != pte_val(*ptep)'), [
            op('gup_put_folio', 'gup_put_folio(folio, 1, flags)'),
            ret('goto pte_unmap'),
          ]),
        ]),
    },
    {
      id: 'S3.5',
      posted: 'v7',
      title: 'comment-only claim "IRQs off => folio stable" (v7 rationale): checked by running v7 without IPI shootdown',
      source: 'M3a, seed 003',
      expected: null,
      invariants: ['I3.2'],
      note: 'IRQs off blocks IPI-based shootdown and RCU table freeing, not the freeing of data pages without an IPI',
      code: v7,
    },
    {
      id: 'S3.6',
      title: 'folio_mapping() instead of raw ->mapping, after the re-check',
      source: 'M3b',
      expected: 'safe',
      invariants: [],
      code: (b) =>
        replace(v8(b), 'folio_fast_pin_allowed', 'read_folio_mapping', [op('read_folio_mapping', 'mapping = folio_mapping(folio)')]),
    },
    {
      id: 'S3.7',
      title: 'drop folio_fast_pin_allowed (hugepd, hugetlbfs only)',
      source: 'M3f',
      expected: 'safe',
      invariants: [],
      code: (b) => remove(v8(b), 'gup_pte_range', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'folio_fast_pin_allowed'),
    },
  ],
  build,
};

function build(code: KernelCode, sw: Switches): Model {
  // Asserted by a step (->mapping read off a reused page).
  const mappingOfReused = INVARIANTS.id('I3.2');
  const ipi = sw.tlb_flush_ipi === true;
  const recheckPmd = sw.gup_recheck_pmd !== false;
  const L = new Layout();
  const pc = [L.v('cpu0.pc'), L.v('cpu1.pc'), L.v('cpu2.pc'), L.v('khugepaged.pc')];
  const pmd = L.v('pmd', PMD_TABLE, 2);
  const ptePresent = L.v('pte.present', 1, 1);
  const ref = L.v('page.refcount', 1, 4);
  const owner = L.v('page.owner', OWNER_ANON, 2);
  const collapsed = L.v('page.collapsed', 0, 1);
  const ptl = L.v('ptl', 0);
  const mmap = declRwSem(L, 'mmap_lock');
  const irqOff = L.v('cpu0.irqs_off', 0, 1);
  // CPU0's locals.
  const snapPmd = L.v('cpu0.pmd', PMD_NONE, 2);
  const snapPte = L.v('cpu0.pte.present', 0, 1);
  const held = L.v('cpu0.folio_ref', 0, 1);
  const grabbed = L.v('cpu0.folio', 0, 1);
  const mapping = L.v('cpu0.mapping', 0, 3);
  const allowed = L.v('cpu0.allowed', 0, 1);
  const pinned = L.v('cpu0.pinned', 0, 1);
  const cpu1Batched = L.v('cpu1.batched', 0, 1);
  const collapseOk = L.v('khugepaged.isolated', 0, 1);

  const nothing = { reads: [] as number[], writes: [] as number[] };
  // The PTE is modelled by whether it maps page P at all.
  const mm: MmState = { pte: { present: ptePresent }, ptl, mmap };
  // The last put frees P: its owner becomes "free" and the allocator may hand it out again.
  const P: Page = { name: 'P', refcount: ref, onFree: { v: owner, value: OWNER_FREE } };
  const put = dropRef(P).apply;

  const cpu0Step = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'local_irq_save':
        return local_irq_save(irqOff);
      case 'local_irq_restore':
        return local_irq_restore(irqOff);
      case 'pmdp_get_lockless':
        return { apply: (m) => m.set(snapPmd, m.get(pmd)), may: { reads: [pmd], writes: [snapPmd] }, note: (m) => `pmd = ${pmdName(m.get(snapPmd))}` };
      case 'ptep_get_lockless':
        // Reads the PTE through the page table the PMD pointed to when it was read, even if the
        // PMD has since been cleared (the table itself is freed only later).
        return { apply: (m) => m.set(snapPte, m.get(ptePresent)), may: { reads: [ptePresent], writes: [snapPte] }, note: (m) => (m.get(snapPte) ? 'pte maps page P' : 'pte none') };
      case 'try_get_folio':
      case 'folio_ref_try_add_rcu':
        return try_grab_folio(P, { held, grabbed }, {
          note: (m) => (m.get(grabbed) ? `ref taken (refcount ${m.get(ref)}${m.get(owner) === OWNER_REUSED ? ', page now owned by someone else' : ''})` : 'refcount was 0: no ref'),
        });
      case 'set_grabbed':
        return { apply: (m) => m.set(grabbed, Number(o.args?.value ?? 0)), may: { reads: [], writes: [grabbed] }, quiet: true };
      case 'gup_put_folio':
      case 'folio_put_refs':
        return put_page(P, { held, primitive: 'gup_put_folio' });
      case 'read_folio_mapping':
        return {
          primitive: 'read folio->mapping',
          apply: (m) => {
            const o2 = m.get(owner);
            m.set(mapping, o2 === OWNER_ANON ? 1 : o2 === OWNER_REUSED ? 2 : 0);
            if (o2 === OWNER_REUSED) return mappingOfReused;
          },
          may: { reads: [owner], writes: [mapping] },
          note: (m) => ['NULL (page free)', 'anon mapping', 'ANOTHER OWNER\'s ->mapping (page was freed and reused)'][m.get(mapping)],
        };
      case 'mapping_allows_pin':
        return { apply: (m) => m.set(allowed, m.get(mapping) === 1 || m.get(mapping) === 0 ? 1 : 0), may: { reads: [mapping], writes: [allowed] }, quiet: true };
      case 'set_allowed':
        return { apply: (m) => m.set(allowed, Number(o.args?.value ?? 0)), may: { reads: [], writes: [allowed] }, quiet: true };
      case 'gup_return_page':
        return { primitive: 'return page', apply: (m) => m.set(pinned, 1), may: { reads: [], writes: [pinned] }, note: () => 'page P pinned and returned to the caller' };
      case 'pte_page':
      case 'is_pci_p2pdma_page':
      case 'is_longterm_pinnable_page':
      case 'folio_pin_count_add':
      case 'folio_set_referenced':
      case 'lockdep_assert_irqs_disabled':
        return anchor(o.op);
      default:
        return null;
    }
  };

  const cpu0Cond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pmd_present':
        return { test: (m) => m.get(snapPmd) !== PMD_NONE, reads: [snapPmd] };
      case 'pmd_trans_huge':
        return { test: (m) => m.get(snapPmd) === PMD_HUGE, reads: [snapPmd] };
      case 'pte_protnone':
      case 'page_is_secretmem':
      case 'must_unshare':
        return { test: () => false, reads: [] };
      case 'pte_access_permitted':
        return { test: (m) => m.get(snapPte) === 1, reads: [snapPte] };
      case 'folio_grabbed':
        return { test: (m) => m.get(grabbed) === 1, reads: [grabbed] };
      case 'pmd_changed':
        return recheckPmd ? { test: (m) => m.get(pmd) !== m.get(snapPmd), reads: [pmd, snapPmd] } : { test: () => false, reads: [] };
      case 'pte_changed':
        return { test: (m) => m.get(ptePresent) !== m.get(snapPte), reads: [ptePresent, snapPte] };
      case 'pin_allowed':
        return { test: (m) => m.get(allowed) === 1, reads: [allowed] };
      case 'folio_is_anon':
        return { test: (m) => m.get(owner) === OWNER_ANON, reads: [owner] };
      case 'mapping_nonnull':
        return { test: (m) => m.get(mapping) !== 0, reads: [mapping] };
      default:
        return null;
    }
  };

  const sem: Semantics = { step: (o) => cpu0Step(o), cond: (o) => cpu0Cond(o) };
  const cpu0 = compileActor('CPU0 gup-fast', pc[0], code, ['lockless_pages_from_mm'], sem);

  // The TLB flush after the PTE or PMD is cleared: with IPIs it cannot finish while CPU0 has IRQs off.
  const flush = (label: string): StepSpec => ({
    primitive: 'flush_tlb',
    guard: ipi ? (m) => m.get(irqOff) === 0 : undefined,
    may: { reads: ipi ? [irqOff] : [], writes: [] },
    note: () => (ipi ? `${label}: IPI acked by every CPU` : `${label}: broadcast TLBI, no IPI to wait for`),
  });

  const cpu1Code: KernelCode = {
    zap_pte_range: [
      op('mmap_read_lock', 'mmap_read_lock(mm)'),
      op('spin_lock', 'spin_lock(ptl)'),
      op('ptep_get_and_clear_full', 'ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm)'),
      op('tlb_remove_page', '__tlb_remove_page(tlb, page)'),
      op('spin_unlock', 'pte_unmap_unlock(start_pte, ptl)'),
      op('tlb_flush_mmu', 'tlb_flush_mmu(tlb)'),
      op('free_pages', 'free_pages_and_swap_cache(pages, nr)'),
      op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
    ],
  };
  const cpu1Sem: Semantics = {
    step: (o) => {
      switch (o.op) {
        case 'mmap_read_lock': return mmap_read_lock(mm, 1);
        case 'mmap_read_unlock': return mmap_read_unlock(mm, 1);
        case 'spin_lock': return pte_offset_map_lock(mm, 1, 'spin_lock(ptl)');
        case 'spin_unlock': return pte_unmap_unlock(mm, 'spin_unlock(ptl)');
        case 'ptep_get_and_clear_full':
          // The page is batched for freeing when the PTE mapped it.
          return ptep_get_and_clear(mm, { present: cpu1Batched }, { primitive: 'ptep_get_and_clear_full', note: (m) => (m.get(cpu1Batched) ? 'pte cleared' : 'pte already none') });
        case 'tlb_remove_page': return anchor('tlb_remove_page');
        case 'tlb_flush_mmu': return flush('TLB flush');
        case 'free_pages':
          return put_page(P, { held: cpu1Batched, note: (m) => (m.get(owner) === OWNER_FREE ? 'page P freed' : `refcount ${m.get(ref)}`) });
        default: return null;
      }
    },
    cond: () => null,
  };
  const cpu1 = compileActor('CPU1 zap', pc[1], cpu1Code, ['zap_pte_range'], cpu1Sem);

  const cpu2Code: KernelCode = { alloc_pages: [op('alloc_page_reuse', 'page = alloc_pages(GFP_KERNEL, 0); /* slab or page cache of another file */')] };
  const cpu2 = compileActor('CPU2 allocator', pc[2], cpu2Code, ['alloc_pages'], {
    step: () => ({
      primitive: 'alloc_pages',
      guard: (m) => m.get(owner) === OWNER_FREE,
      apply: (m) => { m.set(owner, OWNER_REUSED); m.set(ref, 1); },
      may: { reads: [owner], writes: [owner, ref] },
      note: () => 'page P reallocated; its ->mapping now belongs to the new owner',
    }),
    cond: () => null,
  });

  const khCode: KernelCode = {
    collapse_huge_page: [
      op('mmap_write_lock', 'mmap_write_lock(mm)'),
      op('pmdp_collapse_flush', '_pmd = pmdp_collapse_flush(vma, address, pmd)'),
      op('isolate', 'result = __collapse_huge_page_isolate(vma, address, pte, cc, &compound_pagelist)'),
      iff('if (unlikely(result != SCAN_SUCCEED))', not(op('isolated', 'result == SCAN_SUCCEED')), [
        op('pmd_populate_back', 'pmd_populate(mm, pmd, pmd_pgtable(_pmd))'),
        op('mmap_write_unlock', 'mmap_write_unlock(mm)'),
        ret('goto out_up_write'),
      ]),
      op('copy_and_clear', '__collapse_huge_page_copy(pte, hpage, vma, address, pte_ptl, &compound_pagelist)'),
      op('set_pmd_huge', 'set_pmd_at(mm, address, pmd, _pmd)'),
      op('mmap_write_unlock', 'mmap_write_unlock(mm)'),
    ],
  };
  const kh = compileActor('khugepaged', pc[3], khCode, ['collapse_huge_page'], {
    step: (o) => {
      switch (o.op) {
        case 'mmap_write_lock': return mmap_write_lock(mm, 3);
        case 'mmap_write_unlock': return mmap_write_unlock(mm);
        case 'pmdp_collapse_flush':
          return {
            guard: ipi ? (m) => m.get(irqOff) === 0 : undefined,
            apply: (m) => m.set(pmd, PMD_NONE),
            may: { reads: ipi ? [irqOff] : [], writes: [pmd] },
            note: () => (ipi ? 'pmd cleared, flush IPI acked' : 'pmd cleared, TLBI broadcast (no IPI)'),
          };
        case 'isolate':
          return {
            primitive: '__collapse_huge_page_isolate',
            apply: (m) => m.set(collapseOk, m.get(ptePresent) === 1 && m.get(ref) === 1 ? 1 : 0),
            may: { reads: [ptePresent, ref], writes: [collapseOk] },
            note: (m) => (m.get(collapseOk) ? 'refcount 1: page isolated for collapse' : 'page busy or gone: collapse aborted'),
          };
        case 'pmd_populate_back':
          return { primitive: 'pmd_populate', apply: (m) => m.set(pmd, PMD_TABLE), may: { reads: [], writes: [pmd] } };
        case 'copy_and_clear':
          return {
            primitive: '__collapse_huge_page_copy',
            apply: (m) => { m.set(ptePresent, 0); m.set(collapsed, 1); put(m); },
            may: { reads: [ref], writes: [ptePresent, collapsed, ref, owner] },
            note: () => 'page P copied into the huge page, pte cleared, P discarded',
          };
        case 'set_pmd_huge':
          return { primitive: 'set_pmd_at', apply: (m) => m.set(pmd, PMD_HUGE), may: { reads: [], writes: [pmd] }, note: () => 'huge pmd installed' };
        default: return null;
      }
    },
    cond: (o) => (o.op === 'isolated' ? { test: (m) => m.get(collapseOk) === 1, reads: [collapseOk] } : null),
  });

  const invariants: Invariant[] = [
    INVARIANTS.check('I3.3', {
      reads: [pinned, collapsed, held],
      holds: (m) => !(m.get(pinned) && m.get(held) && m.get(collapsed)),
    }),
    INVARIANTS.check('I3.1', {
      reads: [pinned, owner],
      holds: (m) => !(m.get(pinned) && m.get(owner) !== OWNER_ANON),
    }),
  ];

  return {
    name: 'S3 gup-fast-pin',
    layout: L,
    actors: [cpu0, cpu1, cpu2, kh],
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_lock', s: mmap }]);
      if (a === 0 && m.get(irqOff)) out.push('IRQs off');
      if (a === 0 && m.get(held)) out.push('folio ref');
      return out;
    },
  };
}

function pmdName(v: number): string {
  return ['none', 'page table', 'huge'][v] ?? String(v);
}

export const _internal = { v7, v8 };
