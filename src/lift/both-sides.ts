/**
 * The both-sides comparison: a hunk the model cannot place that changes nothing the model reads.
 * Each side of the changed run is read as keys (modelled steps, tests the model decides or has,
 * calls it does not know, and, in the strict shape, exits and blocks), with calls of helpers the
 * patch adds read through their bodies; the same keys on both sides is the same model.
 */
import type { DiffHunk } from '../diff/types.js';
import { condSignature, type CallStmt, type IfStmt, type Stmt } from '../model/code.js';
import { vocabularySpelling } from '../mm/vocabulary.js';
import { calledNames, closingParen, norm, parseBool, type BoolExpr, type CItem } from './cparse.js';
import { decidedIfs, inUntakenBranches } from './decided-tests.js';
import { paramName } from './fn-pointer-args.js';
import { UNSEEN_LINES } from './joined-hunks.js';
import { sideItems, type Run } from './hunk-reading.js';
import { liftCondition, liftStatement, splitArgs, type LexContext } from './lexicon.js';

/**
 * A hunk that changes nothing the model reads, although the model cannot place it. Two shapes:
 * - a refactor that moves code into a helper the patch adds (`do_zap_pte_range()`): the hunk's
 *   removed lines in function `fn` and its added lines, with each call to an added helper
 *   replaced by that helper's lines, read as the code of `fn` (it came from there), give the same
 *   modelled steps, tests and unknown calls in the same order, and the context lines among them
 *   give none. Exits are not compared (`continue` in a loop becomes `return` in the helper).
 * - no helper: both sides give the same steps, tests, unknown calls, exits and blocks, in the
 *   same order (`return wp_page_copy(vmf, orig_pte, old_page)` -> `return wp_page_copy(vmf,
 *   old_page)` inside a block the model does not have).
 * Returns the helpers (`foo()`), or '' for the second shape, or null.
 */
export function sameStepsBothSides(
  h: DiffHunk,
  runs: readonly Run[],
  lexicon: LexContext,
  /** The ops of the model's function the runs are in. */
  here: ReadonlySet<string>,
  added: ReadonlyMap<string, { items: CItem[]; def?: string }>,
  renameOnly = false,
  /** The patch's other hunks in the same function: where a `goto` of the run goes. */
  others: readonly DiffHunk[] = [],
  /** Tests whose value the function never changes (a parameter's): see retestsMerged(). */
  fixedTests: readonly string[] = [],
): string | null {
  if (runs.length === 0 || runs.some((r) => r.fn !== runs[0].fn)) return null;
  const run = { fn: runs[0].fn, start: Math.min(...runs.map((r) => r.start)), end: Math.max(...runs.map((r) => r.end)) };
  // (The functions the patch adds are already in ctx.fns, so the lexicon calls them.)
  const lc = { ...lexicon, assume: () => {} };
  const used = new Set<string>();
  /** The second shape: exits and blocks count, context lines are the same on both sides. */
  let strict = false;
  /** Keys of one line, helpers expanded; false when a helper cannot be read. */
  const keysOf = (it: CItem, out: string[], depth: number): boolean => {
    if (it.kind === 'if' || it.kind === 'elseif') {
      // A helper the patch adds, called in the test, runs first (`if (mfill_file_over_size(...))`);
      // in a chain of `&&`, after the tests before it (`if (prot_numa && prot_numa_avoid_fault(...))`).
      // (Also in an `||` inside the chain, after the tests before it: `anon && (exclusive ||
      // wp_can_reuse_anon_folio(...))` tests exclusive, then runs the helper.)
      const callsAdded = (t: string) => calledNames(t).some((n) => added.has(n));
      const chain = parseBool(it.cond ?? '');
      const chainKeys = (e: BoolExpr): boolean => {
        if ((e.t === 'and' || e.t === 'or') && callsAdded(e.text)) return e.args.every(chainKeys);
        if (callsAdded(e.text)) return calledNames(e.text).every((n) => !added.has(n) || helperKeys(n, out, depth, e.text));
        return keysOf({ ...it, kind: 'if', cond: e.text, text: `if (${e.text})` }, out, depth);
      };
      if (!strict && chain.t === 'and' && callsAdded(it.cond ?? '')) return chainKeys(chain);
      const ran = new Set<string>();
      if (!strict) {
        for (const n of calledNames(it.cond ?? '')) {
          if (!added.has(n)) continue;
          if (!helperKeys(n, out, depth, it.cond)) return false;
          ran.add(n);
        }
      }
      const c = liftCondition(it.cond ?? '', lc);
      if ('unknown' in c) {
        // (In the vocabulary's spelling: `down_write_killable(&mm->mmap_sem)` and the range-lock
        // series' `mm_write_lock_killable(mm, &range)` are one test.)
        out.push(`test ${norm(vocabularySpelling(it.cond ?? ''))}`);
        return true;
      }
      // (A helper the test calls runs once: its call among the test's own steps is the one just read.)
      for (const st of c.pre) if (!(st.op === 'call' && ran.has((st as CallStmt).fn)) && !stmtKeys(st, out, depth)) return false;
      const sig = condSignature(c.cond);
      // An undecided test is no key of its own, but where exits and blocks count its place does
      // (`if (x) step;` is not `step;`).
      if (!/^!?(const:|choice:)/.test(sig)) out.push(`if ${sig}`);
      // (A respelling keeps each test as it was: decided, or explored both ways on the same text.)
      else if (strict) out.push(renameOnly ? `if ${sig}` : 'if ?');
      return true;
    }
    if (it.kind === 'open' || it.kind === 'close' || it.kind === 'else') {
      if (strict) out.push(it.kind === 'open' ? '{' : it.kind === 'close' ? '}' : 'else');
      return true;
    }
    // (The lines between two hunks read together: whatever they do, the same on both sides and
    // in the same place, so nothing moves across them unseen.)
    if (it.text === UNSEEN_LINES) {
      out.push('unseen');
      return true;
    }
    const r = liftStatement(it.text, it.kind, lc);
    // A call of a part of the function the vocabulary knows (do_zap_pte_range(), zap_pte_range()'s
    // loop body) that this patch itself adds, body and all: read through that body, which is what
    // the call now runs (the model has the part in place because the lines were there before).
    const addedPart = r.kind === 'ignore' && !r.lock ? calledNames(it.text).filter((n) => added.has(n)) : [];
    if (addedPart.length) {
      for (const n of addedPart) if (!helperKeys(n, out, depth, it.text)) return false;
      return true;
    }
    // A lock the model has no step for is a key: taking one where the other side does not is no
    // respelling (the lift proper checks it against the actors).
    if (r.kind === 'ignore' && r.lock) {
      out.push(`lock ${r.lock.replace(/\s+/g, '')}`);
      return true;
    }
    if (r.kind === 'unknown') {
      const names = calledNames(it.text).filter((n) => !added.has(n));
      out.push(`unknown ${names.join(',')}`);
      for (const n of calledNames(it.text)) if (added.has(n) && !helperKeys(n, out, depth, it.text)) return false;
      return true;
    }
    if (r.kind === 'stmts') for (const st of r.stmts) if (!stmtKeys(st, out, depth)) return false;
    return true;
  };
  const stmtKeys = (st: Stmt, out: string[], depth: number): boolean => {
    if (st.op === 'return') {
      if (strict) out.push('exit');
      return true;
    }
    if (st.op === 'call') {
      const fn = (st as CallStmt).fn;
      if (added.has(fn)) return helperKeys(fn, out, depth, st.c);
      out.push(`call ${fn}`);
      return true;
    }
    out.push(st.op === 'if' ? `if ${condSignature((st as IfStmt).cond)}` : st.op);
    return true;
  };
  const helperKeys = (fn: string, out: string[], depth: number, callText?: string): boolean => {
    const items = added.get(fn)?.items;
    if (!items || depth > 3) return false;
    used.add(`${fn}()`);
    // (Its parameters given the constants this call passes: `fix_fault(vmf, LEVEL_PTE)` tests
    // `level == LEVEL_PTE` as decided.)
    const def = added.get(fn)?.def;
    const bound = callText && def ? constantArgs(def, fn, callText) : new Map<string, string>();
    const body = bound.size ? items.map((it) => withConstants(it, bound)) : items;
    // (A test the binding decides takes one branch only: `if (level == LEVEL_PTE) a; else b;` is `a`.)
    const untaken = bound.size ? inUntakenBranches(body, lc) : new Set<CItem>();
    // (Up to its first exit at the top of its body: what follows is reached only by a `goto` to
    // its labels, the error tails, which a `goto` on the other side does not run either.)
    const top = body.find((it) => it.kind !== 'fndef' && it.kind !== 'open')?.depth;
    for (const [i, it] of body.entries()) {
      if (untaken.has(it)) continue;
      if (!keysOf(it, out, depth + 1)) return false;
      if (it.kind === 'jump' && it.depth === top && !body[i - 1]?.braceless) break;
    }
    return true;
  };
  // The scaffolding of a test the model decides, in the second shape: its header and braces, and
  // the branch not taken (`if (!prot_numa) { A } else { B }` with prot_numa 0 is A).
  const decidedScaffold = (items: readonly (CItem & { at: number })[]): Set<CItem> => {
    const skip = new Set<CItem>(inUntakenBranches(items, lc));
    for (const { i, d } of decidedIfs(items, lc)) {
      skip.add(items[i]);
      if (!items[i].braceless) skip.add(items[d.end]);
      // (The `else` of a test decided false, and its braces: its body is the branch taken.)
      const e = items[d.end + 1];
      if (!d.taken && d.elseEnd !== undefined) {
        skip.add(e);
        if (!e.braceless) skip.add(items[d.elseEnd]);
      }
    }
    return skip;
  };
  const sideKeys = (side: 'old' | 'new'): string[] | null => {
    const out: string[] = [];
    const items = sideItems(h, side);
    const tails = labelTails(others.filter((o) => o !== h), side);
    const scaffold = strict ? decidedScaffold(items) : new Set<CItem>();
    // (A braceless `if (x) a;` closes after its one statement as `if (x) { a; }` does.)
    let closeAfter = false;
    /** Where exits and blocks do not count: where the keys of a braceless test the patch adds begin. */
    let addedTest: number | null = null;
    /** The keys of such a test, dropped once no `else` follows its statement (an else's block is guarded too). */
    let guardsNothing: { from: number; to: number } | null = null;
    // (In the first shape, as in a helper's body: the lines after an exit at the run's outer
    // depth, up to the end of its block, are reached only by a `goto` to their labels, the error
    // tails; they count on neither side.)
    let pastExit: number | null = null;
    for (const [i, it] of items.entries()) {
      if (it.at < run.start || it.at >= run.end || scaffold.has(it)) continue;
      if (pastExit !== null) {
        if (it.depth >= pastExit && !(it.kind === 'close' && it.depth === pastExit)) continue;
        pastExit = null;
      }
      if (!strict && it.kind === 'jump' && it.origin !== 'ctx' && !items[i - 1]?.braceless && items.every((x) => x.at < run.start || x.at >= run.end || x.depth >= it.depth)) pastExit = it.depth;
      if (guardsNothing && it.kind !== 'else' && it.kind !== 'elseif') out.splice(guardsNothing.from, guardsNothing.to - guardsNothing.from);
      guardsNothing = null;
      const n = out.length;
      // A `goto` to a label another hunk of the function shows (`goto gotten;` -> the copy moved
      // into a helper, whose old lines follow `gotten:` there): the lines it runs, to their exit.
      const jump = it.kind === 'jump' ? /^goto\s+([A-Za-z_]\w*)$/.exec(it.text) : null;
      const tail = jump ? tails.get(jump[1]) : undefined;
      if (tail) {
        for (const x of tail) if (!keysOf(x, out, 1)) return null;
        continue;
      }
      if (!keysOf(it, out, 0)) return null;
      // A braceless test the patch adds whose one added statement makes no key guards nothing the
      // model holds (`if (!PageAnonExclusive(page)) SetPageAnonExclusive(page);` where no step
      // sets the flag): no key either.
      if (addedTest !== null && out.length === n && it.kind === 'stmt' && it.origin === 'add') guardsNothing = { from: addedTest, to: n };
      addedTest = !strict && it.kind === 'if' && it.braceless && it.origin === 'add' ? n : null;
      if (strict && closeAfter && (it.kind === 'stmt' || it.kind === 'jump')) out.push('}');
      closeAfter = strict && (it.kind === 'if' || it.kind === 'elseif' || it.kind === 'else') && !!it.braceless;
      // (A line both sides keep among the moved ones counts on both: the keys are compared in
      // order, so a step moved across it reads differently, and one left on its side of it alike.)
      // A kept line whose step this function's model does not have (`unlock_page(page)` in a
      // do_wp_page() that holds no page lock, though another actor's function has the step) is
      // no step here: moving a call across it changes nothing.
      if (strict && it.origin === 'ctx' && out.length > n && out.slice(n).every((k) => !/^(if |call |exit$|[{}]$|else$|unseen$)/.test(k) && !here.has(k))) out.length = n;
    }
    if (guardsNothing) out.splice(guardsNothing.from, guardsNothing.to - guardsNothing.from);
    return out;
  };
  const before = renameOnly ? null : sideKeys('old');
  const after = renameOnly ? null : sideKeys('new');
  if (used.size > 0) {
    if (!before || !after || before.length === 0) return null;
    return sameKeys(before, after) ? [...used].join(', ') : null;
  }
  strict = true;
  const b = sideKeys('old');
  const a = sideKeys('new');
  if (!b || !a || used.size > 0 || !b.some((k) => !/^[{}]|^else$|^exit$/.test(k))) return null;
  if (b.join('\n') === a.join('\n')) return '';
  if (renamedThroughout(b, a)) return RENAMED;
  if (withoutEmptyThens(b).join('\n') === withoutEmptyThens(a).join('\n')) return '';
  // (A test whose block makes nothing the model reads, with no else, is no step on either side:
  // `if (pte_numa(ptent)) ptent = pte_mknonnuma(ptent);`, `if (updated) pages++;`.)
  if (withoutEmptyIfs(b).join('\n') === withoutEmptyIfs(a).join('\n')) return '';
  const fixed = new Set(fixedTests.flatMap((t) => {
    const c = liftCondition(t, lc);
    return 'unknown' in c || c.pre.length ? [] : [`if ${condSignature(c.cond)}`];
  }));
  return fixed.size && retestsMerged(withoutEmptyIfs(b), fixed).join('\n') === retestsMerged(withoutEmptyIfs(a), fixed).join('\n') ? '' : null;
}

/** Where the block opened by the key at `i` (a test, `else` or `{`) ends: the index of its `}`, or -1. */
function blockEnd(keys: readonly string[], i: number): number {
  let depth = 0;
  for (let j = i; j < keys.length; j++) {
    if (/^(?:if |test |else$|\{$)/.test(keys[j])) depth++;
    else if (keys[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/**
 * Keys with a test the function cannot change made again right after its if/else, with no else
 * of its own, read as the end of the first test's block: `if (!prot_numa) { A } else { B } if
 * (!prot_numa) C;` runs as `if (!prot_numa) { A C } else { B }` (3.13's commit of the entry,
 * moved up into the branch it only ran after).
 */
function retestsMerged(keys: readonly string[], fixed: ReadonlySet<string>): string[] {
  let out = [...keys];
  for (let i = 0; i < out.length; i++) {
    if (!fixed.has(out[i])) continue;
    const thenEnd = blockEnd(out, i);
    if (thenEnd < 0 || out[thenEnd + 1] !== 'else') continue;
    const elseEnd = blockEnd(out, thenEnd + 1);
    if (elseEnd < 0 || out[elseEnd + 1] !== out[i]) continue;
    const againEnd = blockEnd(out, elseEnd + 1);
    if (againEnd < 0 || out[againEnd + 1] === 'else') continue;
    out = [...out.slice(0, thenEnd), ...out.slice(elseEnd + 2, againEnd), ...out.slice(thenEnd, elseEnd + 1), ...out.slice(againEnd + 1)];
    i--;
  }
  return out;
}

/**
 * Whether a run deletes a `goto` to a label another hunk of the function shows with its lines
 * (`-goto gotten;`, the copy after `gotten:` in a later hunk): the model has those lines where the
 * jump goes, which a lift of this hunk alone cannot follow.
 */
export function deletesGotoAcrossHunks(h: DiffHunk, runs: readonly Run[], others: readonly DiffHunk[]): boolean {
  const tails = labelTails(others.filter((o) => o !== h), 'old');
  return sideItems(h, 'old').some((it) => it.origin === 'del' && runs.some((r) => it.at >= r.start && it.at < r.end) && it.kind === 'jump' && tails.has(/^goto\s+([A-Za-z_]\w*)$/.exec(it.text)?.[1] ?? ''));
}

/**
 * The lines after each label on one side of `hunks`, to the first exit at the label's own depth
 * (a label whose tail the hunk cuts off before its exit, or that another label follows into, is
 * left out: where it goes on is not shown).
 */
function labelTails(hunks: readonly DiffHunk[], side: 'old' | 'new'): Map<string, CItem[]> {
  const out = new Map<string, CItem[]>();
  for (const h of hunks) {
    const items = sideItems(h, side);
    items.forEach((it, i) => {
      if (it.kind !== 'label') return;
      const tail: CItem[] = [];
      for (const x of items.slice(i + 1)) {
        if (x.depth < it.depth || (x.kind === 'close' && x.depth <= it.depth) || x.kind === 'label') return;
        // (The one statement of a braceless test is no exit of the tail: `if (...) goto oom;`.)
        const guarded = tail.length > 0 && !!tail[tail.length - 1].braceless;
        tail.push(x);
        if (x.kind === 'jump' && x.depth === it.depth && !guarded) {
          out.set(it.text.replace(/:$/, ''), tail);
          return;
        }
      }
    });
  }
  return out;
}

/** A constant argument: an enumerator or macro in capitals, a number, true, false or NULL. */
const CONSTANT_ARG = /^(?:[A-Z][A-Z0-9_]*|\d+|true|false|NULL)$/;

/** The parameters of the helper defined by `def` that the call of `fn` in `callText` gives a constant. */
function constantArgs(def: string, fn: string, callText: string): Map<string, string> {
  const out = new Map<string, string>();
  const at = (t: string) => {
    const m = new RegExp(String.raw`(?<![\w>.])${fn}\s*\(`).exec(t);
    if (!m) return null;
    const open = m.index + m[0].length - 1;
    const close = closingParen(t, open);
    return close < 0 ? null : splitArgs(t.slice(open + 1, close));
  };
  const params = at(def)?.map((p) => paramName(p) ?? '');
  const args = at(callText);
  if (!params || !args || params.length !== args.length) return out;
  params.forEach((p, i) => {
    if (p && CONSTANT_ARG.test(args[i].trim())) out.set(p, args[i].trim());
  });
  return out;
}

/** An item of a helper's body with its bound parameters written as their constants. */
function withConstants(it: CItem, bound: ReadonlyMap<string, string>): CItem {
  const subst = (t: string) => t.replace(/(?<![\w>.])([A-Za-z_]\w*)\b(?!\s*\()/g, (w) => bound.get(w) ?? w);
  return { ...it, text: subst(it.text), ...(it.cond !== undefined ? { cond: subst(it.cond) } : {}) };
}

/** Keys without the tests whose block is empty and has no else (`if X`, `}` with no `else` after). */
function withoutEmptyIfs(keys: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (/^if /.test(keys[i]) && keys[i + 1] === '}' && keys[i + 2] !== 'else') {
      i++;
      continue;
    }
    out.push(keys[i]);
  }
  return out;
}

/**
 * Two sides' keys the same, reading a test negated twice as the test (`!!choice:x`: a helper's
 * `if (!x) return false;`) and `vmf->vma->` as the `vma->` local mm/memory.c's fault handlers
 * keep of it.
 */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  const norm = (k: string) => k.replace(/!!/g, '').replace(/\bvmf->vma->/g, 'vma->');
  return a.length === b.length && a.every((k, i) => norm(k) === norm(b[i]));
}

/**
 * Keys with each test whose own block holds nothing the model has, and that goes on to an `else`,
 * read as the negated test over the else's block: `if (PageAnon(page)) rss[...]--; else {` is
 * `if (!PageAnon(page)) {`.
 */
function withoutEmptyThens(keys: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const empty = keys[i + 1] === 'else' ? 1 : keys[i + 1] === '}' && keys[i + 2] === 'else' ? 2 : 0;
    if (/^if /.test(k) && k !== 'if ?' && empty) {
      out.push(k.startsWith('if !') ? `if ${k.slice(4)}` : `if !${k.slice(3)}`);
      i += empty;
      continue;
    }
    out.push(k);
  }
  return out;
}

/** sameStepsBothSides's answer for sides that differ by a renamed expression only. */
export const RENAMED = '\u0000renamed';

/**
 * Two key lists that differ only by one expression spelled another way everywhere it occurs
 * (`old_page` -> `vmf->page` in the tests the model explores both ways): the same code.
 */
function renamedThroughout(b: readonly string[], a: readonly string[]): boolean {
  if (b.length !== a.length) return false;
  const map = new Map<string, string>();
  const back = new Map<string, string>();
  const tokens = (k: string) => k.split(/([A-Za-z_][\w]*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)/);
  for (let i = 0; i < b.length; i++) {
    if (b[i] === a[i]) continue;
    // Only in the C text of tests the model reads as they are written (explored both ways).
    if (!/^test |choice:/.test(b[i]) || !/^test |choice:/.test(a[i])) return false;
    const tb = tokens(b[i]);
    const ta = tokens(a[i]);
    if (tb.length !== ta.length) return false;
    for (let j = 0; j < tb.length; j++) {
      if (tb[j] === ta[j]) continue;
      // Only names differ (odd indices are the names split out); the rest is the same text.
      if (j % 2 === 0) return false;
      // A variable, not a function: `old_page` -> `vmf->page`, never `PageKsm` -> `PageLRU`.
      if (/^\s*\(/.test(tb[j + 1] ?? '') || /^\s*\(/.test(ta[j + 1] ?? '')) return false;
      if ((map.get(tb[j]) ?? ta[j]) !== ta[j] || (back.get(ta[j]) ?? tb[j]) !== tb[j]) return false;
      map.set(tb[j], ta[j]);
      back.set(ta[j], tb[j]);
    }
  }
  return map.size > 0;
}
