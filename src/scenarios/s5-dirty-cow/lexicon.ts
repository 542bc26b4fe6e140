/**
 * S5's lexicon rows: FOLL_WRITE and FOLL_COW are state here (faultin_page() changes them between
 * attempts), so their tests and updates are steps, never constants; the rest of the GUP flags
 * of write(/proc/self/mem) are fixed.
 */
import { constCond, op, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { FOLL } from '../../mm/gup-flags.js';

const FLAGS = String.raw`\(?\s*\*?\s*(?:foll_|gup_)?flags\s*`;

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    { re: new RegExp(`^${FLAGS}&=\\s*~\\s*FOLL_WRITE\\s*\\)?$`), stmts: (t) => [op('clear_foll_write', t)] },
    { re: new RegExp(`^${FLAGS}\\|=\\s*FOLL_COW\\s*\\)?$`), stmts: (t) => [op('set_foll_cow', t)] },
    { re: /^return !userfaultfd_pte_wp\s*\(/, fn: /^can_follow_write_pte$/, stmts: (t) => [op('set_can_follow_not_uffd_wp', t), ret(t)] },
    { re: /^page = NULL$/, fn: /^follow_page_pte$/, stmts: (t) => [op('gup_page_null', t)] },
  ],
  condRules: [
    { re: new RegExp(`^${FLAGS}&\\s*FOLL_WRITE\\s*\\)?$`), cond: (t) => ({ cond: op('foll_write', t) }) },
    { re: new RegExp(`^${FLAGS}&\\s*FOLL_COW\\s*\\)?$`), cond: (t) => ({ cond: op('foll_cow', t) }) },
    { re: /^PageAnonExclusive\s*\(\s*page\s*\)|^PageAnon\s*\(\s*page\s*\)/, fn: /^can_follow_write_pte$/, cond: (t) => ({ cond: op('gup_page_anon_exclusive', t) }) },
    // x86, a fresh mmap: soft-dirty tracking built in, VM_SOFTDIRTY set, pte_mkdirty() sets soft-dirty.
    { re: /^IS_ENABLED\s*\(\s*CONFIG_MEM_SOFT_DIRTY\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^\(?vma->vm_flags\s*&\s*VM_SOFTDIRTY\)?$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^vma_soft_dirty_enabled\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^pte_soft_dirty\s*\(/, cond: (t) => ({ cond: constCond(t, true) }) },
    // No userfaultfd registration in this scenario.
    { re: /^userfaultfd_pte_wp\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
  ],
  gotoTails: { follow_page_pte: { out: [op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'), ret('return page')] } },
  helpers: [{ fn: /^can_follow_write_pte$/, result: 'can_follow', set: 'set_can_follow' }],
  // write(/proc/self/mem): FOLL_FORCE | FOLL_GET always; FOLL_WRITE and FOLL_COW are state.
  constants: { FOLL_FORCE: FOLL.FOLL_FORCE, FOLL_GET: FOLL.FOLL_GET, FOLL_PIN: FOLL.FOLL_PIN },
};
