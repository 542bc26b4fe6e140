/**
 * A test the patch adds or deletes whose whole block is lines the scenario ignores (`if
 * (anon_vma) anon_vma_lock(anon_vma);` where the anon_vma lock orders nothing the model holds):
 * with its block gone, the test guards nothing, so it goes with it. Left alone it stood as an
 * empty `if` the model does not have, and its deletion could not be placed.
 */
import { calledNames, type CItem } from './cparse.js';
import { actsOnState } from '../mm/vocabulary.js';

/** The `if` items (with their close brace) of `items` in the run whose every body line is ignored. */
export function guardsOfIgnoredLines<T extends CItem>(items: readonly T[], inRun: (it: T) => boolean, ignored: (it: T) => boolean): Set<T> {
  const out = new Set<T>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'if' || it.origin === 'ctx' || !inRun(it) || !it.cond) continue;
    // (A test that may act, `if (trylock_x(...))`, is a step of its own: kept.)
    if (calledNames(it.cond).some((n) => actsOnState(n))) continue;
    let end = i + 1;
    if (!it.braceless) {
      let depth = 1;
      for (; end < items.length; end++) {
        const x = items[end];
        if (x.kind === 'open' || ((x.kind === 'if' || x.kind === 'elseif' || x.kind === 'else') && !x.braceless)) depth++;
        else if (x.kind === 'close' && --depth === 0) break;
      }
      if (end >= items.length) continue;
    }
    const body = it.braceless ? items.slice(i + 1, i + 2) : items.slice(i + 1, end);
    const after = items[end + 1];
    if (body.length === 0 || (after && (after.kind === 'else' || after.kind === 'elseif'))) continue;
    if (!body.every((x) => x.origin === it.origin && inRun(x) && (x.kind === 'stmt' || x.kind === 'jump') && ignored(x))) continue;
    out.add(it);
    if (!it.braceless && items[end].origin === it.origin) out.add(items[end]);
  }
  return out;
}
