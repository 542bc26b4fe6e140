/**
 * The page lock a model abstracts away: a modelled function whose model takes no page lock (nor
 * do the functions it calls) while the kernel's code of it, as the patch shows it, does. There
 * the patch's own lock and unlock calls are no step either (lexicon.ts reads them so).
 */
import type { DiffHunk } from '../diff/types.js';
import { primitiveOf } from '../mm/vocabulary.js';
import { condLeaves, walkStmts, type IfStmt, type KernelCode } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { calledNames } from './cparse.js';
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
  for (const [name, hs] of hunks) {
    const fn = functionNamed(name) ?? name;
    if (!(fn in base) || out.has(fn) || takesLock(fn)) continue;
    for (const h of hs) {
      const at = functionAtLines(h);
      const line = h.lines.find((l, i) => l.kind !== 'add' && at[i] === name && takesPageLock(l.text));
      if (line) {
        out.set(fn, `the ${sc.id} model of ${fn}() takes no page lock (the kernel's takes it at \`${line.text.trim()}\`, a step the model leaves out): its page lock calls are no step here`);
        break;
      }
    }
  }
  return out;
}
