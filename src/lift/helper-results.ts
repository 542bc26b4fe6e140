/**
 * A test of what a helper the patch adds returns, where the helper returns a constant on every
 * path (`if (unlikely(finish_fault(vma, vmf) < 0))`, finish_fault() returning -EBUSY where its
 * pte_same() re-check fails and 0 after it set the PTE): the test is decided by the path the
 * helper took, not explored both ways. The call and the test become the helper's own body with,
 * at each of its exits, the branch of the test that value takes and then what followed the test.
 * Pure: code in, code out.
 */
import { choiceCond, constCond, type CallStmt, type IfStmt, type KernelCode, type Stmt } from '../model/code.js';
import { mapCode, mapStmts } from '../model/edit.js';

/** The value a `return` of the helper gives, as a number the caller's test compares; undefined if it is not a constant. */
export function returnedConstant(c: string): number | undefined {
  const m = /^return\s+\(?\s*(.+?)\s*\)?\s*;?$/.exec(c.trim());
  if (!m) return undefined;
  const v = m[1].replace(/\s+/g, '');
  if (/^-E[A-Z0-9]+$/.test(v)) return -1;
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === 'true') return 1;
  if (v === 'false' || v === 'NULL') return 0;
  // A fault code (`VM_FAULT_NOPAGE`, `VM_FAULT_OOM`) is a set bit: nonzero.
  if (/^VM_FAULT_[A-Z_]+$/.test(v)) return 1;
  return undefined;
}

/**
 * The caller's test, read as a predicate on the helper's result; null where it is not one of the
 * plain shapes. The test reads the call itself (`helper(...) < 0`) or the variable its value was
 * stored in (`stored`: `err = helper(...); if (err)`); an empty `helper` reads the variable only.
 */
export function resultTest(ifText: string, helper: string, stored?: string): ((v: number) => boolean) | null {
  let t = ifText.trim().replace(/^(?:\}\s*else\s+)?if\s*/, '').trim();
  const unwrap = (s: string): string => {
    let x = s.trim();
    for (;;) {
      const w = /^(?:unlikely|likely)?\s*\(([\s\S]*)\)$/.exec(x);
      if (!w || !balanced(w[1])) return x;
      x = w[1].trim();
    }
  };
  t = unwrap(t);
  let negate = false;
  if (t.startsWith('!')) {
    negate = true;
    t = unwrap(t.slice(1));
  }
  const rest = stored && new RegExp(`^${stored}(?![\\w(])`).test(t) ? t.slice(stored.length) : helper && new RegExp(`^${helper}\\s*\\(`).test(t) ? afterCall(t, helper.length) : null;
  if (rest === null) return null;
  const tail = rest.trim();
  let p: ((v: number) => boolean) | null = null;
  if (tail === '') p = (v) => v !== 0;
  else {
    const cmp = /^(<=|>=|==|!=|<|>)\s*(-?\d+)$/.exec(tail);
    if (!cmp) return null;
    const k = Number(cmp[2]);
    const op = cmp[1];
    p = (v) => (op === '<' ? v < k : op === '<=' ? v <= k : op === '>' ? v > k : op === '>=' ? v >= k : op === '==' ? v === k : v !== k);
  }
  return negate ? (v) => !p!(v) : p;
}

/** What follows the call that begins `t` at `from` (its parentheses end where they balance), or null. */
function afterCall(t: string, from: number): string | null {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return t.slice(i + 1);
  }
  return null;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const ch of s) {
    if (ch === '(') d++;
    else if (ch === ')' && --d < 0) return false;
  }
  return d === 0;
}

class NotConstant extends Error {}

/**
 * A constant an added helper stores in a local before an exit returns it (`err = -EINVAL;` ...
 * `goto out_unlock;` ... `out_unlock: ... return err;`): kept in the helper's lifted body as an
 * `if` that is always taken and does nothing, which every other reading of a body passes over,
 * until decideHelperResults() has read the exits and stripLocalConstants() takes it out.
 */
interface LocalConstant extends IfStmt {
  readonly local: { readonly name: string; readonly value: number };
}

/** The marker of `name = value` (a constant), or null where `text` stores no constant. */
export function localConstant(text: string): Stmt | null {
  const m = /^([A-Za-z_]\w*)\s*=\s*(-?\s*E[A-Z0-9]+|-?\d+|true|false|NULL)\s*;?$/.exec(text.trim());
  if (!m) return null;
  const value = returnedConstant(`return ${m[2].replace(/\s+/g, '')}`);
  if (value === undefined) return null;
  const marker: LocalConstant = { op: 'if', c: text.trim(), cond: constCond(text.trim(), true), then: [], local: { name: m[1], value } };
  return marker;
}

const localOf = (s: Stmt): LocalConstant['local'] | undefined => (s as Partial<LocalConstant>).local;

/** `code` without the markers of localConstant(). */
export function stripLocalConstants(code: KernelCode): KernelCode {
  return mapCode(code, (s) => (localOf(s) ? [] : null));
}

/** The most statements a test decided by a helper's exits may leave in one body. */
const MAX_STATEMENTS = 400;

function size(body: readonly Stmt[]): number {
  let n = 0;
  for (const s of body) {
    n++;
    if (s.op === 'if') n += size((s as IfStmt).then) + size((s as IfStmt).else ?? []);
  }
  return n;
}

/**
 * `body` with every exit replaced by `k(value)`: an `if` takes what follows it into both its
 * branches, so that each path ends at its own exit.
 */
function atEachExit(body: readonly Stmt[], k: (v: number) => Stmt[], budget = { left: MAX_STATEMENTS }, locals: ReadonlyMap<string, number> = new Map()): Stmt[] {
  const out: Stmt[] = [];
  const vals = new Map(locals);
  for (let j = 0; j < body.length; j++) {
    const s = body[j];
    // (Every branch takes a copy of what follows it: the budget stops the copies growing.)
    if (--budget.left < 0) throw new NotConstant();
    const local = localOf(s);
    if (local) {
      vals.set(local.name, local.value);
      continue;
    }
    if (s.op === 'return') {
      // (A local the helper set to a constant on this path returns that constant.)
      const byLocal = /^return\s+\(?\s*([A-Za-z_]\w*)\s*\)?\s*;?$/.exec(s.c.trim());
      const v = returnedConstant(s.c) ?? (byLocal ? vals.get(byLocal[1]) : undefined);
      if (v === undefined) throw new NotConstant();
      const tail = k(v);
      budget.left -= size(tail);
      if (budget.left < 0) throw new NotConstant();
      return [...out, ...tail];
    }
    if (s.op === 'if') {
      const rest = body.slice(j + 1);
      const i = s as IfStmt;
      return [...out, { ...i, then: atEachExit([...i.then, ...rest], k, budget, vals), else: atEachExit([...(i.else ?? []), ...rest], k, budget, vals) }];
    }
    out.push(s);
  }
  // Falling off the end returns nothing a test can read.
  throw new NotConstant();
}

/** Whether a condition is one test explored both ways (or its negation). */
function isChoice(c: IfStmt['cond']): boolean {
  if (c.op === '__choice') return true;
  return c.op === 'not' && isChoice((c as { arg: IfStmt['cond'] }).arg);
}

/**
 * Every `call H; if (<test of H's result>) {...}` in `code`, where H is one of `helpers` and
 * returns a constant on each path, made into H's body with the test decided at each exit.
 * Returns the code and the texts of the tests so decided.
 */
export function decideHelperResults(code: KernelCode, helpers: ReadonlySet<string>, wrappers: ReadonlyMap<string, string> = new Map()): { code: KernelCode; decided: string[] } {
  // (A test may read H through a wrapper the patch adds whose value is H's: `try_pin_page(page)`
  // returning `try_pin_compound_head(page, 1)`.)
  const namesOf = (h: string) => [h, ...[...wrappers].filter(([, to]) => to === h).map(([w]) => w)];
  const decided: string[] = [];
  const walk = (list: readonly Stmt[], depth: number): Stmt[] => {
    const out: Stmt[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const next = list[i + 1];
      const callee = s.op === 'call' ? (s as CallStmt).fn : null;
      if (depth < 4 && callee && helpers.has(callee) && next?.op === 'if' && isChoice((next as IfStmt).cond)) {
        const stored = /^([A-Za-z_]\w*)\s*=\s*[A-Za-z_]\w*\s*\(/.exec(s.c)?.[1];
        const test = namesOf(callee).map((n) => resultTest(next.c, n, stored)).find((t) => t !== null) ?? null;
        const helperBody = code[callee];
        if (test && helperBody && helperBody.length > 0) {
          const t = next as IfStmt;
          const rest = list.slice(i + 2);
          try {
            // (Each exit takes a copy of what follows the test: past a bound the test stays
            // explored both ways rather than the code growing without end.)
            const inlined = atEachExit(helperBody, (v) => [...(test(v) ? t.then : t.else ?? []), ...rest]);
            decided.push(t.c);
            return [...out, ...walk(inlined, depth + 1)];
          } catch (e) {
            if (!(e instanceof NotConstant)) throw e;
          }
        }
      }
      if (s.op === 'if') {
        const t = s as IfStmt;
        out.push({ ...t, then: walk(t.then, depth), ...(t.else ? { else: walk(t.else, depth) } : {}) });
      } else out.push(s);
    }
    return out;
  };
  const next: Record<string, readonly Stmt[]> = {};
  for (const [fn, body] of Object.entries(code)) next[fn] = helpers.has(fn) ? body : walk(body, 0);
  return { code: next, decided };
}

/**
 * Calls of helpers the patch adds whose bodies only test and return (`__get_fault_gfp_mask()`:
 * a gfp mask from the VMA's file) taken out: they change nothing a model holds, and a test inside
 * them explored both ways would only make every trace through them say it rests on that test.
 * (A caller's test of such a helper's value is its own test, lifted where it stands.)
 */
export function withoutEffectFreeCalls(code: KernelCode, effectFree: (fn: string) => boolean): { code: KernelCode; dropped: string[] } {
  const dropped = new Set<string>();
  const next = mapCode(code, (s) => {
    if (s.op !== 'call' || !effectFree((s as CallStmt).fn)) return null;
    dropped.add((s as CallStmt).fn);
    return [];
  });
  return { code: next, dropped: [...dropped] };
}

/**
 * The tests of `plain` (C text -> the value each has as a plain test) still explored both ways in
 * `code`, each made the branch that value takes: a caller's test of a helper's stored result
 * that decideHelperResults() could not follow (the helper returns a variable somewhere) reads as
 * it would without the helper.
 */
export function undecidedResultTests(code: KernelCode, plain: ReadonlyMap<string, boolean>): { code: KernelCode; fell: string[] } {
  const fell = new Set<string>();
  if (plain.size === 0) return { code, fell: [] };
  const f = (s: Stmt): Stmt[] | null => {
    const v = s.op === 'if' ? plain.get(s.c) : undefined;
    if (v === undefined || !isChoice((s as IfStmt).cond)) return null;
    fell.add(s.c);
    return mapStmts(v ? (s as IfStmt).then : (s as IfStmt).else ?? [], f);
  };
  return { code: mapCode(code, f), fell: [...fell] };
}

/** `code` with each `if` whose C text is one of `tests` explored both ways (its test a choice). */
export function resultTestsAsChoices(code: KernelCode, tests: ReadonlyMap<string, boolean>): KernelCode {
  if (tests.size === 0) return code;
  const f = (s: Stmt): Stmt[] | null => {
    if (s.op !== 'if' || !tests.has(s.c)) return null;
    const t = s as IfStmt;
    const cond = choiceCond(t.c.replace(/^(?:\}\s*else\s+)?if\s*\(([\s\S]*)\)$/, '$1'));
    return [{ ...t, cond, then: mapStmts(t.then, f), ...(t.else ? { else: mapStmts(t.else, f) } : {}) }];
  };
  return mapCode(code, f);
}
