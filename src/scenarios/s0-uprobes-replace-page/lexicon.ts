/**
 * S0's lexicon rows: the spellings the shared vocabulary cannot decide alone in this scenario's
 * functions (what a `return` means in a helper, identifiers the scenario fixes).
 */
import { call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_PROTNONE, NO_USERFAULTFD } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';


export const lexicon: ScenarioLexicon = {
  stmtRules: [
    { re: /^flags \|= VM_WRITE$/, fn: /^valid_vma$/, stmts: (t) => [op('flags_add_write', t)] },
    // 5.0's SDT semaphore (the probe's reference counter, a word in another page of the process,
    // written through GUP): not the probed page, and nothing else S0 holds.
    { re: /^(?:\w+\s*=\s*)?(?:__)?update_ref_ctr\s*\(/, fn: /^uprobe_write_opcode$/, stmts: () => [] },
    { re: /^new_page = NULL$/, stmts: (t) => [op('new_page_null', t)] },
    { re: /^(?:\w+\s*=\s*)?(find_get_page|find_lock_page)\s*\(|^(put_page|folio_put)\s*\(\s*orig_page\s*\)$|^index = vaddr_to_offset/, stmts: () => [] },
    { re: /^return vma->vm_file && \(vma->vm_flags & flags\) == VM_MAYEXEC$/, fn: /^valid_vma$/, stmts: (t) => [op('valid_vma_result', t), ret(t)] },
    { re: /^(?:\w+\s*=\s*)?mmu_notifier_invalidate_range_only_end\s*\(/, stmts: (t) => [op('mmu_notifier_invalidate_range_only_end', t)] },
    { re: /^(?:\w+\s*=\s*)?mmu_notifier_invalidate_range\s*\(/, stmts: (t) => [op('mmu_notifier_invalidate_range', t)] },
    { re: /^(?:\w+\s*=\s*)?flush_tlb_page\s*\(/, stmts: (t) => [op('flush_tlb_page', t)] },
    { re: /^(?:\w+\s*=\s*)?ptep_clear_flush\s*\(/, stmts: (t) => [op('ptep_clear_flush', t)] },
    { re: /^(?:\w+\s*=\s*)?set_pte_at\s*\(/, stmts: (t) => [op('set_pte_at', t)] },
    { re: /^(?:\w+\s*=\s*)?(folio_put|put_page)\s*\(\s*(old_page|old_folio)/, stmts: (t) => [op('put_page_old_map', t)] },
    { re: /^(?:\w+\s*=\s*)?(folio_put|put_page)\s*\(\s*new_page/, stmts: (t) => [op('put_page_new', t)] },
    { re: /^(?:\w+\s*=\s*)?(folio_lock|lock_page)\s*\(/, stmts: (t) => [op('lock_page', t)] },
    { re: /^(?:\w+\s*=\s*)?(folio_unlock|unlock_page)\s*\(/, stmts: (t) => [op('unlock_page', t)] },
    { re: /^(?:\w+\s*=\s*)?(page_remove_rmap|folio_remove_rmap_pte)\s*\(/, stmts: (t) => [op('page_remove_rmap', t)] },
    { re: /^(?:\w+\s*=\s*)?(copy_highpage|copy_user_highpage)\s*\(/, stmts: (t) => [op('copy_highpage', t)] },
    { re: /^(?:\w+\s*=\s*)?(mem_cgroup_\w+|folio_\w*charge\w*|inc_mm_counter|dec_mm_counter|folio_add_new_anon_rmap|folio_add_lru\w*|page_add_new_anon_rmap|lru_cache_add\w*|mmu_notifier_range_init|get_page|folio_get|munlock_vma_page|dec_mm_counter)\s*\(/, stmts: () => [] },
  ],
  // The new page's own lock (a posting that locks the copy while it is added to the rmap and the
  // LRU): the copy is T0's alone until its PTE is set, and no S0 actor but T0 takes a page lock,
  // so it orders nothing; it is not the old page's lock, the one step the model has for a page lock.
  ignoreLines: [
    { re: /^(?:\w+\s*=\s*)?(?:folio_lock|lock_page|folio_trylock|trylock_page|folio_unlock|unlock_page)\s*\(\s*(?:new_page|new_folio)\s*\)$/, assumed: true, why: "the new page's lock: the copy is T0's alone until it is mapped, and no other S0 actor takes a page lock" },
  ],
  condRules: [
    // new_page is NULL only where the patch itself says so (unregister restoring the file page).
    { re: /^(new_page|new_folio)$/, cond: (t) => ({ cond: op('new_page_present', t) }) },
    { re: /^(err|ret)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^(old_page|orig_page)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^PageUptodate\s*\(/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^pages_identical\s*\(/, cond: (t) => ({ cond: op('pages_identical', t) }) },
    { re: /^!?\s*PageAnon\s*\(|^!?\s*folio_test_anon\s*\(|^!?\s*page_mapped\s*\(|^!?\s*folio_mapped\s*\(/, cond: (t) => ({ cond: op('page_mapped', t) }) },
    { re: /^vma->vm_flags\s*&\s*VM_LOCKED$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The probed text page is a small page: a text THP (and its collapse after the last
    // uprobe goes, 5.4's f385cb85a42f) is not modelled.
    { re: /^(?:PageCompound|PageTransCompound|PageTransHuge|folio_test_large)\s*\(\s*(?:old_page|orig_page|new_page|page|old_folio|orig_folio|folio)\s*\)$/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  // No VMA of this scenario is registered with a userfaultfd.
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  noUserfaultfd: true,
  facts: [...NO_USERFAULTFD, ...NO_PROTNONE],
  constants: { VM_LOCKED: 0x2000 },
};
