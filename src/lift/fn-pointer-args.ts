/**
 * Function-pointer parameters of a function the patch adds, given the same function by every
 * call of it the patch has (6.15's uprobe_write(..., verify) whose only caller passes
 * verify_opcode): inside that function, a call through the parameter is a call of that function.
 * Only functions the patch adds: every caller of a new function is in the patch.
 */
import type { DiffFile } from '../diff/types.js';
import { closingParen, functionNameOf, isDefinitionLine } from './cparse.js';
import { splitArgs } from './lexicon.js';

const IDENT = /^[A-Za-z_]\w*$/;

/** A parameter's name: the last identifier, or the one in `(*name)` of a pointer-to-function. */
export function paramName(p: string): string | null {
  const fp = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(p);
  if (fp) return fp[1];
  return /([A-Za-z_]\w*)\s*(?:\[\s*\])?\s*$/.exec(p)?.[1] ?? null;
}

/** Function -> parameter -> the function every call of it in the patch passes there. */
export function fnPointerArgs(files: readonly DiffFile[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  // The new side of each hunk as one text, with the added definitions' starts.
  const texts: string[] = [];
  const defs = new Map<string, string[]>();
  for (const f of files) {
    for (const h of f.hunks) {
      const side = h.lines.filter((l) => l.kind !== 'del');
      texts.push(side.map((l) => l.text).join('\n'));
      side.forEach((l, i) => {
        const name = l.kind === 'add' && isDefinitionLine(l.text) ? functionNameOf(l.text) : null;
        if (!name) return;
        const rest = side.slice(i, i + 8).map((x) => x.text).join(' ');
        const open = rest.indexOf('(', rest.indexOf(name) + name.length);
        const close = closingParen(rest, open);
        const after = close < 0 ? ';' : rest.slice(close + 1).trim();
        if (after !== '' && !after.startsWith('{')) return;
        defs.set(name, splitArgs(rest.slice(open + 1, close)).map((p) => paramName(p) ?? ''));
      });
    }
  }
  const all = texts.join('\n');
  for (const [fn, params] of defs) {
    const values = new Map<number, Set<string>>();
    let calls = 0;
    const re = new RegExp(String.raw`(?<![\w>.])${fn}\s*\(`, 'g');
    for (let m = re.exec(all); m; m = re.exec(all)) {
      // Not the definition itself (a type or storage word before the name on its line).
      const lineStart = all.lastIndexOf('\n', m.index) + 1;
      const before = all.slice(lineStart, m.index);
      if (/^[A-Za-z_][\w\s*]*$/.test(before) && !/^\s*(?:return\s+)?$/.test(before) && !/=\s*$/.test(before)) continue;
      const open = m.index + m[0].length - 1;
      const close = closingParen(all, open);
      if (close < 0) continue;
      const args = splitArgs(all.slice(open + 1, close));
      if (args.length !== params.length) continue;
      calls++;
      args.forEach((a, i) => {
        const s = values.get(i) ?? new Set<string>();
        s.add(IDENT.test(a) ? a : '\u0000');
        values.set(i, s);
      });
    }
    if (calls === 0) continue;
    for (const [i, vs] of values) {
      const p = params[i];
      const v = [...vs][0];
      if (vs.size !== 1 || v === '\u0000' || !p || p === v) continue;
      // Only a parameter the function calls: a value passed through is not a function.
      const body = new RegExp(String.raw`(?<![\w>.])${p}\s*\(`);
      if (!body.test(all)) continue;
      const m = out.get(fn) ?? new Map<string, string>();
      m.set(p, v);
      out.set(fn, m);
    }
  }
  return out;
}

/** Parameter -> function, over all the patch's new functions (a name given two values is dropped). */
export function fnPointerNames(files: readonly DiffFile[]): Map<string, string> {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const m of fnPointerArgs(files).values()) {
    for (const [p, v] of m) {
      if (out.has(p) && out.get(p) !== v) clash.add(p);
      out.set(p, v);
    }
  }
  for (const p of clash) out.delete(p);
  return out;
}
