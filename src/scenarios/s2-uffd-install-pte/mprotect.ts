/**
 * T_mprotect: mprotect(PROT_READ|PROT_WRITE) on the shared VMA (mm/mprotect.c v5.10):
 * change_pte_range() may make a dirty PTE writable without a write fault (`dirty_accountable`,
 * from v5.19 can_change_pte_writable()).
 */
import { and, call, iff, not, op, or, type CondSpec, type KernelCode, type Op, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import {
  anchor,
  lock_page,
  unlock_page,
  mmap_write_lock,
  mmap_write_unlock,
  pte_dirty,
  pte_mkwrite,
  pte_present,
  pte_soft_dirty,
  pte_uffd_wp,
  pte_write,
  ptep_modify_prot_commit,
  ptep_modify_prot_start,
  type PteBits,
} from '../../mm/index.js';
import type { Actor } from '../../model/program.js';
import { ACTOR_NAMES, MPROTECT, returnFalse, type S2State } from './state.js';

/** T_mprotect: mm/mprotect.c v5.10 */
export const mprotectCode: KernelCode = {
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
};

/** T_mprotect over S2's state: its ops' meaning, compiled from `code`. */
export function mprotectActor(code: KernelCode, st: S2State): Actor {
  const { P, dirtyAcct, pc, vShared, vWrite, vUffdWp, pte, mAcct, mW, mD, mSd, mWp, mCan, none, fp, protReads, vmPageProtWrite, isAnon, pteText, gate, cfgReads, mprotectCfg, constant, flag, setLocal, mm, ptlLock, ptlUnlock } = st;
  // ptent, the new entry change_pte_range() computes from oldpte.
  const ptent: PteBits = { write: mW, dirty: mD, soft_dirty: mSd, uffd_wp: mWp };
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
        return pte_mkwrite(ptent, { note: () => 'ptent writable, no write fault taken' });
      case 'ptep_modify_prot_commit':
        return ptep_modify_prot_commit(mm, { write: { from: mW }, dirty: { from: mD }, soft_dirty: { from: mSd }, uffd_wp: { from: mWp } }, { note: (m) => `pte now ${pteText(m)}` });
      case 'set_can_change':
        return setLocal(mCan, o);
      // A patch that takes the page lock around the PTE change (a 2021 sketch for MTE tags on
      // shared mappings): the lock reclaim also takes, so the two can wait on each other.
      case 'trylock_page':
      case 'lock_page':
        return lock_page(P, MPROTECT);
      case 'unlock_page':
        return unlock_page(P);
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
        return pte_dirty(ptent);
      case 'ptent_soft_dirty':
        return pte_soft_dirty(ptent);
      case 'ptent_uffd_wp':
        return pte_uffd_wp(ptent);
      case 'vma_uffd_wp':
        return flag(vUffdWp);
      case 'ptent_write':
        return pte_write(ptent);
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

  return compileActor(ACTOR_NAMES[MPROTECT], pc[MPROTECT], code, ['do_mprotect_pkey'], { step: (o) => mprotectStep(o), cond: (o) => mprotectCond(o) });
}
