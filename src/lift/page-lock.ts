/**
 * The page lock a model abstracts away: a modelled function whose model takes no page lock (nor
 * do the functions it calls) while the kernel's code of it, as the patch shows it, does. There
 * the patch's own lock and unlock calls are no step either (lexicon.ts reads them so).
 */
import type { DiffHunk } from '../diff/types.js';
import { isPure, mayTouchState, primitiveOf } from '../mm/vocabulary.js';
import { condLeaves, walkStmts, type IfStmt, type KernelCode } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { calledNames, type CItem } from './cparse.js';
import { functionAtLines } from './hunk-reading.js';
import type { Keys } from './lexicon.js';

/** Whether a line takes the page (folio) lock, in any of the vocabulary's spellings (`lock_page()`, `folio_trylock()`). */
const takesPageLock = (text: string): boolean => calledNames(text).some((n) => primitiveOf(n) === 'page_lock');

/**
 * Modelled functions whose model takes and drops no page lock (none of their steps, nor of the
 * functions they call), while the kernel's code of them in this patch does (a kept or deleted
 * line takes it: S2's do_wp_page(), whose `trylock_page()` on the reuse path the model leaves
 * out): the page lock is abstracted away there, so a lock or unlock of it the patch adds or
 * deletes is no step either, as the kernel's own is none. Function -> the reason, for the report.
 */
export function pageLockAbstracted(sc: Scenario, keys: Keys, base: KernelCode, hunks: ReadonlyMap<string, readonly DiffHunk[]>, functionNamed: (n: string) => string | null): Map<string, string> {
  const out = new Map<string, string>();
  const lockOps = new Set([keys.primStmt.get('page_lock'), keys.primStmt.get('page_unlock'), keys.primCond.get('page_lock')].filter((o): o is string => !!o));
  if (lockOps.size === 0) return out;
  const takesLock = (fn: string): boolean => {
    for (const { stmt } of walkStmts(base, fn)) if (lockOps.has(stmt.op) || (stmt.op === 'if' && condLeaves((stmt as IfStmt).cond).some((c) => lockOps.has(c.op)))) return true;
    return false;
  };
  // A function whose model is called, in the base, by one that takes the page lock may be
  // entered with it held: its unlock is that caller's lock's, not one the model leaves out.
  const callers = (fn: string): string[] => Object.keys(base).filter((f) => f !== fn && [...walkStmts(base, f)].some(({ stmt }) => stmt.op === 'call' && (stmt as { fn: string }).fn === fn));
  const enteredLocked = (fn: string): boolean => callers(fn).some((f) => takesLock(f));
  for (const [name, hs] of hunks) {
    const fn = functionNamed(name) ?? name;
    if (!(fn in base) || out.has(fn) || takesLock(fn)) continue;
    // (The kernel's code drops the lock there: it took it, in a line the hunks do not show, as
    // S2's wp_page_copy() does around munlock_vma_page(), unless a modelled caller holds it.)
    const handlesLock = (text: string) => takesPageLock(text) || (dropsPageLock(text) && !enteredLocked(fn));
    for (const h of hs) {
      const at = functionAtLines(h);
      const line = h.lines.find((l, i) => l.kind !== 'add' && at[i] === name && handlesLock(l.text));
      if (line) {
        out.set(fn, `the ${sc.id} model of ${fn}() takes no page lock (the kernel's ${takesPageLock(line.text) ? 'takes' : 'drops'} it at \`${line.text.trim()}\`, a step the model leaves out): its page lock calls are no step here`);
        break;
      }
    }
  }
  return out;
}

/** Whether a line drops the page (folio) lock (`unlock_page()`, `folio_unlock()`). */
const dropsPageLock = (text: string): boolean => calledNames(text).some((n) => primitiveOf(n) === 'page_unlock');

/**
 * Helpers the patch adds that take the page lock and drop it again before they return, doing
 * nothing a model holds while they have it (`if (folio_trylock(folio)) { mark(folio);
 * folio_unlock(folio); }`): the lock is held only inside the helper, around no modelled step, so
 * its calls are no step there either (its trylock is explored both ways). Helper -> the reason.
 */
export function pageLockInsideHelpers(added: ReadonlyMap<string, { readonly items: readonly CItem[] }>): Map<string, string> {
  const out = new Map<string, string>();
  /** Whether a call touches nothing a model may hold: the page lock's own, or one whose calls touch nothing (a helper the patch adds, read through). */
  const touchesNothing = (n: string, seen: Set<string>): boolean => {
    if (primitiveOf(n) === 'page_lock' || primitiveOf(n) === 'page_unlock') return true;
    if (!added.has(n)) return mayTouchState(n) === null || isPure(n);
    if (seen.has(n)) return true;
    seen.add(n);
    return (added.get(n)?.items ?? []).every((it) => calledNames(it.cond ?? it.text).every((m) => touchesNothing(m, seen)));
  };
  for (const [name, { items }] of added) {
    const locks = items.filter((it) => takesPageLock(it.cond ?? it.text));
    const unlocks = items.filter((it) => dropsPageLock(it.text));
    if (locks.length === 0 || locks.length !== unlocks.length) continue;
    // (What it does while it holds the lock, and on the path where the trylock fails, alike.)
    const first = items.indexOf(locks[0]);
    const last = items.indexOf(unlocks[unlocks.length - 1]);
    if (last < first) continue;
    const calls = items.slice(first, last + 1).flatMap((it) => calledNames(it.cond ?? it.text));
    if (!calls.every((n) => touchesNothing(n, new Set([name])))) continue;
    out.set(name, `${name}(), added by the patch, takes the page lock and drops it before it returns, around no step a model has: its page lock calls are no step (a trylock is explored both ways)`);
  }
  return out;
}
