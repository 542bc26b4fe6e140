/**
 * A patch that changes what a kernel primitive does, not only where it is called: its one
 * `return` now wraps the old value in another primitive (`return pte_set_flags(pte,
 * _PAGE_UFFD_WP);` -> `return pte_wrprotect(pte_set_flags(pte, _PAGE_UFFD_WP));`, 2022's
 * pte_mkuffd_wp() that write-protects too). In the patched code each step the model makes of
 * that primitive is followed by the one it now also makes; the base keeps the old meaning.
 */
import type { DiffFile } from '../diff/types.js';
import { isPure, primitiveOf } from '../mm/vocabulary.js';
import { op, type KernelCode, type Stmt } from '../model/code.js';
import { mapStmts } from '../model/edit.js';
import { calledNames } from './cparse.js';
import { functionAtLines } from './hunk-reading.js';

export interface Redefinition {
  /** The primitive whose body the patch changes. */
  readonly name: string;
  /** The primitive it now also applies, outermost. */
  readonly adds: string;
  /** The file of the change, for the report. */
  readonly file: string;
}

const norm = (t: string) => t.replace(/\s+/g, '');

/** A name the vocabulary knows as a primitive or as a pure builder of an entry (`pte_wrprotect`). */
const knownPrimitive = (name: string): boolean => primitiveOf(name) !== null || isPure(name);

/** The primitives whose `return` the patch wraps in another call (each function changed in no other line). */
export function primitiveRedefinitions(files: readonly DiffFile[]): Redefinition[] {
  const out: Redefinition[] = [];
  for (const f of files) {
    for (const h of f.hunks) {
      const at = functionAtLines(h);
      const byFn = new Map<string, { del: string[]; add: string[] }>();
      h.lines.forEach((l, i) => {
        const fn = at[i];
        if (l.kind === 'context' || !fn) return;
        const e = byFn.get(fn) ?? { del: [], add: [] };
        (l.kind === 'del' ? e.del : e.add).push(l.text.trim());
        byFn.set(fn, e);
      });
      for (const [name, { del, add }] of byFn) {
        if (del.length !== 1 || add.length !== 1) continue;
        const before = /^return\s+(.+);$/.exec(del[0])?.[1];
        const after = /^return\s+([A-Za-z_]\w*)\s*\((.+)\);$/.exec(add[0]);
        if (!before || !after || after[1] === name || !norm(after[2]).includes(norm(before))) continue;
        // (Only a primitive or an entry builder the vocabulary knows, wrapped in another: a raw
        // `__pte(...)` rewrite is no new meaning the models could follow.)
        if (!knownPrimitive(name) || !knownPrimitive(after[1])) continue;
        out.push({ name, adds: after[1], file: f.path });
      }
    }
  }
  return out;
}

/**
 * `code` with each step that calls a redefined primitive followed by the primitive it now also
 * applies (the step the function's lexicon makes of the same line with the other primitive,
 * `stepFor`), and the functions whose model has no such step (the change cannot be followed
 * there).
 */
export function withRedefinitions(code: KernelCode, reds: readonly Redefinition[], stepFor: (fn: string, text: string) => Stmt | null): { code: KernelCode; applied: Set<Redefinition>; missing: { fn: string; red: Redefinition }[] } {
  const missing: { fn: string; red: Redefinition }[] = [];
  const applied = new Set<Redefinition>();
  const out: Record<string, readonly Stmt[]> = {};
  for (const [fn, body] of Object.entries(code)) {
    out[fn] = mapStmts(body, (s) => {
      if (s.op === 'if' || s.op === 'call' || s.op === 'return') return null;
      const red = reds.find((r) => calledNames(s.c).includes(r.name));
      if (!red) return null;
      const also = stepFor(fn, s.c.replace(new RegExp(String.raw`\b${red.name}\s*\(`), `${red.adds}(`));
      if (!also) {
        missing.push({ fn, red });
        return null;
      }
      applied.add(red);
      return [s, op(also.op, `${s.c}  /* ${red.name}() now ${red.adds}()s too */`, (also as { args?: Parameters<typeof op>[2] }).args)];
    });
  }
  return { code: out, applied, missing };
}
