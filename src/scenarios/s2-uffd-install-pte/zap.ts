/**
 * T_helper: madvise(MADV_DONTNEED) zapping the PTE (mm/madvise.c, mm/memory.c): the dirty bit
 * of a file page's PTE is moved to PageDirty as the entry goes.
 */
import { call, iff, not, op, type CondSpec, type KernelCode, type Op, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { anchor, mmap_read_lock, mmap_read_unlock, pte_dirty, pte_present, ptep_get_and_clear } from '../../mm/index.js';
import type { Actor } from '../../model/program.js';
import { ACTOR_NAMES, HELPER, PG_P, pageName, type S2State } from './state.js';

/** T_helper: madvise(MADV_DONTNEED) (mm/madvise.c, mm/memory.c) */
export const helperCode: KernelCode = {
  madvise_dontneed_single_vma: [
    op('mmap_read_lock', 'mmap_read_lock(mm)  /* madvise(MADV_DONTNEED) */'),
    call('zap_pte_range', 'zap_page_range(vma, start, end - start)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  zap_pte_range: [
    op('pte_offset_map_lock', 'start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl)'),
    iff('if (pte_present(ptent))', op('pte_present', 'pte_present(ptent)'), [
      op('ptep_get_and_clear_full', 'ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm)'),
      // A file page's dirty bit moves to the page (mark_page_accessed() and the rest of the
      // block touch nothing modelled).
      iff('if (!PageAnon(page))', not(op('zap_page_anon', 'PageAnon(page)')), [
        iff('if (pte_dirty(ptent))', op('zap_ptent_dirty', 'pte_dirty(ptent)'), [op('set_page_dirty', 'set_page_dirty(page)')]),
      ]),
      op('page_remove_rmap', 'page_remove_rmap(page, false)'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(start_pte, ptl)'),
  ],
};

/** T_helper over S2's state: its ops' meaning, compiled from `code`. */
export function helperActor(code: KernelCode, st: S2State): Actor {
  const { pc, pDirty, hPfn, hDirty, fp, isAnon, gate, cfgReads, exploitCfg, flag, mm, ptlLock, ptlUnlock } = st;
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
      case 'page_remove_rmap':
        // Whether P is mapped is read from the PTE itself (mapsP()), so the rmap count holds nothing.
        return anchor(o.op);
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
        return pte_dirty({ pfn: hPfn, dirty: hDirty });
      default:
        return null;
    }
  };

  return compileActor(ACTOR_NAMES[HELPER], pc[HELPER], code, ['madvise_dontneed_single_vma'], { step: (o) => helperStep(o), cond: (o) => helperCond(o) });
}
