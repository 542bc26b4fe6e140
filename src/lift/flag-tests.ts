/**
 * A flag a function computes from a test and tests later (`reuse = reuse_swap_page(old_page);`
 * ... `if (reuse) {`, do_wp_page() until 5.9): a model written from a later release has the
 * test itself as its `if` (`if (reuse_swap_page(vmf->page, &total_map_swapcount))`), which stands
 * for the flag. A patch that computes the flag otherwise changes that if's test:
 * `reuse = E;` makes it E, and `if (T) reuse = E;` (T the old test) makes it `T && E`.
 */
import { and, condSignature, type Cond, type IfStmt, type Stmt } from '../model/code.js';
import { calledNames, type CItem } from './cparse.js';
import { plainTest } from './decided-tests.js';
import type { LexContext } from './lexicon.js';

export interface FlagTestChange {
  /** The model's if that stands for the flag. */
  readonly target: IfStmt;
  /** Its new test, and that test's C text. */
  readonly cond: Cond;
  readonly text: string;
  readonly flag: string;
}

const assignment = (it: CItem | undefined): RegExpExecArray | null => (it && it.kind === 'stmt' ? /^([A-Za-z_]\w*)\s*=\s*([^=].*)$/s.exec(it.text) : null);

const RESULT_LOCALS = /^(?:ret|err|error|rc|retval|result|res|r|status|rv)$/;

/** A test the model decides or explores blindly is no test a flag can be matched to. */
const modelled = (c: Cond): boolean => !/^!?(?:const:|choice:)/.test(condSignature(c));

export function flagTestChange(dels: readonly CItem[], adds: readonly CItem[], modelIfs: readonly Stmt[], lc: LexContext, seen: readonly CItem[] = []): FlagTestChange | null {
  if (dels.length !== 1) return null;
  const d = assignment(dels[0]);
  if (!d) return null;
  // (`if (T) reuse = E;` leaves the flag as declared where T fails: false, `int reuse = 0`. A
  // declaration the hunk shows with another value is not that flag.)
  if (seen.some((it) => it.kind === 'decl' && new RegExp(`\\b${d[1]}\\s*=\\s*(?!0\\b|false\\b)`).test(it.text))) return null;
  // (A function's result or error local is no such flag: `ret = pte_same(...)` returns the value.)
  if (RESULT_LOCALS.test(d[1])) return null;
  const old = plainTest(d[2], lc);
  if (!old || !modelled(old)) return null;
  const sig = condSignature(old);
  // (Nor where the hunk shows the function testing the same thing in place, `if (T)` kept: the
  // model's if is that test, not the flag.)
  if (seen.some((it) => it.origin === 'ctx' && (it.kind === 'if' || it.kind === 'elseif') && calledNames(it.cond ?? '').some((n) => calledNames(d[2]).includes(n)))) return null;
  const targets = modelIfs.filter((s): s is IfStmt => s.op === 'if' && condSignature((s as IfStmt).cond) === sig);
  if (targets.length !== 1) return null;
  const test = (text: string) => plainTest(text, lc);
  const a0 = assignment(adds[0]);
  if (adds.length === 1 && a0 && a0[1] === d[1]) {
    const cond = test(a0[2]);
    return cond ? { target: targets[0], cond, text: a0[2], flag: d[1] } : null;
  }
  const a1 = assignment(adds[1]);
  const guard = adds[0];
  if (adds.length === 2 && guard.kind === 'if' && guard.braceless && a1 && a1[1] === d[1]) {
    const t = test(guard.cond ?? '');
    const e = test(a1[2]);
    // (The guard is the old test: the flag keeps its old value, false, where the guard fails.)
    if (!t || !e || condSignature(t) !== sig) return null;
    const text = `${guard.cond} && ${a1[2]}`;
    return { target: targets[0], cond: and(text, t, e), text, flag: d[1] };
  }
  return null;
}
