/**
 * S8 gup-cow-fork (CVE-2020-29374, "COW can break either way"): after fork() parent and child
 * share an anon page write-protected. A GUP reference taken for reading does not break COW, so
 * which process keeps the old page is decided later, by whoever writes first and by what
 * do_wp_page() counts. The reference can end up on a page another process writes (the child's
 * vmsplice() sees the parent's later data) or away from the page the pinning process maps (a
 * parent's pin taken before fork() stays with the child).
 *
 * Code: mm/gup.c and mm/memory.c v5.7 (copy_one_pte() is named copy_present_pte() from v5.9 on;
 * the model uses the later name, same steps), then 17839856fd58 (v5.8), 09854ba94c6a and
 * 70e806e4e645 (v5.9), the PageAnonExclusive work (v5.19).
 *
 * Modelling decisions:
 * - One private, writable anonymous page (VM_WRITE, a COW mapping), written by the parent
 *   before fork(): page P, mapped writable and exclusive. Page frames: P, the child's copy C,
 *   the parent's copy Q. Mapcounts and refcounts are read off the two ptes and the references,
 *   never stored.
 * - Parent and child have their own page tables (and PTLs): the only shared state is the page.
 *   The pte locks are kept as anchors for the C, with no state.
 * - Who holds the reference is the switch `pinner`: the child's vmsplice() (a FOLL_GET reference
 *   after fork, CVE-2020-29374) or a FOLL_PIN pin the parent took before fork() (RDMA).
 * - The child's slow-path GUP is unrolled to one retry: only the child touches its pte.
 */
import { and, call, iff, not, op, ret, type CondSpec, type KernelCode, type Op, type Semantics, type Stmt, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { anchor } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { find, insertBefore, remove, replace } from '../../model/edit.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

const PG_NONE = 0;
const PG_P = 1; // the anon page the parent wrote before fork()
const PG_C = 2; // the child's COW copy
const PG_Q = 3; // the parent's COW copy

const PAGE_NAME = ['no page', 'page P', "child's copy C", "parent's copy Q"];
const pageName = (pfn: number): string => PAGE_NAME[pfn] ?? `pfn ${pfn}`;

const FAULT_WRITE = 1;

// --- kernel code (v5.7) ----------------------------------------------------------------------

const unlockVmf = () => op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)');
const isReuseIf = (s: Stmt) => s.op === 'if' && s.c.startsWith('if (reuse_swap_page(');
const isAnonIf = (s: Stmt) => s.op === 'if' && s.c.startsWith('if (PageAnon(vmf->page)');
const isGupPgdRange = (s: Stmt) => s.op === 'gup_pgd_range' || s.op === 'gup_pgd_range_write';

const baseline: KernelCode = {
  // ---- the parent ----
  // A long-term pin before fork() (switch pinner=parent), e.g. RDMA memory registration.
  parent_pin: [op('parent_pin', 'pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, &page)  /* before fork() */')],
  // fork() -> dup_mmap() -> copy_page_range() -> ... -> copy_one_pte() (copy_present_pte() from v5.9)
  copy_present_pte: [
    op('vm_normal_page', 'page = vm_normal_page(src_vma, addr, pte)'),
    op('get_page', 'get_page(page)'),
    op('page_dup_rmap', 'page_dup_rmap(page, false)'),
    iff('if (is_cow_mapping(vm_flags) && pte_write(pte))', op('src_pte_write', 'pte_write(pte)'), [op('ptep_set_wrprotect', 'ptep_set_wrprotect(src_mm, addr, src_pte)')]),
    op('set_pte_at_child', 'set_pte_at(dst_vma->vm_mm, addr, dst_pte, pte)'),
  ],
  // The parent's store after fork(): a write fault on the write-protected pte.
  handle_pte_fault: [
    op('read_orig_pte', 'vmf->orig_pte = *vmf->pte'),
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, entry)))', not(op('pte_same', 'pte_same(*vmf->pte, entry)')), [unlockVmf(), ret('goto unlock')]),
    iff('if (vmf->flags & FAULT_FLAG_WRITE)', op('fault_flag_write', 'vmf->flags & FAULT_FLAG_WRITE'), [
      iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(vmf)'), ret('return do_wp_page(vmf)')]),
    ]),
    unlockVmf(),
  ],
  do_wp_page: [
    op('vm_normal_page', 'vmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte)'),
    iff('if (PageAnon(vmf->page) && !PageKsm(vmf->page))', op('orig_page_anon', 'PageAnon(vmf->page)'), [
      iff('if (reuse_swap_page(vmf->page, &total_map_swapcount))', op('reuse_swap_page', 'reuse_swap_page(vmf->page, &total_map_swapcount)'), [
        call('wp_page_reuse', 'wp_page_reuse(vmf)'),
        ret('return VM_FAULT_WRITE'),
      ]),
    ]),
    op('get_page', 'get_page(vmf->page)'),
    unlockVmf(),
    call('wp_page_copy', 'return wp_page_copy(vmf)'),
  ],
  wp_page_reuse: [
    op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
    op('ptep_set_access_flags', 'ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1)'),
    unlockVmf(),
  ],
  wp_page_copy: [
    op('cow_user_page', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vmf->address); cow_user_page(new_page, old_page, vmf)'),
    op('pte_offset_map_lock', 'vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff('if (likely(pte_same(*vmf->pte, vmf->orig_pte)))', op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)'), [
      op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
      op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, vmf->address, vmf->pte)'),
      op('set_pte_at_notify', 'set_pte_at_notify(mm, vmf->address, vmf->pte, entry)'),
      // (5.7 on: another CPU changed the PTE; the local TLB entry is refreshed, nothing modelled.)
    ], [op('update_mmu_tlb', 'update_mmu_tlb(vma, vmf->address, vmf->pte)')]),
    unlockVmf(),
  ],
  parent_store: [op('parent_store', '*addr = secret  /* the parent writes after fork() */')],

  // ---- the child: vmsplice(pipe, addr) -> iov_iter_get_pages() -> get_user_pages_fast(FOLL_GET) ----
  vmsplice: [op('child_vmsplice', 'vmsplice(pipefd[1], &iov, 1, 0)  /* in the child */')],
  internal_get_user_pages_fast: [
    iff('if (IS_ENABLED(CONFIG_HAVE_FAST_GUP) && gup_fast_permitted(start, end))', op('have_fast_gup', 'IS_ENABLED(CONFIG_HAVE_FAST_GUP)'), [
      op('local_irq_disable', 'local_irq_disable()'),
      op('gup_pgd_range', 'gup_pgd_range(addr, end, gup_flags, pages, &nr_pinned)'),
      op('local_irq_enable', 'local_irq_enable()'),
    ]),
    iff('if (nr_pinned < nr_pages)', not(op('gup_got_page', 'nr_pinned == nr_pages')), [
      call('__get_user_pages', 'ret = __gup_longterm_unlocked(start, nr_pages - nr_pinned, gup_flags, pages)'),
    ]),
  ],
  __get_user_pages: [
    op('cond_resched', 'cond_resched()'),
    call('follow_page_pte', 'page = follow_page_mask(vma, start, foll_flags, &ctx)'),
    iff('if (!page)', not(op('gup_got_page', 'page')), [
      call('faultin_page', 'ret = faultin_page(tsk, vma, start, &foll_flags, locked)'),
      // `case 0: goto retry`, unrolled once: only the child touches its own pte.
      call('follow_page_pte', 'page = follow_page_mask(vma, start, foll_flags, &ctx)  /* retry */'),
    ]),
  ],
  follow_page_pte: [
    op('pte_offset_map_lock', 'ptep = pte_offset_map_lock(mm, pmd, address, &ptl)'),
    iff('if (!pte_present(pte))', not(op('pte_present', 'pte_present(pte)')), [op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'), ret('return no_page_table(vma, flags)')]),
    call('can_follow_write_pte', 'can_follow_write_pte(pte, flags)'),
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, flags))', and('(flags & FOLL_WRITE) && !can_follow_write_pte(pte, flags)', op('foll_write', 'flags & FOLL_WRITE'), not(op('can_follow', 'can_follow_write_pte(pte, flags)'))), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return NULL'),
    ]),
    op('vm_normal_page_gup', 'page = vm_normal_page(vma, address, pte)'),
    op('try_grab_page', 'if (unlikely(!try_grab_page(page, flags)))'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
  ],
  // FOLL_FORCE is not set (vmsplice): the FOLL_COW half never applies.
  can_follow_write_pte: [
    iff('return pte_write(pte) || ((flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte))', op('pte_write', 'pte_write(pte)'), [op('set_can_follow', 'return true', { value: 1 })], [
      op('set_can_follow', 'return false', { value: 0 }),
    ]),
  ],
  // The fault flags are made from the GUP flags before the fault; the model reads FAULT_FLAG_WRITE
  // from FOLL_WRITE itself, and keeps the line as the place other flags are made beside it.
  faultin_page: [
    iff('if (*flags & FOLL_WRITE)', op('foll_write', 'flags & FOLL_WRITE'), [op('fault_flags_write', 'fault_flags |= FAULT_FLAG_WRITE')]),
    call('handle_pte_fault', 'ret = handle_mm_fault(vma, address, fault_flags)  /* FAULT_FLAG_WRITE iff *flags & FOLL_WRITE */'),
  ],
  // munmap() / MADV_DONTNEED in the child, after vmsplice().
  zap_pte_range: [
    op('pte_offset_map_lock', 'start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl)'),
    iff('if (pte_present(ptent))', op('pte_present', 'pte_present(ptent)'), [op('ptep_get_and_clear_full', 'ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm)')]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(start_pte, ptl)'),
  ],
};

const FUNCTIONS: readonly { name: string; file: string }[] = [
  { name: 'internal_get_user_pages_fast', file: 'mm/gup.c' },
  { name: '__get_user_pages', file: 'mm/gup.c' },
  { name: 'should_force_cow_break', file: 'mm/gup.c' },
  { name: 'copy_present_pte', file: 'mm/memory.c' },
  { name: 'do_wp_page', file: 'mm/memory.c' },
  { name: 'wp_page_copy', file: 'mm/memory.c' },
  // The rest of the path the model has code for. (Not can_follow_write_pte(): S8 keeps its pre-6.0
  // form only for the forced COW break of S8.1, and its GUPs take no FOLL_FORCE.)
  { name: 'wp_page_reuse', file: 'mm/memory.c' },
  { name: 'handle_pte_fault', file: 'mm/memory.c' },
  { name: 'follow_page_pte', file: 'mm/gup.c' },
  { name: 'faultin_page', file: 'mm/gup.c' },
];

// --- variants as edits ---------------------------------------------------------------------

const FORCE_COW_BREAK: readonly Stmt[] = [
  iff(
    'return is_cow_mapping(vma->vm_flags) && (flags & (FOLL_GET | FOLL_PIN))',
    op('is_cow_mapping', 'is_cow_mapping(vma->vm_flags)'),
    [op('set_force_cow', 'return true', { value: 1 })],
    [op('set_force_cow', 'return false', { value: 0 })],
  ),
];

/** 17839856fd58, slow path: a GUP reference on a COW mapping asks for write access (breaks COW). */
const forceCowSlow = (b: KernelCode): KernelCode =>
  insertBefore({ ...b, should_force_cow_break: FORCE_COW_BREAK }, '__get_user_pages', 'cond_resched', [
    call('should_force_cow_break', 'should_force_cow_break(vma, foll_flags)'),
    iff('if (should_force_cow_break(vma, foll_flags))', op('force_cow', 'should_force_cow_break(vma, foll_flags)'), [op('set_foll_write', 'foll_flags |= FOLL_WRITE')]),
  ]);

/** 17839856fd58, GUP-fast: only already-writable ptes are taken without the slow path. */
const fastNeedsWrite = (b: KernelCode): KernelCode =>
  replace(b, 'internal_get_user_pages_fast', isGupPgdRange, [op('gup_pgd_range_write', 'gup_pgd_range(addr, end, gup_flags | FOLL_WRITE, pages, &nr_pinned)')]);

const s81 = (b: KernelCode): KernelCode => fastNeedsWrite(forceCowSlow(b));

/** 09854ba94c6a: reuse only a page nobody else holds a reference on (page_count() == 1). */
const REUSE_BY_REFCOUNT: readonly Stmt[] = [
  iff('if (PageKsm(page) || page_count(page) != 1) goto copy', op('page_count_not_one', 'page_count(page) != 1'), [], [
    call('wp_page_reuse', 'wp_page_reuse(vmf)'),
    ret('return VM_FAULT_WRITE'),
  ]),
];
const reuseByRefcount = (b: KernelCode): KernelCode =>
  replace(b, 'do_wp_page', isAnonIf, [iff('if (PageAnon(vmf->page))', op('orig_page_anon', 'PageAnon(vmf->page)'), REUSE_BY_REFCOUNT)]);

/** 70e806e4e645: copy an anon page that may be DMA-pinned at fork(), for the child. */
const earlyCowAtFork = (b: KernelCode): KernelCode =>
  insertBefore(b, 'copy_present_pte', 'get_page', [
    iff(
      'if (is_cow_mapping(vm_flags) && page && PageAnon(page) && page_maybe_dma_pinned(page))',
      op('page_maybe_dma_pinned', 'page_maybe_dma_pinned(page)'),
      [op('copy_present_page', 'return copy_present_page(dst_vma, src_vma, dst_pte, src_pte, addr, rss, prealloc, pte, page)'), ret('return copy_present_page(...)')],
    ),
  ]);

/**
 * a308c71bf1e6 (v5.9): 17839856fd58's forced COW break reverted, where the code has it (the v5.9
 * tree is reached by merging S8.3 on top of S8.1).
 */
const revertForcedBreak = (b: KernelCode): KernelCode => {
  let c = b;
  if (find(c, 'internal_get_user_pages_fast', 'gup_pgd_range_write')) {
    c = replace(c, 'internal_get_user_pages_fast', 'gup_pgd_range_write', [op('gup_pgd_range', 'gup_pgd_range(addr, end, gup_flags, pages, &nr_pinned)')]);
  }
  const isForceIf = (x: Stmt) => x.op === 'if' && x.c === 'if (should_force_cow_break(vma, foll_flags))';
  if (find(c, '__get_user_pages', isForceIf)) {
    c = remove(remove(c, '__get_user_pages', isForceIf), '__get_user_pages', (x) => x.op === 'call' && (x as { fn?: string }).fn === 'should_force_cow_break');
  }
  return c;
};

/** v5.9: 09854ba94c6a, with the forced COW break removed again (a308c71bf1e6). */
const s83 = (b: KernelCode): KernelCode => reuseByRefcount(revertForcedBreak(b));
const s85 = (b: KernelCode): KernelCode => earlyCowAtFork(reuseByRefcount(b));

/** v5.19: PageAnonExclusive decides reuse; fork() shares an exclusive page only if it cannot be pinned. */
const s86 = (b: KernelCode): KernelCode => {
  let c = replace(b, 'do_wp_page', isAnonIf, [
    iff('if (PageAnon(vmf->page))', op('orig_page_anon', 'PageAnon(vmf->page)'), [
      iff('if (PageAnonExclusive(page)) goto reuse', op('orig_page_anon_exclusive', 'PageAnonExclusive(page)'), [call('wp_page_reuse', 'wp_page_reuse(vmf)'), ret('return VM_FAULT_WRITE')], [
        iff('if (PageKsm(page) || page_count(page) != 1) goto copy', op('page_count_not_one', 'page_count(page) != 1'), [], [
          op('page_move_anon_rmap', 'page_move_anon_rmap(page, vma)'),
          call('wp_page_reuse', 'wp_page_reuse(vmf)'),
          ret('return VM_FAULT_WRITE'),
        ]),
      ]),
    ]),
  ]);
  c = replace(c, 'copy_present_pte', 'page_dup_rmap', [
    op('page_try_dup_anon_rmap', 'err = page_try_dup_anon_rmap(page, false, src_vma)'),
    iff('if (unlikely(page_try_dup_anon_rmap(page, false, src_vma)))', op('dup_anon_rmap_failed', 'page_try_dup_anon_rmap(page, false, src_vma)'), [
      op('copy_present_page', 'put_page(page); return copy_present_page(dst_vma, src_vma, dst_pte, src_pte, addr, rss, prealloc, page)'),
      ret('return copy_present_page(...)'),
    ]),
  ]);
  return c;
};

/** A later refactor of v5.19's do_wp_page(): reuse any anon page mapped once, as before v5.8. */
const s87 = (b: KernelCode): KernelCode =>
  replace(s86(b), 'do_wp_page', (s) => s.op === 'if' && s.c.startsWith('if (PageAnonExclusive(page))'), [
    iff('if (PageAnonExclusive(page) || folio_mapcount(folio) == 1) goto reuse', op('orig_page_mapped_once', 'folio_mapcount(folio) == 1'), [
      op('page_move_anon_rmap', 'page_move_anon_rmap(page, vma)'),
      call('wp_page_reuse', 'wp_page_reuse(vmf)'),
      ret('return VM_FAULT_WRITE'),
    ]),
    op('get_page', 'get_page(vmf->page)  /* goto copy */'),
  ]);

export const s8: Scenario = {
  lexicon,
  id: 'S8',
  name: 'gup-cow-fork',
  question:
    'After fork(), can a GUP reference taken without breaking COW end up on a page another process writes, or away from the page the pinning process maps, depending on which side do_wp_page() lets keep the old page?',
  actors: [
    'parent: [pin_user_pages() before fork()], fork() -> copy_present_pte(), then a store: write fault -> do_wp_page()',
    'child: vmsplice() -> get_user_pages_fast(FOLL_GET), then munmap() -> zap_pte_range()',
  ],
  switches: [
    {
      name: 'pinner',
      values: ['child', 'parent'],
      default: 'child',
      doc: 'who holds the GUP reference: the child, with vmsplice() after fork() (CVE-2020-29374), or the parent, with a long-term pin taken before fork() (RDMA registration)',
      phrases: { child: "with the child's vmsplice() reference taken after fork()", parent: 'with a long-term pin the parent took before fork()' },
    },
    {
      name: 'gup_fast',
      values: [true, false],
      default: true,
      doc: 'the architecture has GUP-fast (CONFIG_HAVE_FAST_GUP: x86, arm64, powerpc, ...): get_user_pages_fast() walks the page tables before falling back to the slow path',
      phrases: { true: 'on architectures with GUP-fast (x86, arm64)', false: 'on architectures without GUP-fast (only the slow path)' },
    },
  ],
  invariants: [
    { id: 'I8.1', text: "a page one process holds a GUP reference on never receives another process's writes after fork()" },
    { id: 'I8.2', text: 'a pinned page stays the page the pinning process maps: its own COW never moves it away from its pin' },
  ],
  functions: FUNCTIONS,
  baseline,
  baselineVariant: 'S8.0',
  variants: [
    {
      id: 'S8.0', until: '5.7',
      title: 'v5.7: GUP for reading shares the COW page; do_wp_page() reuses a page mapped once (reuse_swap_page)',
      source: '17839856fd58 message; Jann Horn, CVE-2020-29374',
      expected: 'race',
      invariants: ['I8.1'],
      code: (b) => b,
      note: 'the child vmsplice()s the shared page and unmaps it; the parent\'s write fault finds it mapped once and reuses it: the child\'s pipe reads the parent\'s data',
    },
    {
      id: 'S8.1',
      title: '17839856fd58: a GUP reference on a COW mapping breaks COW (FOLL_WRITE); GUP-fast takes only writable ptes',
      source: '17839856fd58 (v5.8)',
      expected: 'safe',
      invariants: [],
      mergedIn: '5.8',
      // 5.9 took the forced COW break out again (a308c71bf1e6, S8.3): no later tree has this code.
      until: '5.8',
      code: s81,
    },
    {
      id: 'S8.2',
      title: 'wrong fix: break COW in the slow path only, GUP-fast still follows read-only ptes',
      source: 'inference from 17839856fd58 ("the fast path doesn\'t know if the memory might be COW or not")',
      expected: 'race',
      invariants: ['I8.1'],
      code: forceCowSlow,
      note: 'safe with gup_fast=false: the slow path breaks COW',
    },
    {
      id: 'S8.3',
      title: 'v5.9: do_wp_page() reuses only if page_count() == 1 (09854ba94c6a), forced COW break removed (a308c71bf1e6)',
      source: '09854ba94c6a, a308c71bf1e6 (v5.9)',
      expected: 'safe',
      invariants: [],
      mergedIn: '5.9',
      code: s83,
    },
    {
      id: 'S8.4',
      title: 'v5.9 (S8.3) with a pin the parent took before fork(): its own write COWs away from the pin',
      source: 'the RDMA regression 70e806e4e645 fixes',
      expected: 'race',
      invariants: ['I8.2'],
      switches: { pinner: 'parent' },
      code: s83,
    },
    {
      id: 'S8.5',
      title: '70e806e4e645: fork() copies a possibly-pinned anon page for the child',
      source: '70e806e4e645 (v5.9)',
      expected: 'safe',
      invariants: [],
      switches: { pinner: 'parent' },
      mergedIn: '5.9',
      code: s85,
    },
    {
      id: 'S8.6',
      title: 'v5.19: PageAnonExclusive; fork() shares only pages page_try_dup_anon_rmap() allows, reuse if exclusive or page_count() == 1',
      source: '6c287605fd56 and the anon-exclusive series (v5.19)',
      expected: 'safe',
      invariants: [],
      mergedIn: '5.19',
      code: s86,
    },
    {
      id: 'S8.7',
      title: 'broken refactor of v5.19: reuse an anon page mapped once even if not exclusive (a GUP reference is not a mapping)',
      source: 'inference (the v5.7 rule re-introduced)',
      expected: 'race',
      invariants: ['I8.1'],
      code: s87,
    },
  ],
  build,
};

// --- the model -----------------------------------------------------------------------------

const ACTOR_NAMES = ['parent', 'child'] as const;
const PARENT = 0;
const CHILD = 1;

function build(code: KernelCode, sw: Switches): Model {
  const pinner = sw.pinner === 'parent' ? PARENT : CHILD;
  const fast = sw.gup_fast !== false;
  const L = new Layout();
  const pc = ACTOR_NAMES.map((a) => L.v(`${a}.pc`));
  const ptes = ACTOR_NAMES.map((a) => ({ pfn: L.v(`${a}.pte.pfn`, a === 'parent' ? PG_P : PG_NONE, 3), write: L.v(`${a}.pte.write`, a === 'parent' ? 1 : 0, 1) }));
  const exclusive = L.v('P.PageAnonExclusive', 1, 1);
  const forked = L.v('forked', 0, 1);
  const childRef = L.v('child.gup_ref', PG_NONE, 3); // the page the child's vmsplice() holds
  const parentPin = L.v('parent.pin', PG_NONE, 3);
  // Per-actor fault locals.
  const loc = ACTOR_NAMES.map((a) => ({
    orig: L.v(`${a}.orig_pte.pfn`, 0, 3),
    origWrite: L.v(`${a}.orig_pte.write`, 0, 1),
    ret: L.v(`${a}.fault_ret`, 0, 1),
    dupFailed: L.v(`${a}.dup_failed`, 0, 1),
  }));
  // The child's GUP state.
  const gWrite = L.v('child.FOLL_WRITE', 0, 1);
  const gPage = L.v('child.page', PG_NONE, 3);
  const gCan = L.v('child.can_follow', 0, 1);
  const gForce = L.v('child.force_cow', 0, 1);
  // The 2020 postings' explicit COW break (FOLL_BREAK_COW, and the fault flag faultin_page()
  // makes of it): never set by any kernel's own code, only by a patch that adds the lines.
  const gBreakCow = L.v('child.FOLL_BREAK_COW', 0, 1);
  const gFaultBreakCow = L.v('child.FAULT_FLAG_BREAK_COW', 0, 1);

  const none: number[] = [];
  const fp = (reads: readonly number[], writes: readonly number[]) => ({ reads, writes });
  const flag = (v: number): CondSpec => ({ test: (m) => m.get(v) === 1, reads: [v] });
  const constant = (v: boolean): CondSpec => ({ test: () => v, reads: [] });
  const PTEVARS = ptes.flatMap((p) => [p.pfn, p.write]);
  const mapcount = (m: Mem, pfn: number) => ptes.filter((p) => m.get(p.pfn) === pfn).length;
  const pageCount = (m: Mem, pfn: number) => mapcount(m, pfn) + (m.get(childRef) === pfn ? 1 : 0) + (m.get(parentPin) === pfn ? 1 : 0);
  const countReads = [...PTEVARS, childRef, parentPin];
  const pteText = (m: Mem, a: number) => (m.get(ptes[a].pfn) ? `${m.get(ptes[a].write) ? 'writable' : 'R/O'}, maps ${pageName(m.get(ptes[a].pfn))}` : 'none');

  /** The fault path and fork, for the actor `a` on its own pte. */
  const faultStep = (a: number) => (o: Op): StepSpec | null => {
    const pte = ptes[a];
    const l = loc[a];
    switch (o.op) {
      case 'spin_lock':
      case 'pte_offset_map_lock':
      case 'pte_unmap_unlock':
      case 'get_page':
      case 'maybe_mkwrite_dirty':
      case 'vm_normal_page':
      case 'ptep_clear_flush_notify':
      case 'cond_resched':
      case 'fault_flags_write':
      case 'local_irq_disable':
      case 'local_irq_enable':
        return anchor(o.op);
      case 'read_orig_pte':
        return {
          primitive: 'pte_read',
          apply: (m) => {
            m.set(l.orig, m.get(pte.pfn));
            m.set(l.origWrite, m.get(pte.write));
            m.set(l.ret, 0);
          },
          may: fp([pte.pfn, pte.write], [l.orig, l.origWrite, l.ret]),
          note: (m) => `orig_pte ${pteText(m, a)}`,
        };
      case 'ptep_set_access_flags':
        return {
          primitive: 'wp_page_reuse',
          apply: (m) => {
            m.set(pte.write, 1);
            m.set(l.ret, FAULT_WRITE);
          },
          may: fp(none, [pte.write, l.ret]),
          note: (m) => `COW reused: ${pageName(m.get(pte.pfn))} writable again in the ${ACTOR_NAMES[a]}`,
        };
      case 'cow_user_page':
        return { primitive: 'copy_page', may: fp(none, none), note: () => `${pageName(a === PARENT ? PG_Q : PG_C)} allocated, the old page copied into it` };
      case 'update_mmu_tlb':
        return anchor(o.op);
      case 'set_pte_at_notify':
        return {
          primitive: 'set_pte_at_notify',
          apply: (m) => {
            m.set(pte.pfn, a === PARENT ? PG_Q : PG_C);
            m.set(pte.write, 1);
            m.set(l.ret, FAULT_WRITE);
          },
          may: fp(none, [pte.pfn, pte.write, l.ret]),
          note: (m) => `COW broken: the ${ACTOR_NAMES[a]}'s pte maps ${pageName(m.get(pte.pfn))}, writable`,
        };
      case 'page_move_anon_rmap':
        return {
          apply: (m) => {
            if (m.get(l.orig) === PG_P) m.set(exclusive, 1);
          },
          may: fp([l.orig], [exclusive]),
          note: () => 'page P exclusive to this process again',
        };
      default:
        return null;
    }
  };
  const faultCond = (a: number) => (o: Op): CondSpec | null => {
    const pte = ptes[a];
    const l = loc[a];
    switch (o.op) {
      case 'pte_same':
        return { test: (m) => m.get(pte.pfn) === m.get(l.orig) && m.get(pte.write) === m.get(l.origWrite), reads: [pte.pfn, pte.write, l.orig, l.origWrite] };
      case 'fault_flag_write':
        return a === PARENT ? constant(true) : flag(gWrite);
      case 'fault_flag_break_cow':
        // The parent's faults are its own stores, never a GUP's.
        return a === PARENT ? constant(false) : flag(gFaultBreakCow);
      case 'orig_pte_write':
        return flag(l.origWrite);
      case 'orig_page_anon':
        return { test: (m) => m.get(l.orig) !== PG_NONE, reads: [l.orig] };
      case 'reuse_swap_page':
      case 'orig_page_mapped_once':
        // reuse_swap_page(): the page is mapped once (and not in the swap cache).
        return { test: (m) => mapcount(m, m.get(l.orig)) === 1, reads: [l.orig, ...PTEVARS] };
      case 'page_count_not_one':
        return { test: (m) => pageCount(m, m.get(l.orig)) !== 1, reads: [l.orig, ...countReads] };
      case 'page_count_above': {
        // (A patch's own bound on the count, `page_count(page) > N`.)
        const n = Number(o.args?.n);
        return { test: (m) => pageCount(m, m.get(l.orig)) > n, reads: [l.orig, ...countReads] };
      }
      case 'orig_page_anon_exclusive':
        return { test: (m) => m.get(l.orig) !== PG_P || m.get(exclusive) === 1, reads: [l.orig, exclusive] };
      default:
        return null;
    }
  };

  // ---- the parent ----
  const parentStep = (o: Op): StepSpec | null => {
    const pte = ptes[PARENT];
    const child = ptes[CHILD];
    const l = loc[PARENT];
    switch (o.op) {
      case 'parent_pin':
        return { primitive: 'pin_user_pages', apply: (m) => m.set(parentPin, m.get(pte.pfn)), may: fp([pte.pfn], [parentPin]), note: () => 'page P pinned (FOLL_PIN), e.g. for DMA' };
      case 'ptep_set_wrprotect':
        return { primitive: 'ptep_set_wrprotect', apply: (m) => m.set(pte.write, 0), may: fp(none, [pte.write]), note: () => "the parent's pte write-protected" };
      case 'page_dup_rmap':
        return { apply: (m) => m.set(exclusive, 0), may: fp(none, [exclusive]), quiet: true };
      case 'page_try_dup_anon_rmap':
        return {
          primitive: 'page_try_dup_anon_rmap',
          apply: (m) => {
            // An exclusive page that may be pinned cannot be shared; else it stops being exclusive.
            const pinned = m.get(parentPin) === PG_P;
            m.set(l.dupFailed, m.get(exclusive) && pinned ? 1 : 0);
            if (!m.get(l.dupFailed)) m.set(exclusive, 0);
          },
          may: fp([exclusive, parentPin], [l.dupFailed, exclusive]),
          note: (m) => (m.get(l.dupFailed) ? 'P is exclusive and maybe pinned: not shared' : 'P shared with the child, no longer exclusive'),
        };
      case 'set_pte_at_child':
        return {
          primitive: 'set_pte_at',
          apply: (m) => {
            m.set(child.pfn, m.get(pte.pfn));
            m.set(child.write, 0);
            m.set(forked, 1);
          },
          may: fp([pte.pfn], [child.pfn, child.write, forked]),
          note: () => 'the child maps page P read-only: P is shared',
        };
      case 'copy_present_page':
        return {
          primitive: 'copy_present_page',
          apply: (m) => {
            m.set(child.pfn, PG_C);
            m.set(child.write, 1);
            m.set(forked, 1);
          },
          may: fp(none, [child.pfn, child.write, forked]),
          note: () => "the child gets its own copy C at fork(); the parent keeps P writable",
        };
      case 'parent_store':
        return {
          primitive: 'store',
          apply: (m) => {
            const page = m.get(pte.pfn);
            if (m.get(childRef) !== PG_NONE && m.get(childRef) === page) return 'I8.1';
            if (m.get(parentPin) !== PG_NONE && m.get(parentPin) !== page) return 'I8.2';
          },
          may: fp([pte.pfn, childRef, parentPin], none),
          note: (m) => {
            const page = m.get(pte.pfn);
            if (m.get(childRef) === page) return `the parent's data lands in ${pageName(page)}, which the child's vmsplice() still holds: the child reads it from the pipe`;
            if (m.get(parentPin) !== PG_NONE && m.get(parentPin) !== page) return `the parent writes ${pageName(page)}, its pin still holds ${pageName(m.get(parentPin))}, which the child maps`;
            return `the parent writes ${pageName(page)}`;
          },
        };
      default:
        return faultStep(PARENT)(o);
    }
  };
  const parentCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'src_pte_write':
        return flag(ptes[PARENT].write);
      case 'page_maybe_dma_pinned':
        return { test: (m) => m.get(parentPin) === m.get(ptes[PARENT].pfn), reads: [parentPin, ptes[PARENT].pfn] };
      case 'dup_anon_rmap_failed':
        return flag(loc[PARENT].dupFailed);
      case 'is_cow_mapping':
        return constant(true); // a private writable mapping
      default:
        return faultCond(PARENT)(o);
    }
  };

  // ---- the child ----
  const childStep = (o: Op): StepSpec | null => {
    const pte = ptes[CHILD];
    switch (o.op) {
      case 'child_vmsplice':
        return { primitive: 'vmsplice', guard: (m) => m.get(forked) === 1, may: fp([forked], none), quiet: true };
      case 'gup_pgd_range':
      case 'gup_pgd_range_write': {
        const needWrite = o.op === 'gup_pgd_range_write';
        return {
          primitive: 'gup_pte_range',
          apply: (m) => {
            if (m.get(pte.pfn) !== PG_NONE && (!needWrite || m.get(pte.write))) {
              m.set(childRef, m.get(pte.pfn));
              m.set(gPage, m.get(pte.pfn));
            }
          },
          may: fp([pte.pfn, pte.write], [childRef, gPage]),
          note: (m) => (m.get(gPage) ? `GUP-fast takes a reference on ${pageName(m.get(gPage))}` : `the pte is ${pteText(m, CHILD)}: left to the slow path`),
        };
      }
      case 'set_force_cow':
        return { apply: (m) => m.set(gForce, Number(o.args?.value ?? 0)), may: fp(none, [gForce]), quiet: true };
      case 'set_foll_write':
        return { apply: (m) => m.set(gWrite, 1), may: fp(none, [gWrite]), note: () => 'FOLL_WRITE: the read breaks COW first' };
      case 'set_foll_break_cow':
        return { apply: (m) => m.set(gBreakCow, 1), may: fp(none, [gBreakCow]), note: () => 'FOLL_BREAK_COW: a COW break asked for, FOLL_WRITE not set' };
      case 'set_fault_break_cow':
        return { apply: (m) => m.set(gFaultBreakCow, 1), may: fp(none, [gFaultBreakCow]), note: () => 'the fault asks for a COW break (FAULT_FLAG_BREAK_COW)' };
      case 'set_can_follow':
        return { apply: (m) => m.set(gCan, Number(o.args?.value ?? 0)), may: fp(none, [gCan]), quiet: true };
      case 'vm_normal_page_gup':
        return { primitive: 'vm_normal_page', may: fp(none, none), quiet: true };
      case 'try_grab_page':
        return {
          primitive: 'try_grab_page',
          apply: (m) => {
            m.set(childRef, m.get(pte.pfn));
            m.set(gPage, m.get(pte.pfn));
          },
          may: fp([pte.pfn], [childRef, gPage]),
          note: (m) => `reference on ${pageName(m.get(gPage))}`,
        };
      case 'ptep_get_and_clear_full':
        return {
          primitive: 'ptep_get_and_clear',
          apply: (m) => {
            m.set(pte.pfn, PG_NONE);
            m.set(pte.write, 0);
          },
          may: fp(none, [pte.pfn, pte.write]),
          note: (m) => `the child unmaps it: page P is mapped ${mapcount(m, PG_P) === 1 ? 'once' : `${mapcount(m, PG_P)} times`}`,
        };
      default:
        return faultStep(CHILD)(o);
    }
  };
  const childCond = (o: Op): CondSpec | null => {
    const pte = ptes[CHILD];
    switch (o.op) {
      case 'have_fast_gup':
        return constant(fast);
      case 'gup_got_page':
        return { test: (m) => m.get(gPage) !== PG_NONE, reads: [gPage] };
      case 'pte_present':
        return { test: (m) => m.get(pte.pfn) !== PG_NONE, reads: [pte.pfn] };
      case 'pte_write':
        return flag(pte.write);
      case 'foll_write':
        return flag(gWrite);
      case 'foll_break_cow':
        return flag(gBreakCow);
      case 'can_follow':
        return flag(gCan);
      case 'force_cow':
        return flag(gForce);
      case 'is_cow_mapping':
        return constant(true); // a private writable mapping
      default:
        return faultCond(CHILD)(o);
    }
  };

  const sem = (step: (o: Op) => StepSpec | null, cond: (o: Op) => CondSpec | null): Semantics => ({ step: (o) => step(o), cond: (o) => cond(o) });
  const parentEntries = [...(pinner === PARENT ? ['parent_pin'] : []), 'copy_present_pte', 'handle_pte_fault', 'parent_store'];
  const childEntries = pinner === CHILD ? ['vmsplice', 'internal_get_user_pages_fast', 'zap_pte_range'] : [];
  const parent = compileActor(ACTOR_NAMES[PARENT], pc[PARENT], code, parentEntries, sem(parentStep, parentCond));
  const child = compileActor(ACTOR_NAMES[CHILD], pc[CHILD], code, childEntries, sem(childStep, childCond));

  const invariants: Invariant[] = [];
  const pfnVars = new Set([...ptes.map((p) => p.pfn), childRef, parentPin, gPage, ...loc.map((l) => l.orig)]);
  return {
    name: 'S8 gup-cow-fork',
    layout: L,
    actors: [parent, child],
    invariants,
    held: (m, a) => {
      if (a === CHILD && m.get(childRef)) return [`ref on ${pageName(m.get(childRef))}`];
      if (a === PARENT && m.get(parentPin)) return [`pin on ${pageName(m.get(parentPin))}`];
      return [];
    },
    describe: (v, value) => (pfnVars.has(v) ? pageName(value) : String(value)),
  };
}

export const _internal = { s81, s83, s85, s86, s87, forceCowSlow };
