/**
 * The lexicon: which model statement or condition a line of C is. Most of it is read off the
 * scenario's own code (every op carries the C it models: `ptep_clear_flush_notify(...)` is the op
 * `ptep_clear_flush_notify`); the rest are spelling rules (`READ_ONCE(folio->mapping)`,
 * `folio_mapping(folio)` and `folio->mapping` all read the mapping), constants the scenario
 * fixes (`flags`, `prot_numa`), and calls that never matter to a race (`pr_debug`, `VM_BUG_ON`).
 */
import { call, choiceCond, constCond, iff, not, op, ret, walkStmts, type CallStmt, type Cond, type IfStmt, type KernelCode, type Op, type Stmt } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { calledNames, callTexts, closingParen, parseBool, renameCalls, type BoolExpr } from './cparse.js';
import type { ScenarioLexicon } from '../mm/lexicon.js';
import type { DiffHunk } from '../diff/types.js';
import { PAGE_TABLE_LOCK, isMmuNotifierName, pageSpelling, actsOnState, namesAnAction, canonicalTests, partOf, pinnedSpellings, vocabularySpelling, exclusionLockOf, decidedTests, respellFields, SHARED_FACTS, isPure, mayTouchState, readsAsTest, spinlockAction, noEffectClassOf, noEffectRowOf, primitiveOf, SUCCESS_RETURNS, SUCCESS_RETURNS_SINCE, successReturnOf, type Release, countResultOf, walkDownTo, type Fact } from '../mm/vocabulary.js';
export type { LexRule, ScenarioLexicon } from '../mm/lexicon.js';

/** Calls whose name says nothing: the op is the call inside them. */
const WRAPPERS = new Set(['if', 'unlikely', 'likely', 'READ_ONCE', 'WRITE_ONCE', 'sizeof', 'while', 'for', 'switch', 'return', 'typeof', 'IS_ERR', 'PTR_ERR', 'ERR_PTR']);

/** Calls that change nothing a race depends on in this scenario: the vocabulary's no-effect classes. */
function benign(name: string, lexicon: ScenarioLexicon): boolean {
  const row = noEffectRowOf(name);
  return row !== null && (!row.onlyWhere || lexicon[row.onlyWhere] === true);
}

/**
 * Conditions that test for a failed call: false in the model, where nothing fails. (`!vmf->page`
 * is a PTE with no struct page, a raw PFN mapping: every modelled page is a normal one; a range
 * that wraps, `end <= start`, is a caller's error: every modelled range is valid.)
 */
const ERROR_CHECK = /^(ret|err|error|rc|retval)$|^(ret|err|error|rc)\s*(<|!=)\s*0$|^IS_ERR(_OR_NULL)?\s*\(|^(fatal_)?signal_pending\s*\(|^WARN_ON(_ONCE)?\s*\(|^VM_WARN_ON\w*\s*\(|^!\s*\*?\s*(?:vmf->)?(page|pagep|new_page|old_page|folio|foliop|new_folio|old_folio|vma|dst_vma|area|mapping|inode|\w*ptl)$|^!\s*\w*alloc\w*\s*\(|^!\s*add_to_swap\s*\(|^folio_alloc_swap\s*\(|^end\s*<=?\s*start$|^check_add_overflow\s*\(/;

/** An assignment to a local the kernel keeps an error code in (ERROR_CHECK's bare forms) from a call. */
const ERROR_LOCAL = /^\s*(ret|err|error|rc|retval)\s*=\s*(?:!!\s*)?([A-Za-z_]\w*)\s*\(/;
const boolResultsCache = new WeakMap<readonly DiffHunk[], ReadonlyMap<string, string>>();

/**
 * The error-code locals a function's lines, on either side of its hunks, set from a call whose
 * result is no error code: a success that is true (SUCCESS_RETURNS: `ret = folio_try_get(folio)`)
 * or a count (countResultOf(): GUP's pages): local -> the call, said (LexContext.boolResults).
 */
export function boolResultLocals(hunks: readonly DiffHunk[]): ReadonlyMap<string, string> {
  let out = boolResultsCache.get(hunks);
  if (out) return out;
  const found = new Map<string, string>();
  for (const h of hunks) {
    for (const l of h.lines) {
      const m = ERROR_LOCAL.exec(l.text);
      const what = m && (SUCCESS_RETURNS[m[2]] === 'true' ? 'true on success' : countResultOf(m[2]));
      if (what) found.set(m![1], `${m![2]}() (${what})`);
    }
  }
  boolResultsCache.set(hunks, (out = found));
  return out;
}

/** The scenario's ignoreLines row for a line of function `fn` (as written, or as `alsoAs`). */
export function ignoreLineFor(lexicon: ScenarioLexicon, fn: string, text: string, alsoAs = text): NonNullable<ScenarioLexicon['ignoreLines']>[number] | undefined {
  return (lexicon.ignoreLines ?? []).find((x) => (!x.fn || x.fn.test(fn)) && (x.re.test(text) || (alsoAs !== text && x.re.test(alsoAs))));
}

/** The report's line for an ignoreLines row marked `assumed`. */
export const noStepByAssumption = (fn: string, text: string, why: string): string => `${fn}: \`${text}\` is no step (${why})`;

/** A PTE table's allocation as a bare call (non-zero on failure), mainline's and the 2021 free-user-PTE posting's. */
/** The PTE-table allocations (`__pte_alloc()`, the free-user-PTE postings' `__pte_alloc_get()`), and a call of one. */
const PTE_TABLE_ALLOC_NAME = /^(?:__)?pte_alloc(?:_get)?$/;
const PTE_TABLE_ALLOC = /^(?:__)?pte_alloc(?:_get)?\s*\((?:[^()]|\([^()]*\))*\)$/;

/**
 * Conditions that test for success (the negations of the above). (A page-table lock pointer,
 * `old_ptl = pmd_lock(mm, pmd)`, is never NULL: the 2018 mremap posting tested it. Reclaim's
 * swap-slot allocation, add_to_swap() and 2025's folio_alloc_swap() (0 on success), succeeds
 * like any allocation.)
 */
const SUCCESS_CHECK = /^!\s*(ret|err|error|rc)$|^(?:vmf->)?(page|new_page|old_page|folio|new_folio|old_folio|vma|dst_vma|area|\w*ptl)$|^add_to_swap\s*\(/;

/** `[x =] set_p?d(&x, ...)` / `x = p?dp_get(&x)`: a page-table accessor on the address of a plain local. */
/** The mmap lock's modes (one lock: a step in any of them means the model holds it). */
const MMAP_LOCK_MODES: readonly string[] = ['mmap_read_lock', 'mmap_read_unlock', 'mmap_write_lock', 'mmap_write_unlock', 'mmap_write_downgrade'];

const ON_LOCAL_ENTRY = /^(?:([A-Za-z_]\w*)\s*=\s*)?(set_(?:pte|pmd|pud|p4d|pgd)|(?:pte|pmd|pud|p4d|pgd)p_get(?:_lockless)?)\s*\(\s*&\s*([A-Za-z_]\w*)\s*[,)][^()]*\)?$/;

/** One function's anchors: its steps and its tests, by their whitespace-free C text. */
export interface FnAnchors {
  readonly stmt: ReadonlyMap<string, Stmt>;
  readonly cond: ReadonlyMap<string, Cond>;
}

export interface Keys {
  /** Call name -> op, for statements. */
  readonly stmt: ReadonlyMap<string, string>;
  /** Call name or identifier -> op, for condition atoms. */
  readonly cond: ReadonlyMap<string, string>;
  /** The same, per function: an identifier means what it means in the function it is in. */
  readonly byFn: ReadonlyMap<string, { readonly stmt: ReadonlyMap<string, string>; readonly cond: ReadonlyMap<string, string> }>;
  /**
   * The model's own C anchors, whitespace-free, per function: a statement whose text is exactly
   * an anchor is that step (`pages[*nr] = page`), an `if` whose text is exactly an if's anchor
   * has that condition. What lets the model's own function text lift back to the model.
   */
  readonly exact: ReadonlyMap<string, FnAnchors>;
  /** Vocabulary primitive -> op, for statements and conditions: `folio_lock` finds `lock_page`'s op. */
  readonly primStmt: ReadonlyMap<string, string>;
  readonly primCond: ReadonlyMap<string, string>;
  /**
   * The C name a model's call is written with, where the model names the callee otherwise
   * (`change_protection(...)` is S1's call of change_protection_range(), the wrapper it goes
   * through): that name, with any arguments, is the call. Names read two ways are left out.
   */
  readonly calls: ReadonlyMap<string, string>;
  /** Op -> the C texts of the model's condition atoms with that op (`page_count(page) != 1`). */
  readonly condTexts: ReadonlyMap<string, readonly string[]>;
}

/**
 * Memo of a pure function of an anchor's text: the scenarios' variants share most of their
 * statements, so the same anchors are read again for every variant and every lift.
 */
const MEMO_MAX = 1 << 16;
function memoText<T>(f: (c: string) => T): (c: string) => T {
  const memo = new Map<string, T>();
  return (c) => {
    let v = memo.get(c);
    if (v === undefined && !memo.has(c)) {
      // A long-lived worker reads every patch's lines too: bounded, and refilled as needed.
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(c, (v = f(c)));
    }
    return v as T;
  };
}

const primaryCall = memoText((c: string): string | null => {
  for (const n of calledNames(c)) if (!WRAPPERS.has(n)) return n;
  return null;
});

/** The scenario's baseline and every variant's code, built once. */
const codesCache = new WeakMap<Scenario, readonly KernelCode[]>();
export function scenarioCodes(sc: Scenario): readonly KernelCode[] {
  let codes = codesCache.get(sc);
  if (!codes) codesCache.set(sc, (codes = [sc.baseline, ...sc.variants.map((v) => v.code(sc.baseline))]));
  return codes;
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
  const condTexts = new Map<string, string[]>();
  const addCond = (c: Cond, local: Map<string, string>) => {
    if (c.op === 'not') return addCond((c as { arg: Cond }).arg, local);
    if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.forEach((a) => addCond(a, local));
    if (c.op === '__const') return;
    const key = primaryCall(c.c) ?? respellFields(c.c.trim());
    const texts = condTexts.get(c.op) ?? [];
    if (!texts.includes(c.c.trim())) condTexts.set(c.op, [...texts, c.c.trim()]);
    if (!cond.has(key)) cond.set(key, c.op);
    if (!local.has(key)) local.set(key, c.op);
  };
  const exact = new Map<string, { stmt: Map<string, Stmt>; cond: Map<string, Cond> }>();
  const calls = new Map<string, string>();
  const codes = scenarioCodes(sc);
  for (const code of codes) {
    for (const fn of Object.keys(code)) {
      if (!byFn.has(fn)) byFn.set(fn, { stmt: new Map(), cond: new Map() });
      if (!exact.has(fn)) exact.set(fn, { stmt: new Map(), cond: new Map() });
      const ex = exact.get(fn)!;
      for (const s of code[fn]) addExact(s, ex);
      const local = byFn.get(fn)!;
      // Only this function's own statements (not its callees') are its local vocabulary.
      for (const { fn: owner, stmt: s } of walkStmts(code, fn)) {
        const isLocal = owner === fn;
        if (s.op === 'if') addCond((s as IfStmt).cond, isLocal ? local.cond : new Map());
        else if (s.op === 'call') {
          const target = (s as { fn: string }).fn;
          const name = primaryCall(s.c);
          if (name && name !== target) calls.set(name, calls.has(name) && calls.get(name) !== target ? '' : target);
        } else if (s.op !== 'return') {
          // The anchor's first call, and the call the op is named after where the anchor has
          // several statements (`new_page = alloc_page_vma(...); cow_user_page(...)`).
          const first = primaryCall(s.c);
          const namesake = s.c.includes(';') && first !== s.op ? s.c.split(';').map((p) => primaryCall(p)).find((n) => n === s.op) : undefined;
          // (The first call of a step of several statements named after another one,
          // `put_page(page); return copy_present_page(...)`, names it only where it stands:
          // elsewhere a put_page() is no copy_present_page.)
          const severalNamedOtherwise = s.c.includes(';') && first !== s.op;
          for (const key of namesake ? [first, namesake] : [first]) {
            // A pure helper (`maybe_mkwrite`) names the step only in the function that has it:
            // elsewhere the same call computes a value for another step.
            if (key && !isPure(key) && !stmt.has(key) && !(severalNamedOtherwise && key === first && key !== namesake)) stmt.set(key, s.op);
            if (key && isLocal && !local.stmt.has(key)) local.stmt.set(key, s.op);
          }
        }
      }
    }
  }
  const byPrimitive = (m: ReadonlyMap<string, string>) => {
    const out = new Map<string, string>();
    for (const [k, o] of m) {
      const p = primitiveOf(k);
      if (p && !out.has(p)) out.set(p, o);
    }
    // (A step named after a primitive, spelled otherwise in its release: S5's mmap_read_lock op is
    // `down_read(&mm->mmap_sem)`. Its state is held all the same.)
    for (const o of m.values()) {
      const p = primitiveOf(o);
      if (p && p === o && !out.has(p)) out.set(p, o);
    }
    return out;
  };
  for (const [k, v] of calls) if (!v || codes.some((c) => k in c)) calls.delete(k);
  return { stmt, cond, byFn, exact, primStmt: byPrimitive(stmt), primCond: byPrimitive(cond), calls, condTexts };
}

/**
 * Keys whose exact anchors come first from `code` (the base being lifted against: a named
 * condition such as `preserve_write` means what that version defines it as), then from the
 * scenario's other variants.
 */
export function keysFor(sc: Scenario, code: KernelCode): Keys {
  const keys = deriveKeys(sc);
  const exact = new Map<string, { stmt: Map<string, Stmt>; cond: Map<string, Cond> }>();
  for (const fn of Object.keys(code)) {
    const ex = { stmt: new Map<string, Stmt>(), cond: new Map<string, Cond>() };
    for (const s of code[fn]) addExact(s, ex);
    const rest = keys.exact.get(fn);
    if (rest) {
      for (const [k, v] of rest.stmt) if (!ex.stmt.has(k)) ex.stmt.set(k, v);
      for (const [k, v] of rest.cond) if (!ex.cond.has(k)) ex.cond.set(k, v);
    }
    exact.set(fn, ex);
  }
  for (const [fn, v] of keys.exact) if (!exact.has(fn)) exact.set(fn, v as { stmt: Map<string, Stmt>; cond: Map<string, Cond> });
  return { ...keys, exact };
}

/** Whitespace-free form of a C anchor, for exact matching. */
// `x = false` and `x = 0` assign the same flag (kernels moved from int to bool flags).
// One read of a PTE is one read however it is spelled: `*ptep`, `READ_ONCE(*ptep)`, and the
// accessors of 6.5's conversion (`ptep_get()`, `ptep_get_lockless()`; the models hold no torn
// read, which is all the lockless form adds), so `vmf->orig_pte = ptep_get(vmf->pte)` is the
// model's `vmf->orig_pte = *vmf->pte`.
export const anchorKey = memoText((c: string) => plainPteReads(respellFields(c)).replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/\s+/g, '').replace(/;+$/, '').replace(/=false$/, '=0').replace(/=true$/, '=1'));

/**
 * A model anchor for `text`, by its own C text or by its vocabulary spelling (a model's
 * `down_read(&mm->mmap_sem)` is found under a later `mmap_read_lock(mm)`; see addExact()).
 */
export function byAnchor<T>(anchors: ReadonlyMap<string, T> | undefined, text: string): T | undefined {
  return anchors?.get(anchorKey(text)) ?? anchors?.get(anchorKey(vocabularySpelling(text))) ?? anchors?.get(anchorKey(pageSpelling(text)));
}

function plainPteReads(c: string): string {
  return c.includes('ptep_get') || c.includes('READ_ONCE') ? c.replace(/\b(?:ptep_get|ptep_get_lockless(?:_norecency)?)\(\s*([\w>.-]+)\s*\)|\bREAD_ONCE\(\s*\*\s*([\w>.-]+)\s*\)/g, (_m, a?: string, b?: string) => `*${a ?? b}`) : c;
}

function addExact(s: Stmt, ex: { stmt: Map<string, Stmt>; cond: Map<string, Cond> }): void {
  if (s.op === 'if') {
    const i = s as IfStmt;
    // By its anchor, and by the test it models (`else if (x)`, `case -EBUSY:` are `if (x)`).
    // (Each also in the vocabulary's spelling, as statements are below.)
    const forms = [i.c, i.c.replace(/^else\s+(?=if\s*\()/, ''), `if (${i.cond.c.replace(/^return\s+/, '')})`];
    for (const k of [...forms, ...forms.map(vocabularySpelling)]) if (!ex.cond.has(anchorKey(k))) ex.cond.set(anchorKey(k), i.cond);
    i.then.forEach((x) => addExact(x, ex));
    (i.else ?? []).forEach((x) => addExact(x, ex));
    return;
  }
  if (s.op === 'return') return;
  const k = anchorKey(s.c);
  if (!ex.stmt.has(k)) ex.stmt.set(k, s);
  // And in the vocabulary's spelling (a 4.8 model's `down_read(&mm->mmap_sem)` is the
  // `mmap_read_lock(mm)` a later or a series' respelling writes).
  const kc = anchorKey(vocabularySpelling(s.c));
  if (kc !== k && !ex.stmt.has(kc)) ex.stmt.set(kc, s);
  // An anchor of several statements (`pages[*nr] = page; (*nr)++`): the one calling the op's
  // namesake is the step (`new_page = alloc_page_vma(...); cow_user_page(...)` is cow_user_page),
  // else the first; the others belong to it.
  const pieces = s.c.split(';').map((x) => x.trim()).filter(Boolean);
  if (pieces.length > 1) {
    const step = pieces.find((p) => primaryCall(p) === s.op) ?? pieces[0];
    if (!ex.stmt.has(anchorKey(step))) ex.stmt.set(anchorKey(step), s);
    for (const p of pieces) if (p !== step && /[A-Za-z_]/.test(p) && p.length > 4 && !ex.stmt.has(anchorKey(p))) ex.stmt.set(anchorKey(p), { op: '__absorbed', c: p });
  }
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
  /** The modelled function a name is in this tree (renames across releases), if any. */
  readonly functionNamed?: (name: string) => string | null;
  /** Where assumptions made while lifting are recorded (effect-free calls, conditions explored both ways). */
  readonly assume?: (what: string) => void;
  /** Functions the patch adds whose bodies lift to no step (tests only): a call to one is a value, not an action. */
  readonly pureHelpers?: ReadonlySet<string>;
  /** Functions the patch adds. */
  readonly addedFns?: ReadonlySet<string>;
  /** Boolean helpers the patch adds, as expressions over their parameters. */
  readonly helperExprs?: ReadonlyMap<string, { readonly params: readonly string[]; readonly expr: string }>;
  /** Functions the patch split out under a new name (`__f` doing what `f` did): new -> old. */
  readonly splitFrom?: ReadonlyMap<string, string>;
  /** Functions the patch renames (its definition deleted and added back under a new name): new -> old. */
  readonly renamedFrom?: ReadonlyMap<string, string>;
  /** Why this function's page lock calls are no step: its model takes no page lock, while the kernel's does. */
  readonly pageLockAbstracted?: string;
  /** The release the patch is for, when known (what a call returns on success may depend on it). */
  readonly release?: Release | null;
  /**
   * Locals of the function that its code, as the patch shows it, sets from a call reporting
   * success as true (`ret = folio_try_get(folio)`) or as a count (GUP's pages): local -> that
   * call, said. A test of such a local is no error-code test (`!ret` is the call's failure).
   */
  readonly boolResults?: ReadonlyMap<string, string>;
}

export type StmtLift =
  | { readonly kind: 'stmts'; readonly stmts: Stmt[] }
  /** `assumed`: the call is not in the vocabulary and is taken to be effect-free (reported). */
  /** `unknown`: assumed only because the mm vocabulary has no row for the call. */
  | { readonly kind: 'ignore'; readonly why: string; readonly assumed?: boolean; readonly lock?: string; readonly unknown?: boolean }
  | { readonly kind: 'def'; readonly name: string; readonly expr: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** A named boolean definition: `bool x = expr` or `x = expr` with x a known definition. */
export function asDefinition(text: string): { name: string; expr: string } | null {
  // (The last of several declarators, `bool pte_changed, uffd_wp = vmf->flags & ...`, the others
  // declared only.)
  const m = /^(?:const\s+)?bool\s+(?:\w+\s*,\s*)*(\w+)\s*=\s*(.+)$/.exec(text);
  return m ? { name: m[1], expr: m[2].trim() } : null;
}

/** Calls of the pieces a function's multi-statement anchors fold into their step. */
const absorbedCache = new WeakMap<Keys, Map<string, Set<string>>>();
function absorbedCalls(keys: Keys, fn: string): Set<string> {
  let byFn = absorbedCache.get(keys);
  if (!byFn) absorbedCache.set(keys, (byFn = new Map()));
  let out = byFn.get(fn);
  if (!out) {
    out = new Set();
    for (const st of keys.exact.get(fn)?.stmt.values() ?? []) {
      const n = st.op === '__absorbed' ? primaryCall(st.c) : null;
      if (n && !isPure(n)) out.add(n);
    }
    byFn.set(fn, out);
  }
  return out;
}

/** The value of a test made only of constants (`isConstCond()`). */
export function constTruth(c: Cond): boolean {
  if (c.op === 'not') return !constTruth((c as { arg: Cond }).arg);
  if (c.op === 'and') return (c as { args: readonly Cond[] }).args.every(constTruth);
  if (c.op === 'or') return (c as { args: readonly Cond[] }).args.some(constTruth);
  return Boolean((c as { args?: { value?: unknown } }).args?.value);
}

/** Whether a lifted test is decided: constants only, however combined. */
export function isConstCond(c: Cond): boolean {
  if (c.op === 'not') return isConstCond((c as { arg: Cond }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.every(isConstCond);
  return c.op === '__const';
}

/** `x = T ? a : b;` with the parts split off, or null. */
const TERNARY = /^([A-Za-z_][\w>.\-]*(?:\[[^\]]*\])?\s*=\s*)([^?=][^?]*?)\s*\?\s*([^:?]+?)\s*:\s*([^:?]+)$/;

export function liftStatement(text: string, kind: string, ctx: LexContext): StmtLift {
  // The model's own anchor in this function, by its exact C text: the most specific reading.
  const anchors = ctx.keys.exact.get(ctx.fn)?.stmt;
  // (The same value stored as a bool: `x = !!(e)` for `x = e`, `false`/`true` for `0`/`1`, and back.)
  const asBool = (t: string) => [t.replace(/=\s*!!\s*\((.*)\)$/, '= $1').replace(/=\s*false$/, '= 0').replace(/=\s*true$/, '= 1'), t.replace(/=\s*0$/, '= false').replace(/=\s*1$/, '= true')];
  const ex = byAnchor(anchors, text) ?? asBool(text).filter((t) => t !== text).map((t) => byAnchor(anchors, t)).find((x) => !!x);
  if (ex) {
    if (ex.op === '__absorbed') return { kind: 'ignore', why: 'part of the step before it' };
    // A `return <expr>` anchor is a step and the return.
    return { kind: 'stmts', stmts: kind === 'jump' && ex.op !== 'return' ? [ex, ret(text)] : [ex] };
  }
  // The page lock where this function's model has none though the kernel's takes one: the
  // patch's lock or unlock of it is no step, as the kernel's own is none.
  const pageLockCalls = ctx.pageLockAbstracted ? calledNames(text) : [];
  if (pageLockCalls.length > 0 && pageLockCalls.every((n) => primitiveOf(n) === 'page_lock' || primitiveOf(n) === 'page_unlock')) {
    return { kind: 'ignore', why: `\`${text}\`: ${ctx.pageLockAbstracted}`, assumed: true };
  }
  // A page-table accessor on the address of a local (`set_pmd(&pmd, pmd)`, `pmd =
  // pmdp_get(&pmd)`: GUP-fast's copy of the PMD it read): no table is written or read, only the
  // copy the function holds. (A table entry is reached through a pointer, never named alone.)
  const onLocal = ON_LOCAL_ENTRY.exec(text.trim());
  if (onLocal) return { kind: 'ignore', why: `a computation on locals: \`&${onLocal[3]}\` is the entry the function holds, not a page table` };
  // A byte copy into the address of a variable or a field (`memcpy(&utask->uarch, &uprobe->arch,
  // ...)`): the kernel's own data, not the page a model's copy step writes (those copy through a
  // kernel mapping of the page, `kaddr + off`).
  const intoStruct = /^(?:__)?mem(?:cpy|move|set)\s*\(\s*&\s*([\w>.\-[\]]+)\s*,/.exec(text.trim());
  if (intoStruct) return { kind: 'ignore', why: `a copy into \`&${intoStruct[1]}\`, the kernel's own data, not a page the model has` };
  // The fault's copy of the entry cleared (`pte_clear(mm, addr, &vmf->orig_pte)`, 2022: a none
  // orig_pte where no table is mapped): the copy, not a page table.
  const onOrig = /^(?:pte|pmd)_clear\s*\([^,]+,[^,]+,\s*&\s*((?:\w+->)?orig_(?:pte|pmd))\s*\)$/.exec(text.trim());
  if (onOrig) return { kind: 'ignore', why: `a computation on locals: \`&${onOrig[1]}\` is the fault's copy of the entry, not a page table` };
  // A value chosen by a test the model decides (`folio = vmf->page ? page_folio(vmf->page) :
  // NULL`, the page being there): the statement with the value of the branch taken.
  const tern = TERNARY.exec(text.trim());
  if (tern) {
    const c = liftCondition(tern[2], ctx);
    if (!('unknown' in c) && c.pre.length === 0 && isConstCond(c.cond)) return liftStatement(tern[1] + (constTruth(c.cond) ? tern[3] : tern[4]), kind, ctx);
  }
  // The store of a page into the caller's array, however the index is spelled (`pages[*nr] =
  // page`, `pages[(*nr)++]`, `args->pages[args->nr++]` with the arguments in a struct): the
  // model's step of handing the page to the caller, where this function has one.
  const store = /^(?:[\w>.-]+->)?pages\s*\[[^\]]+\]\s*=\s*(\w+)$/.exec(text.trim());
  if (store) {
    const st = [...(ctx.keys.exact.get(ctx.fn)?.stmt.values() ?? [])].find((x) => x.op !== '__absorbed' && new RegExp(`^pages\\s*\\[[^\\]]+\\]\\s*=\\s*${store[1]}\\b`).test(x.c));
    if (st) return { kind: 'stmts', stmts: [st] };
  }
  // The same call as a piece the model folds into a step of several statements (wp_page_reuse's
  // `entry = maybe_mkwrite(...); ptep_set_access_flags(...)`), with other arguments (a batch of
  // PTEs, `ptep + i`): part of that step, not a step of its own.
  const first = primaryCall(text);
  if (first && absorbedCalls(ctx.keys, ctx.fn).has(first) && !ctx.keys.byFn.get(ctx.fn)?.stmt.has(first)) return { kind: 'ignore', why: `${first}() is part of a step the model holds as one (the same call, other arguments)` };
  const pinned = pinnedSpellings(text);
  if (pinned !== text) return liftStatement(pinned, kind, ctx);
  const canon = canonicalTests(text);
  if (canon !== text && !respelledNames(text, canon).some((n) => ctx.keys.stmt.has(n) || ctx.keys.cond.has(n))) return liftStatement(canon, kind, ctx);
  // A line the scenario's actors make no step of, by an assumption the report states (also in a
  // function the patch adds, which no hunk run reads line by line).
  const ign = ignoreLineFor(ctx.lexicon, ctx.fn, text);
  if (ign?.assumed) {
    ctx.assume?.(noStepByAssumption(ctx.fn, text, ign.why));
    return { kind: 'ignore', why: ign.why };
  }
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
  // A count of a folio's pages where every page is small (`nr_pages = folio_nr_pages(folio)`):
  // one. A later test of the local reads the number (`nr_pages > 1` is false).
  const count = /^([A-Za-z_]\w*)\s*=\s*(?:folio_nr_pages|compound_nr|thp_nr_pages|hpage_nr_pages)\s*\(.*\)$/.exec(text);
  if (count && ctx.lexicon.onlySmallPages) {
    ctx.assume?.(`\`${text}\` is 1 (every page of the ${ctx.scenario.id} model is a small page)`);
    return { kind: 'def', name: count[1], expr: '1' };
  }
  // References taken by the number of a folio's other pages (`folio_ref_add(folio, nr_pages -
  // 1)` mapping a whole folio) where that number is 0: none taken.
  const refAdd = /^(?:folio_ref_add|page_ref_add)\s*\(\s*[^,]+,\s*(.+)\)$/.exec(text);
  if (refAdd && constValue(refAdd[1], withNumberDefs(ctx)) === 0) return { kind: 'ignore', why: `\`${text}\` adds no reference (${refAdd[1].trim()} is 0)` };
  // A local the function counts on from a value it had (`nr++`, `nr += n`) has none known after.
  const bumped = /^(?:(?:\+\+|--)\s*([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*(?:\+\+|--|[-+*/%&|^]=|<<=|>>=))/.exec(text);
  const bumpedName = bumped?.[1] ?? bumped?.[2];
  if (bumpedName && ctx.defs.has(bumpedName) && ctx.defs instanceof Map) ctx.defs.delete(bumpedName);
  // A named test defined before, given its value (`bool ksm = false;` ... `ksm = PageKsm(page);`).
  const re = /^([A-Za-z_]\w*)\s*=\s*([^=].*)$/.exec(text);
  // (Not an allocation into a variable known non-NULL: `new_folio = vma_alloc_folio(...)`.)
  if (re && ctx.defs.has(re[1]) && !calledNames(re[2]).some((n) => actsOnState(n) || /alloc/.test(n) || primitiveOf(n) === 'alloc_page_vma')) return { kind: 'def', name: re[1], expr: re[2].trim() };
  // A local given a field the scenario's facts decide (`ctx = vma->vm_userfaultfd_ctx.ctx;`, no
  // VMA registered with a userfaultfd): a later test of the local reads that fact. (Only a
  // constant: a field of the state may change between the read and the test.)
  if (re && /^(?:[A-Za-z_]\w*(?:->|\.))+[A-Za-z_]\w*$/.test(re[2].trim())) {
    const c = liftCondition(re[2].trim(), { ...ctx, assume: () => {} });
    if (!('unknown' in c) && isConstCond(c.cond) && c.pre.length === 0) return { kind: 'def', name: re[1], expr: re[2].trim() };
  }
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
  if (kind === 'jump') {
    // `return zap_present_ptes(...)`: a tail call runs, then the function returns. A value
    // (`return a != page_rmapping(page)`) is not an action.
    const tail = retExpr ? /^(?:\(\w+\s*\*?\)\s*)?\w+\s*\(.*\)$/.exec(retExpr[1].trim().replace(/;$/, '')) : null;
    // A test returned (`return pte_same(a, b)`, `return vma_is_anonymous(vma)`) is a value too.
    const tailName = tail ? primaryCall(tail[0]) : null;
    // A helper the patch adds that returns what a modelled step stores (`return
    // vm_normal_page(vma, address, pte)`, where follow_page_pte() has `page =
    // vm_normal_page(...)`): its caller stores the result, so the step is that one, even for a
    // call that elsewhere only computes a value. Only one such step in the scenario.
    const stored = tailName && ctx.addedFns?.has(ctx.fn) ? storingStep(ctx.keys, tailName) : null;
    if (stored) return { kind: 'stmts', stmts: [stored, ret(text)] };
    const returnsTest = !!tailName && !primitiveOf(tailName) && readsAsTest(tailName);
    const value = tail && !returnsTest && isWholeCall(tail[0]) ? liftStatement(tail[0], 'stmt', ctx) : null;
    if (value?.kind === 'unknown') return value;
    if (value?.kind === 'stmts' && value.stmts.length) return { kind: 'stmts', stmts: [...value.stmts, ret(text)] };
    return { kind: 'stmts', stmts: [ret(text)] };
  }
  // `wait_event(wq, cond)`: the wait ends once `cond` holds; the calls `cond` makes run, the
  // waiting itself is not modelled.
  const wait = /^wait_event\w*\s*\(\s*[^,]+?\s*,\s*([\s\S]+)\)$/.exec(text);
  if (wait) {
    const c = liftCondition(wait[1], ctx);
    if ('unknown' in c) return { kind: 'unknown', why: c.unknown };
    ctx.assume?.(`\`${text}\` ends once its condition holds (the calls it makes run; the wait is not modelled)`);
    return c.pre.length ? { kind: 'stmts', stmts: c.pre } : { kind: 'ignore', why: 'a wait the model does not have' };
  }
  // A function the patch split out under a new name is the old one (`__page_add_new_anon_rmap`
  // does what `page_add_new_anon_rmap` did; the old name became a wrapper calling it).
  // Either name is the old function's step, never a call of the wrapper (which calls it).
  // A call of a function the patch renames is the call under its old name, the model's step
  // (`uprobe_copy_to_page()` where the patch renames copy_to_page()).
  // (Unless the model knows nothing by the old name and the patch shows the renamed function's
  // whole new body: 5.16's hpage_pincount_add() renamed page_pincount_add() with its if/else
  // taken in is lifted from that body.)
  const modelled = modelledNames(ctx.scenario);
  const byOldName = (n: string) => {
    const split = ctx.splitFrom?.get(n);
    if (split) return split;
    const old = ctx.renamedFrom?.get(n);
    if (!old) return n;
    const knownOld = modelled.has(old) || ctx.keys.stmt.has(old) || ctx.keys.calls.has(old) || !!primitiveOf(old) || benign(old, ctx.lexicon) || isPure(old);
    return !knownOld && !!ctx.addedFns?.has(n) && ctx.functions.has(n) ? n : old;
  };
  const names = calledNames(text).filter((n) => !WRAPPERS.has(n)).map(byOldName);
  const wrapper = (n: string) => [...(ctx.splitFrom?.values() ?? [])].includes(n);
  const ownStep = (n: string) => ctx.keys.byFn.get(ctx.fn)?.stmt.has(n) || ctx.keys.stmt.has(n) || !!(primitiveOf(n) && ctx.keys.primStmt.has(primitiveOf(n)!));
  // A call of the no-effect classes the model keeps as an anchor in one function (S2's
  // inc_mm_counter() in mfill_atomic_install_pte()) is that anchor only there: in another
  // modelled function it is the bookkeeping it always is (reclaim counting a swap entry).
  const localStep = (n: string) => !!ctx.keys.byFn.get(ctx.fn)?.stmt.has(n) || !!(primitiveOf(n) && localStepOf(primitiveOf(n)!, ctx));
  if (names[0] && benign(names[0], ctx.lexicon) && (!ownStep(names[0]) || (modelled.has(ctx.fn) && !localStep(names[0])))) {
    return { kind: 'ignore', why: `${names[0]}() changes nothing the race depends on (${noEffectClassOf(names[0])})` };
  }
  // A call of a part of this very function (`__copy_present_pte(...)` in copy_present_pte()): the
  // model has the part's lines in place, as the function had them before the split; the call
  // itself is no step.
  if (names[0] && isWholeCall(text.replace(/^return\s+/, '')) && partOf(names[0], modelled)?.of === ctx.fn) {
    return { kind: 'ignore', why: `${names[0]}() is ${partOf(names[0], modelled)!.why}, which the model has in place` };
  }
  const local = ctx.keys.byFn.get(ctx.fn);
  for (const n of names) {
    const fnName = ctx.functionNamed?.(n) ?? n;
    // A level of a walk above the one the model has (`change_pud_range()` where S1's
    // change_protection_range() calls change_pte_range()) is the call of the walk down to it,
    // also where the patch adds that level (4.11's change_p4d_range()): the models keep no
    // level above their own.
    const down = modelled.has(fnName) ? null : walkDownTo(fnName, ctx.functions);
    if (down && !wrapper(down)) return { kind: 'stmts', stmts: [call(down, text)] };
    if (ctx.functions.has(fnName) && !wrapper(fnName)) return { kind: 'stmts', stmts: [call(fnName, text)] };
    // (Or under another spelling of the same primitive: 6.5's get_user_page_vma_remote() is
    // the get_user_pages_remote() call S5's model makes of __get_user_pages().)
    const p = primitiveOf(n);
    const via = ctx.keys.calls.get(n) ?? (p ? [...ctx.keys.calls].find(([k]) => primitiveOf(k) === p)?.[1] : undefined);
    if (via && ctx.functions.has(via) && !ctx.functions.has(n)) return { kind: 'stmts', stmts: [call(via, text)] };
    // (The plain form of a `_notify` call, where this function's model has only that and no
    // secondary MMU subscribes: 2008's try_to_unmap_one() gaining ptep_clear_flush_notify().)
    const plain = ctx.lexicon.noMmuNotifierSubscribers && /_notify$/.test(n) && !local?.stmt.has(n) ? local?.stmt.get(n.replace(/_notify$/, '')) : undefined;
    if (plain) {
      ctx.assume?.(`${ctx.fn}: ${n}() is ${n.replace(/_notify$/, '')}() here (${ctx.lexicon.noMmuNotifierSubscribers})`);
      return { kind: 'stmts', stmts: [op(plain, text)] };
    }
    // (And the other way: 6.9 dropped set_pte_at_notify() for plain set_pte_at() in
    // wp_page_copy(); with no subscriber the two write the same PTE.)
    const notifying = ctx.lexicon.noMmuNotifierSubscribers && !/_notify$/.test(n) && !local?.stmt.has(n) ? local?.stmt.get(`${n}_notify`) : undefined;
    if (notifying) {
      ctx.assume?.(`${ctx.fn}: ${n}() is the model's ${n}_notify() here (${ctx.lexicon.noMmuNotifierSubscribers})`);
      return { kind: 'stmts', stmts: [op(notifying, text)] };
    }
    const o = local?.stmt.get(n) ?? ctx.keys.stmt.get(n);
    // (A spinlock call is the model's step only on a lock the model takes or drops with it:
    // mremap's `spin_unlock(pte_ptl)` is not its `spin_unlock(old_ptl)`.)
    if (o && !otherSpinlock(text, n, ctx)) return { kind: 'stmts', stmts: [op(o, text)] };
  }
  // Another spelling of taking or dropping a spinlock this function's model takes or drops.
  const lockStep = sameLockStep(text, names[0], ctx);
  if (lockStep) return { kind: 'stmts', stmts: [op(lockStep, text)] };
  // Another spelling of a primitive the model has (`folio_put` for `put_page`): this
  // function's own step first (`flush_icache_pages()` where it calls flush_icache_page()).
  for (const n of names) {
    const p = primitiveOf(n);
    const own = p ? localStepOf(p, ctx) : null;
    if (own) return { kind: 'stmts', stmts: [own.call ? call(own.call, text) : op(own.op!, text)] };
  }
  for (const n of names) {
    const p = primitiveOf(n);
    const o = p ? ctx.keys.primStmt.get(p) : undefined;
    if (o) return { kind: 'stmts', stmts: [op(o, text)] };
  }
  if (names.length === 0) return { kind: 'ignore', why: 'a computation on locals' };
  // A page or folio flag test (`PageSwapCache(page)`, `folio_test_dirty()`, `is_zero_pfn()`) only
  // reads: in an assignment it computes a local. So does any call the vocabulary reads as a test
  // whose name says no action (`ok = can_userfault(vma)`), when its value is what is stored.
  // (`x = f(...)`, `bool x = f(...)`: the first `=` is an assignment, not `==`.)
  const assigned = /^[A-Za-z_][\w\s*]*?=(?!=)/.test(text);
  // (So does a call whose result is stored negated, `changed = !pte_swp_uffd_wp_special(pte)`,
  // when no part of its name acts: only a test's value is negated into a flag.)
  const negatedRead = (n: string) => assigned && new RegExp(`=\\s*!\\s*${n}\\s*\\(`).test(text) && !namesAnAction(n);
  const flagTest = (n: string) => /^(Page[A-Z]|folio_test_|is_)/.test(n) || (assigned && readsAsTest(n)) || negatedRead(n);
  const unknown = names.filter((n) => !benign(n, ctx.lexicon) && !isPure(n) && !primitiveOf(n) && !flagTest(n));
  const known = names.filter((n) => primitiveOf(n));
  if (unknown.length === 0 && known.length === 0) {
    // A PTE value built with the very statement a step of another function of the model is
    // (`_dst_pte = pte_mkdirty(_dst_pte)`, mcopy_atomic_install_ptes()'s step, written into
    // shmem's own install): that step, not a computation on locals. Dropping it would drop the
    // dirty bit the model tracks. (Only where one step has that text.)
    const elsewhere = sameAnchorElsewhere(text, ctx);
    if (elsewhere) return { kind: 'stmts', stmts: [op(elsewhere, text)] };
    // A PTE value given or stripped a bit the models track (dirty, write, uffd-wp, soft-dirty),
    // in a function whose model builds its PTE from such bits: a step the model cannot place.
    // Taking it for a computation on locals would change what the model installs unseen.
    const tracked = /^([A-Za-z_]\w*)\s*=/.exec(text)?.[1];
    if (tracked && PTE_VALUES.test(tracked) && names.some((n) => PTE_BIT_BUILDERS.test(n)) && buildsPteBits(ctx)) {
      return { kind: 'unknown', why: `\`${text}\` changes a bit of \`${tracked}\` the model tracks, in a way no step of ${ctx.fn}() in the model has` };
    }
    return { kind: 'ignore', why: `only ${names.join(', ')}` };
  }
  // A primitive the vocabulary knows but this model has no step for: it acts on state the
  // scenario does not hold (a lock nobody else takes here, another page's refcount).
  if (unknown.length === 0) {
    // (The mmap lock is one lock in every mode: where the model takes it for read, taking it for
    // write or downgrading it orders the same actors, and the model has no step for that.)
    const mode = known.map((n) => primitiveOf(n)).find((p) => !!p && MMAP_LOCK_MODES.includes(p) && !ctx.keys.primStmt.has(p));
    if (mode && MMAP_LOCK_MODES.some((p) => ctx.keys.primStmt.has(p))) {
      return { kind: 'unknown', why: `\`${text}\` (${mode}) acts on the mmap lock, which the ${ctx.scenario.id} model holds in another mode only: no step of it takes the lock so` };
    }
    // (A PTE written where this function's model writes the PTE only through steps of its own,
    // `set_pte_at()` added in change_pte_range() beside S1's start and commit: the entry is state
    // the model holds, and no step of it writes the entry so.)
    const pteWrite = known.find((n) => PTE_ENTRY_WRITES.has(primitiveOf(n) ?? ''));
    if (pteWrite && writesPteHere(ctx)) {
      return { kind: 'unknown', why: `\`${text}\` (${primitiveOf(pteWrite)}) writes a PTE where the ${ctx.scenario.id} model of ${ctx.fn}() writes it only through its own steps: no step of it writes the PTE so` };
    }
    return { kind: 'ignore', why: `${known.map((n) => `${n}() (${primitiveOf(n)})`).join(', ')}: nothing this model holds` };
  }
  // A PTE value rebuilt from itself by a helper the vocabulary does not know (`entry =
  // pte_set_vma_features(entry, vma)`, an architecture's hook in a series): like pte_mkwrite(), it
  // takes the pte_t by value and returns one; with only the VMA, an address or flags beside it,
  // it is given no PTE to reach.
  const rebuilt = /^([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*((?:,\s*[A-Za-z_]\w*\s*)*)\)$/.exec(text);
  const plainRest = (rest: string) => rest.split(',').slice(1).every((a) => /^(?:vma|addr|address|vm_flags|flags|prot|newprot|dirty|write)$/.test(a.trim()));
  if (rebuilt && rebuilt[1] === rebuilt[3] && PTE_VALUES.test(rebuilt[1]) && plainRest(rebuilt[4]) && unknown.length === 1 && unknown[0] === rebuilt[2]) {
    return { kind: 'ignore', why: `${rebuilt[2]}() assumed to compute a PTE value from \`${rebuilt[1]}\` (a pte_t in, a pte_t out; not in the mm vocabulary)`, assumed: true };
  }
  // A lock the model has no step for, taken or dropped: it excludes only its other holders. The
  // check says whether more than one actor runs this function (then it is unmapped after all).
  // (SRCU's read side too, `idx = srcu_read_lock(&ss)` ... `srcu_read_unlock(&ss, idx)`, the index
  // kept in a field as well, `ri->srcu_idx = srcu_read_lock(&ss)`: a grace
  // period of its own, which the model has no more than RCU's.)
  const srcu = names.length === 1 && /^(?:__)?srcu_read_(?:un)?lock(?:_fast|_nmisafe)?$/.test(names[0]) && /^(?:[\w>.-]+\s*=\s*)?(?:__)?srcu_read_(?:un)?lock\w*\s*\(\s*&?[\w>.-]+\s*(?:,\s*[\w>.-]+\s*)?\)$/.test(text.trim());
  if (ctx.lexicon.rcuFreesNothing && (srcu || (names.length === 1 && /^rcu_read_(?:un)?lock$/.test(names[0]) && /^rcu_read_(?:un)?lock\s*\(\s*\)$/.test(text.trim())))) {
    return { kind: 'ignore', why: `\`${text}\`: an RCU read section orders nothing the ${ctx.scenario.id} model explores (${ctx.lexicon.rcuFreesNothing})`, assumed: true };
  }
  // (The lock may be named by a call giving its address, `spin_lock_irq(zone_lru_lock(zone))`.)
  // (Whoever keeps the statement records the lock, for the check; a comparison of two sides
  // reads it as a key of its own.)
  if (exclusionLockOf(text)) {
    return { kind: 'ignore', why: `\`${text}\`: a lock no step of the ${ctx.scenario.id} model takes, and only one actor runs ${ctx.fn}(): it orders nothing the model explores`, assumed: true, lock: text };
  }
  // A page-table lock by a name no step of the model uses (mremap's `pte_ptl`): it may be a PTL
  // another actor takes under its own name, so it is never taken for a lock only one actor takes.
  const ptl = names.length === 1 && spinlockAction(names[0]) ? lockOf(text, names[0]) : null;
  if (ptl && PAGE_TABLE_LOCK.test(ptl)) {
    return { kind: 'unknown', why: `\`${text}\` takes or drops a page-table lock (\`${ptl}\`) that no step of the ${ctx.scenario.id} model names: which of the model's page-table locks it is, racebot cannot tell` };
  }
  // An MMU-notifier call where no secondary MMU subscribes (`mmu_notifier_invalidate_page()`,
  // 2017's try_to_unmap_one(); the 2008 postings' walks over the subscribers,
  // `do_mmu_notifier_for_each()`): it calls no one.
  if (ctx.lexicon.noMmuNotifierSubscribers && unknown.every(isMmuNotifierName)) {
    return { kind: 'ignore', why: `${unknown.map((n) => `${n}()`).join(', ')}: no subscriber to call (${ctx.lexicon.noMmuNotifierSubscribers})`, assumed: true };
  }
  // A page flag set or cleared that no model holds (2018's PG_dma_pinned RFC): only a test of
  // that flag reads it, and a model that has none is not changed by it. Not the flags of the
  // page's lock, dirtiness, anonymity, writeback or compound shape, which models read under
  // other spellings.
  const flagOf = (n: string) => /^(?:__)?(?:Set|Clear|TestSet|TestClear)Page([A-Z]\w*)$|^(?:__)?folio_(?:set|clear|test_set|test_clear)_(\w+)$/.exec(n);
  const flags = unknown.map((n) => ({ n, m: flagOf(n) }));
  if (unknown.length > 0 && names.every((n) => !primitiveOf(n)) && flags.every((x) => x.m && !MODELLED_PAGE_FLAG.test((x.m[1] ?? x.m[2]).toLowerCase().replace(/_/g, '')))) {
    return { kind: 'ignore', why: `${unknown.map((n) => `${n}()`).join(', ')}: a page flag no model holds (set or cleared; only a test of it reads it)`, assumed: true };
  }
  // A PTE table allocated for an empty PMD, called on its own or its result kept in a local
  // (`int ret = __pte_alloc(mm, pmd);`, tested after): where the model frees no page table, every
  // modelled PMD keeps its table, and the allocation, like any, succeeds (as in a test of it).
  const tableAlloc = /^(?:[A-Za-z_][\w\s*]*?\b[A-Za-z_]\w*\s*=\s*)?((?:__)?pte_alloc(?:_get)?\s*\(.*\))$/s.exec(text);
  if (tableAllocSucceeds(ctx) && tableAlloc && names.length === 1 && PTE_TABLE_ALLOC.test(tableAlloc[1])) {
    return { kind: 'ignore', why: `${names[0]}() allocates a PTE table for an empty PMD: the ${ctx.scenario.id} model frees no page table, and allocations succeed`, assumed: true };
  }
  // A page table freed (2021-2025's PTE-table reclaim postings: `try_to_free_user_pte()`) where
  // the model assumes none is: a table freed under a walker is a race it cannot explore. Said as
  // such, not as a call that may touch something.
  // The fault's preallocated PTE table (`vmf->prealloc_pte`, `fe->` in 4.8-4.9) freed unused: a
  // fault that installs it clears the pointer, so what is freed no PMD ever pointed to.
  if (/^pte_free\s*\([^,]+,\s*(?:vmf|fe)->prealloc_pte\s*\)$/.test(text)) {
    return { kind: 'ignore', why: `\`${text}\` frees the fault's preallocated PTE table, which no PMD points to (installing it clears prealloc_pte)` };
  }
  const freesTable = ctx.lexicon.freesNoPageTable ? unknown.find((n) => /free/.test(n) && /pte|pmd|pgtable|page_table/.test(n)) : undefined;
  if (freesTable) return { kind: 'unknown', why: `\`${freesTable}()\` frees a page table, and the ${ctx.scenario.id} model assumes none is freed: a table freed under a page-table walker is a race it cannot explore` };
  const touches = unknown.map((n) => ({ n, frag: mayTouchState(n) })).find((x) => x.frag);
  if (touches) return { kind: 'unknown', why: `\`${touches.n}()\` is not in the ${ctx.scenario.id} model or the mm vocabulary, and its name says it may touch modelled state (${touches.frag})` };
  return { kind: 'ignore', why: `${unknown.map((n) => `${n}()`).join(', ')} assumed to change nothing the race depends on (not in the mm vocabulary)`, assumed: true, unknown: true };
}

/**
 * Whether a PTE table allocated for an empty PMD is no step here: the model frees no page table,
 * and none of its steps is the allocation (S6's pte_alloc() hooks the table a move fills).
 */
function tableAllocSucceeds(ctx: LexContext): boolean {
  return !!ctx.lexicon.freesNoPageTable && ![...ctx.keys.stmt.keys(), ...ctx.keys.cond.keys()].some((n) => PTE_TABLE_ALLOC_NAME.test(n));
}

/** The one step of the scenario that stores the result of a call of `callee` (`page = callee(...)`), or null. */
function storingStep(keys: Keys, callee: string): Stmt | null {
  const found = new Set<Stmt>();
  const stores = new RegExp(`^[A-Za-z_][\\w>.-]*\\s*=\\s*${callee}\\s*\\(`);
  for (const ex of keys.exact.values()) {
    for (const st of ex.stmt.values()) if (st.op !== 'if' && st.op !== '__absorbed' && st.op !== 'return' && st.op !== 'call' && stores.test(st.c) && !st.c.includes(';')) found.add(st);
  }
  return found.size === 1 ? [...found][0] : null;
}

/** The names of a scenario's modelled functions (built once per scenario). */
const modelledNamesOf = new WeakMap<Scenario, ReadonlySet<string>>();
export function modelledNames(sc: Scenario): ReadonlySet<string> {
  let names = modelledNamesOf.get(sc);
  if (!names) modelledNamesOf.set(sc, (names = new Set(sc.functions.map((f) => f.name))));
  return names;
}

/** Page flags (lower case, no underscores) a model reads under some spelling: never "no model holds". */
const MODELLED_PAGE_FLAG = /^(?:locked|dirty|anon\w*|mappedtodisk|writeback|uptodate|referenced|swapbacked|swapcache|head|tail|compound\w*|large|reserved|hwpoison|mlocked|active|lru|isolated|young|idle|private\w*)$/;

/** Locals that hold a PTE's value (pte_t), never a pointer to one, in every release. */
export const PTE_VALUES = /^(?:entry|ptent|newpte|oldpte|_dst_pte|orig_pte|pteval)$/;

const BORROWED = { borrowed: true } as const;

export type CondLift = { readonly cond: Cond; readonly pre: Stmt[] } | { readonly unknown: string };

/** Evaluates an expression over the scenario's constants, or null when it reads anything else. */
export function constValue(expr: string, constants: Readonly<Record<string, number>>): number | null {
  let bad = false;
  // A field the scenario fixes (`vma->vm_flags`), before its names are read one by one.
  const fields = expr.replace(/\b[A-Za-z_]\w*(?:\s*->\s*[A-Za-z_]\w*)+/g, (path) => {
    const k = path.replace(/\s+/g, '');
    // (The fault's VMA, `vmf->vma->vm_flags`, is the VMA.)
    const viaFault = k.replace(/^(?:vmf|fe)->(?=vma->)/, '');
    return k in constants ? String(constants[k]) : viaFault in constants ? String(constants[viaFault]) : path;
  });
  const sub = fields.replace(/\b[A-Za-z_]\w*\b/g, (id) => {
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

/** The scenario's constants, with the locals the function holds a number in (`nr_pages` = 1). */
function withNumberDefs(ctx: LexContext): Readonly<Record<string, number>> {
  let out: Record<string, number> | null = null;
  for (const [k, v] of ctx.defs) {
    if (!/^\d+$/.test(v) || k in ctx.lexicon.constants) continue;
    (out ??= { ...ctx.lexicon.constants })[k] = Number(v);
  }
  return out ?? ctx.lexicon.constants;
}

export function liftCondition(src: string, ctx: LexContext, depth = 0): CondLift {
  if (depth > 8) return { unknown: `definition loop in \`${src}\`` };
  // A test in the vocabulary's spelling (EQUIVALENT_TESTS), or null: unchanged, or respelled into
  // names the model has steps or tests of its own for (those stay as the patch wrote them).
  const vocabularyRespelling = (text: string): string | null => {
    const canon = canonicalTests(text);
    return canon !== text && !respelledNames(text, canon).some((n) => ctx.keys.stmt.has(n) || ctx.keys.cond.has(n)) ? canon : null;
  };
  const walk = (e: BoolExpr): CondLift => {
    if (e.t === 'not') {
      const r = walk(e.arg);
      if ('unknown' in r) return r;
      // A decided test stays decided the other way round.
      if (r.cond.op === '__const') return { cond: constCond(e.text, !(r.cond as Op).args?.value), pre: r.pre };
      // A negated test that reads as a negation (`!vmf_pte_changed(vmf)`, the helper being
      // `!pte_none(...)`) is the test itself.
      if (r.cond.op === 'not') return { cond: (r.cond as { arg: Cond }).arg, pre: r.pre };
      return { cond: not(r.cond, `!${r.cond.c}`), pre: r.pre };
    }
    if (e.t === 'and' || e.t === 'or') {
      const text = e.text.trim();
      const whole = ctx.lexicon.condRules.find((r) => r.whole && r.cond && (!r.fn || r.fn.test(ctx.fn)) && r.re.test(text));
      if (whole?.cond) {
        const out = whole.cond(text, whole.re.exec(text)!);
        return { cond: out.cond, pre: out.pre ?? [] };
      }
      // A test the vocabulary spells as one (`pmd_none(*pmd) && __pte_alloc(...)` is pte_alloc()).
      const canonWhole = vocabularyRespelling(text);
      if (canonWhole && !/&&|\|\|/.test(canonWhole)) return liftCondition(canonWhole, ctx, depth + 1);
      // Evaluated left to right and short-circuited: a part the model decides the way that ends
      // the test (false in `&&`, true in `||`) decides it, and what follows is never evaluated.
      const ok: { cond: Cond; pre: Stmt[] }[] = [];
      for (const a of e.args) {
        const p = walk(a);
        if ('unknown' in p) return p;
        if (p.cond.op === '__const' && Boolean((p.cond as Op).args?.value) === (e.t === 'or')) {
          return { cond: constCond(e.text, e.t === 'or'), pre: [...ok.flatMap((x) => x.pre), ...p.pre] };
        }
        // A part that cannot change the outcome (true in `&&`, false in `||`) is dropped.
        if (p.cond.op === '__const' && !p.pre.length) continue;
        ok.push(p);
      }
      if (ok.length === 0) return { cond: constCond(e.text, e.t === 'and'), pre: [] };
      if (ok.length === 1) return ok[0];
      return { cond: { op: e.t, c: e.text, args: ok.map((p) => p.cond) }, pre: ok.flatMap((p) => p.pre) };
    }
    const text = e.text.trim();
    // Constants compared (a helper's parameter bound to the constant its call passes, `ptlevel ==
    // PGTABLE_LEVEL_PTE` for a call with PGTABLE_LEVEL_PTE): the same constant is equal; two
    // enumerators or numbers that differ are not.
    const consts = /^\(?\s*([A-Z][A-Z0-9_]*|\d+)\s*(==|!=)\s*([A-Z][A-Z0-9_]*|\d+)\s*\)?$/.exec(text);
    if (consts) return { cond: constCond(text, (consts[1] === consts[3]) === (consts[2] === '==')), pre: [] };
    if (/^\(?\s*\d+\s*\)?$/.test(text)) return { cond: constCond(text, Number(text.replace(/[()\s]/g, '')) !== 0), pre: [] };
    // A test under the name the patch gives a helper at its definition (`PageKsm()` renamed
    // `PageReadOnly()`) is the test under its old name, unless the patch shows the helper's new
    // body as a test of its own (then that body is read, below).
    const renamed = ctx.renamedFrom?.size ? calledNames(text).filter((n) => ctx.renamedFrom!.has(n) && !ctx.helperExprs?.has(n)) : [];
    if (renamed.length) {
      const asBefore = renameCalls(text, (n) => (renamed.includes(n) ? ctx.renamedFrom!.get(n)! : n));
      const r = liftCondition(asBefore, ctx, depth + 1);
      if (!('unknown' in r)) {
        ctx.assume?.(`\`${text}\` is \`${asBefore}\`: the patch renames ${renamed.map((n) => `${ctx.renamedFrom!.get(n)}() to ${n}()`).join(', ')}`);
        return r;
      }
    }
    // The scenario's own row for this test, if any (read once: used here and below).
    // (A folio spelling is also tried in the page form a row was written for: a row for
    // `PageAnon(page)` reads `folio_test_anon(folio)`.)
    const paged = pageSpelling(text);
    const ruled = (() => {
      for (const form of paged === text ? [text] : [text, paged]) {
        for (const r of ctx.lexicon.condRules) {
          if (r.fn && !r.fn.test(ctx.fn)) continue;
          const m = r.re.exec(form);
          if (m && r.cond) {
            const out = r.cond(text, m);
            return { cond: out.cond, pre: out.pre ?? [] };
          }
        }
      }
      return null;
    })();
    // A fact the scenario states about this test (`gup_must_unshare()` is false for a FOLL_FORCE
    // GUP) holds whatever body a patch gives the helper.
    if (ruled && ruled.cond.op === '__const' && !ruled.pre.length) return ruled;
    /** A fact of `facts` about this test, as the constant it decides (and said in the report). */
    const byFact = (facts: readonly Fact[] | undefined): CondLift | null => {
      const f = facts?.find((x) => x.fn.test(ctx.fn) && (x.re.test(respellFields(text)) || (paged !== text && x.re.test(respellFields(paged)))));
      if (!f) return null;
      ctx.assume?.(`\`${text}\` is ${f.value} (${f.why})`);
      return { cond: constCond(text, f.value), pre: [] };
    };
    const stated = byFact(ctx.lexicon.facts);
    if (stated) return stated;
    // Where no secondary MMU subscribes, the mm has no notifiers.
    if (ctx.lexicon.noMmuNotifierSubscribers && /^mm_has_notifiers\s*\(/.test(text)) {
      ctx.assume?.(`\`${text}\` is false (${ctx.lexicon.noMmuNotifierSubscribers})`);
      return { cond: constCond(text, false), pre: [] };
    }
    // A boolean helper the patch adds: its tests, with the call's arguments for its parameters.
    const call1 = /^([A-Za-z_]\w*)\s*\((.*)\)$/s.exec(text);
    const hx = call1 ? ctx.helperExprs?.get(call1[1]) : undefined;
    if (call1 && hx) {
      const args = splitArgs(call1[2]);
      if (args.length === hx.params.length) {
        let body = hx.expr;
        hx.params.forEach((p, k) => {
          if (p !== args[k]) body = body.replace(new RegExp(`\\b${p}\\b`, 'g'), `\u0000${k}\u0000`);
        });
        hx.params.forEach((p, k) => (body = body.split(`\u0000${k}\u0000`).join(args[k].includes(' ') ? `(${args[k]})` : args[k])));
        const r = liftCondition(body, ctx, depth + 1);
        if (!('unknown' in r)) return r;
      }
    }
    const canon = vocabularyRespelling(text);
    if (canon) {
      for (const d of decidedTests(text)) ctx.assume?.(`\`${d.test}\` is ${d.value} (${d.why})`);
      return liftCondition(canon, ctx, depth + 1);
    }
    const v = constValue(text, withNumberDefs(ctx));
    if (v !== null) return { cond: constCond(text, v !== 0), pre: [] };
    if (ruled) return ruled;
    const local = ctx.keys.byFn.get(ctx.fn);
    const exact = local?.cond.get(respellFields(text)) ?? (ctx.keys.byFn.has(ctx.fn) ? undefined : ctx.keys.cond.get(respellFields(text)));
    if (exact) return { cond: op(exact, text), pre: [] };
    const shared = byFact(SHARED_FACTS);
    if (shared) return shared;
    const def = ctx.defs.get(text);
    if (def !== undefined) return liftCondition(def, ctx, depth + 1);
    const names = calledNames(text).filter((n) => !WRAPPERS.has(n));
    const helperName = names[0] ? ctx.functionNamed?.(names[0]) ?? names[0] : null;
    const helper = helperName && ctx.functions.has(helperName) ? helperName : null;
    const known = helper ? ctx.lexicon.helpers?.find((h) => h.fn.test(helper)) : undefined;
    if (helper && known) return { cond: op(known.result, text), pre: [call(helper, `${helper}(...)`)] };
    // `pte_same(old_entry, entry)` (2.6's handle_pte_fault(): did making the entry young or dirty
    // change it?) compares two values the function holds. The models' pte_same is a re-check of
    // the PTE in the table (`pte_same(*vmf->pte, entry)`, `pte_same(ptep_get(ptep), pte)`) or
    // against the value the fault read (`orig_pte`): not this test, which is explored both ways.
    const sameArgs = names[0] === 'pte_same' && call1 ? splitArgs(call1[2]).map((a) => a.trim()) : [];
    if (sameArgs.length === 2 && sameArgs.every((a) => /^[A-Za-z_]\w*$/.test(a)) && !sameArgs.some((a) => /orig_pte/.test(a))) {
      ctx.assume?.(`\`${text}\` explored both ways (it compares two values ${ctx.fn}() holds, not the PTE in the table with one)`);
      return { cond: choiceCond(text), pre: [] };
    }
    for (const n of names) {
      const o = local?.cond.get(n);
      if (o && sameComparison(text, o, ctx.keys)) return { cond: op(o, text), pre: [] };
    }
    // This function's own test under another spelling of its predicate (`folio_test_anon(folio)`
    // where the model's zap_pte_range() has `PageAnon(page)`): the same test, not another
    // function's borrowed.
    for (const n of names) {
      const p = primitiveOf(n);
      const o = p && local ? [...local.cond].find(([k]) => /^[A-Za-z_]\w*$/.test(k) && primitiveOf(k) === p)?.[1] : undefined;
      if (o && sameComparison(text, o, ctx.keys)) return { cond: op(o, text), pre: [] };
    }
    // A trylock of a page lock the model abstracts away here (pageLockAbstracted): no step, and
    // it may fail, so explored both ways.
    if (ctx.pageLockAbstracted && names.length > 0 && names.every((n) => primitiveOf(n) === 'page_lock')) {
      ctx.assume?.(`\`${text}\` explored both ways: ${ctx.pageLockAbstracted}`);
      return { cond: { ...choiceCond(text), args: { noLock: true } }, pre: [] };
    }
    // Error paths: allocations, lookups and charges succeed in every scenario.
    // (`ret`, `!ret` where the function sets `ret` from a call true on success: not the errno
    // reading below, which would take the call's failure for success.)
    const bare = /^(!\s*)?(ret|err|error|rc|retval)$/.exec(text);
    const boolFrom = bare ? ctx.boolResults?.get(bare[2]) : undefined;
    if (boolFrom) return { unknown: `\`${text}\` tests \`${bare![2]}\`, which ${ctx.fn}() sets from ${boolFrom}, not an error code` };
    if (ERROR_CHECK.test(text)) return { cond: constCond(text, false), pre: [] };
    // A PTE table allocated for an empty PMD and tested for failure (`__pte_alloc(mm, pmd)`,
    // non-zero is -ENOMEM; the free-user-PTE postings' `__pte_alloc_get()` also counts a user of
    // the table): where no page table is freed, every modelled PMD keeps its table, and the
    // allocation, like any, does not fail.
    if (tableAllocSucceeds(ctx) && PTE_TABLE_ALLOC.test(text)) {
      ctx.assume?.(`\`${text}\` is false (a PTE table allocated for an empty PMD; the ${ctx.scenario.id} model frees no page table, and allocations succeed)`);
      return { cond: constCond(text, false), pre: [] };
    }
    if (SUCCESS_CHECK.test(text)) return { cond: constCond(text, true), pre: [] };
    const borrow = (o: string): CondLift => {
      ctx.assume?.(`\`${text}\` is the model's ${o} test, which another function has (explored both ways where the actor running ${ctx.fn} has no such test)`);
      return { cond: op(o, text, BORROWED), pre: [] };
    };
    // The same test as in another function of the model: `borrowed`, so that an actor with no
    // such test of its own explores it both ways instead (see compile's condSpec).
    for (const n of names) {
      const o = ctx.keys.cond.get(n);
      if (o && sameComparison(text, o, ctx.keys)) return borrow(o);
    }
    const o = ctx.keys.cond.get(respellFields(text));
    if (o) return borrow(o);
    // Another spelling of a predicate the model has (`folio_test_anon` for `PageAnon`).
    for (const n of names) {
      const p = primitiveOf(n);
      const po = p ? ctx.keys.primCond.get(p) : undefined;
      if (po && sameComparison(text, po, ctx.keys)) return borrow(po);
    }
    // A call of a no-effect class tested for failure (`if (mem_cgroup_charge(...))`): charges and
    // accounting succeed in every scenario, like allocations. (One that reports success as true,
    // a try-get of a PTE table's count, is true: `!pte_try_get(...)` is the failure test.)
    if (names[0] && benign(names[0], ctx.lexicon) && names.every((n) => benign(n, ctx.lexicon) || isPure(n))) {
      const onSuccess = successReturnOf(names[0], ctx.release);
      // (Its success value changed between releases, and the patch's release is not known.)
      if (onSuccess === null) {
        ctx.assume?.(`\`${text}\` explored both ways: what ${names[0]}() returns on success depends on the release (${SUCCESS_RETURNS_SINCE[names[0]]?.from}), which is not known`);
        return { cond: choiceCond(text), pre: [] };
      }
      if (onSuccess === 'true' && !new RegExp(`^${names[0]}\\s*\\((?:.*)\\)$`, 's').test(text)) return { unknown: `\`${text}\`: what ${names[0]}() returns on success (true) is tested in a way racebot does not read` };
      const row = noEffectRowOf(names[0]);
      if (onSuccess === 'true') ctx.assume?.(`\`${text}\` succeeds (${row?.class}: the ${ctx.scenario.id} model holds none of its state${row?.onlyWhere === 'freesNoPageTable' ? ' and frees no page table, so the PMD keeps its PTE table' : ''})`);
      return { cond: constCond(text, onSuccess === 'true'), pre: [] };
    }
    // A call that acts and reports success, whose primitive the model has as a step: the step,
    // then the test as it reads on success.
    const whole = /^([A-Za-z_]\w*)\s*\(.*\)$/s.exec(text);
    const succeeds = whole ? SUCCESS_RETURNS[whole[1]] : undefined;
    if (whole && succeeds) {
      const p = primitiveOf(whole[1]);
      // Only this function's own step for the primitive: the same primitive elsewhere in the
      // scenario is another actor's (another lock, another page).
      const so = p ? [...(ctx.keys.byFn.get(ctx.fn)?.stmt ?? new Map<string, string>())].find(([k]) => primitiveOf(k) === p)?.[1] : undefined;
      if (so) {
        ctx.assume?.(`\`${text}\` succeeds (the model's ${so} step)`);
        return { cond: constCond(text, succeeds === 'true'), pre: [op(so, text)] };
      }
      // Or the step this scenario's rows make of the call's plain form (`mmap_write_lock(mm)` for
      // `mmap_write_lock_killable(mm)`, where the function's model holds the lock in another mode).
      const plain = text.replace(/^(\w+?)_killable\s*\(/, '$1(');
      const row = plain !== text ? ctx.lexicon.stmtRules.find((r) => (!r.fn || r.fn.test(ctx.fn)) && r.stmts && r.re.test(plain)) : undefined;
      const steps = row?.stmts?.(plain, row.re.exec(plain)!) ?? [];
      if (steps.length === 1 && steps[0].op !== 'if' && primitiveOf(steps[0].op) === p) {
        ctx.assume?.(`\`${text}\` succeeds (the model's ${steps[0].op} step)`);
        return { cond: constCond(text, succeeds === 'true'), pre: [op(steps[0].op, text)] };
      }
      // The scenario holds no such state at all (no page lock anywhere in S1): the call acts on
      // nothing the model has, and succeeds as every call does in a model.
      if (p && !ctx.keys.primStmt.has(p) && !ctx.keys.primCond.has(p)) {
        ctx.assume?.(`\`${text}\` succeeds; the ${ctx.scenario.id} model holds no ${p} state`);
        return { cond: constCond(text, succeeds === 'true'), pre: [] };
      }
    }
    // A test of what a helper the patch adds returns (`(slot_nr = xol_get_slot_nr(area)) <
    // UINSNS_PER_PAGE`): the helper runs (its steps are lifted with it), its result is explored
    // both ways.
    if (helper && ctx.addedFns?.has(helper) && !ctx.pureHelpers?.has(helper)) {
      ctx.assume?.(`\`${text}\` explored both ways after ${helper}() runs (a helper the patch adds)`);
      return { cond: choiceCond(text), pre: [call(helper, `${helper}(...)`)] };
    }
    // A primitive the vocabulary knows whose state this scenario holds nowhere (reclaim's
    // `ptep_clear_flush_young_notify()`: no model keeps the accessed bit) acts on nothing the
    // model has: its result is explored both ways.
    const unheld = (n: string) => {
      const p = primitiveOf(n);
      return !!p && !ctx.keys.primStmt.has(p) && !ctx.keys.primCond.has(p);
    };
    // A test with side effects the model does not have cannot be explored both ways honestly.
    // A test of a VMA's or a GUP's flags by a helper the vocabulary does not know
    // (`arch_copy_pte_mapping(vm_flags)`): a flags word passed by value reaches no modelled state.
    const callArgs = call1 ? splitArgs(call1[2]) : [];
    const flagsOnly = callArgs.length > 0 && callArgs.every((a) => /^(?:\w+->)?(?:vm_flags|gup_flags|foll_flags|fault_flags|cp_flags)$/.test(a.trim()));
    if (flagsOnly) {
      ctx.assume?.(`\`${text}\` explored both ways (a test of a flags word, not in the ${ctx.scenario.id} model)`);
      return { cond: choiceCond(text), pre: [] };
    }
    // A call the scenario reads as no step in this function (UFFDIO_COPY's copy_from_user() into
    // its own page) tested for its result (`if (copy_from_user(...))`, a fault in the user's
    // buffer): what it does is none of the model's, and either result may come.
    const noStepCall = call1 ? ignoreLineFor(ctx.lexicon, ctx.fn, call1[0].trim()) : undefined;
    if (call1 && noStepCall) {
      ctx.assume?.(`\`${text}\` explored both ways (${call1[1]}() is no step of the ${ctx.scenario.id} model here: ${noStepCall.why})`);
      return { cond: choiceCond(text), pre: [] };
    }
    const acting = names.find((n) => actsOnState(n) && !ctx.pureHelpers?.has(n) && !unheld(n));
    if (acting) return { unknown: `condition \`${text}\` calls ${acting}(), which is not in the ${ctx.scenario.id} model and may act on modelled state` };
    ctx.assume?.(`\`${text}\` explored both ways (not in the ${ctx.scenario.id} model)`);
    return { cond: choiceCond(text), pre: [] };
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

/**
 * The calls a canonical respelling replaced (`pte_access_permitted` in `pte_access_permitted(pte,
 * WRITE) || pte_dirty(pte)`): a scenario with a step of its own for one of them keeps its spelling.
 */
function respelledNames(text: string, canon: string): string[] {
  const kept = new Set(calledNames(canon));
  const gone = calledNames(text).filter((n) => !kept.has(n));
  // A call inside the arguments of a respelled one (`pte_val(pte)` in x86's
  // `pte_allows_gup(pte_val(pte), write)`) goes with it: the respelling names the outer call.
  const outer = callTexts(text).filter((c, i, all) => !all.some((o, j) => j !== i && o.length > c.length && o.includes(c)));
  return gone.filter((n) => outer.some((c) => c.startsWith(n)));
}

/** This function's model step (an op, or a call of a modelled function) that is primitive `p`. */
function localStepOf(p: string, ctx: LexContext): { op?: string; call?: string } | null {
  for (const st of ctx.keys.exact.get(ctx.fn)?.stmt.values() ?? []) {
    if (st.op === 'call') {
      if (primitiveOf((st as CallStmt).fn) === p) return { call: (st as CallStmt).fn };
      continue;
    }
    const n = primaryCall(st.c);
    if (n && primitiveOf(n) === p) return { op: st.op };
  }
  return null;
}

/** The lock argument of call `n` in `c` (`spin_unlock(&vmf->ptl)`: `&vmf->ptl`), spaces dropped. */
function lockOf(c: string, n: string): string | null {
  const at = c.search(new RegExp(`\\b${n}\\s*\\(`));
  if (at < 0) return null;
  const open = c.indexOf('(', at);
  const close = closingParen(c, open);
  return close < 0 ? null : (splitArgs(c.slice(open + 1, close))[0]?.replace(/\s+/g, '') ?? null);
}

/**
 * Whether `text` takes or drops with spinlock call `n` a lock that no step of the model spelled
 * with `n` takes or drops (compared by the lock's last name: `&vmf->ptl` and `ptl` are one PTL).
 */
function otherSpinlock(text: string, n: string, ctx: LexContext): boolean {
  if (!spinlockAction(n)) return false;
  const last = (l: string | null) => (l ? /(\w+)\W*$/.exec(l)?.[1] ?? l : null);
  const mine = last(lockOf(text, n));
  if (!mine) return false;
  const theirs = new Set<string>();
  for (const fa of ctx.keys.exact.values()) for (const st of fa.stmt.values()) if (primaryCall(st.c) === n) theirs.add(last(lockOf(st.c, n)) ?? '');
  return theirs.size > 0 && !theirs.has(mine);
}

/**
 * The op of this function's model step that takes (or drops) the same spinlock as `text` under
 * another spelling (`spin_lock(new_ptl)` where the model has `spin_lock_nested(new_ptl,
 * SINGLE_DEPTH_NESTING)`): the same action on the same first argument. Null when none.
 */
function sameLockStep(text: string, name: string | undefined, ctx: LexContext): string | null {
  const action = name ? spinlockAction(name) : null;
  if (!action) return null;
  const lock = lockOf(text, name!);
  if (!lock) return null;
  for (const st of ctx.keys.exact.get(ctx.fn)?.stmt.values() ?? []) {
    const n = primaryCall(st.c);
    if (n && n !== name && spinlockAction(n) === action && lockOf(st.c, n) === lock) return st.op;
  }
  return null;
}

/** Whether `e` is one call, `f(...)`, its first parenthesis closing at the end. */
function isWholeCall(e: string): boolean {
  const open = e.indexOf('(', e.search(/\w+\s*\(/));
  return open >= 0 && closingParen(e, open) === e.length - 1;
}

/** The top-level, comma-separated arguments of a call's argument text. */
export function splitArgs(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of t) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * The steps of the model, in any function, whose anchor is `key` (anchorKey()), each with its
 * function's anchors: what a line means where its own function's model has no such step.
 * Tests, exits and pieces absorbed into another step are not steps.
 */
export function anchoredSteps(keys: Keys, key: string): { readonly anchors: FnAnchors; readonly step: Stmt }[] {
  const out: { anchors: FnAnchors; step: Stmt }[] = [];
  for (const ex of keys.exact.values()) {
    const st = ex.stmt.get(key);
    if (st && st.op !== 'if' && st.op !== '__absorbed' && st.op !== 'return') out.push({ anchors: ex, step: st });
  }
  return out;
}

/** The op of the one step (not a call) whose anchor is exactly `text`, in any function; null if none or several ops. */
function sameAnchorElsewhere(text: string, ctx: LexContext): string | null {
  const ops = new Set(anchoredSteps(ctx.keys, anchorKey(text)).filter((x) => x.step.op !== 'call').map((x) => x.step.op));
  return ops.size === 1 ? [...ops][0] : null;
}

/** Builders of the PTE bits the models track: dirty, write, uffd-wp, soft-dirty. */
export const PTE_BIT_BUILDERS = /^(?:pte_mkdirty|pte_mkclean|pte_mkwrite(?:_novma)?|pte_wrprotect|pte_mkuffd_wp|pte_clear_uffd_wp|pte_mksoft_dirty|pte_clear_soft_dirty|maybe_mkwrite)$/;

/** Primitives that write a page-table entry (install, clear, or a protection change's halves). */
const PTE_ENTRY_WRITES: ReadonlySet<string> = new Set(['set_pte', 'ptep_clear_flush', 'ptep_clear_flush_notify', 'ptep_get_and_clear', 'ptep_modify_prot_start', 'ptep_modify_prot_commit']);

/** Whether a step of the model of the function `ctx` lifts calls a function `calls` accepts (in its C). */
function stepCalls(ctx: LexContext, calls: (name: string) => boolean): boolean {
  const local = ctx.keys.exact.get(ctx.fn);
  if (!local) return false;
  for (const st of local.stmt.values()) if (st.op !== 'if' && st.op !== '__absorbed' && calledNames(st.c).some(calls)) return true;
  return false;
}

/** Whether that model writes a PTE (one of its steps calls a spelling of a PTE write). */
const writesPteHere = (ctx: LexContext): boolean => stepCalls(ctx, (n) => PTE_ENTRY_WRITES.has(primitiveOf(n) ?? ''));

/** Whether that model builds a PTE value from the tracked bits (one of its steps calls a builder). */
const buildsPteBits = (ctx: LexContext): boolean => stepCalls(ctx, (n) => PTE_BIT_BUILDERS.test(n));

/** `lhs OP rhs` of a comparison atom, or null (`->` is no `>`). */
const COMPARISON = /^(.*?[^=<>!-])\s*(==|!=|<=|>=|<|>)\s*([^=<>]+)$/s;

/**
 * Whether the test `text`, found by the name of a call in it, is the model's `o` test: a
 * comparison of the call's value (`page_count(page) > 5`) only where the model compares the same
 * way (`page_count(page) != 1`, or the same count by another spelling). A test that is no
 * comparison is matched by the call, as before.
 */
function sameComparison(text: string, o: string, keys: Keys): boolean {
  const mine = COMPARISON.exec(text);
  if (!mine) return true;
  const texts = keys.condTexts.get(o) ?? [];
  // A call that acts, tested for failure (`pte_alloc(mm, pmd) < 0`, `!= 0`), where the model tests
  // the call's value bare (`if (pte_alloc(mm, pmd))`: nonzero is the failure): the same test.
  const failureTest = /^([A-Za-z_]\w*)\s*\(.*\)$/s.exec(mine[1].trim());
  if (failureTest && namesAnAction(failureTest[1]) && /^(?:<|!=)$/.test(mine[2]) && mine[3].trim() === '0' && texts.some((t) => !COMPARISON.test(t) && new RegExp(`^${failureTest[1]}\\s*\\(`).test(t.trim()))) return true;
  const theirs = texts.map((t) => COMPARISON.exec(t)).filter((m): m is RegExpExecArray => !!m);
  return theirs.some((t) => t[2] === mine[2] && t[3].replace(/\s+/g, '') === mine[3].replace(/\s+/g, ''));
}
