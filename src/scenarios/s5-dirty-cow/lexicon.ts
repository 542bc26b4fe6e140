/**
 * S5's lexicon rows: FOLL_WRITE and FOLL_COW are state here (faultin_page() changes them between
 * attempts), so their tests and updates are steps, never constants; the rest of the GUP flags
 * of write(/proc/self/mem) are fixed.
 */
import { and, call, choiceCond, constCond, iff, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_PROTNONE, NO_USERFAULTFD, ONLY_SMALL_PAGES, PTE_MAP_SUCCEEDS, NO_NONLINEAR, ZAP_WITHIN_ONE_PMD, PAGE_COUNT_CALLS, PAGE_MAPCOUNT_CALLS, wpPageTest } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';
import { VM } from '../../mm/vm-flags.js';

const FLAGS = String.raw`\(?\s*\*?\s*(?:foll_|gup_)?flags\s*`;

/** The FOLL_COW rule's conjuncts, as 19be0eaffa3a and its successors spell them. */
const COW_ATOM = String.raw`(?:\(flags & FOLL_(?:FORCE|COW)\)|pte_dirty\(pte\))`;
const COW_RULE = new RegExp(String.raw`^return pte_write\(pte\)\s*\|\|\s*\((${COW_ATOM}(?:\s*&&\s*${COW_ATOM})*)\)$`);
const ATOM_OP: Readonly<Record<string, string>> = { '(flags & FOLL_FORCE)': 'foll_force', '(flags & FOLL_COW)': 'foll_cow', 'pte_dirty(pte)': 'pte_dirty' };

/**
 * `return pte_write(pte) || (A && B ...)`, the whole body of can_follow_write_pte() from
 * 19be0eaffa3a to v5.19: one test setting the helper's result. It is the last statement, so no
 * `return` step is needed, and without one the old side of a patch is found in the model whole.
 */
function cowRule(t: string, m: RegExpExecArray) {
  const parts = m[1].split(/\s*&&\s*/);
  // 5.8's 17839856fd58 dropped `(flags & FOLL_FORCE) &&` (a forced COW break sets FOLL_COW too).
  // This scenario's GUP always has FOLL_FORCE, so the test is the same with the atom in place.
  if (!parts.includes('(flags & FOLL_FORCE)') && parts.includes('(flags & FOLL_COW)')) parts.unshift('(flags & FOLL_FORCE)');
  const atoms = parts.map((a) => op(ATOM_OP[a], a.replace(/^\((.*)\)$/, '$1')));
  const c = t.replace(/^return /, '');
  return [
    iff(t, or(c, op('pte_write', 'pte_write(pte)'), and(`(${m[1]})`.slice(1, -1), ...atoms)), [op('set_can_follow', 'return true', { value: 1 })], [
      op('set_can_follow', 'return false', { value: 0 }),
    ]),
  ];
}

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // The model inlines follow_page_mask() -> ... -> follow_page_pte() as a call of follow_page_pte.
    { re: /^page = follow_page_mask\s*\(/, fn: /^__get_user_pages$/, stmts: (t) => [call('follow_page_pte', t)] },
    { re: COW_RULE, fn: /^can_follow_write_pte$/, stmts: cowRule },
    { re: new RegExp(`^${FLAGS}&=\\s*~\\s*FOLL_WRITE\\s*\\)?$`), stmts: (t) => [op('clear_foll_write', t)] },
    { re: new RegExp(`^${FLAGS}\\|=\\s*FOLL_COW\\s*\\)?$`), stmts: (t) => [op('set_foll_cow', t)] },
    { re: /^return !userfaultfd_pte_wp\s*\(/, fn: /^can_follow_write_pte$/, stmts: (t) => [op('set_can_follow_not_uffd_wp', t), ret(t)] },
    { re: /^page = NULL$/, fn: /^follow_page_pte$/, stmts: (t) => [op('gup_page_null', t)] },
  ],
  condRules: [
    // After alloc_set_pte() (4.8 on) the PTE table is mapped and locked on every path the model
    // has: the fault path's `if (fe->pte)` / `if (vmf->pte)` before the unlock holds.
    { re: /^(?:fe|vmf)->pte$/, fn: /^(?:do_read_fault|do_cow_fault|finish_fault)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // The zap's page is A (anon) or P (the file's page), by when it runs: whether the page it
    // unmaps is anon is the zap's own test, not do_wp_page()'s of the faulting page. What the zap
    // does with a file page (dirty and accessed bits, rmap) touches nothing S5 holds: explored.
    { re: /^(?:PageAnon\s*\(\s*page\s*\)|folio_test_anon\s*\(\s*folio\s*\))$/, fn: /^zap_pte_range$/, cond: (t) => ({ cond: choiceCond(t) }) },
    // The explicit COW break the 2020 postings proposed (FAULT_FLAG_BREAK_COW, made from a GUP's
    // FOLL_BREAK_COW): only a GUP fault can carry it, and this scenario's GUP is a write that
    // keeps FOLL_WRITE (4.9's FOLL_COW; the postings are for 5.8 on), while its other fault is a
    // user load. So a fault takes the COW path on the pair exactly when it is a write fault.
    {
      re: /^\(?(?:vmf|fe)->flags\s*&\s*\(\s*(?:FAULT_FLAG_WRITE\s*\|\s*FAULT_FLAG_BREAK_COW|FAULT_FLAG_BREAK_COW\s*\|\s*FAULT_FLAG_WRITE)\s*\)\s*\)?$/,
      cond: (t) => ({ cond: op('fault_flag_write', t) }),
    },
    // Neither of this scenario's faults fetches an instruction (GUP's, and the user thread's load):
    // a test of a write or an instruction fault (2022's spurious-fault RFC) is the write test.
    {
      re: /^\(?(?:vmf|fe)->flags\s*&\s*\(\s*(?:FAULT_FLAG_WRITE\s*\|\s*FAULT_FLAG_INSTRUCTION|FAULT_FLAG_INSTRUCTION\s*\|\s*FAULT_FLAG_WRITE)\s*\)\s*\)?$/,
      cond: (t) => ({ cond: op('fault_flag_write', t) }),
    },
    // The VMA maps a file: it has vm_ops (no anonymous VMA has), with a ->fault handler.
    { re: /^(?:vmf->)?vma->vm_ops(?:->fault)?$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^vma_is_anonymous\s*\(\s*(?:vmf->)?vma\s*\)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The GUP is a FOLL_FORCE access, never a read-only FOLL_PIN: nothing to unshare (5.17+).
    { re: /^gup_must_unshare\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The racing thread calls madvise(MADV_DONTNEED): the advice a patch passes down is that one.
    { re: /^(?:behavior|behaviour)\s*==\s*MADV_DONTNEED$|^(?:behavior|behaviour)\s*!=\s*MADV_(?:FREE|COLD|PAGEOUT|DONTNEED_LOCKED)$/, fn: /^madvise/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^(?:behavior|behaviour)\s*==\s*MADV_(?:FREE|COLD|PAGEOUT|DONTNEED_LOCKED)$|^(?:behavior|behaviour)\s*!=\s*MADV_DONTNEED$/, fn: /^madvise/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: new RegExp(`^${FLAGS}&\\s*FOLL_WRITE\\s*\\)?$`), cond: (t) => ({ cond: op('foll_write', t) }) },
    { re: new RegExp(`^${FLAGS}&\\s*FOLL_COW\\s*\\)?$`), cond: (t) => ({ cond: op('foll_cow', t) }) },
    // The write's GUP takes references (FOLL_GET, its pages array), never pins (FOLL_PIN, 5.6 on).
    { re: new RegExp(`^${FLAGS}&\\s*(?:FOLL_GET|\\(\\s*FOLL_GET\\s*\\|\\s*FOLL_PIN\\s*\\)|\\(\\s*FOLL_PIN\\s*\\|\\s*FOLL_GET\\s*\\))\\s*\\)?$`), cond: (t) => ({ cond: constCond(t, true) }) },
    { re: new RegExp(`^${FLAGS}&\\s*FOLL_PIN\\s*\\)?$`), cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^PageAnonExclusive\s*\(\s*page\s*\)|^PageAnon\s*\(\s*page\s*\)/, fn: /^can_follow_write_pte$/, cond: (t) => ({ cond: op('gup_page_anon_exclusive', t) }) },
    // x86, a fresh mmap: soft-dirty tracking built in, VM_SOFTDIRTY set, pte_mkdirty() sets soft-dirty.
    { re: /^IS_ENABLED\s*\(\s*CONFIG_MEM_SOFT_DIRTY\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^\(?vma->vm_flags\s*&\s*VM_SOFTDIRTY\)?$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^vma_soft_dirty_enabled\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^pte_soft_dirty\s*\(/, cond: (t) => ({ cond: constCond(t, true) }) },
  ],
  helpers: [{ fn: /^can_follow_write_pte$/, result: 'can_follow', set: 'set_can_follow' }],
  // No VMA of this scenario is registered with a userfaultfd.
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  // The file page and its COW copy are small pages (no file THP in the model).
  noUserfaultfd: true,
  unmodelledPaths: [
    // madvise(MADV_DONTNEED)'s look-up again after userfaultfd_remove() dropped the mmap lock to
    // tell a monitor (4.11 on): with no VMA registered, userfaultfd_remove() keeps the lock and
    // returns true, so the block never runs. (A hunk may open inside it, below its test.)
    {
      fn: /^madvise_dontneed$/,
      from: /^if \(!userfaultfd_remove\(/,
      to: 'block-end',
      insideBefore: /^\*prev = NULL;|\bfind_vma\(mm, start\)|\bvma_lookup\(mm, start\)/,
      why: "madvise(MADV_DONTNEED)'s look-up of the VMA again after userfaultfd_remove() dropped the mmap lock: no VMA here is registered with a userfaultfd, so the lock is never dropped",
    },
  ],
  // Its facts say every page is order 0 (ONLY_SMALL_PAGES).
  onlySmallPages: true,
  // No actor of this scenario is a secondary MMU (KVM, an IOMMU, a device): a notifier calls no one.
  noMmuNotifierSubscribers: 'no secondary MMU subscribes to the S5 mm',
  facts: [
    // do_wp_page()'s refcount test (09854ba94c6a, 5.9; and postings of the idea before it): the
    // anon copy the write fault meets is mapped once, and nobody else holds a reference on it (no
    // fork here; GUP takes its reference only once follow_page_pte() finds the page).
    { re: wpPageTest(PAGE_COUNT_CALLS, String.raw`(?:!=\s*1|>\s*\d+)`), fn: /^do_wp_page$/, value: false, why: 'the anon copy is mapped once and no one else holds a reference on it (no fork; GUP takes its reference after the fault)' },
    // (Its reuse_swap_page(), the model's step, holds as a fact too: where a patch tests it anew.)
    { re: /^reuse_swap_page\s*\(/, fn: /^do_wp_page$/, value: true, why: 'the anon copy is mapped once (no fork)' },
    { re: wpPageTest(PAGE_MAPCOUNT_CALLS, String.raw`!=\s*1`), fn: /^do_wp_page$/, value: false, why: 'the anon copy is mapped once (no fork)' },
    { re: wpPageTest(PAGE_MAPCOUNT_CALLS, String.raw`==\s*1`), fn: /^do_wp_page$/, value: true, why: 'the anon copy is mapped once (no fork)' },
    { re: wpPageTest(PAGE_COUNT_CALLS, String.raw`==\s*1`), fn: /^do_wp_page$/, value: true, why: 'the anon copy is mapped once and no one else holds a reference on it (no fork; GUP takes its reference after the fault)' },
    // The private file mapping's fault handler (filemap_fault()) returns the page-cache page:
    // no error, NOPAGE or retry bit in the test of what __do_fault() returns, in it or in its
    // callers (do_read_fault() and do_cow_fault() from 3.15, their 2014 postings).
    { re: /^\(?\s*ret\s*&\s*\(\s*VM_FAULT_ERROR\b[^()]*\)\s*\)?$/, fn: /^(?:__do_fault|do_read_fault|do_cow_fault)$/, value: false, why: "the private file mapping's fault (filemap_fault()) returns its page-cache page: no error, NOPAGE or retry bit" },
    ...NO_NONLINEAR,
    ...NO_USERFAULTFD,
    ...NO_PROTNONE,
    ...PTE_MAP_SUCCEEDS,
    ...ONLY_SMALL_PAGES,
    // CPU1's MADV_DONTNEED zaps the one page of the mapping: no PTE table is reclaimed.
    ...ZAP_WITHIN_ONE_PMD,
    // The file is mapped private and read-only: the PTE the fault builds from vm_page_prot has no
    // write bit (maybe_mkwrite() adds none without VM_WRITE), whatever the fault.
    { re: /^pte_write\s*\(\s*entry\s*\)$/, fn: /^(?:alloc_set_pte|do_set_pte|set_pte_range)$/, value: false, why: 'the PTE built for the private read-only file mapping has no write bit' },
    // write(/proc/self/mem)'s GUP takes a plain reference for the copy: never a long-term pin, a
    // core dump's walk, a PMD split or a non-blocking fault.
    {
      re: /^\(?\s*\*?\s*(?:gup_)?flags\s*&\s*(?:FOLL_LONGTERM|FOLL_DUMP|FOLL_SPLIT_PMD|FOLL_NOWAIT|FOLL_PCI_P2PDMA|FOLL_MLOCK)\s*\)?$/,
      fn: /./,
      value: false,
      why: "write(/proc/self/mem)'s GUP is FOLL_FORCE|FOLL_GET (and FOLL_WRITE): no long-term pin, core dump, PMD split or non-blocking fault",
    },
  ],
  // write(/proc/self/mem): FOLL_FORCE | FOLL_GET always; FOLL_WRITE and FOLL_COW are state.
  // The VMA is a MAP_PRIVATE mapping of a file opened read-only (no VM_WRITE, no VM_SHARED).
  constants: {
    'vma->vm_flags': VM.VM_READ | VM.VM_MAYREAD | VM.VM_MAYWRITE | VM.VM_MAYEXEC,
    ...VM, FOLL_FORCE: FOLL.FOLL_FORCE, FOLL_GET: FOLL.FOLL_GET, FOLL_PIN: FOLL.FOLL_PIN },
};
