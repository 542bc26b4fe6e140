/**
 * The lexicon: which model statement or condition a line of C is. Most of it is read off the
 * scenario's own code (every op carries the C it models: `ptep_clear_flush_notify(...)` is the op
 * `ptep_clear_flush_notify`); the rest are spelling rules (`READ_ONCE(folio->mapping)`,
 * `folio_mapping(folio)` and `folio->mapping` all read the mapping), constants the scenario
 * fixes (`flags`, `prot_numa`), and calls that never matter to a race (`pr_debug`, `VM_BUG_ON`).
 */
import { call, constCond, iff, not, op, or, ret, walkStmts, type Cond, type IfStmt, type KernelCode, type Op, type Stmt } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { calledNames, parseBool, type BoolExpr } from './cparse.js';

/** Calls whose name says nothing: the op is the call inside them. */
const WRAPPERS = new Set(['if', 'unlikely', 'likely', 'READ_ONCE', 'WRITE_ONCE', 'sizeof', 'while', 'for', 'switch', 'return', 'typeof', 'IS_ERR', 'PTR_ERR', 'ERR_PTR']);

/** Calls that do not change anything a race depends on. */
const BENIGN = /^(pr_\w+|printk\w*|dev_\w*(dbg|info|warn|err)\w*|WARN\w*|BUG\w*|VM_BUG_ON\w*|VM_WARN\w*|lockdep_assert\w*|might_sleep\w*|might_fault|trace_\w+|count_vm_event\w*|__count_vm_event\w*|count_memcg_event\w*|cond_resched|prefetch\w*|kasan_\w+|kmsan_\w+|barrier|cpu_relax)$/;

/** Pure helpers on values: a statement calling only these computes a local. */
const PURE = /^(pte_val|pmd_val|pud_val|pte_pfn|pmd_pfn|page_to_pfn|pfn_to_page|folio_page|page_folio|virt_to_page|page_address|pte_page|pmd_page|compound_head|folio_pfn|pte_offset_map|pmd_offset|pgprot_val|vm_get_page_prot|folio_nr_pages|compound_nr|min|max|min_t|max_t|ALIGN|PAGE_ALIGN|offset_in_page|linear_page_index|file_inode|i_size_read|DIV_ROUND_UP|mk_pte|pfn_pte|pte_mkold|pte_mkyoung|pte_sw_mkyoung|pte_mkdirty|pte_mkwrite|pte_mkclean|maybe_mkwrite|pte_mkspecial|page_mapping|vma_pages|vma_pgoff_offset|pte_none|pte_present)$/;

export interface LexRule {
  readonly re: RegExp;
  /** Only in these functions (a `return NULL` means something else in each). */
  readonly fn?: RegExp;
  readonly stmts?: (text: string, m: RegExpExecArray) => Stmt[];
  readonly cond?: (text: string, m: RegExpExecArray) => { cond: Cond; pre?: Stmt[] };
}

export interface ScenarioLexicon {
  readonly stmtRules: readonly LexRule[];
  readonly condRules: readonly LexRule[];
  /** Identifiers the scenario fixes (`flags`, `prot_numa`, `FOLL_WRITE`). */
  readonly constants: Readonly<Record<string, number>>;
  /**
   * Boolean helpers by name: the op a condition reads their result with, and the op their
   * `return <expr>` sets it with (value 1 or 0).
   */
  readonly helpers?: readonly { readonly fn: RegExp; readonly result: string; readonly set: string }[];
  /** What `goto LABEL` does in a function whose label is outside the hunk (the C after the label). */
  readonly gotoTails?: Readonly<Record<string, Readonly<Record<string, readonly Stmt[]>>>>;
  /** Whole lines (if/switch/case included) the model abstracts away, in these functions. */
  readonly ignoreLines?: readonly { readonly re: RegExp; readonly fn?: RegExp; readonly why: string }[];
}

const FOLL = { FOLL_WRITE: 0x01, FOLL_GET: 0x04, FOLL_FORCE: 0x10, FOLL_LONGTERM: 0x100, FOLL_PIN: 0x40000, FOLL_FAST_ONLY: 0x80000, FOLL_PCI_P2PDMA: 0x100000 };

/** S3 functions that return a pin decision (the series' helpers, whatever the patch names them). */
const S3_HELPER = /^(?!lockless_pages_from_mm$|gup_pmd_range$|gup_pte_range$|try_grab_folio$|try_get_folio$|gup_\w+_range$)\w+$/;

const mappingRead = /(READ_ONCE\s*\(\s*(folio|page)->mapping\s*\)|\b(folio|page)->mapping\b|\bfolio_mapping\s*\(|\bpage_mapping\s*\(|\bpage_file_mapping\s*\(|\bfolio_file_mapping\s*\()/;

/** Spelling rules and constants per scenario. */
export const LEXICONS: Readonly<Record<string, ScenarioLexicon>> = {
  S0: {
    stmtRules: [
      { re: /^flags \|= VM_WRITE$/, fn: /^valid_vma$/, stmts: (t) => [op('flags_add_write', t)] },
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
      { re: /^(?:\w+\s*=\s*)?(mem_cgroup_\w+|folio_\w*charge\w*|inc_mm_counter|dec_mm_counter|folio_add_new_anon_rmap|folio_add_lru\w*|page_add_new_anon_rmap|lru_cache_add\w*|mmu_notifier_range_init|get_page|folio_get|munlock_vma_page|try_to_free_swap|folio_free_swap|dec_mm_counter)\s*\(/, stmts: () => [] },
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
    ],
    constants: { VM_LOCKED: 0x2000 },
  },
  S1: {
    stmtRules: [
      { re: /^(?:\w+\s*=\s*)?(cow_user_page|copy_user_highpage|__wp_page_copy_user)\s*\(/, stmts: (t) => [op('cow_user_page', t)] },
      { re: /^(?:\w+\s*=\s*)?(spin_lock|pte_offset_map_lock)\s*\(/, stmts: (t) => [op('spin_lock', t)] },
      { re: /^(?:\w+\s*=\s*)?(spin_unlock|pte_unmap_unlock)\s*\(/, stmts: (t) => [op('spin_unlock', t)] },
      { re: /^(?:\w+\s*=\s*)?(alloc_\w*page\w*|vma_alloc_folio|page_folio)\s*\(/, stmts: (t) => [op('alloc_page_vma', t)] },
      { re: /^(?:\w+\s*=\s*)?(flush_tlb_page|flush_tlb_mm|flush_tlb_range)\s*\(\s*(vmf->vma|vma)\s*,\s*(vmf->address|addr|address)\s*\)/, stmts: (t) => [op('flush_tlb_page', t)] },
      { re: /^mmap_write_unlock\s*\(/, stmts: (t) => [op('mmap_write_unlock', t)] },
      { re: /^mmap_write_lock\s*\(/, stmts: (t) => [op('mmap_write_lock', t)] },
      { re: /^(?:bool\s+)?preserve_write\s*=\s*(.*)$/ }, // a named condition: handled as a definition
    ],
    condRules: [
      { re: /^pte_write\s*\(\s*oldpte\s*\)$/, cond: (t) => ({ cond: op('oldpte_write', t) }) },
      { re: /^userfaultfd_wp\s*\(/, cond: (t) => ({ cond: op('userfaultfd_wp', t) }) },
      { re: /^mm_tlb_flush_pending\s*\(/, cond: (t) => ({ cond: op('mm_tlb_flush_pending', t) }) },
      { re: /^pte_uffd_wp\s*\(/, cond: (t) => ({ cond: op('pte_uffd_wp', t) }) },
      { re: /^userfaultfd_pte_wp\s*\(/, cond: (t) => ({ cond: op('userfaultfd_pte_wp', t) }) },
      // NUMA placement checks inside `if (prot_numa)`: the modelled changers are not NUMA scans.
      { re: /^!?\s*(page_is_file_lru|PageDirty|page_mapcount|PageKsm|is_zone_device_page|is_cow_mapping|page_to_nid|pte_protnone|is_zero_pfn|target_node|folio_test_ksm|folio_is_file_lru|folio_test_dirty|folio_nid)\b/, cond: (t) => ({ cond: constCond(t, false) }) },
    ],
    constants: { enable_wp: 0, dirty_accountable: 0 },
  },
  S2: {
    stmtRules: [
      { re: /^put_page\s*\(\s*page\s*\)$/, stmts: () => [] },
      { re: /^return (true|false)$/, fn: /^can_follow_write_pte$/, stmts: (t, m) => [op('set_can_follow', t, { value: m[1] === 'true' ? 1 : 0 }), ret(t)] },
      { re: /^return !userfaultfd_pte_wp\s*\(/, fn: /^can_follow_write_pte$/, stmts: (t) => [op('set_can_follow_not_uffd_wp', t), ret(t)] },
      {
        re: /^return pte_write\(pte\) \|\| \(\(flags & FOLL_FORCE\) && \(flags & FOLL_COW\) && pte_dirty\(pte\)\)$/,
        fn: /^can_follow_write_pte$/,
        stmts: (t) => [
          iff(t, or(t, op('pte_write', 'pte_write(pte)'), op('foll_force_cow_dirty', '(flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte)')), [op('set_can_follow', 'return true', { value: 1 })], [
            op('set_can_follow', 'return false', { value: 0 }),
          ]),
          ret(t),
        ],
      },
      { re: /^page = NULL$/, fn: /^follow_page_pte$/, stmts: (t) => [op('gup_page_null', t)] },
    ],
    gotoTails: { follow_page_pte: { out: [op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'), ret('return page')] } },
    helpers: [
      { fn: /^can_change_pte_writable$/, result: 'can_change', set: 'set_can_change' },
      { fn: /^can_follow_write_pte$/, result: 'can_follow', set: 'set_can_follow' },
    ],
    // The model picks the UFFDIO mode as the actor's first step; the C dispatch on `mode` that
    // leads to mcopy_atomic_pte / shmem / zeropage is that choice (ZEROPAGE is not modelled).
    ignoreLines: [
      { re: /^switch \(mode\)$|^case MCOPY_ATOMIC_\w+:?$|^break$|^default:?$/, fn: /^mfill_atomic_pte$/, why: 'dispatch on the UFFDIO mode (the model chooses the mode)' },
      { re: /^if \(mode == MCOPY_ATOMIC_(NORMAL|ZEROPAGE)\)$/, fn: /^mfill_atomic_pte$/, why: 'dispatch on the UFFDIO mode (the model chooses the mode)' },
      { re: /^(err = )?mfill_zeropage_pte\(|^err = -EINVAL$/, fn: /^mfill_atomic_pte$/, why: 'UFFDIO_ZEROPAGE is not modelled' },
    ],
    condRules: [
      { re: /^mode\s*==\s*MCOPY_ATOMIC_NORMAL$/, cond: (t) => ({ cond: not(op('mode_continue', 'mode == MCOPY_ATOMIC_CONTINUE'), t) }) },
      { re: /^mode\s*!=\s*MCOPY_ATOMIC_CONTINUE$/, cond: (t) => ({ cond: not(op('mode_continue', 'mode == MCOPY_ATOMIC_CONTINUE'), t) }) },
      // The i_size check passes in the scenario (the address is inside the file).
      { re: /^offset\s*>=\s*max_off$/, cond: (t) => ({ cond: constCond(t, false) }) },
      { re: /^PageAnonExclusive\s*\(|^PageAnon\s*\(/, cond: (t) => ({ cond: op('gup_page_anon_exclusive', t) }) },
      // x86, a fresh mmap: soft-dirty tracking is built in and VM_SOFTDIRTY is set.
      { re: /^IS_ENABLED\s*\(\s*CONFIG_MEM_SOFT_DIRTY\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
      { re: /^vma->vm_flags\s*&\s*VM_SOFTDIRTY$/, cond: (t) => ({ cond: constCond(t, true) }) },
    ],
    // T_gup's flags: a FOLL_FORCE write (FOLL_COW is state: set by faultin_page).
    constants: { flags: FOLL.FOLL_WRITE | FOLL.FOLL_FORCE | FOLL.FOLL_GET, FOLL_WRITE: FOLL.FOLL_WRITE, FOLL_FORCE: FOLL.FOLL_FORCE, FOLL_GET: FOLL.FOLL_GET, FOLL_PIN: FOLL.FOLL_PIN },
  },
  S3: {
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
      { re: /^!?\s*folio$/, cond: (t) => ({ cond: op('folio_grabbed', t) }) },
    ],
    // The series' pin-decision helpers, whatever a patch names them (their `return <mapping test>`
    // is the stmtRule above).
    helpers: [{ fn: S3_HELPER, result: 'pin_allowed', set: 'set_allowed' }],
    constants: {
      flags: FOLL.FOLL_PIN | FOLL.FOLL_LONGTERM | FOLL.FOLL_WRITE,
      gup_flags: FOLL.FOLL_PIN | FOLL.FOLL_LONGTERM | FOLL.FOLL_WRITE,
      is_longterm: 1,
      refs: 1,
      ...FOLL,
    },
  },
};

/** Conditions that test for a failed call: false in the model, where nothing fails. */
const ERROR_CHECK = /^(ret|err|error|rc|retval)$|^(ret|err|error|rc)\s*(<|!=)\s*0$|^IS_ERR(_OR_NULL)?\s*\(|^(fatal_)?signal_pending\s*\(|^WARN_ON(_ONCE)?\s*\(|^VM_WARN_ON\w*\s*\(|^!\s*\*?\s*(page|pagep|new_page|old_page|vma|dst_vma|area|mapping|inode)$|^!\s*\w*alloc\w*\s*\(|^unlikely\s*\(\s*!\s*\w+\s*\)$/;
/** Conditions that test for success (the negations of the above). */
const SUCCESS_CHECK = /^!\s*(ret|err|error|rc)$|^(page|new_page|old_page|vma|dst_vma|area)$/;

export interface Keys {
  /** Call name -> op, for statements. */
  readonly stmt: ReadonlyMap<string, string>;
  /** Call name or identifier -> op, for condition atoms. */
  readonly cond: ReadonlyMap<string, string>;
  /** The same, per function: an identifier means what it means in the function it is in. */
  readonly byFn: ReadonlyMap<string, { readonly stmt: ReadonlyMap<string, string>; readonly cond: ReadonlyMap<string, string> }>;
}

function primaryCall(c: string): string | null {
  for (const n of calledNames(c)) if (!WRAPPERS.has(n)) return n;
  return null;
}

/** Keys read off every op of the scenario's baseline and variants. */
const keysCache = new WeakMap<Scenario, Keys>();

export function deriveKeys(sc: Scenario): Keys {
  const hit = keysCache.get(sc);
  if (hit) return hit;
  const keys = computeKeys(sc);
  keysCache.set(sc, keys);
  return keys;
}

function computeKeys(sc: Scenario): Keys {
  const stmt = new Map<string, string>();
  const cond = new Map<string, string>();
  const byFn = new Map<string, { stmt: Map<string, string>; cond: Map<string, string> }>();
  const addCond = (c: Cond, local: Map<string, string>) => {
    if (c.op === 'not') return addCond((c as { arg: Cond }).arg, local);
    if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.forEach((a) => addCond(a, local));
    if (c.op === '__const') return;
    const key = primaryCall(c.c) ?? c.c.trim();
    if (!cond.has(key)) cond.set(key, c.op);
    if (!local.has(key)) local.set(key, c.op);
  };
  const codes: KernelCode[] = [sc.baseline, ...sc.variants.map((v) => v.code(sc.baseline))];
  for (const code of codes) {
    for (const fn of Object.keys(code)) {
      if (!byFn.has(fn)) byFn.set(fn, { stmt: new Map(), cond: new Map() });
      const local = byFn.get(fn)!;
      // Only this function's own statements (not its callees') are its local vocabulary.
      for (const { fn: owner, stmt: s } of walkStmts(code, fn)) {
        const isLocal = owner === fn;
        if (s.op === 'if') addCond((s as IfStmt).cond, isLocal ? local.cond : new Map());
        else if (s.op !== 'call' && s.op !== 'return') {
          const key = primaryCall(s.c);
          if (key && !stmt.has(key)) stmt.set(key, s.op);
          if (key && isLocal && !local.stmt.has(key)) local.stmt.set(key, s.op);
        }
      }
    }
  }
  return { stmt, cond, byFn };
}

export interface LexContext {
  readonly scenario: Scenario;
  readonly lexicon: ScenarioLexicon;
  readonly keys: Keys;
  /** Function the statement is in. */
  readonly fn: string;
  /** Functions of the (patched) code: calls to these are inlined. */
  readonly functions: ReadonlySet<string>;
  /** Named conditions defined so far (`bool is_longterm = flags & FOLL_LONGTERM`). */
  readonly defs: ReadonlyMap<string, string>;
}

export type StmtLift =
  | { readonly kind: 'stmts'; readonly stmts: Stmt[] }
  | { readonly kind: 'ignore'; readonly why: string }
  | { readonly kind: 'def'; readonly name: string; readonly expr: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** A named boolean definition: `bool x = expr` or `x = expr` with x a known definition. */
export function asDefinition(text: string): { name: string; expr: string } | null {
  const m = /^(?:const\s+)?bool\s+(\w+)\s*=\s*(.+)$/.exec(text);
  return m ? { name: m[1], expr: m[2].trim() } : null;
}

export function liftStatement(text: string, kind: string, ctx: LexContext): StmtLift {
  for (const r of ctx.lexicon.stmtRules) {
    if (r.fn && !r.fn.test(ctx.fn)) continue;
    const m = r.re.exec(text);
    if (m) {
      if (!r.stmts) break; // handled as a definition below
      return { kind: 'stmts', stmts: r.stmts(text, m) };
    }
  }
  const def = asDefinition(text);
  if (def) return { kind: 'def', ...def };
  if (kind === 'label' || kind === 'preproc' || kind === 'fndef') return { kind: 'ignore', why: kind };
  const helper = ctx.lexicon.helpers?.find((h) => h.fn.test(ctx.fn));
  const retExpr = /^return\s+(.+)$/.exec(text);
  if (kind === 'jump' && helper && retExpr) {
    const v = retExpr[1].trim();
    if (v === 'true' || v === 'false') return { kind: 'stmts', stmts: [op(helper.set, text, { value: v === 'true' ? 1 : 0 }), ret(text)] };
    const c = liftCondition(v, ctx);
    if ('unknown' in c) return { kind: 'unknown', why: c.unknown };
    return { kind: 'stmts', stmts: [...c.pre, iff(text, c.cond, [op(helper.set, 'return true', { value: 1 })], [op(helper.set, 'return false', { value: 0 })]), ret(text)] };
  }
  if (kind === 'jump') return { kind: 'stmts', stmts: [ret(text)] };
  const names = calledNames(text).filter((n) => !WRAPPERS.has(n));
  if (names[0] && BENIGN.test(names[0]) && !(ctx.keys.byFn.get(ctx.fn)?.stmt.has(names[0]) || ctx.keys.stmt.has(names[0]))) {
    return { kind: 'ignore', why: `${names[0]}() changes nothing the race depends on` };
  }
  const local = ctx.keys.byFn.get(ctx.fn);
  for (const n of names) {
    if (ctx.functions.has(n)) return { kind: 'stmts', stmts: [call(n, text)] };
    const o = local?.stmt.get(n) ?? ctx.keys.stmt.get(n);
    if (o) return { kind: 'stmts', stmts: [op(o, text)] };
  }
  if (names.length === 0) return { kind: 'ignore', why: 'a computation on locals' };
  const unknown = names.filter((n) => !BENIGN.test(n) && !PURE.test(n));
  if (unknown.length === 0) return { kind: 'ignore', why: `only ${names.join(', ')}` };
  return { kind: 'unknown', why: `\`${unknown[0]}()\` is not in the ${ctx.scenario.id} model` };
}

export type CondLift = { readonly cond: Cond; readonly pre: Stmt[] } | { readonly unknown: string };

/** Evaluates an expression over the scenario's constants, or null when it reads anything else. */
export function constValue(expr: string, constants: Readonly<Record<string, number>>): number | null {
  let bad = false;
  const sub = expr.replace(/\b[A-Za-z_]\w*\b/g, (id) => {
    if (id in constants) return String(constants[id]);
    if (id === 'true') return '1';
    if (id === 'false' || id === 'NULL') return '0';
    bad = true;
    return id;
  });
  if (bad || !/^[\d\s()&|!=<>~^+\-*xXa-fA-F]+$/.test(sub)) return null;
  try {
    // Only digits and operators reach here.
    const v = Function(`"use strict"; return (${sub});`)() as unknown;
    return typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

export function liftCondition(src: string, ctx: LexContext, depth = 0): CondLift {
  if (depth > 8) return { unknown: `definition loop in \`${src}\`` };
  const walk = (e: BoolExpr): CondLift => {
    if (e.t === 'not') {
      const r = walk(e.arg);
      if ('unknown' in r) return r;
      return { cond: not(r.cond, `!${r.cond.c}`), pre: r.pre };
    }
    if (e.t === 'and' || e.t === 'or') {
      const parts = e.args.map(walk);
      const bad = parts.find((p): p is { unknown: string } => 'unknown' in p);
      if (bad) return bad;
      const ok = parts as { cond: Cond; pre: Stmt[] }[];
      return { cond: { op: e.t, c: e.text, args: ok.map((p) => p.cond) }, pre: ok.flatMap((p) => p.pre) };
    }
    const text = e.text.trim();
    const v = constValue(text, ctx.lexicon.constants);
    if (v !== null) return { cond: constCond(text, v !== 0), pre: [] };
    for (const r of ctx.lexicon.condRules) {
      if (r.fn && !r.fn.test(ctx.fn)) continue;
      const m = r.re.exec(text);
      if (m && r.cond) {
        const out = r.cond(text, m);
        return { cond: out.cond, pre: out.pre ?? [] };
      }
    }
    const local = ctx.keys.byFn.get(ctx.fn);
    const exact = local?.cond.get(text) ?? (ctx.keys.byFn.has(ctx.fn) ? undefined : ctx.keys.cond.get(text));
    if (exact) return { cond: op(exact, text), pre: [] };
    const def = ctx.defs.get(text);
    if (def !== undefined) return liftCondition(def, ctx, depth + 1);
    const names = calledNames(text).filter((n) => !WRAPPERS.has(n));
    const helper = names[0] && ctx.functions.has(names[0]) ? names[0] : null;
    const known = helper ? ctx.lexicon.helpers?.find((h) => h.fn.test(helper)) : undefined;
    if (helper && known) return { cond: op(known.result, text), pre: [call(helper, `${helper}(...)`)] };
    for (const n of names) {
      const o = local?.cond.get(n);
      if (o) return { cond: op(o, text), pre: [] };
    }
    // Error paths: allocations, lookups and charges succeed in every scenario.
    if (ERROR_CHECK.test(text)) return { cond: constCond(text, false), pre: [] };
    if (SUCCESS_CHECK.test(text)) return { cond: constCond(text, true), pre: [] };
    for (const n of names) {
      const o = ctx.keys.cond.get(n);
      if (o) return { cond: op(o, text), pre: [] };
    }
    const o = ctx.keys.cond.get(text);
    if (o) return { cond: op(o, text), pre: [] };
    return { unknown: `condition \`${text}\` is not in the ${ctx.scenario.id} model` };
  };
  return walk(parseBool(src));
}

/** `if (cond) {...}` lifted, with the calls its condition makes placed before it. */
export function liftIf(text: string, condSrc: string, then: Stmt[], els: Stmt[] | undefined, ctx: LexContext): Stmt[] | { unknown: string } {
  const c = liftCondition(condSrc, ctx);
  if ('unknown' in c) return c;
  return [...c.pre, iff(text, c.cond, then, els)];
}

export type { Op };
