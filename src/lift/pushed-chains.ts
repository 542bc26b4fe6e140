/**
 * A kept `if (X) {` that a patch pushes down a chain it adds before it: `-if (X) {` then
 * `+if (C) {` ... `+} else if (X) {`, X's body kept as context (the 2021 shmem CONTINUE postings:
 * `if (is_continue) { ...lookup... } else if (!*pagep) { ...allocate... }`). Read as the same
 * C with the chain unfolded: `if (C) { ... }` then `if (!(C) && (X)) {`, which runs X's body on
 * exactly the paths the chain does, so the body stays where the model has it, under a test that
 * is X's where C is false. (Only where C is a plain test, with no call: it is read twice.)
 */
import type { DiffFile, DiffHunk, DiffLine } from '../diff/types.js';

const indentOf = (t: string): string => /^\s*/.exec(t)![0];
const IF_OPEN = /^(\s*)if\s*\((.*)\)\s*\{\s*$/;
const ELSE_IF_OPEN = /^(\s*)\}\s*else\s+if\s*\((.*)\)\s*\{\s*$/;

function unfoldHunk(h: DiffHunk): DiffHunk {
  const lines = h.lines;
  for (let k = 0; k < lines.length; k++) {
    const del = lines[k];
    const x = del.kind === 'del' ? IF_OPEN.exec(del.text) : null;
    if (!x) continue;
    // The added chain right after the deleted opener: `if (C) {` at the same indentation.
    let j = k + 1;
    while (j < lines.length && lines[j].kind === 'del') j++;
    const open = lines[j]?.kind === 'add' ? IF_OPEN.exec(lines[j].text) : null;
    if (!open || open[1] !== x[1] || /\w\s*\(/.test(open[2])) continue;
    // Its `} else if (X) {`, added, at the same indentation, with only added lines between.
    let m = j + 1;
    while (m < lines.length && lines[m].kind === 'add' && !(ELSE_IF_OPEN.test(lines[m].text) && indentOf(lines[m].text) === x[1])) m++;
    const els = lines[m]?.kind === 'add' ? ELSE_IF_OPEN.exec(lines[m].text) : null;
    if (!els || els[2].trim() !== x[2].trim()) continue;
    // (No other branch of the chain in between: `} else if` or `} else` at its indentation.)
    if (lines.slice(j + 1, m).some((l) => indentOf(l.text) === x[1] && /^\s*\}\s*else\b/.test(l.text))) continue;
    // (Nor a branch that sets what C reads: then C read again would not be C as the chain read it.)
    const names = open[2].match(/[A-Za-z_]\w*/g) ?? [];
    const sets = (t: string) => names.some((n) => new RegExp(`\\b${n}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\b${n}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${n}\\b`).test(t));
    if (lines.slice(j + 1, m).some((l) => sets(l.text))) continue;
    const close: DiffLine = { ...lines[m], text: `${x[1]}}` };
    const reopen: DiffLine = { ...lines[m], text: `${x[1]}if (!(${open[2].trim()}) && (${x[2].trim()})) {` };
    const out = [...lines.slice(0, m), close, reopen, ...lines.slice(m + 1)];
    return unfoldHunk({ ...h, newLines: h.newLines + 1, lines: out });
  }
  return h;
}

/** Every hunk with its pushed-down chains unfolded (see above). */
export function unfoldPushedChains(files: readonly DiffFile[]): DiffFile[] {
  return files.map((f) => {
    const hunks = f.hunks.map(unfoldHunk);
    return hunks.some((h, k) => h !== f.hunks[k]) ? { ...f, hunks } : f;
  });
}
