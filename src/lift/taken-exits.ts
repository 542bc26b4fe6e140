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

export interface TakenExit<T extends CItem> {
  readonly dels: T[];
  readonly adds: T[];
  /** For the report: the test, the jump, and the added lines that never run. */
  readonly test: string;
  readonly jump: string;
  readonly unreached: readonly string[];
}

/** The last item of the block an `if` item opens (braced or not), or null. */
function blockEnd<T extends CItem>(items: readonly T[], i: number): T | null {
  const head = items[i];
  if (head.braceless) return items[i + 1] ?? null;
  let last: T | null = null;
  for (let k = i + 1; k < items.length; k++) {
    const it = items[k];
    // (An item's depth is the depth before it: the block's own close brace is one deeper.)
    if (it.kind === 'close' && it.depth === head.depth + 1) return last;
    if (it.depth <= head.depth) return null;
    if (it.kind !== 'close' && it.kind !== 'open') last = it;
  }
  return null;
}

export function rewrittenTakenExit<T extends CItem>(
  oldItems: readonly T[],
  newItems: readonly T[],
  dels: readonly T[],
  adds: readonly T[],
  /** The test's value in the model, or null when the model does not decide it. */
  decided: (cond: string) => boolean | null,
): TakenExit<T> | null {
  for (const a of adds) {
    if (a.kind !== 'if' || !a.braceless || decided(a.cond ?? '') !== true) continue;
    const ai = newItems.indexOf(a);
    const jump = newItems[ai + 1];
    if (!jump || jump.kind !== 'jump' || jump.origin !== 'add' || !/^goto \w+$/.test(jump.text)) continue;
    const d = dels.find((x) => x.kind === 'if' && norm(x.cond ?? '') === norm(a.cond ?? ''));
    if (!d) continue;
    const oldJump = blockEnd(oldItems, oldItems.indexOf(d));
    if (!oldJump || oldJump.kind !== 'jump' || oldJump.text !== jump.text) continue;
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
