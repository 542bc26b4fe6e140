/**
 * S1's model: one PTE, four CPUs' TLBs, the old page and the two possible copies, the PTL, the
 * mmap lock and mm->tlb_flush_pending; every CPU runs its kernel path over them.
 */
import type { CondSpec, KernelCode, Op, Semantics, StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import {
  anchor,
  copy_highpage,
  dec_tlb_flush_pending,
  declPte,
  declRwSem,
  declTlb,
  flush_tlb_page,
  flush_tlb_range,
  get_page,
  heldLocks,
  inc_tlb_flush_pending,
  mm_tlb_flush_pending,
  mmap_read_lock,
  mmap_read_unlock,
  mmap_write_lock,
  mmap_write_unlock,
  pte_clear_uffd_wp,
  pte_mkuffd_wp,
  pte_offset_map_lock,
  pte_uffd_wp,
  pte_unmap_unlock,
  pte_wrprotect,
  ptep_clear_flush_notify,
  put_page,
  set_pte_at,
  trackedBits,
  type MmState,
  type Page,
  type Tlb,
  type PteBits,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { INVARIANTS } from './invariants.js';
import type { Switches } from '../scenario.js';
import { OLD, PAGE_NAMES } from './code.js';

/** Calls kept for alignment with the C that change nothing this scenario tracks. */
export const ANCHORS = new Set([
  'find_dst_vma', 'vm_get_page_prot', 'flush_cache_range', 'flush_tlb_batched_pending', 'pte_clear_soft_dirty',
  'vm_normal_page', 'anon_vma_prepare', 'alloc_page_vma', 'mem_cgroup_charge', '__SetPageUptodate',
  'mmu_notifier_invalidate_range_start', 'flush_cache_page', 'mk_pte', 'page_add_new_anon_rmap',
  'lru_cache_add_inactive_or_unevictable', 'update_mmu_cache', 'page_remove_rmap', 'update_mmu_tlb', 'put_page_new',
  'mmu_notifier_invalidate_range_only_end', 'numa_skip_checks',
]);

export function build(code: KernelCode, sw: Switches): Model {
  const changer = String(sw.pte_changer ?? 'uffd_wp');
  const counter = sw.tlb_flush_pending_counter !== false;
  const uffdVma = changer === 'uffd_wp';
  // From 0758cd830494 (5.5) tlb_finish_mmu() flushes only what the walk gathered; clear_refs'
  // soft-dirty walk gathers nothing, so its tlb_finish_mmu() flushed no TLB until 912efa17e512.
  const finishFlushesUngathered = sw.tlb_finish_mmu_flushes_ungathered !== false;

  const L = new Layout();
  const pcs = [L.v('cpu0.pc'), L.v('cpu1.pc'), L.v('cpu2.pc'), L.v('cpu3.pc')];
  // The PTE starts writable (not uffd-wp protected); CPU2 has it cached writable.
  const pte = declPte(L, 'pte', { pfn: OLD, present: 1, write: 1 });
  const protnone = L.v('pte.protnone', 0, 1);
  const savedWrite = L.v('pte.savedwrite', 0, 1);
  const tlbs: Tlb[] = [declTlb(L, 'cpu0.tlb'), declTlb(L, 'cpu1.tlb'), declTlb(L, 'cpu2.tlb', { pfn: OLD, write: 1 }), declTlb(L, 'cpu3.tlb')];
  const content = [-1, L.v('old_page.data', 0), L.v('new1.data', 0), L.v('new2.data', 0)];
  const done = L.v('stores_done', 0);
  const oldRef = L.v('old_page.refcount', 2, 4); // shared after fork: page_count != 1, so COW copies
  const ptl = L.v('ptl', 0);
  const mmap = declRwSem(L, 'mmap_lock');
  const pending = L.v('mm.tlb_flush_pending', 0, 3);
  // CPU0's in-flight ptent.
  const ptentWrite = L.v('cpu0.ptent.write', 0, 1);
  const ptentUffd = L.v('cpu0.ptent.uffd_wp', 0, 1);
  const ptentProtnone = L.v('cpu0.ptent.protnone', 0, 1);
  const oldpteWrite = L.v('cpu0.oldpte.write', 0, 1);
  // Per faulting CPU (1 and 2): orig_pte snapshot and whether the store faulted.
  const orig = [1, 2].map((c) => ({
    pfn: L.v(`cpu${c}.orig_pte.pfn`, 0),
    write: L.v(`cpu${c}.orig_pte.write`, 0, 1),
    uffd: L.v(`cpu${c}.orig_pte.uffd_wp`, 0, 1),
    protnone: L.v(`cpu${c}.orig_pte.protnone`, 0, 1),
    faulted: L.v(`cpu${c}.faulted`, 0, 1),
  }));

  const mm: MmState = { pte: trackedBits(pte, 'pfn', 'present', 'write'), tlbs, ptl, mmap, tlbFlushPending: { v: pending, counter } };
  // The clear leaves uffd_wp alone (the model's abstraction: wp_page_copy's set_pte_at_notify
  // rewrites it under the same PTL, and the state counts the tests pin rest on it); the new
  // entry does set it.
  const mmNewPte: MmState = { ...mm, pte: trackedBits(pte, 'pfn', 'present', 'write', 'uffd_wp') };
  const oldPage: Page = { name: 'old_page', refcount: oldRef };

  // CPU0's in-flight ptent as a pte_t value.
  const ptent: PteBits = { write: ptentWrite, uffd_wp: ptentUffd };

  /** Semantics of the kernel paths, for CPU `cpu` (0 the changer, 1/2 faulting threads, 3 the other monitor). */
  const FAULT_ONLY = new Set(['read_orig_pte', 'handle_userfault', 'orig_protnone', 'pte_same', 'orig_pte_write']);
  const semFor = (cpu: number): Semantics => {
    const f = cpu === 1 || cpu === 2 ? orig[cpu - 1] : null;
    const newPfn = cpu === 1 ? 2 : 3;
    const myTlb = tlbs[cpu];
    const step = (o: Op): StepSpec | null => {
      // A fault's own record (orig_pte, the fault taken) exists only on a faulting CPU: on the
      // changer these ops have no meaning, and a patch that puts them there is not modelled.
      if (!f && FAULT_ONLY.has(o.op)) return null;
      switch (o.op) {
        case 'mmap_read_lock': return mmap_read_lock(mm, cpu);
        case 'mmap_read_unlock': return mmap_read_unlock(mm, cpu);
        case 'mmap_write_lock': return mmap_write_lock(mm, cpu);
        case 'mmap_write_unlock': return mmap_write_unlock(mm);
        case 'spin_lock': return pte_offset_map_lock(mm, cpu, 'spin_lock(ptl)');
        // A write lock taken instead of the read lock is released where the read lock would be.
        case 'spin_unlock': return pte_unmap_unlock(mm, 'spin_unlock(ptl)');
        case 'inc_tlb_flush_pending': return inc_tlb_flush_pending(mm);
        case 'dec_tlb_flush_pending': return dec_tlb_flush_pending(mm);
        case 'flush_tlb_range':
          if (!finishFlushesUngathered && changer === 'clear_refs' && cpu === 0 && /^tlb_finish_mmu\b/.test(o.c)) {
            return { primitive: 'tlb_finish_mmu', may: { reads: [], writes: [] }, note: () => 'nothing was gathered: no TLB is flushed' };
          }
          return flush_tlb_range(mm, { note: () => 'TLBs of all CPUs flushed' });
        case 'flush_tlb_range_other':
          return { primitive: 'flush_tlb_range', may: { reads: [], writes: [] }, note: () => 'flushes its own range, not addr' };
        case 'flush_tlb_page': return flush_tlb_page(mm, { note: () => 'stale TLB entries on all CPUs flushed' });
        case 'ptep_modify_prot_start':
          return {
            apply: (m) => {
              m.set(ptentWrite, m.get(pte.write));
              m.set(oldpteWrite, m.get(pte.write));
              m.set(ptentUffd, m.get(pte.uffd_wp));
              m.set(ptentProtnone, m.get(protnone));
            },
            may: { reads: [pte.write, pte.uffd_wp, protnone], writes: [ptentWrite, oldpteWrite, ptentUffd, ptentProtnone] },
            quiet: true,
          };
        case 'pte_modify':
          // NUMA hinting: newprot is PAGE_NONE. Otherwise newprot of a private anon VMA is the COW
          // (read-only) protection: W is dropped even on unprotect (M1b: "it unintentionally
          // *clears* the RW-bit if it was already set").
          return changer === 'numa'
            ? { apply: (m) => { m.set(ptentProtnone, 1); m.set(ptentWrite, 0); }, may: { reads: [], writes: [ptentProtnone, ptentWrite] }, note: () => 'ptent becomes PROT_NONE (NUMA hint)' }
            : { apply: (m) => m.set(ptentWrite, 0), may: { reads: [], writes: [ptentWrite] }, note: () => 'ptent loses W (newprot is read-only)' };
        case 'pte_mkprotnone_oldpte':
          return {
            primitive: 'pte_modify',
            apply: (m) => {
              m.set(oldpteWrite, m.get(pte.write));
              m.set(ptentWrite, m.get(pte.write));
              m.set(ptentUffd, m.get(pte.uffd_wp));
              m.set(ptentProtnone, 1);
            },
            may: { reads: [pte.write, pte.uffd_wp], writes: [oldpteWrite, ptentWrite, ptentUffd, ptentProtnone] },
            note: () => 'ptent becomes PROT_NONE (NUMA hint), made from the entry as read',
          };
        case 'pte_modify_protnone':
          return { primitive: 'pte_modify', apply: (m) => m.set(ptentProtnone, 1), may: { reads: [], writes: [ptentProtnone] }, note: () => 'ptent becomes PROT_NONE (NUMA hint)' };
        case 'pte_mk_savedwrite':
          return { apply: (m) => m.set(ptentWrite, 1), may: { reads: [], writes: [ptentWrite] }, note: () => 'W preserved (savedwrite)' };
        case 'pte_wrprotect':
          return pte_wrprotect(ptent);
        case 'pte_mkuffd_wp':
          return pte_mkuffd_wp(ptent);
        case 'pte_clear_uffd_wp':
          return pte_clear_uffd_wp(ptent);
        // (set_pte_at() of the entry the walk computed, the 2015 NUMA postings' store without the
        // start's clear: what the commit stores, as a step of its own.)
        case 'set_pte_at_ptent':
        case 'ptep_modify_prot_commit':
          return {
            apply: (m) => {
              const pn = m.get(ptentProtnone);
              m.set(protnone, pn);
              m.set(savedWrite, pn ? m.get(ptentWrite) : 0);
              m.set(pte.write, pn ? 0 : m.get(ptentWrite));
              m.set(pte.uffd_wp, m.get(ptentUffd));
            },
            may: { reads: [ptentProtnone, ptentWrite, ptentUffd], writes: [protnone, savedWrite, pte.write, pte.uffd_wp] },
            note: (m) => `pte now ${m.get(protnone) ? 'PROT_NONE' : m.get(pte.write) ? 'writable' : 'read-only'}${m.get(pte.uffd_wp) ? ', uffd-wp' : ''}; TLB flush still pending`,
          };
        case 'user_store':
        case 'user_store_retry':
          return {
            primitive: 'user store',
            apply: (m) => {
              let pfn = 0;
              if (m.get(myTlb.valid) && m.get(myTlb.write)) pfn = m.get(myTlb.pfn);
              else if (m.get(pte.present) && !m.get(protnone) && m.get(pte.write)) {
                m.set(myTlb.valid, 1);
                m.set(myTlb.pfn, m.get(pte.pfn));
                m.set(myTlb.write, 1);
                pfn = m.get(pte.pfn);
              }
              if (!f) return;
              if (pfn === 0) {
                m.set(f.faulted, 1);
                return;
              }
              m.set(f.faulted, 0);
              const bit = cpu === 1 ? 2 : 1;
              m.set(content[pfn], m.get(content[pfn]) | bit);
              m.set(done, m.get(done) | bit);
            },
            may: { reads: [myTlb.valid, myTlb.write, myTlb.pfn, pte.present, protnone, pte.write, pte.pfn, ...content.slice(1), done], writes: [myTlb.valid, myTlb.pfn, myTlb.write, f?.faulted ?? done, ...content.slice(1), done] },
            note: (m) => (f && m.get(f.faulted) ? 'no writable translation: write fault' : `store lands in ${PAGE_NAMES[m.get(myTlb.pfn)]}${o.op === 'user_store' && m.get(myTlb.pfn) === OLD && cpu === 2 ? ' through the stale TLB entry' : ''}`),
          };
        case 'read_orig_pte':
          return {
            apply: (m) => {
              m.set(f!.pfn, m.get(pte.present) || m.get(protnone) ? m.get(pte.pfn) : 0);
              m.set(f!.write, m.get(pte.write));
              m.set(f!.uffd, m.get(pte.uffd_wp));
              m.set(f!.protnone, m.get(protnone));
            },
            may: { reads: [pte.present, protnone, pte.pfn, pte.write, pte.uffd_wp], writes: [f!.pfn, f!.write, f!.uffd, f!.protnone] },
            quiet: true,
          };
        case 'numa_restore_pte':
          return {
            primitive: 'ptep_modify_prot_commit',
            apply: (m) => {
              m.set(pte.write, m.get(savedWrite));
              m.set(protnone, 0);
              m.set(savedWrite, 0);
            },
            may: { reads: [savedWrite], writes: [pte.write, protnone, savedWrite] },
            note: (m) => `NUMA hint fault restores the pte${m.get(pte.write) ? ' (writable again)' : ''}`,
          };
        case 'handle_userfault':
          return { primitive: 'handle_userfault', apply: (m) => m.set(f!.faulted, 0), may: { reads: [], writes: [f!.faulted] }, note: () => 'the monitor resolves it; not modelled further' };
        case 'get_page_old': return get_page(oldPage, { quiet: true });
        case 'put_page_old': return put_page(oldPage, { quiet: true });
        case 'cow_user_page':
          return copy_highpage(content[newPfn], content[OLD], {
            primitive: 'copy_user_highpage',
            note: (m) => `new_page = copy of old_page (${storesText(m.get(content[newPfn]))})`,
          });
        case 'ptep_clear_flush_notify': return ptep_clear_flush_notify(mm, { note: () => 'pte cleared, TLBs flushed' });
        case 'set_pte_at_notify':
          return set_pte_at(mmNewPte, { pfn: newPfn, present: 1, write: 1, uffd_wp: 0 }, { notify: true, note: () => `pte -> ${PAGE_NAMES[newPfn]} (W)` });
        case 'wp_page_reuse':
          return { apply: (m) => m.set(pte.write, 1), may: { reads: [], writes: [pte.write] }, note: () => 'page reused: pte made writable' };
        default:
          return ANCHORS.has(o.op) ? anchor(o.op) : null;
      }
    };
    const cond = (o: Op): CondSpec | null => {
      if (!f && FAULT_ONLY.has(o.op)) return null;
      switch (o.op) {
        case 'store_faulted': return { test: (m) => f !== null && m.get(f.faulted) === 1, reads: f ? [f.faulted] : [] };
        case 'orig_protnone': return { test: (m) => m.get(f!.protnone) === 1, reads: [f!.protnone] };
        case 'pte_same':
          return {
            test: (m) =>
              m.get(pte.pfn) === m.get(f!.pfn) &&
              m.get(pte.write) === m.get(f!.write) &&
              m.get(pte.uffd_wp) === m.get(f!.uffd) &&
              m.get(protnone) === m.get(f!.protnone) &&
              (m.get(pte.present) === 1 || m.get(protnone) === 1),
            reads: [pte.pfn, pte.write, pte.uffd_wp, protnone, pte.present, f!.pfn, f!.write, f!.uffd, f!.protnone],
          };
        case 'orig_pte_write': return { test: (m) => m.get(f!.write) === 1, reads: [f!.write] };
        case 'userfaultfd_pte_wp': return { test: (m) => uffdVma && m.get(pte.uffd_wp) === 1, reads: [pte.uffd_wp] };
        case 'pte_uffd_wp': return pte_uffd_wp(mmNewPte.pte!);
        case 'userfaultfd_wp': return { test: () => uffdVma, reads: [] };
        case 'mm_tlb_flush_pending': return mm_tlb_flush_pending(mm);
        case 'page_shared': return { test: (m) => m.get(oldRef) !== 1, reads: [oldRef] };
        case 'oldpte_write': return { test: (m) => m.get(oldpteWrite) === 1, reads: [oldpteWrite] };
        case 'prot_numa': return { test: () => cpu === 0 && changer === 'numa', reads: [] };
        case 'cp_uffd_wp': return { test: () => false, reads: [] }; // CPU0 unprotects (M1b scenario 1)
        case 'cp_uffd_wp_resolve': return { test: () => cpu === 0 && changer === 'uffd_wp', reads: [] };
        default: return null;
      }
    };
    return { step, cond };
  };

  const entry = changer === 'numa' ? 'change_prot_numa' : changer === 'clear_refs' ? 'clear_refs_write' : 'mwriteprotect_range';
  const actors: Actor[] = [
    compileActor(`CPU0 ${entry}`, pcs[0], code, [entry], semFor(0)),
    compileActor('CPU1 write fault', pcs[1], code, ['user_write'], semFor(1)),
    compileActor('CPU2 stale-TLB writer', pcs[2], code, ['user_write'], semFor(2)),
    compileActor('CPU3 other monitor', pcs[3], code, ['mwriteprotect_range_other'], semFor(3)),
  ];

  // CPU0 has returned from clear_refs_write() when it stands at a final location.
  const clearRefsReturned = (m: Mem) => changer === 'clear_refs' && actors[0].locations[m.get(pcs[0])]?.length === 0;
  const staleWritable = (m: Mem) =>
    tlbs.findIndex((t) => m.get(t.valid) === 1 && m.get(t.write) === 1 && m.get(pte.present) === 1 && m.get(pte.write) === 0 && m.get(t.pfn) === m.get(pte.pfn));
  const invariants: Invariant[] = [
    INVARIANTS.check('I1.4', {
      reads: [pcs[0], pte.present, pte.write, pte.pfn, ...tlbs.flatMap((t) => [t.valid, t.write, t.pfn])],
      holds: (m) => !clearRefsReturned(m) || staleWritable(m) < 0,
      explain: (m) => `clear_refs_write() has returned, but CPU${staleWritable(m)} still holds a writable TLB entry for the write-protected PTE: its next store to ${PAGE_NAMES[m.get(pte.pfn)]} does not fault, and the page stays clean in /proc/pid/pagemap`,
    }),
    INVARIANTS.check('I1.1', {
      reads: [pte.present, pte.pfn, ...content.slice(1), done],
      holds: (m) => !m.get(pte.present) || (m.get(content[m.get(pte.pfn)]) & m.get(done)) === m.get(done),
      explain: (m) => `the PTE maps ${PAGE_NAMES[m.get(pte.pfn)]}, which lacks the ${storesText(m.get(done) & ~m.get(content[m.get(pte.pfn)]))}: that write is lost`,
    }),
  ];

  return {
    name: 'S1 cow-wp-copy',
    layout: L,
    actors,
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_lock', s: mmap }]);
      if (a === 2 && m.get(tlbs[2].valid) && m.get(tlbs[2].write)) out.push(`TLB: ${PAGE_NAMES[m.get(tlbs[2].pfn)]} (W)`);
      return out;
    },
  };
}

export function storesText(bits: number): string {
  const who = [];
  if (bits & 1) who.push("CPU2's store");
  if (bits & 2) who.push("CPU1's store");
  return who.length ? who.join(' and ') : 'no stores yet';
}
