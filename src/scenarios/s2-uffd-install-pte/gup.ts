/**
 * T_gup: write(/proc/self/mem), i.e. GUP with FOLL_FORCE|FOLL_WRITE (mm/gup.c, mm/memory.c v5.10):
 * follow_page_pte(), the write fault that breaks COW, and the retry that trusts a dirty R/O PTE
 * after FOLL_COW (before 5535be309971).
 */
import { and, call, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Stmt, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { anchor, mmap_read_lock, mmap_read_unlock, pte_present, pte_soft_dirty, pte_write, ptep_clear_flush, ptep_clear_flush_notify, set_pte_at } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor } from '../../model/program.js';
import { INVARIANTS } from './invariants.js';
import { ACTOR_NAMES, FAULT_RETRY, FAULT_WRITE, GUP, PG_A, PG_NONE, PG_P, pageName, returnFalse, type S2State } from './state.js';

// Asserted when the FOLL_FORCE write lands in the page-cache page.
const forcedFileWrite = INVARIANTS.id('I2.3');

/** T_gup: write(/proc/self/mem) -> FOLL_FORCE | FOLL_WRITE (mm/memory.c, mm/gup.c v5.10) */
export const gupCode: KernelCode = {
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
    iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(vmf)'), ret('return do_wp_page(vmf)')]),
    // unlock: (a writable PTE needs no fault)
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
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
      // (5.7 on: another CPU changed the PTE; the local TLB entry is refreshed, nothing modelled.)
    ], [op('update_mmu_tlb', 'update_mmu_tlb(vma, vmf->address, vmf->pte)')]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
};

/** 5535be309971: FOLL_FORCE only on an exclusive anon page of a private, !VM_WRITE mapping. */
export const CAN_FOLLOW_WRITE_PTE_5535BE: readonly Stmt[] = [
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

/** T_gup over S2's state: its ops' meaning, compiled from `code`. */
export function gupActor(code: KernelCode, st: S2State): Actor {
  const { follCowDirtyRule, pc, vShared, vWrite, vUffdWp, pte, gPage, gCan, gCow, gRet, gOrigPfn, gOrigDirty, gOrigWrite, gEntryWrite, none, fp, isAnon, pteText, gate, cfgReads, exploitCfg, constant, flag, setLocal, mm, ptlLock, ptlUnlock } = st;
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
  /** 5535be309971's rule, as one test (the switch's `false`). */
  const newFollowRule = (m: Mem): boolean =>
    !m.get(vShared) && !m.get(vWrite) && isAnon(m.get(pte.pfn)) && !(m.get(vUffdWp) && m.get(pte.uffd_wp));
  const gupStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      // The architecture's hook after a PTE is set: S2 keeps no TLB or cache, as in UFFDIO's install.
      case 'update_mmu_cache':
        return anchor(o.op);
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
      // From 6.6 the secondary-TLB invalidation moved into the architecture's flush: wp_page_copy()
      // clears with ptep_clear_flush(). S2 keeps no secondary MMU, so both clear and flush alike.
      case 'ptep_clear_flush':
        return ptep_clear_flush(mm, { quiet: true });
      case 'update_mmu_tlb':
        return anchor(o.op);
      // The rmap of the new page and of P (the COW's before 5.x wrote them out in wp_page_copy()
      // itself): S2's reclaim finds P's mappings through the PTE the model holds, so no step.
      case 'page_add_new_anon_rmap':
      case 'page_remove_rmap':
        return anchor(o.op);
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
        return pte_write(pte);
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
        return pte_soft_dirty(pte);
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

  return compileActor(ACTOR_NAMES[GUP], pc[GUP], code, ['__access_remote_vm'], { step: (o) => gupStep(o), cond: (o) => gupCond(o) });
}
