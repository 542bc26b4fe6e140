/**
 * S4's lexicon rows: the spellings the shared vocabulary cannot decide alone in this scenario's
 * functions (what a `return` means in a helper, identifiers the scenario fixes).
 */
import { call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { NO_PROTNONE, NO_USERFAULTFD, ONLY_SMALL_PAGES } from '../../mm/vocabulary.js';
import { FOLL } from '../../mm/gup-flags.js';


export const lexicon: ScenarioLexicon = {
  stmtRules: [
    // 6.11 (find_and_set_bit()): the free slot found and claimed in one atomic step, where the
    // model had find_first_zero_bit() then test_and_set_bit().
    { re: /^slot_nr = find_and_set_bit\(area->bitmap, UINSNS_PER_PAGE\)$/, fn: /^xol_take_insn_slot$/, stmts: (t) => [op('find_and_set_bit', t)] },
  ],
  condRules: [
    // After alloc_set_pte() (4.8 on) the PTE table is mapped and locked on every path the model
    // has: the fault path's `if (fe->pte)` / `if (vmf->pte)` before the unlock holds.
    { re: /^(?:fe|vmf)->pte$/, fn: /^(?:do_read_fault|do_cow_fault|finish_fault)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // Allocation and slot failures: every allocation succeeds and a slot is always found here.
    { re: /^!\s*(?:area->(?:pages\[0\]|page|bitmap)|xol_vaddr|area)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^(?:area->(?:pages\[0\]|page|bitmap)|xol_vaddr|area)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^slot_nr\s*<\s*UINSNS_PER_PAGE$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // A copy that first compares the slot with the instruction (`if (!memcmp(dst, src, len)) goto
    // done`): the bytes differ unless the slot already holds them, as CPU0 reads it.
    { re: /^memcmp\s*\(\s*[\w>.-]+\s*,\s*src\s*,\s*len\s*\)$/, fn: /^arch_uprobe_copy_ixol$/, cond: (t) => ({ cond: not(op('slot_holds_insn', t)) }) },
  ],
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  // No VMA of this scenario is registered with a userfaultfd, and none is PROT_NONE. The faulting
  // VMA is the XOL area, a special mapping (_install_special_mapping): its vm_ops have no
  // ->map_pages, so the fault path never maps pages around the fault.
  noUserfaultfd: true,
  // Its facts say every page is order 0 (ONLY_SMALL_PAGES).
  onlySmallPages: true,
  facts: [
    ...NO_USERFAULTFD,
    // The XOL area's one page comes from alloc_page(): order 0.
    ...ONLY_SMALL_PAGES,
    ...NO_PROTNONE,
    { re: /^(?:\w+->)*vm_ops->map_pages$/, fn: /./, value: false, why: "the XOL area is a special mapping, whose vm_ops have no ->map_pages (no fault-around)" },
    // special_mapping_fault() on the XOL area's one page returns 0 with the page: no error,
    // no NOPAGE, no retry bit in __do_fault()'s result test, nor in its callers' test of what
    // __do_fault() returns (do_read_fault() and do_cow_fault() from 3.15, their 2014 postings).
    { re: /^\(?\s*ret\s*&\s*\(\s*VM_FAULT_ERROR\b[^()]*\)\s*\)?$/, fn: /^(?:__do_fault|do_read_fault|do_cow_fault|do_shared_fault)$/, value: false, why: "the XOL area's fault (special_mapping_fault()) returns its page: no error, NOPAGE or retry bit" },
  ],
  constants: {},
};
