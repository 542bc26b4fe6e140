/**
 * Parameters a patch renames (`bool wp_copy` -> `bool wp_mode` in a definition's parameter
 * list): inside that function the new name is the old variable, so the patch's added lines are
 * read with the old name before lifting. The model's tests are written with the kernel's names
 * (`if (wp_copy)`); a renamed parameter is the same value under another name.
 */
import type { DiffFile, DiffHunk } from '../diff/types.js';
import { parenBalance } from './cparse.js';

export interface ParamRename {
  readonly fn: string;
  readonly from: string;
  readonly to: string;
  /** `to` is the parameter as a field of a struct the patch passes instead (`ctx->flags`). */
  readonly folded?: boolean;
  /** A local variable the patch renames at its declaration (`int nr = 0` -> `int nr_pinned = 0`). */
  readonly local?: boolean;
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

/** The tokens of `b` and `a` where they differ in one name only, not the first token (its index `k`). */
function oneNameChanged(b: string, a: string): { tb: string[]; ta: string[]; k: number } | null {
  const tb = tokens(b);
  const ta = tokens(a);
  if (tb.length !== ta.length) return null;
  const diff = tb.map((x, k) => (x === ta[k] ? -1 : k)).filter((k) => k >= 0);
  if (diff.length !== 1) return null;
  const k = diff[0];
  return k >= 1 && IDENT.test(tb[k]) && IDENT.test(ta[k]) ? { tb, ta, k } : null;
}

/** The one name `a` spells otherwise than `b`, where `b` has it as a parameter's name. */
function renamedName(b: string, a: string): { from: string; to: string } | null {
  const one = oneNameChanged(b, a);
  if (!one) return null;
  const { tb, ta, k } = one;
  // A parameter's name: after its type, before `,` or `)`.
  if (tb[k + 1] !== ',' && tb[k + 1] !== ')') return null;
  if (!IDENT.test(tb[k - 1]) && tb[k - 1] !== '*') return null;
  return { from: tb[k], to: ta[k] };
}

const nameRe = (n: string) => new RegExp(`(?<![\\w.>])${n}\\b`, 'g');

/** A definition's first line at column 0 (`static struct page *follow_page_pte(`), its name. */
const DEF = /^(?:[A-Za-z_][\w\s*]*?[\s*])?([A-Za-z_]\w*)\s*\((?!.*;\s*$)/;

/** The parameter list of each definition a side of the hunk shows, by function name. */
function headers(h: DiffHunk, side: 'old' | 'new'): Map<string, string[]> {
  const lines = h.lines.filter((l) => l.kind === 'context' || l.kind === (side === 'old' ? 'del' : 'add'));
  const out = new Map<string, string[]>();
  for (let i = 0; i < lines.length; i++) {
    const m = DEF.exec(lines[i].text);
    if (!m || /^(if|for|while|return|switch|else)$/.test(m[1])) continue;
    let text = lines[i].text;
    let j = i;
    while (parenBalance(text) > 0 && j + 1 < lines.length && j - i < 8) text += ' ' + lines[++j].text.trim();
    if (parenBalance(text) !== 0) continue;
    const inner = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    out.set(m[1], inner.split(',').map((x) => x.trim()).filter(Boolean));
  }
  return out;
}

const paramName = (decl: string): string | null => /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?$/.exec(decl)?.[1] ?? null;

/**
 * Parameters a patch folds into a struct it passes instead (`follow_page_pte(vma, address, pmd,
 * flags)` -> `follow_page_pte(ctx, pmd)`, `ctx->flags`): inside the function, `ctx->flags` is the
 * old parameter `flags`. Only where one struct pointer parameter is new and the removed
 * parameters are its fields as the added lines use them.
 */
function foldedParams(files: readonly DiffFile[], fnAt: (h: DiffHunk) => (string | null)[]): { fn: string; ptr: string; fields: string[] }[] {
  const out: { fn: string; ptr: string; fields: string[] }[] = [];
  for (const f of files) {
    for (const h of f.hunks) {
      const before = headers(h, 'old');
      const after = headers(h, 'new');
      for (const [fn, params] of after) {
        const was = before.get(fn);
        if (!was || was.join(',') === params.join(',')) continue;
        const oldNames = was.map(paramName).filter((x): x is string => !!x);
        const newNames = params.map(paramName).filter((x): x is string => !!x);
        const removed = oldNames.filter((n) => !newNames.includes(n));
        const ptrs = params.filter((p) => /^(?:const\s+)?struct\s+\w+\s*\*\s*[A-Za-z_]\w*$/.test(p)).map(paramName).filter((n): n is string => !!n && !oldNames.includes(n));
        if (removed.length === 0 || ptrs.length !== 1) continue;
        const ptr = ptrs[0];
        // The fields the function's added lines read (`ctx->flags`), of the removed parameters.
        const used = new Set<string>();
        for (const g of files.flatMap((x) => x.hunks)) {
          const at = fnAt(g);
          g.lines.forEach((l, j) => {
            if (l.kind !== 'add' || at[j] !== fn) return;
            for (const n of removed) if (new RegExp(`\\b${ptr}\\s*->\\s*${n}\\b`).test(l.text)) used.add(n);
          });
        }
        if (used.size && !out.some((x) => x.fn === fn)) out.push({ fn, ptr, fields: [...used] });
      }
    }
  }
  return out;
}

/**
 * The one name a declaration line `a` spells otherwise than `b` (`int nr = 0, ret = 0;` ->
 * `int nr_pinned = 0, ret = 0;`): a declarator's name, after its type and before `=`, `,`, `;`
 * or `[`. An assignment (`ret = nr;`) is no declaration: its changed name follows no type.
 */
function renamedLocal(b: string, a: string): { from: string; to: string } | null {
  if (!/;\s*$/.test(b) || /^\s*(return|goto|if|while|for|switch|case|else|do)\b/.test(b)) return null;
  const one = oneNameChanged(b, a);
  if (!one) return null;
  const { tb, ta, k } = one;
  if (!['=', ',', ';', '['].includes(tb[k + 1])) return null;
  // A type before the name: `int nr`, `struct page *page`, `unsigned long a, nr` (after a `,`
  // the line must still open with a type: two names in a row, or `struct x`).
  const opensWithType = IDENT.test(tb[0]) && (IDENT.test(tb[1]) || tb[1] === '*');
  if (!opensWithType) return null;
  if (!(IDENT.test(tb[k - 1]) || tb[k - 1] === '*' || tb[k - 1] === ',')) return null;
  return { from: tb[k], to: ta[k] };
}

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
            if (!fn) continue;
            if (paramLine(del.text) && paramLine(add.text) && headerGoesOnToBody(h, a - 1)) {
              const r = renamedName(del.text, add.text);
              if (r && !renames.some((x) => x.fn === fn && x.to === r.to)) renames.push({ fn, ...r });
              continue;
            }
            const r = renamedLocal(del.text, add.text);
            if (r && !renames.some((x) => x.fn === fn && x.to === r.to)) renames.push({ fn, ...r, local: true });
          }
        }
        i = a;
      }
    }
  }
  // The new name must be no other name in the function's old code that the diff shows. A local
  // is renamed only where the old name is left in no line of the function's new code: a
  // declaration renamed while other lines still use the old name is another variable.
  const kept = renames.filter((r) =>
    files.every((f) =>
      f.hunks.every((h) => {
        const at = fnAt(h);
        return h.lines.every((l, j) => at[j] !== r.fn || (l.kind === 'add' ? !r.local || !nameRe(r.from).test(l.text) : !nameRe(r.to).test(l.text) && (!r.local || l.kind === 'del' || !nameRe(r.from).test(l.text))));
      }),
    ),
  );
  const folds = foldedParams(files, fnAt);
  for (const fo of folds) for (const n of fo.fields) kept.push({ fn: fo.fn, from: n, to: `${fo.ptr}->${n}`, folded: true });
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
          for (const r of kept) {
            if (r.fn !== at[j]) continue;
            const [ptr, field] = r.folded ? r.to.split('->') : [];
            text = r.folded ? text.replace(new RegExp(`\\b${ptr}\\s*->\\s*${field}\\b`, 'g'), r.from) : text.replace(nameRe(r.to), r.from);
          }
          return text === l.text ? l : { ...l, text };
        }),
      };
    }),
  }));
  return { files: out, renames: kept };
}
