/**
 * S1 cow-wp-copy: `wp_page_copy()` copies the old page with no PTL held. If another thread
 * write-protected the PTE under the mmap read lock and has not flushed the TLB yet, a CPU with a
 * stale writable TLB entry can still store into the old page after the copy: the store is lost.
 * Code: mm/memory.c (do_wp_page, wp_page_copy) and mm/mprotect.c (change_protection_range,
 * change_pte_range) of v5.10, mm/userfaultfd.c (mwriteprotect_range), fs/proc/task_mmu.c
 * (clear_refs_write) for the non-uffd PTE changer.
 */
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario } from '../scenario.js';
import { baseline } from './code.js';
import { variants } from './variants.js';
import { build } from './model.js';

export const s1: Scenario = {
  lexicon,
  id: 'S1',
  name: 'cow-wp-copy',
  question:
    'Can wp_page_copy() copy stale data because a PTE was write-protected under the mmap read lock while the TLB flush is still pending?',
  actors: ['CPU0 PTE changer (UFFDIO_WRITEPROTECT unprotect, clear_refs or NUMA)', 'CPU1 write fault', 'CPU2 writer with a stale writable TLB entry', 'CPU3 second monitor thread'],
  switches: [
    // UFFDIO_WRITEPROTECT came in v5.7 (63b2d4174c4a): an older tree's read-lock PTE changer is
    // soft-dirty clear_refs (write-locked from 29a951dfb3c3, S1.5). Soft-dirty itself came in
    // v3.11 (0f8975ec4db2): before it, the read-lock changer is NUMA hinting (3.8), or none,
    // and neither leaves a writable TLB entry to race with (S1.6 is safe).
    { name: 'pte_changer', values: ['uffd_wp', 'clear_refs', 'numa'], default: 'uffd_wp', release: { version: '5.7', commit: '63b2d4174c4a', before: 'clear_refs', after: 'uffd_wp' }, earlier: [{ version: '3.11', commit: '0f8975ec4db2', value: 'numa' }], doc: 'who changes the PTE under the mmap read lock: UFFDIO_WRITEPROTECT unprotect (uffd-wp VMA), soft-dirty clear_refs, NUMA hinting', phrases: { clear_refs: 'when soft-dirty clear_refs changes the PTE under the mmap read lock', numa: 'when NUMA balancing changes the PTE', uffd_wp: 'when UFFDIO_WRITEPROTECT changes the PTE' } },
    // 0758cd830494 (5.5) made tlb_finish_mmu() flush only what was gathered: clear_refs_write()
    // gathers nothing, so its soft-dirty write-protect went unflushed until 912efa17e512 (5.12)
    // flushed it with flush_tlb_mm() (S1.9).
    { name: 'tlb_finish_mmu_flushes_ungathered', values: [true, false], default: true, doc: 'tlb_finish_mmu() flushes the whole range even when the walk gathered nothing (before 0758cd830494)', phrases: { false: 'where tlb_finish_mmu() flushes only what was gathered (0758cd830494, 5.5)', true: 'where tlb_finish_mmu() flushes the range it was given' }, release: { version: '5.5', commit: '0758cd830494', before: true, after: false } },
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
