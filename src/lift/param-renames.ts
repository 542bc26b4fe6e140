/**
 * Parameters a patch renames (`bool wp_copy` -> `bool wp_mode` in a definition's parameter
 * list): inside that function the new name is the old variable, so the patch's added lines are
 * read with the old name before lifting. The model's tests are written with the kernel's names
 * (`if (wp_copy)`); a renamed parameter is the same value under another name.
 */
import type { DiffFile, DiffHunk } from '../diff/types.js';

export interface ParamRename {
  readonly fn: string;
  readonly from: string;
  readonly to: string;
}

const IDENT = /^[A-Za-z_]\w*$/;
const tokens = (t: string): string[] => t.trim().split(/([A-Za-z_]\w*|\S)/).filter((x) => x.trim() !== '');

/** A parameter line of a definition: ends its parameter (`,` or `)`), holds no statement. */
const paramLine = (t: string): boolean => /[,)]\s*$/.test(t) && !/[;={}]/.test(t);

/** Whether the hunk's new side goes on from line `i` through parameter lines only to the body's `{`. */
function headerGoesOnToBody(h: DiffHunk, i: number): boolean {
  for (let j = i + 1; j < h.lines.length; j++) {
    const l = h.lines[j];
    if (l.kind === 'del') continue;
    if (/^\{\s*$/.test(l.text)) return true;
    if (l.text.trim() === '' || !paramLine(l.text)) return false;
  }
  return false;
}

/** The one name `a` spells otherwise than `b`, where `b` has it as a parameter's name. */
function renamedName(b: string, a: string): { from: string; to: string } | null {
  const tb = tokens(b);
  const ta = tokens(a);
  if (tb.length !== ta.length) return null;
  const diff = tb.map((x, k) => (x === ta[k] ? -1 : k)).filter((k) => k >= 0);
  if (diff.length !== 1) return null;
  const k = diff[0];
  if (!IDENT.test(tb[k]) || !IDENT.test(ta[k]) || k === 0) return null;
  // A parameter's name: after its type, before `,` or `)`.
  if (tb[k + 1] !== ',' && tb[k + 1] !== ')') return null;
  if (!IDENT.test(tb[k - 1]) && tb[k - 1] !== '*') return null;
  return { from: tb[k], to: ta[k] };
}

const nameRe = (n: string) => new RegExp(`(?<![\\w.>])${n}\\b`, 'g');

/**
 * The parameters the patch renames, and the diff with each function's added lines spelled with
 * the old names. `fnAt` gives the function each line of a hunk is in.
 */
export function readRenamedParams(files: readonly DiffFile[], fnAt: (h: DiffHunk) => (string | null)[]): { files: DiffFile[]; renames: ParamRename[] } {
  const renames: ParamRename[] = [];
  for (const f of files) {
    for (const h of f.hunks) {
      const at = fnAt(h);
      for (let i = 0; i < h.lines.length; ) {
        if (h.lines[i].kind !== 'del') {
          i++;
          continue;
        }
        let d = i;
        while (d < h.lines.length && h.lines[d].kind === 'del') d++;
        let a = d;
        while (a < h.lines.length && h.lines[a].kind === 'add') a++;
        if (a - d === d - i) {
          for (let k = 0; k < d - i; k++) {
            const del = h.lines[i + k];
            const add = h.lines[d + k];
            const fn = at[i + k];
            if (!fn || !paramLine(del.text) || !paramLine(add.text) || !headerGoesOnToBody(h, a - 1)) continue;
            const r = renamedName(del.text, add.text);
            if (r && !renames.some((x) => x.fn === fn && x.to === r.to)) renames.push({ fn, ...r });
          }
        }
        i = a;
      }
    }
  }
  // The new name must be no other name in the function's old code that the diff shows.
  const kept = renames.filter((r) =>
    files.every((f) =>
      f.hunks.every((h) => {
        const at = fnAt(h);
        return h.lines.every((l, j) => at[j] !== r.fn || l.kind === 'add' || !nameRe(r.to).test(l.text));
      }),
    ),
  );
  if (kept.length === 0) return { files: [...files], renames: [] };
  const out = files.map((f) => ({
    ...f,
    hunks: f.hunks.map((h) => {
      const at = fnAt(h);
      if (!h.lines.some((l, j) => l.kind === 'add' && kept.some((r) => r.fn === at[j]))) return h;
      return {
        ...h,
        lines: h.lines.map((l, j) => {
          if (l.kind !== 'add') return l;
          let text = l.text;
          for (const r of kept) if (r.fn === at[j]) text = text.replace(nameRe(r.to), r.from);
          return text === l.text ? l : { ...l, text };
        }),
      };
    }),
  }));
  return { files: out, renames: kept };
}
