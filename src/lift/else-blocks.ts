/**
 * Hunks whose changed lines move statements across the `} else {` of an `if` whose head is above
 * the hunk, so that neither side's changed lines are whole statements, rewritten into hunks of
 * the same C that the run readers can place:
 *
 * - elseOfUntakenTest(): the `if`'s test is one the model decides false (its head is in an earlier
 *   hunk of the same function, `if (folio_test_hugetlb(folio)) {`): its then-branch never runs and
 *   its else-branch always does, so the then-branch's lines and the `} else {` and its close go,
 *   leaving the else-branch's statements as straight-line code on each side. A hunk that starts in
 *   such a branch with no else after it keeps only the lines after the branch's close.
 * - elseIfAsElseBlock(): `} else if (C)` becomes `} else {` `if (C)` ... `}` so that a statement
 *   can follow the test in the else: the deleted head is read as the kept `} else {` plus a
 *   deleted `if (C)`, and the added close as kept, so the changed lines are whole statements
 *   inside the else.
 *
 * lift.ts reads a hunk of the first shape so before anything else; the second only when the hunk
 * as it is does not lift because its changed lines are not whole statements, after
 * statement-window.ts found no window.
 */
import type { DiffHunk, DiffLine } from '../diff/types.js';
import { sideLines } from './hunk-reading.js';

const indentOf = (t: string): string => /^[\t ]*/.exec(t)![0];
const isBlank = (t: string): boolean => t.trim() === '';
const ELSE_OPEN = /^\s*\}\s*else\s*\{\s*$/;
const BLOCK_CLOSE = /^\s*\}\s*$/;

/**
 * The `if (...) {` (or `} else if (...) {`) at indentation `ind` whose block a hunk's `}` at `ind`
 * ends, read from `earlier` (the hunk before it): its line and its test, with no line less
 * indented between it and the end of that hunk; or null. A test continued on lines indented
 * deeper, up to the one that opens the block (`if (is_device_private_entry(entry) ||` over
 * `    is_device_exclusive_entry(entry)) {`), is read as one line.
 */
export function headAbove(earlier: DiffHunk | undefined, ind: string): { line: string; test: string } | null {
  if (!earlier) return null;
  const lines = sideLines(earlier, 'new').map((l) => l.text).filter((t) => !isBlank(t));
  for (let k = lines.length - 1; k >= 0; k--) {
    const at = indentOf(lines[k]);
    if (at.length < ind.length) return null;
    if (at !== ind) continue;
    let line = lines[k];
    for (let j = k + 1; j < lines.length && !/\{\s*$/.test(line) && indentOf(lines[j]).length > ind.length; j++) line = `${line} ${lines[j].trim()}`;
    const m = /^\s*(?:\}\s*else\s+)?if\s*\((.*)\)\s*\{\s*$/.exec(line);
    return m ? { line, test: m[1] } : null;
  }
  return null;
}

/**
 * `h` with the then-branch of an untaken test above it dropped (see the file comment), and that
 * test's line; or null when `h` is not that shape or `decide` does not find the test false.
 */
export function elseOfUntakenTest(h: DiffHunk, earlier: DiffHunk | undefined, decide: (test: string) => boolean | null): { readonly hunk: DiffHunk; readonly head: string } | null {
  const lines = h.lines;
  // The kept `} else {` or `}` that ends the branch the hunk starts in: every line above it is in
  // that branch (deeper), or blank.
  // (The first such line whose branch's test, above the hunk, the model decides false: a close
  // of an inner block the hunk starts in comes before it.)
  const e = lines.findIndex((l, i) => {
    if (l.kind !== 'context' || !(ELSE_OPEN.test(l.text) || BLOCK_CLOSE.test(l.text))) return false;
    if (!lines.slice(0, i).every((x) => isBlank(x.text) || indentOf(x.text).length > indentOf(l.text).length)) return false;
    const head = headAbove(earlier, indentOf(l.text));
    return head !== null && decide(head.test) === false;
  });
  if (e < 0) return null;
  const ind = indentOf(lines[e].text);
  const head = headAbove(earlier, ind)!;
  // A branch that just ends: nothing of it runs, and the code after it runs as it did.
  // (Only when the hunk changes a line of that branch: else there is nothing to keep out.)
  if (BLOCK_CLOSE.test(lines[e].text)) return lines.slice(0, e).some((l) => l.kind !== 'context') ? { hunk: { ...h, lines: lines.slice(e + 1) }, head: head.line.trim() } : null;
  // (An else runs when every test of its chain is false: only after a plain `if`, the one test.)
  if (/^\s*\}/.test(head.line)) return null;
  // Each side's close of the else: its first line at the `} else {`'s indentation after it.
  const closeOn = (skip: DiffLine['kind']): number => {
    for (let i = e + 1; i < lines.length; i++) {
      const l = lines[i];
      if (l.kind === skip || isBlank(l.text)) continue;
      const at = indentOf(l.text);
      if (at.length < ind.length) return -1;
      if (at === ind) return /^\s*\}\s*$/.test(l.text) ? i : -1;
    }
    return -1;
  };
  const oldClose = closeOn('add');
  const newClose = closeOn('del');
  if (oldClose < 0 || newClose < 0) return null;
  // A close that is a kept line may close another block on the other side (the old side's
  // `} else { ... }` of a test the patch moved into the else): it goes from its own side only.
  // (Moved up to end the run of its side's lines just before it, past lines of the other side
  // only, so that the run it closes is whole.)
  const out: DiffLine[] = [];
  lines.forEach((l, i) => {
    if (i <= e) return;
    // (One kept line that closes the else on both sides goes from both.)
    if (i === oldClose && i === newClose) return;
    const own = i === oldClose ? 'add' : i === newClose ? 'del' : null;
    if (!own) return void out.push(l);
    if (l.kind !== 'context') return;
    const moved: DiffLine = own === 'add' ? { ...l, kind: 'add', oldLine: null } : { ...l, kind: 'del', newLine: null };
    let at = out.length;
    const other = own === 'add' ? 'del' : 'add';
    while (at > 0 && out[at - 1].kind === other) at--;
    out.splice(at > 0 && out[at - 1].kind === own ? at : out.length, 0, moved);
  });
  return { hunk: { ...h, lines: out }, head: head.line.trim() };
}

/**
 * `h` with `} else if (C)` read as `} else {` and `if (C)` (see the file comment), or null when
 * `h` is not that shape: the deleted head the first deleted line of its run, the added `} else {`
 * and `if (C)` the first added lines of the same run, the added close in that run too.
 */
export function elseIfAsElseBlock(h: DiffHunk): DiffHunk | null {
  const lines = h.lines;
  const norm = (c: string) => c.replace(/\s+/g, '');
  for (let d = 0; d < lines.length; d++) {
    const m = /^(\s*)\}\s*else\s+if\s*\((.*)\)(\s*\{)?\s*$/.exec(lines[d].text);
    if (lines[d].kind !== 'del' || !m || lines[d - 1]?.kind === 'del') continue;
    const ind = m[1];
    let end = d;
    while (end < lines.length && lines[end].kind !== 'context') end++;
    const adds = [...lines.keys()].filter((i) => i > d && i < end && lines[i].kind === 'add');
    const live = adds.filter((i) => !isBlank(lines[i].text));
    if (live.length < 3 || !ELSE_OPEN.test(lines[live[0]].text) || indentOf(lines[live[0]].text) !== ind) continue;
    const t = /^\s*if\s*\((.*)\)\s*\{?\s*$/.exec(lines[live[1]].text);
    if (!t || norm(t[1]) !== norm(m[2]) || indentOf(lines[live[1]].text).length <= ind.length) continue;
    const close = live.find((i) => i > live[1] && indentOf(lines[i].text) === ind);
    if (close === undefined || !/^\s*\}\s*$/.test(lines[close].text)) continue;
    const out: DiffLine[] = [];
    lines.forEach((l, i) => {
      if (i === d) {
        out.push({ ...l, kind: 'context', text: `${ind}} else {`, newLine: lines[live[0]].newLine });
        out.push({ ...l, kind: 'del', text: `${ind}\tif (${m[2]})${m[3] ?? ''}` });
      } else if (i === live[0]) return;
      // (Its old line: where the old side goes on after the run.)
      else if (i === close) out.push({ ...l, kind: 'context', oldLine: lines.slice(end).find((x) => x.oldLine !== null)?.oldLine ?? null });
      else out.push(l);
    });
    return { ...h, lines: out };
  }
  return null;
}
