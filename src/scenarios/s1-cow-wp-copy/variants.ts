/**
 * S1's variants: the spec's rows as edits of the baseline (the proposed and merged fixes, the
 * other PTE changers, broken versions), each with its verdict and source.
 */
import { and, constCond, iff, op, or, type KernelCode } from '../../model/code.js';
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
];
