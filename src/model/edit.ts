/**
 * Edits on kernel code as data: how a variant (or a lifted patch) differs from the baseline.
 * Statements are found by their op (or a predicate) anywhere in a function, nested ifs included.
 */
import type { IfStmt, KernelCode, Stmt } from './code.js';

export type Match = string | ((s: Stmt) => boolean);

const matches = (m: Match, s: Stmt): boolean => (typeof m === 'string' ? s.op === m : m(s));

function mapBody(body: readonly Stmt[], f: (s: Stmt) => readonly Stmt[] | null): { out: Stmt[]; hit: boolean } {
  let hit = false;
  const out: Stmt[] = [];
  for (const s of body) {
    const r = f(s);
    if (r) {
      hit = true;
      out.push(...r);
      continue;
    }
    if (s.op === 'if') {
      const i = s as IfStmt;
      const t = mapBody(i.then, f);
      const e = i.else ? mapBody(i.else, f) : { out: undefined, hit: false };
      if (t.hit || e.hit) hit = true;
      out.push({ ...i, then: t.out, ...(e.out ? { else: e.out } : {}) });
    } else out.push(s);
  }
  return { out, hit };
}

/**
 * `body` with each statement, at any depth, for which `f` gives statements replaced by them (`f`
 * may map a replacement's own branches with mapStmts()); the others kept, their branches mapped.
 */
export const mapStmts = (body: readonly Stmt[], f: (s: Stmt) => readonly Stmt[] | null): Stmt[] => mapBody(body, f).out;

/** mapStmts() over every function of `code`. */
export function mapCode(code: KernelCode, f: (s: Stmt) => readonly Stmt[] | null): KernelCode {
  const next: Record<string, readonly Stmt[]> = {};
  for (const [fn, body] of Object.entries(code)) next[fn] = mapStmts(body, f);
  return next;
}

/** Replace every statement matching `m` in `fn` by `by` (several, one, or none to delete). */
export function replace(code: KernelCode, fn: string, m: Match, by: readonly Stmt[]): KernelCode {
  const body = code[fn];
  if (!body) throw new Error(`no function ${fn}`);
  const r = mapBody(body, (s) => (matches(m, s) ? by : null));
  if (!r.hit) throw new Error(`no statement ${String(m)} in ${fn}`);
  return { ...code, [fn]: r.out };
}

export const remove = (code: KernelCode, fn: string, m: Match): KernelCode => replace(code, fn, m, []);

export function insertBefore(code: KernelCode, fn: string, m: Match, add: readonly Stmt[]): KernelCode {
  const body = code[fn];
  if (!body) throw new Error(`no function ${fn}`);
  const r = mapBody(body, (s) => (matches(m, s) ? [...add, s] : null));
  if (!r.hit) throw new Error(`no statement ${String(m)} in ${fn}`);
  return { ...code, [fn]: r.out };
}

export function insertAfter(code: KernelCode, fn: string, m: Match, add: readonly Stmt[]): KernelCode {
  const body = code[fn];
  if (!body) throw new Error(`no function ${fn}`);
  const r = mapBody(body, (s) => (matches(m, s) ? [s, ...add] : null));
  if (!r.hit) throw new Error(`no statement ${String(m)} in ${fn}`);
  return { ...code, [fn]: r.out };
}

/** Find the first statement matching `m` in `fn` (nested ifs included). */
export function find(code: KernelCode, fn: string, m: Match): Stmt | null {
  const walk = (b: readonly Stmt[]): Stmt | null => {
    for (const s of b) {
      if (matches(m, s)) return s;
      if (s.op === 'if') {
        const r = walk((s as IfStmt).then) ?? walk((s as IfStmt).else ?? []);
        if (r) return r;
      }
    }
    return null;
  };
  return walk(code[fn] ?? []);
}
