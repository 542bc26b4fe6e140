/**
 * Tests the model explores both ways (a condition racebot does not model: `choiceCond`), fixed one
 * way at a time. A race found on both sides of a patch through such a test is only `pre-existing`
 * if it is there whichever way the test goes: each value, the same on both sides (the same C text
 * is the same test), is checked on its own. Pure: code in, code out.
 */
import { CHOICE_COND, constCond, type Cond, type IfStmt, type KernelCode, type Stmt } from '../model/code.js';

/** The undecided tests (their C texts) inside the `if`s labelled `labels`, over every function. */
export function choiceLeavesOf(codes: readonly KernelCode[], labels: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const leaves = (c: Cond): void => {
    if (c.op === 'not') leaves((c as { arg: Cond }).arg);
    else if (c.op === 'and' || c.op === 'or') (c as { args: readonly Cond[] }).args.forEach(leaves);
    else if (c.op === CHOICE_COND) out.add(c.c);
  };
  const visit = (stmts: readonly Stmt[]): void => {
    for (const st of stmts) {
      if (st.op !== 'if') continue;
      const s = st as IfStmt;
      if (labels.has(s.c)) leaves(s.cond);
      visit(s.then);
      visit(s.else ?? []);
    }
  };
  for (const code of codes) for (const body of Object.values(code)) visit(body);
  return [...out].sort();
}

/** `code` with each undecided test of `values` decided to its value, wherever it stands. */
export function withChoicesDecided(code: KernelCode, values: ReadonlyMap<string, boolean>): KernelCode {
  const cond = (c: Cond): Cond => {
    if (c.op === 'not') return { ...c, arg: cond((c as { arg: Cond }).arg) } as Cond;
    if (c.op === 'and' || c.op === 'or') return { ...c, args: (c as { args: readonly Cond[] }).args.map(cond) } as Cond;
    return c.op === CHOICE_COND && values.has(c.c) ? constCond(c.c, values.get(c.c)!) : c;
  };
  const body = (stmts: readonly Stmt[]): Stmt[] =>
    stmts.map((st) => {
      if (st.op !== 'if') return st;
      const s = st as IfStmt;
      return { ...s, cond: cond(s.cond), then: body(s.then), ...(s.else ? { else: body(s.else) } : {}) };
    });
  return Object.fromEntries(Object.entries(code).map(([fn, b]) => [fn, body(b)]));
}

/** Every way to decide `tests`: 2^n maps of test -> value. */
export function valuations(tests: readonly string[]): Map<string, boolean>[] {
  let out: Map<string, boolean>[] = [new Map()];
  for (const t of tests) out = out.flatMap((m) => [new Map([...m, [t, true]]), new Map([...m, [t, false]])]);
  return out;
}
