/**
 * Kernel code as data. A modelled kernel function is a list of statements, each carrying the C
 * call or expression it comes from (`c`): these anchors are what a patch is aligned against,
 * and what a trace prints. A scenario gives every `op` its meaning over its machine state
 * (`Semantics`); `compileActor` turns a function into the actor's control-flow automaton.
 */
import type { Mem } from './mem.js';
import type { Actor, Footprint, Transition } from './program.js';

/** One kernel primitive or expression, e.g. `{op: 'ptep_clear_flush_notify', c: 'ptep_clear_flush_notify(vma, addr, pvmw.pte)'}`. */
export interface Op {
  readonly op: string;
  readonly c: string;
  readonly args?: Readonly<Record<string, string | number | boolean>>;
}

export interface IfStmt {
  readonly op: 'if';
  readonly c: string;
  readonly cond: Cond;
  readonly then: readonly Stmt[];
  readonly else?: readonly Stmt[];
}

/** Leave the current function (a bail-out, `goto out`, `return -EAGAIN`). */
export interface ReturnStmt {
  readonly op: 'return';
  readonly c: string;
}

/** Inline another modelled function (a helper the kernel calls, or one a patch adds). */
export interface CallStmt {
  readonly op: 'call';
  readonly c: string;
  readonly fn: string;
}

export type Stmt = Op | IfStmt | ReturnStmt | CallStmt;

/** Op name of a condition whose value is known without the state (`flags & FOLL_WRITE`). */
export const CONST_COND = '__const';
/**
 * Op name of a condition the model cannot evaluate (a test on something it does not hold):
 * both outcomes are explored, each time the test runs. Its steps carry the primitive `choice`,
 * so a trace says when a race depends on such an assumption.
 */
export const CHOICE_COND = '__choice';

export type Cond =
  | Op
  | { readonly op: 'not'; readonly c: string; readonly arg: Cond }
  | { readonly op: 'and' | 'or'; readonly c: string; readonly args: readonly Cond[] };

/** Function name -> body. A scenario's baseline, a variant, or the lifted patched code. */
export type KernelCode = Readonly<Record<string, readonly Stmt[]>>;

/** What one op does on this scenario's machine. */
export interface StepSpec {
  readonly primitive?: string;
  readonly guard?: (m: Mem) => boolean;
  readonly apply?: (m: Mem) => string | void;
  readonly note?: (m: Mem) => string;
  readonly may: Footprint;
  readonly quiet?: boolean;
  /**
   * A nondeterministic step: one alternative per possible outcome (how userspace mapped the
   * VMA, which CPU a task runs on). Each alternative has its own label suffix and effect.
   */
  readonly alternatives?: readonly (StepSpec & { readonly label: string })[];
}

export interface CondSpec {
  readonly test: (m: Mem) => boolean;
  readonly reads: readonly number[];
  /** Three-valued form (0 false, 1 true, 2 either) when the condition has a choice in it. */
  readonly tri?: (m: Mem) => 0 | 1 | 2;
}

export interface Semantics {
  /** Meaning of a statement op for the actor running it; null when the scenario has none. */
  step(op: Op, actor: string): StepSpec | null;
  /** Meaning of a condition op; null when the scenario has none. */
  cond(op: Op, actor: string): CondSpec | null;
}

export class UnknownOpError extends Error {
  readonly code = 'unknown-op';
  constructor(
    readonly op: string,
    readonly c: string,
    readonly fn: string,
  ) {
    super(`no model for \`${c}\` (op ${op}) in ${fn}`);
  }
}

/**
 * The code calls deeper than any modelled path does: a function that reaches itself (a patch
 * that renames a function and adds a wrapper under the old name, read as one function).
 */
export class CallDepthError extends Error {
  readonly code = 'call-depth';
  constructor(readonly fn: string) {
    super(`the calls from ${fn} nest deeper than any modelled path (a function that reaches itself)`);
  }
}

/** The model cannot be built from this code: a stated outcome, not a crash. */
export const isModelBuildError = (e: unknown): e is UnknownOpError | CallDepthError => e instanceof UnknownOpError || e instanceof CallDepthError;

function condSpec(c: Cond, sem: Semantics, actor: string, fn: string): CondSpec {
  if (c.op === 'not') {
    const inner = condSpec((c as { arg: Cond }).arg, sem, actor, fn);
    const it = inner.tri;
    return it
      ? { test: (m) => !inner.test(m), reads: inner.reads, tri: (m) => { const v = it(m); return v === 2 ? 2 : v === 1 ? 0 : 1; } }
      : { test: (m) => !inner.test(m), reads: inner.reads };
  }
  if (c.op === 'and' || c.op === 'or') {
    const parts = (c as { args: readonly Cond[] }).args.map((a) => condSpec(a, sem, actor, fn));
    const reads = parts.flatMap((p) => p.reads);
    // Evaluated in one step, as the compiled C would (no interleaving inside a condition).
    // (Indexed loops, no closure per call: a guard runs once per state and transition, mostly
    // before the JIT has warmed up.)
    if (parts.some((p) => p.tri)) {
      const tris = parts.map((p) => p.tri ?? ((m: Mem) => (p.test(m) ? 1 : 0) as 0 | 1));
      const n = tris.length;
      const tri =
        c.op === 'and'
          ? (m: Mem): 0 | 1 | 2 => { let r: 0 | 1 | 2 = 1; for (let i = 0; i < n; i++) { const v = tris[i](m); if (v === 0) return 0; if (v === 2) r = 2; } return r; }
          : (m: Mem): 0 | 1 | 2 => { let r: 0 | 1 | 2 = 0; for (let i = 0; i < n; i++) { const v = tris[i](m); if (v === 1) return 1; if (v === 2) r = 2; } return r; };
      return { test: (m) => tri(m) === 1, reads, tri };
    }
    const tests = parts.map((p) => p.test);
    const n = tests.length;
    return c.op === 'and'
      ? { test: (m) => { for (let i = 0; i < n; i++) if (!tests[i](m)) return false; return true; }, reads }
      : { test: (m) => { for (let i = 0; i < n; i++) if (tests[i](m)) return true; return false; }, reads };
  }
  if (c.op === CONST_COND) {
    // A condition the lifter or a scenario evaluated statically (flags known, a build-time switch).
    const v = Boolean((c as Op).args?.value);
    return { test: () => v, reads: [] };
  }
  if (c.op === CHOICE_COND) return { test: () => true, reads: [], tri: () => 2 };
  const spec = sem.cond(c as Op, actor);
  // A test the lifter read as another function's (`pte_soft_dirty(x)` as change_pte_range's):
  // an actor with no such test explores it both ways, as an unknown condition.
  if (!spec && (c as Op).args?.borrowed) return { test: () => true, reads: [], tri: () => 2 };
  if (!spec) throw new UnknownOpError(c.op, c.c, fn);
  return spec;
}

interface Builder {
  locations: Transition[][];
}

function newLoc(b: Builder): number {
  b.locations.push([]);
  return b.locations.length - 1;
}

/**
 * Compile `body` so that it starts at location `start` and ends by jumping to `exit`.
 * Returns nothing: transitions are appended to the builder's locations.
 */
function compileBody(
  b: Builder,
  code: KernelCode,
  body: readonly Stmt[],
  fn: string,
  start: number,
  exit: number,
  retTo: number,
  sem: Semantics,
  actor: string,
  depth: number,
): void {
  if (depth > 8) throw new CallDepthError(fn);
  let at = start;
  body.forEach((st, i) => {
    const last = i === body.length - 1;
    const next = last ? exit : newLoc(b);
    if (st.op === 'return') {
      b.locations[at].push({ label: st.c, primitive: 'return', fn, next: retTo, may: { reads: [], writes: [] }, quiet: true });
    } else if (st.op === 'call') {
      const callee = code[(st as CallStmt).fn];
      if (!callee) throw new UnknownOpError('call', st.c, fn);
      const calleeFn = (st as CallStmt).fn;
      if (callee.length === 0) {
        b.locations[at].push({ label: st.c, primitive: 'call', fn, next, may: { reads: [], writes: [] }, quiet: true });
      } else {
        compileBody(b, code, callee, calleeFn, at, next, next, sem, actor, depth + 1);
      }
    } else if (st.op === 'if') {
      const s = st as IfStmt;
      const cond = condSpec(s.cond, sem, actor, fn);
      const may = { reads: cond.reads, writes: [] };
      const thenAt = s.then.length ? newLoc(b) : next;
      const elseAt = s.else && s.else.length ? newLoc(b) : next;
      const tri = cond.tri;
      if (!tri) {
        b.locations[at].push({ label: s.c, primitive: 'if', fn, guard: cond.test, next: thenAt, may, note: () => 'true' });
        b.locations[at].push({ label: s.c, primitive: 'if', fn, guard: (m) => !cond.test(m), next: elseAt, may, note: () => 'false', quiet: true });
      } else {
        // A test with an undecided part: where the parts the model has decide it (`!pte_present(pte)
        // && ...` with the PTE present), the branch is the model's own; only where the outcome
        // rests on the undecided part is it a choice, explored both ways and said as one.
        b.locations[at].push({ label: s.c, primitive: 'if', fn, guard: (m) => tri(m) === 1, next: thenAt, may, note: () => 'true' });
        b.locations[at].push({ label: s.c, primitive: 'if', fn, guard: (m) => tri(m) === 0, next: elseAt, may, note: () => 'false', quiet: true });
        b.locations[at].push({ label: s.c, primitive: 'choice', fn, guard: (m) => tri(m) === 2, next: thenAt, may, note: () => 'true (assumed: not in the model)' });
        b.locations[at].push({ label: s.c, primitive: 'choice', fn, guard: (m) => tri(m) === 2, next: elseAt, may, note: () => 'false (assumed: not in the model)' });
      }
      if (s.then.length) compileBody(b, code, s.then, fn, thenAt, next, retTo, sem, actor, depth);
      if (s.else && s.else.length) compileBody(b, code, s.else, fn, elseAt, next, retTo, sem, actor, depth);
    } else {
      const op = st as Op;
      const spec = sem.step(op, actor);
      if (!spec) throw new UnknownOpError(op.op, op.c, fn);
      for (const alt of spec.alternatives ?? []) {
        b.locations[at].push({
          label: `${op.c} ${alt.label}`,
          primitive: alt.primitive ?? spec.primitive ?? op.op,
          fn,
          guard: alt.guard,
          apply: alt.apply,
          note: alt.note,
          next,
          may: alt.may,
          quiet: alt.quiet,
        });
      }
      if (spec.alternatives) {
        at = next;
        return;
      }
      b.locations[at].push({
        label: op.c,
        primitive: spec.primitive ?? op.op,
        fn,
        guard: spec.guard,
        apply: spec.apply,
        note: spec.note,
        next,
        may: spec.may,
        quiet: spec.quiet,
      });
    }
    at = next;
  });
  if (body.length === 0) {
    b.locations[at].push({ label: `${fn}()`, primitive: 'nop', fn, next: exit, may: { reads: [], writes: [] }, quiet: true });
  }
}

/**
 * The automaton of an actor that runs `entries` one after the other (e.g. a fault handler then
 * a user store), ending in a final location.
 */
export function compileActor(
  name: string,
  pc: number,
  code: KernelCode,
  entries: readonly string[],
  sem: Semantics,
): Actor {
  const b: Builder = { locations: [[]] };
  let at = 0;
  for (const fn of entries) {
    const body = code[fn];
    if (!body) throw new UnknownOpError('call', `${fn}()`, name);
    const exit = newLoc(b);
    compileBody(b, code, body, fn, at, exit, exit, sem, name, 0);
    at = exit;
  }
  if (b.locations.length > 255) throw new Error(`actor ${name}: too many locations`);
  return { name, pc, locations: b.locations };
}

/** The atoms of a condition, through its `not`, `and` and `or`. */
export function condLeaves(c: Cond): Cond[] {
  if (c.op === 'not') return condLeaves((c as { arg: Cond }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly Cond[] }).args.flatMap(condLeaves);
  return [c];
}

/** Walk every op of a function (and its callees), e.g. to find anchors. */
export function* walkStmts(code: KernelCode, fn: string, seen = new Set<string>()): Generator<{ fn: string; stmt: Stmt }> {
  if (seen.has(fn)) return;
  seen.add(fn);
  const body = code[fn] ?? [];
  const visit = function* (stmts: readonly Stmt[]): Generator<{ fn: string; stmt: Stmt }> {
    for (const st of stmts) {
      yield { fn, stmt: st };
      if (st.op === 'if') {
        yield* visit((st as IfStmt).then);
        yield* visit((st as IfStmt).else ?? []);
      } else if (st.op === 'call') {
        yield* walkStmts(code, (st as CallStmt).fn, seen);
      }
    }
  };
  yield* visit(body);
}

// --- constructors used by the scenario files -------------------------------------------------

export const op = (name: string, c: string, args?: Op['args']): Op => (args ? { op: name, c, args } : { op: name, c });
export const iff = (c: string, cond: Cond, then: readonly Stmt[], els?: readonly Stmt[]): IfStmt =>
  els ? { op: 'if', c, cond, then, else: els } : { op: 'if', c, cond, then };
export const ret = (c: string): ReturnStmt => ({ op: 'return', c });
export const call = (fn: string, c: string): CallStmt => ({ op: 'call', c, fn });
export const not = (arg: Cond, c = `!${arg.c}`): Cond => ({ op: 'not', c, arg });
export const or = (c: string, ...args: Cond[]): Cond => ({ op: 'or', c, args });
export const and = (c: string, ...args: Cond[]): Cond => ({ op: 'and', c, args });

export const constCond = (c: string, value: boolean): Op => ({ op: CONST_COND, c, args: { value } });
export const choiceCond = (c: string): Op => ({ op: CHOICE_COND, c });

/** A condition's shape as a key: its ops, decided values and the text of undecided tests. */
export function condSignature(c: Cond): string {
  if (c.op === 'not') return `!${condSignature((c as { arg: Cond }).arg)}`;
  if (c.op === 'and' || c.op === 'or') return `${c.op}(${(c as { args: readonly Cond[] }).args.map(condSignature).join(',')})`;
  if (c.op === '__const') return `const:${String((c as { args?: { value?: unknown } }).args?.value)}`;
  if (c.op === '__choice') return `choice:${c.c.replace(/\s+/g, '')}`;
  return c.op;
}
