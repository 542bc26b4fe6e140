/**
 * S3's lexicon rows: the spellings the shared vocabulary cannot decide alone in this scenario's
 * functions (what a `return` means in a helper, identifiers the scenario fixes).
 */
import { call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_USERFAULTFD } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';

/** S3 functions that return a pin decision (the series' helpers, whatever the patch names them). */
const S3_HELPER = /^(?!lockless_pages_from_mm$|gup_pmd_range$|gup_pte_range$|try_grab_folio$|try_get_folio$|gup_\w+_range$)\w+$/;

const mappingRead = /(READ_ONCE\s*\(\s*(folio|page)->mapping\s*\)|\b(folio|page)->mapping\b|\bfolio_mapping\s*\(|\bpage_mapping\s*\(|\bpage_file_mapping\s*\(|\bfolio_file_mapping\s*\()/;

/** Spelling rules and constants per scenario. */

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    { re: /^return NULL$/, fn: /^try_grab_folio$/, stmts: (t) => [op('set_grabbed', t, { value: 0 }), ret(t)] },
    { re: /^return .*\bmapping/, fn: S3_HELPER, stmts: (t) => [op('mapping_allows_pin', t), ret(t)] },
    { re: mappingRead, stmts: (t) => [op('read_folio_mapping', t)] },
  ],
  condRules: [
    { re: /^shmem_mapping\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^folio_test_anon\s*\(|^PageAnon\s*\(/, cond: (t) => ({ cond: op('folio_is_anon', t) }) },
    { re: /mapping\w*\s*&\s*PAGE_MAPPING_(ANON|FLAGS)/, cond: (t) => ({ cond: op('mapping_nonnull', t) }) },
    { re: mappingRead, cond: (t) => ({ cond: op('mapping_nonnull', t), pre: [op('read_folio_mapping', t)] }) },
    { re: /^mapping(_flags)?$/, cond: (t) => ({ cond: op('mapping_nonnull', t) }) },
    { re: /^folio_test_(slab|swapcache|hugetlb)\s*\(|^PageHuge\s*\(|^PageSlab\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^pte_write\s*\(\s*pte\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^pte_val\s*\(\s*pte\s*\)\s*!=/, cond: (t) => ({ cond: op('pte_changed', t) }) },
    { re: /^pmd_val\s*\(\s*pmd\s*\)\s*!=/, cond: (t) => ({ cond: op('pmd_changed', t) }) },
    // The same re-checks as pte_same()/pmd_same() of the value read and the entry now. The
    // _norecency forms ignore the young and dirty bits, which this model does not hold.
    { re: /^pte_same(?:_norecency)?\s*\(\s*pte\s*,\s*ptep_get\w*\(\s*ptep\s*\)\s*\)$/, cond: (t) => ({ cond: not(op('pte_changed', t), t) }) },
    { re: /^pmd_same\s*\(\s*pmd\s*,\s*(?:\*\s*pmdp|pmdp_get\w*\(\s*pmdp\s*\))\s*\)$/, cond: (t) => ({ cond: not(op('pmd_changed', t), t) }) },
    // (Before 5.18's folio conversion the grabbed compound page was `head`, from
    // try_grab_compound_head().)
    { re: /^!?\s*(?:folio|head)$/, cond: (t) => ({ cond: op('folio_grabbed', t) }) },
    // The pages GUP-fast finds here are base (order-0) pages: collapse copies them into a new THP.
    { re: /^hpage_pincount_available\s*\(|^folio_test_large\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    // A PMD here maps a PTE table or is cleared (collapse): no migration or swap entries, so
    // pmd_none() is !pmd_present().
    { re: /^pmd_none\s*\(\s*pmd\s*\)$/, cond: (t) => ({ cond: not(op('pmd_present', 'pmd_present(pmd)'), t) }) },
    // No split moves a base page to another head (S7 is that race).
    { re: /^compound_head\s*\(\s*page\s*\)\s*!=\s*head$|^page_folio\s*\(\s*page\s*\)\s*!=\s*folio$/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  // The series' pin-decision helpers, whatever a patch names them (their `return <mapping test>`
  // is the stmtRule above).
  // Only a helper named like a pin decision (`..._allowed`, `..._pinnable`, `..._ok`): another boolean
  // helper a patch adds (`folio_has_pincount()`) must not read or write that decision.
  // (GUP-fast's walk runs with IRQs off, itself an RCU read-side section since the flavours
  // were merged in 4.20; the model waits for no grace period: khugepaged's collapse and the
  // zap free no page table in it, and the folio is freed by its last put.)
  rcuFreesNothing: 'its folio is freed by its last put, never after an RCU grace period, and it frees no page table',
  helpers: [{ fn: /^(?!lockless_pages_from_mm$|gup_pmd_range$|gup_pte_range$|try_grab_folio$|try_get_folio$|gup_\w+_range$)\w*(allowed|pinnable|permitted|_ok)\w*$/, result: 'pin_allowed', set: 'set_allowed' }],
  // No VMA of this scenario is registered with a userfaultfd.
  noUserfaultfd: true,
  facts: [
    ...NO_USERFAULTFD,
    // Before 4.5 a THP under split carried a splitting bit GUP-fast backed off on. The pinned
    // file page here is never a THP being split (S7 is that race).
    { re: /^pmd_trans_splitting\s*\(/, fn: /./, value: false, why: 'no PMD of this model maps a THP being split (the pre-4.5 splitting bit; S7 models the split)' },
  ],
  constants: {
    flags: FOLL.FOLL_PIN | FOLL.FOLL_LONGTERM | FOLL.FOLL_WRITE,
    gup_flags: FOLL.FOLL_PIN | FOLL.FOLL_LONGTERM | FOLL.FOLL_WRITE,
    is_longterm: 1,
    refs: 1,
    ...FOLL,
  },
};
