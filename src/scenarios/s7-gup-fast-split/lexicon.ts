/**
 * S7's lexicon rows: the spellings of GUP-fast's speculative reference in mm/gup.c across
 * releases (page_cache_add_speculative on a compound head, folio_ref_try_add_rcu on a folio),
 * the head/folio re-check, the puts of the grab helpers, what `goto retry` means, and
 * the flags the model fixes (pin_user_pages_fast).
 */
import { constCond, not, op, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_USERFAULTFD } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';

const GRAB = /^try_(get|grab)_(compound_head|folio)$/;
/** S3's pin-decision helpers (whatever a patch names them): their verdict is S3's business. */
const PIN_HELPER = /^(folio_fast_pin_allowed|folio_longterm_write_pin_allowed|gup_fast_\w+|\w*pin_allowed\w*|\w*mapping_ok\w*|\w*file_pin_ok\w*)$/;
const mappingRead = /(READ_ONCE\s*\(\s*(folio|page)->mapping\s*\)|\b(folio|page)->mapping\b|\bfolio_mapping\s*\(|\bpage_mapping\s*\()/;

/** The grab helpers and the puts that undo them. */
const GRAB_OR_PUT = /^(try_(get|grab)_(compound_head|folio)|gup_put_folio|put_compound_head|put_page_refs)$/;

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // S3's vocabulary for the owner checks of GUP-fast: read, but irrelevant to the head pairing.
    { re: /^return .*\bmapping/, fn: PIN_HELPER, stmts: (t) => [op('mapping_allows_pin', t), ret(t)] },
    { re: mappingRead, stmts: (t) => [op('read_folio_mapping', t)] },
    // Dropping the reference just taken, whatever the release calls it.
    { re: /^(put_page_refs|folio_put_refs|put_page|folio_put)\s*\(\s*(head|folio|page)\b/, fn: GRAB_OR_PUT, stmts: (t) => [op('put_page', t)] },
    // Pin accounting: how the pin is counted, not whether the reference is on the right page.
    {
      re: /^(mod_node_page_state|node_stat_mod_folio|hpage_pincount_add|hpage_pincount_sub|page_ref_add|page_ref_sub|folio_ref_add|smp_mb__after_atomic|atomic_(add|sub)\s*\(\s*refs\s*,\s*&folio->_pincount)\s*\(?/,
      fn: GRAB_OR_PUT,
      stmts: () => [],
    },
  ],
  condRules: [
    { re: /mapping\w*\s*&\s*PAGE_MAPPING_(ANON|FLAGS)|^mapping(_flags)?$/, cond: (t) => ({ cond: op('mapping_nonnull', t) }) },
    { re: mappingRead, cond: (t) => ({ cond: op('mapping_nonnull', t), pre: [op('read_folio_mapping', t)] }) },
    { re: /^shmem_mapping\s*\(|^folio_test_(slab|swapcache|hugetlb)\s*\(|^PageHuge\s*\(|^PageSlab\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^folio_test_anon\s*\(|^PageAnon\s*\(/, cond: (t) => ({ cond: op('folio_is_anon', t) }) },
    { re: /^pte_write\s*\(\s*pte\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // The speculative reference: a call with an effect, made before the test of its result.
    {
      re: /^(page_cache_add_speculative|page_cache_get_speculative|folio_ref_try_add_rcu|page_ref_add_unless)\s*\(/,
      cond: (t) => ({ cond: op('folio_grabbed', t), pre: [op('folio_ref_try_add_rcu', t)] }),
    },
    { re: /^compound_head\s*\(\s*page\s*\)\s*!=\s*head$|^head\s*!=\s*compound_head\s*\(\s*page\s*\)$|^page_folio\s*\(\s*page\s*\)\s*!=\s*folio$|^folio\s*!=\s*page_folio\s*\(\s*page\s*\)$/, cond: (t) => ({ cond: op('head_changed', t) }) },
    { re: /^!?\s*(head|folio)$/, cond: (t) => ({ cond: op('folio_grabbed', t) }) },
    { re: /^!?\s*page$/, fn: GRAB, cond: (t) => ({ cond: op('folio_grabbed', t) }) },
    { re: /^pte_val\s*\(\s*pte\s*\)\s*!=/, cond: (t) => ({ cond: op('pte_changed', t) }) },
    { re: /^pmd_val\s*\(\s*pmd\s*\)\s*!=/, cond: (t) => ({ cond: op('pmd_changed', t) }) },
    // The same re-checks as pte_same()/pmd_same() of the value read and the entry now. The
    // _norecency forms ignore the young and dirty bits, which this model does not hold.
    { re: /^pte_same(?:_norecency)?\s*\(\s*pte\s*,\s*ptep_get\w*\(\s*ptep\s*\)\s*\)$/, cond: (t) => ({ cond: not(op('pte_changed', t), t) }) },
    { re: /^pmd_same\s*\(\s*pmd\s*,\s*(?:\*\s*pmdp|pmdp_get\w*\(\s*pmdp\s*\))\s*\)$/, cond: (t) => ({ cond: not(op('pmd_changed', t), t) }) },
    { re: /^hpage_pincount_available\s*\(|^folio_test_large\s*\(/, cond: (t) => ({ cond: op('hpage_pincount_available', t) }) },
    { re: /^put_devmap_managed_page(_refs)?\s*\(|^is_zero_page\s*\(|^PageTail\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  helpers: [{ fn: PIN_HELPER, result: 'pin_allowed', set: 'set_allowed' }],
  gotoTails: {
    // The retry loop of try_get_folio(): the model's split happens once, so a retry is a
    // bail-out to the slow path as far as I7.1 is concerned.
    try_get_folio: { retry: [ret('goto retry')] },
  },
  // No VMA of this scenario is registered with a userfaultfd.
  noUserfaultfd: true,
  facts: NO_USERFAULTFD,
  constants: {
    flags: FOLL.FOLL_PIN,
    gup_flags: FOLL.FOLL_PIN,
    refs: 1,
    ...FOLL,
  },
};
