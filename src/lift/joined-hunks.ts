/**
 * Two hunks of one function read as one, for the both-sides comparison: a block the patch moves
 * from below an unchanged stretch to above it (mprotect's `dirty_accountable` test and commit
 * moved up into the `if (!prot_numa) {` branch, three releases' worth of NUMA code in between)
 * shows as an addition in one hunk and a deletion in the next, and neither hunk alone is the
 * same steps on both sides.
 *
 * The lines between the hunks are not in the patch. They are the same on both sides, so they
 * stand in as one placeholder line (UNSEEN_LINES), a step of its own that nothing can move
 * across unseen. Their nesting is read from the kernel's tab indentation: the two hunks'
 * statements must sit each at its parsed depth plus one and the same count of tabs, and the
 * placeholder then opens or closes the blocks the hidden lines do, so the second hunk's
 * closing braces close the first one's blocks.
 */
import type { DiffHunk, DiffLine } from '../diff/types.js';
import { parseItems, type SourceLine } from './cparse.js';
import { sideLines } from './hunk-reading.js';
import { HEADS_ABOVE } from '../mm/vocabulary.js';

/** The placeholder statement for the lines between two joined hunks (read by both-sides.ts). */
export const UNSEEN_LINES = '__unseen_lines_between_hunks__()';

/**
 * `a` and `b` (later in the same file, in function `fn`) as one hunk, or null when their nesting
 * cannot be read. (Headed with the test of the block `a` opens inside, where HEADS_ABOVE knows it.)
 */
export function joinedHunk(fn: string, a0: DiffHunk, b: DiffHunk): { readonly hunk: DiffHunk; readonly fixedTests: readonly string[] } | null {
  const gapOld = b.oldStart - (a0.oldStart + a0.oldLines);
  const gapNew = b.newStart - (a0.newStart + a0.newLines);
  // (The lines between are unchanged: as many on each side, and some.)
  if (gapOld !== gapNew || gapOld < 1) return null;
  const { hunk: a, fixedTests } = headed(fn, a0);
  const deltas = (['old', 'new'] as const).map((side) => {
    const oa = tabOffset(sideLines(a, side));
    const ob = tabOffset(sideLines(b, side));
    if (!oa || !ob) return null;
    // Depth where `b` starts, in `a`'s terms, less the depth where `a` ends.
    return ob.offset - oa.offset - oa.end;
  });
  if (deltas[0] === null || deltas[0] !== deltas[1]) return null;
  const delta = deltas[0];
  const at = (k: number): DiffLine => ({ kind: 'context', text: '', oldLine: a0.oldStart + a0.oldLines + k, newLine: a0.newStart + a0.newLines + k });
  const gap: DiffLine[] = [{ ...at(0), text: `${UNSEEN_LINES};` }];
  for (let k = 0; k < Math.abs(delta); k++) gap.push({ ...at(k + 1), text: delta > 0 ? '{' : '}' });
  if (delta !== 0) gap.push({ ...at(gap.length), text: `${UNSEEN_LINES};` });
  const lines = [...a.lines, ...gap, ...b.lines];
  const oldLines = lines.filter((l) => l.kind !== 'add').length;
  const newLines = lines.filter((l) => l.kind !== 'del').length;
  const hunk: DiffHunk = {
    header: `@@ -${a.oldStart},${oldLines} +${a.newStart},${newLines} @@${a.functionName ? ` ${a.functionName}` : ''}`,
    oldStart: a.oldStart,
    oldLines,
    newStart: a.newStart,
    newLines,
    functionName: a.functionName,
    lines,
  };
  return { hunk, fixedTests };
}

/**
 * Tabs minus parsed depth, the same for every statement and test of one side of a hunk that
 * starts its own line with tabs alone (kernel style), and the parsed depth where the side ends;
 * null when they disagree or none can be read.
 */
function tabOffset(lines: readonly SourceLine[]): { offset: number; end: number } | null {
  const items = parseItems(lines);
  let offset: number | null = null;
  for (const [i, it] of items.entries()) {
    if (i > 0 && items[i - 1].line === it.line) continue;
    if (it.kind !== 'stmt' && it.kind !== 'if' && it.kind !== 'jump') continue;
    const m = /^(\t*)(?=\S)/.exec(lines[it.line]?.text ?? '');
    if (!m) return null;
    // (The one statement of a braceless test on a line of its own is indented under it, at the
    // test's parsed depth.)
    let heads = 0;
    for (let k = i - 1; k >= 0 && items[k].braceless && items[k].kind !== 'stmt' && items[k].line !== items[k + 1].line; k--) heads++;
    const o = m[1].length - it.depth - heads;
    if (offset !== null && o !== offset) return null;
    offset = o;
  }
  if (offset === null) return null;
  // (The depth where the side ends: that of a line after it, which must read as a statement of
  // its own; a side ending in a braceless test or a statement cut short ends at no such depth.)
  const after = parseItems([...lines, { text: `${UNSEEN_LINES};`, origin: 'ctx' }]);
  const end = after[after.length - 1];
  if (end.text !== UNSEEN_LINES || items.at(-1)?.braceless) return null;
  return { offset, end: end.depth };
}

/**
 * `h` with the head of the block it opens inside as its first line, where a kept line directly in
 * that block (before the `}` that ends it, on both sides) is one HEADS_ABOVE knows, and that
 * head's test (whose value the function never changes); else `h`.
 */
function headed(fn: string, h: DiffHunk): { hunk: DiffHunk; fixedTests: string[] } {
  const heads = (side: 'old' | 'new'): string | null => {
    const lines = sideLines(h, side);
    const items = parseItems(lines);
    const end = items.findIndex((it) => it.kind === 'close' && it.depth <= 0);
    if (end < 0 || items.slice(0, end).some((it) => it.depth < 0)) return null;
    for (const it of items.slice(0, end)) {
      if (it.depth !== 0 || it.origin !== 'ctx') continue;
      const known = HEADS_ABOVE.find((x) => x.fn.test(fn) && x.within.test(it.text));
      const tabs = /^(\t+)(?=\S)/.exec(lines[it.line]?.text ?? '')?.[1];
      if (known && tabs) return `${tabs.slice(1)}if (${known.test}) {`;
    }
    return null;
  };
  const head = heads('old');
  if (!head || heads('new') !== head) return { hunk: h, fixedTests: [] };
  const line: DiffLine = { kind: 'context', text: head, oldLine: h.oldStart - 1, newLine: h.newStart - 1 };
  const test = /^\s*if \((.*)\) \{$/.exec(head)![1];
  return { hunk: { ...h, oldStart: h.oldStart - 1, oldLines: h.oldLines + 1, newStart: h.newStart - 1, newLines: h.newLines + 1, lines: [line, ...h.lines] }, fixedTests: [test] };
}
