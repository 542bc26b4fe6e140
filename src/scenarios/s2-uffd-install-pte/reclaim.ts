/**
 * T_reclaim: kswapd on the page-cache page P (mm/vmscan.c shrink_page_list, mm/rmap.c
 * try_to_unmap_one v5.10): a clean page with no dirty PTE is dropped, and with it any data
 * only P held.
 */
import { call, iff, op, ret, type CondSpec, type KernelCode, type Op, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { anchor, pte_dirty, ptep_clear_flush, trylock_page, unlock_page } from '../../mm/index.js';
import type { Actor } from '../../model/program.js';
import { INVARIANTS } from './invariants.js';
import { ACTOR_NAMES, RECLAIM, type S2State } from './state.js';

// Asserted when reclaim drops P holding data only it has.
const dataLost = INVARIANTS.id('I2.1');

/** T_reclaim: kswapd (mm/vmscan.c, mm/rmap.c v5.10) */
export const reclaimCode: KernelCode = {
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

/** T_reclaim over S2's state: its ops' meaning, compiled from `code`. */
export function reclaimActor(code: KernelCode, st: S2State): Actor {
  const { pc, pte, pCache, pData, pDirty, pLocked, pLru, rDirty, none, fp, mapsP, flag, mm, P, ptlLock, ptlUnlock } = st;
  /**
   * try_to_unmap_one(): page_vma_mapped_walk() finds the PTE only while it maps P; otherwise the
   * step does nothing and `pteval` (the byte `out`) reads as clean.
   */
  const onlyIfMapsP = (s: StepSpec, out: number): StepSpec => ({
    ...s,
    apply: (m) => (mapsP(m) ? s.apply?.(m) : m.set(out, 0)),
    may: fp([pte.present, pte.pfn, ...s.may.reads], [out, ...s.may.writes]),
  });
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
        return pte_dirty({ dirty: rDirty });
      case 'PageDirty':
        return flag(pDirty);
      default:
        return null;
    }
  };

  return compileActor(ACTOR_NAMES[RECLAIM], pc[RECLAIM], code, ['shrink_page_list'], { step: (o) => reclaimStep(o), cond: (o) => reclaimCond(o) });
}
