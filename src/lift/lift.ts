/**
 * Lifting a patch onto a scenario's model: find the kernel function of each hunk, align the
 * hunk's old side with that function's modelled statements by their anchors, and replace them
 * with the new side. Functions the patch adds are lifted too and inlined where called. What
 * cannot be placed is reported (`unmapped`, with the hunk and the reason), never dropped.
 */
import { callShape } from './test-shape.js';
import { readRenamedParams } from './param-renames.js';
import { pageLockAbstracted, pageLockInsideHelpers } from './page-lock.js';
import { primitiveRedefinitions, withRedefinitions } from './redefinitions.js';
import { deletesGotoAcrossHunks, RENAMED, sameStepsBothSides } from './both-sides.js';
import { decidedIf, decidedTruth, inBlocksNeverEntered, inUntakenBranches } from './decided-tests.js';
import { addedFunctions, addedMacros, deletedMacroNames, bodyOf, changedRuns, constantParams, deletedLinesByFunction, functionAtLines, hunksByFunction, renamedByPatch, renamedFromAllByPatch, renamingRelease, sideIndex, sideItems, sideLines, splitByPatch, type Run } from './hunk-reading.js';
export { constantParams, functionAtLines, renamedByPatch, renamedFromAllByPatch, renamingRelease, splitByPatch };
import { KERNEL_GOTO_TAILS } from '../mm/goto-tails.js';
import { decideHelperResults, localConstant, resultTest, resultTestsAsChoices, stripLocalConstants, undecidedResultTests, withoutEffectFreeCalls } from './helper-results.js';
import { widenElseRuns } from './else-runs.js';
import { wholeStatementHunk } from './statement-window.js';
import { joinedHunk } from './joined-hunks.js';
import { guardsOfIgnoredLines } from './ignored-guards.js';
import { bracesOf, enclosingBlocks, withinBlockOf } from './block-chains.js';
import { elseIfAsElseBlock, elseOfUntakenTest, headAbove } from './else-blocks.js';
import { postedGupFlagFacts } from '../mm/gup-flags.js';
import { ownFlagFacts, ownListFacts, reachesModel } from './own-flags.js';
import { unfoldPushedChains } from './pushed-chains.js';
import { completeCutNames } from './cut-names.js';
import { fnPointerNames } from './fn-pointer-args.js';
import { callsThroughShmemOps } from './ops-members.js';
import { composeIntoNext, pteValueBuild } from './pte-value-chains.js';
import { flagTestChange } from './flag-tests.js';
import { rewrittenTakenExit } from './taken-exits.js';
import { rewriteBailoutChain } from './bailout-chains.js';
export { functionNameOf } from './cparse.js';
import type { DiffFile, DiffHunk, DiffLine } from '../diff/types.js';
import { choiceCond, condLeaves, condSignature, type CallStmt, type Cond, type IfStmt, type KernelCode, type Stmt } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { calledNames, callTexts, closingParen, CParseError, norm, functionNameOf, isDefinitionLine, parenBalance, parseBool, parseItems, parseTree, renameCalls, type BoolExpr, type CItem, type CNode, type SourceLine } from './cparse.js';
import { ARCH_OWN_IMPLEMENTATIONS, canonicalTests, exclusionLockStep, HOMONYMS, isMmuNotifierName, noEffectClassOf, noEffectRowOf, vocabularySpelling, modelledFunctionFor, newestName, partOf, primitiveOf, SHARED_UNMODELLED_PATHS, SUCCESS_RETURNS, plainReferenceCopy, takesPageReference, type Part, type Release } from '../mm/vocabulary.js';
import { anchoredSteps, anchorKey, boolResultLocals, byAnchor, ignoreLineFor, noStepByAssumption, constTruth, isConstCond, keysFor, liftCondition, liftIf, liftStatement, modelledNames, scenarioCodes, splitArgs, type Keys, type LexContext, type ScenarioLexicon } from './lexicon.js';

export interface HunkRef {
  readonly file: string;
  readonly header: string;
  readonly fn: string | null;
  /** The hunk as it appeared (header and lines), for quoting. */
  readonly text: string;
}

export interface Unmapped {
  readonly hunk: HunkRef;
  readonly reason: string;
}

export interface LiftResult {
  readonly scenario: string;
  /**
   * Locks the model has no step for, taken or dropped (statement -> function): lifted as no step,
   * which holds only while one actor runs the function (the check verifies it).
   */
  readonly otherLocks?: ReadonlyMap<string, string>;
  /** Modelled functions the patch touches. */
  readonly touched: readonly string[];
  readonly code: KernelCode;
  /**
   * The base the patch is compared against, when it is not the one given: hunks whose result the
   * model already has were lifted in reverse, their old side added to the base.
   */
  readonly base?: KernelCode;
  /** Hunks in modelled functions that could not be placed. */
  readonly unmapped: readonly Unmapped[];
  /**
   * Added lines with no modelled statement around them to place them against: `code` leaves
   * them out; `placements()` puts them at each place they could go, for a verdict that holds
   * wherever they are.
   */
  readonly floating?: readonly Floating[];
  /** Hunks the lift changed the model with. */
  readonly applied: readonly HunkRef[];
  /** Lines in modelled functions lifted to nothing, with why (comments, locals, debug calls). */
  readonly ignored: readonly string[];
  /** Old-side statements the model does not have where the patch has them: how badly the base fits. */
  readonly misses: number;
  /** Old-side statements found in the model. */
  readonly hits: number;
  /** Changed runs the base already had the result of: a tree that already has the patch. */
  readonly already: number;
  /**
   * What the lift assumed, for the report: calls outside the vocabulary taken as effect-free,
   * conditions outside the model explored both ways, functions found under another name.
   */
  readonly assumptions: readonly string[];
}

export interface LiftOptions {
  /** The release the patch is for, when known: which names the functions have in that tree. */
  readonly version?: Release | null;
}

/** `t` with each called function's name passed through `to`. */
function withNewestNames(t: string): string {
  return renameCalls(t, newestName).replace(/\s+/g, '');
}

/** The argument text of the call of `fn` in `t`, whitespace folded (null without one). */
function argsOf(t: string, fn: string): string | null {
  const i = t.indexOf(`${fn}(`);
  const open = i + fn.length;
  const close = i < 0 ? -1 : closingParen(t, open);
  return close < 0 ? null : t.slice(open + 1, close).replace(/\s+/g, '');
}

/**
 * Whether `name` reads as a variant of `of` (`gup_normal_page` of `vm_normal_page`,
 * `__vm_normal_page` of `vm_normal_page`): one contains the other, or they end in the same two
 * or more words.
 */
function namedAfter(name: string, of: string): boolean {
  if (name.includes(of) || of.includes(name)) return true;
  const a = name.split('_').filter(Boolean).reverse();
  const b = of.split('_').filter(Boolean).reverse();
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 2;
}

/** `t` with the functions the patch renames called by their old names (renamedFrom: new -> old). */
function withPatchNamesUndone(t: string, renamedFrom: ReadonlyMap<string, string> | undefined): string {
  return renamedFrom?.size ? renameCalls(t, (n) => renamedFrom.get(n) ?? n) : t;
}


export function hunkText(h: DiffHunk): string {
  const sign = { context: ' ', add: '+', del: '-' } as const;
  return [h.header, ...h.lines.map((l) => sign[l.kind] + l.text)].join('\n');
}

// --- mutable model bodies ------------------------------------------------------------------

type MStmt = Stmt & { then?: MStmt[]; else?: MStmt[] };

function clone(body: readonly Stmt[]): MStmt[] {
  return body.map((s) => {
    if (s.op === 'if') {
      const i = s as IfStmt;
      return { ...i, then: clone(i.then), ...(i.else ? { else: clone(i.else) } : {}) } as MStmt;
    }
    return { ...s } as MStmt;
  });
}

interface Place {
  readonly list: MStmt[];
  readonly index: number;
}

function flatten(body: MStmt[], out: { s: MStmt; list: MStmt[] }[] = []): { s: MStmt; list: MStmt[] }[] {
  for (const s of body) {
    out.push({ s, list: body });
    if (s.op === 'if') {
      flatten(s.then ?? [], out);
      flatten(s.else ?? [], out);
    }
  }
  return out;
}

/** The ops of the model's function `fn`, as the lift has it so far. */
function modelOpsOf(ctx: Ctx, fn: string): Set<string> {
  return new Set(flatten(ctx.fns.get(fn)?.body ?? []).map((e) => e.s.op));
}

/** Whether a condition has a leaf that is not a constant (a decided test reads nothing). */
function readsSomething(c: Cond): boolean {
  if (c.op === 'not') return readsSomething((c as { arg: Cond }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.some(readsSomething);
  return c.op !== '__const';
}

/** A test read only as other functions' tests (`borrowed`), with at most undecided parts beside them. */
function borrowedOnly(c: Cond): boolean {
  if (c.op === 'not') return borrowedOnly((c as { arg: Cond }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.every((x) => borrowedOnly(x) || x.op === '__choice' || x.op === '__const');
  return !!(c as { args?: { borrowed?: boolean } }).args?.borrowed;
}

/** Whether lifted statement `x` is the model statement `s`. */
function same(x: Stmt, s: MStmt): boolean {
  if (x.op === 'if' && s.op === 'if') {
    // (Two tests decided alike are not one test: `if (!PageAnon(old_page))` is not the model's
    // `if (!old_page && ...)` because both are false. Only a signature that reads something is.)
    const sig = condSignature((x as IfStmt).cond);
    return norm(x.c) === norm(s.c) || (readsSomething((x as IfStmt).cond) && sig === condSignature((s as IfStmt).cond));
  }
  if (x.op === 'call' && s.op === 'call') return (x as { fn: string }).fn === (s as { fn: string }).fn;
  if (x.op === 'return' || s.op === 'return') return false;
  return x.op === s.op;
}

/** An `if` whose block ends in an exit (`if (x) { unlock; return 0; }`). */
const bailsOut = (s: Stmt): boolean => s.op === 'if' && (s as IfStmt).then.length > 0 && (s as IfStmt).then[(s as IfStmt).then.length - 1].op === 'return';

class Unplaceable extends Error {
  /** Pure additions that only lack a place: they may float (see `Floating`). */
  floating?: { fn: string; stmts: Stmt[] };
}

export interface Floating {
  readonly fn: string;
  readonly header: string;
  readonly stmts: readonly Stmt[];
}

/** Most codes `placements()` gives: past that the added lines stay unmapped. */
export const MAX_PLACEMENTS = 48;

/**
 * The lifted code with each floating group put at each place in its function where a statement
 * can go (any statement list, before any statement or at its end, never after an exit). Null when
 * there are more than MAX_PLACEMENTS combinations.
 */
export function placements(code: KernelCode, floating: readonly Floating[]): KernelCode[] | null {
  let out: KernelCode[] = [code];
  for (const f of floating) {
    const next: KernelCode[] = [];
    for (const c of out) {
      const body = clone(c[f.fn] ?? []);
      const spots: { list: MStmt[]; index: number }[] = [];
      const walk = (list: MStmt[]) => {
        for (let i = 0; i <= list.length; i++) {
          if (i > 0 && list[i - 1].op === 'return') break;
          spots.push({ list, index: i });
          if (i < list.length && list[i].op === 'if') {
            walk(list[i].then ?? []);
            if (list[i].else) walk(list[i].else!);
          }
        }
      };
      walk(body);
      for (const spot of spots) {
        spot.list.splice(spot.index, 0, ...clone(f.stmts));
        next.push({ ...c, [f.fn]: clone(body) });
        spot.list.splice(spot.index, f.stmts.length);
        if (next.length > MAX_PLACEMENTS) return null;
      }
    }
    out = next;
  }
  return out;
}

/** Upper-case flags and constants a line names (`FOLL_WRITE`, `RMAP_EXCLUSIVE`). */
function flagsIn(text: string): Set<string> {
  return new Set(text.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? []);
}

/** Whether `to` names a flag or constant `from` does not (a meaning the model cannot read). */
function addsFlag(from: string, to: string, known: Readonly<Record<string, number>> = {}): boolean {
  const had = flagsIn(from);
  return [...flagsIn(to)].some((f) => !had.has(f) && !(f in known));
}

/** `x = v` / `x |= v`: the variable assigned, whether the assignment is compound, and the value. */
function assignmentOf(text: string): { target: string; compound: boolean; value: string } | null {
  const m = /^([\w.>\[\]-]+?)\s*([|&+^-]?)=(?!=)\s*(.*)$/.exec(text);
  return m ? { target: m[1], compound: m[2] !== '', value: m[3].replace(/\s+/g, '') } : null;
}

/** An assumption the report lists, once. */
function assume(ctx: Ctx, what: string): void {
  if (!ctx.assumptions.includes(what)) ctx.assumptions.push(what);
}

/** A change left out of the model on an assumption: said among the ignored lines and in the report. */
function assumeIgnored(ctx: Ctx, what: string): void {
  ctx.ignored.push(what);
  assume(ctx, what);
}

/**
 * Whether `body` makes no step on the model's paths: only exits, and tests the model decides
 * whose taken branch makes none either (a helper whose work is all in a branch never taken).
 */
function makesNoStep(body: readonly Stmt[]): boolean {
  return body.every((x) => {
    if (x.op === 'return') return true;
    if (x.op !== 'if') return false;
    const i = x as IfStmt;
    return isConstCond(i.cond) && makesNoStep(constTruth(i.cond) ? i.then : i.else ?? []);
  });
}

/** `x` is a call of a helper the patch adds whose lifted body makes no step (makesNoStep). */
function callsHelperDoingNothing(x: Stmt, ctx: Ctx): boolean {
  if (x.op !== 'call' || !ctx.addedFns?.has((x as CallStmt).fn)) return false;
  const body = ctx.fns.get((x as CallStmt).fn)?.body;
  return !!body && makesNoStep(body);
}


/** The step ops an added helper's lifted body makes (its calls' too, a few levels down). */
function helperOps(ctx: Ctx, fn: string, depth = 0): Set<string> {
  const out = new Set<string>();
  const body = ctx.fns.get(fn)?.body;
  if (!body || depth > 3) return out;
  for (const { s: x } of flatten(body)) {
    if (x.op === 'call') for (const o of helperOps(ctx, (x as CallStmt).fn, depth + 1)) out.add(o);
    else if (x.op !== 'if' && x.op !== 'return') out.add(x.op);
  }
  return out;
}

/** Whether the test `cond` is one the model decides false, with no call made to decide it. */
function decidedFalse(cond: string, lc: LexContext): boolean {
  return decidedTruth(cond, lc) === false;
}

// --- the lift ----------------------------------------------------------------------------

interface Fn {
  body: MStmt[];
}

interface Ctx {
  readonly sc: Scenario;
  /** The release the patch is for, when known. */
  readonly release?: Release | null;
  /** (Widened, once the lift can read the patch's tests, by the facts of its own flags: ownFlagFacts().) */
  lex: ScenarioLexicon;
  readonly keys: Keys;
  readonly fns: Map<string, Fn>;
  readonly defs: Map<string, Map<string, string>>;
  readonly ignored: string[];
  readonly assumptions: string[];
  readonly functionNamed: (name: string) => string | null;
  misses: number;
  hits: number;
  already: number;
  /** Statements this lift inserted: a deletion never matches them (a statement moved within a hunk). */
  readonly inserted: WeakSet<object>;
  /** Per hunk, the new side's kept lines (by index in the hunk) under a label a new exit fenced off: on no modelled path. */
  fenced?: Map<DiffHunk, Set<number>>;
  /** A removed step the model does not have is an error, not a no-op (the reversed lift, below). */
  readonly strict?: boolean;
  /** Boolean helpers the patch adds, as expressions (`booleanChain`). */
  helperExprs?: ReadonlyMap<string, { params: string[]; expr: string }>;
  /** Functions the patch split out under a new name: new -> old (splitByPatch). */
  splitFrom?: ReadonlyMap<string, string>;
  /** Functions the patch renames: new -> old (renamedByPatch). */
  renamedFrom?: ReadonlyMap<string, string>;
  /** Function-pointer parameters of the patch's new functions, each the one function every call passes (fnPointerNames). */
  fnPointers?: ReadonlyMap<string, string>;
  /** Functions the patch adds. */
  addedFns?: ReadonlySet<string>;
  /** Per modelled function whose model takes no page lock while the kernel's does (pageLockAbstracted()): why its page lock calls are no step. */
  pageLockAbstracted?: ReadonlyMap<string, string>;
  /** Where pure additions with no place go (only in a forward lift). */
  floating?: Floating[];
  /** Per function, the patch's deleted lines in all its hunks: a step added in one hunk and deleted in another moved. */
  deletedInPatch?: ReadonlyMap<string, readonly { readonly hunk: DiffHunk; readonly items: readonly CItem[] }[]>;
  /** Per function (as the hunk header names it), the patch's hunks in order. */
  hunksInPatch?: ReadonlyMap<string, readonly DiffHunk[]>;
  /** A hunk the lift read another way (widened, an untaken then-branch dropped) -> the patch's own, for its place among hunksInPatch. */
  hunkRead?: WeakMap<DiffHunk, DiffHunk>;
  /**
   * Tests of what an added helper returned, left to the helper's exits, with the value the test
   * had as a plain test (`if (err)`: false, nothing fails) for where the exits do not decide it.
   */
  resultTests?: Map<string, boolean>;
  /** Locks the model has no step for, taken or dropped in a function: statement -> function. */
  otherLocks?: Map<string, string>;

}

/**
 * A boolean helper the patch adds whose body is a chain of `if (c) return true|false;` ending
 * in `return <expr>;` (`can_follow_write_common()`), as one C expression over its parameters:
 * a test that calls it reads what its tests read, instead of an undecided value.
 */
function booleanChain(def: string, items: readonly CItem[]): { params: string[]; expr: string } | null {
  const head = /\bbool\s+\**\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$/s.exec(def);
  if (!head) return null;
  const params = head[2].trim() === 'void' ? [] : head[2].split(',').map((p) => /([A-Za-z_]\w*)\s*(\[\s*\])?\s*$/.exec(p.trim())?.[1] ?? '');
  if (params.some((p) => !p)) return null;
  // (An early return of a test's value, `if (c) return pte_dirty_hw(pte);`, is kept as `ret`.)
  const chain: { cond: string; value: boolean; ret?: string }[] = [];
  const boolOf = (t: string): boolean | null => {
    const m = /^return\s+(true|false|1|0)$/.exec(t);
    return m ? m[1] === 'true' || m[1] === '1' : null;
  };
  let i = 0;
  while (i < items.length - 1) {
    const it = items[i];
    // `if (c) return a; else return b;`: the else's return is the last one.
    if (it.kind === 'else' && i === items.length - 2 && i > 0 && items[i - 2]?.braceless) {
      i++;
      break;
    }
    if (it.kind !== 'if' || !it.cond) return null;
    const v = boolOf(items[i + 1]?.text ?? '');
    const ret = v === null ? /^return\s+(.+)$/.exec(items[i + 1]?.text ?? '')?.[1] : undefined;
    if (items[i + 1]?.kind !== 'jump' || (v === null && !ret)) return null;
    chain.push({ cond: it.cond, value: v ?? false, ...(ret ? { ret } : {}) });
    i += 2;
    if (!it.braceless) {
      if (items[i]?.kind !== 'close') return null;
      i++;
    }
  }
  const last = items[items.length - 1];
  const fin = last?.kind === 'jump' ? /^return\s+(.+)$/.exec(last.text)?.[1] : undefined;
  if (!fin || i !== items.length - 1) return null;
  let expr = fin === 'true' || fin === 'false' ? fin : `(${fin})`;
  for (let k = chain.length - 1; k >= 0; k--) {
    const c = chain[k];
    if (c.ret) expr = `((${c.cond}) && (${c.ret})) || (!(${c.cond}) && ${expr})`;
    else if (expr === 'false') expr = c.value ? `(${c.cond})` : 'false';
    else if (expr === 'true') expr = c.value ? 'true' : `!(${c.cond})`;
    else expr = c.value ? `(${c.cond}) || ${expr}` : `!(${c.cond}) && ${expr}`;
    expr = `(${expr})`;
  }
  return expr === '(true)' || expr === '(false)' || expr === 'true' || expr === 'false' ? null : { params, expr };
}

/** Functions outside the model (ones a patch adds) whose bodies lifted to no step: tests only. */
function pureHelpers(ctx: Ctx): Set<string> {
  const modelled = modelledNames(ctx.sc);
  const out = new Set<string>();
  for (const [name, f] of ctx.fns) {
    if (modelled.has(name) || f.body.length === 0) continue;
    if (flatten(f.body).every((e) => e.s.op === 'return' || e.s.op === 'if')) out.add(name);
  }
  return out;
}

function lexCtx(ctx: Ctx, fn: string): LexContext {
  if (!ctx.defs.has(fn)) ctx.defs.set(fn, new Map());
  // A function under another release's name (a helper the patch adds that the model has as
  // try_get_folio) reads the model's words for it.
  // (And a part of a modelled function the patch factors out, zap_present_pte() of
  // zap_pte_range(): its lines are that function's, and read with its words.)
  const modelFn = ctx.keys.byFn.has(fn) ? fn : ctx.functionNamed(fn) ?? partOf(fn, modelledNames(ctx.sc))?.of ?? fn;
  return {
    scenario: ctx.sc,
    lexicon: ctx.lex,
    keys: ctx.keys,
    fn: modelFn,
    functions: new Set(ctx.fns.keys()),
    defs: ctx.defs.get(fn)!,
    functionNamed: ctx.functionNamed,
    pureHelpers: pureHelpers(ctx),
    addedFns: ctx.addedFns,
    helperExprs: ctx.helperExprs,
    ...(ctx.splitFrom?.size ? { splitFrom: ctx.splitFrom } : {}),
    ...(ctx.renamedFrom?.size ? { renamedFrom: ctx.renamedFrom } : {}),
    ...(ctx.pageLockAbstracted?.has(modelFn) ? { pageLockAbstracted: ctx.pageLockAbstracted.get(modelFn) } : {}),
    boolResults: boolResultLocals(ctx.hunksInPatch?.get(fn) ?? []),
    release: ctx.release ?? null,
    assume: (what) => assume(ctx, what),
  };
}

/**
 * The statements after each label of a whole function, up to the jump that ends them: a
 * `goto out_unlock` is lifted as that tail (unlock, then leave), since the model has no labels.
 */
function labelTails(nodes: readonly CNode[]): Map<string, CNode[]> {
  const tails = new Map<string, CNode[]>();
  nodes.forEach((n, i) => {
    if (n.t !== 'stmt' || n.kind !== 'label') return;
    const tail: CNode[] = [];
    for (const m of nodes.slice(i + 1)) {
      if (m.t === 'stmt' && m.kind === 'label') continue;
      tail.push(m);
      if (m.t === 'stmt' && m.kind === 'jump') break;
    }
    tails.set(n.text.replace(/:$/, ''), tail);
  });
  return tails;
}

/**
 * A test of a call's failure (`if (unlikely(!page_cache_add_speculative(head, refs)))`) where the
 * model keeps the same primitive's test as one step (`if (unlikely(!folio_ref_try_add_rcu(folio,
 * refs)))`): another spelling of that step.
 */
function sameTestStep(cond: string, anchors: ReadonlyMap<string, Stmt> | undefined): Stmt | undefined {
  const m = /^(?:unlikely\s*\(\s*)?!\s*([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*\)?$/.exec(cond.trim());
  const p = m ? primitiveOf(m[1]) : null;
  if (!p || !anchors) return undefined;
  for (const [k, st] of anchors) {
    if (!k.startsWith('if(') || st.op === 'if' || st.op === '__absorbed' || st.op === 'return') continue;
    const callee = calledNames(st.c).find((x) => !['if', 'unlikely', 'likely'].includes(x));
    if (callee && primitiveOf(callee) === p) return st;
  }
  return undefined;
}

/**
 * The step the model has right before its `if` with anchor `text` that is the call its test
 * makes (the model splits `if (!f(x))` into the step `f(x)` and a test of its result), in the
 * scenario's baseline or a variant.
 */
function callBeforeTest(sc: Scenario, fn: string, text: string, cond: string): Stmt | null {
  const key = anchorKey(text);
  for (const code of scenarioCodes(sc)) {
    const found = flatten((code[fn] ?? []) as MStmt[]).find((e) => e.s.op === 'if' && anchorKey(e.s.c) === key);
    if (!found) continue;
    const i = found.list.indexOf(found.s);
    const prev = i > 0 ? found.list[i - 1] : undefined;
    if (prev && prev.op !== 'if' && prev.op !== 'call' && prev.op !== 'return' && calledNames(prev.c).length > 0 && anchorKey(cond).includes(anchorKey(prev.c))) return prev;
    return null;
  }
  return null;
}

/**
 * Whether the model reads a test's C text as one of its own tests: true for a modelled test,
 * false for one it decides statically or explores both ways, null when it cannot read it (or the
 * test makes calls first).
 */
function readsModelTest(text: string, lc: LexContext): boolean | null {
  const c = liftCondition(text, { ...lc, assume: () => {} });
  if ('unknown' in c || c.pre.length) return null;
  return !/^!?(const:|choice:)/.test(condSignature(c.cond));
}

/**
 * Whether a test is none of this function's model: explored both ways, or another function's test
 * borrowed (`pte_dirty(ptent)` in a zap whose model has no such test). Around lines that lift to
 * nothing, such a test changes nothing either: it has no step to stand for.
 */
function noTestOfThisModel(c: Cond): boolean {
  if (c.op === 'not') return noTestOfThisModel((c as { arg: Cond }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.every(noTestOfThisModel);
  return c.op === '__choice' || (c as { args?: { borrowed?: boolean } }).args?.borrowed === true;
}

/** Whether a branch's last statement always leaves it (`return`, `goto`, `break`, `continue`). */
function endsInJump(nodes: readonly CNode[]): boolean {
  const last = nodes[nodes.length - 1];
  return !!last && last.t === 'stmt' && last.kind === 'jump';
}

/**
 * The named tests after an undecided `if`: `defs` holds the else path's (or the fall-through's),
 * `thenDefs` the then path's. A path that leaves by a jump does not reach the code after; of the
 * paths that do, a name both give the same value keeps it, one they disagree on is dropped (the
 * code after reads it as a test explored both ways).
 */
function mergeBranchDefs(defs: Map<string, string>, thenDefs: ReadonlyMap<string, string>, thenLeaves: boolean, elseLeaves: boolean): void {
  if (thenLeaves) return;
  if (elseLeaves) return setDefs(defs, thenDefs);
  for (const k of [...defs.keys()]) if (thenDefs.get(k) !== defs.get(k)) defs.delete(k);
}

/** `defs` made to hold exactly `from`. */
function setDefs(defs: Map<string, string>, from: ReadonlyMap<string, string>): void {
  defs.clear();
  for (const [k, v] of from) defs.set(k, v);
}

/** Lift a parsed C tree to model statements. */
function liftTree(nodes: readonly CNode[], ctx: Ctx, fn: string, tails?: Map<string, CNode[]>, depth = 0): Stmt[] {
  const lc = lexCtx(ctx, fn);
  const out: Stmt[] = [];
  // Locks the model has no step for, taken in this block and not yet dropped (see below).
  const openLocks = new Map<string, { text: string; outAt: number; why: string; assumed: boolean; line: string }>();
  const keepLock = (lock: string, line: string, why: string, assumed: boolean) => {
    ctx.otherLocks!.set(lock, fn);
    ctx.ignored.push(`${fn}: \`${line}\` (${why})`);
    if (assumed) assume(ctx, `${fn}: ${why}`);
  };
  // (A copy: a PTE value build composed into the node after it rewrites that node.)
  const list = [...nodes];
  for (const [ni, n] of list.entries()) {
    // After an exit every path takes (a `return`, or a test the model decides that returns),
    // nothing of this block runs until a label another path may jump to: it is not lifted, so
    // a helper the patch adds is read only on the paths the model takes (the COW-PTE posting's
    // break_cow_pte() returns at once where no mm shares a PTE table).
    if (out.length > 0 && out[out.length - 1].op === 'return') {
      if (!(n.t === 'stmt' && n.kind === 'label')) {
        if (n.t === 'stmt' && n.kind !== 'jump') ctx.ignored.push(`${fn}: \`${n.text}\` (after an exit, never run)`);
        continue;
      }
    }
    // `goto out`, and `break`/`continue` of the loop a model runs once (its tail is after the loop).
    const gotoLabel = n.t === 'stmt' && n.kind === 'jump' ? /^goto\s+(\w+)$/.exec(n.text) ?? /^(break|continue)$/.exec(n.text) : null;
    // The label's tail the hunks show: in part (cut by the end of a hunk) it is followed on in
    // the model after its last step; a part that lifts to no step gives nothing to follow on
    // from, and the jump is read as if the hunks showed no tail.
    // (A loop the function has a row for, KERNEL_GOTO_TAILS or the lexicon's `gotoTails`: the
    // row says where its `break` or `continue` goes in the model, which runs that loop flattened
    // among its steps; the C after the loop the hunk shows is not read in its place.)
    const loopRow = !!gotoLabel && /^(?:break|continue)$/.test(gotoLabel[1]) && !!(ctx.lex.gotoTails?.[fn]?.[gotoLabel[1]] ?? KERNEL_GOTO_TAILS[fn]?.[gotoLabel[1]]);
    const shown = gotoLabel && depth < 4 && !loopRow ? tails?.get(gotoLabel[1]) : undefined;
    const shownTail = shown ? liftTree(shown, ctx, fn, tails, depth + 1) : [];
    const hasTail = !!shown && !(PARTIAL_TAILS.has(shown) && shownTail.length === 0);
    const known = gotoLabel ? ctx.lex.gotoTails?.[fn]?.[gotoLabel[1]] : undefined;
    if (gotoLabel && !hasTail && known) {
      out.push(...known);
      continue;
    }
    const kernelTail = gotoLabel && !hasTail && depth < 4 ? KERNEL_GOTO_TAILS[fn]?.[gotoLabel[1]] : undefined;
    if (kernelTail) {
      out.push(...liftTree(parseTree(parseItems(kernelTail.map((text) => ({ text, origin: 'ctx' as const })))), ctx, fn, undefined, depth + 1));
      continue;
    }
    if (gotoLabel && shown && hasTail) {
      const tail = shownTail;
      const rest = PARTIAL_TAILS.has(shown) ? modelAfter(ctx.fns.get(fn)?.body, tail) : [];
      if (rest === null) throw new Unplaceable(`\`${n.text}\` jumps to \`${gotoLabel[1]}:\`, whose code the hunk shows only in part and the model does not have after it`);
      out.push(...tail, ...clone(rest));
      if (![...tail, ...rest].some((x) => x.op === 'return')) out.push({ op: 'return', c: n.text });
      continue;
    }
    if (n.t === 'if') {
      // A helper the patch adds has no anchors of its own: a whole-test step any modelled function
      // keeps (`if (!test_and_set_bit(slot_nr, area->bitmap))`) is that step in it too.
      const exact = ctx.keys.exact.get(lc.fn) ?? (ctx.addedFns?.has(fn) ? anchoredSteps(ctx.keys, anchorKey(n.text))[0]?.anchors : undefined);
      // The model keeps this whole test as one step (`if (!folio_ref_try_add_rcu(...))`: the
      // step's semantics include the failure it tests for): the step, not a branch.
      // (An anchor may also hold a braceless body: `if (vma->vm_flags & VM_LOCKED) munlock_vma_page(old_page)`.)
      const one = n.then.length === 1 && n.then[0].t === 'stmt' && !n.else ? n.then[0] : null;
      const asStep = byAnchor(exact?.stmt, n.text) ?? (one ? exact?.stmt.get(anchorKey(`${n.text} ${one.text}`)) : undefined) ?? sameTestStep(n.cond, exact?.stmt);
      if (asStep && asStep.op !== 'if' && asStep.op !== '__absorbed') {
        out.push(asStep);
        continue;
      }
      // The model's own test, by its C text (unless the test calls a modelled helper, whose
      // call must come before it).
      const exactCond = byAnchor(exact?.cond, n.text);
      const callsHelper = calledNames(n.cond).some((x) => ctx.fns.has(ctx.functionNamed(x) ?? x));
      if (exactCond && !callsHelper) {
        // The call the model makes just before this test, on whose result the test reads
        // (`page_cache_add_speculative(head, refs)`, then `if (unlikely(!page_cache_add_speculative(...)))`).
        const pre = callBeforeTest(ctx.sc, lc.fn, n.text, n.cond);
        if (pre) out.push(pre);
        // (A test the model keeps decided, `if (vma_is_anonymous(dst_vma))` on a shmem VMA: the
        // branch it never takes runs nothing, so what the model cannot read there is no step.)
        const never = isConstCond(exactCond) ? (constTruth(exactCond) ? 'else' : 'then') : null;
        const branch = (b: readonly CNode[], which: 'then' | 'else'): Stmt[] => {
          if (never !== which) return liftTree(b, ctx, fn, tails, depth);
          try {
            return liftTree(b, ctx, fn, tails, depth);
          } catch (e) {
            if (!(e instanceof Unplaceable)) throw e;
            ctx.ignored.push(`${fn}: the ${which === 'then' ? 'body' : '`else`'} of \`${n.text}\` (never taken in the model: ${e.message})`);
            return [];
          }
        };
        const els = n.else ? branch(n.else, 'else') : undefined;
        out.push(els ? { op: 'if', c: n.text, cond: exactCond, then: branch(n.then, 'then'), else: els } : { op: 'if', c: n.text, cond: exactCond, then: branch(n.then, 'then') });
        continue;
      }
      // A test of the value an added helper just returned (`err = mfill_get_vma(&state);`
      // `if (err) goto out;`) is the helper's result, not a failure the model rules out: it is
      // left to the helper's exits (decideHelperResults), explored both ways until then.
      const prev = ni > 0 ? list[ni - 1] : undefined;
      const helperVar = prev && prev.t === 'stmt' ? /^([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\(/.exec(prev.text) : null;
      const resultOfAdded = !!helperVar && !!ctx.addedFns?.has(helperVar[2]) && resultTest(`if (${n.cond})`, '', helperVar[1]) !== null;
      // A branch the model never takes (its test is a constant there) is not lifted.
      const plain = liftCondition(n.cond, lc);
      if (resultOfAdded && !('unknown' in plain) && isConstCond(plain.cond) && !plain.pre.length) (ctx.resultTests ??= new Map()).set(n.text, constTruth(plain.cond));
      const c = resultOfAdded ? { cond: choiceCond(n.cond), pre: [] } : plain;
      // A call whose result gates nothing the model holds (`if (ptep_set_access_flags(...))
      // update_mmu_cache_range(...)`): the call is the step, its result is not read.
      const gateCall = /^!?\s*([A-Za-z_]\w*\s*\((?:[^()]|\([^()]*(?:\([^()]*\)[^()]*)*\))*\))$/s.exec(n.cond.trim());
      if ('unknown' in c && gateCall && liftTree(n.then, ctx, fn, tails, depth).length === 0 && !(n.else && liftTree(n.else, ctx, fn, tails, depth).length)) {
        const st = liftStatement(gateCall[1], 'stmt', lc);
        if (st.kind === 'ignore' && !st.assumed) {
          ctx.ignored.push(`${fn}: \`${n.text}\`: ${st.why}; its result gates nothing the model holds`);
          continue;
        }
        if (st.kind === 'stmts' && st.stmts.length && st.stmts.every((x) => x.op !== 'return' && x.op !== 'if')) {
          ctx.ignored.push(`${fn}: \`${n.text}\`: the call is the step; its result gates nothing the model holds`);
          out.push(...st.stmts);
          continue;
        }
      }
      if (!('unknown' in c) && isConstCond(c.cond) && !c.pre.length) {
        const taken = constTruth(c.cond);
        const body = taken ? n.then : n.else ?? [];
        ctx.ignored.push(`${fn}: \`${n.text}\` is ${taken ? 'always' : 'never'} taken in the model`);
        out.push(...liftTree(body, ctx, fn, tails, depth));
        continue;
      }
      // Each branch sees the named tests as they were before the `if`; after it a test given
      // another value on one path only (`upgrade = false;` under a test explored both ways) is
      // known no more. (A branch that always leaves by a jump gives the code after it nothing.)
      // (lexCtx() made the function's defs above.)
      const defs = ctx.defs.get(fn)!;
      const before = new Map(defs);
      const thenS = liftTree(n.then, ctx, fn, tails, depth);
      const afterThen = new Map(defs);
      setDefs(defs, before);
      const elseS = n.else ? liftTree(n.else, ctx, fn, tails, depth) : undefined;
      mergeBranchDefs(defs, afterThen, endsInJump(n.then), !!n.else && endsInJump(n.else));
      // A test the model cannot decide around C that lifts to nothing (`if (ksm) count_vm_event(...)`):
      // either way the same happens, so there is no branch to explore.
      if (!('unknown' in c) && !c.pre.length && noTestOfThisModel(c.cond) && (n.then.length > 0 || (n.else?.length ?? 0) > 0) && thenS.length === 0 && !elseS?.length) {
        ctx.ignored.push(`${fn}: \`${n.text}\` guards nothing the model holds`);
        continue;
      }
      const r = liftIf(n.text, n.cond, thenS, elseS, lc);
      if ('unknown' in r) throw new Unplaceable(r.unknown);
      out.push(...r);
      continue;
    }
    const r = liftStatement(n.text, n.kind, lc);
    if (r.kind === 'stmts') out.push(...r.stmts);
    else if (r.kind === 'def') {
      // A declared value the function later replaces with a step's result (`bool can_luf =
      // false;` ... `can_luf = try_to_unmap(folio, flags);`) is no value a later test may read.
      if (!(n.kind === 'decl' && valueReplacedByStep(ctx, lc, fn, r.name, n.text)) && lc.defs instanceof Map) (lc.defs as Map<string, string>).set(r.name, r.expr);
    }
    else if (r.kind === 'ignore') {
      // (In a helper the patch adds, a constant stored in a local is kept until the exits that
      // return it are read: decideHelperResults().)
      const local = ctx.addedFns?.has(fn) ? localConstant(n.text) : null;
      if (local) out.push(local);
      // A lock the model has no step for: no step while one actor runs the function, which the
      // check verifies; a lift with nothing to verify it on leaves it unplaced.
      if (r.lock) {
        if (!ctx.otherLocks) throw new Unplaceable(`\`${r.lock}\` takes or drops a lock the ${ctx.sc.id} model has no step for`);
        // A lock taken and dropped in this block around statements that make no step of the
        // model (`spin_lock(&file->f_lock); file->f_flags |= X; spin_unlock(...)`): whoever else
        // holds it, the section orders nothing the model explores, so it needs no check. Its
        // take waits for the drop here; one left open at the block's end goes to the check.
        const at = exclusionLockStep(r.lock);
        if (at && !at.release) {
          openLocks.set(at.lock, { text: r.lock, outAt: out.length, why: r.why, assumed: !!r.assumed, line: n.text });
          continue;
        }
        const open = at ? openLocks.get(at.lock) : undefined;
        if (open) openLocks.delete(at!.lock);
        if (open && out.length === open.outAt) {
          ctx.ignored.push(`${fn}: \`${open.line}\` ... \`${n.text}\` (a lock around no step of the ${ctx.sc.id} model: it orders nothing the model explores)`);
          continue;
        }
        if (open) keepLock(open.text, open.line, open.why, open.assumed);
        keepLock(r.lock, n.text, r.why, !!r.assumed);
        continue;
      }
      ctx.ignored.push(`${fn}: \`${n.text}\` (${r.why})`);
      if (r.assumed) assume(ctx, `${fn}: ${r.why}`);
    } else {
      const composed = composeIntoNext(n.text, list[ni + 1]);
      if (!composed) throw new Unplaceable(r.why);
      list[ni + 1] = composed;
      ctx.ignored.push(`${fn}: \`${n.text}\` (a part of the PTE value the next statement builds: read with it)`);
    }
  }
  for (const open of openLocks.values()) keepLock(open.text, open.line, open.why, open.assumed);
  return out;
}


/**
 * Whether a line of the patch's new side (any hunk) other than the declaration `decl` gives the
 * local `name` the result of something the model reads as a step (`can_luf =
 * try_to_unmap(folio, flags)`): then the declared value is not kept, and the report says why.
 * (Over every function's hunks: a local of the same name elsewhere only makes the reading more
 * cautious.)
 */
function valueReplacedByStep(ctx: Ctx, lc: LexContext, fn: string, name: string, decl: string): boolean {
  const assigns = new RegExp(String.raw`^\s*${name}\s*=(?!=)`);
  for (const hunks of ctx.hunksInPatch?.values() ?? []) {
    for (const h of hunks) {
      for (const l of h.lines) {
        if (l.kind === 'del' || norm(l.text) === norm(decl) || !assigns.test(l.text)) continue;
        const text = l.text.trim().replace(/;$/, '');
        const r = liftStatement(text, 'stmt', { ...lc, assume: () => {} });
        if (r.kind !== 'stmts' || r.stmts.length === 0) continue;
        ctx.ignored.push(`${fn}: \`${decl}\` (its value is not kept: \`${text}\` gives the local a step's result)`);
        return true;
      }
    }
  }
  return false;
}

/**
 * The kept test whose block the run is in, at any depth, when the model decides it false
 * (`if (is_vm_hugetlb_page(vma)) {` around GUP's hugetlb path: no modelled VMA is hugetlb): the
 * run's lines are on no modelled path, whatever steps they would lift to elsewhere.
 */
function neverEnteredBlock(h: DiffHunk, run: Run, ctx: Ctx): string | null {
  const lc = { ...lexCtx(ctx, run.fn), assume: () => {} };
  for (const side of ['old', 'new'] as const) {
    const items = sideItems(h, side);
    const first = items.findIndex((it) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end);
    if (first < 0) continue;
    // A braceless test's block is its one statement (at the test's own depth): the run must be
    // that statement alone, on both sides (`if (flags & FOLL_GET)` over `-return a(...);`
    // `+return b(...);`).
    const prev = items[first - 1];
    if (prev && (prev.kind === 'if' || prev.kind === 'elseif') && prev.braceless && prev.origin === 'ctx' && prev.depth === items[first].depth && decidedFalse(prev.cond ?? '', lc)) {
      const oneStatement = (xs: typeof items) => {
        const changed = xs.filter((x) => x.origin !== 'ctx' && x.at >= run.start && x.at < run.end);
        return changed.length <= 1 && changed.every((x) => x.kind === 'stmt' || x.kind === 'jump');
      };
      if (oneStatement(items) && oneStatement(sideItems(h, side === 'old' ? 'new' : 'old'))) return prev.text;
    }
    let d = items[first].depth;
    // (Depths are relative to the hunk's first line and may go below zero after a `}` there.)
    for (let k = first - 1; k >= 0; k--) {
      const it = items[k];
      if (it.depth >= d) continue;
      // The nearest item shallower than the run so far: the opener of the block it is in.
      if ((it.kind === 'if' || it.kind === 'elseif') && !it.braceless && it.origin === 'ctx' && decidedFalse(it.cond ?? '', lc)) return it.text;
      d = it.depth;
    }
    return null;
  }
  return null;
}

/**
 * The call that puts a run on a huge mapping's path, where every page of the scenario is small:
 * on each side, the run's changed lines stay in one block, and that block itself (not a test
 * inside it) calls what the fault does with a huge PMD or PUD (`huge_pmd_set_accessed(&vmf)`,
 * the vocabulary's 'huge-mapping' class), so the block runs only for a huge entry. Null when not.
 */
function hugeMappingBlock(h: DiffHunk, run: Run, ctx: Ctx): string | null {
  if (!ctx.lex.onlySmallPages) return null;
  let found: string | null = null;
  for (const side of ['old', 'new'] as const) {
    const items = sideItems(h, side);
    const changed = items.filter((it) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end);
    if (changed.length === 0) continue;
    const d = Math.min(...changed.map((it) => it.depth));
    if (changed.some((it) => it.kind === 'close' && it.depth <= d)) return null;
    const first = items.indexOf(changed[0]);
    const last = items.indexOf(changed[changed.length - 1]);
    let from = first;
    while (from > 0 && items[from - 1].depth >= d) from--;
    let to = last;
    while (to + 1 < items.length && items[to + 1].depth >= d && !(items[to + 1].kind === 'close' && items[to + 1].depth === d)) to++;
    for (let k = from; k <= to; k++) {
      const it = items[k];
      if (it.depth !== d || (it.kind !== 'stmt' && it.kind !== 'jump')) continue;
      const before = items[k - 1];
      if (before && (before.kind === 'if' || before.kind === 'elseif' || before.kind === 'else') && before.braceless && before.depth === d) continue;
      const name = calledNames(it.text).find((n) => noEffectRowOf(n)?.class === 'huge-mapping');
      if (name) found = name;
    }
  }
  return found;
}

/**
 * Lift one changed run; when it cannot be placed, but neither side of it holds anything the
 * model has (no modelled step, call or test: only tests the model explores both ways, bail-outs,
 * locals, calls outside the model), the change is in code the model abstracts away: the model
 * is left as it was and the assumption is reported.
 */
function liftRun(h: DiffHunk, run: Run, ctx: Ctx, addedFns: ReadonlySet<string>): void {
  const F = ctx.fns.get(run.fn);
  if (!F) return;
  const path = unmodelledPath(h, run, ctx);
  if (path) {
    assumeIgnored(ctx, `${run.fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} is on ${path}, a path the model does not take`);
    return;
  }
  const huge = hugeMappingBlock(h, run, ctx);
  if (huge) {
    assumeIgnored(ctx, `${run.fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} is in the block that calls ${huge}(), a huge mapping's path: no mapping of the ${ctx.sc.id} model is huge`);
    return;
  }
  const dead = neverEnteredBlock(h, run, ctx);
  if (dead) {
    assumeIgnored(ctx, `${run.fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} is inside \`${dead}\`, a block the model never enters`);
    return;
  }
  const saved = clone(F.body);
  const ignoredAt = ctx.ignored.length;
  try {
    liftRunInner(h, run, ctx, addedFns);
  } catch (e) {
    if (!(e instanceof Unplaceable)) throw e;
    const block = modelNeutral(h, run, ctx, addedFns) ? null : unmodelledBlock(h, run, ctx, F);
    if (block === undefined && e.floating && ctx.floating) {
      F.body = saved;
      ctx.floating.push({ fn: e.floating.fn, header: h.header, stmts: e.floating.stmts });
      return;
    }
    if (block === undefined) throw e;
    F.body = saved;
    ctx.ignored.length = ignoredAt;
    if (block) {
      const what = `${run.fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} is inside \`${block}\`, a block the model does not have (${e.message}); assumed not to matter to the race`;
      assumeIgnored(ctx, what);
      return;
    }
    const what = `${run.fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} touches no step, call or test of the model (${e.message}); assumed not to matter to the race`;
    assumeIgnored(ctx, what);
  }
}

/**
 * The test of a bail-out the run deletes whole (`if (!(flags & TTU_IGNORE_ACCESS)) { if
 * (ptep_clear_flush_young_notify(...)) { ...; break; } }`) when the model has no such test in the
 * function: every step in the block is on a path that leaves, which the model never takes, and
 * the path past the block runs no step of it. Null otherwise.
 */
function deletedBailOut(h: DiffHunk, run: Run, ctx: Ctx, body: readonly MStmt[]): string | null {
  if (h.lines.slice(run.start, run.end).some((l) => l.kind === 'add' && l.text.trim() !== '')) return null;
  const items = sideItems(h, 'old');
  const inRun = items.filter((it) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end);
  if (inRun.length < 2 || inRun[0].kind !== 'if') return null;
  const k = items.indexOf(inRun[0]);
  const end = chainEnd(items, k);
  if (end === null || items.slice(k, end).some((x) => !inRun.includes(x)) || end - k !== inRun.length) return null;
  const head = items[k];
  if (items.slice(k + 1, end).some((x) => (x.kind === 'else' || x.kind === 'elseif') && x.depth === head.depth)) return null;
  const lc = { ...lexCtx(ctx, run.fn), assume: () => {} };
  const c = liftCondition(head.cond ?? '', lc);
  if ('unknown' in c || c.pre.length || (isConstCond(c.cond) && constTruth(c.cond))) return null;
  const sig = condSignature(c.cond);
  if (flatten(body as MStmt[]).some((e) => e.s.op === 'if' && (condSignature((e.s as IfStmt).cond) === sig || norm(e.s.c) === norm(head.text)))) return null;
  const exits = (x: CItem) => x.kind === 'jump' || /^return\b/.test(x.text);
  let left = false;
  for (let j = k + 1; j < end; j++) {
    const x = items[j];
    if (exits(x)) left = true;
    if (x.kind !== 'stmt' && x.kind !== 'decl') continue;
    const r = liftStatement(x.text, x.kind, lc);
    if (r.kind === 'unknown') return null;
    if (r.kind !== 'stmts' || r.stmts.length === 0) continue;
    // A step must be on a path that leaves: an exit follows it in its own block.
    let m = j + 1;
    while (m < end && !(items[m].kind === 'close' && items[m].depth === x.depth) && !(exits(items[m]) && items[m].depth === x.depth)) m++;
    if (m >= end || !exits(items[m])) return null;
  }
  return left ? head.text : null;
}

/**
 * The scenario's unmodelled path (its `why`) the run's changes are on: each changed line, on its
 * own side of the hunk, comes after a kept line opening the path with no label between (no other
 * path enters there) and before the kept line that ends it, or is a line that makes no modelled
 * step (a label, an exit, accounting). Null unless some changed line is on the path.
 */
function unmodelledPath(h: DiffHunk, run: Run, ctx: Ctx): string | null {
  const lc = { ...lexCtx(ctx, run.fn), assume: () => {} };
  const isLabel = (t: string) => /^[A-Za-z_]\w*:$/.test(t);
  const nothing = (t: string) => {
    if (t === '' || isLabel(t) || /^[{}]$|^\}?\s*else\s*\{?$/.test(t) || /^\/\*.*\*\/$|^\/\/.*$/.test(t)) return true;
    const test = /^(?:\}\s*else\s+)?if\s*\((.*)\)\s*\{?$/.exec(t);
    if (test) return readsModelTest(test[1], lc) === false;
    const r = liftStatement(t.replace(/;$/, ''), 'stmt', lc);
    return r.kind === 'ignore' || (r.kind === 'stmts' && r.stmts.every((x) => x.op === 'return'));
  };
  for (const p of [...SHARED_UNMODELLED_PATHS, ...(ctx.lex.unmodelledPaths ?? [])]) {
    if (!p.fn.test(run.fn)) continue;
    let on = 0;
    const covered = (['old', 'new'] as const).every((side) => {
      const other = side === 'old' ? 'add' : 'del';
      const idx = h.lines.map((_, i) => i).filter((i) => h.lines[i].kind !== other);
      const txt = (i: number) => h.lines[i].text.trim();
      let blocksOfSide: number[] | undefined;
      const blocks = () => (blocksOfSide ??= enclosingBlocks(idx.map(txt)));
      return idx.every((i, k) => {
        if (i < run.start || i >= run.end || h.lines[i].kind === 'context') return true;
        // (A changed line that is the opener itself is on the path: its test respelled, as
        // `if (migrate_misplaced_page(` becoming `if (migrate_misplaced_folio(`.)
        // (So is a changed `} else if (...)` opener of a whole branch: the chain's later branches,
        // which a branch before it leaves to, are the path whoever wrote the test.)
        const elseIfOpener = (t: string) => p.to === 'block-end' && /^\}\s*else\s+if\b/.test(t) && p.from.test(t);
        let opened = (p.to !== 'block-end' && p.from.test(txt(i))) || elseIfOpener(txt(i));
        let from = opened ? k : -1;
        for (let b = k - 1; b >= 0 && !opened; b--) {
          const t = txt(idx[b]);
          if ((p.to !== 'block-end' && p.to.test(t)) || isLabel(t)) break;
          // Only a kept line opens the path; a changed line like it is on the path already. (On
          // the old side a deleted opener opens it too: that is the old code's own stretch, as
          // when a patch moves the whole stretch out into a helper.)
          // (An added opener opens it too where the path is a whole branch and the opener is
          // its first statement, as `} else {` + `WARN_ON_ONCE(!pte_none(oldpte))` adds the
          // none-PTE branch: the branch is the path, whoever wrote it.)
          const firstOfBranch = p.to === 'block-end' && /\{$/.test(idx.slice(0, b).map(txt).filter((x) => x !== '' && !/^(?:\/\*.*\*\/|\/\/.*)$/.test(x)).pop() ?? '');
          if (p.from.test(t) && (h.lines[idx[b]].kind === 'context' || side === 'old' || firstOfBranch || elseIfOpener(t))) {
            opened = true;
            from = b;
            break;
          }
        }
        const to = p.to;
        // (A deleted closing line is the stretch's own last step.)
        const closed =
          opened &&
          (to === 'block-end'
            ? staysInBlock(idx.slice(from + 1, k + 1).map(txt))
            : (side === 'old' && to.test(txt(i))) || idx.slice(k + 1).some((f) => to.test(txt(f)) && (h.lines[f].kind === 'context' || side === 'old')) || runsPastHunk(idx.slice(from).map(txt)));
        // (Or a kept line only the stretch has comes later, in the same block.)
        const inside = p.inside;
        // (In its block, or in blocks this side's changed lines open in it: not in a block that
        // closes before it.)
        const before = !!inside && idx.slice(k + 1).some((f, n) => h.lines[f].kind === 'context' && inside.test(txt(f)) && !/^\}\s*else\b/.test(txt(f)) && withinBlockOf(blocks(), k, k + 1 + n, (j) => h.lines[idx[j]].kind !== 'context'));
        // (Or one comes earlier, and the lines from it to the changed line never close its block,
        // but to go on to the next branch of an if-chain: the stretch runs to the chain's end.)
        const witness = p.insideBefore;
        // (Kept or changed on this side: a changed line that only such an entry has is a witness
        // too, as the 2019 uffd-wp postings' `newpte = pte_swp_mkuffd_wp(newpte)` after the
        // entry's branches.)
        // (Not a function's definition line, `do_set_pmd(struct vm_fault *vmf, ...)`, nor one with
        // another function's definition between: that is another function's code.)
        const after = !!witness && to === 'block-end' && idx.slice(0, k).some((f, n) => witness.test(txt(f)) && !isDefinitionLine(txt(f)) && !idx.slice(n + 1, k + 1).some((g) => isDefinitionLine(txt(g))) && staysInBlock(idx.slice(n + 1, k + 1).map(txt)));
        // (Or it is a braceless test whose one statement only the stretch has: `if (uffd_wp)`
        // over `newpte = pte_swp_mkuffd_wp(newpte);` stands where that statement does.)
        const guardsWitness = !!witness && to === 'block-end' && /^(?:\}\s*else\s+)?if\s*\(.*\)$/.test(txt(i)) && k + 1 < idx.length && witness.test(txt(idx[k + 1]));
        if ((opened && closed) || before || after || guardsWitness) {
          if (txt(i) !== '') on++;
          return true;
        }
        return nothing(txt(i));
      });
    });
    if (covered && on > 0) return p.why;
  }
  return jumpedOver(h, run, lc, lexCtx(ctx, run.fn)) ?? runAfterTakenExit(h, run, lc, lexCtx(ctx, run.fn));
}

/**
 * A run that only rewrites an exit the model always takes (`if (T) goto L;`, T decided true)
 * and changes lines after it: on each side of the hunk, every changed line of the run is a line
 * of that exit or comes after it in the same block with no label between (nothing enters there),
 * and both sides' exits lift to the same jump and nothing else. Where `L:` is does not matter:
 * code after an unconditional jump is reached only through a label. (do_numa_page()'s
 * `if (target_nid == NUMA_NO_NODE) { folio_put(folio); goto out_map; }` rewritten as a braceless
 * goto with a new test after it.) A side that deletes the exit or makes its test undecided does
 * not qualify.
 */
function runAfterTakenExit(h: DiffHunk, run: Run, lc: LexContext, said: LexContext): string | null {
  let jump: string | null = null;
  let exitText = '';
  let exitTest = '';
  for (const side of ['old', 'new'] as const) {
    const items = sideItems(h, side);
    const inRun = (it: { at: number; origin: string }) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end;
    const changed = items.filter(inRun);
    if (!changed.length) continue;
    const first = items.indexOf(changed[0]);
    // The exit: the last `if` at or before the first changed item.
    let e = -1;
    for (let k = first; k >= 0; k--) {
      const it = items[k];
      if (it.kind === 'label') return null;
      if (it.kind === 'if') {
        e = k;
        break;
      }
    }
    if (e < 0) return null;
    const head = items[e];
    // Decided true, its body ending in a jump (decidedIf() finds where the body ends).
    const d = decidedIf(items, e, { ...lc, assume: () => {} }, true);
    if (!d || !d.taken) return null;
    const body = head.braceless ? [items[e + 1]] : items.slice(e + 1, d.end);
    const goto = /^goto\s+([A-Za-z_]\w*)$/.exec(body[body.length - 1].text);
    if (!goto) return null;
    if (jump !== null && jump !== goto[1]) return null;
    jump = goto[1];
    exitText = `${head.text} goto ${jump};`;
    exitTest = head.cond ?? '';
    // The rest of the body makes no step the model has.
    for (const it of body.slice(0, -1)) {
      const r = liftStatement(it.text, it.kind, { ...lc, assume: () => {} });
      if (r.kind === 'stmts' || r.kind === 'unknown') return null;
    }
    // Every changed item is the exit's, or after it in its block with no label between.
    for (const it of changed) {
      const k = items.indexOf(it);
      if (k >= e && k <= d.end) continue;
      if (k < e) return null;
      const between = items.slice(d.end + 1, k + 1);
      if (between.some((x) => x.kind === 'label' || (x.kind === 'close' && x.depth <= head.depth))) return null;
      if (it.depth < head.depth) return null;
    }
  }
  if (jump === null) return null;
  liftCondition(exitTest, said); // the fact that decides the test, said in the report
  return `the code after \`${exitText}\`, an exit every modelled path takes, which nothing enters again before a label`;
}


/**
 * Whether lines after a block's opening line (the last one the changed line) stay in that block:
 * its braces never close it, except as `} else ... {`, the next branch of the same if-chain.
 */
function staysInBlock(lines: readonly string[]): boolean {
  let depth = 0;
  for (const t of lines) {
    if (/^\}\s*else\b.*\{$/.test(t)) continue;
    for (const b of bracesOf(t)) if ((depth += b === '{' ? 1 : -1) < 0) return false;
  }
  return true;
}

/**
 * Whether a stretch that starts at its opener (the first line) runs on past the end of the hunk
 * side: no label in it (nothing else enters it) and it never leaves the block the opener is in.
 */
function runsPastHunk(lines: readonly string[]): boolean {
  let depth = 0;
  for (const [n, t] of lines.entries()) {
    if (n > 0 && /^[A-Za-z_]\w*:$/.test(t)) return false;
    for (const b of bracesOf(t)) if ((depth += b === '{' ? 1 : -1) < 0) return false;
  }
  return true;
}

/**
 * A run between `if (T) goto L;` and `L:`, both context, where the model decides T true (a NUMA
 * hinting fault's `if (target_nid == NUMA_NO_NODE) goto out_map;`): every modelled path jumps
 * over it, on both sides of the hunk. No other label may stand in between (it could be jumped to).
 */
function jumpedOver(h: DiffHunk, run: Run, lc: LexContext, said: LexContext): string | null {
  const txt = (i: number) => h.lines[i].text.trim();
  let jump = -1;
  // Back over the stretch (context kept on both sides, or changed) to the jump that opens it.
  for (let i = run.start - 1; i >= 1; i--) {
    if (h.lines[i].kind !== 'context') continue;
    if (/^[A-Za-z_]\w*:/.test(txt(i)) || /^\}/.test(txt(i))) return null;
    if (!/^goto\s+[A-Za-z_]\w*;$/.test(txt(i))) continue;
    jump = i;
    break;
  }
  if (jump < 1) return null;
  const label = /^goto\s+([A-Za-z_]\w*);$/.exec(txt(jump))![1];
  let k = jump - 1;
  while (k >= 0 && h.lines[k].kind !== 'context') k--;
  const test = k >= 0 ? /^if\s*\((.*)\)$/.exec(txt(k)) : null;
  if (!test || parenBalance(test[1]) !== 0) return null;
  const c = liftCondition(test[1], { ...lc, assume: () => {} });
  if ('unknown' in c || c.pre.length || c.cond.op !== '__const' || !constTruth(c.cond)) return null;
  const end = h.lines.findIndex((l, i) => i >= run.end && l.kind === 'context' && l.text.trim() === `${label}:`);
  if (end < 0) return null;
  const labelled = h.lines.slice(jump + 1, end).some((l) => /^[A-Za-z_]\w*:/.test(l.text.trim()) && !/^default:/.test(l.text.trim()));
  if (labelled) return null;
  liftCondition(test[1], said); // the fact that decides the test, said in the report
  return `the stretch between \`${txt(k)} ${txt(jump)}\` and \`${label}:\`, which every modelled path jumps over`;
}

/**
 * The `if` whose block holds the whole run, when the model does not have that block: its test is
 * one the model cannot decide (or never takes) and no modelled `if` is that test (`if
 * (page_increm > 1) {` around a compound-page step the model leaves out). The model's paths never
 * enter the block, so a change inside it is not one the model can see; the report says so.
 * Undefined when there is no such block.
 */
function unmodelledBlock(h: DiffHunk, run: Run, ctx: Ctx, F: Fn): string | undefined {
  const lc = { ...lexCtx(ctx, run.fn), assume: () => {} };
  let opener: string | undefined;
  for (const side of ['old', 'new'] as const) {
    const items = sideItems(h, side);
    const inRun = items.filter((it) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end);
    if (!inRun.length) continue;
    const depth = Math.min(...inRun.map((it) => it.depth));
    const firstAt = items.indexOf(inRun[0]);
    // The run must not close the block it starts in.
    if (inRun.some((it) => it.kind === 'close' && it.depth <= depth)) return undefined;
    // A kept braceless `if (x)` whose one-statement body is all the run changes on this side
    // (`if (hpage_pincount_available(page))` / `-hpage_pincount_add(page, refs);` /
    // `+atomic_add(refs, compound_pincount_ptr(page));`) opens a block as its braces would.
    const before = items[firstAt - 1];
    const bracelessBody = before && before.origin === 'ctx' && (before.kind === 'if' || before.kind === 'elseif') && before.braceless && inRun.length === 1 && inRun[0].kind === 'stmt' && inRun[0].depth === before.depth;
    const open = bracelessBody ? before : items.slice(0, firstAt).reverse().find((it) => it.depth < depth);
    if (!open || open.origin !== 'ctx' || (open.kind !== 'if' && open.kind !== 'elseif') || (open.braceless && !bracelessBody) || (!bracelessBody && open.depth !== depth - 1)) return undefined;
    if (opener !== undefined && opener !== open.text) return undefined;
    opener = open.text;
    const c = liftCondition(open.cond ?? '', lc);
    if ('unknown' in c) return undefined;
    const sig = condSignature(c.cond);
    // (Another function's test, `borrowed`, is explored both ways where this one runs.)
    const undecided = /choice:/.test(sig) || sig === 'const:false' || borrowedOnly(c.cond);
    if (!undecided || c.pre.length) return undefined;
    const inModel = flatten(F.body).some((e) => e.s.op === 'if' && (norm(e.s.c) === norm(open.text) || condSignature((e.s as IfStmt).cond) === sig));
    if (inModel) return undefined;
  }
  return opener;
}

/**
 * The caller a deletion-only run at the top of its function was moved into: another hunk adds
 * the same lines (`vmf->x` spelled `vmf.x` in the caller's own struct) in a function the scenario
 * does not model, right before a line that calls this function. Null when there is none.
 */
function hoistedIntoCaller(files: readonly DiffFile[], h: DiffHunk, run: Run, fnAt: readonly (string | null)[], isModelled: (fn: string) => boolean): string | null {
  const lines = h.lines.slice(run.start, run.end);
  if (lines.some((l) => l.kind !== 'del')) return null;
  // Only the definition, its locals and blank lines come before the run in the function.
  const oldIdx = sideIndex(h, 'old');
  const runAt = oldIdx.indexOf(run.start);
  const before = parseItems(sideLines(h, 'old')).filter((it) => it.line < runAt && fnAt[oldIdx[it.line]] === run.fn);
  if (before.some((it) => it.kind !== 'fndef' && it.kind !== 'decl' && it.kind !== 'open')) return null;
  const key = (t: string) => t.trim().replace(/\s+/g, ' ').replace(/->/g, '.');
  const moved = lines.map((l) => key(l.text)).filter((t) => t !== '');
  if (moved.length < 2) return null;
  const calls = new RegExp(String.raw`\b${run.fn}\s*\(`);
  for (const f of files) {
    for (const g of f.hunks) {
      if (g === h) continue;
      const at = functionAtLines(g);
      for (let i = 0; i < g.lines.length; i++) {
        if (g.lines[i].kind !== 'add' || (i > 0 && g.lines[i - 1].kind === 'add')) continue;
        let j = i;
        while (j < g.lines.length && g.lines[j].kind === 'add') j++;
        const fn = at[i];
        if (!fn || isModelled(fn)) continue;
        const addedKeys = g.lines.slice(i, j).map((l) => key(l.text)).filter((t) => t !== '');
        let k = j;
        while (k < g.lines.length && g.lines[k].kind === 'context' && g.lines[k].text.trim() === '') k++;
        if (addedKeys.join('\n') === moved.join('\n') && k < g.lines.length && g.lines[k].kind === 'context' && calls.test(g.lines[k].text)) return fn;
      }
    }
  }
  return null;
}

/** Whether the changed lines of `run` lift to nothing the model holds, on both sides. */
function modelNeutral(h: DiffHunk, run: Run, ctx: Ctx, addedFns: ReadonlySet<string>, body?: readonly MStmt[]): boolean {
  const lc = { ...lexCtx(ctx, run.fn), assume: () => {} };
  // With `body`: a test of a modelled flag that function's model never reads or sets (`if
  // (wp_copy && !(dst_vma->vm_flags & VM_UFFD_WP)) goto out_unlock;` in __mcopy_atomic(), whose
  // model only calls down) is no test of the model there: it runs the path past it.
  const here = body ? opsIn(body) : null;
  const holds = (c: Cond): boolean => {
    if (c.op === 'not') return holds((c as { arg: Cond }).arg);
    if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.some(holds);
    return c.op !== '__const' && c.op !== '__choice' && (!here || here.has(c.op));
  };
  const inRun = (it: { origin: string; at: number }) => it.origin !== 'ctx' && it.at >= run.start && it.at < run.end;
  const sides = [sideItems(h, 'old'), sideItems(h, 'new')];
  // A call outside the model that both sides make alike (`split_folio_to_list(folio,
  // folio_list)` under a test whose other half changed) is no change: read as an undecided value.
  const callsOf = (k: number) => new Set(sides[k].filter(inRun).flatMap((it) => callTexts(it.cond ?? it.text)));
  const [oldCalls, newCalls] = [callsOf(0), callsOf(1)];
  const kept = [...oldCalls].filter((c) => newCalls.has(c) && 'unknown' in liftCondition(c, lc));
  const keptOut = (t: string) => kept.reduce((x, c) => x.split(c).join('__same_call_both_sides'), t);
  for (const items of sides) {
    // A test whose every branch, all in the run, does nothing the model holds (`if (PageAnon(page))
    // rss[MM_ANONPAGES]--; else rss[MM_FILEPAGES]--;`) decides nothing: whatever it reads.
    const nothing = (it: CItem) => {
      if (it.kind === 'open' || it.kind === 'close' || it.kind === 'else') return true;
      if (it.kind !== 'stmt' && it.kind !== 'decl') return false;
      const r = liftStatement(it.text, it.kind, lc);
      return r.kind === 'ignore' || (r.kind === 'stmts' && r.stmts.length === 0);
    };
    for (let k = 0; k < items.length; k++) {
      const it = items[k];
      if (!inRun(it)) continue;
      if (it.kind === 'if' || it.kind === 'elseif') {
        const end = it.kind === 'if' ? chainEnd(items, k) : null;
        if (end !== null && items.slice(k, end).every((x) => inRun(x) && (x === it || nothing(x) || x.kind === 'elseif'))) {
          k = end - 1;
          continue;
        }
        const c = liftCondition(keptOut(it.cond ?? ''), lc);
        if ('unknown' in c || holds(c.cond) || c.pre.length) return false;
        continue;
      }
      if (it.kind === 'open' || it.kind === 'close' || it.kind === 'else') continue;
      const r = liftStatement(it.text, it.kind, lc);
      if (r.kind === 'unknown' && !callTexts(it.text).every((c) => kept.includes(c))) return false;
      if (r.kind === 'stmts' && r.stmts.some((x) => x.op !== 'return' && !(x.op === 'call' && addedFns.has((x as CallStmt).fn) && effectFree(ctx, (x as CallStmt).fn)))) return false;
    }
  }
  return true;
}

/**
 * The head of an `if` chain whose head and a braced branch switch (`} else {`, `} else if (...) {`)
 * are both in the run, while that branch closes on a kept line: the test guarding the lines kept
 * in the branch is changed by the run. Null when there is none.
 */
function openSwitchedBranch<T extends CItem & { at: number; to?: number }>(items: readonly T[], inRun: (it: T) => boolean): string | null {
  for (let k = 0; k < items.length; k++) {
    const sw = items[k];
    if ((sw.kind !== 'else' && sw.kind !== 'elseif') || sw.braceless || !inRun(sw)) continue;
    const d = sw.depth;
    // The chain's head: the nearest `if` at the switch's depth, with only its branches between.
    let head = -1;
    for (let j = k - 1; j >= 0; j--) {
      const x = items[j];
      if (x.depth > d || (x.depth === d && (x.kind === 'else' || x.kind === 'elseif'))) continue;
      if (x.depth === d && x.kind === 'if') head = j;
      break;
    }
    if (head < 0 || !inRun(items[head])) continue;
    // (A branch the hunk cuts off, or one a later changed line closes, is left to the run
    // readers: only a kept close is shared by both sides' chains.)
    const close = items.findIndex((x, j) => j > k && x.kind === 'close' && x.depth === d + 1);
    if (close >= 0 && items[close].origin === 'ctx') return items[head].text;
  }
  return null;
}

/**
 * The index after the `if` chain headed by `items[k]` (its blocks and any `else if`/`else`), or
 * null when the chain does not end among the items.
 */
function chainEnd(items: readonly CItem[], k: number): number | null {
  let i = k;
  for (;;) {
    const head = items[i];
    const d = head.depth;
    i++;
    if (head.braceless) {
      if (i >= items.length || (items[i].kind !== 'stmt' && items[i].kind !== 'decl')) return null;
      i++;
    } else {
      while (i < items.length && !(items[i].kind === 'close' && items[i].depth === d + 1)) i++;
      if (i >= items.length) return null;
      i++;
    }
    if (i < items.length && (items[i].kind === 'else' || items[i].kind === 'elseif') && items[i].depth === d) continue;
    return i;
  }
}

/**
 * Whether the arguments that change between two spellings of a call pass a value the model
 * reads as a test (`move_pgt_entry(..., need_rmap_locks)` -> `(..., true)`: the rmap locks are
 * then always taken): the model does read that argument.
 */
function passesModelledFlag(before: string, after: string, lc: LexContext): boolean {
  const ids = (t: string): string[] => t.match(/[A-Za-z_]\w*/g) ?? [];
  const b = ids(before);
  const a = ids(after);
  const gone = b.filter((x) => !a.includes(x));
  const come = a.filter((x) => !b.includes(x));
  const flag = (x: string) => readsModelTest(x, lc) === true;
  // A modelled flag swapped for a constant, or a constant for one (values such as `page` ->
  // `folio` are another spelling of what the call is given, not a decision).
  const literal = (xs: string[]) => xs.some((x) => x === 'true' || x === 'false');
  return (literal(come) && gone.some(flag)) || (literal(gone) && come.some(flag));
}

/**
 * Whether the added test `a` is the deleted `d` with other arguments: the same calls (by their
 * newest names) with the same operators (callShape keeps a grouping's operators and the names
 * of calls in the arguments), no flag joining, no value the model reads as a test passed.
 */
function sameTestOtherArguments(d: CItem, a: CItem, lc: LexContext): boolean {
  const shape = (t: string) => callShape(withNewestNames(t));
  return calledNames(d.cond ?? '').length > 0 && shape(d.cond ?? '') === shape(a.cond ?? '') && !addsFlag(d.cond ?? '', a.cond ?? '') && !passesModelledFlag(d.text, a.text, lc);
}

/**
 * Pairs of a deleted and an added braceless test over the same kept line (its body, context on
 * both sides), the same calls with the same operators and other arguments, in the order they
 * come; `absent(d)` says the model has no such test. Not where a flag joins, or the arguments
 * change a value the model reads as a test.
 */
function sameTestsOtherArguments<T extends CItem & { at: number }>(dels: readonly T[], adds: readonly T[], oldItems: readonly T[], newItems: readonly T[], absent: (d: T) => boolean, lc: LexContext): [T, T][] {
  const bodyAt = (items: readonly T[], it: T): number | null => {
    const next = items[items.indexOf(it) + 1];
    return next && next.origin === 'ctx' && (next.kind === 'stmt' || next.kind === 'jump') ? next.at : null;
  };
  const out: [T, T][] = [];
  const used = new Set<T>();
  for (const d of dels) {
    if (d.kind !== 'if' || !d.braceless || !calledNames(d.cond ?? '').length) continue;
    const body = bodyAt(oldItems, d);
    if (body === null) continue;
    const a = adds.find((x) => !used.has(x) && x.kind === 'if' && x.braceless && x.depth === d.depth && bodyAt(newItems, x) === body);
    if (!a || norm(a.cond ?? '') === norm(d.cond ?? '') || !sameTestOtherArguments(d, a, lc) || !absent(d)) continue;
    used.add(a);
    out.push([d, a]);
  }
  return out;
}

/** The ops a function's model runs or tests. */
function opsIn(body: readonly MStmt[]): Set<string> {
  const out = new Set<string>();
  for (const { s } of flatten(body as MStmt[])) {
    out.add(s.op);
    if (s.op === 'if') for (const leaf of condLeaves((s as IfStmt).cond)) out.add(leaf.op);
  }
  return out;
}

/** The ops the tests of `body` read (the leaves of their conditions). */
function testOpsIn(body: readonly MStmt[]): Set<string> {
  const ops = flatten(body as MStmt[]).flatMap(({ s }) => (s.op === 'if' ? condLeaves((s as IfStmt).cond) : []));
  return new Set(ops.map((c) => c.op).filter((o) => o !== '__const' && o !== '__choice'));
}

/**
 * A modelled test the lift took out of `fn` while the hunk's new side still makes it (the model
 * folds two kernel tests into one, `page_count(page) != 1` before and after trylock_page(); a patch
 * that drops the first keeps the second, as context): the model no longer stands for the new
 * code, so the hunk is not placed. Null when every test the new side makes is still there.
 */
function lostTest(h: DiffHunk, fn: string, before: readonly MStmt[], after: readonly MStmt[], fnAt: readonly (string | null)[], ctx: Ctx): string | null {
  const kept = new Set([...testOpsIn(after), ...testOpsIn(floatingIn(ctx, fn))]);
  const lost = [...testOpsIn(before)].filter((o) => !kept.has(o));
  if (lost.length === 0) return null;
  const lc = { ...lexCtx(ctx, fn), assume: () => {} };
  // (A test on a branch the model never takes is made on no modelled path, as in lostStep().)
  const items = sideItems(h, 'new');
  const untaken = inUntakenBranches(items, lc);
  for (const it of items) {
    if ((it.kind !== 'if' && it.kind !== 'elseif') || fnAt[it.at] !== fn || untaken.has(it)) continue;
    const c = liftCondition(it.cond ?? '', lc);
    if ('unknown' in c) continue;
    const reads = new Set(condLeaves(c.cond).map((x) => x.op));
    const still = lost.find((o) => reads.has(o));
    if (still) return `the lift takes the model's test \`${still}\` out of ${fn}(), but the new code still makes it (\`${it.text}\`): the model folds tests the patch keeps apart`;
  }
  return null;
}

/** The statements of `fn` that float (added lines with no modelled statement around them). */
function floatingIn(ctx: Ctx, fn: string): MStmt[] {
  return (ctx.floating ?? []).filter((f) => f.fn === fn).flatMap((f) => f.stmts as MStmt[]);
}

/** What a step is, for comparing steps across a lift: its op, or the function a call runs. */
const stepKey = (s: Stmt): string => (s.op === 'call' ? `call ${(s as CallStmt).fn}` : s.op);

/** The steps (not tests or exits) a body makes, by stepKey. */
function stepKeysIn(body: readonly MStmt[]): Set<string> {
  return new Set(flatten(body as MStmt[]).filter(({ s }) => s.op !== 'if' && s.op !== 'return').map(({ s }) => stepKey(s)));
}

/**
 * A modelled step the lift took out of `fn` while the hunk's new side still makes it (a deleted
 * line matched to the model's step where the kernel has the call twice, or a kept call read as
 * the definition of a local): the model no longer stands for the new code, so the hunk is not
 * placed. The step analogue of lostTest(); a line on a branch the model never takes does not count.
 */
function lostStep(h: DiffHunk, fn: string, before: readonly MStmt[], after: readonly MStmt[], fnAt: readonly (string | null)[], ctx: Ctx): string | null {
  // (Steps of added lines that float, to be placed at each place they could go, are not lost:
  // a function whose whole body a run deleted has no statement left to place them against.)
  const kept = new Set([...stepKeysIn(after), ...stepKeysIn(floatingIn(ctx, fn))]);
  const lost = new Set([...stepKeysIn(before)].filter((k) => !kept.has(k)));
  if (lost.size === 0) return null;
  const still = newSideSteps(h, fn, fnAt, ctx).find((x) => lost.has(stepKey(x.s)));
  return still ? `the lift takes the model's step \`${still.s.c}\` out of ${fn}(), but the new code still makes it (\`${still.text}\`): the hunk is not where the model has it` : null;
}

/**
 * The steps the lines of a hunk's new side in `fn` make, each lifted alone, in order, with the
 * line's text; lines on a branch the model never takes make none.
 */
function newSideSteps(h: DiffHunk, fn: string, fnAt: readonly (string | null)[], ctx: Ctx): { s: Stmt; text: string; at: number }[] {
  const lc = { ...lexCtx(ctx, fn), assume: () => {} };
  const items = sideItems(h, 'new');
  const untaken = inUntakenBranches(items, lc);
  const out: { s: Stmt; text: string; at: number }[] = [];
  for (const it of items) {
    if ((it.kind !== 'stmt' && it.kind !== 'jump') || fnAt[it.at] !== fn || untaken.has(it) || ctx.fenced?.get(h)?.has(it.at)) continue;
    const r = liftStatement(it.text, it.kind, lc);
    if (r.kind !== 'stmts') continue;
    for (const { s } of flatten(clone(r.stmts))) if (s.op !== 'if' && s.op !== 'return') out.push({ s, text: it.text, at: it.at });
  }
  return out;
}

/**
 * Two steps the lift put in `fn` in the other order than the hunk's new side has them (a commit
 * placed before the start it follows, where a context brace closes another block on each side):
 * the model no longer runs the new code's steps in its order, so the hunk is not placed. Only
 * steps each made once by the new side's lines and found once in the lifted function count; a
 * line on a branch the model never takes does not.
 */
function disordered(h: DiffHunk, fn: string, after: readonly MStmt[], fnAt: readonly (string | null)[], rawAt: readonly (string | null)[], ctx: Ctx): string | null {
  // (A loop's header runs its steps around the body, not before it: no order to compare.)
  const seq = newSideSteps(h, fn, fnAt, ctx)
    .filter((x) => !/^(?:for|while|do)\b/.test(x.text))
    .map((x) => ({ key: stepKey(x.s), text: x.text, src: rawAt[x.at] }));
  const once = (k: string) => seq.filter((x) => x.key === k).length === 1;
  // Where each step stands: the lists from the body down to it, with its index in each.
  const where = new Map<string, { list: MStmt[]; idx: number }[]>();
  const seen = new Map<string, number>();
  const walk = (list: MStmt[], above: { list: MStmt[]; idx: number }[]) =>
    list.forEach((x, idx) => {
      const here = [...above, { list, idx }];
      if (x.op === 'if') {
        walk(x.then ?? [], here);
        walk(x.else ?? [], here);
      } else if (x.op !== 'return') {
        const k = stepKey(x);
        seen.set(k, (seen.get(k) ?? 0) + 1);
        where.set(k, here);
      }
    });
  walk(after as MStmt[], []);
  // Which comes first on a path through both (negative: a), or 0 where no path has both (the
  // two branches of one if).
  const firstOf = (a: string, b: string): number => {
    const pa = where.get(a)!;
    const pb = where.get(b)!;
    for (let k = 0; k < Math.min(pa.length, pb.length); k++) {
      if (pa[k].list !== pb[k].list) return 0;
      if (pa[k].idx !== pb[k].idx) return pa[k].idx - pb[k].idx;
    }
    return 0;
  };
  // (Bookkeeping the model may order otherwise among the steps it commutes with: counters.)
  const named = (k: string) => k.replace(/^call /, '');
  const placed = seq.filter((x) => once(x.key) && seen.get(x.key) === 1 && !noEffectClassOf(named(x.key)));
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1];
    const b = placed[i];
    // (Lines of a part, `__copy_present_pte()` above copy_present_pte() in the file, run where the
    // function calls the part: their order in the text says nothing against the function's.)
    if (a.src !== b.src) continue;
    if (firstOf(a.key, b.key) > 0) return `the lift puts \`${b.text}\` before \`${a.text}\` in ${fn}(), where the new code has them the other way round: the hunk is not where the model has it`;
  }
  return null;
}

/**
 * Whether a helper the patch adds does nothing the model can see: its lifted body holds only
 * tests (whatever they read) around nothing, exits, and calls to helpers like it
 * (`realign_addr()`, which only computes addresses).
 */
function effectFree(ctx: Ctx, fn: string, depth = 0): boolean {
  const body = ctx.fns.get(fn)?.body;
  if (!body || depth > 3 || ctx.defs.has(`!${fn}`)) return false;
  return flatten(body).every(({ s: x }) => x.op === 'if' || x.op === 'return' || (x.op === 'call' && effectFree(ctx, (x as CallStmt).fn, depth + 1)));
}

/**
 * Pointer locals a hunk side declares NULL and sets in one place only, inside an `if` (`struct
 * page *page = NULL;` ... `if (vma->vm_flags & VM_SHARED) { page = vm_normal_page(...); ... }`):
 * a later test of the pointer is that `if`'s test, where a bare `page` would read as a success.
 */
function setOnlyUnder(hunks: readonly (readonly CItem[])[]): Map<string, string> {
  const out = new Map<string, string>();
  // (Each hunk parsed on its own: a hunk may end inside a comment or a block the next does not close.)
  const all = hunks.flatMap((items, k) => items.map((it) => ({ it, k })));
  for (const { it: d, k: dk } of all) {
    const m = d.kind === 'decl' ? /^(?:const\s+)?(?:struct\s+)?\w+\s*\*\s*([A-Za-z_]\w*)\s*=\s*NULL$/.exec(d.text) : null;
    if (!m) continue;
    const name = m[1];
    const assigns = new RegExp(`^${name}\\s*=[^=]`);
    const sets = all.filter((x) => x.it !== d && (x.it.kind === 'stmt' || x.it.kind === 'decl') && assigns.test(x.it.text));
    if (sets.length !== 1) continue;
    const { it: set, k } = sets[0];
    const items = hunks[k];
    const at = items.indexOf(set);
    const opener = items.slice(0, at).reverse().find((it) => it.depth < set.depth);
    if (!opener || opener.kind !== 'if' || opener.depth !== set.depth - 1 || !opener.cond) continue;
    // The `if` comes after the declaration (in a later hunk, or later in the same one).
    if (k < dk || (k === dk && items.indexOf(opener) < items.indexOf(d))) continue;
    // (Not where the `if` has an else: the pointer stays NULL there whatever the test says.)
    const after = items.slice(at + 1).find((it) => it.depth <= opener.depth);
    if (after && (after.kind === 'else' || after.kind === 'elseif')) continue;
    out.set(name, opener.cond);
  }
  return out;
}

/** A page-table page allocated before it is installed (`vmf->prealloc_pte = pte_alloc_one(mm)`): a pointer, non-NULL here. */
const PT_PAGE_ALLOC = /^(?:pte|pmd|pud|p4d)_alloc_one$/;

/**
 * A map of the PTE table (`pte = pte_offset_map_lock(...)`; the 2021 PTE-table refcount
 * posting's pte_tryget_map()): NULL only where the PMD no longer points to a table, which no
 * scenario's PMD does under its walkers (see PTE_MAP_SUCCEEDS).
 */
const PTE_TABLE_MAP = /^pte_(?:offset_map(?:_lock|_nolock|_rw_nolock|_ro_nolock)?|tryget_map(?:_lock)?)$/;

/**
 * The added item that stands where the deleted `d` was: the `-` lines of d's group and the `+`
 * lines right after them pair one for one, when there are as many of each.
 */
function inPlaceOf<T extends { readonly at: number; readonly kind: string; readonly depth: number }>(d: T, dels: readonly T[], adds: readonly T[]): T | undefined {
  const delAt = new Map(dels.map((x) => [x.at, x]));
  const addAt = new Map(adds.map((x) => [x.at, x]));
  let first = d.at;
  while (delAt.has(first - 1)) first--;
  let last = d.at;
  while (delAt.has(last + 1)) last++;
  const group: T[] = [];
  for (let k = last + 1; addAt.has(k); k++) group.push(addAt.get(k)!);
  // (Statements for statements at one depth only: a test or a jump in either group is a change of
  // shape, which the general lift reads.)
  const olds = Array.from({ length: last - first + 1 }, (_, i) => delAt.get(first + i)!);
  const plain = (x: T) => x.kind === 'stmt' && x.depth === d.depth;
  return group.length === olds.length && group.every(plain) && olds.every(plain) ? group[d.at - first] : undefined;
}

/**
 * Whether every test of `x` on this side of the hunk comes after the store `store` and before the
 * end of its block, with no other store of `x` between (6.5's handle_pte_fault(): `vmf->pte =
 * pte_offset_map_nolock(...); if (unlikely(!vmf->pte)) return 0;` in the branch of a present PMD,
 * the other branch storing NULL): each such test reads the value of that store, and only it.
 */
function testedOnlyRightAfter(items: readonly CItem[], store: CItem, x: string, assigned: (it: CItem) => RegExpExecArray | null): boolean {
  const i = items.indexOf(store);
  const esc = x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reads = new RegExp(`(?<![\\w>.])${esc}(?![\\w])`);
  let end = items.length;
  for (let j = i + 1; j < items.length; j++) {
    const y = items[j];
    if (y.depth < store.depth || (y.depth === store.depth && (y.kind === 'close' || y.kind === 'else' || y.kind === 'elseif' || y.kind === 'label')) || assigned(y)?.[1] === x) {
      end = j;
      break;
    }
  }
  const tests = items.map((y, j) => ({ y, j })).filter(({ y }) => (y.kind === 'if' || y.kind === 'elseif') && reads.test(y.cond ?? ''));
  return tests.length > 0 && tests.every(({ j }) => j > i && j < end);
}

/**
 * `liftRunBody`, with what the hunk allocates known to be non-NULL: in every scenario allocations
 * succeed, so `if (!folio)` after `folio = folio_prealloc(...)` is the failure path the model
 * never takes, whatever the variable is called (`vmf->cow_page`, `new_folio`).
 */
function liftRunInner(h: DiffHunk, run: Run, ctx: Ctx, addedFns: ReadonlySet<string>): void {
  if (!ctx.fns.has(run.fn)) return;
  if (!ctx.defs.has(run.fn)) ctx.defs.set(run.fn, new Map());
  const defs = ctx.defs.get(run.fn)!;
  const saved = new Map<string, string | undefined>();
  for (const side of ['old', 'new'] as const) {
    const items = parseItems(sideLines(h, side));
    /** `x = f(...)`: x and f; `x = anything`: x alone. */
    const assigned = (it: CItem) => (it.kind === 'stmt' || it.kind === 'decl' ? /^(?:[\w\s*]+\s\**)?([A-Za-z_][\w>.-]*)\s*=(?!=)\s*(?:([A-Za-z_]\w*)\s*\()?/.exec(it.text) : null);
    for (const it of items) {
      const a = assigned(it);
      if (!a || !a[2] || saved.has(a[1]) || defs.has(a[1])) continue;
      // (A PTE map's pointer only where nothing else is stored in it on this side: handle_pte_fault()
      // sets vmf->pte to NULL for a none PTE and tests that later.)
      const map = PTE_TABLE_MAP.test(a[2]) && (items.every((x) => x === it || assigned(x)?.[1] !== a[1]) || testedOnlyRightAfter(items, it, a[1], assigned));
      if (primitiveOf(a[2]) !== 'alloc_page_vma' && !PT_PAGE_ALLOC.test(a[2]) && !map) continue;
      saved.set(a[1], defs.get(a[1]));
      defs.set(a[1], '1');
    }
    // (Over every hunk of the function in the patch: the declaration, the `if` that sets the
    // pointer and the test of it may each be in another hunk.)
    const whole = ctx.hunksInPatch?.get(run.fn) ?? [h];
    for (const [name, cond] of setOnlyUnder((whole.includes(h) ? whole : [h]).map((x) => parseItems(sideLines(x, side))))) {
      if (saved.has(name) || defs.has(name)) continue;
      saved.set(name, defs.get(name));
      defs.set(name, cond);
    }
  }
  try {
    liftRunBody(h, run, ctx, addedFns);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) defs.delete(k);
      else defs.set(k, v);
    }
  }
}

/**
 * The lines of each `if` the model never takes (its test decided false, no `else` after it) whose
 * body holds a line the model cannot read: the body of a braced `if` (its braces stay, so the
 * lines around still parse), a braceless `if` with its one statement. Only a construct the hunk
 * side holds whole.
 */
function neverTakenBodies<T extends CItem>(items: readonly T[], lc: LexContext): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    // (An `else if` too: its test decided false, its body is never run whatever came before.)
    if ((it.kind !== 'if' && it.kind !== 'elseif') || (i > 0 && items[i - 1].kind === 'else')) continue;
    const d = decidedIf(items, i, lc, false, it.kind === 'if');
    if (!d) continue;
    const unread = (body: readonly T[]) => body.some((x) => (x.kind === 'stmt' || x.kind === 'jump') && liftStatement(x.text, x.kind, lc).kind === 'unknown');
    if (d.elseEnd !== undefined) {
      // `if (T) A; else B;` decided: the branch not taken goes, if the model cannot read it. A
      // braceless one goes with its head (`if (T)` and `else` with it where the then-branch goes,
      // so B stands alone; `else` with B where B goes); a braced one keeps its braces.
      const e = items[d.end + 1];
      const thenBody = it.braceless ? items.slice(i + 1, d.end + 1) : items.slice(i + 1, d.end);
      const elseBody = e.braceless ? items.slice(d.end + 2, d.elseEnd + 1) : items.slice(d.end + 2, d.elseEnd);
      // (A braceless then-branch before a braced else is left: its `else {` would stand alone.)
      if (!d.taken && unread(thenBody) && (!it.braceless || e.braceless)) out.push(...(it.braceless ? [it, ...thenBody, e] : thenBody));
      if (d.taken && unread(elseBody)) out.push(...(e.braceless ? [e, ...elseBody] : elseBody));
      i = d.elseEnd;
      continue;
    }
    if (d.taken) continue;
    const body = it.braceless ? items.slice(i + 1, d.end + 1) : items.slice(i + 1, d.end);
    // (A kept test whose whole body the patch rewrites goes too, steps it knows and all: both
    // sides hold it whole, so what the body becomes is run on neither.)
    const rewritten = it.origin === 'ctx' && body.length > 0 && body.every((x) => x.origin !== 'ctx');
    if (unread(body) || rewritten) out.push(...(it.braceless ? [it, ...body] : body));
    i = d.end;
  }
  return out;
}

/**
 * The calls the model cannot read that follow, in the same block, an `if` the model always takes
 * whose body ends in an exit (`if (!(vma->vm_flags & VM_SHARED)) return do_cow_fault(...);
 * return do_shared_fault(...);` on a private VMA): no path reaches them. Up to a label (a jump
 * may land there) or the end of the block.
 */
function afterTakenExit<T extends CItem>(items: readonly T[], lc: LexContext): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'if' || (i > 0 && items[i - 1].kind === 'else')) continue;
    const d = decidedIf(items, i, lc, true);
    if (!d?.taken) continue;
    // (After a `continue` or `break` the rest of the loop body is no step of any model, which runs
    // a loop once: all of it, the steps it knows too, is dead. A deleted one is no step removed.)
    const exit = items[d.end].kind === 'close' ? items[d.end - 1] : items[d.end];
    const loopExit = /^(?:continue|break)$/.test(exit?.text ?? '');
    for (let k = d.end + 1; k < items.length; k++) {
      const x = items[k];
      if (x.depth < it.depth || x.kind === 'label' || (x.kind === 'close' && x.depth <= it.depth)) break;
      if (loopExit) out.push(x);
      else if ((x.kind === 'stmt' || x.kind === 'jump') && x.depth === it.depth && liftStatement(x.text, x.kind, lc).kind === 'unknown') out.push(x);
    }
  }
  return out;
}

function liftRunBody(h: DiffHunk, run: Run, ctx: Ctx, addedFns: ReadonlySet<string>): void {
  const F = ctx.fns.get(run.fn);
  if (!F) return;
  const lc = lexCtx(ctx, run.fn);
  const oldIdx = sideIndex(h, 'old');
  const newIdx = sideIndex(h, 'new');
  // (A statement over several lines that the other side changes inside, on a line this side does
  // not have: `if (dirty_accountable && pte_dirty(ptent) &&` `+!pte_uffd_wp(ptent) &&` `(...)) {`.
  // Its kept lines are a changed statement on this side too.)
  const spanning = <T extends { at: number; to: number; origin: CItem['origin'] }>(it: T, other: 'add' | 'del'): T =>
    it.origin === 'ctx' && it.to > it.at && h.lines.slice(it.at, it.to + 1).some((l) => l.kind === other) ? { ...it, origin: other === 'add' ? 'del' : 'add' } : it;
  const oldItems = parseItems(sideLines(h, 'old')).map((it) => spanning({ ...it, at: oldIdx[it.line], to: oldIdx[it.end ?? it.line] }, 'add'));
  const newItems = parseItems(sideLines(h, 'new')).map((it) => spanning({ ...it, at: newIdx[it.line], to: newIdx[it.end ?? it.line] }, 'del'));
  // Items of this run (an item that spans a changed line belongs to the run).
  // (A test over several lines whose first is context and a later one changed is in the run:
  // `if ((vma->vm_flags & (VM_WRITE|VM_SHARED)) ==` / `-(VM_WRITE|VM_SHARED))` `+(VM_WRITE|VM_SHARED)) {`.)
  const inRun = (it: { at: number; to?: number; origin: string }) => it.origin !== 'ctx' && ((it.at >= run.start && it.at < run.end) || (it.at < run.start && (it.to ?? it.at) >= run.start));
  // An if/else chain the run changes at its head and at a branch switch, whose switched-to branch
  // the run leaves open (kept lines, or later runs, inside it before a kept close): those lines
  // are under a test that changed with the chain (`} else {` -> `} else if (...) {`), which no
  // run alone can place. The changed lines are no whole statements: the hunk is read as replacing
  // the whole chain (statement-window.ts).
  for (const items of [oldItems, newItems]) {
    const open = openSwitchedBranch(items, inRun);
    if (open) throw new Unplaceable(`the changed lines do not form whole statements (\`${open}\` changes at its head and a branch switch, and the branch stays open past the run)`);
  }
  // (A call the patch renames is matched by the name the scenario knows it by as well.)
  const ignoreRowOf = (it: CItem) => ignoreLineFor(ctx.lex, run.fn, it.text, withPatchNamesUndone(it.text, ctx.renamedFrom));
  const ignorable = (it: CItem) => {
    const r = ignoreRowOf(it);
    if (r?.assumed) assumeIgnored(ctx, noStepByAssumption(run.fn, it.text, r.why));
    else if (r) ctx.ignored.push(`${run.fn}: \`${it.text}\` (${r.why})`);
    return !!r;
  };
  // An exit under a `case` of a `switch` (on faultin_page()'s result): no model has a switch, each
  // takes the path it models, so where another case leaves is no step of it.
  const inCase = new Set<CItem>([...caseJumps(oldItems), ...caseJumps(newItems)]);
  const caseExit = (it: CItem) => {
    if (!inCase.has(it)) return false;
    assumeIgnored(ctx, `${run.fn}: \`${it.text}\` leaves from a \`case\` of a \`switch\` the model does not have (it takes the case it models)`);
    return true;
  };
  // Added code no path falls into (labelled exits after a jump, reached by gotos only) and a
  // `continue` that ends the body of a loop the model runs once are no steps where they stand.
  const notFallenInto = reachedOnlyByJumps(newItems, sideLines(h, 'new'));
  for (const [it, why] of notFallenInto) if (inRun(it)) ctx.ignored.push(`${run.fn}: \`${it.text}\` (${why})`);
  // A whole `if` the model never takes, with no `else` (`if (unlikely(err)) { xol_free_insn_slot(...);
  // return err; }` where the model's arch_uprobe_pre_xol() never fails): nothing in it is a step.
  // Only where the model cannot read a line of the body is the body taken out (a braceless `if`
  // with it): the tests and the steps it knows are placed as ever (a branch decided false runs
  // none of them).
  const never = new Set<CItem>([...neverTakenBodies(oldItems, lc), ...neverTakenBodies(newItems, lc), ...afterTakenExit(oldItems, lc), ...afterTakenExit(newItems, lc), ...elseAfterTakenChain(h, newItems, inRun, run.fn, lc, ctx)]);
  const deadUnknown = (it: CItem) => {
    if (!never.has(it)) return false;
    ctx.ignored.push(it.kind === 'if' ? `${run.fn}: \`${it.text}\` is never taken in the model` : `${run.fn}: \`${it.text}\` (in a branch the model never takes)`);
    return true;
  };
  // Deleted code no path falls into, under a label the model never jumps to (reclaim's
  // `cull_mlocked:` tail after a `continue`): on no modelled path, so nothing of it is located.
  const oldLabels = new Map<(typeof oldItems)[number], string>();
  const notFallenIntoOld = new Map([...reachedOnlyByJumps(oldItems, sideLines(h, 'old'), 'del', oldLabels)].filter(([it]) => labelOffModel(ctx, run.fn, oldLabels.get(it) ?? '', F.body)));
  for (const it of notFallenIntoOld.keys()) if (inRun(it)) ctx.ignored.push(`${run.fn}: removed \`${it.text}\` (after a jump, under the label \`${oldLabels.get(it)}:\`, which no modelled path jumps to)`);
  // A test whose whole block is ignored lines guards nothing the model holds: it goes too.
  const ignoredLine = (it: CItem) => !!ignoreRowOf(it);
  const emptied = new Set<CItem>([...guardsOfIgnoredLines(oldItems, inRun, ignoredLine), ...guardsOfIgnoredLines(newItems, inRun, ignoredLine)]);
  const emptiedGuard = (it: CItem) => {
    if (!emptied.has(it)) return false;
    if (it.kind === 'if') ctx.ignored.push(`${run.fn}: ${it.origin === 'del' ? 'removed ' : ''}\`${it.text}\` (its block is only lines ignored here)`);
    return true;
  };
  const dels = oldItems.filter(inRun).filter((it) => !notFallenIntoOld.has(it) && !emptiedGuard(it) && !ignorable(it) && !caseExit(it) && !deadUnknown(it));
  const adds = newItems.filter(inRun).filter((it) => !notFallenInto.has(it) && !emptiedGuard(it) && !ignorable(it) && !caseExit(it) && !deadUnknown(it));
  if (dels.length === 0 && adds.length === 0) return;

  const flat = () => flatten(F.body);
  // A block comes whole before what follows its close: a statement deleted inside a block is not
  // one the model has after every place of a statement the old side has after that block closed
  // (`-return wp_page_copy(vmf); }` ending a block whose opener an earlier hunk deleted, then
  // `-if (folio_test_anon(folio))`, is not the model's wp_page_copy() at the end of the function).
  // (Within one block the model may order commuting steps otherwise: inc_mm_counter() and the rmap.)
  const runDepth = Math.min(...dels.map((d) => d.depth));
  const laterOld = oldItems.filter((it) => it.at >= run.end && it.depth < runDepth && it.kind !== 'close' && it.kind !== 'open' && it.kind !== 'label');
  const ceiling = (fl: readonly { s: MStmt }[]): number => {
    let c = fl.length;
    for (const it of laterOld) {
      const x = liftItemIn(it, quiet)[0];
      if (!x) continue;
      let last = -1;
      fl.forEach((e, k) => {
        if (same(x, e.s)) last = k;
      });
      if (last >= 0) c = Math.min(c, last);
    }
    return c;
  };
  // `after`: the step the old side has just before the deleted line (its previous statement, or
  // the test whose block it opens). Of several places with the same step (`writable = false` in
  // two branches), the one after that step is the line the patch deletes; else the first.
  const locate = (x: Stmt, used: Set<MStmt>, after?: Stmt | null): { s: MStmt; list: MStmt[] } | null => {
    const fl = flat();
    const top = ceiling(fl);
    return afterStep([...fl.entries()].filter(([k, e]) => k < top && !used.has(e.s) && !ctx.inserted.has(e.s) && same(x, e.s)).map(([, e]) => e), after);
  };
  /** Of `found`, the one place right after the step `after` (or first in the block of that test); else the first. */
  const afterStep = (found: { s: MStmt; list: MStmt[] }[], after?: Stmt | null): { s: MStmt; list: MStmt[] } | null => {
    if (found.length > 1 && after) {
      const fl = flat();
      const preceded = found.filter((e) => {
        const i = e.list.indexOf(e.s);
        if (i > 0) return same(after, e.list[i - 1]);
        const parent = fl.find((p) => p.s.op === 'if' && ((p.s as IfStmt).then === e.list || (p.s as IfStmt).else === e.list));
        return !!parent && after.op === 'if' && norm(parent.s.c) === norm(after.c);
      });
      if (preceded.length === 1) return preceded[0];
    }
    return found[0] ?? null;
  };
  /** The step the old side has just before its deleted statement or test `text` (see locate()). */
  const stepBefore = (text: string, kind: 'stmt' | 'if' = 'stmt'): Stmt | null => {
    const i = oldItems.findIndex((it) => it.origin === 'del' && inRun(it) && it.kind === kind && it.text === text);
    for (let k = i - 1; i > 0 && k >= 0; k--) {
      const it = oldItems[k];
      if (it.kind === 'close' || it.kind === 'open' || it.kind === 'else') return null;
      const got = liftItemIn(it, quiet);
      if (got.length) return got[got.length - 1];
    }
    return null;
  };
  // A test the model keeps as one step (`if (down_write_killable(&mm->mmap_sem))`), by its text.
  const wholeTestStep = (it: CItem): Stmt | null => {
    if (it.kind !== 'if' && it.kind !== 'elseif') return null;
    const anchors = lc.keys.exact.get(run.fn)?.stmt;
    // (A braceless test and its one statement the model keeps inside a step of several
    // statements: `if (pte_protnone(oldpte)) continue;` of S1's NUMA skip checks.)
    const items = oldItems.includes(it as (typeof oldItems)[number]) ? oldItems : newItems;
    const body = it.braceless ? items[items.indexOf(it as (typeof items)[number]) + 1] : undefined;
    const withBody = body && (body.kind === 'stmt' || body.kind === 'jump') ? anchors?.get(anchorKey(`${it.text} ${body.text}`)) : undefined;
    const whole = anchors?.get(anchorKey(it.text)) ?? withBody ?? sameTestStep(it.cond ?? '', anchors);
    return whole && whole.op !== 'if' && whole.op !== 'return' && whole.op !== '__absorbed' ? whole : null;
  };
  const liftItemIn = (it: CItem, within: LexContext): Stmt[] => {
    if (it.kind === 'if' || it.kind === 'elseif') {
      const c = liftCondition(it.cond ?? '', within);
      if ('unknown' in c) return [];
      return [{ op: 'if', c: it.text, cond: c.cond, then: [] } as IfStmt];
    }
    const r = liftStatement(it.text, it.kind, within);
    return r.kind === 'stmts' ? r.stmts.filter((s) => s.op !== 'return') : [];
  };
  const liftItem = (it: CItem): Stmt[] => liftItemIn(it, lc);
  // (Only to find where a statement is: what it decides is said where it is lifted, if it is.)
  const quiet = { ...lc, assume: () => {} };

  /** Whether one of `xs` is a statement the hunk deletes outside this run (moved, not new). */
  const movedWithinHunk = (xs: readonly Stmt[]): boolean => {
    const otherHunks = (ctx.deletedInPatch?.get(run.fn) ?? []).filter((d) => d.hunk !== h).flatMap((d) => d.items);
    const deletedElsewhere = [...oldItems.filter((it) => it.origin === 'del' && !inRun(it)), ...otherHunks].flatMap((it) => liftItem(it));
    return xs.some((x) => deletedElsewhere.some((d) => same(x, d as MStmt)));
  };

  // 0. The function split at this point (`return do_wp_page_cont(vmf); }` and the header of
  //    the new function, whose body is the old tail): the same steps, run through one more call.
  //    (The new function's lines are a run of their own.)
  if (dels.length === 0 && adds.length >= 1) {
    const tail = /^return\s+([A-Za-z_]\w*)\s*\(/.exec(adds[0].text);
    const def = tail ? newItems.find((x) => x.kind === 'fndef' && x.origin === 'add' && x.at > adds[0].at && functionNameOf(x.text) === tail[1]) : undefined;
    const rest = adds.filter((x) => x !== adds[0] && x !== def);
    if (adds[0].kind === 'jump' && tail && def && rest.every((x) => x.kind === 'close' || x.kind === 'open' || x.kind === 'decl' || (x.kind === 'stmt' && liftItem(x).length === 0))) {
      assumeIgnored(ctx, `${run.fn}: split at ${h.header.replace(/ @@.*$/, ' @@')}: its rest is now ${tail[1]}(), which it calls there; the same steps in the same order`);
      return;
    }
  }

  // 1. A changed definition of a named condition (`bool preserve_write = ...`).
  const defOf = (it: CItem) => /^(?:const\s+)?bool\s+(\w+)\s*=\s*(.+)$/.exec(it.text);
  const defAdds = adds.filter((a) => defOf(a));
  for (const a of defAdds) {
    const m = defOf(a)!;
    // (Not a value the function later replaces with a step's result.)
    if (valueReplacedByStep(ctx, lc, run.fn, m[1], a.text)) continue;
    lc.defs instanceof Map && (lc.defs as Map<string, string>).set(m[1], m[2]);
    for (const e of flat()) {
      if (e.s.op === 'if' && norm(e.s.c) === norm(`if (${m[1]})`)) {
        const c = liftCondition(m[2], lc);
        if ('unknown' in c) throw new Unplaceable(c.unknown);
        if (c.pre.length) throw new Unplaceable(`the new \`${m[1]}\` calls a function`);
        (e.s as { cond: Cond }).cond = c.cond;
      }
    }
  }
  // A local given its value on each side of an added if/else the model decides (`if (uffd_wp)
  // changed = !pte_swp_uffd_wp_special(pte); else changed = !pte_none(pte);`): the value of the
  // branch taken is its definition, and the lines are no step of their own.
  for (let i = 0; i + 3 < adds.length; i++) {
    const [t, a1, e, a2] = adds.slice(i, i + 4);
    const asg1 = /^(\w+)\s*=\s*([^=].*)$/.exec(a1.text);
    const asg2 = /^(\w+)\s*=\s*([^=].*)$/.exec(a2.text);
    if (t.kind !== 'if' || !t.braceless || e.kind !== 'else' || !e.braceless || a1.kind !== 'stmt' || a2.kind !== 'stmt' || !asg1 || !asg2 || asg1[1] !== asg2[1]) continue;
    const c = liftCondition(t.cond ?? '', lc);
    if ('unknown' in c || c.pre.length || !isConstCond(c.cond)) continue;
    const value = constTruth(c.cond) ? asg1[2] : asg2[2];
    // A branch taken whose assignment is a step of the model (`page = vm_normal_any_page(...)`, the
    // model's vm_normal_page() step) is that statement, lifted as any other: only a value no step
    // computes is a mere definition. (Taken for one, the step vanished: a false `introduces`.)
    const taken = constTruth(c.cond) ? a1 : a2;
    // (So is a PTE value given or stripped a bit the models track, `entry = pte_wrprotect(entry)`:
    // the model builds its PTE from those bits, and the statement is read as any other build.)
    if (liftItem(taken).length > 0 || pteValueBuild(taken.text)) {
      ctx.ignored.push(`${run.fn}: \`${t.text}\` is ${constTruth(c.cond) ? 'always' : 'never'} taken in the model: \`${taken.text}\` runs`);
      adds.splice(i, 4, { ...taken, depth: t.depth });
      continue;
    }
    lc.defs instanceof Map && (lc.defs as Map<string, string>).set(asg1[1], value);
    ctx.ignored.push(`${run.fn}: \`${t.text}\` is ${constTruth(c.cond) ? 'always' : 'never'} taken in the model: \`${asg1[1]}\` is \`${value}\``);
    adds.splice(i, 4);
    i--;
  }
  // An `else` whose `if` is outside the run, around lines that lift to nothing (`} else {
  // sanity_check_pinned_pages(...); }`): the branch adds nothing the model sees.
  const dropNeutralElse = (xs: typeof dels): typeof dels => {
    const i = xs.findIndex((x) => x.kind === 'else');
    if (i < 0 || xs.slice(0, i).some((x) => x.kind === 'if' || x.kind === 'elseif')) return xs;
    let j = i + 1;
    let depth = 0;
    for (; j < xs.length; j++) {
      const x = xs[j];
      if (x.kind === 'close' && depth === 0) break;
      if (x.kind === 'open' || ((x.kind === 'if' || x.kind === 'elseif' || x.kind === 'else') && !x.braceless)) depth++;
      if (x.kind === 'close') depth--;
      if (x.kind === 'jump' || x.kind === 'if' || x.kind === 'elseif' || liftItem(x).length) return xs;
    }
    ctx.ignored.push(`${run.fn}: \`else\` around ${xs.slice(i + 1, j).map((x) => `\`${x.text}\``).join(', ') || 'nothing'} (nothing the model holds)`);
    return [...xs.slice(0, i), ...xs.slice(j + 1)];
  };
  let restDels = dropNeutralElse(dels.filter((d) => !defOf(d)));
  let restAdds = dropNeutralElse(adds.filter((a) => !defOf(a)));
  // An exit replaced in place by another exit (`-return 0;` `+return false;`, next to each other),
  // in a run that changes more: every exit leaves the function in the model, as in rule 2a.
  const swapped = restDels.filter((d) => d.kind === 'jump' && liftItem(d).length === 0 && restAdds.some((a) => a.kind === 'jump' && a.depth === d.depth && a.at === d.at + 1 && liftItem(a).length === 0));
  if (swapped.length && (swapped.length < restDels.length || swapped.length < restAdds.length)) {
    const gone = new Set(swapped.map((d) => d.at + 1));
    ctx.ignored.push(`${run.fn}: ${swapped.map((d) => `\`${d.text}\``).join(', ')} -> another exit value in place`);
    restDels = restDels.filter((d) => !swapped.includes(d));
    restAdds = restAdds.filter((a) => !(a.kind === 'jump' && gone.has(a.at)));
  }

  // 1'''. In a run that changes more, a braceless test over the same kept line given other
  //      arguments (`if (!valid_vma(vma, start, &end, behavior)) return -EINVAL;` -> `if
  //      (!valid_vma(madv_behavior)) return -EINVAL;`, a state struct threaded through), where
  //      the model has no such test: as rule 2's lone pair, the model does not read arguments.
  const sameTests = sameTestsOtherArguments(restDels, restAdds, oldItems, newItems, (d) => {
    const old = liftItem(d)[0];
    return (!old || !locate(old, new Set())) && !liftStatementKey(d.text, lc) && !wholeTestStep(d);
  }, lc);
  if (sameTests.length && (sameTests.length < restDels.length || sameTests.length < restAdds.length)) {
    for (const [d, a] of sameTests) assumeIgnored(ctx, `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same test with other arguments (the model does not read them)`);
    restDels = restDels.filter((d) => !sameTests.some(([x]) => x === d));
    restAdds = restAdds.filter((a) => !sameTests.some(([, x]) => x === a));
  }

  // 1''. An always-taken exit rewritten (`if (T) { folio_put(folio); goto out_map; }` -> `if (T)
  //      goto out_map;` and lines after it): the same path; the lines after the jump never run.
  const taken = rewrittenTakenExit(oldItems, newItems, restDels, restAdds, quiet);
  if (taken) {
    restDels = taken.dels;
    restAdds = taken.adds;
    ctx.ignored.push(`${run.fn}: \`${taken.test} ${taken.jump}\` is always taken in the model, on both sides: the same path${taken.unreached.length ? `; the lines added after it never run there (${taken.unreached.map((x) => `\`${x}\``).join(', ')})` : ''}`);
    if (restDels.length === 0 && restAdds.length === 0) return;
  }

  // 1'. A flag computed from a test the model has as an `if` (`reuse = reuse_swap_page(old_page);`),
  //     computed otherwise: that if's test changes (see flag-tests.ts).
  const flagChange = flagTestChange(restDels, restAdds, flat().filter((e) => !ctx.inserted.has(e.s)).map((e) => e.s), lc, [...oldItems, ...newItems]);
  if (flagChange) {
    const t = flagChange.target as { cond: Cond; c: string };
    t.cond = flagChange.cond;
    t.c = `if (${flagChange.text})`;
    ctx.hits++;
    assumeIgnored(ctx, `${run.fn}: \`${flagChange.flag}\` is now \`${flagChange.text}\`: the model's test of it, \`${flagChange.target.c}\`, takes that value`);
    return;
  }

  // 1a. The same test with other arguments to its calls (`!can_follow_write_pte(pte, flags)` ->
  //     `!can_follow_write_pte(pte, flags, vma)`, the helper given a parameter): the model reads
  //     the test, not what is passed; its `if` takes the new text and keeps its condition.
  if (restDels.length === 1 && restAdds.length === 1 && restDels[0].kind === 'if' && restAdds[0].kind === 'if' && !!restDels[0].braceless === !!restAdds[0].braceless) {
    const d = restDels[0];
    const a = restAdds[0];
    const t = flat().find((e) => !ctx.inserted.has(e.s) && e.s.op === 'if' && norm(e.s.c) === norm(d.text));
    if (t && norm(d.cond ?? '') !== norm(a.cond ?? '') && withoutArguments(d.cond ?? '') === withoutArguments(a.cond ?? '')) {
      (t.s as { c: string }).c = a.text;
      ctx.hits++;
      assumeIgnored(ctx, `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same test, its calls given other arguments (the model does not read arguments)`);
      return;
    }
  }

  // 1a'. A modelled call given more parameters at the end (`ret = handle_mm_fault(vma, address,
  //      fault_flags)` -> `..., fault_flags, mmrange)`, a range lock or `regs` threaded through):
  //      the same step, its C text the new one. Only appended names: a changed argument (a flag
  //      the callee tests) is not the same call.
  if (restDels.length === 1 && restAdds.length === 1 && restDels[0].kind === 'stmt' && restAdds[0].kind === 'stmt') {
    const d = restDels[0];
    const a = restAdds[0];
    const callOf = (t: string) => /^((?:[\w>.*-]+\s*=\s*)?)([A-Za-z_]\w*)\s*\((.*)\)$/s.exec(t);
    const cd = callOf(d.text);
    const ca = callOf(a.text);
    const t = flat().find((e) => !ctx.inserted.has(e.s) && e.s.op !== 'if' && e.s.op !== 'return' && norm(e.s.c.replace(/\s*\/\*.*\*\/\s*$/, '')) === norm(d.text));
    if (t && cd && ca && norm(cd[1]) === norm(ca[1]) && cd[2] === ca[2]) {
      const oldArgs = splitArgs(cd[3]).map((x) => x.replace(/\s+/g, ''));
      const newArgs = splitArgs(ca[3]).map((x) => x.replace(/\s+/g, ''));
      const extra = newArgs.slice(oldArgs.length);
      if (extra.length > 0 && oldArgs.every((x, k) => x === newArgs[k]) && extra.every((x) => /^&?[A-Za-z_]\w*$/.test(x))) {
        (t.s as { c: string }).c = a.text;
        ctx.hits++;
        assumeIgnored(ctx, `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same call, given ${extra.map((x) => `\`${x}\``).join(', ')} as well (the model does not read arguments)`);
        return;
      }
    }
  }

  // 1b. An if whose header changes together with lines inside its block (`if (!page) {` ->
  //     `if (!page || PTR_ERR(page) == -EMLINK) {` and the faultin_page() call in it): the model's
  //     if takes the new test, and the block's own changes are lifted inside it, so the block's
  //     other steps stay.
  //     Also a braceless `if (x) a; else` that gains braces (`if (x) { ...; } else`), its else
  //     kept on both sides (the else's body is context).
  const endsWithElse = (xs: typeof dels) => xs.length > 1 && xs[xs.length - 1].kind === 'else' && xs[xs.length - 1].depth === xs[0].depth;
  const core = (xs: typeof dels) => (endsWithElse(xs) ? xs.slice(0, -1) : xs);
  const headerWithBlock = (all: typeof dels) => {
    const xs = core(all);
    if (xs.length <= 1 || xs[0].kind !== 'if') return false;
    if (xs[0].braceless) return endsWithElse(all) && xs.length === 2 && xs[1].kind === 'stmt';
    return xs.slice(1).every((x) => x.depth > xs[0].depth || (x.kind === 'close' && x.depth === xs[0].depth + 1));
  };
  if (headerWithBlock(restDels) && headerWithBlock(restAdds) && restDels[0].depth === restAdds[0].depth && endsWithElse(restDels) === endsWithElse(restAdds)) {
    restDels = core(restDels);
    restAdds = core(restAdds);
    const d = restDels[0];
    const a = restAdds[0];
    const old = liftItem(d)[0];
    const target = flat().find((e) => !ctx.inserted.has(e.s) && e.s.op === 'if' && norm(e.s.c) === norm(d.text)) ?? (old ? locate(old, new Set()) : null);
    const c = liftCondition(a.cond ?? '', lc);
    if (target && target.s.op === 'if' && !('unknown' in c)) {
      ctx.hits++;
      const i = target.list.indexOf(target.s);
      (target.s as { cond: Cond; c: string }).cond = c.cond;
      (target.s as { c: string }).c = a.text;
      target.list.splice(i, 0, ...(c.pre as MStmt[]));
      ctx.ignored.push(
        norm(d.cond ?? '') === norm(a.cond ?? '')
          ? `${run.fn}: \`${a.text}\`: the same test; the changes inside its block are lifted there`
          : `${run.fn}: \`${d.text}\` -> \`${a.text}\` (the test changed; the changes inside its block are lifted there)`,
      );
      restDels = restDels.slice(1).filter((x) => !(x.kind === 'close' && x.depth === d.depth + 1));
      restAdds = restAdds.slice(1).filter((x) => !(x.kind === 'close' && x.depth === a.depth + 1));
      if (restDels.length === 0 && restAdds.length === 0) return;
    }
  }

  // 2. A changed condition of an if whose body did not change.
  const lone = (xs: typeof dels) => xs.length === 1 && (xs[0].kind === 'if' || xs[0].kind === 'elseif');
  /** The steps the old test ran first (`if (move_pgt_entry(...))` locks, moves, unlocks), taken out from right before it. */
  const dropOldPre = (d: CItem, target: { s: MStmt; list: MStmt[] }) => {
    const oc = liftCondition(d.cond ?? '', lc);
    if ('unknown' in oc || oc.pre.length === 0) return;
    const i = target.list.indexOf(target.s);
    const before = target.list.slice(Math.max(0, i - oc.pre.length), i);
    // (Not over steps this lift put there: a test moved up in the same hunk took this place first.)
    if (before.some((x) => ctx.inserted.has(x))) return;
    if (i < oc.pre.length || !oc.pre.every((x, k) => same(x, before[k]))) throw new Unplaceable(`the steps \`${d.text}\` runs first are not right before it in the model`);
    target.list.splice(i - oc.pre.length, oc.pre.length);
  };
  if (lone(restDels) && lone(restAdds)) {
    const d = restDels[0];
    const a = restAdds[0];
    const old = liftItem(d)[0];
    const target = old ? locate(old, new Set()) : null;
    if (target && target.s.op === 'if') {
      ctx.hits++;
      const c = liftCondition(a.cond ?? '', lc);
      if ('unknown' in c) throw new Unplaceable(c.unknown);
      dropOldPre(d, target);
      const i = target.list.indexOf(target.s);
      (target.s as { cond: Cond; c: string }).cond = c.cond;
      (target.s as { c: string }).c = a.text;
      target.list.splice(i, 0, ...(c.pre as MStmt[]));
      for (const x of c.pre) ctx.inserted.add(x as MStmt);
      return;
    }
    // The model keeps the whole test as one anchored step (the call inside it, e.g.
    // `if (!cow_user_page(...))`): the new test must make the same call; conditions added around
    // it gate the step (`if (!old_page && !cow_user_page(...))` copies only without old_page).
    const anchorOp = liftStatementKey(d.text, lc);
    if (anchorOp && anchorOp === liftStatementKey(a.text, lc)) {
      const step = flat().find((e) => e.s.op === anchorOp);
      const gate = gateAround(a.cond ?? '', anchorOp, lc);
      if (step && gate === null) throw new Unplaceable(`the new test \`${a.cond}\` around \`${step.s.c}\` is not a plain conjunction`);
      // The old test had the same gate around the call (the step already holds it):
      // `(flags & FOLL_LONGTERM) && !f(page)` -> `is_longterm && !f(page)` is the same test.
      const oldGate = gateAround(d.cond ?? '', anchorOp, lc);
      if (step && gate && oldGate && !gate.pre.length && !oldGate.pre.length && condSignature(gate.cond) === condSignature(oldGate.cond)) {
        ctx.ignored.push(`${run.fn}: \`${d.text}\` -> \`${a.text}\` (the same test, reworded)`);
        return;
      }
      if (step && gate) {
        const i = step.list.indexOf(step.s);
        step.list.splice(i, 1, ...((gate.pre as MStmt[]) ?? []), { op: 'if', c: a.text, cond: gate.cond, then: [step.s] } as MStmt);
        return;
      }
      ctx.ignored.push(`${run.fn}: \`${a.text}\` (same test as before, modelled as one step)`);
      return;
    }
    // Both tests are decided statically in the model (constants) and the model has no such
    // branch: reordering or rewording them changes nothing it can see.
    const oc = liftCondition(d.cond ?? '', lc);
    const nc = liftCondition(a.cond ?? '', lc);
    if (!('unknown' in oc) && !('unknown' in nc) && isConstCond(oc.cond) && isConstCond(nc.cond) && !oc.pre.length && !nc.pre.length) {
      ctx.ignored.push(`${run.fn}: \`${d.text}\` -> \`${a.text}\` (a test the model decides statically)`);
      return;
    }
    // The same test with a function under its new name (folio_fast_pin_allowed ->
    // gup_fast_folio_allowed): nothing changed that any model could see.
    const renamedAway = withNewestNames;
    // A named test the patch defines (`ksm = PageKsm(page)`), read back into the new test
    // (`if (ksm || page_count(page) != 1)`): the same test when it gives the old one.
    const throughDefs = (t: string) => t.replace(/\b[A-Za-z_]\w*\b(?!\s*\()/g, (id) => { const v = lc.defs.get(id); return v !== undefined && /\w\s*\(/.test(v) ? v : id; });
    if (renamedAway(d.cond ?? '') === renamedAway(a.cond ?? '') || renamedAway(d.cond ?? '') === renamedAway(throughDefs(a.cond ?? ''))) {
      ctx.ignored.push(`${run.fn}: \`${d.text}\` -> \`${a.text}\` (the same test, a function renamed)`);
      return;
    }
    // The same calls, the same operators, other arguments (`migrate_misplaced_folio(folio, vma,
    // nid)` -> `(folio, nid)`): the model does not read call arguments. Not when a flag joins.
    // (callShape keeps a grouping's operators and the names of calls in the arguments.)
    if (sameTestOtherArguments(d, a, lc)) {
      const what = `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same test with other arguments (the model does not read them)`;
      assumeIgnored(ctx, what);
      return;
    }
    // Neither test is in the model and each rests on something it cannot decide: each side's
    // test goes either way, so the change is invisible to it (explored both ways on both sides).
    // (A test the model fixes statically is as invisible: the model has no such branch either way.)
    // (A test read as another function's, `borrowed`, is no test of this function's model either.)
    // (A test made by calling a helper the patch adds whose body makes no modelled step, only
    // tests and returns, is as undecided: the call runs nothing the model holds.)
    const stepless = (fn: string, seen = new Set<string>()): boolean =>
      !seen.has(fn) &&
      !!ctx.addedFns?.has(fn) &&
      flatten(ctx.fns.get(fn)?.body ?? []).every((e) => e.s.op === 'if' || e.s.op === 'return' || e.s.op === '__const' || (e.s.op === 'call' && stepless((e.s as CallStmt).fn, new Set([...seen, fn]))));
    const noStepPre = (pre: readonly Stmt[]) => pre.every((s) => s.op === 'call' && stepless((s as CallStmt).fn));
    const undecided = (c: typeof oc) => !('unknown' in c) && noStepPre(c.pre) && (/choice:/.test(condSignature(c.cond)) || isConstCond(c.cond) || borrowedOnly(c.cond));
    if (undecided(oc) && undecided(nc)) {
      const what = `${run.fn}: \`${d.text}\` -> \`${a.text}\`: a test the model does not have, explored both ways before and after`;
      assumeIgnored(ctx, what);
      return;
    }
    throw new Unplaceable(`the condition \`${d.cond}\` is not in the model`);
  }

  // 2c. A call the model keeps as one step in a test, moved out of the test into a variable
  //     (`if (!__wp_page_copy_user(...)) {` -> `ret = __wp_page_copy_user(...); if (ret == -1)
  //     {...} else if (ret == 0) {`): the step stays; the new tests read only its result, which
  //     the model takes as success, as it did the old test; what they guard are failure paths.
  if (restDels.length === 1 && (restDels[0].kind === 'if' || restDels[0].kind === 'elseif') && restAdds.length >= 2 && restAdds[0].kind === 'stmt') {
    const d = restDels[0];
    const anchorOp = liftStatementKey(d.text, lc);
    const v = assignmentOf(restAdds[0].text);
    // The same callee on both sides; the model has it as a step here, or has no step for it at
    // all (then neither the old test nor the new ones are anything it sees).
    const callee = (t: string) => calledNames(t).map((n) => newestName(n)).find((n) => !['unlikely', 'likely'].includes(n)) ?? null;
    const sameCall = callee(d.cond ?? '') !== null && callee(d.cond ?? '') === callee(v?.value ?? '');
    const stepOp = anchorOp ? flat().find((e) => e.s.op === anchorOp) : undefined;
    const step = stepOp ? `${stepOp.s.op} step` : sameCall && !flat().some((e) => liftItem(restAdds[0]).some((x) => same(x, e.s))) ? `${callee(d.cond ?? '')}() call (no step of this model)` : undefined;
    const sameStep = sameCall && liftStatementKey(restAdds[0].text, lc) === anchorOp;
    const readsOnly = (it: CItem) => (it.kind === 'if' || it.kind === 'elseif') && !!v && new RegExp(`\\b${v.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(it.cond ?? '') && calledNames(it.cond ?? '').length === 0;
    const tests = restAdds.slice(1).filter((it) => it.kind === 'if' || it.kind === 'elseif');
    // What the tests guard: blocks that end in an exit (cleanup before it is the failure path's).
    const guardsFailures = (): boolean => {
      let block: CItem[] | null = null;
      for (const it of restAdds.slice(1)) {
        if (it.kind === 'if' || it.kind === 'elseif') {
          if (!readsOnly(it) || (block && block.length && block[block.length - 1].kind !== 'jump')) return false;
          block = it.braceless ? null : [];
          continue;
        }
        if (it.kind === 'close') {
          if (block && block.length && block[block.length - 1].kind !== 'jump') return false;
          block = null;
          continue;
        }
        if (block) block.push(it);
        else if (it.kind !== 'jump' && it.kind !== 'open' && it.kind !== 'else' && liftItem(it).length) return false;
      }
      return !block || !block.length || block[block.length - 1].kind === 'jump';
    };
    if (step && sameStep && v && !v.compound && tests.length && guardsFailures()) {
      assumeIgnored(ctx, `${run.fn}: \`${d.text}\` -> \`${restAdds[0].text}\` and tests of \`${v.target}\` (${tests.map((t) => `\`${t.cond}\``).join(', ')}): the same ${step}, its result taken as success as before`);
      return;
    }
  }

  // 2e. A call whose result now gates the lines after it (`ptep_set_access_flags(...);
  //     update_mmu_cache(...);` -> `if (ptep_set_access_flags(...)) { update_mmu_cache(...); }`,
  //     2.6.22): the call is the same step, where it was; the lines it gates make no modelled step.
  if (restDels.length >= 1 && restDels[0].kind === 'stmt' && restAdds.length >= 2 && restAdds[0].kind === 'if') {
    const squash = (t: string) => t.replace(/\s+/g, '').replace(/;$/, '');
    const gated = restAdds.slice(1).filter((x) => x.kind !== 'close');
    const rest = restDels.slice(1);
    const sameLines = gated.length === rest.length && gated.every((x, i) => squash(x.text) === squash(rest[i].text));
    // (A gated line may be a step another function's model has: not this one's, here.)
    // (Nor an unknown call, nor a lock the model lacks: liftItem() reads both as no step.)
    const readable = (x: CItem) => {
      if (x.kind !== 'stmt') return true;
      const r = liftStatement(x.text, x.kind, lc);
      return r.kind !== 'unknown' && !(r.kind === 'ignore' && r.lock);
    };
    const noStepHere = (x: CItem) => readable(x) && liftItem(x).every((st) => !flat().some((e) => same(st, e.s)));
    if (squash(restAdds[0].cond ?? '') === squash(restDels[0].text) && calledNames(restDels[0].text).length > 0 && sameLines && gated.every(noStepHere)) {
      assumeIgnored(ctx, `${run.fn}: \`${restDels[0].text}\` -> \`${restAdds[0].text}\`: the same call, its result now gating ${gated.length ? gated.map((x) => `\`${x.text}\``).join(', ') : 'nothing'}, which make(s) no modelled step here`);
      return;
    }
  }

  // 2d. A call replaced by a test of its success guarding a failure exit (`vmf->pte =
  //     pte_offset_map_lock(...)` -> `if (!pte_map_lock(vmf)) { ...; return VM_FAULT_RETRY; }`):
  //     the same primitive, which in a model always succeeds, so its exit is never taken.
  //     (Also `vmf->ptl = pte_lockptr(...); spin_lock(vmf->ptl);` -> `if (!pte_spinlock(vmf))`.)
  //     (Or a call that returns 0 on success: `down_read(&mm->mmap_sem)` -> `if
  //     (down_read_killable(&mm->mmap_sem)) return 0;`.)
  //     (A deleted block the model never enters goes with it, as a test the model decides:
  //     the speculative-fault series' `if (vmf->flags & FAULT_FLAG_SPECULATIVE) { pte_unmap(...);
  //     return VM_FAULT_RETRY; }` before the lock. And the exit may be a kept line, the one
  //     statement of the braceless test: `-}` `+if (!pte_spinlock(vmf))` over `return VM_FAULT_RETRY;`.)
  const neverEntered = (xs: typeof restDels): typeof restDels | null => {
    const i = xs.findIndex((x) => x.kind === 'if' && !x.braceless);
    if (i < 0) return xs;
    if (!decidedFalse(xs[i].cond ?? '', lc)) return null;
    let j = i + 1;
    while (j < xs.length && xs[j].depth > xs[i].depth) j++;
    if (xs[j - 1]?.kind !== 'close' || xs.slice(i + 1, j - 1).some((x) => x.kind === 'if' || x.kind === 'open')) return null;
    ctx.ignored.push(`${run.fn}: removed \`${xs[i].text}\` and its block (a test the model decides false)`);
    return [...xs.slice(0, i), ...xs.slice(j)];
  };
  const liveDels = neverEntered(restDels);
  const keptExit = (a: (typeof restAdds)[number]): boolean => {
    const k = newItems.indexOf(a as (typeof newItems)[number]);
    const next = k >= 0 ? newItems[k + 1] : undefined;
    return !!a.braceless && restAdds.length === 1 && !!next && next.origin === 'ctx' && next.kind === 'jump';
  };
  if (liveDels && liveDels.length >= 1 && liveDels.length <= 3 && liveDels.every((x) => x.kind === 'stmt') && restAdds[0]?.kind === 'if' && (restAdds.length >= 2 || keptExit(restAdds[0]))) {
    const a = restAdds[0];
    const restDels = liveDels;
    // (Spelled as the models spell it: `down_read_killable(&mm->mmap_sem)` is
    // `mmap_read_lock_killable(mm)`.)
    const cond = canonicalTests((a.cond ?? '').trim());
    const byTrue = /^(?:unlikely\s*\(\s*)?!\s*([A-Za-z_]\w*)\s*\(/.exec(cond);
    const byZero = /^(?:unlikely\s*\(\s*)?([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*\)?$/.exec(cond);
    const m = byTrue && SUCCESS_RETURNS[byTrue[1]] === 'true' ? byTrue : byZero && SUCCESS_RETURNS[byZero[1]] === 'zero' ? byZero : null;
    // (Taking a PTL by hand, `spin_lock(vmf->ptl)`, is the pte_lock primitive too.)
    const primitiveOfStmt = (t: string) => (/^spin_lock\s*\(\s*[\w>.-]*ptl\s*\)$/.test(t) ? 'pte_lock' : primitiveOf(calledNames(canonicalTests(t)).find((n) => !['unlikely', 'likely'].includes(n)) ?? ''));
    const d = restDels.find((x) => m && primitiveOfStmt(x.text) !== null && primitiveOfStmt(x.text) === primitiveOf(m[1]));
    const dn = d ? calledNames(d.text).find((n) => !['unlikely', 'likely'].includes(n)) : undefined;
    const body = restAdds.slice(1).filter((x) => x.kind !== 'close');
    const exits = a.braceless
      ? (restAdds.length === 2 && restAdds[1].kind === 'jump') || keptExit(a)
      : body.length > 0 && body[body.length - 1].kind === 'jump' && restAdds.slice(1).every((x) => x.depth > a.depth || (x.kind === 'close' && x.depth === a.depth + 1));
    if (d && dn && m && exits) {
      const what = `${run.fn}: ${restDels.map((x) => `\`${x.text}\``).join(', ')} -> \`${a.text}\`: the same ${primitiveOfStmt(d.text)} step; its failure exit is never taken in the model, where it succeeds`;
      // The steps stay as they were: where the model has them, or (in a path it leaves out) where it has not.
      const ld = restDels.flatMap((x) => liftItem(x));
      const here = ld.filter((x) => flat().some((e) => same(x, e.s)));
      if (here.length === 0 || here.length === ld.length) {
        assumeIgnored(ctx, what);
        return;
      }
    }
  }

  // 2a'. One exit replaced by another whose steps differ (`return true` -> `return res`, in a
  //     helper whose `return true` sets its result): the model's steps of the old exit, found by
  //     its C text, give way to the new one's.
  if (restDels.length === 1 && restAdds.length === 1 && restDels[0].kind === 'jump' && restAdds[0].kind === 'jump' && /^return\b/.test(restDels[0].text) && /^return\b/.test(restAdds[0].text)) {
    const at = flat().filter((e) => !ctx.inserted.has(e.s) && norm(e.s.c) === norm(restDels[0].text));
    const last = at[at.length - 1];
    const r = liftStatement(restAdds[0].text, 'jump', lc);
    if (last && last.s.op === 'return' && at.every((e) => e.list === last.list) && r.kind === 'stmts') {
      const i = last.list.indexOf(at[0].s);
      last.list.splice(i, last.list.indexOf(last.s) - i + 1, ...(r.stmts as MStmt[]));
      for (const x of r.stmts) ctx.inserted.add(x as MStmt);
      ctx.hits++;
      ctx.ignored.push(`${run.fn}: \`${restDels[0].text}\` -> \`${restAdds[0].text}\` (the exit's own steps replaced)`);
      return;
    }
  }

  // 2a. An exit replaced by an exit (`goto oom` -> `goto out_free_new`, `return 0` -> `return ret`):
  //     every exit leaves the function in the model, whatever its label or value.
  if (restDels.length && restAdds.length && [...restDels, ...restAdds].every((x) => (x.kind === 'jump' || x.kind === 'label') && liftItem(x).length === 0)) {
    ctx.ignored.push(`${run.fn}: ${restDels.map((x) => `\`${x.text}\``).join(', ')} -> ${restAdds.map((x) => `\`${x.text}\``).join(', ')} (another exit label or value)`);
    return;
  }

  // 2b. The same call with other arguments (a signature change, `cow_user_page(new, old, addr,
  //     vma)` -> `cow_user_page(new, old, vmf)`): the step stays where it was. The model does
  //     not read a call's arguments; the report says so.
  //     Lines added beside it that make no step (`vm_fault_init(&vmf, vma, address, flags);`,
  //     filling the struct the call now takes) are said and set aside.
  const noStep = (it: CItem): boolean => {
    if (it.kind !== 'stmt') return false;
    const r = liftStatement(it.text, it.kind, lc);
    if (r.kind === 'ignore') return !r.lock;
    return r.kind === 'stmts' && r.stmts.length > 0 && r.stmts.every((x) => callsHelperDoingNothing(x, ctx));
  };
  const stepAdds = restAdds.length > 1 ? restAdds.filter((x) => !noStep(x)) : restAdds;
  // (Also a tail call returned: `return do_cow_fault(mm, vma, address, ...)` -> `return
  // do_cow_fault(mm, vma, pmd, orig_pte, &vmf)`.)
  const returnsCall = (it: CItem) => it.kind === 'jump' && /^return\s+[A-Za-z_]\w*\s*\(.*\)$/.test(it.text);
  if (restDels.length === 1 && stepAdds.length === 1 && ((restDels[0].kind === 'stmt' && stepAdds[0].kind === 'stmt') || (returnsCall(restDels[0]) && returnsCall(stepAdds[0])))) {
    const callee = (t: string) => calledNames(t).find((n) => !['if', 'unlikely', 'likely', 'READ_ONCE', 'WRITE_ONCE'].includes(n)) ?? null;
    const d = restDels[0];
    let a = stepAdds[0];
    const beside = restAdds.filter((x) => x !== a).map((x) => `\`${x.text}\``);
    // The same statement with a function under its new name (`gup_pgd_range(...)` ->
    // `gup_fast_pgd_range(...)`, 6.10), the arguments unchanged: the same step, whether or not
    // the model can read the call on its own (a walk it keeps as its text).
    // (Or the same primitive in two spellings of the vocabulary: `downgrade_write(&mm->mmap_sem)`
    // -> the range-lock series' `mm_downgrade_write(mm, &mmrange)`, both mmap_write_downgrade(mm).)
    const respelled = d.text !== a.text && withNewestNames(d.text) !== withNewestNames(a.text) && vocabularySpelling(d.text) !== d.text && vocabularySpelling(d.text) === vocabularySpelling(a.text);
    if (d.text !== a.text && (withNewestNames(d.text) === withNewestNames(a.text) || respelled)) {
      const what = `${run.fn}: \`${d.text}\` -> \`${a.text}\` (${respelled ? `the same ${vocabularySpelling(a.text)}, spelled another way` : 'the same call, a function renamed'})`;
      if (beside.length) assumeIgnored(ctx, `${what}; ${beside.join(', ')} beside it make(s) no modelled step`);
      else ctx.ignored.push(what);
      return;
    }
    const dn = callee(d.text);
    // A call through a function-pointer parameter is a call of the function every caller passes
    // (`ret = verify(old_page, vaddr, opcode)` where uprobe_write()'s one caller passes verify_opcode).
    const viaPointer = callee(a.text);
    const pointee = viaPointer ? ctx.fnPointers?.get(viaPointer) : undefined;
    if (pointee) a = { ...a, text: a.text.replace(new RegExp(String.raw`\b${viaPointer}(\s*\()`), `${pointee}$1`) };
    const an = callee(a.text);
    const ld = liftItem(d);
    // A call of the same function the lexicon cannot read with its new arguments (the model's
    // anchor spells the old ones): the deleted call's step, if that is one step.
    const ra = liftStatement(a.text, a.kind, lc);
    const unread = ra.kind === 'unknown';
    const la = unread && dn && an && newestName(dn) === newestName(an) && ld.length === 1 ? ld : liftItem(a);
    // Not when the model reads the two differently, or a flag joins the arguments (`| FOLL_WRITE`).
    const sameStep = ld.length === la.length && ld.every((x, i) => same(x, la[i] as MStmt));
    const newFlag = addsFlag(d.text, a.text);
    // A call this function's model has no step for, on either side, is invisible to it whatever
    // its arguments (a flag the rmap call gains in code the model abstracts).
    const absent = !ld.some((x) => flat().some((e) => same(x, e.s)));
    // The same value read into another variable (`entry = *vmf->pte` -> `vmf->orig_pte =
    // *vmf->pte`): the step is the read; the model does not name where the value goes.
    const ad = assignmentOf(d.text);
    const aa = assignmentOf(a.text);
    const inModel = (xs: Stmt[]) => xs.length > 0 && xs.every((x) => flat().some((e) => same(x, e.s)));
    if (ad && aa && !ad.compound && !aa.compound && ad.value && ad.value === aa.value && (inModel(ld) || inModel(la))) {
      const what = `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same value read into another variable`;
      assumeIgnored(ctx, what);
      return;
    }
    if (dn && an && newestName(dn) === newestName(an) && (ad?.compound ? null : ad?.target ?? null) === (aa?.compound ? null : aa?.target ?? null) && sameStep && (!newFlag || absent) && !passesModelledFlag(d.text, a.text, lc)) {
      const what = `${run.fn}: \`${d.text}\` -> \`${a.text}\`: the same call with other arguments (the model does not read them)${beside.length ? `; ${beside.join(', ')} beside it make(s) no modelled step` : ''}`;
      assumeIgnored(ctx, what);
      return;
    }
    // A modelled step's value computed by another function the model does not know (`page =
    // vm_normal_page(vma, address, pte)` -> `page = gup_normal_page(vma, address, pte)`): taken
    // as effect-free, the step would vanish. A wrapper named after the step's call, with the same
    // arguments, is taken for it (said); any other replacement is not placed.
    const unknownCall = unread || (ra.kind === 'ignore' && !!ra.assumed);
    if (dn && an && newestName(dn) !== newestName(an) && ad && aa && !ad.compound && !aa.compound && ad.target === aa.target && inModel(ld) && unknownCall) {
      if (argsOf(d.text, dn) === argsOf(a.text, an) && namedAfter(an, dn)) {
        assumeIgnored(ctx, `${run.fn}: \`${a.text}\` is taken for the model's \`${d.text}\` (${an}() is not in the mm vocabulary; same arguments, same result, a name after ${dn}())`);
        return;
      }
      throw new Unplaceable(`\`${a.text}\` computes what the model's \`${d.text}\` did, with ${an}(), which is not in the mm vocabulary`);
    }
  }

  // 3. The model may already be this patch's result (a refactor that created the modelled code):
  //    every modelled statement the new side has is there, and what the old side had is not.
  if (restAdds.length) {
    const isConstIf = (x: Stmt) => x.op === 'if' && condSignature((x as IfStmt).cond).split(/[(),!]/).filter(Boolean).every((p) => p.startsWith('const:') || p === 'and' || p === 'or');
    const addStmts = restAdds.flatMap((a) => { const w = wholeTestStep(a); return w ? [w] : liftItem(a); }).filter((x) => !isConstIf(x));
    const delStmts = restDels.flatMap((d) => liftItem(d));
    const present = (x: Stmt) => flat().some((e) => same(x, e.s));
    const structural = addStmts.some((x) => x.op === 'if' || x.op === 'call') || restAdds.some((a) => wholeTestStep(a) !== null);
    // Statements the same hunk deletes elsewhere are moved, not already there.
    const moved = movedWithinHunk(addStmts);
    if (!moved && addStmts.length && addStmts.every(present) && ((delStmts.length && !delStmts.some(present)) || (!delStmts.length && structural))) {
      ctx.already++;
      ctx.ignored.push(`${run.fn}: the model already has this hunk's result (${addStmts.map((x) => x.c).join('; ').slice(0, 80)})`);
      return;
    }
  }

  // A modelled assignment replaced by one to the same variable that lifts to nothing
  // (`foll_flags |= FOLL_WRITE` -> `foll_flags |= FOLL_BREAK_COW`): the new value means something
  // the model cannot read, which is not the same as the step going away.
  const lhs = (t: string) => assignmentOf(t)?.target ?? null;
  for (const d of restDels) {
    const target = d.kind === 'stmt' ? lhs(d.text) : null;
    if (!target || liftItem(d).length === 0) continue;
    // Only a new flag or constant the old value did not have (`FOLL_BREAK_COW`) marks a new
    // meaning; a respelling with the same constants (`!!(flags & VM_WRITE)`) does not.
    const a = restAdds.find((x) => x.kind === 'stmt' && lhs(x.text) === target && liftItem(x).length === 0 && addsFlag(d.text, x.text, ctx.lex.constants));
    // Not when the new side still makes the modelled step (`ret = shmem_getpage(...)`, then `ret = -EFAULT` on a failure).
    const stepStays = restAdds.some((x) => x.kind === 'stmt' && lhs(x.text) === target && liftItem(x).length > 0);
    if (a && !stepStays) throw new Unplaceable(`\`${a.text}\` replaces the modelled \`${d.text}\` with a value the model does not know`);
  }

  // A modelled step replaced in place by a call the vocabulary does not know (`local_irq_save(flags)`
  // -> `gup_walk_begin(&flags)`): the new call may well do what the old one did under another name,
  // which racebot cannot tell. Assumed effect-free, it would read as the step removed: a false
  // `introduces` wherever the step mattered.
  for (const d of restDels) {
    if (d.kind !== 'stmt' || liftItem(d).length === 0) continue;
    const a = inPlaceOf(d, dels, adds);
    if (!a || a.kind !== 'stmt' || liftItem(a).length > 0) continue;
    const r = liftStatement(a.text, a.kind, { ...lc, assume: () => {} });
    if (r.kind === 'ignore' && r.unknown && !r.lock) {
      throw new Unplaceable(`\`${a.text}\` stands where the model's \`${d.text}\` step was, and racebot does not know what it does (it may be the same step under another name)`);
    }
  }

  // A modelled step the run deletes while it adds a call of a part of this function that the
  // patch does not define (`ptep_modify_prot_commit(...)` -> `prot_commit_flush_ptes(...)`): the
  // model has the part's lines in place, so the call is no step, and the step would simply be
  // gone. Whether it moved into the part, the hunk does not say.
  const partCall = restAdds.find((x) => {
    if (x.kind !== 'stmt' && x.kind !== 'jump') return false;
    const n = calledNames(x.text.replace(/^return\s+/, ''))[0];
    return !!n && !addedFns.has(n) && partOf(n, modelledNames(ctx.sc))?.of === lc.fn;
  });
  const stepGone = partCall ? restDels.find((d) => (d.kind === 'stmt' || d.kind === 'jump') && liftItem(d).some((x) => x.op !== 'return')) : undefined;
  if (partCall && stepGone) {
    throw new Unplaceable(`\`${partCall.text}\` calls a part of ${lc.fn}() whose lines the model has in place, where the patch deletes the model's \`${stepGone.text}\`: whether that step moved into the part, the hunk does not show`);
  }

  // 4. General case: remove what the old side had, insert what the new side has.
  const used = new Set<MStmt>();
  let at: Place | null = null;
  const delTree = safeTree(restDels);
  // Whether the test `text` has a plain `else` (no `else if`) whose every line the old side deletes.
  const wholeElseDeleted = (text: string): boolean => {
    const i = oldItems.findIndex((it) => it.kind === 'if' && it.origin === 'del' && norm(it.text) === norm(text) && inRun(it));
    if (i < 0) return false;
    // (Its block deleted whole before the `else`, with no other test in it whose `else` it
    // could be; depths are not trusted across a struct initializer's braces.)
    const j = oldItems.findIndex((it, k) => k > i && it.kind === 'else');
    const e = oldItems[j];
    if (!e || e.origin !== 'del' || oldItems.slice(i + 1, j).some((it) => it.origin !== 'del' || it.kind === 'if' || it.kind === 'elseif')) return false;
    if (e.braceless) return oldItems[j + 1]?.origin === 'del' && oldItems[j + 1].kind !== 'if' && oldItems[j + 1].kind !== 'elseif';
    for (const it of oldItems.slice(j + 1)) {
      if (it.origin !== 'del') return false;
      if (it.kind === 'close' && it.depth === e.depth + 1) return true;
    }
    return false;
  };
  // Steps a deletion found already replaced by an added helper's call (removeNodes).
  const sameReplacement = new Set<string>();
  // Deleted steps the model has no such step for (read as gone): the same step added back
  // respelled is no step either (below).
  const absentRemoved: Stmt[] = [];
  // One model statement the old side deletes: gone, and the first place a deletion left marked.
  const removeStep = (e: { s: MStmt; list: MStmt[] }) => {
    const i = e.list.indexOf(e.s);
    if (!at) at = { list: e.list, index: i };
    e.list.splice(i, 1);
    ctx.hits++;
  };
  // A deleted test of a call's success, `if (!try_get_page(page))`, takes the step the call is,
  // the model's get_page, with it; only where the test itself is decided.
  const successStep = (c: ReturnType<typeof liftCondition>): Stmt[] => ('unknown' in c || !isConstCond(c.cond) ? [] : (c.pre as Stmt[]).filter((x) => x.op !== 'call' && x.op !== 'if'));
  /** The model block a re-headed test keeps, while its deleted lines are removed (removeWithinKeptBlock). */
  let keptBlock: MStmt[] | null = null;
  const removeNodes = (nodes: CNode[]) => {
    for (const n of nodes) {
      // An if the model has by its C text (its condition may be a named one, `if (preserve_write)`).
      // (Of two such tests, the one after the step the old side has before it.)
      const byText = n.t === 'if' ? afterStep(flat().filter((e) => !used.has(e.s) && !ctx.inserted.has(e.s) && e.s.op === 'if' && norm(e.s.c) === norm(n.text)), stepBefore(n.text, 'if')) ?? undefined : undefined;
      if (byText) {
        // (The same test re-added as the patch's own header: see `reheaded` below.)
        const reheadedByText = n.t === 'if' && !headerOnly(n) && readdedHeader(n);
        if (reheadedByText) removeWithinKeptBlock(n.then, (byText.s as IfStmt).then as MStmt[]);
        else guardBody(n, byText.s);
        let i = byText.list.indexOf(byText.s);
        // The call the test makes, which the model has as the step before it (`page_cache_get_speculative(head)`,
        // then `if (!page_cache_get_speculative(head))` on its result): it goes with the test.
        const prev = i > 0 ? byText.list[i - 1] : undefined;
        if (prev && prev.op !== 'if' && prev.op !== 'call' && prev.op !== 'return' && calledNames(prev.c).length > 0 && anchorKey(n.t === 'if' ? n.cond : '').includes(anchorKey(prev.c))) {
          byText.list.splice(i - 1, 1);
          i--;
        }
        if (!at) at = { list: byText.list, index: i };
        byText.list.splice(i, 1);
        keepBody(n, byText.s, reheadedByText);
        ctx.hits++;
        continue;
      }
      // A braceless test and its one statement the model keeps as one step (`if (pages)
      // flush_tlb_range(vma, start, end)`), by their C text together.
      const one = n.t === 'if' && n.then.length === 1 && n.then[0].t === 'stmt' && !n.else ? n.then[0] : null;
      const whole = one ? flat().find((e) => !used.has(e.s) && !ctx.inserted.has(e.s) && e.s.op !== 'if' && e.s.op !== 'return' && anchorKey(e.s.c) === anchorKey(`${n.t === 'if' ? n.text : ''} ${one.text}`)) : undefined;
      if (whole) {
        removeStep(whole);
        continue;
      }
      // A test the model keeps as one step (`if (!test_and_set_bit(slot_nr, area->bitmap))`), by
      // its text: the step goes, and what its block did goes with it.
      const wholeTest = n.t === 'if' ? flat().find((e) => !used.has(e.s) && !ctx.inserted.has(e.s) && e.s.op !== 'if' && e.s.op !== 'return' && e.s.op !== 'call' && anchorKey(e.s.c) === anchorKey(n.text)) : undefined;
      if (wholeTest && n.t === 'if') {
        removeStep(wholeTest);
        removeNodes([...n.then, ...(n.else ?? [])]);
        continue;
      }
      const lifted = n.t === 'if' ? [...successStep(liftCondition(n.cond, lc)), ...liftItem({ kind: 'if', text: n.text, cond: n.cond, depth: 0, line: 0, origin: 'del' })] : liftTree([n], ctx, run.fn);
      if (lifted.length === 0) {
        // Reversed: the model must hold the new side; a test it cannot read is not known to be there.
        if (ctx.strict && n.t === 'if') throw new Unplaceable(`\`${n.text}\` is not in the model`);
        if (n.t === 'stmt') ctx.ignored.push(`${run.fn}: removed \`${n.text}\` (not modelled)`);
        continue;
      }
      for (const x of lifted) {
        // A deleted exit: the model's return right where the deletion is (after the unlock the
        // same run deleted), or one of the same text. Without this the old exit stayed, and
        // what the patch added before it became a path that still leaves.
        if (x.op === 'return') {
          const cur: Place | null = at;
          const here = cur && cur.list[cur.index]?.op === 'return' && !ctx.inserted.has(cur.list[cur.index]) ? { s: cur.list[cur.index], list: cur.list } : null;
          // (Within the block whose lines a re-headed test keeps, an exit of its own.)
          const byText = here ?? (keptBlock ? flatten(keptBlock) : flat()).find((e) => !used.has(e.s) && !ctx.inserted.has(e.s) && e.s.op === 'return' && anchorKey(e.s.c) === anchorKey(x.c));
          if (byText) {
            removeStep(byText);
            continue;
          }
        }
        const e = locate(x, used, n.t === 'stmt' ? stepBefore(n.text) : null);
        if (!e) {
          if (x.op === 'if' && isConstCond((x as IfStmt).cond)) {
            ctx.ignored.push(`${run.fn}: removed \`${n.text}\` (a test the model decides statically)`);
            // The model has the block of a test it always takes flattened in place: what the
            // deleted block did goes. (Not an else chain: its headers come back with their bodies.)
            // (Also where diff keeps a close brace of the block as another block's: the lines of
            // the body the old side deletes are gone all the same.)
            if (n.t === 'if' && !n.else?.length && constTruth((x as IfStmt).cond)) removeNodes(n.then);
            // The same for the else of a test it never takes (`if (vma->vm_flags & VM_NONLINEAR)
            // {...} else zap_page_range(...)`): the model has the else's lines in place.
            if (n.t === 'if' && n.else?.length && !constTruth((x as IfStmt).cond) && wholeElseDeleted(n.text)) removeNodes(n.else);
            continue;
          }
          // A test the model does not have, explored both ways, around lines that lift to
          // nothing it holds (move_page_tables' clamps of the extent): nothing goes with it.
          // (Its body deleted with it: a header changed over a kept body is a changed test.)
          if (!ctx.strict && x.op === 'if' && n.t === 'if' && n.then.length > 0 && noTestOfThisModel((x as IfStmt).cond) && liftTree(n.then, ctx, run.fn).length === 0 && liftTree(n.else ?? [], ctx, run.fn).length === 0) {
            ctx.ignored.push(`${run.fn}: removed \`${n.text}\` (a test the model does not have, around nothing it holds)`);
            continue;
          }
          // A test the model does not have (part of it is undecided, and no modelled test is it)
          // whose block only leaves (`if (lru_gen_enabled() && ... && folio_mapped(folio)) {
          // stat->nr_promote += nr_pages; goto keep_locked; }`): the model's path never took that
          // exit, so the kernel losing it leaves the model as it was.
          if (!ctx.strict && x.op === 'if' && n.t === 'if' && !n.else?.length && endsInJump(n.then) && condLeaves((x as IfStmt).cond).some((l) => l.op === '__choice') && liftTree(n.then, ctx, run.fn).every((s) => s.op === 'return')) {
            ctx.ignored.push(`${run.fn}: removed \`${n.text}\` (a test the model does not have, whose block only leaves: the model never took that exit)`);
            continue;
          }
          // One model step for two kernel branches the patch changes alike (zap_present_folio_pte()'s
          // file and anon clears, both batched): an earlier run already put a call of an added
          // helper making this step in its place; this run's deletion is that step too.
          const replacedBy = !ctx.strict && x.op !== 'if' ? flat().find((q) => ctx.inserted.has(q.s) && q.s.op === 'call' && addedFns.has((q.s as CallStmt).fn) && helperOps(ctx, (q.s as CallStmt).fn).has(x.op)) : undefined;
          if (replacedBy) {
            sameReplacement.add(x.op);
            ctx.ignored.push(`${run.fn}: removed \`${n.text}\`: the model's ${x.op} step, which \`${replacedBy.s.c}\` already replaces`);
            continue;
          }
          ctx.misses++;
          if (x.op === 'if' || ctx.strict) throw new Unplaceable(`\`${n.text}\` is not where the model has it`);
          ctx.ignored.push(`${run.fn}: removed \`${x.c}\` (no such step in the model)`);
          absentRemoved.push(x);
          continue;
        }
        // A modelled step that sets a variable, deleted while the run sets that variable anew in
        // a way that lifts to no step (`extent = next - old_addr` -> `extent = min(old_next -
        // old_addr, new_next - new_addr)`): the value is computed otherwise, not dropped. Taken
        // for nothing, the step would vanish (and with it every path that needs its value).
        // (Only a value the model made a step of without a call in it, its own computed choice: a
        // call changed under a value is read by the rules above.)
        const setHere = n.t === 'stmt' ? assignmentOf(n.text) : null;
        if (setHere && !setHere.compound && !/[A-Za-z_]\w*\s*\(/.test(setHere.value)) {
          const anew = adds.find((a) => a.kind === 'stmt' && assignmentOf(a.text)?.target === setHere.target && !assignmentOf(a.text)?.compound && liftStatement(a.text, a.kind, lc).kind === 'ignore');
          if (anew) throw new Unplaceable(`\`${anew.text}\` computes \`${setHere.target}\` anew where the model's \`${n.text}\` is a step; the model cannot tell whether it is the same value`);
        }
        ctx.hits++;
        // The same test re-added as the patch's own header (a brace style change, `if (uffd_wp) {`
        // -> `if (uffd_wp)`) while lines of its block go: those lines go, the rest of the block
        // stays under the new header.
        const reheaded = n.t === 'if' && e.s.op === 'if' && !headerOnly(n) && readdedHeader(n);
        if (reheaded) removeWithinKeptBlock(n.then, (e.s as IfStmt).then as MStmt[]);
        else if (n.t === 'if') guardBody(n, e.s);
        const i = e.list.indexOf(e.s);
        if (!at) at = { list: e.list, index: i };
        // A C line the model splits into consecutive steps of the same text (`tlb_finish_mmu()`:
        // the flush, then the drop of the pending count) goes as a whole.
        let n2 = 1;
        while (e.s.op !== 'if' && e.list[i + n2] && e.list[i + n2].op !== 'if' && e.list[i + n2].op !== 'return' && !ctx.inserted.has(e.list[i + n2]) && anchorKey(e.list[i + n2].c) === anchorKey(e.s.c)) n2++;
        e.list.splice(i, n2);
        if (at.list === e.list && i < at.index) at = { list: at.list, index: at.index - n2 };
        if (n.t === 'if') keepBody(n, e.s, reheaded);
      }
    }
  };
  /**
   * Whether the patch adds a header of the same test as the deleted `if` `n` (its braces changed),
   * neither with an else (whose blocks the new headers would have to be matched to).
   */
  function readdedHeader(n: CNode): boolean {
    if (n.t !== 'if' || n.else?.length) return false;
    const key = anchorKey(n.cond);
    const same = restAdds.filter((a) => a.kind === 'if' && a.cond !== undefined && anchorKey(a.cond) === key);
    const k = same.length === 1 ? restAdds.indexOf(same[0]) : -1;
    // (At the deleted test's own depth: the same test inside a block the patch adds around it, an
    // `else` of a new test, is the statement moved there, not its header re-braced.)
    const deleted = restDels.find((d) => d.kind === 'if' && d.cond !== undefined && anchorKey(d.cond) === key);
    if (k >= 0 && deleted && same[0].depth !== deleted.depth) return false;
    return k >= 0 && !restAdds.slice(k + 1).some((a) => a.kind === 'else' || a.kind === 'elseif');
  }
  /** The deleted lines of a block that stays (under a re-added header): they go, and the place a deletion marks stays outside the block. */
  function removeWithinKeptBlock(nodes: CNode[], block: MStmt[]): void {
    const before = at;
    const outer = keptBlock;
    keptBlock = block;
    try {
      removeNodes(nodes);
    } finally {
      keptBlock = outer;
    }
    at = before;
  }
  // Bodies of ifs whose header alone the patch changes (the body lines are context): they stay,
  // under the new header, or in place of the if when no header replaces it.
  const kept: { then: MStmt[]; else?: MStmt[]; header: string }[] = [];
  // Only headers changed: an if whose block holds nothing but such ifs (`if (reuse_swap_page(page,
  // &total_mapcount)) { if (total_mapcount == 1) {` with the body as context).
  const headerOnly = (n: CNode): boolean => n.t === 'if' && !n.else?.length && n.then.every(headerOnly);
  // Removing a model `if` removes its block: every step in it must be a line the patch deletes
  // (or the whole block stays, `keepBody`). Else a step would vanish that the patch keeps.
  function guardBody(n: CNode, s: MStmt): void {
    if (headerOnly(n) || s.op !== 'if') return;
    // A bail-out's steps are its exit's own cleanup (`gup_put_folio(); goto pte_unmap;`).
    if (bailsOut(s) && !s.else?.length) return;
    const gone = n.t === 'if' ? [...liftTree(n.then, ctx, run.fn), ...liftTree(n.else ?? [], ctx, run.fn)] : [];
    const goneFlat = flatten(gone as MStmt[]).map((e) => e.s);
    const inBlock = [...flatten(s.then ?? []), ...flatten(s.else ?? [])].map((e) => e.s).filter((x) => x.op !== 'return' && x.op !== 'if');
    const kept = inBlock.find((x) => !goneFlat.some((g) => same(g, x)));
    if (kept) throw new Unplaceable(`removing \`${n.t === 'if' ? n.text : ''}\` would drop \`${kept.c}\`, which the patch does not delete`);
  }
  function keepBody(n: CNode, s: MStmt, reheaded = false): void {
    if ((!reheaded && !headerOnly(n)) || s.op !== 'if') return;
    if ((s.then?.length ?? 0) === 0 && !(s.else?.length ?? 0)) return;
    kept.push({ then: s.then ?? [], ...(s.else ? { else: s.else } : {}), header: n.t === 'if' ? n.text : '' });
  }
  removeNodes(delTree);

  // An added braceless test over a kept exit (`+if (err)` ` goto out;`): the exit is its one
  // statement, the exit now taken only where the test holds.
  const withKeptExits = restAdds.flatMap((a) => {
    if (!a.braceless || (a.kind !== 'if' && a.kind !== 'elseif' && a.kind !== 'else')) return [a];
    const k = newItems.indexOf(a as (typeof newItems)[number]);
    const next = k >= 0 ? newItems[k + 1] : undefined;
    if (!next || next.origin !== 'ctx' || next.kind !== 'jump' || restAdds.includes(next)) return [a];
    // (Not where a deleted braceless test held the same exit: that is a test's header changed
    // over its kept statement, which stays under the new header as the model has it.)
    const o = oldItems.findIndex((x) => x.origin === 'ctx' && x.at === (next as (typeof newItems)[number]).at);
    const before = o > 0 ? oldItems[o - 1] : undefined;
    if (before && before.origin === 'del' && before.braceless && (before.kind === 'if' || before.kind === 'elseif' || before.kind === 'else')) return [a];
    return [a, next];
  });
  const addTree = safeTree(withKeptExits);
  // (A label in another hunk of the function: an added `goto unlock_out` in one hunk, the label
  // and the unlocks after it in the next.)
  const tails = hunkLabelTails(newItems);
  for (const other of ctx.hunksInPatch?.get(run.fn) ?? []) {
    if (other === h) continue;
    // (Not another hunk's `break` or `continue`: the loop it leaves is that hunk's.)
    for (const [label, tail] of hunkLabelTails(parseItems(sideLines(other, 'new')))) if (!tails.has(label) && label !== 'break' && label !== 'continue') tails.set(label, tail);
  }
  const stmts = liftTree(addTree, ctx, run.fn, tails) as MStmt[];
  // A step the run deletes where the model has no such step, added back in another spelling of
  // the same primitive (`put_page(page)` -> `folio_put(folio)`, a folio conversion): no such step
  // here either. (Only at the run's own level: a step moved into a new block is no respelling.)
  for (let i = stmts.length - 1; i >= 0 && absentRemoved.length && !ctx.strict; i--) {
    const s = stmts[i];
    if (s.op === 'if' || s.op === 'return' || s.op === 'call') continue;
    const k = absentRemoved.findIndex((d) => same(s, d as MStmt));
    if (k < 0) continue;
    ctx.ignored.push(`${run.fn}: \`${s.c}\` (the removed \`${absentRemoved[k].c}\` respelled: no such step in the model either)`);
    absentRemoved.splice(k, 1);
    stmts.splice(i, 1);
  }
  // A deletion found already replaced (removeNodes) is read only with added lines that are calls
  // of added helpers making just that step: the same replacement, which the model has once.
  // Anything else (the step dropped on this branch, or more) is not placed.
  if (sameReplacement.size) {
    const sameCalls = !at && stmts.length > 0 && stmts.every((x) => x.op === 'call' && addedFns.has((x as CallStmt).fn) && [...helperOps(ctx, (x as CallStmt).fn)].every((o) => sameReplacement.has(o)));
    if (!sameCalls) throw new Unplaceable(`the run removes the model's ${[...sameReplacement].join(', ')} step, which an earlier change of this patch already replaced, and does not replace it the same way`);
    assumeIgnored(ctx, `${run.fn}: ${stmts.map((x) => `\`${x.c}\``).join(', ')} replaces the same ${[...sameReplacement].join(', ')} step as an earlier change of this patch (one step of the model for two branches of the kernel's code)`);
    return;
  }
  /**
   * A braceless test replaced by a braced one around its kept statement (`-if (pte_present(pte))`
   * `+if (pte_present(old_pte)) {` `+nr = ...;` ` force_flush = true;` `+}`): the model's steps of
   * that statement go inside the new block, between the lifted lines added before and after it.
   */
  function intoBracedBlock(k: { then: MStmt[]; else?: MStmt[]; header: string }): boolean {
    const d = restDels.find((x) => x.kind === 'if' && x.braceless && norm(x.text) === norm(k.header));
    const body = d ? oldItems[oldItems.indexOf(d as (typeof oldItems)[number]) + 1] : undefined;
    if (!body || body.origin !== 'ctx') return false;
    const nb = newItems.findIndex((x) => x.origin === 'ctx' && x.at === body.at);
    if (nb < 0) return false;
    // The innermost added braced test whose block holds that line.
    let a = -1;
    for (let i = nb - 1; i >= 0; i--) {
      const x = newItems[i];
      if (x.depth < newItems[nb].depth - 1) break;
      if (x.depth === newItems[nb].depth - 1 && x.kind === 'if' && !x.braceless && x.origin === 'add' && restAdds.includes(x)) {
        a = i;
        break;
      }
      if (x.depth < newItems[nb].depth) break;
    }
    if (a < 0) return false;
    let close = nb + 1;
    while (close < newItems.length && !(newItems[close].kind === 'close' && newItems[close].depth === newItems[a].depth + 1)) close++;
    if (close >= newItems.length) return false;
    const target = flatten(stmts).find((e) => e.s.op === 'if' && norm(e.s.c) === norm(newItems[a].text));
    if (!target || target.s.else?.length) return false;
    // The model's else (what runs when the test fails: the kernel's fall-through past a kept
    // `return do_wp_page(vmf)`) stays only under the same test, braces added.
    if (k.else?.length && norm(newItems[a].text) !== norm(k.header)) return false;
    const inBlock = (lo: number, hi: number) => newItems.slice(lo, hi).filter((x) => restAdds.includes(x));
    const before = liftTree(safeTree(inBlock(a + 1, nb)), ctx, run.fn) as MStmt[];
    const after = liftTree(safeTree(inBlock(nb + 1, close)), ctx, run.fn) as MStmt[];
    (target.s as { then: MStmt[] }).then = [...before, ...k.then, ...after];
    if (k.else?.length) (target.s as { else?: MStmt[] }).else = k.else;
    ctx.ignored.push(`${run.fn}: \`${k.header}\` -> \`${newItems[a].text}\` around the same \`${body.text}\`, now a block`);
    return true;
  }
  if (kept.length) {
    // The new headers' innermost if (the body lines follow it as context).
    const innermost = (x: MStmt): MStmt => {
      let cur = x;
      while (cur.op === 'if' && cur.then?.length === 1 && cur.then[0].op === 'if' && !cur.else?.length) cur = cur.then[0];
      return cur;
    };
    const headerAdds = addTree.filter(headerOnly);
    const targets = stmts
      .filter((x) => x.op === 'if' && !x.else?.length)
      .map(innermost)
      .filter((x) => (x.then?.length ?? 0) === 0 && !(x.else?.length ?? 0));
    for (const k of kept) {
      const t = headerAdds.length && targets.length ? targets.shift() : undefined;
      if (headerAdds.length) headerAdds.shift();
      if (t) {
        (t as { then: MStmt[] }).then = k.then;
        if (k.else) (t as { else?: MStmt[] }).else = k.else;
        continue;
      }
      if (intoBracedBlock(k)) continue;
      // No new header: the body runs unconditionally where the if was.
      if (!at) throw new Unplaceable('an if whose header alone is removed has no place in the model');
      const place: Place = at;
      place.list.splice(place.index, 0, ...k.then);
      at = { list: place.list, index: place.index + k.then.length };
      if (k.else?.length) throw new Unplaceable('an if with an else loses its header');
    }
  }
  if (stmts.length === 0) return;
  // Steps the base already has where the patch adds them: a base that already has the patch.
  const steps = stmts.filter((x) => x.op !== 'return' && x.op !== 'if');
  // A step the same hunk deletes elsewhere is moved, not already there.
  const movedStep = movedWithinHunk(steps);
  // A step the run itself deletes and adds back (`wp_page_reuse(vmf, folio)` ->
  // `wp_folio_reuse(vmf, folio, nr > 1)`) is replaced in place, not already there (the model may
  // have the same step on another path).
  const deletedHere = dels.flatMap((it) => liftItem(it));
  const replacedStep = steps.some((x) => deletedHere.some((d) => same(x, d as MStmt)));
  if (steps.length && !movedStep && !replacedStep && steps.every((x) => flat().some((e) => same(x, e.s)))) ctx.already++;
  // Reversed: a step of the old side the model already has means the model is not the new side.
  const modelledTest = (x: Stmt) => x.op === 'if' && !isConstCond((x as IfStmt).cond) && !/choice:/.test(condSignature((x as IfStmt).cond));
  // Steps inside a bail-out (`if (x) { unlock; return 0; }`) are that exit's own cleanup; the
  // model's main path has the same unlock. Steps of any other block count.
  const ownSteps = (xs: readonly Stmt[]): Stmt[] =>
    xs.flatMap((x) => {
      if (x.op !== 'if') return [x];
      const i = x as IfStmt;
      return [x, ...(bailsOut(i) ? [] : ownSteps(i.then)), ...ownSteps(i.else ?? [])];
    });
  const olds = ownSteps(stmts).filter((x) => (x.op !== 'return' && x.op !== 'if') || modelledTest(x));
  if (ctx.strict && olds.some((x) => flat().some((e) => same(x, e.s)))) throw new Unplaceable('the model has the old side too');
  for (const s of stmts) if (s.op === 'call' && addedFns.has((s as { fn: string }).fn)) ctx.ignored.push(`${run.fn}: calls ${(s as { fn: string }).fn}() added by the patch (inlined)`);
  // For placing, a test the model keeps as one step (`if (unlikely(!try_grab_page(page, flags)))`)
  // is that step, even where its condition alone cannot be lifted.
  const anchorItem = (it: CItem): Stmt[] => {
    const w = wholeTestStep(it);
    return w ? [w] : liftItem(it);
  };
  // (A `} else if (...) {` starts with the close of the block before it: the depth is the test's.)
  if (!at) at = anchorFor(oldItems.filter((it) => !never.has(it)), run, restAdds.find((x) => x.kind !== 'close')?.depth ?? restAdds[0]?.depth ?? null, F, anchorItem);
  // No anchor in the hunk: where a spec variant (code from a real patch) has the same lines.
  // Not for a reversed lift, which must find the model's own statements around the change.
  if (!at && !ctx.strict) {
    const hint = variantPlace(ctx.sc, run.fn, stmts, F.body);
    if (hint) {
      at = hint.at;
      ctx.ignored.push(`${run.fn}: the added lines placed where spec variant ${hint.variant} has them (${hint.where})`);
    }
  }
  // A function the model keeps empty (its work is a step of the caller's): tests and exits added
  // to it change nothing, wherever they go.
  if (!at && F.body.length === 0 && flatten(stmts as MStmt[]).every(({ s: x }) => x.op === 'if' || x.op === 'return')) {
    assumeIgnored(ctx, `${run.fn}: the model keeps it empty (its work is a step of its caller's); the tests and exits added at ${h.header.replace(/ @@.*$/, ' @@')} change nothing there`);
    return;
  }
  // Calls of helpers the patch adds whose bodies make no step on any path the model takes: no
  // step here either, wherever they stand.
  if (!at && stmts.length && stmts.every((x) => callsHelperDoingNothing(x, ctx))) {
    for (const x of stmts) ctx.ignored.push(`${run.fn}: \`${x.c}\` (${(x as CallStmt).fn}(), added by the patch, makes no step on the model's paths)`);
    return;
  }
  if (!at) {
    const e = new Unplaceable(`no modelled statement around the added lines to place them against (${stmts.map((s) => s.c).join("; ")})`);
    // A pure addition (nothing of the old side went with it) may float.
    if (!restDels.length && !ctx.strict) e.floating = { fn: run.fn, stmts };
    throw e;
  }
  // Lines added just before a branch switch (`+pte_unmap_unlock(...);` `+} else if (vmf->pte) {`,
  // the 6.5 wp_page_copy() unlock moved into each branch) end the branch the switch closes: where
  // the only anchor is the first step of the next branch, they go at the end of the one before.
  at = endOfClosedBranch(at, restAdds, stmts, F.body, (xs) => liftTree(safeTree(xs), ctx, run.fn));
  // An exit nested in a C block (two tabs or more) placed at the top of the model's function
  // would end the function on every path: its block is one the model does not have.
  const newLines = sideLines(h, 'new');
  const indent = (it: CItem) => /^\t*/.exec(newLines[it.line]?.text ?? '')![0].length;
  // (Not an exit whose text an added exit at the function's own level has too: `return 0;` both
  // inside a bail-out and at the end, 2020's finish_fault().)
  const topLevel = new Set(restAdds.filter((x) => x.kind === 'jump' && indent(x) < 2).map((x) => anchorKey(x.text)));
  const nested = restAdds.filter((x) => x.kind === 'jump' && indent(x) >= 2 && !topLevel.has(anchorKey(x.text)));
  const topExit = stmts.find((x) => x.op === 'return' && nested.some((j) => anchorKey(j.text) === anchorKey(x.c)));
  if (at.list === F.body && topExit) throw new Unplaceable(`\`${topExit.c}\` is inside a block the model does not have`);
  at.list.splice(at.index, 0, ...stmts);
  // The model's own steps a re-headed if keeps (`keepBody`) are not new: a later run of the same
  // patch may delete them (`-pte = ptep_get_and_clear(...)` below a respelled `if (pte_none(...))`).
  const keptSteps = new Set(kept.flatMap((k) => [...flatten(k.then), ...flatten(k.else ?? [])].map((e) => e.s)));
  for (const x of flatten(stmts)) if (!keptSteps.has(x.s)) ctx.inserted.add(x.s);
}

/**
 * For `A && B && !call(...)`, the condition under which `call` runs: `A && B` (undefined when the
 * call is the whole test, null when the test is not a plain conjunction).
 */
function gateAround(condSrc: string, callOp: string, lc: LexContext): { cond: Cond; pre: Stmt[] } | undefined | null {
  const e = parseBool(condSrc);
  const atoms = e.t === 'and' ? e.args : [e];
  const holds = (x: BoolExpr): boolean => {
    const inner = x.t === 'not' ? x.arg : x;
    return inner.t === 'atom' && liftStatementKey(inner.text, lc) === callOp;
  };
  const rest = atoms.filter((x) => !holds(x));
  if (rest.length === atoms.length) return null;
  if (rest.length === 0) return undefined;
  if (e.t !== 'and') return null;
  const c = liftCondition(rest.map((x) => x.text).join(' && '), lc);
  return 'unknown' in c ? null : c;
}

function liftStatementKey(text: string, lc: LexContext): string | null {
  const r = liftStatement(text.replace(/^if\s*/, ''), 'stmt', lc);
  return r.kind === 'stmts' && r.stmts[0] ? r.stmts[0].op : null;
}

/**
 * A changed run often starts or ends inside a block whose braces are context: `} else if (x) {`
 * with the closing `}` unchanged. Drop the leading closes, read a leading `else if` as the `if`
 * it is, and close what the run leaves open.
 */
function balanceRun(items: readonly CItem[]): CItem[] {
  let out = [...items];
  while (out.length && out[0].kind === 'close') out = out.slice(1);
  if (out.length && out[0].kind === 'elseif') out[0] = { ...out[0], kind: 'if' };
  let depth = 0;
  // Closes of blocks opened before the run (their opening line is context) are dropped.
  out = out.filter((it) => {
    if (it.kind === 'open' || ((it.kind === 'if' || it.kind === 'elseif' || it.kind === 'else') && !it.braceless)) depth++;
    if (it.kind === 'close') {
      if (depth === 0) return false;
      depth--;
    }
    return true;
  });
  for (let i = 0; i < depth; i++) out.push({ kind: 'close', text: '}', depth: 0, line: 0, origin: 'add' });
  return out;
}

/**
 * The tails of the labels the hunk's new side shows (`out_unlock:` and the unlocks after it, up
 * to the exit): an added `goto out_unlock` runs them before it leaves, as labelTails() reads a
 * whole function. A label whose tail the hunk does not show whole is left out.
 * A `break` or `continue` of a loop whose end the hunk shows has the C after the loop as its
 * tail, under the key `break` or `continue`: the model runs the loop once, so either goes on
 * past the loop's `}` (to `out_unlock: mmap_read_unlock(mm);`), not out of the function.
 */
function hunkLabelTails(items: readonly CItem[]): Map<string, CNode[]> {
  const tails = new Map<string, CNode[]>();
  items.forEach((it, i) => {
    if (it.kind !== 'label') return;
    const tree = tailFrom(items, i + 1, it.depth);
    if (tree) tails.set(it.text.replace(/:$/, ''), tree);
  });
  for (const jump of ['break', 'continue'] as const) {
    // (Only when every such jump of the hunk leaves the same loop: the key names no loop.)
    const ends = items.flatMap((it, i) => (it.kind === 'jump' && it.text === jump ? [loopEnd(items, i, jump)] : []));
    const end = ends[0];
    if (!end || ends.some((e) => e?.after !== end.after)) continue;
    const tree = tailFrom(items, end.after, end.depth);
    if (tree) tails.set(jump, tree);
  }
  return tails;
}

/**
 * The items from `start` at block depth `depth`, up to the first exit at that depth, as a tree;
 * null when they leave the block first, or when the hunk cuts them off away from the function's
 * top level or before any step (a tail cut at the top level after a step is followed on in the
 * model: see modelAfter()).
 */
function tailFrom(items: readonly CItem[], start: number, depth: number): CNode[] | null {
  const tail: CItem[] = [];
  for (const x of items.slice(start)) {
    if (x.depth < depth || (x.kind === 'close' && x.depth <= depth)) return null;
    if (x.kind === 'label') continue;
    tail.push(x);
    if (x.kind === 'jump' && x.depth === depth) break;
  }
  const partial = tail[tail.length - 1]?.kind !== 'jump';
  if (partial && (depth !== 0 || !tail.some((x) => x.kind === 'stmt' && x.depth === 0))) return null;
  try {
    const tree = parseTree(tail);
    if (partial) PARTIAL_TAILS.add(tree);
    return tree;
  } catch (e) {
    if (!(e instanceof CParseError)) throw e;
    return null;
  }
}

/** A loop's header, as the hunk's items spell it: `for (...)`, `while (...)`, `do`, `list_for_each_entry(...)`. */
const LOOP_HEADER = /^(?:(?:for|while)\s*\(|do$|\w*for_each\w*\s*\()/;

/**
 * Where the loop a `break` or `continue` (item `i`) leaves ends in the hunk: the index after its
 * `}` (and after a `do` loop's `while (...)`, the loop's own test) and the depth of the loop's
 * header; null when the hunk does not show the loop whole around the jump, or the jump is a
 * `break` of a `switch` or of a block whose header is no known loop (`scoped_guard()`).
 */
function loopEnd(items: readonly CItem[], i: number, jump: 'break' | 'continue'): { after: number; depth: number } | null {
  let d = items[i].depth;
  // (`if (x) break;` on one line: the jump is the test's statement, one level in.)
  const prev = items[i - 1];
  if (prev?.braceless && prev.line === items[i].line && prev.depth === d - 1) d--;
  let head = -1;
  for (let j = i - 1; j >= 0 && head < 0; j--) {
    const it = items[j];
    if (it.depth >= d) continue;
    // `it` opens the block the walk is in.
    if (it.kind === 'stmt' && LOOP_HEADER.test(it.text)) head = j;
    else if (it.kind === 'stmt' && /^switch\s*\(/.test(it.text) && jump === 'continue') d = it.depth;
    else if (it.kind === 'if' || it.kind === 'elseif' || it.kind === 'else' || it.kind === 'open') d = it.depth;
    else return null;
  }
  if (head < 0) return null;
  const depth = items[head].depth;
  const close = items.findIndex((x, k) => k > i && x.kind === 'close' && x.depth === depth + 1);
  if (close < 0) return null;
  const test = items[close + 1];
  const after = items[head].text === 'do' && test?.kind === 'stmt' && test.depth === depth && /^while\s*\(/.test(test.text) ? close + 2 : close + 1;
  return { after, depth };
}

/**
 * `at` moved to the end of the then-branch of the `if` whose else-branch it starts, when the
 * added lines are statements followed by an `} else` / `} else if (...) {` that adds nothing of
 * its own (everything lifted comes from the lines before it): those lines close that branch.
 */
function endOfClosedBranch(at: Place, adds: readonly CItem[], stmts: readonly Stmt[], body: MStmt[], lift: (xs: CItem[]) => Stmt[]): Place {
  const sw = adds.findIndex((x) => x.kind === 'else' || x.kind === 'elseif');
  if (sw <= 0 || at.index !== 0) return at;
  // (The switch's line starts with the close of the branch: `} else if (...) {`.)
  const before = adds.slice(0, adds[sw - 1].kind === 'close' ? sw - 1 : sw);
  if (!before.every((x) => x.kind === 'stmt' && x.depth > adds[sw].depth)) return at;
  if (lift(before).length !== stmts.length) return at;
  const parent = flatten(body).find((e) => e.s.op === 'if' && (e.s as IfStmt).else === at.list)?.s as (IfStmt & { then: MStmt[] }) | undefined;
  return parent ? { list: parent.then, index: parent.then.length } : at;
}

/** Label tails the hunk cuts off before their exit. */
const PARTIAL_TAILS = new WeakSet<readonly CNode[]>();

/**
 * What the model runs after the last step of a label's tail the hunk cuts off (`unlock_out:
 * spin_unlock(new_ptl); spin_unlock(old_ptl);` and the end of the hunk): the top-level statements
 * after the same step in the model's function, to its end. Null when the model has no such step
 * at its top level, or the tail lifts to nothing to find it by.
 */
function modelAfter(body: readonly MStmt[] | undefined, tail: readonly Stmt[]): readonly MStmt[] | null {
  const last = tail[tail.length - 1];
  if (!body || !last) return null;
  const k = body.findIndex((x) => x.op === last.op && anchorKey(x.c) === anchorKey(last.c));
  return k < 0 ? null : body.slice(k + 1);
}

function safeTree(items: readonly CItem[]): CNode[] {
  try {
    return parseTree(balanceRun(items));
  } catch (e) {
    if (e instanceof CParseError) throw new Unplaceable(`the changed lines do not form whole statements (${e.message})`);
    throw e;
  }
}

/**
 * Where a spec variant has the statements a patch adds: the variants are code from real patches,
 * so a patch that adds what one of them added (a fix, posted against another release) goes where
 * that variant puts it, before the same model statement (or after the same one). Only a single,
 * unambiguous place counts.
 */
function variantPlace(sc: Scenario, fn: string, stmts: readonly Stmt[], body: MStmt[]): { at: Place; variant: string; where: string } | null {
  // The whole group, in order, and more than one common step: a lone `pte_unmap_unlock()` that a
  // variant has somewhere says nothing about where this patch put its own.
  const n = stmts.length;
  if (n === 0 || (n < 2 && !stmts.some((x) => x.op === 'if'))) return null;
  const places = new Map<string, { at: Place; variant: string; where: string }>();
  for (const v of sc.variants) {
    // Code no tree had (a variant the spec infers) is no evidence of where real code goes.
    if (/^inference\b/.test(v.source) || v.posted) continue;
    for (const { s: e, list } of flatten(clone(v.code(sc.baseline)[fn] ?? []))) {
      const i = list.indexOf(e);
      if (i + n > list.length || !stmts.every((x, k) => same(x, list[i + k]))) continue;
      const next = list[i + n];
      const prev = i > 0 ? list[i - 1] : undefined;
      const target = next ? flatten(body).find((x) => same(next, x.s)) : undefined;
      const after = !target && prev ? flatten(body).find((x) => same(prev, x.s)) : undefined;
      const at = target ? { list: target.list, index: target.list.indexOf(target.s) } : after ? { list: after.list, index: after.list.indexOf(after.s) + 1 } : null;
      if (!at) continue;
      const where = target ? `before \`${target.s.c}\`` : `after \`${after!.s.c}\``;
      places.set(where, { at, variant: v.id, where });
    }
  }
  return places.size === 1 ? [...places.values()][0] : null;
}

/** Where pure additions go: before the next modelled statement after them, else after the last before. */
function anchorFor(
  oldItems: readonly (CItem & { at: number })[],
  run: Run,
  addDepth: number | null,
  F: Fn,
  liftItem: (it: CItem) => Stmt[],
): Place | null {
  const flat = flatten(F.body);
  // The hunk's old side is in the model's order: an anchor after the run is looked for after
  // the modelled statements the context before the run matched (`if (new_ptl != old_ptl)` is
  // both the lock and the unlock; the one after the run's preceding context is meant).
  let floor = -1;
  // (Kept lines only: a line an earlier run deleted is gone from the model, and a statement like it
  // that the model still has is another one, further on.)
  for (const it of oldItems) {
    if (it.at >= run.start || it.kind === 'close' || it.kind === 'open' || it.origin !== 'ctx') continue;
    const x = liftItem(it)[0];
    if (!x) continue;
    const k = flat.findIndex((e, i) => i > floor && same(x, e.s));
    if (k >= 0) floor = k;
  }
  // (Where the context before the run matched a statement, an anchor after the run is after it:
  // a kept `unlock_page(page)` on the error path below the run is not the success path's unlock
  // the context before it already matched.)
  const find = (it: CItem, after = false): { s: MStmt; list: MStmt[] } | null => {
    const x = liftItem(it)[0];
    if (!x) return null;
    return flat.find((e, i) => i > floor && same(x, e.s)) ?? (after && floor >= 0 ? undefined : flat.find((e) => same(x, e.s))) ?? null;
  };
  const findAfter = (it: CItem) => find(it, true);
  const depthAt = (() => {
    if (addDepth !== null) return addDepth;
    const after = oldItems.find((it) => it.at >= run.end);
    const before = [...oldItems].reverse().find((it) => it.at < run.start);
    return after?.depth ?? before?.depth ?? 0;
  })();
  // The statement of a braceless `if (x)` (or `else`) on its own line is one level inside it: it
  // is no anchor for lines added before the `if` (they go before the test, not into its block).
  const bodyDepth = (it: CItem & { at: number }): number => {
    const i = oldItems.indexOf(it);
    const prev = i > 0 ? oldItems[i - 1] : undefined;
    return prev && (prev.kind === 'if' || prev.kind === 'elseif' || prev.kind === 'else') && prev.braceless && prev.line !== it.line && prev.depth === it.depth && (it.kind === 'stmt' || it.kind === 'jump') ? it.depth + 1 : it.depth;
  };
  for (const it of oldItems) {
    if (it.at < run.end || it.kind === 'close' || it.kind === 'open') continue;
    if (bodyDepth(it) > depthAt) continue;
    if (it.depth < depthAt) break;
    const e = findAfter(it);
    if (e) return { list: e.list, index: e.list.indexOf(e.s) };
  }
  // The next modelled statement is inside a loop or block the model flattens (`do { ... }`).
  for (const it of oldItems) {
    if (it.at < run.end || it.kind === 'close' || it.kind === 'open' || it.depth < depthAt) continue;
    const e = findAfter(it);
    if (e) return { list: e.list, index: e.list.indexOf(e.s) };
  }
  const before = oldItems.filter((it) => it.at < run.start).reverse();
  // The statement of a braceless `if (x)` on its own line is inside it, one level deeper, as the
  // braced form of the new side has it (`if (new_ptl != old_ptl)` + `spin_lock_nested()` gaining braces).
  // Only the line just before the added ones: the block the new side opens around them.
  const depthOf = (it: CItem & { at: number }): number => (it === before[0] ? bodyDepth(it) : it.depth);
  // (Or a statement outside the block the added lines open into, where that block's test is one
  // the model always takes and so has flattened in place: `tlb_gather_mmu(...)`, then
  // `if (type == CLEAR_REFS_SOFT_DIRTY) {` and the added lines.)
  const alwaysTaken = (x: CItem) => {
    const c = x.kind === 'if' && !x.braceless ? liftItem(x)[0] : undefined;
    return !!c && c.op === 'if' && isConstCond((c as IfStmt).cond) && constTruth((c as IfStmt).cond);
  };
  const throughTakenBlocks = (it: CItem & { at: number }): boolean => {
    if (it.depth >= depthAt) return false;
    const between = oldItems.filter((x) => x.at > it.at && x.at < run.start);
    const openers = between.filter((x) => x.depth < depthAt && x.depth >= it.depth);
    return openers.length === depthAt - it.depth && openers.every(alwaysTaken) && between.every((x) => x.depth >= it.depth && x.kind !== 'close');
  };
  for (const it of before) {
    if (it.kind === 'close' || it.kind === 'open') continue;
    if (it.depth !== depthAt && depthOf(it) !== depthAt && !throughTakenBlocks(it)) continue;
    const e = find(it);
    if (!e) continue;
    // `if (T) goto copy;` that the model keeps as `if (T) {} else { ...the fall-through... }` (the
    // jump's target after the if): a line added after the jump runs only when T is false, which
    // is the model's else, not the code after its if (the jump's target).
    const i = oldItems.indexOf(it);
    const body = oldItems[i + 1];
    const jumpsAway = (it.kind === 'if' || it.kind === 'elseif') && it.braceless && body?.kind === 'jump' && !/^return\b/.test(body.text);
    if (jumpsAway && e.s.op === 'if' && (e.s.then?.length ?? 0) === 0 && (e.s.else?.length ?? 0) > 0) return { list: e.s.else as MStmt[], index: 0 };
    return { list: e.list, index: e.list.indexOf(e.s) + 1 };
  }
  // First statements of a block whose opening `if` the model has (blocks in between it and the
  // added lines are ones the model does not have, e.g. `if (old_page) {`).
  for (const it of before) {
    if ((it.kind !== 'if' && it.kind !== 'elseif') || it.braceless || it.depth >= depthAt) continue;
    const e = find(it);
    if (e && e.s.op === 'if') return { list: (e.s.then ??= []) as MStmt[], index: 0 };
  }
  return null;
}

/**
 * Lift every hunk of `files` that is in one of the scenario's modelled functions. Hunks of
 * functions the scenario does not model are not its business (they are out of its scope).
 */
/** Files no modelled kernel builds: mm/nommu.c is the !CONFIG_MMU copy of the mm functions. */
const UNBUILT = /^mm\/nommu\.c$/;

/** Whether the scenario's lexicon decides the test `text` true wherever it stands (a fact or a constant rule). */
function lexiconDecidesTrue(lex: ScenarioLexicon, text: string): boolean {
  for (const f of lex.facts ?? []) if (f.re.test(text)) return f.value;
  for (const r of lex.condRules ?? []) {
    const m = r.re.exec(text);
    if (!m || !r.cond) continue;
    const c = r.cond(text, m).cond;
    return isConstCond(c) && constTruth(c);
  }
  return false;
}

export function liftPatch(sc: Scenario, patchFiles: readonly DiffFile[], base: KernelCode = sc.baseline, opts: LiftOptions = {}): LiftResult {
  // (A GUP flag of the patch's own that it only tests is clear in every modelled GUP.)
  const linesOf = (kind: 'add' | 'del') => patchFiles.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === kind).map((l) => l.text)));
  const posted = postedGupFlagFacts(linesOf('add'), linesOf('del'));
  const lex = posted.length ? { ...sc.lexicon, facts: [...(sc.lexicon.facts ?? []), ...posted] } : sc.lexicon;
  // A parameter the patch renames is read under its old name in that function.
  const { files: withParams, renames } = readRenamedParams(patchFiles, functionAtLines);
  // An `else` added or removed under a kept `if`: the whole `if` statement is the change.
  // A kept `if (X) {` pushed down a chain the patch adds before it: the chain unfolded.
  // A hunk header's function name the diff tool cut (`__mcopy_a`) is the modelled one it begins.
  const { files: completed, notes: cutNotes } = completeCutNames(withParams, sc.functions);
  // A call through a member the patch binds in shmem's operations tables is that function, where
  // the scenario's VMA maps shmem.
  const { files: whole, notes: opsNotes } = lexiconDecidesTrue(lex, 'vma_is_shmem(vma)') ? callsThroughShmemOps(completed) : { files: completed, notes: [] };
  const files = widenElseRuns(unfoldPushedChains(whole));
  const modelled = new Set(sc.functions.map((f) => f.name));
  // A patch none of whose hunks is in a function of this scenario (under any of its names) is
  // not its business: nothing to lift, and no lexicon to build.
  // A function the patch itself renames is the modelled one under its old name.
  // A function split into a worker under a new name and a wrapper under the old: the worker
  // is the modelled function, the wrapper no new function.
  const split = splitByPatch(files);
  // (Of two functions renamed alike, the one this scenario models.)
  const renamedInPatch = new Map(renamedByPatch(files));
  for (const [to, olds] of renamedFromAllByPatch(files)) {
    const m = olds.find((o) => modelled.has(o) || !!modelledFunctionFor(o, modelled, opts.version ?? null));
    if (m) renamedInPatch.set(to, m);
  }
  const byPatch = new Map([...renamedInPatch, ...split]);
  // A patch that makes a later release's rename speaks that release's names.
  const naming = renamingRelease(files, opts.version ?? null) ?? opts.version ?? null;
  const inScope = files.some((f) => f.hunks.some((h) => functionAtLines(h).some((n) => !!n && (!!modelledFunctionFor(byPatch.get(n) ?? n, modelled, naming) || !!partOf(n, modelled)))));
  if (!inScope) return { scenario: sc.id, touched: [], code: base, unmapped: [], applied: [], ignored: [], misses: 0, hits: 0, already: 0, assumptions: [] };
  const keys = keysFor(sc, base);
  const fns = new Map<string, Fn>(Object.entries(base).map(([k, v]) => [k, { body: clone(v) }]));
  const assumptions: string[] = [...cutNotes, ...opsNotes];
  const renamed = new Map<string, string>();
  const functionNamed = (name: string): string | null => {
    const m = modelledFunctionFor(byPatch.get(name) ?? name, modelled, naming);
    if (m && m !== name) renamed.set(name, m);
    return m;
  };
  for (const r of renames) {
    const m = functionNamed(r.fn);
    if (!m || !modelled.has(m)) continue;
    if (r.local) assumptions.push(`${r.fn}(): the local \`${r.from}\` is renamed \`${r.to}\` at its declaration and in every line that uses it; read as \`${r.from}\``);
    else assumptions.push(r.folded ? `${r.fn}(): \`${r.to}\` is the parameter \`${r.from}\`, passed in a struct; read as \`${r.from}\`` : `${r.fn}(): \`${r.to}\` is the parameter \`${r.from}\` renamed; read as \`${r.from}\``);
  }
  const floating: Floating[] = [];
  const hunksInPatch = hunksByFunction(files);
  const ctx: Ctx = { sc, release: naming, lex, keys, fns, defs: new Map(), ignored: [], assumptions, functionNamed, misses: 0, hits: 0, already: 0, inserted: new WeakSet(), floating, deletedInPatch: deletedLinesByFunction(files), hunksInPatch, otherLocks: new Map(), resultTests: new Map(), pageLockAbstracted: pageLockAbstracted(sc, keys, base, hunksInPatch, functionNamed) };
  // The base as the patch's old side has it, where a hunk had to be lifted in reverse.
  const baseFns = new Map<string, Fn>(Object.entries(base).map(([k, v]) => [k, { body: clone(v) }]));
  let reversed = false;
  const touched = new Set<string>();
  const unmapped: Unmapped[] = [];
  const applied: HunkRef[] = [];
  // Where the lift stood before each hunk (for a hunk read again together with the next one).
  const liftedBefore = new Map<DiffHunk, { saved: Map<string, MStmt[]>; floatingAt: number; ignoredAt: number; assumedAt: number; appliedAt: number }>();
  const helperHunks: { ref: HunkRef; fns: string[] }[] = [];
  /** The patch's hunks of a function, under its name in the patch or the model's. */
  const hunksOfFunction = (fn: string | undefined) => (fn ? [...(hunksInPatch.get(fn) ?? []), ...[...hunksInPatch].filter(([n]) => n !== fn && functionNamed(n) === fn).flatMap(([, hs]) => hs)] : []);
  /** A hunk lifted in reverse into the base (liftReversed()), with what it says. */
  const tookReversed = (ref: HunkRef, said: string) => {
    applied.push(ref);
    reversed = true;
    if (!assumptions.includes(said)) assumptions.push(said);
  };

  // Functions the patch adds (or rewrites whole) become modelled code the patch may call.
  const added = addedFunctions(files);
  // An MMU-notifier helper the patch adds (the 2008 postings' mmu_notifier_unmap()) calls the
  // subscribers: where there are none, a call of it is a notifier call with no one to call, not
  // its body to lift.
  if (sc.lexicon.noMmuNotifierSubscribers) for (const name of [...added.keys()]) if (isMmuNotifierName(name) && !modelled.has(name)) added.delete(name);
  for (const wrapper of split.values()) added.delete(wrapper);
  // (Nor a modelled function the patch renames and rewrites, its new header over its old: 2023's
  // copy_present_ptes(), copy_present_pte() batched. It is the modelled function, changed.)
  // (Not where the patch gives the old name two new ones, a copy for each case: 2026's
  // mfill_atomic_pte_continue_anon() and _shmem(); the one written anew is a new function.)
  const newNamesOf = (from: string) => [...renamedInPatch.values()].filter((x) => x === from).length;
  for (const [to, from] of renamedInPatch) if (added.has(to) && newNamesOf(from) === 1 && modelledFunctionFor(from, modelled, naming)) added.delete(to);
  // A macro the patch turns into a function of the same name (`#define pte_alloc(mm, pmd) ...` ->
  // `static inline int pte_alloc(...)`), where the model has that call as a step: the step, as
  // before; its body is not lifted in its place.
  for (const name of deletedMacroNames(files)) {
    if (!added.has(name) || !(keys.stmt.has(name) || keys.cond.has(name))) continue;
    assumptions.push(`${name}() is a function now, no longer a macro (${added.get(name)!.file}): the model's ${keys.stmt.get(name) ?? keys.cond.get(name)} step, as before`);
    added.delete(name);
  }
  // Parameters the modelled callers all pass one constant to are that constant in the callee.
  for (const [fn, ps] of constantParams(files, (n) => modelled.has(functionNamed(n) ?? n))) {
    const name = functionNamed(fn) ?? fn;
    if (!modelled.has(name)) continue;
    if (!ctx.defs.has(name)) ctx.defs.set(name, new Map());
    for (const [p, v] of ps) {
      ctx.defs.get(name)!.set(p, v);
      assumptions.push(`${name}(): \`${p}\` is ${v}, as every modelled caller passes it`);
    }
  }
  const exprs = new Map<string, { params: string[]; expr: string }>();
  for (const [name, a] of added) {
    // (Not a modelled function under a name the patch gives it: that one is lifted as itself.)
    const e = modelled.has(name) || modelled.has(functionNamed(name) ?? name) ? null : booleanChain(a.def, a.items);
    if (e) exprs.set(name, e);
  }
  for (const [name, e] of addedMacros(files)) if (!exprs.has(name) && !added.has(name) && !modelled.has(name) && !modelled.has(functionNamed(name) ?? name)) exprs.set(name, e);
  ctx.helperExprs = exprs;
  ctx.splitFrom = split;
  ctx.fnPointers = fnPointerNames(files);
  ctx.renamedFrom = renamedInPatch;
  ctx.addedFns = new Set(added.keys());
  // A flag the patch defines and sets only on branches no model takes is clear on every modelled
  // path: its tests are decided before any line is placed (the helpers' too).
  // (So is a list it declares and fills only there: empty on every modelled path.)
  const untakenIn = (items: readonly CItem[], raw: string): ReadonlySet<CItem> | null => {
    // (A function the patch adds that no modelled path calls: none of its lines runs there.)
    if (added.has(raw) && !modelled.has(raw) && !reachesModel(files, raw, (n) => modelled.has(functionNamed(n) ?? n), (n) => added.has(n))) return new Set(items);
    const fn = added.has(raw) ? null : functionNamed(raw) ?? raw;
    if (!fn || !modelled.has(fn)) return null;
    const lc = { ...lexCtx(ctx, raw), assume: () => {} };
    return new Set([...inUntakenBranches(items, lc), ...inBlocksNeverEntered(items, lc)]);
  };
  const ownFlags = [...ownFlagFacts(files, untakenIn), ...ownListFacts(files, untakenIn, (raw) => functionNamed(raw) ?? raw)];
  if (ownFlags.length) ctx.lex = { ...ctx.lex, facts: [...(ctx.lex.facts ?? []), ...ownFlags] };
  // (Helpers the patch adds that hold the page lock only inside themselves, around no step.)
  const lockInside = pageLockInsideHelpers(added);
  if (lockInside.size) ctx.pageLockAbstracted = new Map([...(ctx.pageLockAbstracted ?? new Map<string, string>()), ...lockInside]);
  for (const name of added.keys()) if (!fns.has(name) || !modelled.has(name)) fns.set(name, { body: [] });
  for (const [name, { items }] of added) {
    try {
      const tree = parseTree(items);
      fns.set(name, { body: clone(liftTree(tree, ctx, name, labelTails(tree))) });
      if (modelled.has(name)) touched.add(name);
    } catch (e) {
      if (!(e instanceof Unplaceable || e instanceof CParseError)) throw e;
      // Only matters if a modelled function calls it; recorded then.
      fns.set(name, { body: [] });
      ctx.defs.set(`!${name}`, new Map([['why', e.message]]));
    }
  }

  // Modelled functions the patch changes outside arch/ (their generic code).
  const genericChanged = new Set<string>();
  for (const f of files) {
    if (/^arch\//.test(f.path)) continue;
    for (const h of f.hunks) for (const n of functionAtLines(h)) if (n) genericChanged.add(functionNamed(n) ?? n);
  }
  for (const f of files) {
    // (A hunk whose changed lines are not whole statements is read again, widened: see below.)
    const hunks = [...f.hunks];
    for (let hi = 0; hi < hunks.length; hi++) {
      const h = hunks[hi];
      // A function under another release's name is the modelled one (gup_fast_pte_range).
      // A modelled name that means another function in this release is not the modelled one.
      const rawAt = functionAtLines(h);
      // (And a name another function of that file has: HOMONYMS.)
      const fnAt = rawAt.map((n) => (n && HOMONYMS.some((x) => x.name === n && x.file === f.path) ? `${n} (another function of ${f.path})` : n && !added.has(n) ? functionNamed(n) ?? partOf(n, modelled)?.of ?? (modelled.has(n) ? `${n} (another function in this release)` : n) : n));
      // The generic __weak copy of a function the modelled architecture overrides is not its code.
      const overridden = (fn: string) => sc.functions.some((x) => x.name === fn && x.overriddenBy && f.path === x.file);
      // An architecture's own function (MIPS's set_pte_at) is not another architecture's.
      const archOf = (path: string) => (/^arch\/[^/]+\//.exec(path) ?? [''])[0];
      const otherArch = (fn: string) => {
        const decls = sc.functions.filter((x) => x.name === fn);
        if (decls.length > 0 && decls.every((x) => archOf(x.file) !== '' && archOf(x.file) !== archOf(f.path))) return true;
        // (An architecture's own implementation of a generic function: ARCH_OWN_IMPLEMENTATIONS.)
        if (archOf(f.path) !== '' && ARCH_OWN_IMPLEMENTATIONS.some((r) => r.fns.test(fn) && r.modelArch !== archOf(f.path))) return true;
        // An architecture's own copy of a generic function the model has, when the patch changes
        // the generic one too (4.9's x86 get_user_pages_fast() beside mm/gup.c's): the model is
        // the generic code, and the arch copy a parallel implementation of it.
        return archOf(f.path) !== '' && decls.some((x) => archOf(x.file) === '') && genericChanged.has(fn);
      };
      // A function of the same name in another part of the tree (drivers/iommu/amd_iommu_v2.c's
      // static do_fault(), beside mm/memory.c's) is another function: functions move between
      // files of mm/ across releases, never out to drivers/ or fs/.
      const topOf = (path: string) => path.split('/')[0];
      const elsewhere = (fn: string) => {
        const decls = sc.functions.filter((x) => x.name === fn);
        const top = topOf(f.path);
        return decls.length > 0 && top !== 'include' && top !== 'arch' && decls.every((x) => topOf(x.file) !== top);
      };
      // A header file's line under a function the model has in a .c file is its declaration or a
      // stub for another configuration (`static inline long __get_user_pages(...) { return 0; }`
      // under !CONFIG_MMU), whose git context line may be cut short before its `;`.
      const declaredOnly = (fn: string) => {
        const decls = sc.functions.filter((x) => x.name === fn);
        return /\.h$/.test(f.path) && decls.length > 0 && decls.every((x) => /\.c$/.test(x.file));
      };
      // The wrapper a split leaves under the old name is not the function's code.
      const wrapperHere = new Set([...split.values()].filter((w) => h.lines.some((l) => l.kind === 'add' && isDefinitionLine(l.text) && functionNameOf(l.text) === w)));
      const runs = UNBUILT.test(f.path) ? [] : changedRuns(h, fnAt).filter((r) => (modelled.has(r.fn) || added.has(r.fn)) && !overridden(r.fn) && !otherArch(r.fn) && !elsewhere(r.fn) && !declaredOnly(r.fn) && !wrapperHere.has(r.fn));
      const ref: HunkRef = { file: f.path, header: h.header, fn: runs[0]?.fn ?? functionNameOf(h.functionName), text: hunkText(ctx.hunkRead?.get(h) ?? h) };
      if (!runs.some((r) => modelled.has(r.fn) && !added.has(r.fn))) {
        // A hunk that only adds helpers: part of the model when a modelled function calls them.
        if (runs.some((r) => added.has(r.fn))) helperHunks.push({ ref, fns: runs.map((r) => r.fn).filter((n) => added.has(n)) });
        continue;
      }
      for (const r of runs) if (modelled.has(r.fn) && !added.has(r.fn)) touched.add(r.fn);
      // An architecture's copy whose page reference is not the model's (x86's GUP-fast before
      // 4.13, PLAIN_REFERENCE_COPIES): a hunk that changes that reference changes code that is not
      // the model's, in every variant; lines put in its place would land beside the model's own.
      const plainCopy = plainReferenceCopy(f.path, naming);
      const plainRef = plainCopy ? h.lines.find((l) => l.kind === 'del' && takesPageReference(l.text.trim())) : undefined;
      if (plainCopy && plainRef) {
        unmapped.push({ hunk: ref, reason: `\`${plainRef.text.trim()}\`: ${plainCopy.why}, so the reference this hunk changes is not the model's` });
        continue;
      }
      // A hunk inside the else of a test above it that the model decides false is read as that
      // else's statements alone, before anything else: the then-branch's lines are never run,
      // wherever a run reader would otherwise put them (a clear of the entry in the deferred-flush
      // branch, placed ahead of the immediate one's).
      const untaken = ctx.hunkRead?.has(h) ? null : untakenElseHunk(h, runs, ctx);
      // (Every changed line in that branch: the hunk changes nothing the model runs.)
      if (untaken && untaken.hunk.lines.every((l) => l.kind === 'context')) {
        applied.push(ref);
        assumeIgnored(ctx, `${runs[0].fn}: the change at ${h.header.replace(/ @@.*$/, ' @@')} is inside \`${untaken.head}\` (above, in the patch's earlier hunk), a block the model never enters`);
        continue;
      }
      if (untaken) {
        hunks.splice(hi + 1, 0, untaken.hunk);
        (ctx.hunkRead ??= new WeakMap()).set(untaken.hunk, h);
        continue;
      }
      const saved = snapshot(fns);
      const floatingAt = floating.length;
      liftedBefore.set(h, { saved, floatingAt, ignoredAt: ctx.ignored.length, assumedAt: ctx.assumptions.length, appliedAt: applied.length });
      // A hunk that only spells an expression another way throughout (`old_page` -> `vmf->page`)
      // changes no step: taken as it is, before the general lift reads it as removals and inserts.
      const own = runs.filter((r) => !added.has(r.fn));
      // Bail-outs to one label the model keeps as one test, rewritten (bailout-chains.ts).
      const chained = own.length && own.every((r) => r.fn === own[0].fn) ? rewriteBailoutChain(h, fns.get(own[0].fn)?.body ?? [], lexCtx(ctx, own[0].fn), hunksOfFunction(own[0].fn)) : null;
      if (chained) {
        applied.push(ref);
        ctx.hits++;
        const bailouts = `${own[0].fn}: the bail-outs to \`${chained.label}:\` at ${h.header.replace(/ @@.*$/, ' @@')}`;
        assumeIgnored(
          ctx,
          chained.was
            ? `${bailouts}, which the model keeps as its one test \`${chained.was}\`, are now ${chained.newTests.map((t) => `\`${t}\``).join(', ')}: that test is now their \`||\``
            : `${bailouts} are never taken in the model, before and after (${chained.newTests.map((t) => `\`${t}\``).join(', ')} now): its fall-through is in place`,
        );
        continue;
      }
      const span = own.length ? h.lines.slice(Math.min(...own.map((r) => r.start)), Math.max(...own.map((r) => r.end))) : [];
      const lineForLine = span.length > 0 && span.filter((l) => l.kind === 'del').length === span.filter((l) => l.kind === 'add').length && span.some((l) => l.kind === 'del');
      const respelled = lineForLine ? sameStepsBothSides(h, own, lexCtx(ctx, own[0]?.fn ?? ''), modelOpsOf(ctx, own[0]?.fn ?? ''), added, true) : null;
      if (respelled !== null) {
        applied.push(ref);
        const at = `${runs[0].fn}: the lines changed at ${h.header.replace(/ @@.*$/, ' @@')}`;
        assumeIgnored(
          ctx,
          respelled === RENAMED
            ? `${at} spell the same modelled steps and tests with one expression renamed throughout; the model is unchanged there`
            : `${at} make the same modelled steps, tests and exits on both sides, line for line; the model is unchanged there`,
        );
        continue;
      }
      // A deleted `goto` whose label and lines another hunk shows, replaced by a call of a helper
      // the patch adds (the copy half of do_wp_page() moved out of `gotten:` into wp_page_copy()):
      // compared through the jump first, as the lift of this hunk alone would place the new lines
      // without the old ones it cannot see.
      if (own.length && deletesGotoAcrossHunks(h, own, hunksOfFunction(own[0].fn))) {
        const moved = sameStepsBothSides(h, own, lexCtx(ctx, own[0].fn), modelOpsOf(ctx, own[0].fn), added, false, hunksOfFunction(own[0].fn));
        if (moved) {
          applied.push(ref);
          assumeIgnored(ctx, `${own[0].fn}: the lines changed at ${h.header.replace(/ @@.*$/, ' @@')}, with the lines their \`goto\` ran in another hunk, moved into ${moved}, added by the patch, with the same modelled steps and tests in the same order; the model is unchanged there`);
          continue;
        }
      }
      // Lines moved out of the top of a modelled function into its caller, just before the call
      // (handle_pte_fault()'s PTE read moved up into __handle_mm_fault()): the same steps, on the
      // same path, before the function's first modelled step.
      const caller = own.length === 1 ? hoistedIntoCaller(files, h, own[0], fnAt, (n) => modelled.has(functionNamed(n) ?? n)) : null;
      if (caller) {
        applied.push(ref);
        assumeIgnored(ctx, `${own[0].fn}: the lines deleted at ${h.header.replace(/ @@.*$/, ' @@')} are added to ${caller}() just before it calls ${own[0].fn}(): the same steps on the same path; the model is unchanged there`);
        continue;
      }
      try {
        // Runs that are inside a function the patch adds were lifted with that function.
        for (const r of runs) {
          if (added.has(r.fn)) continue;
          const part = rawAt[r.start] && !added.has(rawAt[r.start]!) && !functionNamed(rawAt[r.start]!) ? partOf(rawAt[r.start]!, modelled) : null;
          if (part && !liftablePart(h, r, part, ctx)) continue;
          liftRun(h, r, ctx, new Set(added.keys()));
        }
        for (const fn of new Set(own.map((r) => r.fn))) {
          const fenced = afterExit(fns.get(fn)?.body ?? []) ? pruneFencedLabelTail(h, fn, fns.get(fn)?.body ?? [], fnAt, ctx) : null;
          if (fenced) ctx.ignored.push(fenced);
          const dead = afterExit(fns.get(fn)?.body ?? []);
          if (dead) throw new Unplaceable(`the lifted change puts \`${dead.c}\` after an exit of its block, where nothing runs: the hunk is not where the model has it`);
          const lost = lostTest(h, fn, saved.get(fn) ?? [], fns.get(fn)?.body ?? [], fnAt, ctx) ?? lostStep(h, fn, saved.get(fn) ?? [], fns.get(fn)?.body ?? [], fnAt, ctx) ?? disordered(h, fn, fns.get(fn)?.body ?? [], fnAt, rawAt.map((n) => (n && !added.has(n) ? functionNamed(n) ?? n : n)), ctx);
          if (lost) throw new Unplaceable(lost);
        }
        // Added steps with nothing modelled around them that the model's function has already,
        // each (`__SetPageLocked(page)` in a posting of the series that wrote the modelled code):
        // the model is the patch's result, so the base is the model without them, when the
        // hunk lifts in reverse.
        const floated = floating.slice(floatingAt);
        if (floated.length && floated.every((x) => x.stmts.every((st) => flatten(saved.get(x.fn) ?? []).some((e) => same(st, e.s))))) {
          const back = liftReversed(h, runs, ctx, baseFns, added);
          if (back) {
            restore(fns, saved);
            floating.length = floatingAt;
            tookReversed(ref, back);
            continue;
          }
        }
        applied.push(ref);
      } catch (e) {
        if (!(e instanceof Unplaceable)) throw e;
        restore(fns, saved);
        floating.length = floatingAt;
        // Changed lines that are no whole statements on a side: read as replacing the smallest
        // window of whole statements around them (statement-window.ts), in place of this hunk.
        // (Or `} else if (C)` made an else block around `if (C)`: else-blocks.ts.)
        const widened = /do not form whole statements/.test(e.message) ? wholeStatementHunk(h) ?? elseIfAsElseBlock(h) : null;
        if (widened) {
          hunks.splice(hi + 1, 0, widened);
          (ctx.hunkRead ??= new WeakMap()).set(widened, ctx.hunkRead.get(h) ?? h);
          continue;
        }
        const modelledRuns = runs.filter((r) => !added.has(r.fn));
        const moved = sameStepsBothSides(h, modelledRuns, lexCtx(ctx, modelledRuns[0]?.fn ?? ''), modelOpsOf(ctx, modelledRuns[0]?.fn ?? ''), added, false, hunksOfFunction(modelledRuns[0]?.fn));
        if (moved !== null) {
          applied.push(ref);
          const at = `${modelledRuns[0].fn}: the lines changed at ${h.header.replace(/ @@.*$/, ' @@')}`;
          assumeIgnored(
            ctx,
            moved && moved !== RENAMED
              ? `${at} moved into ${moved}, added by the patch, with the same modelled steps and tests in the same order; the model is unchanged there`
              : `${at} make the same modelled steps, tests and exits on both sides, where the model cannot place them (${e.message}); the model is unchanged there`,
          );
          continue;
        }
        // A block moved across unchanged lines into another hunk of the function (3.13's
        // `dirty_accountable` test and commit moved up into `if (!prot_numa) {`): the hunk before,
        // lifted alone, and this one, read together as the same steps on both sides.
        const prev = hunks[hi - 1];
        const before = prev ? liftedBefore.get(prev) : undefined;
        const joined = before && applied.length === before.appliedAt + 1 && modelledRuns.length > 0 ? joinedHunk(modelledRuns[0].fn, prev, h) : null;
        // (From the joined hunk's first line: a head of the block it opens inside, put there from
        // HEADS_ABOVE, counts as the patch's own.)
        const changed = joined ? changedRuns(joined.hunk, functionAtLines(joined.hunk).map((n) => (n ? functionNamed(n) ?? n : n))) : [];
        const joinedRuns = changed.length ? [{ fn: changed[0].fn, start: 0, end: Math.max(...changed.map((r) => r.end)) }, ...changed.slice(1)] : [];
        const together = joined && joinedRuns.length > 0 && joinedRuns.every((r) => r.fn === modelledRuns[0].fn) ? sameStepsBothSides(joined.hunk, joinedRuns, lexCtx(ctx, modelledRuns[0].fn), modelOpsOf(ctx, modelledRuns[0].fn), added, false, hunksOfFunction(modelledRuns[0].fn).filter((o) => o !== h && o !== prev), joined.fixedTests) : null;
        if (together === '' && before) {
          // (The earlier hunk's own lift is undone: the two together change nothing.)
          restore(fns, before.saved);
          floating.length = before.floatingAt;
          ctx.ignored.length = before.ignoredAt;
          ctx.assumptions.length = before.assumedAt;
          applied.push(ref);
          assumeIgnored(ctx, `${modelledRuns[0].fn}: the lines changed at ${prev.header.replace(/ @@.*$/, ' @@')} and ${h.header.replace(/ @@.*$/, ' @@')}, read together (the unchanged lines between them kept as they are, where they are${joined?.fixedTests.length ? `, and the block the first opens inside read as \`if (${joined.fixedTests[0]})\`, the only block of ${modelledRuns[0].fn}() with the kept lines it has` : ''}), make the same modelled steps, tests and exits on both sides (${e.message}, read alone); the model is unchanged there`);
          continue;
        }
        // Only an old side the model lacks suggests the model is the new side.
        const back = /is not where the model has it|is not in the model/.test(e.message) ? liftReversed(h, runs, ctx, baseFns, added) : null;
        if (back) {
          tookReversed(ref, back);
          continue;
        }
        // The last readings, when nothing above placed the lines.
        const at = h.header.replace(/ @@.*$/, ' @@');
        const bails = modelledRuns.map((r) => deletedBailOut(h, r, ctx, fns.get(r.fn)?.body ?? []));
        if (modelledRuns.length > 0 && bails.every((b) => b)) {
          applied.push(ref);
          modelledRuns.forEach((r, i) => assumeIgnored(ctx, `${r.fn}: the patch deletes \`${bails[i]}\` at ${at}, a bail-out the model never takes (it has no such test): its path is unchanged`));
        } else if (modelledRuns.length > 0 && modelledRuns.every((r) => modelNeutral(h, r, ctx, ctx.addedFns ?? new Set(), fns.get(r.fn)?.body ?? []))) {
          // The lines test only flags this function's model has no test of.
          applied.push(ref);
          assumeIgnored(ctx, `${modelledRuns[0].fn}: the change at ${at} tests nothing this function's model tests and makes no modelled step (${e.message}); assumed not to matter to the race`);
        } else {
          // (A `switch` the hunk changes or moves, its cases included, is read statement by
          // statement, which places none of its cases: say so first.)
          const sw = h.lines.find((l) => l.kind !== 'context' && /^\s*switch\s*\(/.test(l.text));
          unmapped.push({ hunk: ref, reason: sw ? `the hunk changes or moves \`${sw.text.trim().replace(/\s*\{$/, '')}\` with its cases, and racebot does not read the cases of a switch its model does not have (${e.message})` : e.message });
        }
      }
    }
  }
  // A call to an added helper that could not be lifted makes its caller's hunk unmapped: a call
  // the modelled functions reach (not one inside a helper nothing calls any more).
  const reached = new Set<string>();
  const reach = (fn: string) => {
    if (reached.has(fn)) return;
    reached.add(fn);
    for (const e of flatten(fns.get(fn)?.body ?? [])) if (e.s.op === 'call') reach((e.s as { fn: string }).fn);
  };
  for (const fn of fns.keys()) if (modelled.has(fn)) reach(fn);
  for (const [k, v] of ctx.defs) {
    if (!k.startsWith('!')) continue;
    const name = k.slice(1);
    const called = [...reached].some((fn) => flatten(fns.get(fn)?.body ?? []).some((e) => e.s.op === 'call' && (e.s as { fn: string }).fn === name));
    if (called) unmapped.push({ hunk: { file: added.get(name)?.file ?? '', header: `${name}()`, fn: name, text: '' }, reason: `helper ${name}() added by the patch: ${v.get('why')}` });
  }
  const calledFns = new Set([...fns.values()].flatMap((fn) => flatten(fn.body).filter((e) => e.s.op === 'call').map((e) => (e.s as { fn: string }).fn)));
  if (touched.size > 0) for (const h of helperHunks) if (h.fns.some((n) => calledFns.has(n))) applied.push(h.ref);
  const lifted: Record<string, readonly Stmt[]> = {};
  for (const [k, v] of fns) lifted[k] = v.body;
  // A test of what an added helper returns, where it returns a constant on each path, follows the path it took.
  // (Whatever path lifted it, a caller's test of an added helper's stored result is the helper's
  // result until its exits say otherwise.)
  const asResults = resultTestsAsChoices(lifted, ctx.resultTests ?? new Map());
  // (A boolean helper the patch adds whose whole value is a call of another added helper.)
  const wrappers = new Map([...exprs].flatMap(([w, e]) => {
    const callee = /^\(*\s*([A-Za-z_]\w*)\s*\([^()]*\)\s*\)*$/.exec(e.expr.trim())?.[1];
    return callee && added.has(callee) ? [[w, callee] as [string, string]] : [];
  }));
  const { code: decidedWithLocals, decided } = decideHelperResults(asResults, new Set(added.keys()), wrappers);
  const byExits = stripLocalConstants(decidedWithLocals);
  // (A test the exits did not decide has the value it has as a plain test.)
  const { code: decidedCode, fell } = undecidedResultTests(byExits, ctx.resultTests ?? new Map());
  for (const c of fell) ctx.ignored.push(`${c}: the helper's exits do not decide it (a value other than a constant); read as a plain test`);
  const { code: withoutNoOps, dropped } = withoutEffectFreeCalls(decidedCode, (fn) => added.has(fn) && fns.has(fn) && (fns.get(fn)?.body.length ?? 0) > 0 && effectFree(ctx, fn));
  for (const fn of dropped) ctx.ignored.push(`${fn}() (a helper the patch adds that only tests and returns: no step the model has)`);
  let code: Record<string, readonly Stmt[]> = { ...withoutNoOps };
  // A primitive the patch redefines (its return wrapped in another primitive): the patched
  // code's steps of it make the other one too.
  const reds = touched.size > 0 ? primitiveRedefinitions(files) : [];
  if (reds.length) {
    // (The step the function's lexicon makes of the line with the other primitive in its place.)
    const stepFor = (fn: string, text: string): Stmt | null => {
      const l = liftStatement(text, 'stmt', { ...lexCtx(ctx, fn), assume: () => {} });
      return l.kind === 'stmts' && l.stmts.length === 1 && l.stmts[0].op !== 'if' && l.stmts[0].op !== 'call' && l.stmts[0].op !== 'return' ? l.stmts[0] : null;
    };
    const r = withRedefinitions(code, reds, stepFor);
    code = { ...r.code };
    for (const red of r.applied) assumptions.push(`${red.name}() now applies ${red.adds}() too (the patch changes its body in ${red.file}): each step of it in the patched code is followed by ${red.adds}()`);
    for (const m of r.missing) unmapped.push({ hunk: { file: m.red.file, header: `${m.red.name}()`, fn: m.fn, text: '' }, reason: `the patch makes ${m.red.name}() apply ${m.red.adds}() too, and ${m.fn}() of the model has no ${m.red.adds}() step to follow it with` });
  }
  for (let i = assumptions.length - 1; i >= 0; i--) {
    const m = /^`([\s\S]+)` explored both ways after (\w+)\(\) runs/.exec(assumptions[i]);
    if (m && decided.some((c) => c.includes(m[1]))) assumptions.splice(i, 1, `\`${m[1]}\` follows the exit ${m[2]}() takes: it returns a constant on each of its paths`);
  }
  for (const [from, to] of renamed) if (touched.has(to) || calledFns.has(to)) assumptions.unshift(`${from}() is ${to}() of the model (renamed)`);
  const baseOut: Record<string, readonly Stmt[]> = {};
  if (reversed) for (const [k, v] of baseFns) baseOut[k] = v.body;
  // A test explored both ways is an assumption of the check only if it is still in the code
  // checked: one the lift later set aside (inside a block the model never enters, or a run it
  // ignored) is not listed.
  const explored = choiceTests([...Object.values(code), ...Object.values(baseOut), ...floating.map((f) => f.stmts)]);
  const kept = assumptions.filter((a) => {
    const m = /^`([\s\S]+)` explored both ways \(/.exec(a);
    return !m || explored.has(m[1]);
  });
  return { scenario: sc.id, touched: [...touched], code, ...(reversed ? { base: baseOut } : {}), ...(floating.length ? { floating } : {}), ...(ctx.otherLocks!.size ? { otherLocks: ctx.otherLocks } : {}), unmapped, applied, ignored: ctx.ignored, misses: ctx.misses, hits: ctx.hits, already: ctx.already, assumptions: kept };
}

/** The texts of the tests explored both ways (choice conditions) anywhere in these bodies. */
function choiceTests(bodies: readonly (readonly Stmt[])[]): Set<string> {
  const out = new Set<string>();
  const cond = (c: Cond): void => {
    if (c.op === '__choice') out.add(c.c);
    else if (c.op === 'not') cond((c as { arg: Cond }).arg);
    else if (c.op === 'and' || c.op === 'or') for (const a of (c as { args: readonly Cond[] }).args) cond(a);
  };
  for (const b of bodies) for (const { s } of flatten(b as MStmt[])) if (s.op === 'if') cond((s as IfStmt).cond);
  return out;
}

/**
 * A test's C with the arguments of its innermost calls left out: `f(a, b) && g(h(c))` ->
 * `f<> && g(h<>)` (a call around other calls keeps them: `unlikely(x(a) && y(b))` is no
 * `unlikely(z(a) && y(b))`).
 */
function withoutArguments(c: string): string {
  return c.replace(/\s+/g, '').replace(/([A-Za-z_]\w*)\([^()]*\)/g, '$1<>');
}

/**
 * A run in a part a later kernel split out of a modelled function (zap_present_ptes() of
 * zap_pte_range()): said, and lifted into the function unless the part is a path no model takes
 * (then nothing to lift). A changed exit there leaves the part only, which the function's model
 * cannot show: not placed.
 */
function liftablePart(h: DiffHunk, run: Run, part: Part, ctx: Ctx): boolean {
  const where = h.header.replace(/ @@.*$/, ' @@');
  if (part.never) {
    assumeIgnored(ctx, `${part.of}: the change at ${where} is in ${part.part}(), ${part.why}: a path the model does not take`);
    return false;
  }
  // (A run on a path no model takes leaves nothing the model runs: liftRun() says so.)
  if (unmodelledPath(h, run, ctx)) return true;
  const jumps = h.lines.slice(run.start, run.end).filter((l) => l.kind !== 'context' && /^\s*(?:return\b|goto\s|break;|continue;)/.test(l.text));
  // Exits that stay the exits they were: a `return;` that now returns a value (6.9's
  // zap_present_ptes() returning how many PTEs it zapped) resumes the caller at the same place;
  // a `return` that ends the part's body, and any jump in a block the model never enters, are no
  // jump of the function's model either.
  const isReturn = (l: DiffLine | undefined) => !!l && /^\s*return\b/.test(l.text);
  const lines = h.lines;
  const newItems = sideItems(h, 'new');
  const lc = lexCtx(ctx, part.of);
  // (Every line of a block whose test the model decides false, the steps it knows too: a return
  // there is never run.)
  // (On each side: a deleted `return` in such a block was never run either.)
  const dead = new Set<number>();
  for (const items of [newItems, sideItems(h, 'old')]) {
    items.forEach((it, i) => {
      if (it.kind !== 'if') return;
      const d = decidedIf(items, i, { ...lc, assume: () => {} });
      if (d && !d.taken) for (const x of items.slice(i + 1, it.braceless ? d.end + 1 : d.end)) dead.add(x.at);
    });
  }
  const nextNew = (i: number) => lines.slice(i + 1).find((l) => l.kind !== 'del' && l.text.trim() !== '');
  // The line before, on the line's own side: a deleted and an added return after the same kept
  // line (the test they both end) are one exit.
  const before = (i: number, skip: DiffLine['kind']) => {
    for (let k = i - 1; k >= 0; k--) if (lines[k].kind !== skip && lines[k].text.trim() !== '') return k;
    return -1;
  };
  const pairedAt = (i: number, other: 'add' | 'del') => {
    const b = before(i, other);
    return b >= 0 && lines[b].kind === 'context' && lines.some((l, j) => l.kind === other && isReturn(l) && before(j, other === 'add' ? 'del' : 'add') === b);
  };
  const staysExit = (l: DiffLine): boolean => {
    const i = lines.indexOf(l);
    // (Any jump in a block the model never enters, a `goto` back up the walk too, is never run.)
    if (dead.has(i)) return true;
    if (!isReturn(l)) return false;
    if (l.kind === 'del') return (lines[i + 1]?.kind === 'add' && isReturn(lines[i + 1])) || pairedAt(i, 'add');
    if (lines[i - 1]?.kind === 'del' && isReturn(lines[i - 1])) return true;
    if (pairedAt(i, 'del')) return true;
    if (nextNew(i)?.text === '}') return true;
    return dead.has(i);
  };
  const changed = jumps.filter((l) => !staysExit(l));
  if (jumps.length > 0 && changed.length === 0) assumeIgnored(ctx, `${part.part}(): its exits return a value now, or end its body, or stand where the model never goes: the same returns to ${part.of}()`);
  if (changed.length) throw new Unplaceable(`\`${changed[0].text.trim()}\` leaves ${part.part}() (${part.why}), not ${part.of}(): the model of ${part.of}() cannot place it`);
  assume(ctx, `${part.part}() is ${part.why}, lifted into ${part.of}() of the model`);
  return true;
}

/** The patch's hunk before `h` (the one `h` was read from, if it was read another way) in the same function. */
function earlierHunk(h: DiffHunk, ctx: Ctx): DiffHunk | undefined {
  const all = ctx.hunksInPatch?.get(functionAtLines(h)[0] ?? '') ?? [];
  const at = all.indexOf(ctx.hunkRead?.get(h) ?? h);
  return at > 0 ? all[at - 1] : undefined;
}

/**
 * The hunk read as the else-branch of a test above it that the model decides false
 * (else-blocks.ts's elseOfUntakenTest()), or null. The test is read in the function of the
 * hunk's first run.
 */
function untakenElseHunk(h: DiffHunk, runs: readonly Run[], ctx: Ctx): { readonly hunk: DiffHunk; readonly head: string } | null {
  const fn = runs[0]?.fn;
  if (!fn) return null;
  const lc = { ...lexCtx(ctx, fn), assume: () => {} };
  const untaken = elseOfUntakenTest(h, earlierHunk(h, ctx), (test) => decidedTruth(test, lc));
  if (untaken) ctx.ignored.push(`${fn}: the lines at ${h.header.replace(/ @@.*$/, ' @@')} up to the close of \`${untaken.head}\` (above, in the patch's earlier hunk) are in a branch the model never enters`);
  return untaken;
}

/**
 * An `} else {` the patch adds whose if-chain's last test is above the hunk, in an earlier hunk
 * of the same function, and decided true by the model (W33's `} else if
 * (likely(pte_present(pteval))) {` ... `} else { pte_clear(...); }`): the else is never taken,
 * so it and its body are no step. Matched by indentation, the chain's test on one line, with no
 * line less indented between it and the end of its hunk.
 */
function elseAfterTakenChain<T extends CItem>(h: DiffHunk, items: readonly T[], inRun: (it: T) => boolean, fn: string, lc: LexContext, ctx: Ctx): T[] {
  const out: T[] = [];
  const newLines = sideLines(h, 'new');
  const indentOf = (t: string) => /^[\t ]*/.exec(t)![0];
  items.forEach((e, i) => {
    if (e.kind !== 'else' || e.braceless || e.origin !== 'add' || !inRun(e)) return;
    // Its head in this hunk, or a block it is in: then this is not the case.
    for (let k = i - 1; k >= 0; k--) if (items[k].depth < e.depth || (items[k].depth === e.depth && (items[k].kind === 'if' || items[k].kind === 'elseif'))) return;
    const ind = indentOf(newLines[e.line]?.text ?? '');
    const head = headAbove(earlierHunk(h, ctx), ind);
    if (!head || parenBalance(head.test) !== 0 || decidedTruth(head.test, lc) !== true) return;
    // The else and its body, up to its close.
    out.push(e);
    for (let j = i + 1; j < items.length && items[j].depth > e.depth; j++) out.push(items[j]);
    ctx.ignored.push(`${fn}: \`} else {\` after \`${head.line.trim()}\` (above, in the patch's earlier hunk) is never taken in the model`);
  });
  return out;
}


/**
 * Added items control never falls into:
 * - after an unconditional jump (`continue`, `break`, `return`, `goto`), a run of added code that
 *   starts with a label, up to the close of the block: the exit tail the patch's gotos share
 *   (`continue; walk_done_err: ret = false; walk_done: page_vma_mapped_walk_done(&pvmw); break;`);
 *   a goto is lifted as that tail, so it is no step where it stands;
 * - a `continue` whose next live item closes a block opened at function level (kernel style: its
 *   `}` is indented by one tab): that block is the loop (a `continue` is in one, and a statement
 *   of the function body is in none), and a `continue` at the end of its body is no step.
 */
function reachedOnlyByJumps<T extends CItem>(items: readonly T[], lines: readonly SourceLine[], origin: 'add' | 'del' = 'add', labels?: Map<T, string>): Map<T, string> {
  const out = new Map<T, string>();
  items.forEach((it, i) => {
    if (it.kind !== 'jump') return;
    const d = it.depth;
    let j = i + 1;
    if (items[j]?.kind === 'label' && items[j].depth === d) {
      const tail: T[] = [];
      // (Up to the first exit at the label's depth: what follows it is reached by its own label.)
      while (j < items.length && !(items[j].kind === 'close' && items[j].depth <= d) && items[j].depth >= d && !(tail.length > 0 && tail[tail.length - 1].kind === 'jump' && tail[tail.length - 1].depth === d)) tail.push(items[j++]);
      if (tail.every((x) => x.origin === origin) && tail.some((x) => x.kind === 'jump')) {
        for (const x of tail) {
          out.set(x, 'reached only by a goto, after a jump');
          labels?.set(x, tail[0].text.replace(/\s*:$/, ''));
        }
      }
      else j = i + 1;
    }
    const close = items[j];
    if (origin === 'add' && it.origin === 'add' && it.text === 'continue' && close?.kind === 'close' && close.depth === d && /^\t\}/.test(lines[close.line]?.text ?? '')) out.set(it, 'ends the body of the loop the model runs once');
  });
  return out;
}

/** Jumps in the body of a `case X:` or `default:` label (at that label's depth, before the block closes). */
function caseJumps<T extends CItem>(items: readonly T[]): T[] {
  const out: T[] = [];
  let caseDepth: number | null = null;
  for (const it of items) {
    if (it.kind === 'close' && caseDepth !== null && it.depth < caseDepth) caseDepth = null;
    if (/^(?:case\b.*|default\s*):$/.test(it.text)) caseDepth = it.depth;
    else if (it.kind === 'jump' && caseDepth !== null && it.depth === caseDepth && !/^(?:break|continue)\b/.test(it.text)) out.push(it);
  }
  return out;
}

/**
 * Whether no modelled path of `fn` reaches `label`: no goto to it in the model, and no goto-tail
 * row (KERNEL_GOTO_TAILS, the lexicon's `gotoTails`) that runs its tail at a goto of its own.
 */
function labelOffModel(ctx: Ctx, fn: string, label: string, body: readonly MStmt[]): boolean {
  if (!/^\w+$/.test(label) || ctx.lex.gotoTails?.[fn]?.[label] || KERNEL_GOTO_TAILS[fn]?.[label]) return false;
  const goto = new RegExp(`\\bgoto\\s+${label}\\b`);
  return !flatten(body as MStmt[]).some(({ s }) => goto.test(s.c));
}

/**
 * A label's kept tail that an exit the patch adds just above it fences off from the fall-through
 * path (`+return ret;` then ` unlock_out:` ` pte_unmap_unlock(pte, ptl);`, where only the
 * fault-around stretch the model never takes jumps to `unlock_out`): on the new side those steps
 * run after no modelled path, so the model's steps after the new exit that the tail's lines make
 * leave `fn`. Returns what was taken out, or null where the steps after the exit are not all the
 * tail's, or a modelled path jumps to the label.
 */
function pruneFencedLabelTail(h: DiffHunk, fn: string, body: MStmt[], fnAt: readonly (string | null)[], ctx: Ctx): string | null {
  const items = sideItems(h, 'new');
  const lc = { ...lexCtx(ctx, fn), assume: () => {} };
  for (let i = 0; i + 1 < items.length; i++) {
    const exit = items[i];
    const label = items[i + 1];
    if (exit.kind !== 'jump' || exit.origin !== 'add' || !/^(?:return|goto)\b/.test(exit.text) || fnAt[exit.at] !== fn) continue;
    // (The label may be one the patch adds over kept lines: `+return 0;` `+out_delete_from_cache:`
    // above the kept error path.)
    if (label.kind !== 'label' || label.origin === 'del' || label.depth !== exit.depth) continue;
    const name = label.text.replace(/\s*:$/, '');
    if (!labelOffModel(ctx, fn, name, body)) continue;
    // The tail: kept lines up to its own exit at the label's depth (an exit the patch changes
    // there, `-goto out;` `+return ret;`, ends it too).
    const tail: Stmt[] = [];
    const lines = new Set<number>();
    for (let j = i + 2; j < items.length && items[j].depth >= label.depth && !(items[j].kind === 'close' && items[j].depth <= label.depth); j++) {
      const it = items[j];
      // (A line the patch adds to the tail that is no step, the error path's own
      // `kmem_cache_free(vm_area_cachep, vma)`, changes nothing the model has.)
      const noStep = it.origin === 'add' && it.kind === 'stmt' && liftStatement(it.text, it.kind, lc).kind === 'ignore';
      if (it.origin !== 'ctx' && !noStep && !(it.kind === 'jump' && it.depth === label.depth)) return null;
      lines.add(it.at);
      if (it.kind === 'stmt' || it.kind === 'jump') {
        const r = liftStatement(it.text, it.kind, lc);
        if (r.kind === 'stmts') tail.push(...flatten(clone(r.stmts)).map(({ s }) => s).filter((s) => s.op !== 'return' && s.op !== 'if'));
      }
      if (it.kind === 'jump' && it.depth === label.depth) break;
    }
    if (tail.length === 0) continue;
    // The block of the model where the new exit stands: the steps after it are the tail's.
    const prune = (list: MStmt[]): string | null => {
      const k = list.findIndex((s) => s.op === 'return');
      if (k >= 0 && k + 1 < list.length) {
        const after = list.slice(k + 1);
        if (!after.every((s) => s.op !== 'if' && s.op !== 'return' && tail.some((t) => same(t, s)))) return null;
        list.splice(k + 1);
        return after.map((s) => `\`${s.c}\``).join(', ');
      }
      for (const s of list) {
        if (s.op !== 'if') continue;
        const r = prune(s.then ?? []) ?? prune(s.else ?? []);
        if (r) return r;
      }
      return null;
    };
    // (The steps pruned stood after an exit, where nothing runs: taking them out changes no path.)
    const gone = prune(body);
    if (gone) {
      (ctx.fenced ??= new Map()).set(h, lines);
      return `${fn}: ${gone} (under the label \`${name}:\`, which the exit \`${exit.text}\` the patch adds above it fences off from the fall-through path; no modelled path jumps to it)`;
    }
  }
  return null;
}

/**
 * A statement after an exit of its own block (`return VM_FAULT_WRITE; if (...)`): C a patch never
 * writes, so a lift that made it has put lines where they are not (no model code has any).
 */
function afterExit(body: readonly MStmt[]): MStmt | null {
  let exited = false;
  for (const s of body) {
    if (exited) return s;
    if (s.op === 'return') exited = true;
    if (s.op === 'if') {
      const d = afterExit(s.then ?? []) ?? afterExit(s.else ?? []);
      if (d) return d;
    }
  }
  return null;
}

function snapshot(fns: ReadonlyMap<string, Fn>): Map<string, MStmt[]> {
  return new Map([...fns].map(([k, v]) => [k, clone(v.body)]));
}

function restore(fns: Map<string, Fn>, saved: ReadonlyMap<string, MStmt[]>): void {
  for (const [k, body] of saved) fns.set(k, { body });
}

function reverseHunk(h: DiffHunk): DiffHunk {
  const flip = { add: 'del', del: 'add', context: 'context' } as const;
  return { ...h, lines: h.lines.map((l) => ({ ...l, kind: flip[l.kind] })) };
}

/**
 * A hunk whose old side the model does not have, but whose new side it does: the model is this
 * hunk's result (the reference code is from after it, or never had what it removes, e.g. an
 * `else if (unshare)` bail-out). The hunk is lifted in reverse onto the base instead: the base
 * gains the old side (an unknown test in it explored both ways), the patched code stays the
 * model, and the two differ by exactly this hunk. Every modelled step of the new side must be
 * found in the model (strict), or the hunk stays unmapped. Returns the assumption to report, or
 * null (the base is left as it was).
 */
function liftReversed(h: DiffHunk, runs: readonly Run[], ctx: Ctx, baseFns: Map<string, Fn>, added: ReadonlyMap<string, unknown>): string | null {
  const rh = reverseHunk(h);
  const fnAt = functionAtLines(rh).map((n) => (n && !added.has(n) ? ctx.functionNamed(n) ?? n : n));
  const rruns = changedRuns(rh, fnAt).filter((r) => runs.some((x) => x.fn === r.fn) && !added.has(r.fn));
  if (rruns.length === 0) return null;
  const saved = snapshot(baseFns);
  const bctx: Ctx = { ...ctx, fns: baseFns, ignored: [], assumptions: [], defs: new Map(), misses: 0, hits: 0, already: 0, strict: true };
  try {
    for (const r of rruns) liftRunInner(rh, r, bctx, new Set(added.keys()));
  } catch (e) {
    if (!(e instanceof Unplaceable)) throw e;
    restore(baseFns, saved);
    return null;
  }
  // Nothing modelled moved: the hunk is not a change the model can see either way.
  const changed = [...saved].some(([k, body]) => JSON.stringify(body) !== JSON.stringify(baseFns.get(k)?.body));
  if (!changed) return null;
  for (const a of bctx.assumptions) assume(ctx, a);
  ctx.ignored.push(...bctx.ignored);
  return `${rruns[0].fn}: the model already has the result of ${h.header.replace(/ @@.*$/, ' @@')}; its old side was added to the base instead`;
}

// --- whole functions (the base code from the patch's own tree) --------------------------------

export interface WholeLift {
  readonly code: KernelCode;
  /** Functions that did not lift, with why. */
  readonly unmapped: readonly { readonly fn: string; readonly reason: string }[];
  readonly ignored: readonly string[];
  readonly assumptions: readonly string[];
}

/**
 * Lift whole kernel functions (their C text, header to closing brace) into `base`, replacing the
 * modelled bodies of the same names (found across renames). The same lifter lifts the pre-image
 * and the post-image of a patch, so what lifts alike on both sides is the same model.
 */
export function liftFunctions(sc: Scenario, base: KernelCode, texts: ReadonlyMap<string, string>, opts: LiftOptions = {}): WholeLift {
  const keys = keysFor(sc, base);
  const modelled = new Set(sc.functions.map((f) => f.name));
  const fns = new Map<string, Fn>(Object.entries(base).map(([k, v]) => [k, { body: clone(v) }]));
  const assumptions: string[] = [];
  const functionNamed = (name: string): string | null => modelledFunctionFor(name, modelled, opts.version ?? null);
  const ctx: Ctx = { sc, release: opts.version ?? null, lex: sc.lexicon, keys, fns, defs: new Map(), ignored: [], assumptions, functionNamed, misses: 0, hits: 0, already: 0, inserted: new WeakSet() };
  const unmapped: { fn: string; reason: string }[] = [];
  for (const [name, text] of texts) {
    const fn = functionNamed(name) ?? name;
    const items = parseItems(text.split('\n').map((t) => ({ text: t, origin: 'ctx' as const })));
    const head = items.findIndex((it) => it.kind === 'fndef' || (it.kind === 'stmt' && functionNameOf(it.text) === name));
    const body = head >= 0 ? bodyOf(items, head) : null;
    if (!body) {
      unmapped.push({ fn, reason: `the text of ${name}() does not parse as one function` });
      continue;
    }
    try {
      const tree = parseTree(body);
      fns.set(fn, { body: clone(liftTree(tree, ctx, fn, labelTails(tree))) });
      if (fn !== name) assumptions.push(`${name}() is ${fn}() of the model (renamed)`);
    } catch (e) {
      if (!(e instanceof Unplaceable || e instanceof CParseError)) throw e;
      unmapped.push({ fn, reason: e.message });
    }
  }
  const code: Record<string, readonly Stmt[]> = {};
  for (const [k, v] of fns) code[k] = v.body;
  return { code, unmapped, ignored: ctx.ignored, assumptions };
}

/**
 * A modelled function as C text, from its anchors: what the lifter must read back into the same
 * model (the oracle test of the whole-function lift). Callees are called by their anchor.
 */
export function renderFunction(code: KernelCode, fn: string): string {
  const out: string[] = [`static int ${fn}(void)`, '{'];
  const ifHead = (x: IfStmt) => {
    // Anchors that are not an `if` line (`case -EBUSY:`, `else if (...)`, a `return <test>`)
    // are written as the test they model.
    const c = x.c.replace(/^else\s+(?=if\s*\()/, '');
    return /^if\s*\(/.test(c) && balancedIf(c) ? c : `if (${x.cond.c.replace(/^return\s+/, '')})`;
  };
  const body = (b: readonly Stmt[], ind: string): void => {
    b.forEach((st, i) => {
      if (st.op === 'if') {
        const x = st as IfStmt;
        out.push(`${ind}${ifHead(x)} {`);
        body(x.then, ind + '\t');
        if (x.else && x.else.length) {
          out.push(`${ind}} else {`);
          body(x.else, ind + '\t');
        }
        out.push(`${ind}}`);
        return;
      }
      // `return true` modelled as a step then the return: one line of C.
      const prev = b[i - 1];
      if (st.op === 'return' && prev && prev.op !== 'if' && prev.c === st.c) return;
      // A step anchored on a whole test (`if (!folio_ref_try_add_rcu(folio, refs))`).
      if (st.op !== 'return' && st.op !== 'call' && /^if\s*\(/.test(st.c) && balancedIf(st.c)) {
        out.push(`${ind}${st.c} {`, `${ind}}`);
        return;
      }
      // The model inlines `return f(x)` and goes on with what its caller does next.
      // (Unless the model returns right after it, as the C does: `return do_wp_page(vmf);`.)
      if (st.op === 'call') {
        const next = b[i + 1];
        const returns = next?.op === 'return' && next.c === st.c && /^return\s/.test(st.c);
        out.push(`${ind}${returns ? st.c.replace(/;\s*$/, '') : st.c.replace(/^return\s+/, '').replace(/;\s*$/, '')};`);
        return;
      }
      out.push(`${ind}${st.c.replace(/;\s*$/, '')};`);
    });
  };
  body(code[fn] ?? [], '\t');
  out.push('}');
  return out.join('\n');
}

/** Whether `c` is exactly `if (...)` (its condition's parenthesis closes at the end). */
function balancedIf(c: string): boolean {
  const start = c.indexOf('(');
  return start >= 0 && closingParen(c, start) === c.length - 1;
}

