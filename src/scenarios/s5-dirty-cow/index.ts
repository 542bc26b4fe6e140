/**
 * S5 dirty-cow (CVE-2016-5195): write(/proc/self/mem) is GUP with FOLL_FORCE|FOLL_WRITE on a
 * private, read-only file mapping. GUP breaks COW with a write fault and retries. Before
 * 19be0eaffa3a the retry stopped asking for write access once the fault said VM_FAULT_WRITE, so
 * an madvise(MADV_DONTNEED) that zaps the COW copy in between makes the retry read-fault the
 * page-cache page back in and write the file.
 *
 * Code: mm/gup.c and mm/memory.c v4.8 (struct fault_env), mm/madvise.c v4.8.
 *
 * Modelling decisions:
 * - One page of a file mapped MAP_PRIVATE, PROT_READ (VM_MAYWRITE, !VM_WRITE, !VM_SHARED), never
 *   touched before: the pte starts none. Pages: P (the file's page-cache page) and A (an anon COW
 *   copy; every COW makes a fresh one, the model does not need to tell them apart).
 * - The GUP retry loop (`goto retry`) is a loop. What one round does depends only on the pte and
 *   on foll_flags (FOLL_WRITE, FOLL_COW); when a `goto retry` finds both as the previous one left
 *   them and no other actor touched the pte in between, the round changed nothing and will
 *   repeat forever: GUP livelocks (I5.2). No bound on the number of rounds is needed.
 * - CPU2 (switch concurrent_reader) is another thread of the process touching the page (a load):
 *   it read-faults the page-cache page in when the pte is none. It is what a FOLL_COW flag that
 *   is no longer backed by the pte runs into. Off by default: the exploit has two threads, and
 *   with a third one the shortest trace of the original race is not the one kernel people tell.
 * - No fork: the anon copy is exclusive (reuse_swap_page() holds, PageAnonExclusive is set).
 */
import { and, call, constCond, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Semantics, type Stmt, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { anchor, declPte, declRwSem, heldLocks, mmap_read_lock, mmap_read_unlock, spin_lock, spin_unlock } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { remove, replace } from '../../model/edit.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

const PG_NONE = 0;
const PG_P = 1; // the file's page-cache page
const PG_A = 2; // an anon COW copy

const FAULT_WRITE = 1; // VM_FAULT_WRITE

const PAGE_NAME = ['no page', 'page-cache page P', 'anon COW copy A'];
const pageName = (pfn: number): string => PAGE_NAME[pfn] ?? `pfn ${pfn}`;

// --- kernel code (v4.8) ----------------------------------------------------------------------

const isFollowWriteCheck = (s: Stmt) => s.op === 'if' && s.c.startsWith('if ((flags & FOLL_WRITE) && !');
const isClearFollWrite = (s: Stmt) => s.op === 'clear_foll_write';

const unlockFe = () => op('pte_unmap_unlock', 'pte_unmap_unlock(fe->pte, fe->ptl)');
// (alloc_set_pte() maps the PTE table on every path of the model: the caller's test holds.)
const unlockIfMapped = () => iff('if (fe->pte)', constCond('fe->pte', true), [unlockFe()]);

const baseline: KernelCode = {
  // ---- CPU0: write(/proc/self/mem) -> mem_rw() -> access_remote_vm() (mm/memory.c) ----
  __access_remote_vm: [
    op('mmap_read_lock', 'down_read(&mm->mmap_sem)'),
    call('__get_user_pages', 'ret = get_user_pages_remote(tsk, mm, addr, 1, FOLL_FORCE | FOLL_WRITE, &page, &vma)'),
    iff('if (ret <= 0)', not(op('gup_got_page', 'ret > 0')), [op('mmap_read_unlock', 'up_read(&mm->mmap_sem)'), ret('break')]),
    op('copy_to_user_page', 'copy_to_user_page(vma, page, addr, maddr + offset, buf, bytes); set_page_dirty_lock(page)'),
    op('mmap_read_unlock', 'up_read(&mm->mmap_sem)'),
  ],
  // ---- mm/gup.c ----
  // `retry:` follow_page_mask(); on NULL faultin_page() and `case 0: goto retry` (a real loop in
  // the model: build() points the goto back at the follow).
  __get_user_pages: [
    call('follow_page_pte', 'page = follow_page_mask(vma, start, foll_flags, &page_mask)'),
    iff('if (!page)', not(op('gup_page', 'page')), [
      call('faultin_page', 'ret = faultin_page(tsk, vma, start, &foll_flags, nonblocking)'),
      op('gup_retry', 'case 0: goto retry'),
    ]),
  ],
  follow_page_pte: [
    op('pte_offset_map_lock', 'ptep = pte_offset_map_lock(mm, pmd, address, &ptl)'),
    iff('if (!pte_present(pte))', not(op('pte_present', 'pte_present(pte)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return no_page_table(vma, flags)'),
    ]),
    iff(
      'if ((flags & FOLL_WRITE) && !pte_write(pte))',
      and('(flags & FOLL_WRITE) && !pte_write(pte)', op('foll_write', 'flags & FOLL_WRITE'), not(op('pte_write', 'pte_write(pte)'))),
      [op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'), ret('return NULL')],
    ),
    op('vm_normal_page', 'page = vm_normal_page(vma, address, pte)'),
    op('get_page', 'get_page(page)  /* FOLL_GET */'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
  ],
  // Added by 19be0eaffa3a; empty (and not called) before, so that a patch on a later tree that
  // rewrites it is not mistaken for one on v4.8.
  can_follow_write_pte: [],
  faultin_page: [
    call('handle_pte_fault', 'ret = handle_mm_fault(vma, address, fault_flags)  /* FAULT_FLAG_WRITE iff *flags & FOLL_WRITE */'),
    iff(
      'if ((ret & VM_FAULT_WRITE) && !(vma->vm_flags & VM_WRITE))',
      and('(ret & VM_FAULT_WRITE) && !(vma->vm_flags & VM_WRITE)', op('vm_fault_write', 'ret & VM_FAULT_WRITE'), not(op('vma_write', 'vma->vm_flags & VM_WRITE'))),
      [op('clear_foll_write', '*flags &= ~FOLL_WRITE')],
    ),
  ],
  // ---- mm/memory.c: the fault (v4.8 passes a struct fault_env) ----
  handle_pte_fault: [
    op('read_orig_pte', 'entry = *fe->pte'),
    iff('if (!fe->pte)', op('orig_pte_none', 'pte_none(entry)'), [call('do_fault', 'return do_fault(fe)'), ret('return do_fault(fe)')]),
    op('spin_lock', 'spin_lock(fe->ptl)'),
    iff('if (unlikely(!pte_same(*fe->pte, entry)))', not(op('pte_same', 'pte_same(*fe->pte, entry)')), [unlockFe(), ret('goto unlock')]),
    iff('if (fe->flags & FAULT_FLAG_WRITE)', op('fault_flag_write', 'fe->flags & FAULT_FLAG_WRITE'), [
      iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(fe, entry)'), ret('return do_wp_page(fe, entry)')]),
    ]),
    unlockFe(),
  ],
  do_fault: [
    iff('if (!(fe->flags & FAULT_FLAG_WRITE))', not(op('fault_flag_write', 'fe->flags & FAULT_FLAG_WRITE')), [
      call('do_read_fault', 'return do_read_fault(fe, pgoff)'),
      ret('return do_read_fault(fe, pgoff)'),
    ]),
    // !(vma->vm_flags & VM_SHARED): a private mapping
    call('do_cow_fault', 'return do_cow_fault(fe, pgoff)'),
  ],
  // 4.10's finish_fault(): empty and not called in v4.8 (see S5.7, S5.8).
  finish_fault: [],
  // alloc_set_pte() returns with the PTE table mapped and locked; its caller unlocks it.
  do_read_fault: [
    op('__do_fault', 'ret = __do_fault(fe, pgoff, NULL, &fault_page, NULL)'),
    call('alloc_set_pte', 'ret |= alloc_set_pte(fe, NULL, fault_page)'),
    unlockIfMapped(),
  ],
  do_cow_fault: [
    op('alloc_page_vma', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, fe->address)'),
    op('__do_fault', 'ret = __do_fault(fe, pgoff, new_page, &fault_page, NULL)'),
    op('copy_user_highpage', 'copy_user_highpage(new_page, fault_page, fe->address, vma)'),
    call('alloc_set_pte', 'ret |= alloc_set_pte(fe, memcg, new_page)'),
    unlockIfMapped(),
  ],
  alloc_set_pte: [
    op('pte_offset_map_lock', 'fe->pte = pte_offset_map_lock(vma->vm_mm, fe->pmd, fe->address, &fe->ptl)'),
    iff('if (unlikely(!pte_none(*fe->pte)))', not(op('pte_none', 'pte_none(*fe->pte)')), [ret('return VM_FAULT_NOPAGE')]),
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    iff('if (write)', op('fault_flag_write', 'write'), [op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)')]),
    op('set_pte_at', 'set_pte_at(vma->vm_mm, fe->address, fe->pte, entry)'),
  ],
  do_wp_page: [
    iff('if (PageAnon(old_page) && !PageKsm(old_page))', op('orig_page_anon', 'PageAnon(old_page)'), [
      // No fork in this scenario: the anon copy is mapped once, reuse_swap_page() holds.
      iff('if (reuse_swap_page(old_page, &total_mapcount))', op('reuse_swap_page', 'reuse_swap_page(old_page, &total_mapcount)'), [
        call('wp_page_reuse', 'return wp_page_reuse(fe, orig_pte, old_page, 0, 0)'),
        ret('return wp_page_reuse(fe, orig_pte, old_page, 0, 0)'),
      ]),
    ]),
    op('get_page', 'get_page(old_page)'),
    unlockFe(),
    call('wp_page_copy', 'return wp_page_copy(fe, orig_pte, old_page)'),
  ],
  wp_page_reuse: [
    op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
    op('ptep_set_access_flags', 'ptep_set_access_flags(vma, fe->address, fe->pte, entry, 1)'),
    unlockFe(),
  ],
  wp_page_copy: [
    op('cow_user_page', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, fe->address); cow_user_page(new_page, old_page, fe->address, vma)'),
    op('pte_offset_map_lock', 'fe->pte = pte_offset_map_lock(mm, fe->pmd, fe->address, &fe->ptl)'),
    iff('if (likely(pte_same(*fe->pte, orig_pte)))', op('pte_same', 'pte_same(*fe->pte, orig_pte)'), [
      op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
      op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, fe->address, fe->pte)'),
      op('set_pte_at_notify', 'set_pte_at_notify(mm, fe->address, fe->pte, entry)'),
      // (5.7 on: another CPU changed the PTE; the local TLB entry is refreshed, nothing modelled.
      // Kept so that later patches have the branch they edit.)
    ], [op('update_mmu_tlb', 'update_mmu_tlb(vma, fe->address, fe->pte)')]),
    unlockFe(),
  ],
  // ---- CPU1: madvise(MADV_DONTNEED) (mm/madvise.c, mm/memory.c) ----
  madvise_dontneed: [
    op('mmap_read_lock', 'down_read(&current->mm->mmap_sem)  /* madvise(MADV_DONTNEED) */'),
    call('zap_pte_range', 'zap_page_range(vma, start, end - start, NULL)'),
    op('mmap_read_unlock', 'up_read(&current->mm->mmap_sem)'),
  ],
  zap_pte_range: [
    op('pte_offset_map_lock', 'start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl)'),
    iff('if (pte_present(ptent))', op('pte_present', 'pte_present(ptent)'), [
      op('ptep_get_and_clear_full', 'ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm)'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(start_pte, ptl)'),
  ],
  // ---- CPU2: another thread loads from the page (a read fault when the pte is none) ----
  __do_page_fault: [
    op('mmap_read_lock', 'down_read(&mm->mmap_sem)'),
    call('handle_pte_fault', 'fault = handle_mm_fault(vma, address, flags)  /* a load: no FAULT_FLAG_WRITE */'),
    op('mmap_read_unlock', 'up_read(&mm->mmap_sem)'),
  ],
};

const FUNCTIONS: readonly { name: string; file: string }[] = [
  { name: '__get_user_pages', file: 'mm/gup.c' },
  { name: 'follow_page_pte', file: 'mm/gup.c' },
  { name: 'can_follow_write_pte', file: 'mm/gup.c' },
  { name: 'faultin_page', file: 'mm/gup.c' },
  { name: '__access_remote_vm', file: 'mm/memory.c' },
  { name: 'handle_pte_fault', file: 'mm/memory.c' },
  { name: 'do_fault', file: 'mm/memory.c' },
  { name: 'do_read_fault', file: 'mm/memory.c' },
  { name: 'do_cow_fault', file: 'mm/memory.c' },
  { name: 'finish_fault', file: 'mm/memory.c' },
  { name: 'alloc_set_pte', file: 'mm/memory.c' },
  { name: 'do_wp_page', file: 'mm/memory.c' },
  { name: 'wp_page_reuse', file: 'mm/memory.c' },
  { name: 'wp_page_copy', file: 'mm/memory.c' },
  { name: 'zap_pte_range', file: 'mm/memory.c' },
  { name: 'madvise_dontneed', file: 'mm/madvise.c' },
];

// --- variants as edits ---------------------------------------------------------------------

const returnBool = (v: boolean): Stmt[] => [op('set_can_follow', `return ${v}`, { value: v ? 1 : 0 }), ret(`return ${v}`)];

/** 19be0eaffa3a's can_follow_write_pte(), with `extra` the FOLL_COW test's conjuncts. */
const canFollowWritePte = (rule: string, ...extra: ReturnType<typeof op>[]): Stmt[] => [
  iff(
    `return ${rule}`,
    or(rule, op('pte_write', 'pte_write(pte)'), and(rule.slice(rule.indexOf('((') + 1, -1), op('foll_force', 'flags & FOLL_FORCE'), ...extra)),
    [op('set_can_follow', 'return true', { value: 1 })],
    [op('set_can_follow', 'return false', { value: 0 })],
  ),
];

const FOLL_COW_DIRTY = 'pte_write(pte) || ((flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte))';

/** follow_page_pte() asks can_follow_write_pte(); faultin_page() sets FOLL_COW instead of dropping FOLL_WRITE. */
const withFollCow = (b: KernelCode, rule: Stmt[]): KernelCode => {
  let c: KernelCode = { ...b, can_follow_write_pte: rule };
  c = replace(c, 'follow_page_pte', isFollowWriteCheck, [
    call('can_follow_write_pte', 'can_follow_write_pte(pte, flags)'),
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, flags))', and('(flags & FOLL_WRITE) && !can_follow_write_pte(pte, flags)', op('foll_write', 'flags & FOLL_WRITE'), not(op('can_follow', 'can_follow_write_pte(pte, flags)'))), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return NULL'),
    ]),
  ]);
  return replace(c, 'faultin_page', isClearFollWrite, [op('set_foll_cow', '*flags |= FOLL_COW')]);
};

/** 19be0eaffa3a: FOLL_COW, validated by pte_dirty(). */
const s51 = (b: KernelCode): KernelCode =>
  withFollCow(b, canFollowWritePte(FOLL_COW_DIRTY, op('foll_cow', 'flags & FOLL_COW'), op('pte_dirty', 'pte_dirty(pte)')));

/** Wrong fix: FOLL_COW alone, without asking whether the pte is still the dirty one COW made. */
const s52 = (b: KernelCode): KernelCode =>
  withFollCow(b, canFollowWritePte('pte_write(pte) || ((flags & FOLL_FORCE) && (flags & FOLL_COW))', op('foll_cow', 'flags & FOLL_COW')));

/** 4ceb5db9757a (2005): a forced write follows a dirty pte, FOLL_WRITE kept (no VM_FAULT_WRITE games). */
const s53 = (b: KernelCode): KernelCode => {
  const c = replace(b, 'follow_page_pte', isFollowWriteCheck, [
    iff('if ((flags & FOLL_WRITE) && !pte_dirty(pte))', and('(flags & FOLL_WRITE) && !pte_dirty(pte)', op('foll_write', 'flags & FOLL_WRITE'), not(op('pte_dirty', 'pte_dirty(pte)'))), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return NULL'),
    ]),
  ]);
  return remove(c, 'faultin_page', (s) => s.op === 'if' && s.c.includes('VM_FAULT_WRITE'));
};

/**
 * The fault path from v3.15 to v4.7, before struct fault_env (bae473a423f6, v4.8):
 * do_read_fault() and do_cow_fault() take the PTE lock themselves, re-check the entry against
 * the none orig_pte, and install the page with do_set_pte(), which only builds and sets the
 * entry (the lock stays with its caller). The rest of the race is v4.8's.
 */
const unlockPte = () => op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)');
const lockPte = () => op('pte_offset_map_lock', 'pte = pte_offset_map_lock(mm, pmd, address, &ptl)');
const recheckOrigPte = (exit: string) => iff('if (unlikely(!pte_same(*pte, orig_pte)))', not(op('pte_same', 'pte_same(*pte, orig_pte)')), [unlockPte(), ret(exit)]);
const beforeFaultEnv = (b: KernelCode): KernelCode => ({
  ...b,
  do_read_fault: [
    op('__do_fault', 'ret = __do_fault(vma, address, pgoff, flags, NULL, &fault_page, NULL)'),
    lockPte(),
    recheckOrigPte('return ret'),
    call('alloc_set_pte', 'do_set_pte(vma, address, fault_page, pte, false, false)'),
    unlockPte(),
  ],
  do_cow_fault: [
    op('alloc_page_vma', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, address)'),
    op('__do_fault', 'ret = __do_fault(vma, address, pgoff, flags, new_page, &fault_page, NULL)'),
    op('copy_user_highpage', 'copy_user_highpage(new_page, fault_page, address, vma)'),
    lockPte(),
    recheckOrigPte('goto uncharge_out'),
    call('alloc_set_pte', 'do_set_pte(vma, address, new_page, pte, true, true)'),
    unlockPte(),
  ],
  // do_set_pte(vma, address, page, pte, write, anon)
  alloc_set_pte: [
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    iff('if (write)', op('fault_flag_write', 'write'), [op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)')]),
    op('set_pte_at', 'set_pte_at(vma->vm_mm, address, pte, entry)'),
  ],
});

/**
 * 4.10 (9118c0cbd442): finish_fault() maps the page the fault prepared: alloc_set_pte(), then the
 * unlock of the PTE table it left locked. do_read_fault() and do_cow_fault() call it.
 */
const withFinishFault = (b: KernelCode): KernelCode => ({
  ...b,
  do_read_fault: [
    op('__do_fault', 'ret = __do_fault(vmf)'),
    call('finish_fault', 'ret |= finish_fault(vmf)'),
  ],
  do_cow_fault: [
    op('alloc_page_vma', 'vmf->cow_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vmf->address)'),
    op('__do_fault', 'ret = __do_fault(vmf)'),
    op('copy_user_highpage', 'copy_user_highpage(vmf->cow_page, vmf->page, vmf->address, vma)'),
    call('finish_fault', 'ret |= finish_fault(vmf)'),
  ],
  finish_fault: [
    call('alloc_set_pte', 'ret = alloc_set_pte(vmf, vmf->memcg, page)'),
    iff('if (vmf->pte)', constCond('vmf->pte', true), [op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)')]),
  ],
});

/**
 * 5.12 (f9ce0be71d1f): finish_fault() takes the PTE lock and re-checks the entry itself;
 * alloc_set_pte() became do_set_pte(), which only builds and sets the entry.
 */
const finishFaultLocks = (b: KernelCode): KernelCode => ({
  ...withFinishFault(b),
  finish_fault: [
    op('pte_offset_map_lock', 'vmf->pte = pte_offset_map_lock(vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff('if (likely(pte_none(*vmf->pte)))', op('pte_none', 'pte_none(*vmf->pte)'), [call('alloc_set_pte', 'do_set_pte(vmf, page, vmf->address)')]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  // do_set_pte(vmf, page, addr)
  alloc_set_pte: [
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    iff('if (write)', op('fault_flag_write', 'write'), [op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)')]),
    op('set_pte_at', 'set_pte_at(vma->vm_mm, addr, vmf->pte, entry)'),
  ],
});

/** 5535be309971 (v6.0) on top of 19be0eaffa3a: an exclusive anon page in a private !VM_WRITE mapping; FOLL_COW gone. */
const CAN_FOLLOW_WRITE_PTE_5535BE: readonly Stmt[] = [
  iff('if (pte_write(pte))', op('pte_write', 'pte_write(pte)'), returnBool(true)),
  iff('if (!(flags & FOLL_FORCE))', not(op('foll_force', 'flags & FOLL_FORCE')), returnBool(false)),
  iff('if (vma->vm_flags & (VM_MAYSHARE | VM_SHARED))', op('vma_shared', 'vma->vm_flags & (VM_MAYSHARE | VM_SHARED)'), returnBool(false)),
  iff('if (!(vma->vm_flags & VM_MAYWRITE))', not(op('vma_maywrite', 'vma->vm_flags & VM_MAYWRITE')), returnBool(false)),
  iff('if (vma->vm_flags & VM_WRITE)', op('vma_write', 'vma->vm_flags & VM_WRITE'), returnBool(false)),
  iff('if (!page || !PageAnon(page) || !PageAnonExclusive(page))', not(op('gup_page_anon_exclusive', 'page && PageAnon(page) && PageAnonExclusive(page)')), returnBool(false)),
  op('set_can_follow_not_uffd_wp', 'return !userfaultfd_pte_wp(vma, pte)'),
];

const s55 = (b0: KernelCode): KernelCode => {
  // (On a base that already has 19be0eaffa3a, as every tree after 4.9 does.)
  const b = b0.can_follow_write_pte?.length ? b0 : s51(b0);
  let c: KernelCode = { ...b, can_follow_write_pte: CAN_FOLLOW_WRITE_PTE_5535BE };
  c = remove(c, 'follow_page_pte', 'vm_normal_page');
  c = remove(c, 'follow_page_pte', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'can_follow_write_pte');
  c = replace(c, 'follow_page_pte', isFollowWriteCheck, [
    op('vm_normal_page', 'page = vm_normal_page(vma, address, pte)'),
    call('can_follow_write_pte', 'can_follow_write_pte(pte, page, vma, flags)'),
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags))', and('(flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags)', op('foll_write', 'flags & FOLL_WRITE'), not(op('can_follow', 'can_follow_write_pte(pte, page, vma, flags)'))), [
      op('gup_page_null', 'page = NULL'),
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('goto out'),
    ]),
  ]);
  return remove(c, 'faultin_page', (s) => s.op === 'if' && s.c.includes('VM_FAULT_WRITE'));
};

export const s5: Scenario = {
  lexicon,
  id: 'S5',
  name: 'dirty-cow',
  question:
    'Can GUP with FOLL_FORCE|FOLL_WRITE on a private read-only file mapping, retrying after its COW fault, end up writing the page-cache page because MADV_DONTNEED zapped the COW copy in between?',
  actors: [
    'CPU0 gup: write(/proc/self/mem) -> get_user_pages_remote(FOLL_FORCE|FOLL_WRITE) (mmap_sem read)',
    'CPU1 madvise(MADV_DONTNEED) zapping the pte (mmap_sem read)',
    'CPU2 another thread loading from the page (read fault)',
  ],
  switches: [
    {
      name: 'concurrent_reader',
      values: [false, true],
      default: false,
      doc: 'another thread of the process loads from the page while GUP retries (a read fault maps the page-cache page R/O and clean when the pte is none); false: only the exploit\'s two threads, the writer and the madvise loop',
      phrases: { true: 'when another thread read-faults the page between GUP\'s retries', false: 'with only the writer and the MADV_DONTNEED thread' },
    },
    {
      name: 'pte_dirty_bit',
      values: [true, false],
      default: true,
      doc: 'pte_dirty() reports the hardware/software dirty bit on every architecture; false: s390 before abf09bed3cce (v3.9) kept it in the storage key, pte_dirty() of a pte is always 0',
      phrases: { true: 'where pte_dirty() works on every architecture (s390 software dirty bits, v3.9+)', false: 'on s390 before v3.9, where pte_dirty() of a pte is always false' },
      release: { version: '3.9', commit: 'abf09bed3cce', before: false, after: true },
    },
  ],
  invariants: [
    { id: 'I5.1', text: 'a FOLL_FORCE write never reaches a page-cache page of a private mapping' },
    { id: 'I5.2', text: 'a FOLL_FORCE write to a private mapping completes: the retry accepts the anon copy its own COW fault made' },
  ],
  functions: FUNCTIONS,
  baseline,
  baselineVariant: 'S5.0',
  variants: [
    {
      id: 'S5.0', until: '4.8',
      title: 'v4.8: faultin_page() drops FOLL_WRITE after VM_FAULT_WRITE (the FOLL_WRITE games)',
      source: 'f33ea7f404e5 (2005), described in 19be0eaffa3a',
      expected: 'race',
      invariants: ['I5.1'],
      code: (b) => b,
      note: 'CVE-2016-5195: COW fault, MADV_DONTNEED zaps the copy, the read retry maps the page-cache page and the forced write lands in the file',
    },
    {
      id: 'S5.6', since: '3.15', until: '4.7',
      title: 'v3.15-v4.7: the v4.8 race on the fault path before struct fault_env (do_read_fault()/do_cow_fault() lock the PTE and call do_set_pte())',
      source: 'mm/memory.c v4.7; struct fault_env came with bae473a423f6 (v4.8)',
      expected: 'race',
      invariants: ['I5.1'],
      code: beforeFaultEnv,
      note: 'the same Dirty COW race as S5.0: only where the fault path takes the PTE lock differs',
    },
    {
      id: 'S5.1',
      title: '19be0eaffa3a: FOLL_COW set on VM_FAULT_WRITE, can_follow_write_pte() trusts it only with pte_dirty()',
      source: '19be0eaffa3a (v4.9)',
      expected: 'safe',
      invariants: [],
      mergedIn: '4.9',
      mergedOn: '2016-10-13',
      // Dirty COW went to the stable series at once (4.8.3, 4.7.9, 4.4.26).
      stable: { '4.8': '2016-10-20', '4.7': '2016-10-20', '4.4': '2016-10-20' },
      code: s51,
    },
    {
      id: 'S5.2',
      title: 'wrong fix: FOLL_COW without the pte_dirty() test',
      source: 'inference from 19be0eaffa3a ("use the pte dirty flag to validate that the FOLL_COW flag is still valid")',
      expected: 'race',
      invariants: ['I5.1'],
      switches: { concurrent_reader: true },
      code: s52,
      note: 'after the zap, a read fault maps the page-cache page R/O and clean; FOLL_COW still says "COW done"',
    },
    {
      id: 'S5.3',
      title: '4ceb5db9757a (2005): follow a forced write through any dirty pte, on s390 before v3.9',
      source: '4ceb5db9757a, reverted by f33ea7f404e5 ("fix get_user_pages bug")',
      expected: 'race',
      invariants: ['I5.2'],
      switches: { pte_dirty_bit: false },
      code: s53,
      note: 'the pte never looks dirty on s390 (storage-key dirty bit): GUP faults forever. Safe in this model where pte_dirty() works; the other reason for the revert (fork leaves dirty R/O ptes shared) needs a fork, which S5 does not model',
    },
    {
      id: 'S5.4',
      title: '19be0eaffa3a on s390 before v3.9 (no pte dirty bit)',
      source: '19be0eaffa3a: "Earlier kernels will have to look at the page state itself"',
      expected: 'race',
      invariants: ['I5.2'],
      switches: { pte_dirty_bit: false },
      code: s51,
    },
    {
      id: 'S5.7',
      title: 'S5.0 with 4.10\'s finish_fault(): alloc_set_pte() and the unlock in one helper the fault handlers call',
      source: '9118c0cbd442 (v4.10)',
      expected: 'race',
      invariants: ['I5.1'],
      mergedIn: '4.10',
      code: withFinishFault,
      note: 'a refactor of the fault path; the race is S5.0\'s, which 4.9 had already fixed (S5.1)',
    },
    {
      id: 'S5.8',
      title: 'S5.0 with 5.12\'s finish_fault(): the PTE lock and re-check in finish_fault(), do_set_pte() only sets the entry',
      source: 'f9ce0be71d1f (v5.12)',
      expected: 'race',
      invariants: ['I5.1'],
      mergedIn: '5.12',
      code: finishFaultLocks,
      note: 'a refactor of the fault path; the race is S5.0\'s, which 4.9 had already fixed (S5.1)',
    },
    {
      id: 'S5.5',
      title: '5535be309971: FOLL_COW gone, FOLL_FORCE writes only an exclusive anon page of a private !VM_WRITE mapping',
      source: '5535be309971 (v6.0, CVE-2022-2590; see S2)',
      expected: 'safe',
      invariants: [],
      mergedIn: '6.0',
      code: s55,
    },
  ],
  build,
};

// --- the model -----------------------------------------------------------------------------

const ACTOR_NAMES = ['CPU0 gup', 'CPU1 madvise', 'CPU2 reader'] as const;
const GUP = 0;
const MADVISE = 1;
const READER = 2;

function build(code: KernelCode, sw: Switches): Model {
  const dirtyBit = sw.pte_dirty_bit !== false;
  const withReader = sw.concurrent_reader === true;
  const L = new Layout();
  const pc = ACTOR_NAMES.map((a) => L.v(`${a}.pc`));
  const pte = declPte(L, 'pte');
  const ptl = L.v('ptl', 0);
  const mmap = declRwSem(L, 'mmap_sem');
  // CPU0's GUP state: foll_flags, the page, the last fault's return.
  const gWrite = L.v('gup.FOLL_WRITE', 1, 1);
  const gCow = L.v('gup.FOLL_COW', 0, 1);
  const gPage = L.v('gup.page', 0, 2);
  const gCan = L.v('gup.can_follow', 0, 1);
  // What the last `goto retry` saw (pte and foll_flags, packed), 0 before the first.
  const gLast = L.v('gup.last_retry', 0);
  const gSpin = L.v('gup.spinning', 0, 1);
  // Another actor changed the pte since the last retry (then a repeat proves nothing).
  const gDisturbed = L.v('gup.pte_changed_by_others', 0, 1);
  // Each faulting actor's locals (CPU0 and CPU2 both run handle_pte_fault).
  const loc = (a: string) => ({
    origPfn: L.v(`${a}.orig_pte.pfn`, 0, 2),
    origWrite: L.v(`${a}.orig_pte.write`, 0, 1),
    origDirty: L.v(`${a}.orig_pte.dirty`, 0, 1),
    page: L.v(`${a}.fault_page`, 0, 2),
    ret: L.v(`${a}.fault_ret`, 0, 1),
    entryDirty: L.v(`${a}.entry.dirty`, 0, 1),
  });
  const gl = loc('gup');
  const rl = loc('reader');

  const PTE = [pte.pfn, pte.present, pte.write, pte.dirty];
  const none: number[] = [];
  const fp = (reads: readonly number[], writes: readonly number[]) => ({ reads, writes });
  const flag = (v: number): CondSpec => ({ test: (m) => m.get(v) === 1, reads: [v] });
  const constant = (v: boolean): CondSpec => ({ test: () => v, reads: [] });
  const dirty = (m: Mem) => dirtyBit && m.get(pte.dirty) === 1;
  const pteText = (m: Mem): string => {
    if (!m.get(pte.present)) return 'pte none';
    const bits = [m.get(pte.write) ? 'writable' : 'R/O'];
    if (m.get(pte.dirty)) bits.push('dirty');
    return `${bits.join(', ')}, maps ${pageName(m.get(pte.pfn))}`;
  };
  const clearPte = (m: Mem) => {
    for (const v of PTE) m.set(v, 0);
  };
  const ptlLock = (a: number) => spin_lock(ptl, a, 'spin_lock(ptl)');
  const ptlUnlock = spin_unlock(ptl, 'spin_unlock(ptl)');

  /** The fault path, shared by CPU0 (GUP's faultin_page) and CPU2 (a load). */
  const faultStep = (a: number, l: ReturnType<typeof loc>) => (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return mmap_read_lock({ mmap: mmap }, a, 'down_read(mmap_sem)');
      case 'mmap_read_unlock':
        return mmap_read_unlock({ mmap: mmap }, a, 'up_read(mmap_sem)');
      case 'pte_offset_map_lock':
      case 'spin_lock':
        return ptlLock(a);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'read_orig_pte':
        return {
          primitive: 'pte_read',
          apply: (m) => {
            m.set(l.origPfn, m.get(pte.present) ? m.get(pte.pfn) : PG_NONE);
            m.set(l.origWrite, m.get(pte.write));
            m.set(l.origDirty, m.get(pte.dirty));
            m.set(l.page, PG_NONE);
            m.set(l.ret, 0);
          },
          may: fp([pte.present, pte.pfn, pte.write, pte.dirty], [l.origPfn, l.origWrite, l.origDirty, l.page, l.ret]),
          note: (m) => (m.get(l.origPfn) ? `orig_pte ${m.get(l.origWrite) ? 'writable' : 'R/O'}${m.get(l.origDirty) ? ', dirty' : ''}, maps ${pageName(m.get(l.origPfn))}` : 'pte none'),
        };
      case 'alloc_page_vma':
        return { apply: (m) => m.set(l.page, PG_A), may: fp(none, [l.page]), quiet: true };
      case '__do_fault':
        return {
          primitive: '__do_fault',
          apply: (m) => {
            if (m.get(l.page) === PG_NONE) m.set(l.page, PG_P);
          },
          may: fp([l.page], [l.page]),
          note: () => 'page-cache page P read in',
        };
      case 'copy_user_highpage':
        return { primitive: 'copy_page', may: fp(none, none), note: () => 'P copied into anon page A' };
      case 'mk_pte':
        return { apply: (m) => m.set(l.entryDirty, 0), may: fp(none, [l.entryDirty]), quiet: true };
      case 'maybe_mkwrite_dirty':
        // maybe_mkwrite() on a !VM_WRITE vma: dirty, never writable.
        return { apply: (m) => m.set(l.entryDirty, 1), may: fp(none, [l.entryDirty]), quiet: true };
      case 'get_page':
      case 'update_mmu_tlb':
        return anchor(o.op);
      case 'set_pte_at':
        return {
          primitive: 'set_pte_at',
          apply: (m) => {
            m.set(pte.pfn, m.get(l.page));
            m.set(pte.present, 1);
            m.set(pte.write, 0);
            m.set(pte.dirty, m.get(l.entryDirty));
            if (a !== GUP) m.set(gDisturbed, 1);
          },
          may: fp([l.page, l.entryDirty], [...PTE, gDisturbed]),
          note: (m) => `pte ${pteText(m)}`,
        };
      case 'ptep_set_access_flags':
        return {
          primitive: 'ptep_set_access_flags',
          apply: (m) => {
            m.set(pte.dirty, 1);
            m.set(l.ret, FAULT_WRITE);
          },
          may: fp(none, [pte.dirty, l.ret]),
          note: (m) => `COW reused: pte ${pteText(m)}; VM_FAULT_WRITE`,
        };
      case 'cow_user_page':
        return { primitive: 'copy_page', may: fp(none, none), note: () => 'anon page A allocated, the old page copied into it' };
      case 'ptep_clear_flush_notify':
        return { primitive: 'ptep_clear_flush_notify', apply: clearPte, may: fp(none, PTE), quiet: true };
      case 'set_pte_at_notify':
        return {
          primitive: 'set_pte_at_notify',
          apply: (m) => {
            m.set(pte.pfn, PG_A);
            m.set(pte.present, 1);
            m.set(pte.write, 0);
            m.set(pte.dirty, 1);
            m.set(l.ret, FAULT_WRITE);
          },
          may: fp(none, [...PTE, l.ret]),
          note: (m) => `COW broken: pte ${pteText(m)}; VM_FAULT_WRITE`,
        };
      default:
        return null;
    }
  };
  const faultCond = (a: number, l: ReturnType<typeof loc>) => (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'orig_pte_none':
        return { test: (m) => m.get(l.origPfn) === PG_NONE, reads: [l.origPfn] };
      case 'pte_same':
        return {
          // (Two none entries are the same: before v4.8 the fault path re-checks a none orig_pte so.)
          test: (m) => (m.get(pte.present) === 0 ? m.get(l.origPfn) === PG_NONE : m.get(pte.pfn) === m.get(l.origPfn) && m.get(pte.write) === m.get(l.origWrite) && m.get(pte.dirty) === m.get(l.origDirty)),
          reads: [pte.present, pte.pfn, pte.write, pte.dirty, l.origPfn, l.origWrite, l.origDirty],
        };
      case 'pte_none':
        return { test: (m) => m.get(pte.present) === 0, reads: [pte.present] };
      case 'fault_flag_write':
        return a === GUP ? flag(gWrite) : constant(false);
      case 'orig_pte_write':
        return flag(l.origWrite);
      case 'orig_page_anon':
        return { test: (m) => m.get(l.origPfn) === PG_A, reads: [l.origPfn] };
      case 'reuse_swap_page':
        return constant(true); // mapped once: no fork here
      default:
        return null;
    }
  };

  const gupStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'vm_normal_page':
        return {
          primitive: 'vm_normal_page',
          apply: (m) => m.set(gPage, m.get(pte.present) ? m.get(pte.pfn) : PG_NONE),
          may: fp([pte.present, pte.pfn], [gPage]),
          note: (m) => `page = ${pageName(m.get(gPage))}`,
        };
      case 'gup_page_null':
        return { apply: (m) => m.set(gPage, PG_NONE), may: fp(none, [gPage]), quiet: true };
      case 'set_can_follow':
        return { apply: (m) => m.set(gCan, Number(o.args?.value ?? 0)), may: fp(none, [gCan]), quiet: true };
      case 'set_can_follow_not_uffd_wp':
        return { apply: (m) => m.set(gCan, 1), may: fp(none, [gCan]), quiet: true }; // no uffd-wp here
      case 'clear_foll_write':
        return { apply: (m) => m.set(gWrite, 0), may: fp(none, [gWrite]), note: () => 'FOLL_WRITE dropped: the retry looks the page up as a read' };
      case 'set_foll_cow':
        return { apply: (m) => m.set(gCow, 1), may: fp(none, [gCow]), note: () => 'FOLL_COW set: the retry may write a R/O dirty pte' };
      case 'gup_retry': {
        const now = (m: Mem) =>
          128 | m.get(pte.pfn) | (m.get(pte.present) << 2) | (m.get(pte.write) << 3) | (m.get(pte.dirty) << 4) | (m.get(gWrite) << 5) | (m.get(gCow) << 6);
        return {
          primitive: 'goto retry',
          apply: (m) => {
            const seen = m.get(gLast);
            const disturbed = m.get(gDisturbed);
            m.set(gLast, now(m));
            m.set(gDisturbed, 0);
            if (seen === m.get(gLast) && !disturbed) {
              m.set(gSpin, 1);
              return 'I5.2';
            }
          },
          may: fp([gLast, gDisturbed, ...PTE, gWrite, gCow], [gLast, gSpin, gDisturbed]),
          note: (m) =>
            m.get(gSpin)
              ? 'the same pte and foll_flags as at the last retry: the fault changed nothing, GUP loops forever'
              : `retry: ${pteText(m)}`,
        };
      }
      case 'copy_to_user_page':
        return {
          primitive: 'copy_to_user_page',
          apply: (m) => {
            if (m.get(gPage) === PG_P) return 'I5.1';
          },
          may: fp([gPage], none),
          note: (m) =>
            m.get(gPage) === PG_P
              ? 'the FOLL_FORCE write lands in the page-cache page P: the file is written through a R/O MAP_PRIVATE mapping'
              : `write lands in ${pageName(m.get(gPage))}`,
        };
      default:
        return faultStep(GUP, gl)(o);
    }
  };
  const gupCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_present':
        return flag(pte.present);
      case 'pte_write':
        return flag(pte.write);
      case 'pte_dirty':
        return { test: dirty, reads: [pte.dirty] };
      case 'foll_write':
        return flag(gWrite);
      case 'foll_cow':
        return flag(gCow);
      case 'foll_force':
      case 'vma_maywrite': // MAP_PRIVATE has VM_MAYWRITE
        return constant(true);
      case 'vma_shared':
      case 'vma_write':
        return constant(false);
      case 'gup_page_anon_exclusive':
        return { test: (m) => m.get(gPage) === PG_A, reads: [gPage] };
      case 'can_follow':
        return flag(gCan);
      case 'gup_page':
      case 'gup_got_page':
        return { test: (m) => m.get(gPage) !== PG_NONE, reads: [gPage] };
      case 'vm_fault_write':
        return { test: (m) => m.get(gl.ret) === FAULT_WRITE, reads: [gl.ret] };
      default:
        return faultCond(GUP, gl)(o);
    }
  };

  const madviseStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return mmap_read_lock({ mmap: mmap }, MADVISE, 'down_read(mmap_sem)');
      case 'mmap_read_unlock':
        return mmap_read_unlock({ mmap: mmap }, MADVISE, 'up_read(mmap_sem)');
      case 'pte_offset_map_lock':
        return ptlLock(MADVISE);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'ptep_get_and_clear_full':
        return {
          primitive: 'ptep_get_and_clear',
          apply: (m) => {
            clearPte(m);
            m.set(gDisturbed, 1);
          },
          may: fp(none, [...PTE, gDisturbed]),
          note: () => 'pte zapped: the COW copy is gone',
        };
      default:
        return null;
    }
  };
  const madviseCond = (o: Op): CondSpec | null => (o.op === 'pte_present' ? flag(pte.present) : null);

  const sem = (step: (o: Op) => StepSpec | null, cond: (o: Op) => CondSpec | null): Semantics => ({ step: (o) => step(o), cond: (o) => cond(o) });
  const gup = withRetryLoop(compileActor(ACTOR_NAMES[GUP], pc[GUP], code, ['__access_remote_vm'], sem(gupStep, gupCond)));
  const madvise = compileActor(ACTOR_NAMES[MADVISE], pc[MADVISE], code, ['madvise_dontneed'], sem(madviseStep, madviseCond));
  const reader = compileActor(ACTOR_NAMES[READER], pc[READER], code, ['__do_page_fault'], sem(faultStep(READER, rl), faultCond(READER, rl)));

  const invariants: Invariant[] = [];
  const pfnVars = new Set([pte.pfn, gPage, gl.origPfn, gl.page, rl.origPfn, rl.page]);
  return {
    name: 'S5 dirty-cow',
    layout: L,
    actors: withReader ? [gup, madvise, reader] : [gup, madvise],
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_sem', s: mmap }]);
      if (a === GUP) {
        if (!m.get(gWrite)) out.push('no FOLL_WRITE');
        if (m.get(gCow)) out.push('FOLL_COW');
      }
      return out;
    },
    describe: (v, value) => (pfnVars.has(v) ? pageName(value) : String(value)),
  };
}

/**
 * `goto retry`: the step's successor becomes the location where the GUP loop's
 * follow_page_mask() starts (the first step of follow_page_pte).
 */
function withRetryLoop(a: Actor): Actor {
  const start = a.locations.findIndex((alts) => alts.some((t) => t.fn === 'follow_page_pte'));
  if (start < 0) return a;
  return { ...a, locations: a.locations.map((alts) => alts.map((t) => (t.primitive === 'goto retry' ? { ...t, next: start } : t))) };
}

export const _internal = { s51, s52, s53, s55 };
