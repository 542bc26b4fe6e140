/**
 * S1 cow-wp-copy: `wp_page_copy()` copies the old page with no PTL held. If another thread
 * write-protected the PTE under the mmap read lock and has not flushed the TLB yet, a CPU with a
 * stale writable TLB entry can still store into the old page after the copy: the store is lost.
 * Code: mm/memory.c (do_wp_page, wp_page_copy) and mm/mprotect.c (change_protection_range,
 * change_pte_range) of v5.10, mm/userfaultfd.c (mwriteprotect_range), fs/proc/task_mmu.c
 * (clear_refs_write) for the non-uffd PTE changer.
 */
import { and, call, constCond, iff, not, op, or, ret, type CondSpec, type KernelCode, type Op, type Semantics, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
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
  pte_offset_map_lock,
  pte_unmap_unlock,
  ptep_clear_flush_notify,
  put_page,
  set_pte_at,
  trackedBits,
  type MmState,
  type Page,
  type Tlb,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

const OLD = 1;
const PAGE_NAMES = ['none', 'old_page', 'new_page (CPU1)', 'new_page (CPU2)'];

const faultCode: KernelCode = {
  // The write access of a user thread: through its TLB, or a fault when the PTE is not writable.
  // A NUMA hinting fault restores the PTE and the store faults again, now as a write fault.
  user_write: [
    op('user_store', 'store to addr'),
    iff('if (store faulted)', op('store_faulted', 'store faulted'), [
      call('handle_mm_fault', 'handle_mm_fault(vma, address, FAULT_FLAG_WRITE, regs)'),
      op('user_store_retry', 'store to addr (retry)'),
      iff('if (store faulted again)', op('store_faulted', 'store faulted'), [
        call('handle_mm_fault', 'handle_mm_fault(vma, address, FAULT_FLAG_WRITE, regs)'),
        op('user_store_retry', 'store to addr (second retry)'),
      ]),
    ]),
  ],
  handle_mm_fault: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    op('read_orig_pte', 'vmf->orig_pte = *vmf->pte'),
    iff('if (pte_protnone(vmf->orig_pte) && vma_is_accessible(vmf->vma))', op('orig_protnone', 'pte_protnone(vmf->orig_pte)'), [
      call('do_numa_page', 'return do_numa_page(vmf)'),
      op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
      ret('return'),
    ]),
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, entry)))', not(op('pte_same', 'pte_same(*vmf->pte, entry)')), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
      ret('goto unlock'),
    ]),
    iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(vmf)')], [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    ]),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  do_numa_page: [
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, vmf->orig_pte)))', not(op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)')), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      ret('goto out'),
    ]),
    op('numa_restore_pte', 'pte = pte_modify(old_pte, vma->vm_page_prot); if (was_writable) pte = pte_mkwrite(pte); ptep_modify_prot_commit(vma, vmf->address, vmf->pte, old_pte, pte)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  do_wp_page: [
    iff('if (userfaultfd_pte_wp(vma, *vmf->pte))', op('userfaultfd_pte_wp', 'userfaultfd_pte_wp(vma, *vmf->pte)'), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      op('handle_userfault', 'return handle_userfault(vmf, VM_UFFD_WP)'),
      ret('return handle_userfault(vmf, VM_UFFD_WP)'),
    ]),
    op('vm_normal_page', 'vmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte)'),
    iff('if (PageKsm(page) || page_count(page) != 1)', op('page_shared', 'page_count(page) != 1'), [
      op('get_page_old', 'get_page(vmf->page)'),
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      call('wp_page_copy', 'return wp_page_copy(vmf)'),
    ], [call('wp_page_reuse', 'wp_page_reuse(vmf)')]),
  ],
  wp_page_reuse: [
    op('wp_page_reuse', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma); ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  wp_page_copy: [
    op('anon_vma_prepare', 'if (unlikely(anon_vma_prepare(vma)))'),
    op('alloc_page_vma', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vmf->address)'),
    op('cow_user_page', 'if (!cow_user_page(new_page, old_page, vmf))'),
    op('mem_cgroup_charge', 'if (mem_cgroup_charge(new_page, mm, GFP_KERNEL))'),
    op('__SetPageUptodate', '__SetPageUptodate(new_page)'),
    op('mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_start(&range)'),
    op('spin_lock', 'vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff(
      'if (likely(pte_same(*vmf->pte, vmf->orig_pte)))',
      op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)'),
      [
        op('flush_cache_page', 'flush_cache_page(vma, vmf->address, pte_pfn(vmf->orig_pte))'),
        op('mk_pte', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
        op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, vmf->address, vmf->pte)'),
        op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(new_page, vma, vmf->address, false)'),
        op('lru_cache_add_inactive_or_unevictable', 'lru_cache_add_inactive_or_unevictable(new_page, vma)'),
        op('set_pte_at_notify', 'set_pte_at_notify(mm, vmf->address, vmf->pte, entry)'),
        op('update_mmu_cache', 'update_mmu_cache(vma, vmf->address, vmf->pte)'),
        op('page_remove_rmap', 'page_remove_rmap(old_page, false)'),
      ],
      [op('update_mmu_tlb', 'update_mmu_tlb(vma, vmf->address, vmf->pte)')],
    ),
    op('put_page_new', 'put_page(new_page)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    op('mmu_notifier_invalidate_range_only_end', 'mmu_notifier_invalidate_range_only_end(&range)'),
    op('put_page_old', 'put_page(old_page)'),
  ],
};

const changerCode: KernelCode = {
  mwriteprotect_range: [
    op('mmap_read_lock', 'mmap_read_lock(dst_mm)'),
    op('find_dst_vma', 'dst_vma = find_dst_vma(dst_mm, start, len)'),
    op('vm_get_page_prot', 'newprot = vm_get_page_prot(dst_vma->vm_flags)'),
    call('change_protection_range', 'change_protection(dst_vma, start, start + len, newprot, enable_wp ? MM_CP_UFFD_WP : MM_CP_UFFD_WP_RESOLVE)'),
    op('mmap_read_unlock', 'mmap_read_unlock(dst_mm)'),
  ],
  change_protection_range: [
    op('flush_cache_range', 'flush_cache_range(vma, addr, end)'),
    op('inc_tlb_flush_pending', 'inc_tlb_flush_pending(mm)'),
    call('change_pte_range', 'pages += change_pte_range(vma, pmd, addr, next, newprot, cp_flags)'),
    op('flush_tlb_range', 'if (pages) flush_tlb_range(vma, start, end)'),
    op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)'),
  ],
  change_pte_range: [
    op('spin_lock', 'pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl)'),
    op('flush_tlb_batched_pending', 'flush_tlb_batched_pending(vma->vm_mm)'),
    iff('if (prot_numa)', op('prot_numa', 'prot_numa'), [
      // Pages NUMA hinting skips (zero page, KSM, shared file pages, already PROT_NONE, same node).
      op('numa_skip_checks', 'if (pte_protnone(oldpte)) continue; if (target_node == page_to_nid(page)) continue'),
    ]),
    op('ptep_modify_prot_start', 'oldpte = ptep_modify_prot_start(vma, addr, pte)'),
    op('pte_modify', 'ptent = pte_modify(oldpte, newprot)'),
    iff('if (preserve_write)', and('prot_numa && pte_write(oldpte)', op('prot_numa', 'prot_numa'), op('oldpte_write', 'pte_write(oldpte)')), [
      op('pte_mk_savedwrite', 'ptent = pte_mk_savedwrite(ptent)'),
    ]),
    iff('if (uffd_wp)', op('cp_uffd_wp', 'uffd_wp'), [op('pte_wrprotect', 'ptent = pte_wrprotect(ptent)'), op('pte_mkuffd_wp', 'ptent = pte_mkuffd_wp(ptent)')], [
      iff('else if (uffd_wp_resolve)', op('cp_uffd_wp_resolve', 'uffd_wp_resolve'), [op('pte_clear_uffd_wp', 'ptent = pte_clear_uffd_wp(ptent)')]),
    ]),
    op('ptep_modify_prot_commit', 'ptep_modify_prot_commit(vma, addr, pte, oldpte, ptent)'),
    op('spin_unlock', 'pte_unmap_unlock(pte - 1, ptl)'),
  ],
  // NUMA balancing (task_numa_work): change_prot_numa() -> change_protection(MM_CP_PROT_NUMA) under the read lock.
  change_prot_numa: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    call('change_protection_range', 'nr_updated = change_protection(vma, addr, end, PAGE_NONE, MM_CP_PROT_NUMA)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  // clear_refs soft-dirty before 29a951dfb3c3: under the mmap read lock, flush batched.
  clear_refs_write: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    op('inc_tlb_flush_pending', 'tlb_gather_mmu(&tlb, mm, 0, -1)'),
    op('spin_lock', 'pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl)'),
    op('ptep_modify_prot_start', 'old_pte = ptep_modify_prot_start(vma, addr, pte)'),
    op('pte_wrprotect', 'ptent = pte_wrprotect(old_pte)'),
    op('pte_clear_soft_dirty', 'ptent = pte_clear_soft_dirty(ptent)'),
    op('ptep_modify_prot_commit', 'ptep_modify_prot_commit(vma, addr, pte, old_pte, ptent)'),
    op('spin_unlock', 'pte_unmap_unlock(pte - 1, ptl)'),
    op('flush_tlb_range', 'tlb_finish_mmu(&tlb, 0, -1)'),
    op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  // Another monitor thread write-protecting a different range: only the pending-flush counter is shared.
  mwriteprotect_range_other: [
    op('inc_tlb_flush_pending', 'inc_tlb_flush_pending(mm)'),
    op('flush_tlb_range_other', 'flush_tlb_range(vma, start, end)'),
    op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)'),
  ],
};

const baseline: KernelCode = { ...faultCode, ...changerCode };

/** Calls kept for alignment with the C that change nothing this scenario tracks. */
const ANCHORS = new Set([
  'find_dst_vma', 'vm_get_page_prot', 'flush_cache_range', 'flush_tlb_batched_pending', 'pte_clear_soft_dirty',
  'vm_normal_page', 'anon_vma_prepare', 'alloc_page_vma', 'mem_cgroup_charge', '__SetPageUptodate',
  'mmu_notifier_invalidate_range_start', 'flush_cache_page', 'mk_pte', 'page_add_new_anon_rmap',
  'lru_cache_add_inactive_or_unevictable', 'update_mmu_cache', 'page_remove_rmap', 'update_mmu_tlb', 'put_page_new',
  'mmu_notifier_invalidate_range_only_end', 'numa_skip_checks',
]);

/** 6ce64428d620: flush a pending deferred flush before copying, for uffd-wp VMAs. */
const mergedFix = (b: KernelCode) =>
  insertBefore(b, 'do_wp_page', 'vm_normal_page', [
    iff(
      'if (unlikely(userfaultfd_wp(vmf->vma) && mm_tlb_flush_pending(vmf->vma->vm_mm)))',
      and('userfaultfd_wp(vmf->vma) && mm_tlb_flush_pending(vmf->vma->vm_mm)', op('userfaultfd_wp', 'userfaultfd_wp(vmf->vma)'), op('mm_tlb_flush_pending', 'mm_tlb_flush_pending(vmf->vma->vm_mm)')),
      [op('flush_tlb_page', 'flush_tlb_page(vmf->vma, vmf->address)')],
    ),
  ]);

const variants: Scenario['variants'] = [
  {
    id: 'S1.0',
    title: 'v5.10 baseline: no flush before the copy; uffd-wp changes PTEs under the mmap read lock',
    source: '[S3], [S4], M1a',
    expected: 'race',
    invariants: ['I1.1'],
    code: (b) => b,
  },
  {
    id: 'S1.1',
    title: 'Nadav v1: mmap_write_lock when protecting; preserve_write also for uffd_wp_resolve',
    source: 'M1a',
    expected: 'safe',
    invariants: [],
    code: (b) =>
      replace(
        replace(b, 'mwriteprotect_range', 'mmap_read_lock', [
          iff('if (enable_wp)', constCond('enable_wp', false), [op('mmap_write_lock', 'mmap_write_lock(dst_mm)')], [op('mmap_read_lock', 'mmap_read_lock(dst_mm)')]),
        ]),
        'change_pte_range',
        (s) => s.op === 'if' && s.c === 'if (preserve_write)',
        [
          iff(
            'if (preserve_write)',
            and('(prot_numa || uffd_wp_resolve) && pte_write(oldpte)', or('prot_numa || uffd_wp_resolve', op('prot_numa', 'prot_numa'), op('cp_uffd_wp_resolve', 'uffd_wp_resolve')), op('oldpte_write', 'pte_write(oldpte)')),
            [op('pte_mk_savedwrite', 'ptent = pte_mk_savedwrite(ptent)')],
          ),
        ],
      ),
  },
  {
    id: 'S1.2',
    title: 'merged fix 6ce64428d620: flush_tlb_page in do_wp_page if userfaultfd_wp(vma) && mm_tlb_flush_pending(mm)',
    source: 'M1b',
    expected: 'safe',
    invariants: [],
    mergedIn: '5.12',
    code: mergedFix,
  },
  {
    id: 'S1.3',
    title: 'copy under the PTL after a flush',
    source: 'seed 001',
    expected: 'safe',
    invariants: [],
    code: (b) =>
      insertAfter(
        insertBefore(remove(b, 'wp_page_copy', 'cow_user_page'), 'wp_page_copy', 'flush_cache_page', [
          op('flush_tlb_page', 'flush_tlb_page(vma, vmf->address)'),
          op('cow_user_page', 'cow_user_page(new_page, old_page, vmf)'),
        ]),
        'wp_page_copy',
        'alloc_page_vma',
        [],
      ),
  },
  {
    id: 'S1.4',
    title: 'broken: flush only if pte_uffd_wp(*pte)',
    source: 'inference',
    expected: 'race',
    invariants: ['I1.1'],
    code: (b) =>
      insertBefore(b, 'do_wp_page', 'vm_normal_page', [
        iff('if (pte_uffd_wp(*vmf->pte))', op('pte_uffd_wp', 'pte_uffd_wp(*vmf->pte)'), [op('flush_tlb_page', 'flush_tlb_page(vmf->vma, vmf->address)')]),
      ]),
  },
  {
    id: 'S1.5',
    title: 'the uffd-scoped fix with a non-uffd PTE changer under the read lock (clear_refs soft-dirty)',
    source: 'seed 001; 29a951dfb3c3',
    expected: 'race',
    invariants: ['I1.1'],
    switches: { pte_changer: 'clear_refs' },
    code: mergedFix,
  },
  {
    id: 'S1.6',
    title: 'NUMA hinting (prot_numa, preserve_write)',
    source: '[S4]; seed 001',
    expected: 'safe',
    invariants: [],
    switches: { pte_changer: 'numa' },
    code: (b) => b,
  },
  {
    id: 'S1.7',
    title: 'tlb_flush_pending as a bool set/cleared by two concurrent read-lock holders',
    source: 'M1d (fixes 20841405940e)',
    expected: 'race',
    invariants: ['I1.1'],
    switches: { tlb_flush_pending_counter: false },
    code: mergedFix,
  },
  {
    id: 'S1.8',
    title: 'broken: pte_unmap_unlock before ptep_clear_flush_notify in wp_page_copy',
    source: 'inference',
    expected: 'race',
    invariants: ['I1.1'],
    code: (b) =>
      insertBefore(remove(mergedFix(b), 'wp_page_copy', 'spin_unlock'), 'wp_page_copy', 'ptep_clear_flush_notify', [
        op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      ]),
  },
];

export const s1: Scenario = {
  lexicon,
  id: 'S1',
  name: 'cow-wp-copy',
  question:
    'Can wp_page_copy() copy stale data because a PTE was write-protected under the mmap read lock while the TLB flush is still pending?',
  actors: ['CPU0 PTE changer (UFFDIO_WRITEPROTECT unprotect, clear_refs or NUMA)', 'CPU1 write fault', 'CPU2 writer with a stale writable TLB entry', 'CPU3 second monitor thread'],
  switches: [
    { name: 'pte_changer', values: ['uffd_wp', 'clear_refs', 'numa'], default: 'uffd_wp', doc: 'who changes the PTE under the mmap read lock: UFFDIO_WRITEPROTECT unprotect (uffd-wp VMA), soft-dirty clear_refs, NUMA hinting', phrases: { clear_refs: 'when soft-dirty clear_refs changes the PTE under the mmap read lock', numa: 'when NUMA balancing changes the PTE', uffd_wp: 'when UFFDIO_WRITEPROTECT changes the PTE' } },
    { name: 'tlb_flush_pending_counter', values: [true, false], default: true, doc: 'mm->tlb_flush_pending is an atomic counter (16af97dc5a89), not a bool', phrases: { false: 'where mm->tlb_flush_pending is a bool (before 16af97dc5a89)', true: 'with the tlb_flush_pending counter' }, release: { version: '4.13', commit: '16af97dc5a89', before: false, after: true } },
  ],
  invariants: INVARIANTS.list,
  functions: [
    { name: 'do_wp_page', file: 'mm/memory.c' },
    { name: 'wp_page_copy', file: 'mm/memory.c' },
    { name: 'wp_page_reuse', file: 'mm/memory.c' },
    { name: 'handle_mm_fault', file: 'mm/memory.c' },
    { name: 'do_numa_page', file: 'mm/memory.c' },
    { name: 'change_protection_range', file: 'mm/mprotect.c' },
    { name: 'change_pte_range', file: 'mm/mprotect.c' },
    { name: 'change_prot_numa', file: 'mm/mempolicy.c' },
    { name: 'mwriteprotect_range', file: 'mm/userfaultfd.c' },
    { name: 'clear_refs_write', file: 'fs/proc/task_mmu.c' },
  ],
  baseline,
  baselineVariant: 'S1.0',
  variants,
  build,
};

function build(code: KernelCode, sw: Switches): Model {
  const changer = String(sw.pte_changer ?? 'uffd_wp');
  const counter = sw.tlb_flush_pending_counter !== false;
  const uffdVma = changer === 'uffd_wp';

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

  /** Semantics of the kernel paths, for CPU `cpu` (0 the changer, 1/2 faulting threads, 3 the other monitor). */
  const semFor = (cpu: number): Semantics => {
    const f = cpu === 1 || cpu === 2 ? orig[cpu - 1] : null;
    const newPfn = cpu === 1 ? 2 : 3;
    const myTlb = tlbs[cpu];
    const step = (o: Op): StepSpec | null => {
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
        case 'flush_tlb_range': return flush_tlb_range(mm, { note: () => 'TLBs of all CPUs flushed' });
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
        case 'pte_modify_protnone':
          return { primitive: 'pte_modify', apply: (m) => m.set(ptentProtnone, 1), may: { reads: [], writes: [ptentProtnone] }, note: () => 'ptent becomes PROT_NONE (NUMA hint)' };
        case 'pte_mk_savedwrite':
          return { apply: (m) => m.set(ptentWrite, 1), may: { reads: [], writes: [ptentWrite] }, note: () => 'W preserved (savedwrite)' };
        case 'pte_wrprotect':
          return { apply: (m) => m.set(ptentWrite, 0), may: { reads: [], writes: [ptentWrite] } };
        case 'pte_mkuffd_wp':
          return { apply: (m) => m.set(ptentUffd, 1), may: { reads: [], writes: [ptentUffd] } };
        case 'pte_clear_uffd_wp':
          return { apply: (m) => m.set(ptentUffd, 0), may: { reads: [], writes: [ptentUffd] } };
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
        case 'pte_uffd_wp': return { test: (m) => m.get(pte.uffd_wp) === 1, reads: [pte.uffd_wp] };
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

  const invariants: Invariant[] = [
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

function storesText(bits: number): string {
  const who = [];
  if (bits & 1) who.push("CPU2's store");
  if (bits & 2) who.push("CPU1's store");
  return who.length ? who.join(' and ') : 'no stores yet';
}
