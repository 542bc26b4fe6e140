/**
 * The mm vocabulary, once for every scenario: which kernel spellings are the same primitive
 * across releases (page and folio families, the mmap_sem -> mmap_lock API), which functions were
 * renamed and when, and which calls change nothing a race model holds (accounting, LRU, cgroup,
 * tracing, debug) or only compute a value. Like the LKMM's `linux-kernel.def`: data, one row per
 * kernel API, so a new spelling is a new row and no code changes.
 *
 * A scenario's model names its steps after the spelling of the release it was written for
 * (`lock_page(old_page)`); a patch for a later tree says `folio_lock(old_folio)`. Both are the
 * primitive `page_lock`, and the lifter finds the scenario's step through the primitive.
 */

export interface Spelling {
  readonly name: string;
  /** First mainline release with this spelling, when it is newer than the family. */
  readonly since?: string;
  /** Last release that had it, for a spelling that was removed. */
  readonly until?: string;
}

export interface PrimitiveRow {
  /** The primitive: one semantics, whatever the kernel calls it. */
  readonly primitive: string;
  readonly spellings: readonly Spelling[];
  readonly doc: string;
}

const s = (name: string, since?: string, until?: string): Spelling => ({ name, ...(since ? { since } : {}), ...(until ? { until } : {}) });

export const PRIMITIVES: readonly PrimitiveRow[] = [
  // Page tables. (A hugetlb page's entry, `set_huge_pte_at()`, `huge_ptep_clear_flush()`, is set
  // and cleared as a PTE is: the same step, where a hugetlb branch is not decided away first.)
  { primitive: 'set_pte', doc: 'install a PTE', spellings: [s('set_pte_at'), s('set_ptes', '6.4'), s('set_pte'), s('set_huge_pte_at')] },
  { primitive: 'set_pmd', doc: 'install a PMD (a page table, or a huge page)', spellings: [s('set_pmd_at'), s('pmd_populate'), s('set_pmd')] },
  { primitive: 'ptep_clear_flush', doc: 'clear a PTE and flush the local and remote TLBs', spellings: [s('ptep_clear_flush'), s('huge_ptep_clear_flush')] },
  { primitive: 'ptep_clear_flush_notify', doc: 'ptep_clear_flush plus the secondary-MMU invalidation', spellings: [s('ptep_clear_flush_notify')] },
  { primitive: 'ptep_get_and_clear', doc: 'clear a PTE, no flush', spellings: [s('ptep_get_and_clear'), s('ptep_get_and_clear_full'), s('get_and_clear_full_ptes', '6.10'), s('get_and_clear_ptes', '6.17'), s('clear_ptes', '6.17'), s('pte_clear'), s('huge_ptep_get_and_clear')] },
  // A protection change is a start (read and clear the entry) and a commit (write the new one):
  // two steps, never one spelling of the other.
  { primitive: 'ptep_modify_prot_start', doc: 'read and clear a PTE to change its protection', spellings: [s('ptep_modify_prot_start'), s('modify_prot_start_ptes', '6.17')] },
  { primitive: 'ptep_modify_prot_commit', doc: 'write the PTE a protection change computed', spellings: [s('ptep_modify_prot_commit'), s('modify_prot_commit_ptes', '6.17')] },
  // The accessed bit, tested and cleared (reclaim's aging, a young PTE keeps its page): no model
  // keeps the bit, and x86 does not flush for it.
  { primitive: 'ptep_clear_young', doc: "test and clear a PTE's accessed bit", spellings: [s('ptep_test_and_clear_young'), s('ptep_clear_flush_young'), s('ptep_clear_flush_young_notify'), s('ptep_clear_young_notify')] },
  { primitive: 'pte_read_lockless', doc: 'read a PTE without the PTL', spellings: [s('ptep_get_lockless'), s('ptep_get'), s('READ_ONCE_pte'), s('ptep_get_lockless_norecency')] },
  { primitive: 'pmd_read_lockless', doc: 'read a PMD without a lock', spellings: [s('pmdp_get_lockless'), s('pmdp_get'), s('pmd_read_atomic', undefined, '6.4')] },
  // TLB and secondary MMUs.
  { primitive: 'flush_tlb_page', doc: 'flush one page from every CPU TLB', spellings: [s('flush_tlb_page'), s('flush_tlb_fix_spurious_fault')] },
  // An mmu_gather's flush (tlb_flush_mmu(), and tlb_finish_mmu() at its end) is of the range the
  // gather collected; where the model counts pending flushes, its lexicon adds tlb_finish_mmu()'s drop.
  { primitive: 'flush_tlb_range', doc: 'flush a range from every CPU TLB', spellings: [s('flush_tlb_range'), s('flush_tlb_mm'), s('flush_tlb_mm_range'), s('flush_pte_tlb_pwc_range', '5.13', '5.13'), s('flush_pmd_tlb_range'), s('flush_pud_tlb_range'), s('tlb_flush_mmu'), s('tlb_flush_mmu_tlbonly'), s('tlb_finish_mmu')] },
  // Marking a batched flush pending and unmarking it are two steps (the bit of 3.x, the count
  // from 4.13), never one spelling of the other.
  { primitive: 'inc_tlb_flush_pending', doc: 'mark a batched flush as pending', spellings: [s('inc_tlb_flush_pending'), s('set_tlb_flush_pending', undefined, '4.12')] },
  { primitive: 'dec_tlb_flush_pending', doc: 'unmark a pending batched flush', spellings: [s('dec_tlb_flush_pending'), s('clear_tlb_flush_pending', undefined, '4.12')] },
  { primitive: 'mm_tlb_flush_pending', doc: 'is a flush pending on this mm', spellings: [s('mm_tlb_flush_pending'), s('mm_tlb_flush_nested')] },
  { primitive: 'mmu_notifier_invalidate_range_start', doc: 'secondary MMUs: begin invalidation', spellings: [s('mmu_notifier_invalidate_range_start'), s('mmu_notifier_invalidate_range_start_nonblock')] },
  { primitive: 'mmu_notifier_invalidate_range_end', doc: 'secondary MMUs: end invalidation', spellings: [s('mmu_notifier_invalidate_range_end'), s('mmu_notifier_invalidate_range_only_end', '4.19', '6.5')] },
  { primitive: 'mmu_notifier_invalidate_range', doc: 'secondary TLBs: invalidate now', spellings: [s('mmu_notifier_invalidate_range', undefined, '6.5'), s('mmu_notifier_arch_invalidate_secondary_tlbs', '6.6')] },
  // Locks. (The mm_read_lock(mm, &mmrange) family is the 2018-2019 range-lock postings' API for
  // mmap_sem, never merged; their full range is the whole lock.)
  { primitive: 'mmap_read_lock', doc: 'take mmap_lock for read', spellings: [s('mmap_read_lock', '5.8'), s('mmap_read_lock_killable', '5.8'), s('mmap_read_trylock', '5.8'), s('mm_read_lock'), s('mm_read_lock_killable'), s('mm_read_trylock')] },
  { primitive: 'mmap_read_unlock', doc: 'drop mmap_lock for read', spellings: [s('mmap_read_unlock', '5.8'), s('mm_read_unlock')] },
  { primitive: 'mmap_write_lock', doc: 'take mmap_lock for write', spellings: [s('mmap_write_lock', '5.8'), s('mmap_write_lock_killable', '5.8'), s('mm_write_lock'), s('mm_write_lock_killable')] },
  { primitive: 'mmap_write_unlock', doc: 'drop mmap_lock for write', spellings: [s('mmap_write_unlock', '5.8'), s('mm_write_unlock')] },
  { primitive: 'mmap_write_downgrade', doc: 'turn mmap_lock held for write into a read hold, with no gap', spellings: [s('mmap_write_downgrade', '5.8')] },
  // (The 2022 free-user-PTE posting's pte_tryget_map_lock() also fails when the PTE table is
  // gone; no model frees one.)
  // (mprotect's lock_pte_protection(), until 4.11, took the PMD lock first only for a NUMA hinting
  // change, which no model makes: the PTE lock.)
  { primitive: 'pte_lock', doc: 'map the PTE page and take its PTL', spellings: [s('pte_offset_map_lock'), s('pte_map_lock'), s('pte_spinlock'), s('pte_tryget_map_lock'), s('lock_pte_protection', undefined, '4.11')] },
  { primitive: 'pte_unlock', doc: 'drop the PTL and unmap the PTE page', spellings: [s('pte_unmap_unlock')] },
  // Unmap a range of one VMA and free what it mapped (MADV_DONTNEED's zap), however the range
  // and the mmu_gather are passed: zap_page_range() until 6.3, zap_page_range_single() and
  // zap_vma_pages() after it, the batched form with a caller's gather from 6.16, its 2026
  // posting's name, and the 2025 RFC's unmap_vma_single().
  { primitive: 'zap_range', doc: "unmap a range of a VMA and free its pages (madvise(MADV_DONTNEED)'s zap)", spellings: [s('zap_page_range'), s('zap_page_range_single'), s('zap_vma_pages', '6.3'), s('zap_page_range_single_batched', '6.16'), s('zap_vma_range_batched'), s('zap_vma_range'), s('unmap_vma_single')] },
  // GUP-fast's fallback to the slow path for the pages it did not get (the caller's own mm, its
  // mmap lock taken inside), spelled get_user_pages_unlocked() or __gup_longterm_unlocked() by release.
  { primitive: 'gup_fast_fallback_slow', doc: 'the slow GUP for the pages GUP-fast did not get (takes the mmap lock itself)', spellings: [s('get_user_pages_unlocked'), s('__gup_longterm_unlocked')] },
  { primitive: 'gup_remote', doc: "look up (and take a reference on) a page of another process's mm, faulting it in (slow GUP)", spellings: [s('get_user_pages_remote'), s('get_user_page_vma_remote', '6.5'), s('pin_user_pages_remote', '5.6')] },
  { primitive: 'page_lock', doc: 'take the page (folio) lock', spellings: [s('lock_page'), s('folio_lock', '5.16'), s('trylock_page'), s('folio_trylock', '5.16')] },
  // (set_page_dirty_balance(), until 3.19, is set_page_dirty() then the writeback throttle,
  // balance_dirty_pages_ratelimited(), which is no step of any model.)
  // Mark a page dirty for writeback (its mapping's set_page_dirty), however spelled: the folio
  // form of 5.16, and the 2007 posting's variant for dirtiness coming from a mapping (which also
  // flags the file's times).
  { primitive: 'set_page_dirty', doc: "mark a page dirty for writeback (its mapping's ->set_page_dirty)", spellings: [s('set_page_dirty'), s('folio_mark_dirty', '5.16'), s('set_page_dirty_mapping'), s('set_page_dirty_balance', undefined, '3.19')] },
  // (Reclaim's non-atomic clear of the lock bit on a page nobody else can reference, which skips
  // the wake-up: the same release in a model, where no lock has a wait queue.)
  { primitive: 'page_unlock', doc: 'drop the page (folio) lock', spellings: [s('unlock_page'), s('folio_unlock', '5.16'), s('__clear_page_locked'), s('__ClearPageLocked'), s('__folio_clear_locked', '5.16')] },
  // (The 2019-2020 powerpc postings' begin/end_lockless_pgtbl_walk(), never merged, wrapped
  // GUP-fast's walk: save and disable local interrupts, count the walker, and the reverse.)
  { primitive: 'irq_save', doc: 'disable local interrupts', spellings: [s('local_irq_save'), s('local_irq_disable'), s('begin_lockless_pgtbl_walk')] },
  { primitive: 'irq_restore', doc: 'enable local interrupts', spellings: [s('local_irq_restore'), s('local_irq_enable'), s('end_lockless_pgtbl_walk')] },
  // References, pins, rmap.
  { primitive: 'pmd_leaf', doc: 'the PMD maps a huge page itself (THP, hugetlb or devmap), no PTE table below', spellings: [s('pmd_trans_huge'), s('pmd_large'), s('pmd_leaf', '6.9')] },
  { primitive: 'uffd_wp_marker', doc: 'leave a uffd-wp marker where a zap clears the PTE of a VMA registered for uffd-wp (no model zaps such a VMA; S2\'s reclaim may unmap one, and its lexicon reads the marker as no step)', spellings: [s('zap_install_uffd_wp_if_needed', '6.0'), s('pte_install_uffd_wp_if_needed', '6.0')] },
  { primitive: 'lru_add', doc: 'put a new page on an LRU list (a no-effect class, unless a scenario has it as a step: S2, where reclaim finds the page there)', spellings: [s('lru_cache_add'), s('lru_cache_add_active_or_unevictable'), s('lru_cache_add_inactive_or_unevictable', '5.8'), s('folio_add_lru', '5.16'), s('folio_add_lru_vma', '5.18')] },
  { primitive: 'page_get', doc: 'take a page reference', spellings: [s('get_page'), s('page_cache_get', undefined, '4.6'), s('folio_get', '5.16'), s('try_get_page'), s('folio_try_get'), s('page_ref_inc'), s('folio_ref_inc'), s('page_ref_add'), s('folio_ref_add', '5.16'), s('try_grab_page', '5.7'), s('grab_page'), s('try_grab_folio', '6.10')] },
  // (6.8's unmap_and_put_page(page, addr) is kunmap_local(addr), which no model has, then put_page(page);
  // 6.10's folio_release_kmap(folio, addr) the same for a folio.)
  { primitive: 'page_put', doc: 'drop a page reference (frees at zero)', spellings: [s('put_page'), s('page_cache_release', undefined, '4.6'), s('folio_put', '5.16'), s('folio_put_refs', '5.18'), s('put_user_page', '5.4', '5.5'), s('page_ref_dec'), s('folio_ref_dec'), s('page_ref_sub'), s('folio_ref_sub', '5.16'), s('put_page_refs', '5.15', '5.17'), s('put_compound_head', '5.11', '5.17'), s('unpin_user_page', '5.6'), s('gup_put_folio', '5.18'), s('__free_page'), s('__free_pages'), s('unmap_and_put_page', '6.8'), s('folio_release_kmap', '6.10')] },
  { primitive: 'page_ref_try_add', doc: 'speculative reference that fails on a zero refcount', spellings: [s('page_cache_add_speculative'), s('page_ref_add_unless'), s('folio_ref_try_add_rcu', '5.16'), s('folio_ref_try_add', '6.10')] },
  // A refcount frozen at zero while it is the count expected (no new reference can be taken, a
  // speculative one fails), and set back: reclaim's __remove_mapping(), THP split, migration.
  { primitive: 'page_ref_freeze', doc: 'freeze the refcount at zero if it is the expected count', spellings: [s('page_freeze_refs', undefined, '4.6'), s('page_ref_freeze', '4.6'), s('folio_ref_freeze', '5.16')] },
  { primitive: 'page_ref_unfreeze', doc: 'set a frozen refcount back to a count', spellings: [s('page_unfreeze_refs', undefined, '4.6'), s('page_ref_unfreeze', '4.6'), s('folio_ref_unfreeze', '5.16')] },
  { primitive: 'rmap_remove', doc: 'remove a PTE mapping from the rmap', spellings: [s('page_remove_rmap'), s('folio_remove_rmap_pte', '6.8'), s('folio_remove_rmap_ptes', '6.8')] },
  // (The 2017-2019 speculative page fault postings' __page_add_new_anon_rmap() is the same without
  // its VMA-range assertion, which the speculative path cannot keep.)
  { primitive: 'rmap_add_new_anon', doc: 'add the first rmap of a new anon page', spellings: [s('page_add_new_anon_rmap'), s('folio_add_new_anon_rmap', '6.2'), s('__page_add_new_anon_rmap')] },
  { primitive: 'rmap_dup', doc: 'one more mapping of a page fork() shares', spellings: [s('page_dup_rmap'), s('page_dup_file_rmap', '6.2'), s('folio_dup_file_rmap_pte', '6.8'), s('folio_dup_file_rmap_ptes', '6.8')] },
  { primitive: 'rmap_add_file', doc: 'add a file-page rmap', spellings: [s('page_add_file_rmap'), s('folio_add_file_rmap_range', '6.4', '6.7'), s('folio_add_file_rmap_pte', '6.8'), s('folio_add_file_rmap_ptes', '6.8')] },
  { primitive: 'rmap_move_anon', doc: "move an exclusive anon page to the faulting VMA's anon_vma (a reused COW page)", spellings: [s('page_move_anon_rmap'), s('folio_move_anon_rmap', '6.7')] },
  // Page tables.
  { primitive: 'pmd_split', doc: 'split a huge PMD mapping into a page table of PTEs', spellings: [s('split_huge_page_pmd', undefined, '4.5'), s('split_huge_pmd', '4.5'), s('__split_huge_pmd', '4.5'), s('split_huge_pmd_address', '4.5')] },
  // Data.
  { primitive: 'copy_user_page', doc: 'copy a page for COW', spellings: [s('cow_user_page', undefined, '6.4'), s('__wp_page_copy_user', '6.5'), s('copy_user_highpage'), s('copy_mc_user_highpage', '6.1')] },
  { primitive: 'copy_highpage', doc: 'copy a page in the kernel', spellings: [s('copy_highpage'), s('folio_copy', '5.16'), s('copy_mc_highpage')] },
  { primitive: 'alloc_page_vma', doc: 'allocate a page for a VMA', spellings: [s('alloc_page_vma'), s('alloc_zeroed_user_highpage_movable', undefined, '6.1'), s('vma_alloc_folio', '6.1'), s('vma_alloc_zeroed_movable_folio', '6.2'), s('folio_prealloc', '6.9'), s('__alloc_zeroed_user_highpage'),
    // userfaultfd's vm_uffd_ops->alloc_folio() (2026 postings): the VMA's own folio allocator.
    s('alloc_folio')] },
  { primitive: 'icache_maintenance', doc: 'make written instructions visible to instruction fetch', spellings: [s('flush_icache_range'), s('flush_icache_page'), s('flush_icache_user_page'), s('flush_icache_user_range'), s('flush_icache_pages', '6.4')] },
  // Page and folio predicates (the same test in both families).
  { primitive: 'page_anon', doc: 'is the page anonymous', spellings: [s('PageAnon'), s('folio_test_anon', '5.16')] },
  { primitive: 'page_anon_exclusive', doc: 'is the anon page exclusive to one process', spellings: [s('PageAnonExclusive', '5.19'), s('folio_test_anon_exclusive')] },
  // Mark a new page's contents valid before it is mapped (the non-atomic forms on a page nobody else sees yet).
  { primitive: 'page_mark_uptodate', doc: 'mark a page up to date (its contents valid)', spellings: [s('__SetPageUptodate'), s('SetPageUptodate'), s('__folio_mark_uptodate', '5.16'), s('folio_mark_uptodate', '5.16')] },
  { primitive: 'page_uptodate', doc: 'is the page up to date', spellings: [s('PageUptodate'), s('folio_test_uptodate', '5.16')] },
  { primitive: 'page_ksm', doc: 'is the page a KSM page', spellings: [s('PageKsm'), s('folio_test_ksm', '5.16')] },
  { primitive: 'page_dirty', doc: 'is the page dirty', spellings: [s('PageDirty'), s('folio_test_dirty', '5.16')] },
  { primitive: 'page_mapped', doc: 'is the page mapped anywhere', spellings: [s('page_mapped'), s('folio_mapped', '5.16')] },
  { primitive: 'page_mapcount', doc: 'how many PTEs map the page', spellings: [s('page_mapcount'), s('folio_mapcount', '5.16'), s('folio_precise_page_mapcount', '6.9')] },
  // do_wp_page()'s reuse test before 5.9: may the write reuse the anon page (mapped once, no other
  // swap user); on the way it may drop the page's swap-cache entry, which no model keeps.
  { primitive: 'page_reusable', doc: 'is the anon page mapped once, with no other swap user (may a write reuse it)', spellings: [s('can_share_swap_page', undefined, '2.6.28'), s('reuse_swap_page', '2.6.28', '5.18')] },
  { primitive: 'page_count', doc: 'the page refcount', spellings: [s('page_count'), s('folio_ref_count', '5.16'), s('page_ref_count')] },
  { primitive: 'page_secretmem', doc: 'is the page a secretmem page (reads its ->mapping)', spellings: [s('page_is_secretmem', '5.14'), s('folio_is_secretmem', '5.18')] },
  { primitive: 'page_maybe_dma_pinned', doc: 'may the page be pinned (reads its pin count)', spellings: [s('page_maybe_dma_pinned', '5.7'), s('folio_maybe_dma_pinned', '5.19')] },
  { primitive: 'page_huge', doc: 'is the page hugetlb', spellings: [s('PageHuge'), s('folio_test_hugetlb', '5.16')] },
  { primitive: 'dcache_maintenance', doc: 'write back a page from the D-cache', spellings: [s('flush_dcache_page'), s('flush_dcache_folio', '5.16')] },
];

/** A function the kernel renamed: patches for trees from `release` on spell it `to`. */
export interface Rename {
  readonly from: string;
  readonly to: string;
  readonly release: string;
  readonly commit?: string;
}

export const RENAMES: readonly Rename[] = [
  // The userfaultfd "mcopy" -> "mfill" renames.
  { from: '__mcopy_atomic', to: 'mfill_atomic', release: '6.4' },
  { from: 'mcopy_atomic_pte', to: 'mfill_atomic_pte_copy', release: '6.4' },
  { from: 'mcontinue_atomic_pte', to: 'mfill_atomic_pte_continue', release: '6.4' },
  { from: 'mcopy_atomic_install_ptes', to: 'mcopy_atomic_install_pte', release: '5.13' },
  { from: 'mcopy_atomic_install_pte', to: 'mfill_atomic_install_pte', release: '6.4' },
  { from: 'shmem_mcopy_atomic_pte', to: 'shmem_mfill_atomic_pte', release: '5.13' },
  // GUP-fast: consistent gup_fast_* names.
  { from: 'lockless_pages_from_mm', to: 'gup_fast', release: '6.10' },
  { from: 'gup_pte_range', to: 'gup_fast_pte_range', release: '6.10' },
  { from: 'gup_pmd_range', to: 'gup_fast_pmd_range', release: '6.10' },
  { from: 'gup_pud_range', to: 'gup_fast_pud_range', release: '6.10' },
  { from: 'gup_p4d_range', to: 'gup_fast_p4d_range', release: '6.10' },
  { from: 'gup_pgd_range', to: 'gup_fast_pgd_range', release: '6.10' },
  { from: 'internal_get_user_pages_fast', to: 'gup_fast_fallback', release: '6.10' },
  { from: 'unpin_user_pages_lockless', to: 'gup_fast_unpin_user_pages', release: '6.10' },
  { from: 'undo_dev_pagemap', to: 'gup_fast_undo_dev_pagemap', release: '6.10' },
  { from: 'folio_fast_pin_allowed', to: 'gup_fast_folio_allowed', release: '6.10' },
  { from: 'try_grab_compound_head', to: 'try_grab_folio', release: '5.18' },
  { from: 'try_get_compound_head', to: 'try_get_folio', release: '5.18' },
  // From 6.10 the fast-path grab is try_grab_folio_fast; try_grab_folio is the slow path's.
  { from: 'try_grab_folio', to: 'try_grab_folio_fast', release: '6.10' },
  // fork(): copy_one_pte()'s present-PTE half became copy_present_pte() (5.9), and
  // copy_present_ptes() with 6.9's batching of a folio's PTEs.
  { from: 'copy_one_pte', to: 'copy_present_pte', release: '5.9' },
  { from: 'copy_present_pte', to: 'copy_present_ptes', release: '6.9' },
  // COW copy.
  { from: 'cow_user_page', to: '__wp_page_copy_user', release: '6.5' },
  // Reclaim's folio conversion renamed the list walker (6.1).
  { from: 'shrink_page_list', to: 'shrink_folio_list', release: '6.1', commit: '49fd9b6df54e' },
  // The fault path's PTE install: alloc_set_pte() became do_set_pte(), its page-table
  // allocation and PTL moved to finish_fault() (5.12), then set_pte_range() for a folio's pages (6.4).
  { from: 'alloc_set_pte', to: 'do_set_pte', release: '5.12', commit: 'f9ce0be71d1f' },
  { from: 'do_set_pte', to: 'set_pte_range', release: '6.4', commit: '3bd786f76de2' },
  // GUP-fast's body moved into internal_get_user_pages_fast() with pin_user_pages() (5.6).
  { from: 'get_user_pages_fast', to: 'internal_get_user_pages_fast', release: '5.6' },
];

/**
 * Functions a later kernel split out of a modelled one, which still calls them: their lines are
 * the modelled function's, lifted into it (an exit of the part leaves only the part, so a changed
 * exit there is not placed). `never`: the part is a path no model takes, and changes there are
 * no change to any model.
 */
export interface Part {
  readonly part: string;
  readonly of: string;
  readonly why: string;
  readonly never?: boolean;
}

/**
 * Another function under a modelled function's name, in another file of the same directory
 * (functions move between files of mm/ across releases, so a name in another mm/ file is
 * otherwise taken for the modelled one).
 */
export const HOMONYMS: readonly { readonly name: string; readonly file: string; readonly why: string }[] = [
  // Until 2.6.12 mremap had a copy_one_pte() of its own (move one PTE), beside fork's in mm/memory.c.
  { name: 'copy_one_pte', file: 'mm/mremap.c', why: "2.6's mremap moved one PTE with a copy_one_pte() of its own" },
];

/**
 * Generic functions whose copies under arch/ are each architecture's own implementation, not the
 * code the model follows: before 3.19's generic GUP-fast (x86's design, which x86 itself adopted
 * in 4.13), powerpc, sparc, s390, mips, sh and others walked their page tables their own way.
 * x86's copy is the model's code.
 */
export const ARCH_OWN_IMPLEMENTATIONS: readonly { readonly fns: RegExp; readonly modelArch: string; readonly why: string }[] = [
  {
    fns: /^(?:gup_(?:fast_)?(?:pte|pmd|pud|p4d|pgd)_range|gup_huge_p[mug]d|(?:__|internal_)?get_user_pages_fast|lockless_pages_from_mm)$/,
    modelArch: 'arch/x86/',
    why: "an architecture's own GUP-fast (before the generic one), not x86's design the model follows",
  },
];

/**
 * Architecture copies whose page reference differs from the generic code the models follow, until
 * a release: x86 kept its own GUP-fast in arch/x86/mm/gup.c until 4.13 (e585513b76f7), and it took
 * a plain get_page() with no speculative reference and no re-check of the PTE (its 2019 4.9
 * stable-only fix changed exactly that).
 */
export const PLAIN_REFERENCE_COPIES: readonly { readonly file: RegExp; readonly until: string; readonly why: string }[] = [
  {
    file: /^arch\/x86\/mm\/gup\.c$/,
    until: '4.13',
    why: "x86's own GUP-fast before 4.13 takes a plain page reference where the generic code racebot follows takes a speculative one and re-checks the PTE",
  },
];

/** The PLAIN_REFERENCE_COPIES row of `path` in `release`, or null (also when the release is not known). */
export function plainReferenceCopy(path: string, release: Release | null): (typeof PLAIN_REFERENCE_COPIES)[number] | null {
  return (release && PLAIN_REFERENCE_COPIES.find((r) => r.file.test(path) && !atLeast(release, r.until))) || null;
}

/** Whether the statement `c` takes a page reference: its call is a page_get or page_ref_try_add spelling. */
export function takesPageReference(c: string): boolean {
  const name = /^(?:[^=()]*?=\s*)?([A-Za-z_]\w*)\s*\(/.exec(c)?.[1];
  const p = name ? primitiveOf(name) : null;
  return p === 'page_get' || p === 'page_ref_try_add';
}

export const PARTS: readonly Part[] = [
  // 6.9's zap batching (and the later do_zap_pte_range()): zap_pte_range()'s loop body, its
  // present-PTE half and the per-folio clear; the non-present half handles swap, migration,
  // device and marker entries, which no modelled PTE is.
  { part: 'do_zap_pte_range', of: 'zap_pte_range', why: "zap_pte_range()'s loop body" },
  { part: 'zap_present_ptes', of: 'zap_pte_range', why: "zap_pte_range()'s present-PTE half" },
  { part: 'zap_present_pte', of: 'zap_pte_range', why: "zap_pte_range()'s present-PTE half" },
  { part: 'zap_present_folio_ptes', of: 'zap_pte_range', why: "zap_pte_range()'s clear of a present PTE" },
  // (Its one-PTE form in 6.8, before the batch.)
  { part: 'zap_present_folio_pte', of: 'zap_pte_range', why: "zap_pte_range()'s clear of a present PTE" },
  // 6.9's fork batching: copy_present_pte()'s last step (write-protect the parent's entry for a
  // COW mapping, install the child's) factored out, then batched.
  { part: '__copy_present_pte', of: 'copy_present_pte', why: "copy_present_pte()'s install of the child's PTE" },
  { part: '__copy_present_ptes', of: 'copy_present_pte', why: "copy_present_pte()'s install of the child's PTEs" },
  // clear_refs' soft-dirty clear of one PTE (fs/proc/task_mmu.c, 3.11 on), which S1's
  // clear_refs_write() has in place: write-protect the PTE and clear its soft-dirty bit.
  { part: 'clear_soft_dirty', of: 'clear_refs_write', why: "clear_refs_write()'s soft-dirty clear of one PTE" },
  // Its page-table walk's callback for one PTE table (the map and lock of the table, the loop
  // over its entries), which S1's clear_refs_write() has in place too.
  { part: 'clear_refs_pte_range', of: 'clear_refs_write', why: "clear_refs_write()'s walk of one PTE table" },
  // The fault's PTE level, which S1's handle_mm_fault() has in place (the scenarios that model
  // handle_pte_fault() itself read it as itself).
  { part: 'handle_pte_fault', of: 'handle_mm_fault', why: "handle_mm_fault()'s PTE level" },
  // Its page-table walk down to that level (4.6 on, and the whole fault before: the allocation of
  // each level, the huge PUD and PMD paths no model takes), which S1's handle_mm_fault() has in
  // place too.
  { part: '__handle_mm_fault', of: 'handle_mm_fault', why: "handle_mm_fault()'s walk down to the PTE" },
  // The FOLL_FORCE tests that can_follow_write_pte() and can_follow_write_pmd() share, split out
  // of them when hugetlb's PUD gained its own (2024).
  { part: 'can_follow_write_common', of: 'can_follow_write_pte', why: "can_follow_write_pte()'s FOLL_FORCE tests" },
  // mprotect's entry to the walk (mm/mprotect.c): the hugetlb test, then the walk the models call
  // change_protection_range() (S1 reads a call of change_protection() as that walk).
  { part: 'change_protection', of: 'change_protection_range', why: "change_protection_range() as change_protection() enters it" },
  // 6.2's entry of UFFDIO_WRITEPROTECT to the same walk (a gather around change_protection()),
  // which S1's mwriteprotect_range() calls as that walk.
  { part: 'uffd_wp_range', of: 'change_protection_range', why: "change_protection_range() as UFFDIO_WRITEPROTECT enters it" },
  // 6.17's mprotect batching: change_pte_range()'s NUMA skip tests, its batch of a folio's PTEs,
  // and its commit of the new entries (with the flush of the range), each split out of it.
  { part: 'prot_numa_skip', of: 'change_pte_range', why: "change_pte_range()'s NUMA hinting skip tests" },
  { part: 'mprotect_folio_pte_batch', of: 'change_pte_range', why: "change_pte_range()'s batch of a folio's PTEs" },
  { part: 'prot_commit_flush_ptes', of: 'change_pte_range', why: "change_pte_range()'s commit of the new PTEs" },
  { part: 'set_write_prot_commit_flush_ptes', of: 'change_pte_range', why: "change_pte_range()'s commit of the new PTEs, made writable where it may" },
  { part: 'commit_anon_folio_batch', of: 'change_pte_range', why: "change_pte_range()'s commit of an anonymous folio's PTEs" },

  // The userfaultfd ioctls' entries to __mcopy_atomic() (mfill_atomic() from 6.4), each passing its
  // mode: UFFDIO_COPY's and UFFDIO_CONTINUE's are the model's two modes; ZEROPAGE and POISON are
  // modes no model takes.
  { part: 'mcopy_atomic', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_COPY enters it" },
  { part: 'mfill_atomic_copy', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_COPY enters it" },
  { part: 'mcopy_continue', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_CONTINUE enters it" },
  { part: 'mfill_atomic_continue', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_CONTINUE enters it" },
  { part: 'mfill_zeropage', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_ZEROPAGE enters it (a mode no model takes)", never: true },
  { part: 'mfill_atomic_zeropage', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_ZEROPAGE enters it (a mode no model takes)", never: true },
  { part: 'mfill_atomic_poison', of: '__mcopy_atomic', why: "__mcopy_atomic() as UFFDIO_POISON enters it (a mode no model takes)", never: true },

  // madvise(MADV_DONTNEED)'s handler for one VMA once MADV_FREE shares it (madvise_dontneed_free(),
  // which calls the zap through madvise_dontneed_single_vma()): the models' madvise_dontneed().
  { part: 'madvise_dontneed_free', of: 'madvise_dontneed', why: "madvise_dontneed() as MADV_FREE shares it" },
  { part: 'zap_nonpresent_ptes', of: 'zap_pte_range', why: "zap_pte_range()'s non-present half (swap, migration, device and marker entries, which no modelled PTE is)", never: true },
  // 2026's change_pte_range() split the same way: its present half, and its non-present half
  // (soft leaf entries: swap, migration and device entries, and uffd markers, which no modelled
  // PTE is).
  { part: 'change_present_ptes', of: 'change_pte_range', why: "change_pte_range()'s present half" },
  { part: 'change_softleaf_pte', of: 'change_pte_range', why: "change_pte_range()'s non-present half (soft leaf entries: swap, migration, device and marker entries, which no modelled PTE is)", never: true },
];

/**
 * The levels of a page-table walk, top down. A walk is a family of functions named
 * `<walk>_<level>_range` (change_pud_range() -> change_pmd_range() -> change_pte_range()), each
 * looping over its level and calling the next; 4.11 put p4d between pgd and pud. The models keep
 * only the level their race is at, and a modelled function's call of a higher level is its call
 * of the walk down to the modelled one (see walkDownTo()).
 */
export const WALK_LEVELS: readonly string[] = ['pgd', 'p4d', 'pud', 'pmd', 'pte'];

/**
 * The function a call of `name` walks down to: the first lower level of the same walk in
 * `functions`, when `name` is a level of a walk.
 */
export function walkDownTo(name: string, functions: ReadonlySet<string>): string | null {
  const m = /^(\w+?)_(pgd|p4d|pud|pmd)_range$/.exec(name);
  if (!m) return null;
  for (const level of WALK_LEVELS.slice(WALK_LEVELS.indexOf(m[2]) + 1)) {
    const lower = `${m[1]}_${level}_range`;
    if (functions.has(lower)) return lower;
  }
  return null;
}

/** The part of a modelled function `name` is, if it is one. */
export function partOf(name: string, modelled: ReadonlySet<string>): Part | null {
  // (Not where the scenario models the function itself: S2 has handle_pte_fault() of its own.)
  return modelled.has(name) ? null : PARTS.find((p) => p.part === name && modelled.has(p.of)) ?? null;
}

/**
 * Names the kernel gave to another function after renaming the one a model has: from `release`
 * on, the name does not mean the modelled function. (A renamed-away name nobody reused still
 * means it: a backport or an old tree's patch keeps the old name.)
 */
export const REUSED: readonly { readonly name: string; readonly release: string; readonly now: string }[] = [
  { name: 'try_grab_folio', release: '6.10', now: "the slow path's grab (try_grab_page before)" },
  { name: 'get_user_pages_fast', release: '5.6', now: 'a FOLL_GET wrapper of internal_get_user_pages_fast()' },
];

/**
 * Tests that are another spelling of a modelled test where the model's state makes them equal:
 * `pte_access_permitted(pte, WRITE)` is `pte_write(pte)` on a present user PTE (the pkeys and
 * user-bit parts hold in every model). Applied to a line only when the scenario has no step of
 * its own for the first spelling.
 */
export const EQUIVALENT_TESTS: readonly { readonly re: RegExp; readonly to: string; readonly why: string; readonly pinned?: true }[] = [
  // A store through the publish and tearing-free accessors is the store itself: the models hold
  // no torn or unordered write (their steps are atomic and sequentially consistent), so
  // `rcu_assign_pointer(p, v)` and `WRITE_ONCE(p, v)` are the model's `p = v`.
  { re: /^(?:rcu_assign_pointer|WRITE_ONCE)\s*\(\s*([^,()]+?(?:\([^()]*\)[^,()]*?)?)\s*,\s*([\s\S]+)\)$/, to: '$1 = $2', why: 'rcu_assign_pointer(p, v) and WRITE_ONCE(p, v) store v in p' },
  // x86's own GUP-fast (arch/x86/mm/gup.c, until the generic one took over in 4.13) tested the
  // PTE's permission with pte_allows_gup() on its raw value: the generic pte_access_permitted().
  { re: /\bpte_allows_gup\(\s*pte_val\(\s*([\w>*.-]+)\s*\)\s*,/g, to: 'pte_access_permitted($1,', why: "x86's pte_allows_gup(pte_val(pte), write) is pte_access_permitted(pte, write)" },
  { re: /\bpte_access_permitted\(\s*([\w>*.-]+)\s*,\s*(?:WRITE|FOLL_WRITE|true|1)\s*\)/g, to: 'pte_write($1)', why: 'pte_access_permitted(pte, WRITE) is pte_write(pte) on a present user PTE' },
  // The 2024 postings' reads and compares of a PTE that ignore its access bit ("recency"): no model
  // keeps the access bit, so they are the plain read and compare.
  { re: /\bpte_same_norecency\(/g, to: 'pte_same(', why: 'pte_same_norecency() is pte_same() where no model keeps the access bit' },
  { re: /\bptep_get_lockless_norecency\(/g, to: 'ptep_get_lockless(', why: 'ptep_get_lockless_norecency() is ptep_get_lockless() where no model keeps the access bit' },
  // The 2022 device-coherent postings split vm_normal_page() into an any-page and an LRU-page
  // lookup; every modelled page is a normal LRU page, which both find.
  { re: /\bvm_normal_(?:any|lru)_page\(/g, to: 'vm_normal_page(', why: 'vm_normal_any_page() and vm_normal_lru_page() find the normal LRU page vm_normal_page() does' },
  // pte_alloc() written out: the macro is `unlikely(pmd_none(*pmd)) && __pte_alloc(...)`, where
  // __pte_alloc() also took the VMA (mm, vma, pmd, addr) until 4.5, then (mm, pmd, addr), then
  // (mm, pmd) from 4.20: each tests the allocation of a PTE table for an empty PMD.
  { re: /\b(?:unlikely\(\s*pmd_none\(\s*\*\s*([\w>.-]+)\s*\)\s*\)|pmd_none\(\s*\*\s*([\w>.-]+)\s*\))\s*&&\s*__pte_alloc\(\s*([^,()]+?)\s*,\s*(?:[^,()]+?\s*,\s*)?(?:\1|\2)\s*,\s*([^,()]+?)\s*\)/g, to: 'pte_alloc($3, $1$2, $4)', why: 'pmd_none(*pmd) && __pte_alloc(mm, pmd, addr) is pte_alloc(mm, pmd, addr), the macro written out' },
  { re: /\b(?:unlikely\(\s*pmd_none\(\s*\*\s*([\w>.-]+)\s*\)\s*\)|pmd_none\(\s*\*\s*([\w>.-]+)\s*\))\s*&&\s*__pte_alloc\(\s*([^,()]+?)\s*,\s*(?:\1|\2)\s*\)/g, to: 'pte_alloc($3, $1$2)', why: 'pmd_none(*pmd) && __pte_alloc(mm, pmd) is pte_alloc(mm, pmd), the macro written out' },
  // The speculative page fault postings (2017-2019) pass vm_normal_page()'s lookup two more
  // arguments: whether a device page counts, and the VMA flags read before the fault (every
  // modelled VMA keeps its flags through the fault).
  { re: /\b__vm_normal_page\(\s*([^,()]+)\s*,\s*([^,()]+)\s*,\s*([^,()]+)\s*,\s*(?:false|0)\s*,\s*[^,()]+\)/g, to: 'vm_normal_page($1, $2, $3)', why: '__vm_normal_page(vma, addr, pte, false, flags) is vm_normal_page(vma, addr, pte) where no device page is mapped' },
  // Two flags tested at once against the mask of both: `(flags & (A | B)) == (A | B)` is both set,
  // `!=` not both (the 2021 shadow-stack postings' can_follow_write_pte()).
  { re: /\(\s*(\*?[\w>.-]+)\s*&\s*\(\s*(\w+)\s*\|\s*(\w+)\s*\)\s*\)\s*==\s*\(\s*\2\s*\|\s*\3\s*\)/g, to: '(($1 & $2) && ($1 & $3))', why: '(x & (A | B)) == (A | B) is both flags set' },
  { re: /\(\s*(\*?[\w>.-]+)\s*&\s*\(\s*(\w+)\s*\|\s*(\w+)\s*\)\s*\)\s*!=\s*\(\s*\2\s*\|\s*\3\s*\)/g, to: '!(($1 & $2) && ($1 & $3))', why: '(x & (A | B)) != (A | B) is not both flags set' },
  // The 2022 per-range soft-dirty RFC asks whether tracking is on over a range of the VMA; every
  // modelled VMA has one soft-dirty state throughout, so over the one page it is the VMA's.
  { re: /\bvma_addr_soft_dirty_enabled\(\s*([\w>.-]+?)\s*,[^()]*\)/g, to: 'vma_soft_dirty_enabled($1)', why: "vma_addr_soft_dirty_enabled(vma, addr, end) is vma_soft_dirty_enabled(vma): a modelled VMA's soft-dirty state is one throughout" },
  // pte_none_mostly() (5.19) also takes a PTE marker for none; no model leaves a marker (see
  // uffd_wp_marker), so it is pte_none().
  { re: /\bpte_none_mostly\(/g, to: 'pte_none(', why: 'pte_none_mostly() is pte_none() where no PTE marker is left' },
  // vmf_pte_changed(vmf) (5.19) compares the entry with the one the fault read (vmf->orig_pte,
  // under FAULT_FLAG_ORIG_PTE_VALID), else tests it for none. Its callers (finish_fault(),
  // do_anonymous_page()) run on a fault on an entry that was none or a PTE marker; no model
  // leaves a marker, so the entry changed is the entry no longer none.
  { re: /\bvmf_pte_changed\(\s*vmf\s*\)/g, to: '!pte_none(*vmf->pte)', why: 'vmf_pte_changed(vmf) is !pte_none(*vmf->pte) on a fault on a none entry (no PTE marker is left)' },
  // GUP-fast's lockless PTE read: `ACCESS_ONCE(*ptep)` until 4.0 (READ_ONCE() replaced it),
  // `READ_ONCE(*ptep)` until 4.12, then gup_get_pte() (x86's helper made generic), then
  // ptep_get_lockless() (5.9): one read of the PTE without its PTL.
  { re: /\b(?:READ|ACCESS)_ONCE\(\s*\*\s*(\w*pte\w*)\s*\)/g, to: 'ptep_get_lockless($1)', why: 'READ_ONCE(*ptep) (ACCESS_ONCE(*ptep) before 4.0) is the lockless PTE read' },
  { re: /\bgup_get_pte\(/g, to: 'ptep_get_lockless(', why: 'gup_get_pte() is the lockless PTE read (ptep_get_lockless() from 5.9)' },
  // Before 5.8 (the mmap_lock API, da1c55f1b272) the mmap lock was taken as a plain rwsem:
  // `down_read(&mm->mmap_sem)` is `mmap_read_lock(mm)`. Only on an mm's mmap_sem/mmap_lock.
  ...(
    [
      ['down_read_killable', 'mmap_read_lock_killable'],
      ['down_read_trylock', 'mmap_read_trylock'],
      ['down_read', 'mmap_read_lock'],
      ['up_read', 'mmap_read_unlock'],
      ['down_write_killable', 'mmap_write_lock_killable'],
      ['down_write', 'mmap_write_lock'],
      ['up_write', 'mmap_write_unlock'],
      ['downgrade_write', 'mmap_write_downgrade'],
    ] as const
  ).map(([from, to]) => ({ re: new RegExp(String.raw`\b${from}\(\s*&\s*\(?([\w>.-]+?)\)?->mmap_(?:sem|lock)\s*\)`, 'g'), to: `${to}($1)`, why: `${from}(&mm->mmap_sem) is ${to}(mm) (before 5.8)` })),
  // 6.4's lock_mm_and_find_vma(mm, addr, regs) for the fault handlers: mmap_read_lock(mm) and the
  // VMA lookup (none of the models' faults is outside a VMA; without one the lock is dropped).
  { re: /\b(?:[\w>.-]+\s*=\s*)?lock_mm_and_find_vma\(\s*([\w>.-]+?)\s*,[^()]*\)/g, to: 'mmap_read_lock($1)', why: 'lock_mm_and_find_vma(mm, ...) takes mmap_read_lock(mm) and finds the VMA' },
  // A file's i_mmap lock (the rmap tree of its mappings) in the spellings before 3.19's
  // i_mmap_lock_write() and friends: the spinlock `mapping->i_mmap_lock` until 3.0, the mutex
  // `i_mmap_mutex` from 3.0 to 3.18, and the rwsem taken directly (`i_mmap_rwsem`, and the 2008
  // postings' `i_mmap_sem`). Each takes or drops the one lock of the file's rmap tree.
  ...(
    [
      [String.raw`spin_lock\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_lock\s*\)`, 'i_mmap_lock_write($1)'],
      [String.raw`spin_unlock\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_lock\s*\)`, 'i_mmap_unlock_write($1)'],
      [String.raw`mutex_lock\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_mutex\s*\)`, 'i_mmap_lock_write($1)'],
      [String.raw`mutex_unlock\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_mutex\s*\)`, 'i_mmap_unlock_write($1)'],
      [String.raw`down_write\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_(?:rw)?sem\s*\)`, 'i_mmap_lock_write($1)'],
      [String.raw`up_write\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_(?:rw)?sem\s*\)`, 'i_mmap_unlock_write($1)'],
      [String.raw`down_read\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_(?:rw)?sem\s*\)`, 'i_mmap_lock_read($1)'],
      [String.raw`up_read\(\s*&\s*\(?([\w>.-]+?)\)?->i_mmap_(?:rw)?sem\s*\)`, 'i_mmap_unlock_read($1)'],
    ] as const
  ).map(([from, to]) => ({ re: new RegExp(String.raw`\b${from}`, 'g'), to, why: `the ${to.replace(/\(.*/, '')}() of 3.19 on, in an older spelling`, pinned: true as const })),
  // The mmap range-lock series (posted 2017-2018, never merged) wrapped the mmap lock as
  // mm_read_lock(mm, range) and the like; every modelled taker locks the whole range, so each is
  // the mmap lock call of 5.8's API.
  {
    re: /\bmm_(read|write)_(lock_killable|lock|unlock|trylock)\(\s*([\w>.-]+?)\s*,\s*&?\s*[\w>.-]+\s*\)/g,
    to: 'mmap_$1_$2($3)',
    why: "the range-lock series' mm_read_lock(mm, range) is mmap_read_lock(mm) over the whole range",
  },
  { re: /\bmm_downgrade_write\(\s*([\w>.-]+?)\s*,\s*&?\s*[\w>.-]+\s*\)/g, to: 'mmap_write_downgrade($1)', why: "the range-lock series' mm_downgrade_write(mm, range) is mmap_write_downgrade(mm)" },
  // The ptep_get() conversion series (2023; v2 spelled its helper ptep_deref(), defined in its
  // first patch as a plain read of the entry; 6.5 merged it as ptep_get()).
  { re: /\bptep_deref\(/g, to: 'ptep_get(', why: "the 2023 series' ptep_deref(ptep) reads the entry as ptep_get(ptep) does" },
  // The VMA flag test helpers of the 2025-2026 vma_flags_t postings: one bit by its number
  // (`vma_test(vma, VMA_WRITE_BIT)`) or a mask of the old flags tested against the new field
  // (`vma_flags_word_any(&vma->flags, VM_SHARED | VM_MAYSHARE)`) is the vm_flags test.
  { re: /\bvma_test\(\s*([\w>.-]+?)\s*,\s*VMA_([A-Z0-9_]+?)_BIT\s*\)/g, to: '($1->vm_flags & VM_$2)', why: 'vma_test(vma, VMA_X_BIT) is vma->vm_flags & VM_X' },
  { re: /\btest_bit\(\s*(?:\(\s*__force\s+int\s*\)\s*)?VMA_([A-Z0-9_]+?)_BIT\s*,\s*ACCESS_PRIVATE\(\s*&\s*([\w>.-]+?)->flags\s*,\s*__vma_flags\s*\)\s*\)/g, to: '($2->vm_flags & VM_$1)', why: "a test of bit VMA_X_BIT of the VMA's flags is vma->vm_flags & VM_X" },
  { re: /\bvma_flags_word_any\(\s*&\s*([\w>.-]+?)->flags\s*,\s*([^()]+?)\s*\)/g, to: '($1->vm_flags & ($2))', why: 'vma_flags_word_any(&vma->flags, mask) is vma->vm_flags & mask' },
  // The 2022 posting that renamed FOLL_FORCE to FOLL_PTRACE (never merged): the same flag.
  { re: /\bFOLL_PTRACE\b/g, to: 'FOLL_FORCE', why: "the 2022 posting's FOLL_PTRACE is FOLL_FORCE renamed" },
  // 6.14 (the _pincount move to page[2] on 32-bit): on 64-bit every large folio has a pincount.
  { re: /\bfolio_has_pincount\(/g, to: 'folio_test_large(', why: 'folio_has_pincount() is folio_test_large() on 64-bit' },
  // GUP-triggered unsharing (FAULT_FLAG_UNSHARE, 5.17+) is a fault for a R/O FOLL_PIN of an
  // anonymous page: no modelled fault is one (their GUPs take FOLL_GET, or pin without faulting,
  // or fault to write), so a fault's flags never have it.
  { re: /\(\s*FAULT_FLAG_WRITE\s*\|\s*FAULT_FLAG_UNSHARE\s*\)|\(\s*FAULT_FLAG_UNSHARE\s*\|\s*FAULT_FLAG_WRITE\s*\)/g, to: 'FAULT_FLAG_WRITE', why: 'no modelled fault is a GUP unshare fault (FAULT_FLAG_UNSHARE)' },
  { re: /\(\s*[\w>.-]*flags\s*&\s*FAULT_FLAG_UNSHARE\s*\)|\b[\w>.-]*flags\s*&\s*FAULT_FLAG_UNSHARE\b/g, to: 'false', why: 'no modelled fault is a GUP unshare fault (FAULT_FLAG_UNSHARE)' },
  // The speculative page fault series (posted 2017-2022, never merged) handles a fault without
  // the mmap lock; every modelled fault takes it, so none is speculative.
  { re: /\(\s*[\w>.-]*flags\s*&\s*FAULT_FLAG_SPECULATIVE\s*\)|\b[\w>.-]*flags\s*&\s*FAULT_FLAG_SPECULATIVE\b/g, to: 'false', why: 'no modelled fault is a speculative fault (FAULT_FLAG_SPECULATIVE)' },
  // A page-table walk's skip of an empty or corrupt upper-level entry (which it clears): every
  // entry above a modelled PTE or PMD is present and good, so a walk always goes down.
  { re: /\b(?:pgd|p4d|pud|pmd)_none_or_clear_bad\s*\(\s*[\w>.-]+\s*\)/g, to: 'false', why: 'every page table above a modelled entry is present and well-formed (no walk meets an empty or bad upper level)' },
  // The COW PTE postings (2022-2023, never merged) share a PTE table between parent and child
  // after fork() where the mm opted in: no modelled mm has, so no PTE table is shared.
  { re: /\btest_bit\(\s*MMF_COW_PTE\s*,\s*&\s*[\w>.-]+\s*\)/g, to: 'false', why: 'no modelled mm shares PTE tables (MMF_COW_PTE, a posting never merged)' },
  // An mm the OOM reaper has torn down (MMF_UNSTABLE, 4.12; a fault then fails, the test moved
  // into check_stable_address_space() in 4.15): no modelled mm belongs to an OOM victim.
  { re: /\btest_bit\(\s*MMF_UNSTABLE\s*,\s*&\s*[\w>.-]+\s*\)|\bmm_flags_test\(\s*MMF_UNSTABLE\s*,\s*[\w>.-]+\s*\)/g, to: 'false', why: 'no modelled mm is an OOM victim the OOM reaper has torn down (MMF_UNSTABLE)' },
  // Per-VMA lock faults (6.4, FAULT_FLAG_VMA_LOCK) hold the VMA's lock instead of the mmap lock;
  // every modelled fault takes the mmap lock, so none is one.
  { re: /\(\s*[\w>.-]*flags\s*&\s*FAULT_FLAG_VMA_LOCK\s*\)|\b[\w>.-]*flags\s*&\s*FAULT_FLAG_VMA_LOCK\b/g, to: 'false', why: 'every modelled fault holds the mmap lock; none runs under a per-VMA lock' },
];

/**
 * Kernel configuration every modelled machine has, for the `#ifdef` blocks inside modelled
 * functions: code in a branch these rule out is not compiled there, so its lines are no step
 * (see knownConfigBranch()). Only options true (or false) on every modelled architecture and
 * configuration are listed; any other option leaves both branches in.
 */
export const KNOWN_CONFIG: Readonly<Record<string, boolean>> = {
  // Every model has an MMU (mm/nommu.c is no modelled file).
  CONFIG_MMU: true,
  // The architectures of the models that reach __access_remote_vm() and generic_access_phys()
  // (x86, arm64) map I/O memory with ioremap_prot().
  CONFIG_HAVE_IOREMAP_PROT: true,
};

/** A test the state decides: in the functions `fn` matches, `re` is always `value`. */
export interface Fact {
  readonly re: RegExp;
  readonly fn: RegExp;
  readonly value: boolean;
  readonly why: string;
}

/**
 * A stretch of a function (`fn`) no model's path runs: from a kept line matching `from` to the
 * next kept line matching `to` (C text as the hunk has it), with `why` for the report. With
 * `to: 'block-end'` the stretch is the rest of the block `from` opens or is in, and of the
 * if-chain that block is a branch of (`} else {` goes on): a hunk may end inside it.
 */
export interface UnmodelledPath {
  readonly fn: RegExp;
  readonly from: RegExp;
  readonly to: RegExp | 'block-end';
  /**
   * Kept lines found only on the stretch: a changed line before one, in the same block as it
   * (no other branch of an if-chain begins between them), is on the stretch too, for a hunk that
   * opens inside the stretch below its head.
   */
  readonly inside?: RegExp;
  /**
   * Kept lines found only on the stretch, for a hunk that opens inside it: a changed line after
   * one is on the stretch too where the lines between never close that line's block but to go on
   * to the next branch of an if-chain (only where the stretch runs to its chain's end, block-end).
   */
  readonly insideBefore?: RegExp;
  readonly why: string;
}

/**
 * Tests every model decides the same way, where the scenario has no step of its own for them:
 * facts of the state all scenarios share.
 */
export const SHARED_FACTS: readonly Fact[] = [
  // Every modelled GUP asks for at least one page: a test of the request count for none (a
  // caller's zero or negative count) is false at the entry points.
  {
    re: /^\(?\s*(?:nr_pages\s*(?:<=\s*0|==\s*0|<\s*1)|!\s*nr_pages)\s*\)?$/,
    fn: /^(?:get_user_pages_fast|get_user_pages_fast_only|pin_user_pages_fast|internal_get_user_pages_fast|gup_fast_fallback|__get_user_pages_fast|__get_user_pages|__get_user_pages_locked|__gup_longterm_locked|get_user_pages_remote|get_user_pages|lockless_pages_from_mm|gup_fast)$/,
    value: false,
    why: 'every modelled GUP asks for at least one page',
  },
  // userfaultfd's read-write protection (the 2026 postings' VM_UFFD_RWP: a PROT_NONE PTE with the
  // uffd bit): no modelled VMA is registered for it.
  { re: /^userfaultfd_(?:pte_|huge_pmd_|huge_pud_)?rwp\s*\(|^\(?\s*(?:\w+->)*vm_flags\s*&\s*VM_UFFD_RWP\s*\)?$/, fn: /./, value: false, why: 'no modelled VMA is registered for userfaultfd read-write protection (VM_UFFD_RWP)' },
  // A ZONE_DEVICE page its driver manages (fsdax, device-private): no modelled page is one, so
  // put_devmap_managed_page(_refs)() leaves the reference to its caller and returns false.
  { re: /^put_devmap_managed_page(?:_refs)?\s*\(/, fn: /./, value: false, why: 'no modelled page is a ZONE_DEVICE page its driver manages (put_devmap_managed_page() leaves the put to its caller)' },
  // x86's shadow stacks (CET, 6.6; the postings from 2018 on): no modelled VMA is one.
  { re: /^(?:is_shadow_stack_mapping|vma_is_shadow_stack)\s*\(|^\(?\s*(?:\w+->)*vm_flags\s*&\s*VM_(?:SHADOW_STACK|SHSTK)\s*\)?$/, fn: /./, value: false, why: 'no modelled VMA is a shadow stack' },
  // The write fault's PTE maps a normal page (no model maps a PFN without a struct page):
  // vm_normal_page() finds it, and the folio do_wp_page() takes from it is there (2022 on).
  { re: /^(?:vmf->page|folio)$/, fn: /^do_wp_page$/, value: true, why: 'the faulting PTE maps a normal page (vm_normal_page() finds it): no modelled mapping is of a PFN without a struct page' },
  // The zap's choice to delay a page's rmap removal to the gather (6.2's tlb_delay_rmap(), the
  // 2023 postings' tlb_batch_rmap(), and the local that keeps it): the models remove it at the
  // zap. Delayed, the removal still comes before the PTL is dropped, and every rmap walk of a
  // model takes that PTL, so no modelled actor tells the two apart.
  { re: /^(?:tlb_(?:delay|batch)_rmap\s*\(\s*tlb\s*\)|(?:delay|batch)_rmap)$/, fn: /^zap_pte_range$/, value: false, why: "the models remove a zapped page's rmap at the zap, under the PTL (a delayed removal is done before the PTL is dropped too)" },
  // The rmap walk of reclaim found the page mapped: from 6.14 try_to_unmap_one() also meets
  // device-exclusive entries (not present), which no model has.
  { re: /^pte_present\s*\(\s*pteval\s*\)$/, fn: /^try_to_unmap_one$/, value: true, why: 'the page reclaim unmaps is mapped by a present PTE (no modelled PTE is a device-exclusive entry)' },
  // After the pte_none() test, a PTE that is not present is a swap or migration entry.
  // (Also where a scenario models handle_pte_fault() as handle_mm_fault()'s PTE level, S1.)
  { re: /^pte_present\s*\(\s*vmf->orig_pte\s*\)$/, fn: /^(?:handle_pte_fault|handle_mm_fault)$/, value: true, why: 'no modelled PTE is a swap or migration entry' },
  { re: /^IS_ENABLED\s*\(\s*CONFIG_64BIT\s*\)$/, fn: /./, value: true, why: 'every modelled machine is 64-bit (x86-64, arm64)' },
  // The anon_vma a private VMA's first anonymous page needs (allocated on the first fault if the
  // VMA has none): an allocation failure, the only way it fails, is no path a model takes.
  // (0 on success; 6.10's vmf_anon_prepare() returns 0 as a vm_fault_t.)
  { re: /^(?:__)?anon_vma_prepare\s*\(\s*[\w>.-]+\s*\)$|^vmf_anon_prepare\s*\(\s*vmf\s*\)$/, fn: /./, value: false, why: "the VMA's anon_vma is there or allocated (an allocation failure is no modelled path)" },
  // DAX maps a file's persistent memory with no page-cache page in between (and, in the 2019
  // postings, lets such VMAs share PMD tables): every modelled file page is a page-cache page.
  { re: /^(?:vma_is_dax|vma_is_fsdax)\s*\(\s*\w+\s*\)$|^IS_DAX\s*\(/, fn: /./, value: false, why: 'no modelled VMA maps a DAX file' },
  // guest_memfd memory mapped into user space (the 2025 postings that let userfaultfd and the
  // fault path serve it, `guestmem_vma_is_guestmem(vma)`, `vma_is_guest_memfd(vma)`): every
  // modelled file VMA maps a regular file or shmem.
  { re: /^(?:guestmem_vma_is_guestmem|vma_is_guestmem|vma_is_guest_memfd|vma_is_gmem|kvm_gmem_vma_is_gmem)\s*\(\s*[\w>.-]+\s*\)$/, fn: /./, value: false, why: 'no modelled VMA maps guest_memfd memory' },
  // The options every modelled machine has or lacks (KNOWN_CONFIG), tested in C rather than by the
  // preprocessor (`if (!IS_ENABLED(CONFIG_HAVE_IOREMAP_PROT)) break;` where an #ifndef had been).
  ...Object.entries(KNOWN_CONFIG).map(([option, value]): Fact => ({
    re: new RegExp(`^IS_ENABLED\\s*\\(\\s*${option}\\s*\\)$`),
    fn: /./,
    value,
    why: `every modelled machine is built with ${option}${value ? '' : ' off'}`,
  })),
  // GUP flags only callers no model has pass (THP splitting on lookup, mlock/populate, core
  // dumps, hwpoison, migration waits): never set in a modelled GUP's lookup.
  // (Also a mask of several of them, and 2022's FOLL_LRU, which only KSM and migration passed.)
  { re: /^\(?\s*\*?\s*(?:gup_|foll_)?flags\s*&\s*(?:FOLL_(?:SPLIT|SPLIT_PMD|MLOCK|POPULATE|DUMP|HWPOISON|MIGRATION|LRU)|\(\s*FOLL_(?:SPLIT|SPLIT_PMD|MLOCK|POPULATE|DUMP|HWPOISON|MIGRATION|LRU)(?:\s*\|\s*FOLL_(?:SPLIT|SPLIT_PMD|MLOCK|POPULATE|DUMP|HWPOISON|MIGRATION|LRU))+\s*\))\s*\)?$/, fn: /^(follow_page_pte|follow_page_mask|follow_pmd_mask|follow_p4d_mask|follow_pud_mask|__get_user_pages|faultin_page|can_follow_write_pte)$/, value: false, why: 'no modelled GUP caller passes that flag' },
  // x86 shadow stacks (6.6; the 2018-2022 postings' helpers too, e.g. arch_copy_pte_mapping(),
  // true only on a VM_SHSTK VMA): no modelled VMA is one.
  { re: /&\s*VM_(?:SHADOW_STACK|SHSTK)\b|^!?\s*(?:is_shadow_stack_vma|vma_is_shadow_stack|is_shstk_mapping|arch_shadow_stack_mapping|arch_copy_pte_mapping)\s*\(/, fn: /./, value: false, why: 'no modelled VMA is a shadow stack' },
  { re: /&\s*VM_DROPPABLE\b/, fn: /./, value: false, why: 'no modelled VMA is droppable (VM_DROPPABLE, 6.11)' },
  // Raw-PFN and I/O mappings (remap_pfn_range(), vm_insert_mixed()): every modelled VMA maps pages.
  { re: /^\(?\s*(?:\w+->)*vm_flags\s*&\s*\(?\s*VM_(?:PFNMAP|MIXEDMAP|IO)(?:\s*\|\s*VM_(?:PFNMAP|MIXEDMAP|IO))*\s*\)?\s*\)?$/, fn: /./, value: false, why: 'no modelled VMA maps raw PFNs or I/O memory (VM_PFNMAP, VM_MIXEDMAP, VM_IO)' },
  { re: /^is_vm_hugetlb_page\s*\(/, fn: /./, value: false, why: 'no modelled VMA is hugetlb' },
  // Nor, then, is any page they map a hugetlbfs page.
  { re: /^(?:PageHuge|folio_test_hugetlb|PageHeadHuge)\s*\(/, fn: /./, value: false, why: 'no modelled page is a hugetlb page (no modelled VMA is hugetlb)' },
  // Nor does any modelled VMA share a PMD page (hugetlb's shared PMDs, huge_pmd_unshare()), or
  // have the hugetlb VMA lock (5.19 on): its trylock succeeds where there is no lock to take.
  // Nor is any a huge PUD (a 1 GiB THP or devmap entry, from 4.11): every modelled page is mapped
  // by a PTE below a PMD table, so the walk's PUD is a table and stays one.
  { re: /^(?:pud_trans_huge|pud_trans_unstable|pud_none_or_trans_huge_or_dev_or_clear_bad|pud_leaf|pud_large|pud_huge)\s*\(/, fn: /./, value: false, why: 'no modelled mapping is a huge PUD (every modelled page is mapped by a PTE below a PMD table)' },
  { re: /^huge_pmd_unshare\s*\(/, fn: /./, value: false, why: 'no modelled VMA is hugetlb: none shares a PMD page' },
  { re: /^hugetlb_vma_trylock_(?:read|write)\s*\(/, fn: /./, value: true, why: 'no modelled VMA is hugetlb: it has no hugetlb VMA lock, and the trylock of a VMA without one succeeds' },
  // The fault's PMD after it populated it: a PTE table, not a huge or devmap PMD (every page of
  // the models that reach it is a small one).
  { re: /^(?:pmd_devmap_trans_unstable|pmd_trans_unstable)\s*\(\s*vmf->pmd\s*\)$/, fn: /^(?:finish_fault|alloc_set_pte|do_set_pte)$/, value: false, why: "the fault's PMD points to a PTE table (no model maps a huge or devmap PMD there)" },
  // A CPU erratum's workaround (x86's X86_BUG_* bits, 2016's Knights Landing A/D-bit leak): the
  // modelled machines are the generic ones, with no such bug.
  { re: /^(?:static_cpu_has_bug|boot_cpu_has_bug|cpu_has_bug|this_cpu_has_bug)\s*\(/, fn: /./, value: false, why: 'no modelled CPU has the erratum a workaround tests for' },
  // A NUMA hinting fault (S1) restores the PTE where it is: the page is never migrated, so the
  // migration path (unlock, migrate, map and lock the PTE again, re-check) never runs.
  // (`target_nid`, where the page would go; not `nid`, the node it is on.)
  { re: /^target_nid\s*==\s*NUMA_NO_NODE$/, fn: /^do_numa_page$/, value: true, why: 'no modelled NUMA hinting fault migrates its page' },
  { re: /^target_nid\s*!=\s*NUMA_NO_NODE$/, fn: /^do_numa_page$/, value: false, why: 'no modelled NUMA hinting fault migrates its page' },
  // mlock: no scenario mlocks a VMA, so no modelled page is mlocked either (the munlock of the old
  // page after a COW, 5.17's and earlier wp_page_copy(), never runs).
  { re: /^\(?\s*(?:\w+->)*vm_flags\s*&\s*(?:VM_LOCKED|VM_LOCKONFAULT|VM_LOCKED_MASK)\s*\)?$/, fn: /./, value: false, why: 'no modelled VMA is mlocked' },
  { re: /^(?:PageMlocked|folio_test_mlocked)\s*\(/, fn: /./, value: false, why: 'no modelled page is mlocked' },
  { re: /^(?:PageKsm|folio_test_ksm)\s*\(/, fn: /./, value: false, why: 'no modelled page is a KSM page' },
  // s390's protected guests (5.7): a page GUP pins or reclaim writes back is made accessible to
  // the host first, and the caller backs off if that fails. The generic hook returns 0; no modelled
  // machine has secure-guest pages.
  { re: /^(?:arch_make_page_accessible|arch_make_folio_accessible)\s*\(/, fn: /./, value: false, why: 'no modelled machine has pages a protected guest keeps from the host (the generic hook returns 0)' },
  { re: /^(?:PageHWPoison|folio_test_hwpoison|folio_contain_hwpoisoned_page|PageHasHWPoisoned|folio_test_has_hwpoisoned)\s*\(/, fn: /./, value: false, why: 'no modelled page is hardware-poisoned' },
  // ZONE_DEVICE memory (device-private/coherent pages HMM migrates, pmem, P2PDMA): every modelled
  // page is ordinary RAM.
  { re: /^(?:is_zone_device_page|folio_is_zone_device|is_device_private_page|folio_is_device_private|is_device_coherent_page|folio_is_device_coherent|folio_is_fsdax|is_fsdax_page|pte_devmap|pmd_devmap|pud_devmap)\s*\(/, fn: /./, value: false, why: 'no modelled page is ZONE_DEVICE memory (device-private, device-coherent, pmem or P2PDMA)' },
  // A special PTE maps a raw PFN or the shared zero page, with no struct page to take a
  // reference on: every modelled PTE maps an ordinary page.
  { re: /^pte_special\s*\(/, fn: /./, value: false, why: 'no modelled PTE is special (a raw PFN or the zero page): each maps an ordinary page' },
  // Nor does one map the shared zero page (a read fault's mapping of an anonymous page never
  // written): every modelled page has contents of its own.
  { re: /^(?:is_zero_pfn|is_zero_page|is_zero_folio|is_huge_zero_page|is_huge_zero_folio|is_huge_zero_pmd)\s*\(/, fn: /./, value: false, why: 'no modelled PTE maps the shared zero page: every modelled page has contents of its own' },
  // PG_reserved (until 2.6.15 also the mark of a page no rmap or refcount tracks: the zero page,
  // a driver's remapped memory): every modelled page is an ordinary, refcounted one.
  { re: /^PageReserved\s*\(/, fn: /./, value: false, why: 'no modelled page is a reserved page (PG_reserved: the zero page, kernel or driver memory)' },
  // MADV_FREE (4.5 on; the 2007 posting's PG_lazyfree and zap details): no modelled range is
  // freed lazily, so no page is a lazily freed one and no zap is MADV_FREE's.
  { re: /^(?:PageLazyFree|folio_test_lazyfree)\s*\(|^details->madv_free$/, fn: /./, value: false, why: 'no modelled page is freed lazily (MADV_FREE)' },
  // The zap_details filters of a zap (truncate's mapping filter, 5.16's zap_skip_check_mapping(),
  // 5.17's should_zap_page()/should_zap_cows(), 6.x's should_zap_folio(); check_mapping before
  // 5.16): every modelled zap is madvise(MADV_DONTNEED)'s, which passes no details (from 6.13 ones
  // with even_cows and no mapping), so it zaps every page, private COW copies too.
  { re: /^(?:should_zap_page|should_zap_folio|should_zap_cows)\s*\(/, fn: /./, value: true, why: "every modelled zap is madvise(MADV_DONTNEED)'s, which zaps every page (no zap_details mapping filter)" },
  { re: /^zap_skip_check_mapping\s*\(|^details->(?:check_mapping|zap_mapping)$|^details\s*&&\s*details->(?:check_mapping|zap_mapping)$/, fn: /^(?:zap_pte_range|zap_present_ptes|zap_present_folio_ptes|zap_nonpresent_ptes)$/, value: false, why: "every modelled zap is madvise(MADV_DONTNEED)'s, which zaps every page (no zap_details mapping filter)" },
  { re: /^[\w>.-]+\s*==\s*ZERO_PAGE\s*\(\s*[\w>.-]*\s*\)$/, fn: /./, value: false, why: 'no modelled PTE maps the shared zero page: every modelled page has contents of its own' },
  // Every modelled PTE maps RAM with a struct page.
  { re: /^pfn_valid\s*\(/, fn: /./, value: true, why: 'every modelled PTE maps RAM that has a struct page (pfn_valid())' },
  // Memory tiering (5.15's demotion in reclaim, and the 2021 postings' helper): no modelled
  // machine has a slower node to demote a page to, so reclaim never picks one for demotion.
  { re: /^(?:can_demote|migrate_demote_page_ok)\s*\(/, fn: /./, value: false, why: 'no modelled machine has a memory tier to demote pages to' },
  // s390's guest page hinting (the PTE's "unused" bit): pte_unused() is 0 on every other
  // architecture, and every modelled machine is x86-64 or arm64.
  { re: /^pte_unused\s*\(/, fn: /./, value: false, why: "pte_unused() is s390's guest-hinting bit: always 0 on x86-64 and arm64" },
  // follow_page_mask() returns -EMLINK only to ask for an unshare fault (5.17+).
  { re: /^PTR_ERR\s*\(\s*page\s*\)\s*==\s*-EMLINK$/, fn: /^__get_user_pages$/, value: false, why: 'only a GUP that must unshare gets -EMLINK, and no modelled GUP is one' },
  // mm/memory.c names the FAULT_FLAG_UNSHARE case `unshare` (a local or a parameter).
  { re: /^(?:unlikely\s*\(\s*)?unshare\s*\)?$/, fn: /./, value: false, why: 'no modelled fault is a GUP unshare fault (FAULT_FLAG_UNSHARE)' },
  { re: /^IS_ENABLED\s*\(\s*CONFIG_HAVE_FAST_GUP\s*\)$/, fn: /./, value: true, why: 'x86-64 and arm64 have GUP-fast' },
  { re: /^gup_fast_permitted\s*\(/, fn: /./, value: true, why: 'the range GUP-fast is asked for is a valid user range' },
  // The mm is not being core-dumped (4.9-5.7's test after taking the mmap lock for writing).
  { re: /^mmget_still_valid\s*\(/, fn: /./, value: true, why: 'no modelled mm is being core-dumped' },
  { re: /^(?:\w+->)?mm->core_state$|^mm->core_state$/, fn: /./, value: false, why: 'no modelled mm is being core-dumped' },
  // 5.19's VM_FAULT_COMPLETED: the fault was finished after dropping the mmap lock. A modelled
  // fault returns with the lock held, or with VM_FAULT_RETRY (S2's minor fault handed to uffd).
  { re: /^\(?\s*\*?\s*[\w>.-]*\s*&\s*VM_FAULT_COMPLETED\s*\)?$/, fn: /./, value: false, why: 'no modelled fault drops the mmap lock and completes (VM_FAULT_COMPLETED)' },
  // No model has swap, migration, device-private/exclusive, hwpoison or marker entries: a PTE
  // is present or none. (non_swap_entry() is left out: its false would mean a swap entry.)
  // (pte_swp_uffd_wp_any(), 5.19, is true only of a swap entry with the uffd-wp bit or a uffd-wp
  // marker.)
  { re: /^(?:is_(?:writable_|readable_|readable_exclusive_)?migration_entry|is_device_(?:private|exclusive)_entry|is_hwpoison_entry|is_poisoned_swp_entry|is_guard_swp_entry|is_pte_marker_entry|is_pte_marker|is_swap_pte|is_swap_special_pte|pte_swp_uffd_wp_special|pte_swp_uffd_wp_any|is_uffd_wp_marker|pte_marker_uffd_wp|is_pfn_swap_entry)\s*\(/, fn: /./, value: false, why: 'no modelled PTE is a swap, migration, device or marker entry' },
  // arch_unmap_one() (4.17) fails only where SPARC's ADI tags cannot be saved; every other
  // architecture's is `return 0`, and every modelled machine is x86-64 or arm64.
  { re: /^arch_unmap_one\s*\([^()]*\)\s*<\s*0$/, fn: /./, value: false, why: 'arch_unmap_one() fails only on SPARC with ADI; every modelled machine is x86-64 or arm64' },
  // PCI peer-to-peer DMA memory (6.2's FOLL_PCI_P2PDMA) is a driver's BAR mapped into a VMA;
  // every modelled page is ordinary RAM.
  { re: /^is_pci_p2pdma_page\s*\(/, fn: /./, value: false, why: 'no modelled page is PCI peer-to-peer DMA memory' },
  // Memory on a node a driver or service manages (the 2026 private-node series: its folios may
  // be kept write-protected or have their faults handed to the node's owner): every modelled
  // page is ordinary RAM on an ordinary node.
  { re: /^(?:folio_is_private_managed|folio_is_private_node|folio_managed_wrprotect|page_is_private_managed)\s*\(/, fn: /./, value: false, why: 'no modelled page is on a privately managed memory node' },
  // mshare (the 2022-2025 postings of shared page tables between processes): a VMA flagged
  // VM_SHARED_PT (later spelled vma_is_mshare()) faults through the owner mm's tables. No
  // modelled VMA is one.
  { re: /^(?:vma_is_shared|vma_is_mshare)\s*\(|&\s*VM_SHARED_PT\b|&\s*VM_MSHARE\b/, fn: /./, value: false, why: 'no modelled VMA is an mshare region (page tables shared between processes)' },
  // Nonlinear file mappings (remap_file_pages(), VM_NONLINEAR, gone in 4.0): no modelled VMA is one.
  // (VM_NONUNIFORM: the 2005 remap_file_pages() protection series, never merged, for VMAs whose
  // pages have protections of their own.)
  { re: /&\s*VM_(?:NONLINEAR|NONUNIFORM)\b/, fn: /./, value: false, why: 'no modelled VMA is a nonlinear or nonuniform mapping (remap_file_pages(), VM_NONLINEAR)' },
  // A ->fault handler answers VM_FAULT_DAX_LOCKED (4.9-4.10) only on a DAX mapping: no modelled
  // file is on a DAX filesystem.
  { re: /&\s*VM_FAULT_DAX_LOCKED\b/, fn: /./, value: false, why: 'no modelled file is on a DAX filesystem (VM_FAULT_DAX_LOCKED)' },
  // VM_FAULT_DONE_COW (4.10 on): a ->fault handler that did the COW itself, DAX's only.
  // (The 2014 DAX postings' name for it was VM_FAULT_COWED.)
  { re: /&\s*VM_FAULT_(?:DONE_COW|COWED)\b/, fn: /./, value: false, why: 'no modelled file is on a DAX filesystem (only DAX ->fault handlers do the COW themselves, VM_FAULT_DONE_COW)' },
  // So every modelled ->fault returns a page: the tests of the 2014 DAX postings for a handler
  // that returned none (it did the COW, or mapped the PFN itself) are never taken.
  { re: /^vmf(?:->|\.)page$/, fn: /^__do_fault$/, value: true, why: "every modelled file's ->fault returns a page-cache page (only DAX handlers return none)" },
  { re: /^fault_page$/, fn: /^do_cow_fault$/, value: true, why: "every modelled file's ->fault returns a page-cache page (only DAX handlers return none)" },
  // wp_page_reuse()'s tail for a shared page (4.1-4.7 inline, fault_dirty_shared_page() from
  // 4.8), reached from wp_page_shared() with dirty_shared set: every modelled reuse is do_wp_page()'s
  // reuse of a private anonymous page.
  { re: /^(?:dirty_shared|dirty_page|page_mkwrite)$/, fn: /^wp_page_reuse$/, value: false, why: "every modelled reuse is of a private anonymous page (do_wp_page()'s), not wp_page_shared()'s dirtying of a shared one" },
  // An rmap walk (page_vma_mapped_walk) that stops with no PTE has found a PMD-mapped THP.
  { re: /^pvmw\.pte$/, fn: /./, value: true, why: 'every modelled rmap walk finds its page mapped by a PTE (no modelled page is a PMD-mapped THP)' },
];

/**
 * The userfaultfd registration tests, false where no modelled VMA is registered with a
 * userfaultfd (every scenario but S1 and S2, which model uffd-wp and uffd minor/missing faults):
 * their branches hand the fault to a monitor the scenario does not have, so they never run.
 * A scenario states this in its lexicon's `facts`.
 */
export const NO_USERFAULTFD: readonly Fact[] = [
  /^(?:userfaultfd_(?:wp|pte_wp|huge_pmd_wp|missing|minor|armed|wp_async|wp_unpopulated|wp_use_markers)|uffd_disable_huge_pmd_share|uffd_disable_fault_around|vma_has_uffd_without_event_remap)\s*\(/,
  /^\(?\s*(?:\w+->)*vm_flags\s*&\s*(?:VM_UFFD_(?:WP|MISSING|MINOR)|__VM_UFFD_FLAGS)\s*\)?$/,
  /^(?:\w+->)*vm_userfaultfd_ctx\.ctx$/,
  // Only UFFDIO_WRITEPROTECT (and its markers) sets a PTE's uffd-wp bit, on a registered VMA.
  /^(?:pte_uffd_wp|pte_swp_uffd_wp|pmd_uffd_wp|pmd_swp_uffd_wp|huge_pte_uffd_wp|pte_marker_uffd_wp|is_pte_marker_uffd_wp)\s*\(/,
  // A fault flag only a userfaultfd-registered VMA's faults carry (FAULT_FLAG_UFFD_WP, a 2021 series).
  /^\(?\s*(?:\w+->)*flags\s*&\s*FAULT_FLAG_UFFD_\w+\s*\)?$/,
  // A ->fault answer that hands the fault to userfaultfd (the 2025 VM_FAULT_UFFD_MINOR posting).
  /&\s*VM_FAULT_UFFD_\w+\b/,
].map((re) => ({ re, fn: /./, value: false, why: 'no VMA in this scenario is registered with a userfaultfd' }));

/**
 * Every page of the scenario is a small page (order 0): no THP, no large folio. The tests for a
 * compound page are false, and the PMD-mapping of a THP at fault time never runs. A scenario
 * states this in its lexicon's `facts` (not S7, whose race is a THP's split).
 */
export const ONLY_SMALL_PAGES: readonly Fact[] = [
  { re: /^(?:PageTransCompound|PageTransHuge|PageCompound|PageHead|folio_test_large|folio_test_pmd_mappable)\s*\(/, fn: /./, value: false, why: 'every page of this scenario is a small (order-0) page' },
  // Reclaim and migration ask try_to_unmap() to split a PMD only for a PMD-mapped THP
  // (`if (folio_test_pmd_mappable(folio)) flags |= TTU_SPLIT_HUGE_PMD`).
  { re: /&\s*TTU_SPLIT_HUGE_PMD\b/, fn: /./, value: false, why: 'every page of this scenario is a small (order-0) page: no unmap is asked to split a huge PMD' },
  // (Nor a huge PUD: the PUD THP postings' TTU_SPLIT_HUGE_PUD.)
  { re: /&\s*TTU_SPLIT_HUGE_PUD\b/, fn: /./, value: false, why: 'every page of this scenario is a small (order-0) page: no unmap is asked to split a huge PUD' },
];

/**
 * No PTE is PROT_NONE where no actor hints NUMA faults (S1's NUMA balancing) and no mprotect()
 * makes a range PROT_NONE: `pte_protnone()` is false, and the NUMA hinting branch of the fault
 * path never runs. A scenario states this in its lexicon's `facts`.
 */
export const NO_PROTNONE: readonly Fact[] = [
  { re: /^(?:pte_protnone|pmd_protnone)\s*\(/, fn: /./, value: false, why: 'no PTE in this scenario is PROT_NONE (no NUMA hinting, no mprotect(PROT_NONE))' },
];

/**
 * No VMA is a nonlinear mapping (remap_file_pages() before 4.0 rewrote a shared file VMA's PTEs
 * into file PTEs, pte_file()): no modelled PTE is one, so the fault path's and the zap's file-PTE
 * branches (do_nonlinear_fault()) never run.
 */
export const NO_NONLINEAR: readonly Fact[] = [
  { re: /^pte_file\s*\(/, fn: /./, value: false, why: 'no VMA in this scenario is a nonlinear mapping (remap_file_pages()): no PTE is a file PTE' },
  // (Before 4.0 unmap_mapping_range() named a nonlinear VMA in the zap's details, to keep the
  // file offset of a page mapped out of place as a file PTE; and tested VM_NONLINEAR.)
  { re: /^\(?\s*details->nonlinear_vma\s*\)?$|^\(?\s*(?:\w+->)*vm_flags\s*&\s*VM_NONLINEAR\s*\)?$/, fn: /./, value: false, why: 'no VMA in this scenario is a nonlinear mapping (remap_file_pages()): no zap names one, no VMA has VM_NONLINEAR' },
];

/**
 * From 6.5 pte_offset_map(), pte_offset_map_lock() and _nolock() return NULL when the PMD no
 * longer points to a PTE table (a THP collapsed, a table freed or moved under the walker), and
 * their callers test the pointer (`if (!pte)`, `vmf->pte && pte_same(...)`). For a scenario whose
 * PMDs never change under its walkers the map succeeds. Only in the functions where the pointer
 * is that map's result: in handle_pte_fault() and the fault paths below it a NULL vmf->pte means
 * no PTE table yet, which the models keep as a test of their own.
 */
/**
 * 6.13's reclaim of an empty PTE table at the zap (mm/pt_reclaim.c): zap_pte_range() frees its
 * table only where reclaim_pt_is_enabled(), i.e. the caller's zap_details ask for it (only
 * madvise(MADV_DONTNEED) does) and the zapped range covers the table's whole PMD (end - start >=
 * PMD_SIZE). For a scenario whose MADV_DONTNEED zaps only the one page it models, far less than a
 * PMD, that test is false, and the blocks it guards (clear the PMD, free the table) never run.
 * A scenario that frees no page table (freesNoPageTable) states this in its lexicon's `facts`.
 */
export const ZAP_WITHIN_ONE_PMD: readonly Fact[] = [
  // (The series' v2 spelled the test out: `details && details->reclaim_pt && (end - start >= PMD_SIZE)`.)
  { re: /^\(?\s*end\s*-\s*[A-Za-z_]\w*\s*>=\s*PMD_SIZE\s*\)?$/, fn: /^zap_pte_range$/, value: false, why: 'the modelled madvise(MADV_DONTNEED) zaps one page, less than a PMD' },
  { re: /^reclaim_pt_is_enabled\s*\(/, fn: /^zap_pte_range$/, value: false, why: "the modelled madvise(MADV_DONTNEED) zaps one page, less than a PMD: its empty PTE table is never reclaimed (reclaim_pt_is_enabled() asks for a whole PMD's range)" },
];

export const PTE_MAP_SUCCEEDS: readonly Fact[] = [
  {
    re: /^(?:vmf->)?(?:pte|ptep|start_pte|dst_pte|src_pte|orig_src_pte|orig_dst_pte)$/,
    fn: /^(wp_page_copy|do_wp_page|wp_page_reuse|follow_page_pte|zap_pte_range|copy_pte_range|copy_present_pte|change_pte_range|mcopy_atomic_install_ptes?|mfill_atomic_install_pte|do_numa_page|try_to_unmap_one|clear_refs_write)$/,
    value: true,
    why: "the PTE table this walk maps is still there: no PMD of this scenario is collapsed, freed or moved under it (6.5's pte_offset_map_lock() may return NULL)",
  },
];

/**
 * Stretches of a modelled function no scenario's path runs, by the shared facts above (see
 * ScenarioLexicon.unmodelledPaths): zap_pte_range()'s handling of a non-present entry, from its
 * first look at the entry (pte_file() until 4.0, then the swap entry) to the clear of it. The
 * model's PTE is present or none: a present one was zapped and the loop went on before there.
 */
export const SHARED_UNMODELLED_PATHS: readonly UnmodelledPath[] = [
  {
    fn: /^zap_pte_range$/,
    from: /^(?:if \(pte_file\(ptent\)\)|(?:swp_entry_t\s+)?entry\s*=\s*pte_to_swp_entry\(ptent\);)/,
    // (6.10 clears a batch of non-present entries at once: clear_not_present_full_ptes().)
    to: /^(?:pte_clear_not_present_full|clear_not_present_full_ptes)\(/,
    why: "zap_pte_range()'s non-present entries (swap, migration, device and file entries, which no modelled PTE is)",
  },
  // (The loop's tail after that clear, where 5.19 to 6.x leave a uffd-wp marker: still the
  // non-present entry's, since the present entry's branch ends in `continue`.)
  {
    fn: /^zap_pte_range$/,
    from: /^(?:pte_clear_not_present_full|clear_not_present_full_ptes)\(/,
    to: 'block-end',
    why: "zap_pte_range()'s non-present entries (swap, migration, device and file entries, which no modelled PTE is)",
  },
  // The fault's population of an empty PMD before it maps the PTE table (a preallocated table
  // installed by pmd_install(), one allocated by pte_alloc(), or a huge PMD mapped by do_set_pmd()):
  // no model allocates page tables, its faults find the PTE table there. (A hunk may open inside
  // the block, below its `if (pmd_none(*vmf->pmd))`.)
  {
    fn: /^(?:finish_fault|alloc_set_pte)$/,
    from: /^if \(pmd_none\(\*vmf->pmd\)\)/,
    to: 'block-end',
    insideBefore: /\bpmd_install\(|\bpte_alloc\(|\bvmf->prealloc_pte\b|\bdo_set_pmd\(/,
    why: "the fault's population of an empty PMD (a PTE table installed or allocated, or a huge PMD mapped): no model allocates page tables, its faults find the PTE table there",
  },
  // The fault on a PTE that is neither none nor present (a file entry until 4.0, a swap or
  // migration entry): in handle_pte_fault() before 4.8 the rest of the `!pte_present(entry)`
  // block after its none-PTE branch, which ends in do_nonlinear_fault() or do_swap_page(). (From
  // 4.8 it is a test of vmf->orig_pte, a fact above.) A hunk shows the path by those kept lines,
  // after the changed ones in the same block.
  {
    fn: /^(?:handle_pte_fault|handle_mm_fault)$/,
    from: /^if \(pte_file\(entry\)\)$/,
    to: 'block-end',
    inside: /^if \(pte_file\(entry\)\)$|^return do_(?:nonlinear_fault|swap_page)\(mm, vma, address,/,
    why: 'the fault on a PTE that is neither none nor present (a swap, migration or file entry, which no modelled PTE is)',
  },
  // fork()'s copy of a swap or migration entry, in copy_one_pte() until 5.9 split it out as
  // copy_nonpresent_pte(): from its swap entry to the end of that block.
  {
    fn: /^(?:copy_one_pte|copy_present_pte)$/,
    from: /^(?:swp_entry_t\s+)?entry\s*=\s*pte_to_swp_entry\(\s*pte\s*\);$/,
    to: 'block-end',
    why: "fork()'s copy of a non-present entry (swap and migration entries, which no modelled PTE is)",
  },
];

/**
 * change_pte_range()'s entries that are not present: swap and migration entries (the
 * CONFIG_MIGRATION branch until 4.x, is_swap_pte() after), and none PTEs with the uffd-wp markers
 * 5.19 puts in them, from the branch's head to the end of its if-chain. A hunk may also open
 * inside the none-PTE branch: a marker's install is only ever there. For a scenario whose walks
 * never meet such an entry there, `why` says why.
 */
export function changePteRangeNonPresent(why: string): UnmodelledPath {
  return {
    fn: /^change_pte_range$/,
    // (6.19 tests the none PTE first and leaves the swap entry to the final `else`.)
    from: /^(?:\}\s*)?else if \((?:is_swap_pte\(oldpte\)|IS_ENABLED\(CONFIG_MIGRATION\)|pte_none\(oldpte\))|^WARN_ON_ONCE\(!pte_none\(oldpte\)\);$|^(?:set_pte_at\(.*)?make_pte_marker\(PTE_MARKER_UFFD_WP\)\);$/,
    to: 'block-end',
    // Lines only a swap, migration or device entry, or a marker, has: reading the entry, its
    // write and soft-dirty bits, making the entry that replaces it.
    // (6.19's soft leaf entries, `softleaf_from_pte(oldpte)`, `softleaf_is_migration_write()`, are
    // the swap entries' new spelling.)
    insideBefore: /\bsoftleaf_\w+\(|\bpte_swp_\w+\(|\bpte_to_swp_entry\(|\bswp_entry_to_pte\(|\b(?:is|make)_\w*(?:migration|device_private|device_exclusive)_entry\w*\(|\bpte_marker_entry_uffd_wp\(|\bis_pte_marker(?:_entry)?\(/,
    why: `change_pte_range()'s non-present entries (swap and migration entries, none PTEs and their uffd-wp markers): ${why}`,
  };
}


/** Lines only change_pte_range()'s NUMA-hinting block has (its skips, its access-time record). */
const NUMA_BLOCK_ONLY = /\bpte_protnone\(oldpte\)|\bPageKsm\(page\)|\bfolio_test_ksm\(folio\)|\b(?:xchg_page|folio_xchg)_access_time\(|\bnode_is_toptier\(|\b(?:page_is_file_cache|page_is_file_lru|folio_is_file_lru)\(/;

/**
 * change_pte_range()'s NUMA-hinting block, `if (prot_numa) {` (3.19 on: the skips of a PTE
 * already PROT_NONE, of the zero and KSM pages, of shared COW pages and of pages on the target
 * node), for a scenario whose change_pte_range() is no NUMA scan. A hunk may open inside it,
 * below its head: the lines it tests occur nowhere else in the function.
 */
export function changePteRangeNumaBlock(why: string): UnmodelledPath {
  return {
    fn: /^change_pte_range$/,
    from: /^if \(prot_numa\) \{$/,
    to: 'block-end',
    inside: NUMA_BLOCK_ONLY,
    insideBefore: NUMA_BLOCK_ONLY,
    why: `change_pte_range()'s NUMA-hinting block (\`if (prot_numa)\`): ${why}`,
  };
}

/**
 * The test of a block a hunk opens inside, below its head, where a kept line of the block says
 * which block it is: `within`, a line only that block of `fn` has, directly in it. Each `test` is
 * of values the function never changes. The pte_numa era's change_pte_range() (3.8 to 3.19)
 * splits a present entry on `if (!prot_numa) {` (prot_numa, a parameter): mprotect's start,
 * modify and commit, where only it clears a NUMA hint (`if (pte_numa(ptent))`), and an `else`
 * that marks the entry for NUMA hinting in place.
 */
export const HEADS_ABOVE: readonly { readonly fn: RegExp; readonly within: RegExp; readonly test: string }[] = [
  { fn: /^change_pte_range$/, within: /^if \(pte_numa\(ptent\)\)$/, test: '!prot_numa' },
];

/**
 * Whether a preprocessor test reads as a known option: `#ifdef CONFIG_X`, `#ifndef CONFIG_X`,
 * `#if defined(CONFIG_X)`, `#if !defined(CONFIG_X)`, `#if IS_ENABLED(CONFIG_X)` and its negation.
 * True or false when the option is in KNOWN_CONFIG, else null.
 */
export function knownConfigBranch(directive: string): boolean | null {
  const t = directive.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim();
  const m =
    /^#\s*(ifdef|ifndef)\s+(CONFIG_\w+)$/.exec(t) ??
    /^#\s*(if)\s+(!?)\s*(?:defined\s*\(\s*(CONFIG_\w+)\s*\)|IS_ENABLED\s*\(\s*(CONFIG_\w+)\s*\))$/.exec(t);
  if (!m) return null;
  if (m[1] === 'if') {
    const v = KNOWN_CONFIG[m[3] ?? m[4]];
    return v === undefined ? null : m[2] === '!' ? !v : v;
  }
  const v = KNOWN_CONFIG[m[2]];
  return v === undefined ? null : m[1] === 'ifdef' ? v : !v;
}

/**
 * Calls whose result is a count, not an error code, and what it counts: GUP's pages got (0 is
 * none, the failure), and a page's or folio's counts of references, mappings and rmap-walk
 * accesses.
 */
export function countResultOf(name: string): string | null {
  if (/^(?:__)?(?:get|pin)_user_pages(?:_\w+)?$/.test(name)) return 'the count of pages it got';
  if (/^(?:page|folio)_(?:ref_)?count$|^(?:page|folio|total)_mapcount$|^(?:page|folio)_referenced$/.test(name)) return 'a count';
  return null;
}

/**
 * Calls that act and report success, as a test (`if (!pte_map_lock(vmf))`): what they return
 * when they succeed. In a model they always succeed (a lock is taken when it is free; the
 * bail-out of a failed try is a retry the race does not depend on), so the test is a constant
 * and the call is the model's step for its primitive, run before the test.
 */
export const SUCCESS_RETURNS: Readonly<Record<string, 'true' | 'zero'>> = {
  pte_map_lock: 'true',
  pte_spinlock: 'true',
  trylock_page: 'true',
  folio_trylock: 'true',
  mmap_read_trylock: 'true',
  get_page_unless_zero: 'true',
  folio_try_get: 'true',
  try_get_page: 'true',
  // (The free-user-PTE postings' pte_try_get() (2021) and pte_tryget() (2022): the PTE table is
  // still there.)
  pte_try_get: 'true',
  pte_tryget: 'true',
  pte_get_unless_zero: 'true',
  // (No-effect calls whose success is true, tested for it: a uprobe's and an mm's try-get, and
  // whether a protection key is allocated. Read as false, `if (!try_get_uprobe(uprobe)) return
  // -EINVAL;` always left pre_ssout().)
  try_get_uprobe: 'true',
  mmget_not_zero: 'true',
  mm_pkey_is_allocated: 'true',
  mmap_read_lock_killable: 'zero',
  mmap_write_lock_killable: 'zero',
  // (The range-lock postings' spellings.)
  mm_read_trylock: 'true',
  mm_read_lock_killable: 'zero',
  mm_write_lock_killable: 'zero',
  down_read_killable: 'zero',
  down_write_killable: 'zero',
};

/**
 * Calls whose success value changed between releases: `from` is the first release with the
 * newer value (`value`), before it the call returned 0 on success. folio_isolate_lru() and
 * isolate_lru_page() returned 0 or -EBUSY until 6.4 made them bool, true on success.
 */
export const SUCCESS_RETURNS_SINCE: Readonly<Record<string, { readonly from: string; readonly value: 'true' | 'zero' }>> = {
  folio_isolate_lru: { from: '6.4', value: 'true' },
  isolate_lru_page: { from: '6.4', value: 'true' },
};

/**
 * What `name` returns on success in the release (SUCCESS_RETURNS, or SUCCESS_RETURNS_SINCE by
 * release); null where the release decides it and is not known.
 */
export function successReturnOf(name: string, release: Release | null | undefined): 'true' | 'zero' | undefined | null {
  const since = SUCCESS_RETURNS_SINCE[name];
  if (!since) return SUCCESS_RETURNS[name];
  if (!release) return null;
  return atLeast(release, since.from) ? since.value : 'zero';
}

/** do_wp_page()'s refcount and mapcount calls of its page, in both families. */
export const PAGE_COUNT_CALLS: readonly string[] = ['page_count', 'folio_ref_count'];
export const PAGE_MAPCOUNT_CALLS: readonly string[] = ['page_mapcount', 'folio_mapcount'];

/**
 * A test of the write fault's page in do_wp_page() by any name it has there (`vmf->page`,
 * `old_page`, `page`, `folio`): `call(page)` of one of `calls`, then `compared` (a regex source,
 * `!=\\s*1`). The scenarios that model do_wp_page() read its reuse tests with it.
 */
export function wpPageTest(calls: readonly string[], compared: string): RegExp {
  return new RegExp(`^(?:${calls.join('|')})\\s*\\(\\s*(?:vmf->page|old_page|page|folio)\\s*\\)\\s*${compared}$`);
}

/** The newest name of a function the kernel renamed (the name itself if it never was). */
export function newestName(name: string): string {
  let cur = name;
  for (let i = 0; i < 8; i++) {
    const r = RENAMES.find((x) => x.from === cur);
    if (!r) break;
    cur = r.to;
  }
  return cur;
}

/**
 * One spelling for the fault's context across releases: v4.8's `struct fault_env *fe` became
 * `struct vm_fault *vmf` in 4.10 (82b0f8c39a38), with the same fields (`fe->flags`, `fe->pte`).
 */
export function respellFields(text: string): string {
  const t = text.includes('fe->') ? text.replace(/\bfe->/g, 'vmf->') : text;
  // GUP flags passed by pointer or by value (faultin_page's `*flags`, 6.8) are the same flags.
  return t.includes('*flags') ? t.replace(/\*\s*flags\s*&/g, 'flags &') : t;
}

/**
 * The tests of `text` that the vocabulary decides outright (a rule rewriting it to `true` or
 * `false`: no modelled fault is an unshare, speculative or per-VMA-lock fault), each with why:
 * a report lists them, since the code behind such a test is never explored.
 */
export function decidedTests(text: string): { readonly test: string; readonly value: string; readonly why: string }[] {
  const out: { test: string; value: string; why: string }[] = [];
  for (const e of EQUIVALENT_TESTS) {
    if (e.to !== 'false' && e.to !== 'true') continue;
    for (const m of text.matchAll(e.re)) out.push({ test: m[0].trim(), value: e.to, why: e.why });
  }
  return out;
}

/**
 * `text` with the spellings that name their lock by its argument (`spin_lock(&mapping->i_mmap_lock)`)
 * written as the models spell them: a model's own step for the bare call (`spin_lock(new_ptl)`)
 * is another lock, so these apply whatever steps the scenario has.
 */
export function pinnedSpellings(text: string): string {
  return cached(pinnedCache, text, () => {
    let out = text;
    for (const e of EQUIVALENT_TESTS) if (e.pinned) out = out.replace(e.re, e.to);
    return out;
  });
}

// (Both are read for every line a lift looks at, often the same line many times: kept per text.)
const pinnedCache = new Map<string, string>();
const canonicalCache = new Map<string, string>();
function cached(cache: Map<string, string>, text: string, f: () => string): string {
  let v = cache.get(text);
  if (v === undefined) {
    if (cache.size > 50_000) cache.clear();
    v = f();
    cache.set(text, v);
  }
  return v;
}

/** `text` in the vocabulary's spelling: its pinned lock spellings, then its equivalent tests. */
export function vocabularySpelling(text: string): string {
  return canonicalTests(pinnedSpellings(text));
}

/** `text` with equivalent tests written the way the models spell them (unchanged if none). */
export function canonicalTests(text: string): string {
  return cached(canonicalCache, text, () => {
    let out = text;
    for (const e of EQUIVALENT_TESTS) out = out.replace(e.re, e.to);
    return out;
  });
}

/** Calls that change nothing a race model holds, by class (the report says which). */
export interface NoEffectClass {
  readonly class: 'accounting' | 'lru' | 'cgroup' | 'tracing' | 'debug' | 'scheduling' | 'sanitizer' | 'hint' | 'init' | 'vivt-cache' | 'gather' | 'slab' | 'vma-walk' | 'pt-refcount' | 'pkey' | 'lazy-mmu' | 'vma-lock' | 'uffd-event' | 'vma-tree' | 'deferred-split' | 'huge-mapping' | 'alloc-scope' | 'reclaim-tlb-batch' | 'cow-pte' | 'swap-cache';
  readonly names: readonly string[];
  /** Name prefixes of the class (`trace_`, `count_vm_`). */
  readonly prefixes: readonly string[];
  /** Only in a scenario whose lexicon sets this (the class's calls matter elsewhere). */
  readonly onlyWhere?: 'freesNoPageTable' | 'noUserfaultfd' | 'onlySmallPages';
}

export const NO_EFFECT: readonly NoEffectClass[] = [
  {
    class: 'accounting',
    names: ['inc_mm_counter', 'dec_mm_counter', 'add_mm_counter', 'inc_mm_counter_fast', 'dec_mm_counter_fast', 'add_mm_rss_vec', 'mm_counter', 'mm_counter_file', 'update_hiwater_rss', 'vm_stat_account', 'task_io_account_read', 'acct_reclaim_writeback', 'mm_inc_nr_ptes', 'mm_dec_nr_ptes', 'mm_inc_nr_pmds', 'mm_dec_nr_pmds', 'mm_inc_nr_puds', 'mm_dec_nr_puds', 'shmem_acct_block', 'shmem_unacct_blocks', 'shmem_inode_acct_block', 'shmem_inode_acct_blocks', 'shmem_inode_unacct_blocks', 'shmem_acct_size', 'shmem_unacct_size', 'folio_set_referenced', 'SetPageReferenced', 'mark_page_accessed', 'folio_mark_accessed', 'node_stat_mod_folio', 'lruvec_stat_mod_folio', '__lruvec_stat_mod_folio', 'local_clock', 'start_lockless_pgtbl_walk', 'end_lockless_pgtbl_walk', 'mm_account_fault'],
    // (start/end_lockless_pgtbl_walk(): the 2019 postings' count of lockless page-table walkers,
    // read only by powerpc's serialize_against_pte_lookup() to skip its IPI. No modelled machine
    // reads it, and the walk's IRQs-off steps stay steps of their own.)
    // (delayacct_*: per-task delay accounting around a copy or a reclaim; local_clock() its timestamp.)
    // (shmem_*acct_*: a tmpfs's block and size limits, and percpu_counter_*: the counters they keep.)
    prefixes: ['delayacct_', '__delayacct_', 'percpu_counter_', 'count_vm_', '__count_vm_', 'count_memcg_', 'inc_node_', 'dec_node_', '__mod_', 'mod_node_', 'mod_lruvec_', '__inc_', '__dec_', 'inc_zone_', 'dec_zone_'],
  },
  {
    class: 'lru',
    // (The non-atomic forms set the flag on a page nobody else sees yet.)
    names: ['folio_set_swapbacked', 'folio_clear_swapbacked', 'SetPageSwapBacked', 'ClearPageSwapBacked', '__SetPageSwapBacked', '__ClearPageSwapBacked', '__folio_set_swapbacked', '__folio_clear_swapbacked', 'lru_cache_add', 'lru_cache_add_inactive_or_unevictable', 'folio_add_lru', 'folio_add_lru_vma', 'lru_add_drain', 'lru_add_drain_all', 'activate_page', 'folio_activate', 'deactivate_page', 'mlock_vma_page', 'munlock_vma_page', 'mlock_vma_folio', 'munlock_vma_folio', 'folio_isolate_lru', 'isolate_lru_page'],
    prefixes: ['lru_add_', '__lru_cache_add', 'lru_cache_add_'],
  },
  // Virtually indexed caches' maintenance around a PTE change: no model keeps such a cache (S4's
  // I/D-cache steps are primitives of their own, and a scenario's own steps come first).
  // The architecture's hook after a PTE is set (empty on x86; MIPS and others preload their TLB
  // or sync caches): a model with such a step has it as its own.
  { class: 'vivt-cache', names: ['flush_cache_page', 'flush_cache_range', 'flush_cache_mm', 'flush_cache_vmap', 'flush_cache_vunmap', 'flush_anon_page', 'update_mmu_cache', 'update_mmu_cache_range', 'update_mmu_tlb', 'update_mmu_tlb_range'], prefixes: [] },
  // mmu_gather bookkeeping: widens the range a later tlb_flush_mmu()/tlb_finish_mmu() flushes; no
  // TLB is touched here (the arch hook behind it is empty on x86 and arm64). tlb_start_vma() is
  // the VIVT cache flush of the range and nothing for the TLB (tlb_end_vma() may flush: not here).
  // Pages queued on the gather (`__tlb_remove_page()`) are freed after the flush: a model that
  // frees zapped pages has that as its own step (S3), the others never free them.
  // tlb_change_page_size() (tlb_remove_check_page_size_change() until 5.1) flushes only when the
  // gather's page size changes: every model maps one base page.
  // 6.2's delayed rmap (5df397dec7c4): the zap may leave a dirty file page's rmap removal to the
  // gather, done before the PTL is dropped. The models remove it at the zap (SHARED_FACTS says the
  // delay is not taken), so the gather holds no delayed rmap for these to act on.
  { class: 'gather', names: ['tlb_flush_rmaps', 'tlb_discard_rmaps'], prefixes: [] },
  // Lazy MMU mode batches PTE writes for paravirtualised and hashed MMUs (Xen PV, powerpc hash),
  // to be issued at its end or flush; on the modelled machines (x86 native, arm64) it defers no
  // PTE write a model holds. 2025's lazy_mmu_mode_*() wrap the arch_*() hooks. (A scenario that
  // anchors the hooks, S6, has them as its own steps first.)
  { class: 'lazy-mmu', names: ['arch_enter_lazy_mmu_mode', 'arch_leave_lazy_mmu_mode', 'arch_flush_lazy_mmu_mode', 'lazy_mmu_mode_enable', 'lazy_mmu_mode_disable', 'lazy_mmu_mode_pause', 'lazy_mmu_mode_resume', 'in_lazy_mmu_mode', 'is_lazy_mmu_mode_active'], prefixes: [] },
  // The per-VMA lock's writer side (6.4's vma_start_write(), the 2022 postings' vma_mark_locked()):
  // it excludes page faults taken under the VMA's read lock, and every modelled fault holds the
  // mmap lock instead (SHARED_FACTS: no FAULT_FLAG_VMA_LOCK), so it excludes nothing a model runs.
  // (hugetlb's own VMA lock, 5.19 on: no modelled VMA is hugetlb, so none has it.)
  { class: 'vma-lock', names: ['vma_start_write', 'vma_start_write_killable', 'vma_mark_locked', 'vma_write_lock', 'vma_end_write_all', 'vma_mark_detached', 'vma_mark_attached', 'hugetlb_vma_lock_read', 'hugetlb_vma_unlock_read', 'hugetlb_vma_lock_write', 'hugetlb_vma_unlock_write', 'hugetlb_vma_assert_locked'], prefixes: [] },
  { class: 'gather', names: ['tlb_remove_page', '__tlb_remove_page', 'tlb_remove_page_size', '__tlb_remove_page_size', 'tlb_remove_folio_pages', '__tlb_remove_folio_pages', 'tlb_start_vma', 'tlb_remove_tlb_entry', 'tlb_remove_tlb_entries', 'tlb_flush_pte_range', '__tlb_remove_tlb_entry', '__tlb_adjust_range', 'tlb_change_page_size', 'tlb_remove_check_page_size_change'], prefixes: [] },
  {
    class: 'cgroup',
    // (folio_throttle_swaprate / cgroup_throttle_swaprate: a cgroup's swap-pressure throttle before a charge.)
    names: ['folio_throttle_swaprate', 'cgroup_throttle_swaprate', 'mem_cgroup_charge', 'mem_cgroup_uncharge', 'mem_cgroup_commit_charge', 'mem_cgroup_cancel_charge', 'mem_cgroup_try_charge_delay', 'mem_cgroup_swapin_charge_folio', 'folio_memcg', 'count_objcg_event'],
    // (bc_: the 2006-2007 beancounter postings, a container's resource counters before memcg.)
    prefixes: ['mem_cgroup_', 'memcg_', 'obj_cgroup_', 'folio_memcg_', 'bc_'],
  },
  { class: 'tracing', names: ['perf_sw_event', 'ftrace_dump'], prefixes: ['trace_', 'perf_event_', 'kmemleak_'] },
  {
    class: 'debug',
    names: ['printk', 'dump_page', 'dump_vma', 'dump_mm', 'print_bad_pte', 'might_sleep', 'might_fault', 'might_lock', 'might_lock_read', 'lockdep_assert_held', 'lockdep_assert_irqs_disabled', 'mmap_assert_locked', 'mmap_assert_write_locked',
      // (The per-VMA lock's and a spinlock's assertions: they warn when the lock is not held, and take nothing.)
      'vma_assert_locked', 'vma_assert_write_locked', 'vma_assert_attached', 'vma_assert_detached', 'assert_spin_locked', 'assert_fault_locked', 'BUG', 'WARN', 'pr_info', 'pr_warn', 'pr_err', 'pr_debug',
      // (6.6's arch hooks on a zapped entry: x86 and riscv warn if it was a shadow-stack PTE or PMD.)
      'arch_check_zapped_pte', 'arch_check_zapped_pmd', 'arch_check_zapped_pud'],
    prefixes: ['pr_', 'WARN_', 'BUG_', 'VM_BUG_ON', 'VM_WARN', 'lockdep_assert', 'dev_dbg', 'dev_warn', 'dev_err', 'dev_info', 'printk_', 'debug_', 'pgtable_trans_huge_', '__folio_rmap_sanity_checks', 'sanity_check_',
      // (5.17's CONFIG_PAGE_TABLE_CHECK: counters kept beside the page tables to catch a page mapped
      // both writable and shared; they BUG() on a bad transition and change nothing else.)
      'page_table_check_'],
  },
  {
    // Initialising an object nobody else can see yet (`DEFINE_*()` declares and initialises a
    // local: the 2010 posting's DEFINE_ZAP_DETAILS(), DEFINE_WAIT()).
    class: 'init',
    names: ['spin_lock_init', 'raw_spin_lock_init', 'mutex_init', 'init_rwsem', 'init_waitqueue_head', 'INIT_LIST_HEAD', 'atomic_set', 'refcount_set', 'seqcount_init', 'mmu_notifier_range_init', 'mmu_notifier_range_init_owner', 'tlb_gather_mmu', 'lru_add_drain', 'folio_batch_init', 'folio_batch_reinit', 'pagevec_init'],
    prefixes: ['DEFINE_'],
  },
  // NUMA balancing's per-task fault statistics (task_numa_fault) steer scheduling, not PTEs.
  // pagefault_disable() makes a user copy fail instead of faulting; no model's copy fails.
  // (numa_migrate_check(): 6.10's numa_migrate_prep(), the node a NUMA fault's folio would move to.)
  // balance_dirty_pages_ratelimited() throttles a task that dirties pages; the writeback it may
  // wake is the flusher's, which no model runs.
  // wait_on_page_locked() and its folio and writeback kin sleep until a bit clears and take
  // nothing: the lock or writeback is free again at once for anyone else. Read as no step, a wait
  // only lets the model run more interleavings, never fewer.
  {
    class: 'scheduling',
    names: [
      'cond_resched', 'cond_resched_lock', 'cpu_relax', 'schedule', 'task_numa_fault', 'numa_migrate_prep', 'numa_migrate_check', 'count_memcg_event_mm', 'pagefault_disable', 'pagefault_enable', 'balance_dirty_pages_ratelimited',
      'wait_on_page_locked', 'wait_on_page_locked_killable', 'folio_wait_locked', 'folio_wait_locked_killable', 'wait_on_page_writeback', 'folio_wait_writeback', 'folio_wait_stable', 'wait_for_stable_page',
    ],
    prefixes: [],
  },
  // Slab objects (an xol_area, a bitmap): no model holds them, only pages.
  // (A uprobe's own refcount, get_uprobe()/put_uprobe()/try_get_uprobe(), is a slab object's.)
  // (mmgrab()/mmdrop() hold the mm_struct itself, mmget()/mmput() its address space: the
  // process that owns each model's mm lives throughout, so no put is the last.)
  // (pte_alloc_one() and kin: a page-table page allocated, not yet installed where a walk sees it.)
  // (2.6.0-2.6.6's rmap allocated a pte_chain per shared mapping of a page: slab memory.)
  { class: 'slab', names: ['pte_chain_alloc', 'pte_chain_free', 'pte_alloc_one', 'pmd_alloc_one', 'pud_alloc_one', 'p4d_alloc_one', 'mmgrab', 'mmdrop', 'mmget', 'mmput', 'mmget_not_zero', 'get_uprobe', 'put_uprobe', 'try_get_uprobe', 'kfree', 'kvfree', 'kmalloc', 'kzalloc', 'kcalloc', 'kvmalloc', 'kvzalloc', 'kmem_cache_alloc', 'kmem_cache_zalloc', 'kmem_cache_free', 'bitmap_zalloc', 'bitmap_free', 'bitmap_kzalloc', 'bitmap_kfree', 'anon_vma_chain_alloc', 'anon_vma_chain_free', 'anon_vma_alloc', 'anon_vma_free'], prefixes: [] },
  // A walk over the VMAs of a range (6.1's VMA iterator): every model's range is one VMA, which
  // the loop's body handles once; the iterator itself touches nothing a model holds.
  // The free-user-PTE postings (2021-2022, never merged) count the users of a PTE table and free
  // it at the last put. Only where the scenario frees no page table does the count change
  // nothing the model holds; elsewhere these stay unknown.
  // A userfaultfd monitor told of an event on the range (non-cooperative userfaultfd, 4.11 on):
  // with no registered VMA there is no monitor, and the call returns at once.
  { class: 'uffd-event', names: ['madvise_userfault_dontneed', 'userfaultfd_remove', 'userfaultfd_unmap_prep', 'userfaultfd_unmap_complete', 'mremap_userfaultfd_prep', 'mremap_userfaultfd_complete', 'dup_userfaultfd', 'dup_userfaultfd_complete'], prefixes: [], onlyWhere: 'noUserfaultfd' },
  // A large folio's place on the deferred-split queue (6.x; 2024's hotfix renamed the unqueue):
  // the queue holds only large folios, so where every page is small these calls do nothing.
  {
    class: 'deferred-split',
    names: ['folio_undo_large_rmappable', '__folio_undo_large_rmappable', 'folio_unqueue_deferred_split', '__folio_unqueue_deferred_split', 'deferred_split_folio', 'deferred_split_huge_page'],
    prefixes: [],
    onlyWhere: 'onlySmallPages',
  },
  // What the fault path does with a huge (PMD or PUD) mapping: where every page is small, no
  // huge mapping exists, so these act on nothing (they run only on a huge entry's path).
  {
    class: 'huge-mapping',
    names: ['huge_pmd_set_accessed', 'huge_pud_set_accessed', 'wp_huge_pmd', 'wp_huge_pud', 'create_huge_pmd', 'create_huge_pud', 'do_huge_pmd_numa_page', 'do_huge_pmd_wp_page', 'do_huge_pmd_anonymous_page', 'do_huge_pud_wp_page', 'flush_tlb_fix_spurious_fault_pmd'],
    prefixes: [],
    onlyWhere: 'onlySmallPages',
  },
  // The COW-PTE postings (2022-2023, never merged) share a PTE table between parent and child
  // after fork and record which PMD owns it in the table page's struct page: bookkeeping no model
  // reads (no modelled mm shares a PTE table; their break_cow_pte() returns at once).
  { class: 'cow-pte', names: ['set_cow_pte_owner', 'cow_pte_owner_is_same'], prefixes: [] },
  // A page taken out of the swap cache once no PTE holds its swap entry (try_to_free_swap(),
  // folio_free_swap(); free_swap_cache() trylocks the page around the same): it drops the swap
  // cache's own entry and reference only. No model keeps a swap cache or a swap PTE, so there is
  // no entry or reference of a model's for it to drop.
  { class: 'swap-cache', names: ['try_to_free_swap', 'folio_free_swap', 'free_swap_cache'], prefixes: [] },
  // (A try-get of the count, pte_try_get() and kin, fails only where the PMD no longer points to
  // a live table: where no table is freed it succeeds, SUCCESS_RETURNS.)
  { class: 'pt-refcount', names: ['pte_get', 'pte_get_many', 'pte_put', 'pte_put_vmf', 'pte_put_many', '__pte_put', 'pte_update_pmd', 'free_user_pte', 'pte_ref_free', 'pte_ref_init', 'pte_try_get', 'pte_tryget', 'pte_get_unless_zero',
    // (The 2022 posting keeps that count in a percpu_ref, `->pte_ref`: switching its mode between
    // per-CPU and atomic counting changes no count.)
    'percpu_ref_switch_to_percpu', 'percpu_ref_switch_to_atomic', 'percpu_ref_switch_to_atomic_sync'], prefixes: [], onlyWhere: 'freesNoPageTable' },
  // (The maple tree of VMAs, 6.1: its walk state, its iteration, and its own spinlock, which only
  // writers of the VMA tree take; no modelled actor changes the tree.)
  { class: 'vma-walk', names: ['for_each_vma', 'for_each_vma_range', 'VMA_ITERATOR', 'vma_iter_init', 'vma_iter_set', 'MA_STATE', 'mas_for_each', 'mas_find', 'mas_next', 'mas_prev', 'mas_pause', 'mas_set', 'mas_walk', 'mas_lock', 'mas_unlock'], prefixes: [] },
  // Splitting and merging VMA structs (mprotect, madvise, mlock, userfaultfd registration, and
  // 6.7's vma_modify*() that does both): which struct covers the range changes, not a PTE, TLB,
  // page or lock a model holds. (A split also splits a huge PMD at the cut: no model maps one.)
  {
    class: 'vma-tree',
    names: ['split_vma', '__split_vma', 'vma_merge', 'vmi_vma_merge', 'vma_merge_new_range', 'vma_merge_existing_range', 'vma_modify', 'vma_modify_flags', 'vma_modify_flags_name', 'vma_modify_flags_uffd', 'vma_modify_policy', 'vma_modify_name', 'vma_adjust', '__vma_adjust', 'vma_expand', 'vma_shrink', 'vma_prepare', 'vma_complete'],
    prefixes: [],
  },
  { class: 'sanitizer', names: ['kasan_check_read', 'kasan_check_write', 'kmsan_unpoison_memory', 'instrument_read', 'instrument_write'], prefixes: ['kasan_', 'kmsan_', 'kcsan_', 'kfence_'] },
  // Memory protection keys: the mm's bitmap of allocated keys and the CPU's per-thread access
  // rights (PKRU). A key only narrows what user code may touch through a PTE; no model's race
  // depends on it, and no model gives a VMA a key.
  { class: 'pkey', names: ['mm_pkey_alloc', 'mm_pkey_free', 'mm_pkey_is_allocated', 'mm_set_pkey_allocated', 'mm_set_pkey_free', 'arch_set_user_pkey_access', 'execute_only_pkey', 'arch_override_mprotect_pkey', 'arch_max_pkey', 'vma_pkey'], prefixes: [] },
  // The TLB flush reclaim deferred for an mm (4.3's batched unmap flush): flush_tlb_batched_pending()
  // in the walkers that change PTEs, and reclaim's own flush of its batch (and the 2024-2025 LUF
  // postings' generation for a flush deferred past the free: try_to_unmap_luf(), v12's
  // fold_unmap_luf() and luf_flush()). No model defers reclaim's flush (S6's reclaimer flushes at
  // once; S2 keeps no TLB), so none is ever pending.
  { class: 'reclaim-tlb-batch', names: ['flush_tlb_batched_pending', 'try_to_unmap_flush', 'try_to_unmap_flush_dirty', 'try_to_unmap_luf', 'fold_unmap_luf', 'luf_flush'], prefixes: [] },
  // Reclaim's look at a folio's accessed bits and the LRU decision it makes from them (which
  // clears young bits no model keeps).
  // (mlock_drain_local(), 6.1: the per-CPU batch of mlock LRU moves; no modelled VMA is mlocked.)
  { class: 'lru', names: ['folio_referenced', 'page_referenced', 'folio_check_references', 'page_check_references', 'mlock_drain_local'], prefixes: [] },
  // A page's place on its LRU list and the flags that keep it (PG_active, PG_referenced), under
  // the lruvec's own lock: reclaim's ordering of pages, nothing a race model holds. (A page put
  // on or taken off the LRU here is still mapped, locked and counted as it was.)
  {
    class: 'lru',
    names: ['ClearPageReferenced', 'folio_clear_referenced', 'SetPageActive', 'ClearPageActive', '__ClearPageActive', 'folio_set_active', 'folio_clear_active', '__folio_clear_active', 'del_page_from_lru_list', 'add_page_to_lru_list', 'add_page_to_lru_list_tail', 'lruvec_del_folio', 'lruvec_add_folio', 'lruvec_add_folio_tail'],
    prefixes: ['lock_page_lruvec', 'unlock_page_lruvec', 'trylock_page_lruvec', 'folio_lruvec_lock', 'folio_lruvec_relock', 'lruvec_lock', 'lruvec_unlock'],
  },
  // The task's allocation scope (memalloc_nofs_save(), memalloc_noio_save(), 5.9's
  // memalloc_pin_save() keeping a long-term pin's pages out of CMA, 2022's memalloc_flags_save()):
  // which memory the task's allocations may use or reclaim, nothing a model holds.
  { class: 'alloc-scope', names: [], prefixes: ['memalloc_'] },
  { class: 'hint', names: ['prefetch', 'prefetchw', 'barrier', 'cpu_relax', 'ksm_might_unmap_zero_page', 'khugepaged_enter_vma', 'vma_set_page_prot'], prefixes: ['prefetch'] },
];

/**
 * Calls that only compute a value from their arguments (conversions, PTE value builders, size
 * helpers): a statement made only of these computes a local.
 */
export const PURE: readonly string[] = [
  'pte_val', 'pmd_val', 'pud_val', 'pte_pfn', 'pmd_pfn', 'page_to_pfn', 'pfn_to_page', 'folio_page', 'page_folio', 'virt_to_page',
  'page_address', 'pte_page', 'pmd_page', 'compound_head', 'folio_pfn', 'pte_offset_map',
  // The folio or page-table page a PMD entry points to (6.9's pmd_folio()/pud_folio(): the folio
  // of pmd_page(); pmd_pgtable(): the PTE table's page, a pointer read off the entry).
  'pmd_folio', 'pud_folio', 'pmd_pgtable', 'pmd_ptdesc',
  // (Kin of those: an entry's protection bits, a table index, the page of a PTE table's
  // descriptor and back, the PTE lock's pointer, a PMD entry's page or value built (pfn_pmd(),
  // mk_pmd()), the next PFN's entry: each a value read or built off its arguments.)
  'pte_pgprot', 'pmd_pgprot', 'pud_pgprot', 'pte_index', 'pmd_index', 'pud_index', 'page_ptdesc', 'ptdesc_page', 'ptlock_ptr',
  'pud_pfn', 'pmd_page_vaddr', 'pfn_pmd', 'mk_pmd', 'pte_advance_pfn', 'pmd_to_swp_entry', 'vm_normal_page_pmd', 'vm_normal_folio_pmd',
  // The 2021 PTE-table refcount posting's pte_offset_map() that also takes a reference on the table.
  'pte_tryget_map',
  // An RCU-protected pointer read: a load (the grace period it relies on is the reader's section).
  'rcu_dereference', 'rcu_dereference_protected', 'rcu_dereference_check', 'rcu_access_pointer',
  // How many PTEs from this one map the same folio (6.16's unmap of a large folio, the arch's
  // hint): a count read off the entries, nothing written.
  'folio_unmap_pte_batch', 'pte_batch_hint',
  // The VMA flags a system mapping is sealed with (VM_SEALED or 0, by CONFIG_MSEAL_SYSTEM_MAPPINGS; 6.15).
  'mseal_system_mappings',
  // Whether the gather delays a zapped page's rmap removal (6.2; the 2023 postings' name): a value
  // (SHARED_FACTS decides it where it is tested).
  'tlb_delay_rmap', 'tlb_batch_rmap',
  // Map the PTE page and say which PTL guards it, without taking it (the caller locks after).
  'pte_offset_map_nolock', 'pte_offset_map_rw_nolock', 'pte_offset_map_ro_nolock', 'pte_offset_map_maywrite_nolock', 'pte_offset_map_readonly_nolock', 'pmd_offset', 'pud_offset', 'pgprot_val',
  // The walk to the PMD: the tables above the PTE table are there in every model (its mapping is
  // populated), so `pmd_alloc()` and kin find the entry as pmd_offset() does; a failed
  // allocation (the `return VM_FAULT_OOM` after) is no path a model takes.
  'pgd_offset', 'p4d_offset', 'p4d_alloc', 'pud_alloc', 'pmd_alloc',
  'vm_get_page_prot', 'folio_nr_pages', 'compound_nr', 'min', 'max', 'min_t', 'max_t', 'ALIGN', 'PAGE_ALIGN', 'offset_in_page',
  // The allocation flags a fault's page is allocated with (from the file's mapping).
  '__get_fault_gfp_mask', 'mapping_gfp_mask', 'mapping_gfp_constraint',
  'linear_page_index', 'file_inode', 'i_size_read', 'DIV_ROUND_UP', 'mk_pte', 'pfn_pte', 'pte_mkold', 'pte_mkyoung', 'pte_sw_mkyoung',
  // (pte_savedwrite(): whether a NUMA-hinting PTE was writable, read off the value; powerpc kept
  // it in a bit of its own, elsewhere it was pte_write(), until 6.2.)
  'pte_savedwrite', 'pmd_savedwrite',
  // (pte_needs_flush(): whether a PTE change needs a TLB flush, read off the two values, 6.0 on.)
  'pte_needs_flush',
  // A local batch of folios (a folio_batch, a pagevec): adding one, or asking how full it is,
  // changes no page, reference or table (its release, which puts them, is another call).
  'folio_batch_add', 'folio_batch_count', 'folio_batch_space', 'pagevec_add', 'pagevec_count', 'pagevec_space',
  'pte_mkdirty', 'pte_mkwrite', 'pte_mkwrite_novma', 'pte_mkclean', 'maybe_mkwrite', 'pte_mkspecial', 'page_mapping', 'vma_pages',
  'vma_pgoff_offset', 'folio_mapping', 'pte_none', 'pte_present', 'folio_mk_pte', 'pte_mkuffd_wp', 'pte_clear_uffd_wp', 'pte_wrprotect', 'pte_modify',
  'pte_mksoft_dirty', 'pte_clear_soft_dirty', 'pgprot_modify', 'pte_swp_mkuffd_wp', 'pte_swp_clear_uffd_wp', 'pte_swp_uffd_wp',
  // (A PTE marker's value, 5.19 on: a non-present entry built from its marker bits, written by
  // the set_pte_at() that follows.)
  'make_pte_marker', 'make_pte_marker_entry', 'pte_marker_get',
  'pte_swp_mksoft_dirty', 'pte_swp_clear_soft_dirty', 'pte_swp_soft_dirty', 'pte_marker_uffd_wp', 'pte_mkuffd_wp', 'pte_uffd_wp', 'page_to_nid', 'folio_nid', 'numa_node_id',
  'folio_size', 'folio_order', 'folio_pgoff', 'page_index', 'page_to_virt', 'kmap_local_page', 'kunmap_local', 'kmap_atomic',
  'kunmap_atomic', 'kmap', 'kunmap', 'kmap_thread', 'kunmap_thread', 'kmap_local_folio', 'folio_page_idx', 'folio_next_index', 'vma_policy', 'anon_vma_name',
  // The kunmap of a PTE page mapped without its lock (CONFIG_HIGHPTE; from 6.5 also the RCU read
  // section pte_offset_map() opened, which no model holds). A model that anchors it has its own step.
  'pte_unmap', 'pte_offset_kernel',
  // (Until 2.6.37 the second PTE table a function held mapped at once had kmap slots of its own:
  // pte_offset_map_nested() and pte_unmap_nested(), the same map and unmap.)
  'pte_offset_map_nested', 'pte_unmap_nested', 'pmd_addr_end', 'pud_addr_end', 'pgd_addr_end', 'p4d_addr_end',
  // (The 2020 s390 posting's forms that take the entry's value, for page tables folded at run time.)
  'pmd_addr_end_folded', 'pud_addr_end_folded', 'p4d_addr_end_folded', 'pgd_addr_end_folded', 'pgd_offset', 'p4d_offset',
  // mremap's walks down to the old range's PUD/PMD (mm/mremap.c): lookups that change nothing.
  'get_old_pud', 'get_old_pmd',
  // zap_pte_range()'s tests of the zap_details flags (whether to drop uffd-wp or other markers).
  'zap_drop_file_uffd_wp', 'zap_drop_markers',
  'vma_is_anonymous', 'vma_is_shmem', 'is_cow_mapping', 'folio_test_large', 'pte_next_pfn', 'PageTransCompound', 'is_zero_pfn',
  'my_zero_pfn', 'pte_mkhuge', 'pte_to_swp_entry', 'swp_entry_to_pte', 'is_swap_pte', 'pte_special', 'pte_young', 'pte_dirty', 'pte_write',
  // 6.19's software leaf entries (softleaf_t, the swap entry's new name) and their conversions.
  'softleaf_from_pte', 'softleaf_to_pte', 'softleaf_from_pmd', 'softleaf_to_folio', 'softleaf_to_page', 'softleaf_to_pfn', 'pfn_swap_entry_folio', 'pfn_swap_entry_to_page',
  // (The same series' earlier postings spelled them leafent_*, leaf_entry_t.)
  'leafent_from_pte', 'leafent_to_pte', 'leafent_from_pmd', 'leafent_to_folio', 'leafent_to_page', 'leafent_to_pfn',
  // The PTL's address, not the lock taken (a model that anchors it has it as its own step).
  'pte_lockptr', 'pmd_lockptr',
  'vm_normal_page', 'vm_normal_folio', 'ERR_PTR', 'PTR_ERR', 'IS_ERR', 'IS_ERR_OR_NULL', 'unlikely', 'likely', 'READ_ONCE',
  // How many PTEs from this one on map consecutive pages of one folio (a count read off the
  // PTEs, under the PTL), and the per-caller wrappers of 2025 (mprotect, mremap): the batch
  // width; every model's page is one PTE, so a batch is that PTE.
  'folio_pte_batch', 'folio_pte_batch_flags', 'mprotect_folio_pte_batch', 'mremap_folio_pte_batch',
  // (The 2023 batched-zap postings' name for how many PTEs map one folio's next pages.)
  'pte_batch_remaining',
  // The range-lock postings' declaration of a local range (the whole address space) to lock.
  'DEFINE_RANGE_LOCK_FULL', 'range_lock_init_full',
];

/**
 * Name fragments that say a call may touch what the models hold (page tables, TLBs, secondary
 * MMUs, refcounts and pins, locks, ->mapping, caches): an unknown call with one of these in
 * its name is not assumed harmless; the patch is `unmapped` there, with the name.
 */
export const MAY_TOUCH_STATE: readonly string[] = [
  'pte', 'pmd', 'pud', 'p4d', 'pgd', 'tlb', 'flush', 'notifier', 'invalidate', 'lock', 'unlock', 'mutex', 'sem', 'rcu',
  'get_page', 'put_page', 'folio_get', 'folio_put', 'ref', 'pin', 'grab', 'rmap', 'mapping', 'zap', 'unmap', 'remap', 'map_pages',
  'copy', 'cow', 'dirty', 'icache', 'dcache', 'cache', 'irq', 'free', 'release', 'migrate', 'split', 'collapse', 'swap', 'fault',
  // PTEs installed (vm_insert_page(), vmf_insert_pfn()), or write-protected and cleaned over the
  // rmap (folio_mkclean()).
  'insert_page', 'insert_pfn', 'insert_mixed', 'mkclean',
];

/** Name prefixes of read-only tests (`PageAnon`, `folio_test_*`, `pte_same`, `vma_*`). */
export const PREDICATE_PREFIXES: readonly string[] = [
  'is_', 'Page', 'folio_test_', 'pte_same', 'pte_none', 'pte_present', 'pte_write', 'pte_dirty', 'pte_young', 'pte_uffd_wp',
  'pte_protnone', 'pte_special', 'pte_soft_dirty', 'pmd_same', 'pmd_none', 'pmd_present', 'pmd_trans_huge', 'pmd_devmap', 'pmd_bad',
  'pmd_leaf', 'pmd_write', 'vma_', 'userfaultfd_', 'mm_', 'can_', 'should_', 'need_', 'may_', 'uffd_', 'folio_is_', 'page_is_',
  // Estimates read off the refcount or mapcount (`folio_maybe_dma_pinned`, `folio_maybe_mapped_shared`).
  'folio_maybe_', 'page_maybe_', 'folio_likely_',
  // 6.19's tests of a software leaf entry (softleaf_is_migration_write(), ...).
  'softleaf_is_', 'softleaf_has_', 'leafent_is_', 'leafent_has_',
];
/** Verb fragments of calls that act (lock, take or drop references, clear, flush, free...). */
export const ACTING_VERBS: readonly string[] = [
  'lock', 'get', 'put', 'grab', 'pin', 'clear', 'set', 'flush', 'invalidate', 'alloc', 'free', 'copy', 'zap', 'isolate', 'migrate',
  'split', 'inc', 'dec', 'add', 'sub', 'xchg', 'cmpxchg', 'charge', 'map', 'unmap', 'install',
];

// --- lookups ---------------------------------------------------------------------------------

/** Each spelling's row (its primitive, and the family's other spellings). */
const byRow = new Map<string, PrimitiveRow>();
for (const row of PRIMITIVES) for (const sp of row.spellings) byRow.set(sp.name, row);

/**
 * `text` in the page spelling a folio conversion replaced: each call of a folio spelling of a
 * primitive becomes the family's first spelling (`folio_put` -> `put_page`), and the folio
 * locals become the page locals they were made from (`old_folio` -> `old_page`). The models keep
 * one base page per folio, so `folio_put(old_folio)` is the model's `put_page(old_page)`.
 * Unchanged where no folio spelling is called.
 */
export function pageSpelling(text: string): string {
  if (!text.includes('folio')) return text;
  let called = false;
  const out = text.replace(/\b(\w*folio\w*)(\s*\()/g, (m, name: string, paren: string) => {
    const row = byRow.get(name);
    if (!row || row.spellings[0].name.includes('folio')) return m;
    called = true;
    return row.spellings[0].name + paren;
  });
  return called ? out.replace(/\b(\w+_)?folio\b(?!\s*\()/g, (_m, pre?: string) => `${pre ?? ''}page`) : text;
}

/** The primitive a kernel spelling is (`folio_lock` -> `page_lock`), or null. */
export function primitiveOf(name: string): string | null {
  return byRow.get(name)?.primitive ?? null;
}

/** The no-effect class of a call, or null. */
export function noEffectClassOf(name: string): NoEffectClass['class'] | null {
  return noEffectRowOf(name)?.class ?? null;
}

/** The no-effect row a call is in, or null. */
export function noEffectRowOf(name: string): NoEffectClass | null {
  return NO_EFFECT.find((c) => c.names.includes(name) || c.prefixes.some((p) => name.startsWith(p))) ?? null;
}

/**
 * A name of the MMU-notifier interface or of a walk over its subscribers (`mmu_notifier_*`,
 * `__mmu_notifier_*`, the 2008 postings' `do_mmu_notifier_for_each()` and `mmu_notifier_unmap()`).
 */
export function isMmuNotifierName(name: string): boolean {
  return /^\w*mmu_notifiers?(?:_\w+)?$/.test(name);
}

const pure = new Set(PURE);
/** Page-table entry value builders (`pte_mkdirty_shstk`, `pmd_mkhuge`): a new value, nothing written. */
const PURE_PREFIXES = ['pte_mk', 'pmd_mk', 'pud_mk'];
/**
 * The end of the range one page-table entry covers (`pmd_addr_end`, and the 2020 s390 posting's
 * `gup_pmd_addr_end()` for tables folded at run time): address arithmetic, nothing read or written.
 */
const ADDR_END = /^\w*(?:pgd|p4d|pud|pmd)_addr_end(?:_folded)?$/;
export function isPure(name: string): boolean {
  return pure.has(name) || PURE_PREFIXES.some((p) => name.startsWith(p)) || ADDR_END.test(name);
}

/**
 * Spellings of taking and of dropping one spinlock, whose lock is the first argument: lockdep's
 * nesting annotation (`spin_lock_nested(ptl, SINGLE_DEPTH_NESTING)`, 2.6.18) and the forms that
 * also disable interrupts or bottom halves take the same lock, so they are the same step of a
 * model that holds that lock.
 */
export const SPINLOCK_SPELLINGS: { readonly acquire: readonly string[]; readonly release: readonly string[] } = {
  acquire: ['spin_lock', 'spin_lock_nested', 'spin_lock_irq', 'spin_lock_irqsave', 'spin_lock_irqsave_nested', 'spin_lock_bh', 'raw_spin_lock', 'raw_spin_lock_nested', 'raw_spin_lock_irq', 'raw_spin_lock_irqsave'],
  release: ['spin_unlock', 'spin_unlock_irq', 'spin_unlock_irqrestore', 'spin_unlock_bh', 'raw_spin_unlock', 'raw_spin_unlock_irq', 'raw_spin_unlock_irqrestore'],
};

/**
 * Spellings of taking and dropping a lock that only excludes its other holders (spinlocks,
 * mutexes, rwlocks, rw_semaphores): with no other actor of a model taking it, it orders nothing
 * the model explores. RCU is not one (it delays frees, which the models make at once), nor the
 * refcount-like page lock.
 */
export const EXCLUSION_LOCK_SPELLINGS: readonly string[] = [
  ...SPINLOCK_SPELLINGS.acquire,
  ...SPINLOCK_SPELLINGS.release,
  'mutex_lock', 'mutex_lock_nested', 'mutex_unlock',
  'read_lock', 'read_lock_irq', 'read_lock_irqsave', 'read_lock_bh', 'read_unlock', 'read_unlock_irq', 'read_unlock_irqrestore', 'read_unlock_bh',
  'write_lock', 'write_lock_irq', 'write_lock_irqsave', 'write_lock_bh', 'write_unlock', 'write_unlock_irq', 'write_unlock_irqrestore', 'write_unlock_bh',
  'down_read', 'down_read_nested', 'down_write', 'down_write_nested', 'up_read', 'up_write',
];

/** A page-table lock by any name (`ptl`, `pte_ptl`, `old_ptl`, `&mm->page_table_lock`). */
export const PAGE_TABLE_LOCK = /(?:\b|_)ptl\b|page_table_lock/;

/**
 * Locks a model's other actors may hold from callers the model does not show (the mmap lock, the
 * PTL and mm->page_table_lock, the rmap locks an rmap walk holds): never taken as a lock only
 * one actor takes. (A PTL by any name: mremap's `pte_ptl` is the lock reclaim's walk takes.)
 */
const SHARED_LOCK_ARGS = new RegExp(`mmap_sem|mmap_lock|${PAGE_TABLE_LOCK.source}|i_mmap|anon_vma|mapping->`);

/**
 * The lock of `text` when it is only taking or dropping a lock of that kind (`spin_lock(&area->lock)`),
 * on something no model's actor holds from outside (SHARED_LOCK_ARGS); else null.
 */
export function exclusionLockOf(text: string): string | null {
  const m = /^([A-Za-z_]\w*)\s*\(\s*([^,()]+(?:\([^()]*\))?[^,()]*)\s*(?:,\s*[A-Za-z_]\w*\s*)?\)$/.exec(text.trim().replace(/;$/, ''));
  if (!m || !EXCLUSION_LOCK_SPELLINGS.includes(m[1])) return null;
  const lock = m[2].trim();
  return SHARED_LOCK_ARGS.test(lock) ? null : lock;
}

/**
 * The lock `text` takes or drops and which of the two (`spin_unlock(&file->f_lock)`: `&file->f_lock`,
 * release), for a lock of `exclusionLockOf()`'s kind; null otherwise.
 */
export function exclusionLockStep(text: string): { lock: string; release: boolean } | null {
  const lock = exclusionLockOf(text);
  if (!lock) return null;
  const name = /^\s*([A-Za-z_]\w*)/.exec(text)![1];
  return { lock: lock.replace(/\s+/g, ''), release: /unlock|^up_/.test(name) };
}

/** Whether a call takes or drops a spinlock (`SPINLOCK_SPELLINGS`). */
export function spinlockAction(name: string): 'acquire' | 'release' | null {
  if (SPINLOCK_SPELLINGS.acquire.includes(name)) return 'acquire';
  if (SPINLOCK_SPELLINGS.release.includes(name)) return 'release';
  return null;
}

/** Whether a call's name reads as a test that only reads state (`can_userfault`, `vma_is_shmem`, `PageAnon`). */
export function isPredicate(name: string): boolean {
  return PREDICATE_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * Whether a call reads as a test whose value is all it gives: a pure helper, or a predicate
 * (`can_userfault`, `pte_same`) no part of whose name is an acting verb (`uffd_wp_flush_pending`).
 */
export function readsAsTest(name: string): boolean {
  return isPure(name) || (isPredicate(name) && !namesAnAction(name));
}

/** Whether an unknown call's name says it may touch modelled state (then it is not assumed harmless). */
export function mayTouchState(name: string): string | null {
  // (Words that only contain a fragment: `default` is no fault, `clock` no lock.)
  const n = name.toLowerCase().replace(/default|clock/g, '_');
  return MAY_TOUCH_STATE.find((f) => n.includes(f)) ?? null;
}

/**
 * Every name a function has had, oldest first, with the release each began (the model's own
 * name included): `gup_pte_range` -> [gup_pte_range, gup_fast_pte_range@6.10].
 */
export function namesOf(fn: string): readonly { readonly name: string; readonly since: string | null }[] {
  // (Asked for every modelled function at each name lookup: RENAMES never changes, so once.)
  let known = namesCache.get(fn);
  if (!known) namesCache.set(fn, (known = Object.freeze(namesOfUncached(fn))));
  return known;
}

const namesCache = new Map<string, readonly { readonly name: string; readonly since: string | null }[]>();

function namesOfUncached(fn: string): { name: string; since: string | null }[] {
  const out: { name: string; since: string | null }[] = [{ name: fn, since: null }];
  // Follow renames forward and backward from fn.
  let cur = fn;
  for (let i = 0; i < 8; i++) {
    const r = RENAMES.find((x) => x.from === cur);
    if (!r) break;
    out.push({ name: r.to, since: r.release });
    cur = r.to;
  }
  cur = fn;
  for (let i = 0; i < 8; i++) {
    const r = RENAMES.find((x) => x.to === cur);
    if (!r) break;
    out.unshift({ name: r.from, since: null });
    out[1] = { ...out[1], since: out[1].since ?? r.release };
    cur = r.from;
  }
  return out;
}

/**
 * Whether a call in a condition acts on state (`folio_trylock`, `get_page_unless_zero`) rather
 * than only testing it: an unknown acting call cannot be explored both ways as a plain test.
 */
/** Primitives that only read modelled state: unknown to a model, they are an undecided value, not an action. */
const READ_ONLY = new Set(['page_maybe_dma_pinned', 'pte_read_lockless', 'pmd_read_lockless', 'mm_tlb_flush_pending', 'page_anon', 'page_anon_exclusive', 'page_uptodate', 'page_ksm', 'page_dirty', 'page_mapped', 'page_mapcount', 'page_count', 'page_huge', 'page_reusable']);

/** Name parts that start like an acting verb but are nouns. */
const NOUNS = new Set(['mapping', 'mappings', 'address', 'addresses', 'addr', 'addrs']);

export function actsOnState(name: string): boolean {
  if (isPure(name) || isPredicate(name)) return false;
  const prim = primitiveOf(name);
  if (prim && READ_ONLY.has(prim)) return false;
  return namesAnAction(name);
}

/** Whether a part of the name is an acting verb (`ACTING_VERBS`): `uffd_wp_flush_pending` flushes. */
export function namesAnAction(name: string): boolean {
  // (`mapping` is the address_space, a noun: `secretmem_mapping(mapping)` tests it, it maps nothing;
  // `address` adds nothing: `check_stable_address_space(mm)` only tests the mm; nor does its
  // short form `addr`, which only looks like the verb `add`.)
  const parts = name.toLowerCase().split('_').filter((p) => p && !NOUNS.has(p));
  return parts.some((p) => ACTING_VERBS.some((v) => p === v || p === `try${v}` || (p.startsWith(v) && p.length <= v.length + 4)));
}

export interface Release {
  readonly major: number;
  readonly minor: number;
}

function parseRelease(release: string): Release {
  const [major, minor] = release.split('.').map(Number);
  return { major, minor };
}

function atLeast(v: Release, release: string): boolean {
  const r = parseRelease(release);
  return v.major > r.major || (v.major === r.major && v.minor >= r.minor);
}

/**
 * The newest release of a rename of RENAMES that a patch itself makes (it deletes a definition of
 * the old name and adds one of the new name, which it does not delete), when that release is
 * later than `after`; else null.
 */
export function newestRenameMade(deleted: ReadonlySet<string>, added: ReadonlySet<string>, after: Release | null): Release | null {
  let out: Release | null = null;
  for (const r of RENAMES) {
    if (!deleted.has(r.from) || !added.has(r.to) || deleted.has(r.to)) continue;
    if ((after && atLeast(after, r.release)) || (out && atLeast(out, r.release))) continue;
    out = parseRelease(r.release);
  }
  return out;
}

/**
 * The modelled function a name in a patch is, across renames: `gup_fast_pte_range` in a v6.10
 * tree is the model's `gup_pte_range`. With a known release, a name is only taken for the
 * period it had that meaning (from 6.10 `try_grab_folio` is the slow path's, not GUP-fast's).
 */
export function modelledFunctionFor(name: string, modelled: ReadonlySet<string>, release: Release | null): string | null {
  const reused = REUSED.find((r) => r.name === name);
  if (reused && release && atLeast(release, reused.release)) return null;
  if (modelled.has(name)) return name;
  for (const fn of modelled) if (namesOf(fn).some((x) => x.name === name)) return fn;
  return null;
}
