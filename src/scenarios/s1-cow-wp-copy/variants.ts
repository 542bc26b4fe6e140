/**
 * S1's variants: the spec's rows as edits of the baseline (the proposed and merged fixes, the
 * other PTE changers, broken versions), each with its verdict and source.
 */
import { and, constCond, iff, op, or, type KernelCode, type Stmt } from '../../model/code.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
import type { Scenario } from '../scenario.js';

/** 6ce64428d620: flush a pending deferred flush before copying, for uffd-wp VMAs. */
export const mergedFix = (b: KernelCode) =>
  insertBefore(b, 'do_wp_page', 'vm_normal_page', [
    iff(
      'if (unlikely(userfaultfd_wp(vmf->vma) && mm_tlb_flush_pending(vmf->vma->vm_mm)))',
      and('userfaultfd_wp(vmf->vma) && mm_tlb_flush_pending(vmf->vma->vm_mm)', op('userfaultfd_wp', 'userfaultfd_wp(vmf->vma)'), op('mm_tlb_flush_pending', 'mm_tlb_flush_pending(vmf->vma->vm_mm)')),
      [op('flush_tlb_page', 'flush_tlb_page(vmf->vma, vmf->address)')],
    ),
  ]);

/** clear_refs_write() with each of its statements matched by op name replaced by another. */
const inClearRefs = (b: KernelCode, by: readonly (readonly [string, Stmt])[]) => by.reduce((c, [name, s]) => replace(c, 'clear_refs_write', name, [s]), b);

/**
 * 912efa17e512: clear_refs_write() drops the mmu_gather (whose tlb_finish_mmu() had flushed
 * nothing since 0758cd830494, the walk gathering nothing) for the pending count and an explicit
 * flush_tlb_mm() after the walk, as mprotect() does.
 */
export const softDirtyFlushFix = (b: KernelCode) =>
  inClearRefs(b, [
    ['inc_tlb_flush_pending', op('inc_tlb_flush_pending', 'inc_tlb_flush_pending(mm)')],
    ['flush_tlb_range', op('flush_tlb_range', 'flush_tlb_mm(mm)')],
    ['dec_tlb_flush_pending', op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)')],
  ]);

/**
 * 29a951dfb3c3: clear_refs_write() takes the mmap lock for write for the soft-dirty walk (it
 * drops the read lock it took and takes the write lock, killably), so no fault runs beside it.
 */
export const clearRefsWriteLock = (b: KernelCode) =>
  inClearRefs(b, [
    ['mmap_read_lock', op('mmap_write_lock', 'mmap_write_lock_killable(mm)')],
    ['mmap_read_unlock', op('mmap_write_unlock', 'mmap_write_unlock(mm)')],
  ]);

export const variants: Scenario['variants'] = [
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
    posted: 'the write-lock version of the fix',
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
    // On mainline in 5.12-rc3 (its author date is 2021-03-12; rc3 was tagged on the 14th).
    mergedOn: '2021-03-14',
    code: mergedFix,
  },
  {
    id: 'S1.3',
    posted: 'a review proposal',
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
  {
    id: 'S1.9',
    title: 'merged fix 912efa17e512: clear_refs_write() flushes with flush_tlb_mm() after the walk, no mmu_gather',
    source: '912efa17e512 "mm: proc: Invalidate TLB after clearing soft-dirty page state"',
    // Under the default switches the uffd-wp changer's race (I1.1) is still there: this fix is
    // clear_refs' own (S1.11).
    expected: 'race',
    invariants: ['I1.1'],
    mergedIn: '5.12',
    code: softDirtyFlushFix,
  },
  {
    id: 'S1.10',
    title: "0758cd830494 (5.5): tlb_finish_mmu() flushes only what was gathered, so clear_refs' soft-dirty write-protect is never flushed",
    source: '0758cd830494 "asm-generic/tlb: avoid potential double flush"; 912efa17e512 (its Fixes: tag)',
    expected: 'race',
    invariants: ['I1.4'],
    switches: { pte_changer: 'clear_refs', tlb_finish_mmu_flushes_ungathered: false },
    code: (b) => b,
  },
  {
    id: 'S1.11',
    title: "912efa17e512 on the 5.5 mmu_gather: soft-dirty is kept (I1.4 holds); the COW copy's race with the pending flush (I1.1) is not its business",
    source: '912efa17e512',
    expected: 'race',
    invariants: ['I1.1'],
    switches: { pte_changer: 'clear_refs', tlb_finish_mmu_flushes_ungathered: false },
    code: softDirtyFlushFix,
  },
  {
    id: 'S1.12',
    title: 'merged fix 29a951dfb3c3: clear_refs_write() takes the mmap lock for write for the soft-dirty walk',
    source: '29a951dfb3c3 "mm: fix clear_refs_write locking"',
    // Under the default switches the uffd-wp changer's race (I1.1) is still there.
    expected: 'race',
    invariants: ['I1.1'],
    mergedIn: '5.11',
    code: clearRefsWriteLock,
  },
  {
    id: 'S1.13',
    title: 'clear_refs under the write lock (5.11) and flushed again (5.12): safe',
    source: '29a951dfb3c3; 912efa17e512',
    expected: 'safe',
    invariants: [],
    switches: { pte_changer: 'clear_refs', tlb_finish_mmu_flushes_ungathered: false },
    code: (b) => softDirtyFlushFix(clearRefsWriteLock(b)),
  },
];
