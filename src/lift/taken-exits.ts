/**
 * An exit the model always takes, rewritten: the old side's `if (T) { ...; goto L; }` and the new
 * side's `if (T) goto L;` with T a test the model decides true (do_numa_page()'s `target_nid ==
 * NUMA_NO_NODE`: no modelled NUMA fault migrates its page). The model has that path flattened in
 * place (what follows in the model is the code at L), so the new test and its jump are that
 * path, and what the new side adds after the jump in the same block (up to a label) never runs in
 * the model.
 * Returns the run's deleted and added lines without those, or null when the shape is not there.
 */
import { norm, type CItem } from './cparse.js';
import { decidedIf } from './decided-tests.js';
import type { LexContext } from './lexicon.js';

export interface TakenExit<T extends CItem> {
  readonly dels: T[];
  readonly adds: T[];
  /** For the report: the test, the jump, and the added lines that never run. */
  readonly test: string;
  readonly jump: string;
  readonly unreached: readonly string[];
}

export function rewrittenTakenExit<T extends CItem>(
  oldItems: readonly T[],
  newItems: readonly T[],
  dels: readonly T[],
  adds: readonly T[],
  lc: LexContext,
): TakenExit<T> | null {
  for (const a of adds) {
    if (a.kind !== 'if' || !a.braceless) continue;
    const ai = newItems.indexOf(a);
    const added = decidedIf(newItems, ai, lc, true);
    const jump = added ? newItems[added.end] : undefined;
    if (!added?.taken || !jump || jump.origin !== 'add' || !/^goto \w+$/.test(jump.text)) continue;
    const d = dels.find((x) => x.kind === 'if' && norm(x.cond ?? '') === norm(a.cond ?? ''));
    if (!d) continue;
    // (The old block's last line is its jump: the close ends a braced block.)
    const old = decidedIf(oldItems, oldItems.indexOf(d), lc, true, true);
    const oldJump = old ? oldItems[d.braceless ? old.end : old.end - 1] : undefined;
    if (!oldJump || oldJump.text !== jump.text) continue;
    // What the new side adds after the jump, up to the end of the block the test is in: never run.
    const after: T[] = [];
    for (let k = ai + 2; k < newItems.length; k++) {
      const it = newItems[k];
      // (A label after the jump is another way in: what follows it runs.)
      if (it.depth < a.depth || it.kind === 'label') break;
      if (it.origin === 'add') after.push(it);
    }
    const gone = new Set<T>([a, jump, ...after]);
    return {
      dels: dels.filter((x) => x !== d && x !== oldJump),
      adds: adds.filter((x) => !gone.has(x)),
      test: a.text,
      jump: jump.text,
      unreached: after.filter((x) => x.kind !== 'close' && x.kind !== 'open').map((x) => x.text),
    };
  }
  return null;
}
