/**
 * S2 uffd-install-pte: UFFDIO_COPY / UFFDIO_CONTINUE install a PTE for a shmem page. Is the
 * data kept dirty (PageDirty or a dirty PTE that reclaim harvests), and can a dirty read-only
 * PTE later become writable without a write fault: through mprotect's `dirty_accountable`
 * shortcut in change_pte_range(), or through FOLL_FORCE trusting `pte_dirty` after FOLL_COW?
 *
 * Code: mm/userfaultfd.c as in M2a v4 (mcopy_atomic_install_ptes), mm/mprotect.c v5.10
 * (change_pte_range), mm/gup.c and mm/memory.c v5.10 (follow_page_pte, can_follow_write_pte,
 * faultin_page, do_wp_page), reclaim (shrink_page_list, try_to_unmap_one).
 *
 * Modelling decisions (see also the comments at each):
 * - The VMA configuration (VM_SHARED or MAP_PRIVATE, VM_WRITE or not, UFFDIO_COPY or
 *   UFFDIO_CONTINUE, UFFDIO_COPY_MODE_WP or not) is a nondeterministic first step of T_uffd,
 *   so a verdict covers every configuration. wp_copy is offered only for UFFDIO_COPY into a
 *   VM_WRITE VMA (UFFDIO_CONTINUE passes wp_copy = false; without VM_WRITE wp_copy has no effect).
 * - The other actors act only where they can matter: T_reclaim on the page-cache page P once
 *   UFFDIO_COPY put data in it (UFFDIO_CONTINUE maps a page whose data was written earlier
 *   through another mapping, so it is PageDirty already); T_mprotect on VM_SHARED VMAs (on a
 *   private VMA vma_wants_writenotify() is false and vm_page_prot never has write, so
 *   change_pte_range cannot make a PTE writable); T_gup and T_helper on the MAP_PRIVATE,
 *   !VM_WRITE, UFFDIO_CONTINUE configuration of counterexample B, where P is already mapped R/O.
 * - vm_page_prot has the write bit iff VM_SHARED && VM_WRITE && !vma_wants_writenotify(), where
 *   vma_wants_writenotify() is the `dirty_accountable` switch or uffd-wp registration (v5.19's
 *   `if (userfaultfd_wp(vma)) return 1`; earlier kernels refused uffd-wp on shmem entirely).
 *   mk_pte() and pte_modify() take the write bit from it.
 * - pte_mkdirty() also sets the soft-dirty bit (x86); VM_SOFTDIRTY is set (a fresh mmap).
 * - GUP retries are unrolled to two attempts (follow, fault, follow).
 */
import { and, call, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Semantics, type Stmt, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import {
  __SetPageLocked,
  anchor,
  declPte,
  declRwSem,
  heldLocks,
  mmap_read_lock,
  mmap_read_unlock,
  mmap_write_lock,
  mmap_write_unlock,
  pte_none,
  pte_offset_map_lock,
  pte_present,
  pte_unmap_unlock,
  ptep_clear_flush,
  ptep_clear_flush_notify,
  ptep_get_and_clear,
  ptep_modify_prot_commit,
  ptep_modify_prot_start,
  pteVars,
  set_pte_at,
  trylock_page,
  unlock_page,
  type MmState,
  type Page,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model, Transition } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

// Page frames the PTE can map.
const PG_NONE = 0;
const PG_P = 1; // the shmem page-cache page
const PG_C = 2; // the anon page UFFDIO_COPY allocates for a MAP_PRIVATE VMA
const PG_A = 3; // the anon COW copy the GUP write fault makes

const MODE_COPY = 1;
const MODE_CONTINUE = 2;

const FAULT_WRITE = 1; // VM_FAULT_WRITE
const FAULT_RETRY = 2; // VM_FAULT_RETRY

const PAGE_NAME = ['no page', 'page-cache page P', 'anon page C', 'anon COW copy A'];
const pageName = (pfn: number): string => PAGE_NAME[pfn] ?? `pfn ${pfn}`;

// --- kernel code ------------------------------------------------------------------------

const isWritableIf = (s: Stmt) => s.op === 'if' && s.c === 'if (writable)';
const isContinuePrivateIf = (s: Stmt) => s.op === 'if' && s.c === 'if (is_continue && !vm_shared)';
const isDirtyAccountableIf = (s: Stmt) => s.op === 'if' && s.c.startsWith('if (dirty_accountable');
const isOldFollowRule = (s: Stmt) => s.op === 'if' && s.c.includes('FOLL_COW');
const isFollowCheck = (s: Stmt) => s.op === 'if' && s.c.startsWith('if ((flags & FOLL_WRITE) && !can_follow_write_pte');
const isFollCowIf = (s: Stmt) => s.op === 'if' && s.c.includes('VM_FAULT_WRITE');

const returnFalse = (what: string): Stmt[] => [op(what, 'return false', { value: 0 }), ret('return false')];

/** 5535be309971: FOLL_FORCE only on an exclusive anon page of a private, !VM_WRITE mapping. */
const CAN_FOLLOW_WRITE_PTE_5535BE: readonly Stmt[] = [
  iff('if (pte_write(pte))', op('pte_write', 'pte_write(pte)'), [op('set_can_follow', 'return true', { value: 1 }), ret('return true')]),
  iff('if (!(flags & FOLL_FORCE))', not(op('foll_force', 'flags & FOLL_FORCE')), returnFalse('set_can_follow')),
  iff('if (vma->vm_flags & (VM_MAYSHARE | VM_SHARED))', op('vma_shared', 'vma->vm_flags & (VM_MAYSHARE | VM_SHARED)'), returnFalse('set_can_follow')),
  iff('if (!(vma->vm_flags & VM_MAYWRITE))', not(op('vma_maywrite', 'vma->vm_flags & VM_MAYWRITE')), returnFalse('set_can_follow')),
  iff('if (vma->vm_flags & VM_WRITE)', op('vma_write', 'vma->vm_flags & VM_WRITE'), returnFalse('set_can_follow')),
  iff(
    'if (!page || !PageAnon(page) || !PageAnonExclusive(page))',
    not(op('gup_page_anon_exclusive', 'page && PageAnon(page) && PageAnonExclusive(page)')),
    returnFalse('set_can_follow'),
  ),
  iff(
    'if (vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte))',
    and('vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte)', op('vma_soft_dirty_enabled', 'vma_soft_dirty_enabled(vma)'), not(op('pte_soft_dirty', 'pte_soft_dirty(pte)'))),
    returnFalse('set_can_follow'),
  ),
  op('set_can_follow_not_uffd_wp', 'return !userfaultfd_pte_wp(vma, pte)'),
];

const baseline: KernelCode = {
  // ---- T_uffd: mm/userfaultfd.c (M2a v4) ----
  __mcopy_atomic: [
    op('mmap_read_lock', 'mmap_read_lock(dst_mm)'),
    call('mfill_atomic_pte', 'err = mfill_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, &page, mcopy_mode, wp_copy)'),
    op('mmap_read_unlock', 'mmap_read_unlock(dst_mm)'),
  ],
  mfill_atomic_pte: [
    iff('if (mode == MCOPY_ATOMIC_CONTINUE)', op('mode_continue', 'mode == MCOPY_ATOMIC_CONTINUE'), [
      call('mcontinue_atomic_pte', 'err = mcontinue_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, wp_copy)'),
      ret('goto out'),
    ]),
    iff(
      'if (!(dst_vma->vm_flags & VM_SHARED))',
      not(op('vm_shared', 'dst_vma->vm_flags & VM_SHARED')),
      [call('mcopy_atomic_pte', 'err = mcopy_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, page, mode, wp_copy)')],
      [call('shmem_mcopy_atomic_pte', 'err = shmem_mcopy_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, mode, page)')],
    ),
  ],
  mcopy_atomic_pte: [
    op('alloc_page_copy', 'page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, dst_vma, dst_addr); copy_from_user(page_kaddr, (const void __user *) src_addr, PAGE_SIZE)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, mode, wp_copy)'),
  ],
  // mm/shmem.c, thin: the page-cache page is allocated, filled, added to the cache, then the PTE
  // goes in through the same install helper (as from v5.13 on). M2a v4's own shmem PTE code had
  // the same `VM_WRITE ? pte_mkwrite(pte_mkdirty()) : set_page_dirty(page)` split.
  shmem_mcopy_atomic_pte: [
    op('shmem_alloc_page_copy', 'page = shmem_alloc_page(gfp, info, pgoff); copy_from_user(page_kaddr, (const void __user *)src_addr, PAGE_SIZE)'),
    op('__SetPageLocked', '__SetPageLocked(page)'),
    op('shmem_add_to_page_cache', 'ret = shmem_add_to_page_cache(page, mapping, pgoff, NULL, gfp & GFP_RECLAIM_MASK, dst_mm)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, mode, wp_copy)'),
    op('unlock_page', 'unlock_page(page)'),
  ],
  mcontinue_atomic_pte: [
    op('find_lock_page', 'page = find_lock_page(mapping, pgoff)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, MCOPY_ATOMIC_CONTINUE, wp_copy)'),
    op('unlock_page', 'unlock_page(page)'),
  ],
  mcopy_atomic_install_ptes: [
    op('mk_pte', '_dst_pte = mk_pte(page, dst_vma->vm_page_prot)'),
    op('vma_writable', 'writable = dst_vma->vm_flags & VM_WRITE'),
    iff(
      'if (is_continue && !vm_shared)',
      and('is_continue && !vm_shared', op('is_continue', 'is_continue'), not(op('vm_shared', 'vm_shared'))),
      [op('clear_writable', 'writable = 0')],
    ),
    iff(
      'if (writable)',
      op('writable', 'writable'),
      [
        op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)'),
        iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
          op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
        ]),
      ],
      [iff('else if (vm_shared)', op('vm_shared', 'vm_shared'), [op('set_page_dirty', 'set_page_dirty(page)')])],
    ),
    op('pte_offset_map_lock', 'dst_pte = pte_offset_map_lock(dst_mm, dst_pmd, dst_addr, &ptl)'),
    op('i_size_check', 'max_off = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE); if (unlikely(offset >= max_off)) goto out_unlock'),
    iff('if (!pte_none(*dst_pte))', not(op('pte_none', 'pte_none(*dst_pte)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)'),
      ret('goto out_unlock  /* -EEXIST */'),
    ]),
    op('inc_mm_counter', 'inc_mm_counter(dst_mm, mm_counter(page))'),
    iff('if (is_file_backed)', op('is_file_backed', 'is_file_backed'), [op('page_add_file_rmap', 'page_add_file_rmap(page, false)')], [
      op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(page, dst_vma, dst_addr, false)'),
    ]),
    iff('if (!is_continue)', not(op('is_continue', 'is_continue')), [op('lru_cache_add', 'lru_cache_add_inactive_or_unevictable(page, dst_vma)')]),
    op('set_pte_at', 'set_pte_at(dst_mm, dst_addr, dst_pte, _dst_pte)'),
    op('update_mmu_cache', 'update_mmu_cache(dst_vma, dst_addr, dst_pte)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)'),
  ],

  // ---- T_mprotect: mm/mprotect.c v5.10 ----
  do_mprotect_pkey: [
    op('mmap_write_lock', 'mmap_write_lock_killable(current->mm)'),
    call('mprotect_fixup', 'error = mprotect_fixup(vma, &prev, nstart, tmp, newflags)  /* PROT_READ|PROT_WRITE */'),
    op('mmap_write_unlock', 'mmap_write_unlock(current->mm)'),
  ],
  mprotect_fixup: [
    op('set_vm_flags', 'vma->vm_flags = newflags'),
    op('vma_wants_writenotify', 'dirty_accountable = vma_wants_writenotify(vma, vma->vm_page_prot)'),
    op('vma_set_page_prot', 'vma_set_page_prot(vma)'),
    call('change_pte_range', 'change_protection(vma, start, end, vma->vm_page_prot, dirty_accountable ? MM_CP_DIRTY_ACCT : 0)'),
  ],
  change_pte_range: [
    op('pte_offset_map_lock', 'pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl)'),
    iff('if (pte_present(oldpte))', op('pte_present', 'pte_present(oldpte)'), [
      op('ptep_modify_prot_start', 'oldpte = ptep_modify_prot_start(vma, addr, pte)'),
      op('pte_modify', 'ptent = pte_modify(oldpte, newprot)'),
      iff(
        'if (dirty_accountable && pte_dirty(ptent) && (pte_soft_dirty(ptent) || !(vma->vm_flags & VM_SOFTDIRTY)))',
        and(
          'dirty_accountable && pte_dirty(ptent) && (pte_soft_dirty(ptent) || !(vma->vm_flags & VM_SOFTDIRTY))',
          op('dirty_accountable', 'dirty_accountable'),
          op('ptent_dirty', 'pte_dirty(ptent)'),
          or(
            'pte_soft_dirty(ptent) || !(vma->vm_flags & VM_SOFTDIRTY)',
            op('ptent_soft_dirty', 'pte_soft_dirty(ptent)'),
            not(op('vm_softdirty', 'vma->vm_flags & VM_SOFTDIRTY')),
          ),
        ),
        [op('pte_mkwrite', 'ptent = pte_mkwrite(ptent)')],
      ),
      op('ptep_modify_prot_commit', 'ptep_modify_prot_commit(vma, addr, pte, oldpte, ptent)'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(pte - 1, ptl)'),
  ],
  // 64fe24a3e05e (v5.19), present so variants and patches can call it.
  can_change_pte_writable: [
    iff(
      'if (pte_protnone(pte) || !pte_dirty(pte))',
      or('pte_protnone(pte) || !pte_dirty(pte)', op('pte_protnone', 'pte_protnone(pte)'), not(op('ptent_dirty', 'pte_dirty(pte)'))),
      returnFalse('set_can_change'),
    ),
    iff(
      'if ((vma->vm_flags & VM_SOFTDIRTY) && !pte_soft_dirty(pte))',
      and('(vma->vm_flags & VM_SOFTDIRTY) && !pte_soft_dirty(pte)', op('vm_softdirty', 'vma->vm_flags & VM_SOFTDIRTY'), not(op('ptent_soft_dirty', 'pte_soft_dirty(pte)'))),
      returnFalse('set_can_change'),
    ),
    iff('if (userfaultfd_pte_wp(vma, pte))', op('userfaultfd_pte_wp', 'userfaultfd_pte_wp(vma, pte)'), returnFalse('set_can_change')),
    iff('if (!(vma->vm_flags & VM_SHARED))', not(op('vma_shared', 'vma->vm_flags & VM_SHARED')), [
      op('vm_normal_page', 'page = vm_normal_page(vma, addr, pte)'),
      iff(
        'if (!page || !PageAnon(page) || !PageAnonExclusive(page))',
        not(op('page_anon_exclusive', 'page && PageAnon(page) && PageAnonExclusive(page)')),
        returnFalse('set_can_change'),
      ),
    ]),
    op('set_can_change', 'return true', { value: 1 }),
  ],

  // ---- T_gup: write(/proc/self/mem) -> FOLL_FORCE | FOLL_WRITE (mm/memory.c, mm/gup.c v5.10) ----
  __access_remote_vm: [
    op('mmap_read_lock', 'mmap_read_lock_killable(mm)'),
    call('__get_user_pages', 'ret = get_user_pages_remote(mm, addr, 1, gup_flags /* FOLL_FORCE | FOLL_WRITE */, &page, &vma, NULL)'),
    iff('if (ret <= 0)', not(op('gup_got_page', 'ret > 0')), [op('mmap_read_unlock', 'mmap_read_unlock(mm)'), ret('break')]),
    op('copy_to_user_page', 'copy_to_user_page(vma, page, addr, maddr + offset, buf, bytes); set_page_dirty_lock(page)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  __get_user_pages: [
    call('follow_page_pte', 'page = follow_page_mask(vma, start, foll_flags, &ctx)'),
    iff('if (!page)', not(op('gup_page', 'page')), [
      call('faultin_page', 'ret = faultin_page(vma, start, &foll_flags, locked)'),
      iff('case -EBUSY: return i  /* VM_FAULT_RETRY */', op('faultin_busy', 'ret == -EBUSY'), [ret('return i')]),
      // `goto retry`, unrolled: the model bounds GUP to two attempts.
      call('follow_page_pte', 'page = follow_page_mask(vma, start, foll_flags, &ctx)  /* retry */'),
    ]),
  ],
  follow_page_pte: [
    op('pte_offset_map_lock', 'ptep = pte_offset_map_lock(mm, pmd, address, &ptl)'),
    iff('if (!pte_present(pte))', not(op('pte_present', 'pte_present(pte)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return no_page_table(vma, flags)'),
    ]),
    call('can_follow_write_pte', 'can_follow_write_pte(pte, flags)'),
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, flags))', not(op('can_follow', 'can_follow_write_pte(pte, flags)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('return NULL'),
    ]),
    op('vm_normal_page', 'page = vm_normal_page(vma, address, pte)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
  ],
  // Before 5535be309971 (~v4.11 .. v5.19).
  can_follow_write_pte: [
    iff(
      'return pte_write(pte) || ((flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte))',
      or(
        'pte_write(pte) || ((flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte))',
        op('pte_write', 'pte_write(pte)'),
        op('foll_force_cow_dirty', '(flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte)'),
      ),
      [op('set_can_follow', 'return true', { value: 1 })],
      [op('set_can_follow', 'return false', { value: 0 })],
    ),
  ],
  faultin_page: [
    call('handle_pte_fault', 'ret = handle_mm_fault(vma, address, fault_flags /* FAULT_FLAG_WRITE */, NULL)'),
    iff(
      'if ((ret & VM_FAULT_WRITE) && !(vma->vm_flags & VM_WRITE))',
      and('(ret & VM_FAULT_WRITE) && !(vma->vm_flags & VM_WRITE)', op('vm_fault_write', 'ret & VM_FAULT_WRITE'), not(op('vma_write', 'vma->vm_flags & VM_WRITE'))),
      [op('set_foll_cow', '*flags |= FOLL_COW')],
    ),
  ],
  handle_pte_fault: [
    op('read_orig_pte', 'vmf->orig_pte = *vmf->pte'),
    iff('if (!vmf->pte)', op('orig_pte_none', 'pte_none(vmf->orig_pte)'), [
      op('handle_userfault', 'return do_fault(vmf)  /* shmem_fault: userfaultfd_minor(vma) -> handle_userfault(vmf, VM_UFFD_MINOR) */'),
      ret('return VM_FAULT_RETRY'),
    ]),
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, entry)))', not(op('pte_same', 'pte_same(*vmf->pte, entry)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      ret('goto unlock'),
    ]),
    iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(vmf)')], [
      op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    ]),
  ],
  do_wp_page: [
    iff('if (PageAnon(vmf->page))', op('orig_page_anon', 'PageAnon(vmf->page)'), [
      call('wp_page_reuse', 'wp_page_reuse(vmf)'),
      ret('return VM_FAULT_WRITE'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    call('wp_page_copy', 'return wp_page_copy(vmf)'),
  ],
  wp_page_reuse: [
    op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
    op('ptep_set_access_flags', 'ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  wp_page_copy: [
    op('cow_user_page', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vmf->address); cow_user_page(new_page, old_page, vmf)'),
    op('pte_offset_map_lock', 'vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff('if (likely(pte_same(*vmf->pte, vmf->orig_pte)))', op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)'), [
      op('maybe_mkwrite_dirty', 'entry = maybe_mkwrite(pte_mkdirty(mk_pte(new_page, vma->vm_page_prot)), vma)'),
      op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, vmf->address, vmf->pte)'),
      op('set_pte_at_notify', 'set_pte_at_notify(mm, vmf->address, vmf->pte, entry)'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],

  // ---- T_helper: madvise(MADV_DONTNEED) (mm/madvise.c, mm/memory.c) ----
  madvise_dontneed_single_vma: [
    op('mmap_read_lock', 'mmap_read_lock(mm)  /* madvise(MADV_DONTNEED) */'),
    call('zap_pte_range', 'zap_page_range(vma, start, end - start)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  zap_pte_range: [
    op('pte_offset_map_lock', 'start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl)'),
    iff('if (pte_present(ptent))', op('pte_present', 'pte_present(ptent)'), [
      op('ptep_get_and_clear_full', 'ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm)'),
      iff(
        'if (!PageAnon(page) && pte_dirty(ptent))',
        and('!PageAnon(page) && pte_dirty(ptent)', not(op('zap_page_anon', 'PageAnon(page)')), op('zap_ptent_dirty', 'pte_dirty(ptent)')),
        [op('set_page_dirty', 'set_page_dirty(page)')],
      ),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(start_pte, ptl)'),
  ],

  // ---- T_reclaim: kswapd (mm/vmscan.c, mm/rmap.c v5.10) ----
  shrink_page_list: [
    op('isolate_lru_page', 'nr_taken = isolate_lru_pages(nr_to_scan, lruvec, &page_list, &nr_scanned, sc, lru)'),
    op('trylock_page', 'if (!trylock_page(page)) goto keep'),
    iff('if (page_mapped(page))', op('page_mapped', 'page_mapped(page)'), [call('try_to_unmap_one', 'try_to_unmap(page, (enum ttu_flags)ttu_flags)')]),
    iff('if (PageDirty(page))', op('PageDirty', 'PageDirty(page)'), [op('pageout', 'pageout(page, mapping)  /* shmem_writepage() */'), ret('goto keep')]),
    op('__remove_mapping', 'if (!mapping || !__remove_mapping(mapping, page, true, sc->target_mem_cgroup)) goto keep_locked'),
    op('unlock_page', 'unlock_page(page)'),
  ],
  try_to_unmap_one: [
    op('page_vma_mapped_walk', 'while (page_vma_mapped_walk(&pvmw))'),
    op('ptep_clear_flush', 'pteval = ptep_clear_flush(vma, address, pvmw.pte)'),
    iff('if (pte_dirty(pteval))', op('pteval_dirty', 'pte_dirty(pteval)'), [op('set_page_dirty', 'set_page_dirty(page)')]),
    op('page_remove_rmap', 'page_remove_rmap(subpage, PageHuge(page))'),
    op('page_vma_mapped_walk_done', 'page_vma_mapped_walk_done(&pvmw)'),
  ],
};

const FUNCTIONS: readonly { name: string; file: string }[] = [
  { name: '__mcopy_atomic', file: 'mm/userfaultfd.c' },
  { name: 'mfill_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcopy_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcontinue_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcopy_atomic_install_ptes', file: 'mm/userfaultfd.c' },
  { name: 'shmem_mcopy_atomic_pte', file: 'mm/shmem.c' },
  { name: 'do_mprotect_pkey', file: 'mm/mprotect.c' },
  { name: 'mprotect_fixup', file: 'mm/mprotect.c' },
  { name: 'change_pte_range', file: 'mm/mprotect.c' },
  { name: 'can_change_pte_writable', file: 'mm/mprotect.c' },
  { name: '__get_user_pages', file: 'mm/gup.c' },
  { name: 'follow_page_pte', file: 'mm/gup.c' },
  { name: 'can_follow_write_pte', file: 'mm/gup.c' },
  { name: 'faultin_page', file: 'mm/gup.c' },
  { name: '__access_remote_vm', file: 'mm/memory.c' },
  { name: 'handle_pte_fault', file: 'mm/memory.c' },
  { name: 'do_wp_page', file: 'mm/memory.c' },
  { name: 'wp_page_reuse', file: 'mm/memory.c' },
  { name: 'wp_page_copy', file: 'mm/memory.c' },
  { name: 'zap_pte_range', file: 'mm/memory.c' },
  { name: 'madvise_dontneed_single_vma', file: 'mm/madvise.c' },
  { name: 'shrink_page_list', file: 'mm/vmscan.c' },
  { name: 'try_to_unmap_one', file: 'mm/rmap.c' },
];

// --- variants as edits --------------------------------------------------------------------

/** 9ae0f87d009c: pte_mkdirty() for every install; the set_page_dirty() branch goes. */
const s21 = (b: KernelCode): KernelCode =>
  replace(insertAfter(b, 'mcopy_atomic_install_ptes', 'mk_pte', [op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)')]), 'mcopy_atomic_install_ptes', isWritableIf, [
    iff('if (writable)', op('writable', 'writable'), [
      iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
        op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
      ]),
    ]),
  ]);

/** 5535be309971 on top of S2.1: the new can_follow_write_pte(), FOLL_COW gone. */
const s22 = (b: KernelCode): KernelCode => {
  let c = s21(b);
  c = replace(c, 'can_follow_write_pte', isOldFollowRule, CAN_FOLLOW_WRITE_PTE_5535BE);
  c = remove(c, 'follow_page_pte', 'vm_normal_page');
  c = insertBefore(c, 'follow_page_pte', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'can_follow_write_pte', [
    op('vm_normal_page', 'page = vm_normal_page(vma, address, pte)'),
  ]);
  c = replace(c, 'follow_page_pte', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'can_follow_write_pte', [
    call('can_follow_write_pte', 'can_follow_write_pte(pte, page, vma, flags)'),
  ]);
  c = replace(c, 'follow_page_pte', isFollowCheck, [
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags))', not(op('can_follow', 'can_follow_write_pte(pte, page, vma, flags)')), [
      op('gup_page_null', 'page = NULL'),
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('goto out'),
    ]),
  ]);
  c = remove(c, 'faultin_page', isFollCowIf);
  return c;
};

/** Broken: the !writable && VM_SHARED branch loses its set_page_dirty(). */
const s23 = (b: KernelCode): KernelCode =>
  replace(b, 'mcopy_atomic_install_ptes', isWritableIf, [
    iff('if (writable)', op('writable', 'writable'), [
      op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)'),
      iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
        op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
      ]),
    ]),
  ]);

/** M2a v1: no `writable = 0` for CONTINUE on a MAP_PRIVATE VMA. */
const s24 = (b: KernelCode): KernelCode => remove(b, 'mcopy_atomic_install_ptes', isContinuePrivateIf);

/** 64fe24a3e05e: can_change_pte_writable() replaces the dirty_accountable test. */
const s26 = (b: KernelCode): KernelCode => {
  let c = replace(b, 'mprotect_fixup', 'vma_wants_writenotify', [
    op('vma_wants_manual_pte_write_upgrade', 'if (vma_wants_manual_pte_write_upgrade(vma)) mm_cp_flags |= MM_CP_TRY_CHANGE_WRITABLE'),
  ]);
  c = replace(c, 'change_pte_range', isDirtyAccountableIf, [
    call('can_change_pte_writable', 'can_change_pte_writable(vma, addr, ptent)'),
    iff(
      'if ((cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) && can_change_pte_writable(vma, addr, ptent))',
      and(
        '(cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) && can_change_pte_writable(vma, addr, ptent)',
        op('try_change_writable', 'cp_flags & MM_CP_TRY_CHANGE_WRITABLE'),
        not(op('ptent_write', 'pte_write(ptent)')),
        op('can_change', 'can_change_pte_writable(vma, addr, ptent)'),
      ),
      [op('pte_mkwrite', 'ptent = pte_mkwrite(ptent)')],
    ),
  ]);
  return c;
};

export const s2: Scenario = {
  lexicon,
  id: 'S2',
  name: 'uffd-install-pte',
  question:
    'When UFFDIO_COPY/CONTINUE installs a PTE, is the data kept dirty, and can a dirty read-only PTE later become writable (mprotect dirty_accountable, FOLL_FORCE) without a fault?',
  actors: [
    'T_uffd: UFFDIO_COPY / UFFDIO_CONTINUE into a shmem VMA (mmap_lock read)',
    'T_reclaim: kswapd shrinking the page-cache page P',
    'T_mprotect: mprotect(PROT_READ|PROT_WRITE) -> change_pte_range (mmap_lock write)',
    'T_gup: write(/proc/self/mem) -> GUP with FOLL_FORCE|FOLL_WRITE',
    'T_helper: madvise(MADV_DONTNEED) zapping the PTE',
  ],
  switches: [
    {
      name: 'foll_cow_dirty_rule',
      values: [true, false],
      default: true,
      doc: 'before 5535be309971: can_follow_write_pte() lets FOLL_FORCE write through a R/O PTE that is dirty after FOLL_COW; false: the new rule (COW mapping, !VM_WRITE, exclusive anon page)',
      phrases: { true: 'on kernels that still trust pte_dirty with FOLL_COW (before 5535be309971)', false: 'since 5535be309971' },
      release: { version: '6.0', commit: '5535be309971', before: true, after: false },
    },
    {
      name: 'dirty_accountable',
      values: [false, true],
      default: false,
      doc: 'vma_wants_writenotify() holds for the shared VMA, so mprotect passes MM_CP_DIRTY_ACCT (shmem does not take part in dirty accounting: false)',
      phrases: { true: 'when the VMA takes part in dirty accounting', false: 'without dirty accounting' },
    },
  ],
  invariants: INVARIANTS.list,
  functions: FUNCTIONS,
  baseline,
  baselineVariant: 'S2.0',
  variants: [
    {
      id: 'S2.0',
      title: 'M2a v4: writable -> pte_mkdirty (+ pte_mkwrite or uffd-wp); !writable && VM_SHARED -> set_page_dirty',
      source: 'M2a',
      expected: 'safe',
      invariants: [],
      code: (b) => b,
    },
    {
      id: 'S2.1',
      title: '9ae0f87d009c: unconditional pte_mkdirty, set_page_dirty dropped',
      source: 'M2b',
      expected: 'race',
      invariants: ['I2.3'],
      switches: { foll_cow_dirty_rule: true },
      mergedIn: '5.16',
    code: s21,
      note: 'CVE-2022-2590: UFFDIO_CONTINUE maps the page-cache page R/O and dirty; FOLL_FORCE after FOLL_COW trusts pte_dirty. Safe with foll_cow_dirty_rule=false',
    },
    {
      id: 'S2.2',
      title: '5535be309971: can_follow_write_pte no longer trusts pte_dirty (on top of S2.1)',
      source: 'M2c',
      expected: 'safe',
      invariants: [],
      switches: { foll_cow_dirty_rule: false },
      mergedIn: '6.0',
    code: s22,
    },
    {
      id: 'S2.3',
      title: 'broken: no set_page_dirty in the !writable && VM_SHARED branch',
      source: 'inference from the M2a comment',
      expected: 'race',
      invariants: ['I2.1'],
      code: s23,
    },
    {
      id: 'S2.4',
      title: 'M2a v1: pte_mkwrite for UFFDIO_CONTINUE on a !VM_SHARED VMA',
      source: 'M2a changelog',
      expected: 'race',
      invariants: ['I2.4'],
      code: s24,
      note: 'incorrect rather than a timing race: the private mapping writes the shared page-cache page without COW',
    },
    {
      id: 'S2.5',
      title: 'change_pte_range dirty_accountable makes a dirty R/O uffd-wp PTE writable',
      source: '[S4]; M2d adds the uffd-wp check',
      expected: 'race',
      invariants: ['I2.2'],
      switches: { dirty_accountable: true },
      code: (b) => b,
    },
    {
      id: 'S2.6',
      title: '64fe24a3e05e: can_change_pte_writable() replaces the dirty_accountable test',
      source: 'M2d',
      expected: 'safe',
      invariants: [],
      switches: { dirty_accountable: true },
      mergedIn: '5.19',
    code: s26,
    },
  ],
  build,
};

// --- the model -----------------------------------------------------------------------------

interface Config {
  readonly mode: number;
  readonly shared: number;
  readonly write: number;
  readonly wp: number;
}

const CONFIGS: readonly Config[] = [
  { mode: MODE_COPY, shared: 1, write: 0, wp: 0 },
  { mode: MODE_COPY, shared: 1, write: 1, wp: 0 },
  { mode: MODE_COPY, shared: 1, write: 1, wp: 1 },
  { mode: MODE_COPY, shared: 0, write: 0, wp: 0 },
  { mode: MODE_COPY, shared: 0, write: 1, wp: 0 },
  { mode: MODE_COPY, shared: 0, write: 1, wp: 1 },
  { mode: MODE_CONTINUE, shared: 1, write: 0, wp: 0 },
  { mode: MODE_CONTINUE, shared: 1, write: 1, wp: 0 },
  { mode: MODE_CONTINUE, shared: 0, write: 0, wp: 0 },
  { mode: MODE_CONTINUE, shared: 0, write: 1, wp: 0 },
];

/** Counterexample B's configuration: T_gup and T_helper act only here. */
const isExploitConfig = (c: Config) => c.mode === MODE_CONTINUE && !c.shared && !c.write;

function configLabel(c: Config): string {
  const ioctl = c.mode === MODE_COPY ? (c.wp ? 'UFFDIO_COPY(UFFDIO_COPY_MODE_WP)' : 'UFFDIO_COPY') : 'UFFDIO_CONTINUE';
  const prot = c.write ? 'PROT_READ|PROT_WRITE' : 'PROT_READ';
  const reg = c.mode === MODE_COPY ? (c.wp ? 'MISSING|WP' : 'MISSING') : 'MINOR';
  const pre = isExploitConfig(c) ? '; page P already mapped R/O by an earlier read' : '';
  return `${ioctl} on shmem mmap(${c.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'}, ${prot}), UFFDIO_REGISTER_MODE_${reg}${pre}`;
}

const ACTOR_NAMES = ['T_uffd', 'T_reclaim', 'T_mprotect', 'T_gup', 'T_helper'] as const;
const UFFD = 0;
const RECLAIM = 1;
const MPROTECT = 2;
const GUP = 3;
const HELPER = 4;

function build(code: KernelCode, sw: Switches): Model {
  // Asserted by a step (reclaim drops P holding data only it has).
  const dataLost = INVARIANTS.id('I2.1');
  // Asserted by a step (FOLL_FORCE writes the page-cache page).
  const forcedFileWrite = INVARIANTS.id('I2.3');
  const follCowDirtyRule = sw.foll_cow_dirty_rule !== false;
  const dirtyAcct = sw.dirty_accountable === true;

  const L = new Layout();
  const pc = ACTOR_NAMES.map((a) => L.v(`${a}.pc`));
  // The VMA and the userfaultfd request (chosen by T_uffd's first step).
  const vShared = L.v('vma.VM_SHARED', 0, 1);
  const vWrite = L.v('vma.VM_WRITE', 0, 1);
  const vUffdWp = L.v('vma.VM_UFFD_WP', 0, 1);
  const mode = L.v('uffd.mode', 0, 2);
  const wpCopy = L.v('uffd.wp_copy', 0, 1);
  // The one PTE, and the page-cache page P.
  const pte = declPte(L, 'pte');
  const pCache = L.v('P.in_page_cache', 0, 1);
  const pData = L.v('P.uffdio_data', 0, 1); // holds UFFDIO_COPY data that exists nowhere else
  const pDirty = L.v('P.PageDirty', 0, 1);
  const pLocked = L.v('P.locked', 0);
  const pLru = L.v('P.lru', 0, 1);
  const ptl = L.v('ptl', 0);
  const mmap = declRwSem(L, 'mmap_lock');
  // T_uffd's locals.
  const uPage = L.v('uffd.page', 0, 3);
  const uWritable = L.v('uffd.writable', 0, 1);
  const nWrite = L.v('uffd._dst_pte.write', 0, 1);
  const nDirty = L.v('uffd._dst_pte.dirty', 0, 1);
  const nSoft = L.v('uffd._dst_pte.soft_dirty', 0, 1);
  const nWp = L.v('uffd._dst_pte.uffd_wp', 0, 1);
  // T_reclaim's.
  const rDirty = L.v('reclaim.pteval.dirty', 0, 1);
  // T_mprotect's.
  const mAcct = L.v('mprotect.dirty_accountable', 0, 1);
  const mW = L.v('mprotect.ptent.write', 0, 1);
  const mD = L.v('mprotect.ptent.dirty', 0, 1);
  const mSd = L.v('mprotect.ptent.soft_dirty', 0, 1);
  const mWp = L.v('mprotect.ptent.uffd_wp', 0, 1);
  const mCan = L.v('mprotect.can_change', 0, 1);
  // T_gup's.
  const gPage = L.v('gup.page', 0, 3);
  const gCan = L.v('gup.can_follow', 0, 1);
  const gCow = L.v('gup.FOLL_COW', 0, 1);
  const gRet = L.v('gup.fault_ret', 0, 2);
  const gOrigPfn = L.v('gup.orig_pte.pfn', 0, 3);
  const gOrigDirty = L.v('gup.orig_pte.dirty', 0, 1);
  const gOrigWrite = L.v('gup.orig_pte.write', 0, 1);
  const gEntryWrite = L.v('gup.entry.write', 0, 1);
  // T_helper's.
  const hPfn = L.v('helper.ptent.pfn', 0, 3);
  const hDirty = L.v('helper.ptent.dirty', 0, 1);

  const PTE = pteVars(pte);
  const none: number[] = [];
  const fp = (reads: readonly number[], writes: readonly number[]) => ({ reads, writes });

  // vm_page_prot carries write only for a shared writable VMA that wants no write-notify.
  const protReads = [vShared, vWrite, vUffdWp];
  const vmPageProtWrite = (m: Mem): number => (m.get(vShared) && m.get(vWrite) && !(dirtyAcct || m.get(vUffdWp)) ? 1 : 0);
  const mapsP = (m: Mem) => m.get(pte.present) === 1 && m.get(pte.pfn) === PG_P;
  const isAnon = (pfn: number) => pfn === PG_C || pfn === PG_A;
  const pteText = (m: Mem): string => {
    if (!m.get(pte.present)) return 'pte none';
    const bits = [m.get(pte.write) ? 'writable' : 'R/O'];
    if (m.get(pte.dirty)) bits.push('dirty');
    if (m.get(pte.uffd_wp)) bits.push('uffd-wp');
    return `${bits.join(', ')}, maps ${pageName(m.get(pte.pfn))}`;
  };
  /**
   * try_to_unmap_one(): page_vma_mapped_walk() finds the PTE only while it maps P; otherwise the
   * step does nothing and `pteval` (the byte `out`) reads as clean.
   */
  const onlyIfMapsP = (s: StepSpec, out: number): StepSpec => ({
    ...s,
    apply: (m) => (mapsP(m) ? s.apply?.(m) : m.set(out, 0)),
    may: fp([pte.present, pte.pfn, ...s.may.reads], [out, ...s.may.writes]),
  });
  const gate = (s: StepSpec, reads: readonly number[], ok: (m: Mem) => boolean): StepSpec => ({
    ...s,
    guard: (m) => ok(m) && (!s.guard || s.guard(m)),
    may: fp([...reads, ...s.may.reads], s.may.writes),
  });
  const cfgReads = [mode, vShared, vWrite];
  const exploitCfg = (m: Mem) => m.get(mode) === MODE_CONTINUE && !m.get(vShared) && !m.get(vWrite);
  const mprotectCfg = (m: Mem) => m.get(mode) !== 0 && m.get(vShared) === 1;
  const constant = (v: boolean): CondSpec => ({ test: () => v, reads: [] });
  const flag = (v: number): CondSpec => ({ test: (m) => m.get(v) === 1, reads: [v] });
  /** `return true/false` of a modelled predicate: bookkeeping, the `if` that reads it is shown. */
  const setLocal = (v: number, o: Op): StepSpec => ({
    apply: (m) => m.set(v, Number(o.args?.value ?? 0)),
    may: fp(none, [v]),
    quiet: true,
  });
  const mm: MmState = { pte, ptl, mmap };
  const P: Page = { name: 'P', lock: pLocked };
  // The PTL's every spelling (pte_offset_map_lock, page_vma_mapped_walk, spin_lock(vmf->ptl)).
  const ptlLock = (a: number) => pte_offset_map_lock(mm, a, 'spin_lock(ptl)');
  const ptlUnlock = pte_unmap_unlock(mm, 'spin_unlock(ptl)');
  /** A step that also sets a local the C returns with it (`return VM_FAULT_WRITE`). */
  const alsoSet = (s: StepSpec, v: number, value: number): StepSpec => ({
    ...s,
    apply: (m) => {
      const r = s.apply?.(m);
      m.set(v, value);
      return r;
    },
    may: fp(s.may.reads, [...s.may.writes, v]),
  });

  // ---- T_uffd ----
  const uffdStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return mmap_read_lock(mm, UFFD);
      case 'mmap_read_unlock':
        return mmap_read_unlock(mm, UFFD);
      case 'alloc_page_copy':
        return {
          primitive: 'alloc_page',
          apply: (m) => m.set(uPage, PG_C),
          may: fp(none, [uPage]),
          note: () => 'anon page C allocated, UFFDIO_COPY data copied into it',
        };
      case 'shmem_alloc_page_copy':
        return {
          primitive: 'alloc_page',
          apply: (m) => {
            m.set(uPage, PG_P);
            m.set(pData, 1);
          },
          may: fp(none, [uPage, pData]),
          note: () => 'shmem page P allocated, UFFDIO_COPY data copied into it',
        };
      case '__SetPageLocked':
        return __SetPageLocked(P, UFFD);
      case 'shmem_add_to_page_cache':
        return {
          primitive: 'add_to_page_cache',
          apply: (m) => m.set(pCache, 1),
          may: fp(none, [pCache]),
          note: (m) => `P in the page cache, ${m.get(pDirty) ? 'PageDirty' : 'clean (PageDirty not set)'}`,
        };
      case 'find_lock_page':
        return {
          primitive: 'lock_page',
          guard: (m) => m.get(pLocked) === 0 && m.get(pCache) === 1,
          apply: (m) => {
            m.set(pLocked, UFFD + 1);
            m.set(uPage, PG_P);
          },
          may: fp([pLocked, pCache], [pLocked, uPage]),
          note: () => 'page-cache page P found and locked',
        };
      case 'unlock_page':
        return unlock_page(P);
      case 'mk_pte':
        return {
          primitive: 'mk_pte',
          apply: (m) => {
            m.set(nWrite, vmPageProtWrite(m));
            m.set(nDirty, 0);
            m.set(nSoft, 0);
            m.set(nWp, 0);
          },
          may: fp(protReads, [nWrite, nDirty, nSoft, nWp]),
          note: (m) => `_dst_pte ${m.get(nWrite) ? 'writable (vm_page_prot has write)' : 'R/O'}, clean, maps ${pageName(m.get(uPage))}`,
        };
      case 'vma_writable':
        return { apply: (m) => m.set(uWritable, m.get(vWrite)), may: fp([vWrite], [uWritable]), note: (m) => `writable = ${m.get(uWritable)}` };
      case 'clear_writable':
        return { apply: (m) => m.set(uWritable, 0), may: fp(none, [uWritable]) };
      case 'pte_mkdirty':
        return {
          apply: (m) => {
            m.set(nDirty, 1);
            m.set(nSoft, 1);
          },
          may: fp(none, [nDirty, nSoft]),
          note: () => '_dst_pte dirty (and soft-dirty)',
        };
      case 'pte_mkuffd_wp':
        return { apply: (m) => m.set(nWp, 1), may: fp(none, [nWp]), note: () => '_dst_pte uffd-wp' };
      case 'pte_mkwrite':
        return { apply: (m) => m.set(nWrite, 1), may: fp(none, [nWrite]), note: () => '_dst_pte writable' };
      case 'set_page_dirty':
        return {
          apply: (m) => {
            if (m.get(uPage) === PG_P) m.set(pDirty, 1);
          },
          may: fp([uPage], [pDirty]),
          note: (m) => (m.get(uPage) === PG_P ? 'PageDirty(P) set' : `${pageName(m.get(uPage))} marked dirty`),
        };
      case 'pte_offset_map_lock':
        return ptlLock(UFFD);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'i_size_check':
      case 'inc_mm_counter':
      case 'page_add_file_rmap':
      case 'page_add_new_anon_rmap':
      case 'update_mmu_cache':
        return anchor(o.op);
      case 'lru_cache_add':
        return {
          primitive: 'lru_cache_add',
          apply: (m) => {
            if (m.get(uPage) === PG_P) m.set(pLru, 1);
          },
          may: fp([uPage], [pLru]),
          quiet: true,
        };
      case 'set_pte_at':
        return set_pte_at(
          mm,
          { pfn: { from: uPage }, present: 1, write: { from: nWrite }, dirty: { from: nDirty }, soft_dirty: { from: nSoft }, uffd_wp: { from: nWp } },
          { note: (m) => `pte installed ${pteText(m)}` },
        );
      default:
        return null;
    }
  };
  const uffdCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'mode_continue':
      case 'is_continue':
        return { test: (m) => m.get(mode) === MODE_CONTINUE, reads: [mode] };
      case 'vm_shared':
        return flag(vShared);
      case 'writable':
        return flag(uWritable);
      case 'wp_copy':
        return flag(wpCopy);
      case 'pte_none':
        return pte_none(mm);
      case 'is_file_backed':
        return constant(true); // every VMA here maps the shmem file
      default:
        return null;
    }
  };

  // ---- T_reclaim ----
  const reclaimStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'isolate_lru_page':
        return {
          primitive: 'isolate_lru_page',
          guard: (m) => m.get(pLru) === 1,
          apply: (m) => m.set(pLru, 0),
          may: fp([pLru], [pLru]),
          note: () => 'P taken off the inactive LRU',
        };
      case 'trylock_page':
        return trylock_page(P, RECLAIM);
      case 'page_vma_mapped_walk':
        return ptlLock(RECLAIM);
      case 'page_vma_mapped_walk_done':
        return ptlUnlock;
      case 'ptep_clear_flush':
        return onlyIfMapsP(ptep_clear_flush(mm, { pteval: { dirty: rDirty }, note: (m) => `pte cleared; it was ${m.get(rDirty) ? 'dirty' : 'clean'}` }), rDirty);
      case 'set_page_dirty':
        return { apply: (m) => m.set(pDirty, 1), may: fp(none, [pDirty]), note: () => 'PageDirty(P) set from the pte dirty bit' };
      case 'page_remove_rmap':
        return anchor(o.op);
      case 'pageout':
        return {
          primitive: 'pageout',
          apply: (m) => {
            m.set(pDirty, 0);
            m.set(pData, 0);
            m.set(pLocked, 0);
          },
          may: fp(none, [pDirty, pData, pLocked]),
          note: () => 'P written to swap by shmem_writepage(): its data is safe',
        };
      case '__remove_mapping':
        return {
          primitive: '__remove_mapping',
          apply: (m) => {
            if (mapsP(m)) return; // refcount still held by the mapping: kept
            const lost = m.get(pData) === 1 && m.get(pDirty) === 0;
            m.set(pCache, 0);
            if (lost) return dataLost;
          },
          may: fp([pte.present, pte.pfn, pData, pDirty], [pCache]),
          note: (m) =>
            mapsP(m)
              ? 'P still mapped: kept'
              : m.get(pData)
                ? 'P dropped: clean, no dirty pte; the UFFDIO_COPY data is lost'
                : 'P dropped: clean, its data is elsewhere',
        };
      case 'unlock_page':
        return unlock_page(P);
      default:
        return null;
    }
  };
  const reclaimCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'page_mapped':
        return { test: mapsP, reads: [pte.present, pte.pfn] };
      case 'pteval_dirty':
        return flag(rDirty);
      case 'PageDirty':
        return flag(pDirty);
      default:
        return null;
    }
  };

  // ---- T_mprotect ----
  const mprotectStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_write_lock':
        return gate(mmap_write_lock(mm, MPROTECT), cfgReads, mprotectCfg);
      case 'mmap_write_unlock':
        return mmap_write_unlock(mm);
      case 'set_vm_flags':
        return { apply: (m) => m.set(vWrite, 1), may: fp(none, [vWrite]), note: () => 'VM_WRITE set' };
      case 'vma_wants_writenotify':
        return {
          apply: (m) => m.set(mAcct, dirtyAcct && m.get(vShared) && m.get(vWrite) ? 1 : 0),
          may: fp([vShared, vWrite], [mAcct]),
          note: (m) => `dirty_accountable = ${m.get(mAcct)}`,
        };
      case 'vma_wants_manual_pte_write_upgrade':
        return {
          apply: (m) => m.set(mAcct, m.get(vWrite) && (!m.get(vShared) || dirtyAcct) ? 1 : 0),
          may: fp([vShared, vWrite], [mAcct]),
          note: (m) => (m.get(mAcct) ? 'MM_CP_TRY_CHANGE_WRITABLE' : 'no MM_CP_TRY_CHANGE_WRITABLE'),
        };
      case 'vma_set_page_prot':
      case 'vm_normal_page':
        return anchor(o.op);
      case 'pte_offset_map_lock':
        return ptlLock(MPROTECT);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'ptep_modify_prot_start':
        return ptep_modify_prot_start(mm, { write: mW, dirty: mD, soft_dirty: mSd, uffd_wp: mWp }, { quiet: true });
      case 'pte_modify':
        return {
          primitive: 'pte_modify',
          apply: (m) => m.set(mW, vmPageProtWrite(m)),
          may: fp(protReads, [mW]),
          note: (m) => `ptent ${m.get(mW) ? 'writable' : 'R/O'} from newprot${m.get(mD) ? ', dirty' : ''}${m.get(mWp) ? ', uffd-wp' : ''}`,
        };
      case 'pte_mkwrite':
        return { apply: (m) => m.set(mW, 1), may: fp(none, [mW]), note: () => 'ptent writable, no write fault taken' };
      case 'ptep_modify_prot_commit':
        return ptep_modify_prot_commit(mm, { write: { from: mW }, dirty: { from: mD }, soft_dirty: { from: mSd }, uffd_wp: { from: mWp } }, { note: (m) => `pte now ${pteText(m)}` });
      case 'set_can_change':
        return setLocal(mCan, o);
      default:
        return null;
    }
  };
  const mprotectCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_present':
        return pte_present(mm);
      case 'dirty_accountable':
      case 'try_change_writable':
        return flag(mAcct);
      case 'ptent_dirty':
        return flag(mD);
      case 'ptent_soft_dirty':
        return flag(mSd);
      case 'ptent_write':
        return flag(mW);
      case 'vm_softdirty':
        return constant(true); // set on every new VMA; clear_refs is not modelled
      case 'pte_protnone':
        return constant(false);
      case 'userfaultfd_pte_wp':
        return { test: (m) => m.get(vUffdWp) === 1 && m.get(mWp) === 1, reads: [vUffdWp, mWp] };
      case 'vma_shared':
        return flag(vShared);
      case 'page_anon_exclusive':
        return { test: (m) => isAnon(m.get(pte.pfn)), reads: [pte.pfn] };
      case 'can_change':
        return flag(mCan);
      default:
        return null;
    }
  };

  // ---- T_gup ----
  /** 5535be309971's rule, as one test (the switch's `false`). */
  const newFollowRule = (m: Mem): boolean =>
    !m.get(vShared) && !m.get(vWrite) && isAnon(m.get(pte.pfn)) && !(m.get(vUffdWp) && m.get(pte.uffd_wp));
  const gupStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return gate(mmap_read_lock(mm, GUP), cfgReads, exploitCfg);
      case 'mmap_read_unlock':
        return mmap_read_unlock(mm, GUP);
      case 'pte_offset_map_lock':
      case 'spin_lock':
        return ptlLock(GUP);
      case 'pte_unmap_unlock':
        return ptlUnlock;
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
        return setLocal(gCan, o);
      case 'set_can_follow_not_uffd_wp':
        return {
          apply: (m) => m.set(gCan, m.get(vUffdWp) && m.get(pte.uffd_wp) ? 0 : 1),
          may: fp([vUffdWp, pte.uffd_wp], [gCan]),
          quiet: true,
        };
      case 'read_orig_pte':
        return {
          primitive: 'pte_read',
          apply: (m) => {
            m.set(gOrigPfn, m.get(pte.present) ? m.get(pte.pfn) : PG_NONE);
            m.set(gOrigDirty, m.get(pte.dirty));
            m.set(gOrigWrite, m.get(pte.write));
            m.set(gRet, 0);
          },
          may: fp([pte.present, pte.pfn, pte.dirty, pte.write], [gOrigPfn, gOrigDirty, gOrigWrite, gRet]),
          note: (m) => `orig_pte ${m.get(gOrigPfn) ? `maps ${pageName(m.get(gOrigPfn))}` : 'none'}`,
        };
      case 'handle_userfault':
        return {
          primitive: 'handle_userfault',
          apply: (m) => m.set(gRet, FAULT_RETRY),
          may: fp(none, [gRet]),
          note: () => 'minor fault handed to the uffd monitor: VM_FAULT_RETRY',
        };
      case 'maybe_mkwrite_dirty':
        return { apply: (m) => m.set(gEntryWrite, m.get(vWrite)), may: fp([vWrite], [gEntryWrite]), quiet: true };
      case 'ptep_set_access_flags':
        return {
          primitive: 'ptep_set_access_flags',
          apply: (m) => {
            m.set(pte.dirty, 1);
            m.set(pte.soft_dirty, 1);
            m.set(pte.write, m.get(gEntryWrite));
            m.set(gRet, FAULT_WRITE);
          },
          may: fp([gEntryWrite], [pte.dirty, pte.soft_dirty, pte.write, gRet]),
          note: (m) => `COW reused: pte ${pteText(m)}; VM_FAULT_WRITE`,
        };
      case 'cow_user_page':
        return { primitive: 'copy_page', may: fp(none, none), note: () => 'anon page A allocated, P copied into it' };
      case 'ptep_clear_flush_notify':
        return ptep_clear_flush_notify(mm, { quiet: true });
      case 'set_pte_at_notify':
        return alsoSet(
          set_pte_at(mm, { pfn: PG_A, present: 1, write: { from: gEntryWrite }, dirty: 1, soft_dirty: 1, uffd_wp: 0 }, {
            notify: true,
            note: (m) => `COW broken: pte ${pteText(m)}; VM_FAULT_WRITE`,
          }),
          gRet,
          FAULT_WRITE,
        );
      case 'set_foll_cow':
        return { apply: (m) => m.set(gCow, 1), may: fp(none, [gCow]), note: () => 'FOLL_COW set: the retry may write a R/O dirty pte' };
      case 'copy_to_user_page':
        return {
          primitive: 'copy_to_user_page',
          apply: (m) => {
            if (m.get(gPage) === PG_P && !m.get(vShared)) return forcedFileWrite;
          },
          may: fp([gPage, vShared], none),
          note: (m) =>
            m.get(gPage) === PG_P
              ? 'FOLL_FORCE write lands in the page-cache page P: the file is written through a R/O MAP_PRIVATE mapping'
              : `write lands in ${pageName(m.get(gPage))}`,
        };
      default:
        return null;
    }
  };
  const gupCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_present':
        return pte_present(mm);
      case 'pte_write':
        return flag(pte.write);
      case 'foll_force_cow_dirty':
        // FOLL_FORCE is always set. With the switch off the kernel is past 5535be309971: the
        // override is its rule, whatever the code still says about FOLL_COW.
        return follCowDirtyRule
          ? { test: (m) => m.get(gCow) === 1 && m.get(pte.dirty) === 1, reads: [gCow, pte.dirty] }
          : { test: newFollowRule, reads: [vShared, vWrite, pte.pfn, vUffdWp, pte.uffd_wp] };
      case 'foll_force':
      case 'vma_maywrite': // MAP_PRIVATE always has VM_MAYWRITE
        return constant(true);
      case 'vma_shared':
        return flag(vShared);
      case 'vma_write':
        return flag(vWrite);
      case 'gup_page_anon_exclusive':
        return { test: (m) => isAnon(m.get(gPage)), reads: [gPage] };
      case 'vma_soft_dirty_enabled':
        return constant(false); // VM_SOFTDIRTY is set
      case 'pte_soft_dirty':
        return flag(pte.soft_dirty);
      case 'can_follow':
        return flag(gCan);
      case 'gup_page':
      case 'gup_got_page':
        return { test: (m) => m.get(gPage) !== PG_NONE, reads: [gPage] };
      case 'faultin_busy':
        return { test: (m) => m.get(gRet) === FAULT_RETRY, reads: [gRet] };
      case 'vm_fault_write':
        return { test: (m) => m.get(gRet) === FAULT_WRITE, reads: [gRet] };
      case 'orig_pte_none':
        return { test: (m) => m.get(gOrigPfn) === PG_NONE, reads: [gOrigPfn] };
      case 'pte_same':
        return {
          test: (m) =>
            m.get(pte.present) === 1 &&
            m.get(pte.pfn) === m.get(gOrigPfn) &&
            m.get(pte.dirty) === m.get(gOrigDirty) &&
            m.get(pte.write) === m.get(gOrigWrite),
          reads: [pte.present, pte.pfn, pte.dirty, pte.write, gOrigPfn, gOrigDirty, gOrigWrite],
        };
      case 'orig_pte_write':
        return flag(gOrigWrite);
      case 'orig_page_anon':
        return { test: (m) => isAnon(m.get(gOrigPfn)), reads: [gOrigPfn] };
      default:
        return null;
    }
  };

  // ---- T_helper ----
  const helperStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return gate(mmap_read_lock(mm, HELPER), cfgReads, exploitCfg);
      case 'mmap_read_unlock':
        return mmap_read_unlock(mm, HELPER);
      case 'pte_offset_map_lock':
        return ptlLock(HELPER);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'ptep_get_and_clear_full':
        return ptep_get_and_clear(mm, { pfn: hPfn, dirty: hDirty }, { note: (m) => `pte zapped (it mapped ${pageName(m.get(hPfn))})` });
      case 'set_page_dirty':
        return {
          apply: (m) => {
            if (m.get(hPfn) === PG_P) m.set(pDirty, 1);
          },
          may: fp([hPfn], [pDirty]),
          note: () => 'PageDirty(P) set from the pte dirty bit',
        };
      default:
        return null;
    }
  };
  const helperCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_present':
        return pte_present(mm);
      case 'zap_page_anon':
        return { test: (m) => isAnon(m.get(hPfn)), reads: [hPfn] };
      case 'zap_ptent_dirty':
        return flag(hDirty);
      default:
        return null;
    }
  };

  const sem = (step: (o: Op) => StepSpec | null, cond: (o: Op) => CondSpec | null): Semantics => ({ step: (o) => step(o), cond: (o) => cond(o) });

  // T_uffd: the configuration is chosen by a first step, then the ioctl runs.
  const uffdBody = compileActor(ACTOR_NAMES[UFFD], pc[UFFD], code, ['__mcopy_atomic'], sem(uffdStep, uffdCond));
  const setupWrites = [vShared, vWrite, vUffdWp, mode, wpCopy, pCache, pDirty, ...PTE];
  const setup: Transition[] = CONFIGS.map((c) => ({
    label: configLabel(c),
    primitive: 'uffd_setup',
    next: 1,
    may: fp(none, setupWrites),
    apply: (m: Mem) => {
      m.set(vShared, c.shared);
      m.set(vWrite, c.write);
      m.set(vUffdWp, c.wp);
      m.set(wpCopy, c.wp);
      m.set(mode, c.mode);
      if (c.mode === MODE_CONTINUE) {
        // The monitor wrote the data through another mapping earlier: the page is in the page
        // cache and dirty from that write.
        m.set(pCache, 1);
        m.set(pDirty, 1);
      }
      if (isExploitConfig(c)) {
        m.set(pte.pfn, PG_P);
        m.set(pte.present, 1);
      }
    },
    note: (m: Mem) =>
      `${m.get(vShared) ? 'VM_SHARED' : 'MAP_PRIVATE'}, ${m.get(vWrite) ? 'VM_WRITE' : '!VM_WRITE'}${m.get(vUffdWp) ? ', VM_UFFD_WP' : ''}${
        m.get(pte.present) ? `; pte ${pteText(m)}` : ''
      }`,
  }));
  const uffd: Actor = {
    name: uffdBody.name,
    pc: uffdBody.pc,
    locations: [setup, ...uffdBody.locations.map((alts) => alts.map((t) => ({ ...t, next: t.next + 1 })))],
  };
  if (uffd.locations.length > 255) throw new Error('T_uffd: too many locations');

  const reclaim = compileActor(ACTOR_NAMES[RECLAIM], pc[RECLAIM], code, ['shrink_page_list'], sem(reclaimStep, reclaimCond));
  const mprotect = compileActor(ACTOR_NAMES[MPROTECT], pc[MPROTECT], code, ['do_mprotect_pkey'], sem(mprotectStep, mprotectCond));
  const gup = compileActor(ACTOR_NAMES[GUP], pc[GUP], code, ['__access_remote_vm'], sem(gupStep, gupCond));
  const helper = compileActor(ACTOR_NAMES[HELPER], pc[HELPER], code, ['madvise_dontneed_single_vma'], sem(helperStep, helperCond));

  const invariants: Invariant[] = [
    INVARIANTS.check('I2.4', {
      reads: [pte.present, pte.write, pte.pfn, vShared],
      holds: (m) => !(mapsP(m) && m.get(pte.write) === 1 && m.get(vShared) === 0),
    }),
    INVARIANTS.check('I2.2', {
      reads: [pte.present, pte.write, pte.uffd_wp, vWrite],
      holds: (m) => !(m.get(pte.present) === 1 && m.get(pte.write) === 1 && (m.get(pte.uffd_wp) === 1 || m.get(vWrite) === 0)),
    }),
  ];

  const pfnVars = new Set([pte.pfn, uPage, gPage, gOrigPfn, hPfn]);
  return {
    name: 'S2 uffd-install-pte',
    layout: L,
    actors: [uffd, reclaim, mprotect, gup, helper],
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_lock', s: mmap }]);
      if (m.get(pLocked) === a + 1) out.push('lock_page(P)');
      if (a === GUP && m.get(gCow)) out.push('FOLL_COW');
      return out;
    },
    describe: (v, value) => (pfnVars.has(v) ? pageName(value) : String(value)),
  };
}

export const _internal = { s21, s22, s23, s24, s26, CONFIGS };
