/**
 * S6's lexicon rows: spellings of mm/mremap.c that the shared vocabulary cannot decide alone
 * (flag assignments on locals, which lock an unlock releases in move_normal_pmd, what
 * `return true` means there) and the constants of the modelled move (one PMD-aligned extent).
 */
import { constCond, iff, op, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_PROTNONE, NO_USERFAULTFD } from '../../mm/vocabulary.js';
import { pmdMoveUnderRmapLocks } from './rmap-locks.js';

const PMD_SIZE = 0x200000;

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // (The anon_vma lock, as ignoreLines says, also inside a helper the patch adds.)
    { re: /^anon_vma_(?:un)?lock_(?:read|write)\s*\(/, stmts: () => [] },
    { re: /^force_flush\s*=\s*true$/, stmts: (t) => [op('set_force_flush', t)] },
    { re: /^\*need_flush\s*=\s*true$/, stmts: (t) => [op('set_need_flush', t)] },
    // move_ptes() through an mmu_gather (a 2016 posting; later trees flush under the PTL): the
    // gathered entry is the range a later flush must cover, as `*need_flush = true` says it;
    // tlb_flush_mmu_tlbonly() flushes that range now; tlb_finish_mmu() flushes what is still
    // gathered. (The gather is not reset by the early flush: an extra flush, never a missing one.)
    { re: /^tlb_remove_tlb_entry\s*\(/, fn: /^move_ptes$/, stmts: (t) => [op('set_need_flush', t)] },
    { re: /^tlb_flush_mmu(?:_tlbonly)?\s*\(/, fn: /^move_ptes$/, stmts: (t) => [op('flush_tlb_range', t)] },
    { re: /^tlb_finish_mmu\s*\(/, fn: /^move_page_tables$/, stmts: (t) => [iff(`if (need_flush)  /* ${t} */`, op('need_flush', 'need_flush'), [op('flush_tlb_range', t)])] },
    // Trees before 4.18's take_rmap_locks() (and the 4.x ones that open-code it) lock the file's
    // i_mmap tree in move_ptes() itself: the part of the rmap locks that orders the move against
    // this scenario's reclaimer, which walks that tree. (Older spellings reach here as 3.19's.)
    // (The same lock in a helper of the patch's, 6.16's maybe_take_rmap_locks(), through the VMA's
    // file: the only i_mmap lock mremap takes.)
    { re: /^i_mmap_lock_write\s*\(\s*(?:mapping|vma->vm_file->f_mapping)\s*\)$/, stmts: (t) => [op('take_rmap_locks', t)] },
    { re: /^i_mmap_unlock_write\s*\(\s*(?:mapping|vma->vm_file->f_mapping)\s*\)$/, stmts: (t) => [op('drop_rmap_locks', t)] },
    // The same lock taken for read (the 2014 posting that shared the i_mmap rwsem in mremap).
    { re: /^i_mmap_lock_read\s*\(\s*(?:mapping|vma->vm_file->f_mapping)\s*\)$/, fn: /^move_ptes$/, stmts: (t) => [op('take_rmap_locks_read', t)] },
    { re: /^i_mmap_unlock_read\s*\(\s*(?:mapping|vma->vm_file->f_mapping)\s*\)$/, fn: /^move_ptes$/, stmts: (t) => [op('drop_rmap_locks_read', t)] },
    // Before 3.19 the lock was spelled out: a mutex from 3.0 (i_mmap_mutex), a spinlock before
    // (i_mmap_lock); taken in move_ptes() for any file VMA.
    { re: /^(?:mutex_lock|spin_lock)\s*\(\s*&\s*mapping->i_mmap_(?:mutex|lock)\s*\)$/, fn: /^move_ptes$/, stmts: (t) => [op('take_rmap_locks', t)] },
    { re: /^(?:mutex_unlock|spin_unlock)\s*\(\s*&\s*mapping->i_mmap_(?:mutex|lock)\s*\)$/, fn: /^move_ptes$/, stmts: (t) => [op('drop_rmap_locks', t)] },
    // The local copy of the old PMD that move_normal_pmd installs at new_addr.
    { re: /^pmd\s*=\s*(\*old_pmd|pmdp_get_lockless\s*\(\s*old_pmd\s*\)|READ_ONCE\s*\(\s*\*old_pmd\s*\))$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('pmd_read', t)] },
    { re: /^spin_unlock\s*\(\s*old_ptl\s*\)$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('spin_unlock_pmd', t)] },
    // The 2021 mremap-vs-pageout posting: the PTL of the PTE table the old PMD points to (the
    // lock reclaim's walk takes in that table, wherever it finds it), taken around the populate.
    { re: /^pte_ptl\s*=\s*pte_lockptr\s*\(\s*(?:vma->vm_)?mm\s*,\s*old_pmd\s*\)$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('pte_lockptr_old_pmd', t)] },
    { re: /^spin_lock\s*\(\s*pte_ptl\s*\)$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('spin_lock_pte_ptl', t)] },
    { re: /^spin_unlock\s*\(\s*pte_ptl\s*\)$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('spin_unlock_pte_ptl', t)] },
    { re: /^spin_unlock\s*\(\s*new_ptl\s*\)$/, fn: /^move_normal_pmd$/, stmts: (t) => [op('spin_unlock_new_pmd', t)] },
    { re: /^spin_unlock\s*\(\s*new_ptl\s*\)$/, fn: /^move_ptes$/, stmts: (t) => [op('spin_unlock_new', t)] },
    // move_normal_pmd's result held in a local (`bool res = false;` ... `res = true;` ...
    // `return res;`): setting it is setting the result, returning it only returns.
    { re: /^(?:bool\s+)?res\s*=\s*(true|false)$/, fn: /^move_normal_pmd$/, stmts: (t, m) => [op('set_moved', t, { value: m[1] === 'true' ? 1 : 0 })] },
    { re: /^return res$/, fn: /^move_normal_pmd$/, stmts: (t) => [ret(t)] },
    // 5.11's get_extent() (c49dd3401802) computes the step's extent for one level: the PMD
    // level's is the model's `extent` step; the PUD level's only feeds the PUD test below.
    { re: /^extent\s*=\s*get_extent\s*\(\s*NORMAL_PMD\s*,/, fn: /^move_page_tables$/, stmts: (t) => [op('extent', t)] },
    { re: /^extent\s*=\s*get_extent\s*\(\s*NORMAL_PUD\s*,/, fn: /^move_page_tables$/, stmts: () => [] },
    // The PUD-level lookup and allocation (the PUD exists, see the tests below): no step.
    { re: /^(?:old|new)_pud\s*=\s*(?:get_old_pud|alloc_new_pud)\s*\(/, fn: /^move_page_tables$/, stmts: () => [] },
    // The 2020 posting that computes it in one place: the smaller of the two ranges' steps to
    // their next PMD boundary (both PMD-aligned in the model's aligned move).
    { re: /^extent\s*=\s*min\s*\(\s*\(?\s*old_next\s*-\s*old_addr\s*\)?\s*,\s*\(?\s*new_next\s*-\s*new_addr\s*\)?\s*\)$/, fn: /^move_page_tables$/, stmts: (t) => [op('extent', t)] },
    // The clamps of the extent to the ends of the ranges (what get_extent() does inside): the
    // modelled move is one aligned extent inside both ranges, which no clamp changes.
    { re: /^extent\s*=\s*(?:old_end\s*-\s*old_addr|next\s*-\s*new_addr)$/, fn: /^move_page_tables$/, stmts: () => [] },
    // Later trees read the entry once into a local (`old_pte = ptep_get(old_ptep)`): a value.
    { re: /^\w+\s*=\s*ptep_get\s*\(\s*\w+\s*\)$/, stmts: () => [] },
  ],
  // The moved page is a page-cache page: reclaim finds it through the file's i_mmap tree, never
  // through an anon_vma, so the anon_vma lock (taken with the rmap locks, or alone in trees
  // before 3.19's i_mmap_lock_write()) orders nothing against it. (Before 3.8 it was spelled
  // anon_vma_lock()/anon_vma_unlock(), a mutex then.)
  ignoreLines: [
    { re: /^anon_vma_(?:un)?lock(?:_read|_write)?\s*\(/, why: "the anon_vma lock: reclaim reaches the moved page-cache page through the file's i_mmap tree, never an anon_vma" },
  ],
  condRules: [
    // `pte_present(old_pte)` where 6.16's PTE batching reads `old_pte = ptep_get(old_ptep)` before
    // the clear (a pte_t named old_pte exists only there: before, old_pte was the pointer): a test
    // of the PTE itself, which the PTL held since the read keeps still, not of the value
    // ptep_get_and_clear() returns. (Not `pte_present(*old_pte)`: 4.8's test before the clear is
    // read as the model's test, which is what finds that the 4.9 reordering is already there.)
    { re: /^pte_present\s*\(\s*old_pte\s*\)$/, fn: /^move_ptes$/, cond: (t) => ({ cond: op('pte_present_locked', t) }) },
    // From 5.11 (c49dd3401802) move_page_tables() moves a PMD through move_pgt_entry(): it takes
    // the rmap locks if its last argument says so, moves, drops them, and says whether it moved.
    {
      re: /^move_pgt_entry\s*\(\s*NORMAL_PMD\s*,[^;]*,\s*(need_rmap_locks|true)\s*\)$/,
      fn: /^move_page_tables$/,
      cond: (t, m) => ({ cond: op('pmd_moved', t), pre: pmdMoveUnderRmapLocks(m[1] === 'true') }),
    },
    // In move_ptes() the loop moves the modelled PTE and ends with old_addr at old_end; only a
    // `break` the model never takes (a migration entry) leaves it early. So a test after the loop
    // of whether the range was left unfinished is false (the scenario's constants give old_addr
    // as move_page_tables() enters the extent, which is not its value here).
    { re: /^old_addr\s*!=\s*old_end$/, fn: /^move_ptes$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The modelled move is of at most one PMD: never a whole PUD (5.11's PUD-level move).
    { re: /^extent\s*==\s*(?:HPAGE_)?PUD_SIZE$/, fn: /^move_page_tables$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The PUD above the moved PMD exists on both sides (the PMD tables the model moves hang off
    // it), and maps no huge page: the lookup and the allocation find it (2021's PUD-level THP move).
    { re: /^!\s*(?:old|new)_pud$/, fn: /^move_page_tables$/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^pud_(?:trans_huge|devmap|leaf)\s*\(\s*\*old_pud\s*\)(?:\s*\|\|\s*pud_(?:trans_huge|devmap|leaf)\s*\(\s*\*old_pud\s*\))?$/, fn: /^move_page_tables$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The model's extent is one PMD when the move takes that path; the switch says whether the
    // architecture has it at all.
    { re: /^IS_ENABLED\s*\(\s*CONFIG_HAVE_MOVE_PMD\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // Whether the architecture moves page tables at all (arch_supports_page_tables_move(), 5.13):
    // the same architecture fact as CONFIG_HAVE_MOVE_PMD; the have_move_pmd switch says no.
    { re: /^arch_supports_page_tables_move\s*\(\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // 6.16's mremap keeps its arguments in a struct pagetable_move_control (`pmc->need_rmap_locks`).
    { re: /^pmc->need_rmap_locks$/, cond: (t) => ({ cond: op('need_rmap_locks', t) }) },
    // Each PTE table has its own PTL in the model (split PTE ptlocks, as on x86 SMP).
    { re: /^USE_SPLIT_PTE_PTLOCKS$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // The moved PMD maps a page table, and nothing collapses or splits it under the move (no
    // THP, no khugepaged in the model): it is present and no leaf.
    { re: /^pmd_present\s*\(\s*pmd\s*\)$/, fn: /^move_normal_pmd$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^pmd_(?:leaf|trans_huge|devmap)\s*\(\s*pmd\s*\)$/, fn: /^move_normal_pmd$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The same of the old PMD where move_page_tables() picks the path: never the THP one.
    { re: /^(?:is_swap_pmd|pmd_trans_huge|pmd_devmap|pmd_leaf)\s*\(\s*\*\s*old_pmd\s*\)$/, fn: /^move_page_tables$/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  helpers: [{ fn: /^move_normal_pmd$/, result: 'pmd_moved', set: 'set_moved' }],
  // No VMA of this scenario is registered with a userfaultfd.
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  noUserfaultfd: true,
  // No actor of this scenario is a secondary MMU (KVM, an IOMMU, a device): a notifier calls no one.
  noMmuNotifierSubscribers: 'no secondary MMU subscribes to the S6 mm',
  facts: [
    ...NO_USERFAULTFD,
    ...NO_PROTNONE,
    // The moved page is a page-cache page: its VMA maps a file (the test before the pre-3.19
    // trees take the i_mmap lock, and the local that says they took it).
    { re: /^vma->vm_file$/, fn: /^move_ptes$/, value: true, why: 'the moved page is file-backed: the VMA maps a file' },
    { re: /^mapping$/, fn: /^move_ptes$/, value: true, why: "the moved page is file-backed: move_ptes() took the file's i_mmap lock" },
    // The model's mremap() moves one extent: move_page_tables() is never asked for nothing.
    { re: /^len$/, fn: /^move_page_tables$/, value: true, why: "the model's mremap() moves a non-empty range (len is not 0)" },
    { re: /^len\s*==\s*0$/, fn: /^move_page_tables$/, value: false, why: "the model's mremap() moves a non-empty range (len is not 0)" },
    // The old PMD points to the PTE table whose present PTE the race is about (the 2021 mremap
    // vs pageout posting re-tests it under the PMD lock).
    { re: /^pmd_none\s*\(\s*\*\s*old_pmd\s*\)$/, fn: /^move_normal_pmd$/, value: false, why: 'the old PMD points to the PTE table of the moved page (not none)' },
  ],
  // move_normal_pmd's alignment test: the PMD-level move is of one aligned, PMD-sized extent.
  constants: {
    old_addr: 0,
    new_addr: 0,
    old_end: PMD_SIZE,
    PMD_SIZE,
    PMD_MASK: -PMD_SIZE,
  },
};
