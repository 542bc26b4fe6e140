/**
 * S8's lexicon rows. The child's GUP is vmsplice()'s get_user_pages_fast(FOLL_GET): FOLL_WRITE
 * is state (17839856fd58 sets it for COW mappings), and whether GUP-fast asks for a writable
 * pte is spelled in the arguments of gup_pgd_range().
 */
import { call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_PROTNONE, NO_USERFAULTFD, PTE_MAP_SUCCEEDS, NO_NONLINEAR, PAGE_COUNT_CALLS, PAGE_MAPCOUNT_CALLS, wpPageTest } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';
import { VM } from '../../mm/vm-flags.js';

const PRIVATE_ANON_FLAGS = VM.VM_READ | VM.VM_WRITE | VM.VM_MAYREAD | VM.VM_MAYWRITE | VM.VM_MAYEXEC;

/** `return is_cow_mapping(vma->vm_flags) && (flags & ...)`: the whole helper, one test. */
const FORCE_RULE = /^return is_cow_mapping\(vma->vm_flags\) && \(flags & (?:FOLL_GET|\(FOLL_GET \| FOLL_PIN\))\)$/;

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // The model inlines follow_page_mask() -> ... -> follow_page_pte() as a call of follow_page_pte.
    { re: /^page = follow_page_mask\s*\(/, fn: /^__get_user_pages$/, stmts: (t) => [call('follow_page_pte', t)] },
    { re: /^gup_pgd_range\s*\(.*\|\s*FOLL_WRITE\b/, stmts: (t) => [op('gup_pgd_range_write', t)] },
    // Before gup_flags reached it (5.2), GUP-fast took an int `write`: 1 asks for a writable pte.
    { re: /^gup_pgd_range\s*\(\s*[^,]+,\s*[^,]+,\s*(?:1|true)\s*,/, stmts: (t) => [op('gup_pgd_range_write', t)] },
    // Before 5.6 get_user_pages_fast() walked through __get_user_pages_fast(start, nr_pages,
    // write, pages): the walk, asking for a writable pte when its `write` is 1.
    { re: /^nr\s*=\s*__get_user_pages_fast\s*\(\s*[^,]+,\s*[^,]+,\s*(?:1|true)\s*,/, fn: /^internal_get_user_pages_fast$/, stmts: (t) => [op('gup_pgd_range_write', t)] },
    { re: /^nr\s*=\s*__get_user_pages_fast\s*\(\s*[^,]+,\s*[^,]+,\s*write\s*,/, fn: /^internal_get_user_pages_fast$/, stmts: (t) => [op('gup_pgd_range', t)] },
    { re: /^(?:foll_|gup_)?flags\s*\|=\s*FOLL_WRITE$/, stmts: (t) => [op('set_foll_write', t)] },
    // The explicit COW break the 2020 postings proposed in place of 17839856fd58's FOLL_WRITE:
    // a GUP flag, FOLL_BREAK_COW, that faultin_page() may turn into FAULT_FLAG_BREAK_COW, which
    // the fault takes as a write for the COW and for nothing else. Model state, not a spelling:
    // follow_page_pte() still asks only FOLL_WRITE whether the pte must be writable.
    { re: /^(?:foll_|gup_)?flags\s*\|=\s*FOLL_BREAK_COW$/, stmts: (t) => [op('set_foll_break_cow', t)] },
    { re: /^fault_flags\s*\|=\s*FAULT_FLAG_BREAK_COW$/, stmts: (t) => [op('set_fault_break_cow', t)] },
    { re: /^fault_flags\s*\|=\s*FAULT_FLAG_WRITE$/, fn: /^faultin_page$/, stmts: (t) => [op('fault_flags_write', t)] },
    {
      re: FORCE_RULE,
      fn: /^should_force_cow_break$/,
      stmts: (t) => [iff(t, op('is_cow_mapping', 'is_cow_mapping(vma->vm_flags)'), [op('set_force_cow', 'return true', { value: 1 })], [op('set_force_cow', 'return false', { value: 0 })])],
    },
    { re: /^return copy_present_page\s*\(/, fn: /^copy_present_pte$/, stmts: (t) => [op('copy_present_page', t), ret(t)] },
    // The parent's write-protect in other spellings: the 2018 shadow-stack postings' that also
    // flushes its TLB entry (ptep_set_wrprotect_flush(); S8 keeps no TLB), and 6.9's fork batching
    // of a folio's PTEs (wrprotect_ptes(); the model's page is one PTE).
    { re: /^(?:ptep_set_wrprotect_flush|wrprotect_ptes)\s*\(/, fn: /^(?:copy_one_pte|copy_present_ptes?|__copy_present_ptes)$/, stmts: (t) => [op('ptep_set_wrprotect', t)] },
  ],
  // P's count is its mappings plus its references, and the faulting PTE maps it: a mapcount
  // other than one (a second mapping) makes the count other than one.
  implications: [{ from: '!orig_page_mapped_once', to: 'page_count_not_one', why: "P's count is its mappings plus its references" }],
  condRules: [
    // do_wp_page()'s refcount test of the faulting page (09854ba94c6a's, and the 2009 posting of
    // the same idea), by either comparison: the model's count is read off the mappings and references.
    { re: wpPageTest(PAGE_COUNT_CALLS, String.raw`!=\s*1`), fn: /^do_wp_page$/, cond: (t) => ({ cond: op('page_count_not_one', t) }) },
    { re: wpPageTest(PAGE_COUNT_CALLS, String.raw`==\s*1`), fn: /^do_wp_page$/, cond: (t) => ({ cond: not(op('page_count_not_one', 'page_count(page) != 1'), t) }) },
    // do_wp_page()'s mapcount test of the faulting page (the pre-5.9 reuse rule, spelled out).
    { re: wpPageTest(PAGE_MAPCOUNT_CALLS, String.raw`!=\s*1`), fn: /^do_wp_page$/, cond: (t) => ({ cond: not(op('orig_page_mapped_once', 'page_mapcount(page) == 1'), t) }) },
    { re: wpPageTest(PAGE_MAPCOUNT_CALLS, String.raw`==\s*1`), fn: /^do_wp_page$/, cond: (t) => ({ cond: op('orig_page_mapped_once', t) }) },
    // (A bound of a patch's own: `page_count(page) > N`, read off the same count; P has at most
    // four references, the parent's and the child's mappings, the child's GUP reference and the
    // parent's pin.)
    { re: wpPageTest(PAGE_COUNT_CALLS, String.raw`>\s*\d+`), fn: /^do_wp_page$/, cond: (t) => ({ cond: op('page_count_above', t, { n: Number(/(\d+)$/.exec(t)![1]) }) }) },
    // GUP-fast got fewer pages than asked for: the slow path takes the rest.
    { re: /^nr_pinned\s*<\s*nr_pages$/, cond: (t) => ({ cond: not(op('gup_got_page', 'nr_pinned == nr_pages'), t) }) },
    { re: /^\(?(?:foll_|gup_)?flags\s*&\s*FOLL_WRITE\)?$/, cond: (t) => ({ cond: op('foll_write', t) }) },
    { re: /^\(?\s*\*?\s*(?:foll_|gup_)?flags\s*&\s*FOLL_BREAK_COW\s*\)?$/, cond: (t) => ({ cond: op('foll_break_cow', t) }) },
    // The child's GUP takes FOLL_GET (vmsplice()), never FOLL_PIN: a test of either flag with
    // FOLL_WRITE is the FOLL_WRITE test.
    { re: /^\(?(?:foll_|gup_)?flags\s*&\s*\(\s*(?:FOLL_WRITE\s*\|\s*FOLL_PIN|FOLL_PIN\s*\|\s*FOLL_WRITE)\s*\)\s*\)?$/, cond: (t) => ({ cond: op('foll_write', t) }) },
    {
      re: /^\(?(?:foll_|gup_)?flags\s*&\s*\(\s*(?:FOLL_WRITE\s*\|\s*FOLL_BREAK_COW|FOLL_BREAK_COW\s*\|\s*FOLL_WRITE)\s*\)\s*\)?$/,
      cond: (t) => ({ cond: or(t, op('foll_write', 'flags & FOLL_WRITE'), op('foll_break_cow', 'flags & FOLL_BREAK_COW')) }),
    },
    { re: /^\(?(?:vmf->)?flags\s*&\s*FAULT_FLAG_BREAK_COW\)?$/, cond: (t) => ({ cond: op('fault_flag_break_cow', t) }) },
    {
      re: /^\(?(?:vmf->)?flags\s*&\s*\(\s*(?:FAULT_FLAG_WRITE\s*\|\s*FAULT_FLAG_BREAK_COW|FAULT_FLAG_BREAK_COW\s*\|\s*FAULT_FLAG_WRITE)\s*\)\s*\)?$/,
      cond: (t) => ({ cond: or(t, op('fault_flag_write', 'vmf->flags & FAULT_FLAG_WRITE'), op('fault_flag_break_cow', 'vmf->flags & FAULT_FLAG_BREAK_COW')) }),
    },
    // No fault of this scenario fetches an instruction (GUP's, and the user thread's store): a test
    // of a write or an instruction fault (2022's spurious-fault RFC) is the write test.
    {
      re: /^\(?(?:vmf->)?flags\s*&\s*\(\s*(?:FAULT_FLAG_WRITE\s*\|\s*FAULT_FLAG_INSTRUCTION|FAULT_FLAG_INSTRUCTION\s*\|\s*FAULT_FLAG_WRITE)\s*\)\s*\)?$/,
      cond: (t) => ({ cond: op('fault_flag_write', 'vmf->flags & FAULT_FLAG_WRITE') }),
    },
    // The VMA is private anonymous memory (fork() shares its page P).
    { re: /^vma_is_anonymous\s*\(\s*(?:vmf->)?vma\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // fork() copies an anon page in this scenario.
    { re: /^PageAnon\s*\(\s*page\s*\)$/, fn: /^copy_present_pte$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^is_cow_mapping\s*\(/, cond: (t) => ({ cond: op('is_cow_mapping', t) }) },
    // Page P is one small anonymous page: never a large folio (fork()'s PTE batching, 6.9, and
    // its large-folio paths never run here).
    { re: /^(?:folio_test_large|PageTransCompound|PageCompound)\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  helpers: [{ fn: /^should_force_cow_break$/, result: 'force_cow', set: 'set_force_cow' }],
  // No VMA of this scenario is registered with a userfaultfd.
  // No KVM guest or device behind an IOMMU shares the parent's or the child's mm.
  noMmuNotifierSubscribers: 'no secondary MMU subscribes to the S8 mms (a forked parent and child)',
  noUserfaultfd: true,
  facts: [...NO_NONLINEAR, ...NO_USERFAULTFD, ...NO_PROTNONE, ...PTE_MAP_SUCCEEDS],
  // vmsplice(): get_user_pages_fast() with FOLL_GET for reading.
  // Parent and child map the page through private, writable anonymous VMAs (no VM_SHARED).
  constants: {
    'vma->vm_flags': PRIVATE_ANON_FLAGS,
    'vmf->vma->vm_flags': PRIVATE_ANON_FLAGS,
    ...VM, flags: FOLL.FOLL_GET, gup_flags: FOLL.FOLL_GET, FOLL_GET: FOLL.FOLL_GET, FOLL_PIN: FOLL.FOLL_PIN, FOLL_FORCE: FOLL.FOLL_FORCE, FOLL_LONGTERM: FOLL.FOLL_LONGTERM, FOLL_FAST_ONLY: FOLL.FOLL_FAST_ONLY },
};
