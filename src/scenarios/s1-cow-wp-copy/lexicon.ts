import { changePteRangeNonPresent, NO_NONLINEAR, PAGE_MAPCOUNT_CALLS, PTE_MAP_SUCCEEDS, wpPageTest } from '../../mm/vocabulary.js';
/**
 * S1's lexicon rows: the spellings the shared vocabulary cannot decide alone in this scenario's
 * functions (what a `return` means in a helper, identifiers the scenario fixes).
 */
import { call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { FOLL } from '../../mm/gup-flags.js';
import { VM } from '../../mm/vm-flags.js';

const PRIVATE_ANON_FLAGS = VM.VM_READ | VM.VM_WRITE | VM.VM_MAYREAD | VM.VM_MAYWRITE | VM.VM_MAYEXEC;


export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // The anon_vma's lock guards its interval tree of VMAs (the rmap), which no S1 actor walks:
    // the NUMA actor's migration, the one rmap walker a fault races with, is not on its path.
    { re: /^anon_vma_(?:un)?lock_(?:write|read)\s*\(\s*[\w>.-]+\s*\)$/, stmts: () => [] },
    { re: /^(?:\w+\s*=\s*)?(cow_user_page|copy_user_highpage|__wp_page_copy_user)\s*\(/, stmts: (t) => [op('cow_user_page', t)] },
    // The PTL, by any name a fault or a walk gives it (`vmf->ptl`, `ptl`, before split PTLs
    // `&mm->page_table_lock`): not any spinlock (a file's `f_lock` is no page-table lock).
    { re: /^(?:\w+\s*=\s*)?(?:pte_offset_map_lock\s*\(|spin_lock\s*\(\s*&?\s*[\w>.-]*(?:ptl|page_table_lock)\s*\)$)/, stmts: (t) => [op('spin_lock', t)] },
    { re: /^(?:\w+\s*=\s*)?(?:pte_unmap_unlock\s*\(|spin_unlock\s*\(\s*&?\s*[\w>.-]*(?:ptl|page_table_lock)\s*\)$)/, stmts: (t) => [op('spin_unlock', t)] },
    { re: /^(?:\w+\s*=\s*)?(alloc_\w*page\w*|vma_alloc_folio)\s*\(/, stmts: (t) => [op('alloc_page_vma', t)] },
    { re: /^(?:\w+\s*=\s*)?(flush_tlb_page|flush_tlb_mm|flush_tlb_range)\s*\(\s*(vmf->vma|vma)\s*,\s*(vmf->address|addr|address)\s*\)/, stmts: (t) => [op('flush_tlb_page', t)] },
    // From 6.10 do_numa_page() rebuilds the PTE in numa_rebuild_single_mapping() (the same
    // modify-and-commit steps, moved out); numa_rebuild_large_mapping() does them for each PTE of a
    // large folio, the modelled page's among them.
    { re: /^numa_rebuild_(single|large)_mapping\s*\(/, fn: /^do_numa_page$/, stmts: (t) => [op('numa_restore_pte', t)] },
    // Before 4.0 a NUMA hinting PTE was a present-bit-cleared PTE with _PAGE_NUMA set, its write
    // bit untouched: pte_mknonnuma() made it present again, the write bit as it was (the saved
    // write of the later PROT_NONE form), and set_pte_at() stored it.
    { re: /^pte\s*=\s*pte_mknonnuma\s*\(\s*pte\s*\)$/, fn: /^do_numa_page$/, stmts: (t) => [op('numa_restore_pte', t)] },
    // A NUMA hinting entry made from the entry as read, without the start's clear (the 2015
    // postings: `ptent = pte_mkprotnone(oldpte); set_pte_at(mm, addr, pte, ptent);`): PROT_NONE
    // with the write bit kept as the saved write, then stored as the commit stores it.
    { re: /^ptent\s*=\s*pte_mkprotnone\s*\(\s*oldpte\s*\)$/, fn: /^change_pte_range$/, stmts: (t) => [op('pte_mkprotnone_oldpte', t)] },
    { re: /^set_pte_at\s*\(\s*(?:vma->vm_)?mm\s*,\s*addr\s*,\s*pte\s*,\s*ptent\s*\)$/, fn: /^change_pte_range$/, stmts: (t) => [op('set_pte_at_ptent', t)] },
    // From 6.2 mwriteprotect_range() changes the protection through uffd_wp_range(), which wraps
    // change_protection() in a TLB gather: the model's call of it.
    { re: /^(?:\w+\s*=\s*)?uffd_wp_range\s*\(/, fn: /^mwriteprotect_range$/, stmts: (t) => [call('change_protection_range', t)] },
    { re: /^mmap_write_unlock\s*\(/, stmts: (t) => [op('mmap_write_unlock', t)] },
    { re: /^mmap_write_lock\s*\(/, stmts: (t) => [op('mmap_write_lock', t)] },
    { re: /^(?:bool\s+)?preserve_write\s*=\s*(.*)$/ }, // a named condition: handled as a definition
    // mprotect through an mmu_gather (4a18419f71cd): tlb_gather_mmu() raises the mm's pending
    // flush count, tlb_end_vma() flushes what the PTE changes gathered (nothing if none changed:
    // the `if (pages)` of before), tlb_finish_mmu() drops the count (since 4.13, 99baac21e458).
    { re: /^tlb_gather_mmu\s*\(/, fn: /^change_protection_range$/, stmts: (t) => [op('inc_tlb_flush_pending', t)] },
    // The series' later form gathers in the callers of change_protection() (mwriteprotect_range(),
    // change_prot_numa(), as do_mprotect_pkey()): the same count around the call. There
    // tlb_finish_mmu() flushes what is still gathered, then drops the count (clear_refs_write()'s
    // two steps of one line).
    { re: /^tlb_gather_mmu\s*\(/, fn: /^(?:mwriteprotect_range|change_prot_numa)$/, stmts: (t) => [op('inc_tlb_flush_pending', t)] },
    { re: /^tlb_finish_mmu\s*\(/, fn: /^(?:mwriteprotect_range|change_prot_numa)$/, stmts: (t) => [op('flush_tlb_range', t), op('dec_tlb_flush_pending', `${t}  /* then dec_tlb_flush_pending(mm) */`)] },
    // clear_refs_write() gathers for the whole mm: tlb_gather_mmu(&tlb, mm, 0, -1), spelled
    // tlb_gather_mmu_fullmm(&tlb, mm) from 5.11; either raises the pending count.
    { re: /^tlb_gather_mmu(_fullmm)?\s*\(/, fn: /^clear_refs_write$/, stmts: (t) => [op('inc_tlb_flush_pending', t)] },
    { re: /^tlb_end_vma\s*\(/, fn: /^change_protection_range$/, stmts: (t) => [op('flush_tlb_range', t)] },
    { re: /^tlb_finish_mmu\s*\(/, fn: /^change_protection_range$/, stmts: (t) => [op('dec_tlb_flush_pending', t)] },
  ],
  // From 6.6 do_numa_page() drops the PTL and tries the migration between the test of
  // migrate_misplaced_folio()'s result and the out_map: label, where a failed migration takes the
  // PTL again to rebuild the PTE. The model's NUMA fault keeps the page where it is: it jumps to
  // out_map with the PTL held and never runs that stretch.
  unmodelledPaths: [
    // change_pte_range()'s entries that are not present. Every PTE S1's mprotect and uffd-wp
    // walks is present: the page the COW fault replaces is mapped, and the fault's clear and set
    // are under the PTL the walk takes.
    changePteRangeNonPresent('no PTE of S1\'s walks is one'),
    {
      fn: /^do_numa_page$/,
      from: /^if \(!?migrate_misplaced_(?:folio|page)\(/,
      to: /^out_map:$/,
      why: 'the page migration path (between the test of migrate_misplaced_folio() and out_map:)',
    },
  ],
  condRules: [
    { re: /^anon_vma_trylock_(?:write|read)\s*\(\s*[\w>.-]+\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^pte_write\s*\(\s*oldpte\s*\)$/, cond: (t) => ({ cond: op('oldpte_write', t) }) },
    { re: /^userfaultfd_wp\s*\(/, cond: (t) => ({ cond: op('userfaultfd_wp', t) }) },
    { re: /^mm_tlb_flush_pending\s*\(/, cond: (t) => ({ cond: op('mm_tlb_flush_pending', t) }) },
    { re: /^pte_uffd_wp\s*\(/, cond: (t) => ({ cond: op('pte_uffd_wp', t) }) },
    { re: /^userfaultfd_pte_wp\s*\(/, cond: (t) => ({ cond: op('userfaultfd_pte_wp', t) }) },
    // NUMA placement checks inside change_pte_range()'s `if (prot_numa)` (pages a scan skips):
    // the NUMA changer's page is none of those, so it changes the PTE. (Only there: elsewhere the
    // same calls ask other questions, do_wp_page()'s mapcount of a page mapped twice after fork.)
    { re: /^!?\s*(page_is_file_lru|PageDirty|page_mapcount|PageKsm|is_zone_device_page|is_cow_mapping|page_to_nid|pte_protnone|is_zero_pfn|target_node|folio_test_ksm|folio_is_file_lru|folio_test_dirty|folio_nid)\b/, fn: /^change_pte_range$/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  // UFFDIO_WRITEPROTECT's checks of the VMA it is given: the modelled ioctl is the one that
  // proceeds (a VMA registered for uffd-wp), so its refusals (-ENOENT) are never taken.
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  // No actor of this scenario is a secondary MMU (I1.3's needs one, see S0): a notifier calls no one.
  noMmuNotifierSubscribers: 'no secondary MMU subscribes to the S1 mm',
  facts: [
    ...PTE_MAP_SUCCEEDS,
    // (The faulting VMA is private anonymous memory, never a nonlinear file mapping.)
    ...NO_NONLINEAR,
    // The PTE a copy replaces is no uffd-wp PTE: do_wp_page() hands a write fault on one to the
    // userfaultfd handler first, under the PTL that keeps it equal to orig_pte (a 2020 posting
    // keeps the bit across an early COW, which only a read fault would reach).
    { re: /^pte_uffd_wp\s*\(\s*vmf->orig_pte\s*\)$/, fn: /^wp_page_copy$/, value: false, why: 'do_wp_page() sends a write fault on a uffd-wp PTE to the userfaultfd handler before any copy' },
    // The clear_refs actor writes 4 to /proc/pid/clear_refs: it clears the soft-dirty bits.
    { re: /^type\s*==\s*CLEAR_REFS_SOFT_DIRTY$/, fn: /^clear_refs_write$/, value: true, why: "S1's clear_refs write is `4` (CLEAR_REFS_SOFT_DIRTY)" },
    // The monitor's clear_refs is a later round: its VMA's VM_SOFTDIRTY was cleared by the first,
    // so until 29a951dfb3c3 the walk runs under the read lock without the write-lock round trip.
    { re: /^\(?vma->vm_flags\s*&\s*VM_SOFTDIRTY\)?$/, fn: /^clear_refs_write$/, value: false, why: "S1's clear_refs is a later round: its VMA's VM_SOFTDIRTY is already clear" },
    { re: /^type\s*==\s*CLEAR_REFS_(?:ALL|ANON|MAPPED|MM_HIWATER_RSS)$/, fn: /^clear_refs_write$/, value: false, why: "S1's clear_refs write is `4` (CLEAR_REFS_SOFT_DIRTY)" },
    // S1's page is mapped by the parent and the child after fork (do_wp_page()'s mapcount tests).
    { re: wpPageTest([...PAGE_MAPCOUNT_CALLS, 'total_mapcount'], String.raw`!=\s*1`), fn: /^do_wp_page$/, value: true, why: "S1's page is mapped by the parent and the child after fork" },
    { re: wpPageTest([...PAGE_MAPCOUNT_CALLS, 'total_mapcount'], String.raw`==\s*1`), fn: /^do_wp_page$/, value: false, why: "S1's page is mapped by the parent and the child after fork" },
    // Before 5.9 do_wp_page() reused an anon page mapped once (reuse_swap_page()); S1's page is
    // mapped by the parent and the child after fork, so the fault copies it.
    { re: /^(?:reuse_swap_page|can_share_swap_page)\s*\(\s*(?:vmf->page|old_page|page)\s*(?:,\s*[^()]*)?\)$/, fn: /^do_wp_page$/, value: false, why: "S1's page is mapped by the parent and the child after fork: reuse_swap_page() finds it mapped twice" },
    // (So the page the write fault finds there is anonymous.)
    { re: /^(?:PageAnon|folio_test_anon)\s*\(\s*(?:vmf->page|old_page|page|folio)\s*\)$/, fn: /^(?:do_wp_page|wp_page_copy|wp_page_reuse)$/, value: true, why: "the faulting VMA is a private anonymous mapping: the page its PTE maps is anonymous" },
    // Every fault of this scenario is a user thread's store (handle_mm_fault(..., FAULT_FLAG_WRITE)):
    // a test of the fault's flags for a write, alone or in a mask with other flags, holds.
    {
      re: /^\(?\s*(?:vmf|fe)->flags\s*&\s*(?:FAULT_FLAG_WRITE|\(\s*(?:FAULT_FLAG_\w+\s*\|\s*)*FAULT_FLAG_WRITE(?:\s*\|\s*FAULT_FLAG_\w+)*\s*\))\s*\)?$/,
      fn: /./,
      value: true,
      why: 'every S1 fault is a write fault (a user store: handle_mm_fault(..., FAULT_FLAG_WRITE))',
    },
    { re: /^(?:userfaultfd_wp|vma_can_userfault)\s*\(\s*dst_vma\b/, fn: /^(mwriteprotect_range|uffd_wp_range)$/, value: true, why: 'the UFFDIO_WRITEPROTECT the model runs is on a VMA registered for uffd-wp' },
    // Every S1 fault is on the present PTE of the page the COW copies (a write to a R/O PTE, or a
    // NUMA hinting one): handle_pte_fault()'s none and non-present branches (4.8's `if
    // (!vmf->pte)` test, and before it `if (!pte_present(entry)) { if (pte_none(entry)) ...`) are
    // never taken. (Handled as handle_mm_fault()'s PTE level.)
    { re: /^pte_present\s*\(\s*(?:entry|vmf->orig_pte)\s*\)$/, fn: /^(?:handle_pte_fault|handle_mm_fault)$/, value: true, why: 'every S1 fault is on the present PTE of the page the COW copies' },
    { re: /^pte_none\s*\(\s*(?:entry|vmf->orig_pte)\s*\)$/, fn: /^(?:handle_pte_fault|handle_mm_fault)$/, value: false, why: 'every S1 fault is on the present PTE of the page the COW copies' },
    // The write fault is on a small page a present PTE maps: the PMD above it points to a PTE
    // table (not empty, not a huge page), so the fault's huge-PMD branches never run.
    {
      re: /^(?:pmd_none|pmd_trans_huge|pmd_leaf|pmd_large|pmd_devmap|pmd_trans_splitting|pmd_protnone)\s*\(\s*(?:\*\s*)?(?:vmf->|vmf\.|fe->)?(?:pmd|orig_pmd)\s*\)$/,
      fn: /^(?:__)?handle_mm_fault$|^handle_pte_fault$/,
      value: false,
      why: "S1's write fault is on a small page a present PTE maps: the PMD above it points to a PTE table",
    },
  ],
  // Every page of S1 is a small (order-0) page, and no mapping of it a huge PMD (the facts above).
  onlySmallPages: true,
  // The faulting VMA is a private, writable anonymous mapping (no VM_SHARED).
  constants: {
    'vma->vm_flags': PRIVATE_ANON_FLAGS,
    'vmf->vma->vm_flags': PRIVATE_ANON_FLAGS,
    ...VM, enable_wp: 0, dirty_accountable: 0 },
};
