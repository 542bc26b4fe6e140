/**
 * Tests of a hunk side the model decides (its lexicon reads them as constants): where the body of
 * such an `if` ends and which way it goes, and the items in branches no model path takes. Read by
 * the lift and by the both-sides comparison alike.
 */
import type { Cond } from '../model/code.js';
import { branchEnd, type CItem } from './cparse.js';
import { constTruth, isConstCond, liftCondition, type LexContext } from './lexicon.js';

/**
 * The items of a hunk side inside a branch the model never takes (a test decided false, or the
 * `else` of one decided true), whatever they hold.
 */
export function inUntakenBranches<T extends CItem>(items: readonly T[], lc: LexContext): Set<T> {
  const out = new Set<T>();
  for (const { i, d } of decidedIfs(items, lc)) {
    const from = d.taken ? d.end + 1 : i + 1;
    const to = d.taken ? d.elseEnd ?? d.end : d.end;
    for (let k = from; k <= to; k++) out.add(items[k]);
  }
  return out;
}

/**
 * Items of a hunk side inside a block whose opener (`if (T) {`, the hunk may end before its
 * close) the model decides false: they run on no modelled path.
 */
export function inBlocksNeverEntered<T extends CItem>(items: readonly T[], lc: LexContext): Set<T> {
  const out = new Set<T>();
  items.forEach((it, i) => {
    let d = it.depth;
    // (Depths are relative to the hunk's first line; the nearest shallower item opens the block.)
    for (let k = i - 1; k >= 0; k--) {
      const o = items[k];
      if (o.depth >= d) continue;
      if ((o.kind === 'if' || o.kind === 'elseif') && !o.braceless && decidedTruth(o.cond ?? '', lc) === false) {
        out.add(it);
        return;
      }
      d = o.depth;
    }
  });
  return out;
}

/** Each `if` of a hunk side the model decides (with its plain `else`, if any): its index and decidedIf(). */
export function decidedIfs(items: readonly CItem[], lc: LexContext): { i: number; d: NonNullable<ReturnType<typeof decidedIf>> }[] {
  const out: { i: number; d: NonNullable<ReturnType<typeof decidedIf>> }[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i].kind !== 'if' || (i > 0 && items[i - 1].kind === 'else')) continue;
    const d = decidedIf(items, i, lc, false, true);
    if (d) out.push({ i, d });
  }
  return out;
}

/**
 * The `if` at `items[i]` when the model decides its test (no call made first) and the hunk side
 * holds it whole with no `else` after it (`withElse`: or one plain `else`, whose end is given
 * too): where its body ends (the close of a braced one, the one statement of a braceless one) and
 * which way the test goes. `exits`: only one whose body ends in a `return` or a `goto`.
 */
export function decidedIf(items: readonly CItem[], i: number, lc: LexContext, exits = false, withElse = false): { end: number; taken: boolean; elseEnd?: number } | null {
  const it = items[i];
  // (`continue` and `break` leave the rest of the loop body as surely: a `for` walk's
  // `if (!(vma->vm_flags & VM_SOFTDIRTY)) continue;` decided true runs nothing after it.)
  const leaves = (x: CItem | undefined) => x?.kind === 'jump' && /^(?:return\b|goto\s|continue$|break$)/.test(x.text);
  // The end of the body of the branch opened at `items[k]`: its one statement, or its close.
  const bodyEnd = (k: number, mustLeave: boolean): number => {
    const head = items[k];
    const j = branchEnd(items, k);
    if (j < 0) return -1;
    if (head.braceless) return (mustLeave ? leaves(items[j]) : items[j].kind === 'stmt' || items[j].kind === 'jump') ? j : -1;
    return !mustLeave || (leaves(items[j - 1]) && items[j - 1].depth === head.depth + 1) ? j : -1;
  };
  const end = bodyEnd(i, exits);
  if (end < 0) return null;
  const next = items[end + 1];
  let elseEnd: number | undefined;
  if (next && next.kind === 'elseif') return null;
  if (next && next.kind === 'else') {
    // (One plain `else`, held whole: `if (T) A; else B;`.)
    if (!withElse) return null;
    elseEnd = bodyEnd(end + 1, false);
    if (elseEnd < 0) return null;
  }
  const taken = decidedTruth(it.cond ?? '', lc);
  if (taken === null) return null;
  return { end, taken, ...(elseEnd !== undefined ? { elseEnd } : {}) };
}

/** Which way the model decides a test (no call made first), or null when it does not. */
export function decidedTruth(cond: string, lc: LexContext): boolean | null {
  const c = plainTest(cond, lc);
  return !c || !isConstCond(c) ? null : constTruth(c);
}

/** The model's reading of a test that makes no call of its own first, or null (not read so). */
export function plainTest(cond: string, lc: LexContext): Cond | null {
  const c = liftCondition(cond, lc);
  return 'unknown' in c || c.pre.length ? null : c.cond;
}
