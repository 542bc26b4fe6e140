/**
 * A change that adds or removes the `else` of an `if` the hunk keeps as context
 * (`if (force_flush)` / `-flush_tlb_range(...)` / `-else` / `-*need_flush = true;` /
 * `+tlb_flush_mmu_tlbonly(tlb);`, the `else` alone on its line): neither side of the changed
 * lines is a whole statement, so the hunk is read as replacing the whole `if` statement, its
 * kept test and then-branch included, on both sides. The C of each side is unchanged; only
 * which lines count as changed.
 */
import type { DiffFile, DiffHunk, DiffLine } from '../diff/types.js';

const indent = (t: string): number => /^\s*/.exec(t)![0].replace(/\t/g, '        ').length;
const isElse = (t: string): boolean => /^\s*(?:\}\s*)?else\b/.test(t);
const isIf = (t: string): boolean => /^\s*(?:\}\s*else\s+)?if\s*\(/.test(t);

function widenHunk(h: DiffHunk): DiffHunk {
  const lines = h.lines;
  let changed = false;
  let i = 0;
  const result: DiffLine[] = [];
  while (i < lines.length) {
    if (lines[i].kind === 'context') {
      result.push(lines[i++]);
      continue;
    }
    // One run of changed lines.
    let end = i;
    while (end < lines.length && lines[end].kind !== 'context') end++;
    const run = lines.slice(i, end);
    // (A braced `} else {` opens a block the run reads on its own; a bare `else` line does not.)
    const els = run.find((l) => /^\s*else\s*$/.test(l.text));
    let opener = -1;
    // Only a change inside that one statement: every other changed line is in a branch (deeper),
    // or a brace or `else` of the statement itself.
    const within = (l: DiffLine) => l.text.trim() === '' || indent(l.text) > indent(els!.text) || /^\s*(?:\}\s*)?(?:else\s*)?\{?\s*$/.test(l.text) || (isElse(l.text) && !isIf(l.text));
    if (els && run.every(within)) {
      // The kept `if` the `else` belongs to: the nearest context line above at its indentation,
      // with only deeper lines (its then-branch) or its closing brace between.
      const at = indent(els.text);
      // (Changed lines deeper than the `if` may lie between: its header's continuation, as
      // when a patch drops the `{` that ended `if (f(a,\n b)) {`. They join the statement.)
      for (let k = result.length - 1; k >= 0; k--) {
        const l = result[k];
        if (l.text.trim() === '') continue;
        if (l.kind !== 'context' && indent(l.text) <= at) {
          // (The `if` itself changed in the run before, given braces with the same test: the
          // statement starts where that run starts.)
          if (indent(l.text) === at && isIf(l.text) && !isElse(l.text)) {
            opener = k;
            while (opener > 0 && result[opener - 1].kind !== 'context') opener--;
          }
          break;
        }
        const d = indent(l.text);
        if (d > at || (d === at && /^\s*\}\s*$/.test(l.text))) continue;
        if (d === at && isIf(l.text)) opener = k;
        break;
      }
    }
    if (opener < 0) {
      result.push(...run);
      i = end;
      continue;
    }
    const kept = result.splice(opener);
    result.push(...asReplacement([...kept, ...run]));
    changed = true;
    i = end;
  }
  return changed ? { ...h, lines: result } : h;
}

/**
 * A stretch of hunk lines read as replacing its old side by its new one: every old-side line
 * (kept or deleted) deleted, then every new-side line (kept or added) added, in order.
 */
export function asReplacement(lines: readonly DiffLine[]): DiffLine[] {
  const old = lines.filter((l) => l.kind !== 'add').map((l): DiffLine => ({ ...l, kind: 'del', newLine: null }));
  const neu = lines.filter((l) => l.kind !== 'del').map((l): DiffLine => ({ ...l, kind: 'add', oldLine: null }));
  return [...old, ...neu];
}

export function widenElseRuns(files: readonly DiffFile[]): DiffFile[] {
  return files.map((f) => {
    const hunks = f.hunks.map(widenHunk);
    return hunks.some((h, k) => h !== f.hunks[k]) ? { ...f, hunks } : f;
  });
}
