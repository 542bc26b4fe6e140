/**
 * A hunk whose changed lines are not whole statements on one side, in a shape the run readers
 * do not know: `if (wp_copy) {` becomes a braceless `if (wp_copy)` whose statement is context, and
 * a kept statement is followed by an added `else if (writable)` and a deleted `else` branch. The
 * smallest window of lines around the changed ones whose old side and new side are each whole
 * statements is read as replacing those statements: its context lines become deleted and added
 * alike (the C of each side is unchanged; only which lines count as changed).
 *
 * Used only when the hunk as it is does not lift for that reason (the lift says the changed lines
 * do not form whole statements), so a hunk the run readers place keeps its reading.
 */
import type { DiffHunk } from '../diff/types.js';
import { CParseError, parseItems, parseTree, type CItem } from './cparse.js';
import { asReplacement } from './else-runs.js';
import { sideIndex, sideLines } from './hunk-reading.js';

/**
 * The items of one side of `h` whose lines lie within hunk lines s..e, or null when an item
 * straddles an edge (`at`: the hunk line of each side line).
 */
function itemsWithin(items: readonly CItem[], at: readonly number[], s: number, e: number): CItem[] | null {
  const out: CItem[] = [];
  for (const it of items) {
    const from = at[it.line];
    const to = at[it.end ?? it.line];
    if (to < s || from > e) continue;
    if (from < s || to > e) return null;
    out.push(it);
  }
  return out;
}

/** Whole statements: braces balance, no `else` without its `if`, every braceless test has its statement. */
function whole(items: readonly CItem[]): boolean {
  if (items.length && (items[0].kind === 'else' || items[0].kind === 'elseif')) return false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!it.braceless || (it.kind !== 'if' && it.kind !== 'elseif' && it.kind !== 'else')) continue;
    const nx = items[i + 1];
    if (!nx || nx.kind === 'close' || nx.kind === 'else' || nx.kind === 'elseif') return false;
  }
  try {
    parseTree(items);
    return true;
  } catch (e) {
    if (e instanceof CParseError) return false;
    throw e;
  }
}

/** The hunk with its changed lines widened to whole statements on both sides, or null. */
export function wholeStatementHunk(h: DiffHunk): DiffHunk | null {
  const lines = h.lines;
  const first = lines.findIndex((l) => l.kind !== 'context');
  let last = -1;
  lines.forEach((l, i) => {
    if (l.kind !== 'context') last = i;
  });
  if (first < 0) return null;
  const sides = (['old', 'new'] as const).map((side) => ({ items: parseItems(sideLines(h, side)), at: sideIndex(h, side) }));
  const wholeBoth = (s: number, e: number) =>
    sides.every(({ items, at }) => {
      const got = itemsWithin(items, at, s, e);
      return got !== null && whole(got);
    });
  const extra = first + (lines.length - 1 - last);
  for (let k = 0; k <= extra; k++) {
    for (let up = 0; up <= k; up++) {
      const s = first - up;
      const e = last + (k - up);
      if (s < 0 || e >= lines.length) continue;
      if (!wholeBoth(s, e)) continue;
      const window = lines.slice(s, e + 1);
      // Nothing to widen: the changed lines were whole already (another reason failed them).
      if (window.every((l) => l.kind !== 'context')) return null;
      return { ...h, lines: [...lines.slice(0, s), ...asReplacement(window), ...lines.slice(e + 1)] };
    }
  }
  return null;
}
