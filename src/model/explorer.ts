/**
 * Explicit-state explorer: breadth-first over every interleaving of the actors, so the first
 * violation found is at minimal depth. With `reduction` on it expands an ample set (one actor
 * whose enabled steps, by their actual footprint in this state, conflict with nothing any other
 * actor may still do, and touch nothing an invariant reads) minus the sleep set; a successor
 * already discovered at this BFS level or earlier forces full expansion (the cycle proviso).
 * Pure: no clock of its own (budgets on time use the injected `clock`), no I/O.
 *
 * Performance: this is the checker's hot loop. Transitions are normalised once into objects of
 * one shape (monomorphic property loads); states are copied word by word between preallocated
 * buffers; nothing is allocated per state or per transition. With reduction on, each enabled
 * alternative is run once, tracked, straight into a successor buffer: that run both measures
 * its footprint and produces the successor that is stored if the alternative is expanded.
 */
import { Mem } from './mem.js';
import type { Footprint, Model, Transition } from './program.js';
import { StateStore } from './store.js';

export type Verdict = 'safe' | 'race' | 'inconclusive';

export interface ExploreOptions {
  readonly reduction?: boolean;
  readonly maxStates?: number;
  readonly maxMs?: number;
  /** Milliseconds source for the time budget; without it only the state budget applies. */
  readonly clock?: () => number;
  /**
   * Compress the state space (default on): dead variables reset, effect-free steps taken with
   * the step before them. Off for state counts like for like with Spin's `-o1`.
   */
  readonly compress?: boolean;
  /**
   * With compression, take an actor's local steps at once (`localSteps`; default on). Off to
   * count states like for like with Spin, whose statement merging is narrower.
   */
  readonly local?: boolean;
}

export interface PathStep {
  readonly actor: number;
  readonly alt: number;
}

export interface ExploreResult {
  readonly verdict: Verdict;
  readonly invariant: string | null;
  readonly states: number;
  readonly transitions: number;
  /** Which budget ended the search, for `inconclusive`. */
  readonly budget: 'states' | 'time' | null;
  /** Steps from the initial state to the violation, for `race`. */
  readonly path: PathStep[] | null;
  /** Bytes the state store allocated (states, hash index, per-state parent/via/sleep). */
  readonly bytes: number;
  /** The same without allocation slack. */
  readonly usedBytes: number;
}

export const DEFAULT_MAX_STATES = 5_000_000;

/** One alternative, normalised to a single object shape so the hot loops' loads stay monomorphic. */
class Alt {
  constructor(
    readonly guard: ((m: Mem) => boolean) | null,
    readonly apply: ((m: Mem) => string | void) | null,
    readonly next: number,
    /** (actor << 8) | alternative: what the store records as the step that reached a state. */
    readonly via: number,
    /** Variables that die on this step (see `deadOnArrival`): reset to their initial value after it. */
    readonly reset: Int32Array | null,
    readonly resetTo: Uint8Array | null,
    /** Effect-free steps taken straight after this one (see `nopChains`); `next` is past them. */
    readonly hops: number,
  ) {}
}

/**
 * A transition as the explorer's analyses read it. The scenarios' transitions are object literals
 * of many shapes (with or without a guard, a note, `quiet`...); the analyses below run over every
 * transition of every model, and one shape keeps their property loads monomorphic.
 */
class Step implements Transition {
  constructor(
    readonly label: string,
    readonly primitive: string,
    readonly guard: ((m: Mem) => boolean) | undefined,
    readonly apply: ((m: Mem) => string | void) | undefined,
    readonly next: number,
    readonly may: Footprint,
  ) {}
}

class StepFootprint implements Footprint {
  constructor(
    readonly reads: readonly number[],
    readonly writes: readonly number[],
  ) {}
}

/** The model with its transitions as `Step`s, for the analyses (the search runs the `Alt`s made from them). */
function uniform(model: Model): Model {
  return {
    name: model.name,
    layout: model.layout,
    invariants: model.invariants,
    actors: model.actors.map((actor) => ({
      name: actor.name,
      pc: actor.pc,
      locations: actor.locations.map((alts) => {
        const out: Step[] = [];
        for (const t of alts) out.push(new Step(t.label, t.primitive, t.guard, t.apply, t.next, new StepFootprint(t.may.reads, t.may.writes)));
        return out;
      }),
    })),
  };
}

function flatten(model: Model, compress: boolean, withLocal: boolean, future: () => Future): { locs: Alt[][][]; local: Uint8Array[] | null } {
  const use = compress ? varUse(model) : null;
  const dead = use ? deadOnArrival(model, use, future()) : null;
  const chains = use ? nopChains(model, use) : null;
  const local = use && withLocal ? localSteps(model, use) : null;
  const init = model.layout.initial();
  const locs = model.actors.map((actor, a) =>
    actor.locations.map((alts, l) => {
      if (alts.length > 256) throw new Error(`${actor.name}: at most 256 alternatives at a location`);
      if (alts.length === 0) return NO_ALTS;
      // (Pushed, not mapped: `map` makes a holey array, NO_ALTS is packed; one kind for the hot loops.)
      const out: Alt[] = [];
      alts.forEach((t, k) => {
        const next = chains ? chains.end[a][t.next] ?? t.next : t.next;
        const hops = chains ? chains.hops[a][t.next] ?? 0 : 0;
        const r = dead?.(a, l, next) ?? null;
        const to = r ? Uint8Array.from(r, (v) => init[v]) : null;
        out.push(new Alt(t.guard ?? null, t.apply ?? null, next, (a << 8) | k, r, to, hops));
      });
      return out;
    }),
  );
  return { locs, local };
}

/** Puts the variables that die on step `t` back to their initial values in `s` (the search loops inline this). */
function resetDead(t: Alt, s: Uint8Array): void {
  const reset = t.reset;
  if (reset === null) return;
  const to = t.resetTo!;
  for (let i = 0; i < reset.length; i++) s[reset[i]] = to[i];
}

/**
 * An invariant normalised to one object shape: every scenario's invariants are object literals
 * of their own shapes, and the check runs once per new state, in whatever scenario comes next.
 */
class Check {
  constructor(
    readonly id: string,
    readonly holds: (m: Mem) => boolean,
  ) {}
}

/**
 * An empty array of the elements kind of a non-empty array of objects: an empty literal is
 * another kind, and the hot loops that read the lengths of both (a final location's
 * alternatives, a model without invariants) would be deoptimised each time they meet the other
 * kind in a new scenario. Never written to.
 */
function emptyObjects<T>(): T[] {
  const out: unknown[] = [{}];
  out.pop();
  return out as T[];
}
const NO_ALTS: Alt[] = emptyObjects<Alt>();
const NO_CHECKS: Check[] = emptyObjects<Check>();

/** Who mentions each variable: the one actor whose steps do (-1: none, -2: several), and what invariants read. */
interface VarUse {
  readonly owner: Int32Array;
  readonly invariantReads: Uint8Array;
}

function varUse(model: Model): VarUse {
  const n = model.layout.count;
  const owner = new Int32Array(n).fill(-1);
  const invariantReads = new Uint8Array(n);
  const mark = (v: number, a: number): void => {
    if (owner[v] === -1) owner[v] = a;
    else if (owner[v] !== a) owner[v] = -2;
  };
  model.actors.forEach((actor, a) => {
    for (const alts of actor.locations) {
      for (const t of alts) {
        for (const v of t.may.reads) mark(v, a);
        for (const v of t.may.writes) mark(v, a);
      }
    }
  });
  for (const inv of model.invariants) for (const v of inv.reads) invariantReads[v] = 1;
  return { owner, invariantReads };
}

/** Whether any step or invariant reads actor `pc`'s program counter: then its steps are never taken along with others. */
const pcWatched = (use: VarUse, pc: number): boolean => use.owner[pc] !== -1 || use.invariantReads[pc] !== 0;

/**
 * Steps that do nothing the model can see (an unguarded lone alternative with no effect and an
 * empty footprint: `vm_normal_page()`, accounting, a function's return) are taken at once by
 * the step that reaches them, as Spin merges a process's local statements: an interleaving of
 * other actors before such a step is the same as one after it, so the states in between only
 * multiply the search. Not for an actor whose program counter any step or invariant reads. The
 * path keeps the steps (`Search.pathTo` puts them back), so traces are those of the model as
 * written. For actor a arriving at location l: end[a][l] is where it stops, hops[a][l] how many
 * steps it took on the way.
 */
function nopChains(model: Model, use: VarUse): { end: Int32Array[]; hops: Int32Array[] } {
  const end: Int32Array[] = [];
  const hops: Int32Array[] = [];
  for (const actor of model.actors) {
    const locs = actor.locations;
    const n = locs.length;
    const e = Int32Array.from({ length: n }, (_, l) => l);
    const h = new Int32Array(n);
    end.push(e);
    hops.push(h);
    if (pcWatched(use, actor.pc)) continue;
    const isNop = (l: number): boolean => {
      const alts = locs[l];
      if (alts.length !== 1) return false;
      const t = alts[0];
      return !t.guard && !t.apply && t.may.reads.length === 0 && t.may.writes.length === 0 && t.next !== l && t.next >= 0 && t.next < n;
    };
    for (let l = 0; l < n; l++) {
      let at = l;
      let k = 0;
      // At most n hops: a loop of nothing but effect-free steps stays as it is.
      while (isNop(at) && k < n) {
        at = locs[at][0].next;
        k++;
      }
      if (k < n) {
        e[l] = at;
        h[l] = k;
      }
    }
  }
  return { end, hops };
}

/**
 * Local steps, taken at once (statement merging, as Spin merges a process's local statements):
 * at a location where every alternative reads and writes only variables its own actor owns
 * (no other actor's step mentions them, no invariant reads them), of an actor whose program
 * counter nothing reads, the step is invisible to the invariants and commutes with every step
 * of the other actors, and which alternative is enabled depends on the actor's own variables
 * only. So when exactly one is enabled it is taken straight after the step that arrived there
 * (`Search.runLocal`): an interleaving of other actors before it reaches the same states as one
 * after it. None or several enabled (a blocked actor, an unknown condition explored both ways):
 * the state is stored there and expanded as usual. `local[a][l]` is 1 for such a location.
 */
function localSteps(model: Model, use: VarUse): Uint8Array[] {
  const mine = (vs: readonly number[], a: number): boolean => {
    for (let i = 0; i < vs.length; i++) if (use.owner[vs[i]] !== a || use.invariantReads[vs[i]]) return false;
    return true;
  };
  return model.actors.map((actor, a) => {
    const flags = new Uint8Array(actor.locations.length);
    if (pcWatched(use, actor.pc)) return flags;
    actor.locations.forEach((alts, l) => {
      let ok = alts.length > 0;
      for (let k = 0; k < alts.length && ok; k++) ok = mine(alts[k].may.reads, a) && mine(alts[k].may.writes, a);
      flags[l] = ok ? 1 : 0;
    });
    return flags;
  });
}

/**
 * Dead-variable reset (as Spin does for a proctype's locals): a variable only one actor touches
 * and no invariant reads is dead at a location from which none of that actor's reachable steps
 * mentions it. Two states that differ only in dead variables have the same futures, so the
 * variable is put back to its initial value on the step that kills it and the two are stored as
 * one. Returns, for a step of actor a from location `from` to `to`, the variables dead at `to`
 * and not already dead at `from`, or null. A read may be declared as a write (see the footprint
 * test), so any mention in the future keeps a variable alive.
 */
function deadOnArrival(model: Model, use: VarUse, future: Future): (a: number, from: number, to: number) => Int32Array | null {
  const n = model.layout.count;
  const nw = (n + 31) >>> 5;
  // own[a]: the variables only actor a mentions and no invariant reads, as a bit set.
  const own = new Uint32Array(model.actors.length * nw);
  const owns = new Uint8Array(model.actors.length);
  for (let v = 0; v < n; v++) {
    const a = use.owner[v];
    if (a < 0 || use.invariantReads[v]) continue;
    own[a * nw + (v >>> 5)] |= 1 << (v & 31);
    owns[a] = 1;
  }
  const { r, w, at } = future;
  return (a, from, to) => {
    if (owns[a] === 0 || to < 0 || to >= at[a].length || to === from) return null;
    const fo = at[a][from];
    const tOff = at[a][to];
    let out: number[] | null = null;
    for (let i = 0; i < nw; i++) {
      // Mentioned from `from` on, no longer from `to` on.
      let x = own[a * nw + i] & (r[fo + i] | w[fo + i]) & ~(r[tOff + i] | w[tOff + i]);
      while (x !== 0) {
        const bit = 31 - Math.clz32(x & -x);
        (out ??= []).push(i * 32 + bit);
        x &= x - 1;
      }
    }
    return out ? Int32Array.from(out) : null;
  };
}

function setBits(b: Uint32Array, off: number, vs: readonly number[]): void {
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    b[off + (v >>> 5)] |= 1 << (v & 31);
  }
}

/** What each actor may still read and write from each of its locations (`futureFootprints`). */
type Future = { r: Uint32Array; w: Uint32Array; at: number[][] };

/**
 * Union of the declared footprints of every location reachable from each location (the
 * location itself included): the offset of actor a's location l in the returned read/write
 * bit arrays (nw words each) is at[a][l]. Each location starts with its own steps' footprints
 * and takes in its successors' until nothing changes; the compiled code's locations mostly
 * jump forward or to an enclosing block's exit, so a few backward passes settle it.
 */
function futureFootprints(model: Model, nw: number): Future {
  let total = 0;
  for (const actor of model.actors) total += actor.locations.length;
  const r = new Uint32Array(total * nw);
  const w = new Uint32Array(total * nw);
  const at: number[][] = [];
  let base = 0;
  for (const actor of model.actors) {
    const locs = actor.locations;
    const n = locs.length;
    const offs: number[] = new Array<number>(n);
    for (let l = 0; l < n; l++) {
      const off = (base + l) * nw;
      offs[l] = off;
      const alts = locs[l];
      for (let k = 0; k < alts.length; k++) {
        setBits(r, off, alts[k].may.reads);
        setBits(w, off, alts[k].may.writes);
      }
    }
    // Moving the pc is a write of the actor's own pc only: other actors never read it.
    let changed = true;
    while (changed) {
      changed = false;
      for (let l = n - 1; l >= 0; l--) {
        const off = offs[l];
        const alts = locs[l];
        for (let k = 0; k < alts.length; k++) {
          const next = alts[k].next;
          if (next < 0 || next >= n || next === l) continue;
          const d = offs[next];
          for (let i = 0; i < nw; i++) {
            // (>>> 0: the arrays hold unsigned words, `|` gives signed ones.)
            const x = (r[off + i] | r[d + i]) >>> 0;
            const y = (w[off + i] | w[d + i]) >>> 0;
            if (x !== r[off + i] || y !== w[off + i]) {
              r[off + i] = x;
              w[off + i] = y;
              changed = true;
            }
          }
        }
      }
    }
    at.push(offs);
    base += n;
  }
  return { r, w, at };
}

export function explore(model: Model, opts: ExploreOptions = {}): ExploreResult {
  const reduction = opts.reduction ?? true;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const layout = model.layout;
  const nA = model.actors.length;
  if (nA > 32) throw new Error('at most 32 actors');
  const stride = layout.stride;
  const store = new StateStore(stride, reduction);
  const ctx = new Search(model, store, opts.compress ?? true, opts.local ?? true);

  try {
    const init = layout.initial();
    ctx.cur.set(init);
    const bad00 = ctx.runLocalAll(ctx.cur);
    if (bad00) return ctx.finish('race', bad00, ctx.pathTo(0, undefined, true), null);
    store.insert(ctx.cur32, -1, 0);
    const bad0 = ctx.checkInvariants(ctx.cur);
    if (bad0) return ctx.finish('race', bad0, [], null);

    const clock = opts.clock;
    const t0 = clock ? clock() : 0;
    const budget = reduction ? ctx.runReduced(maxStates, opts.maxMs, clock, t0) : ctx.runFull(maxStates, opts.maxMs, clock, t0);
    if (ctx.found) return ctx.finish('race', ctx.found.invariant, ctx.found.path, null);
    if (budget) return ctx.finish('inconclusive', null, null, budget);
    return ctx.finish('safe', null, null, null);
  } finally {
    store.release();
  }
}

type Budget = 'states' | 'time' | null;

class Search {
  readonly model: Model;
  readonly store: StateStore;
  readonly words: number;
  readonly nA: number;
  readonly pcs: Int32Array;
  readonly locs: Alt[][][];
  /** Locations whose steps are taken at once when they are the one enabled (`localSteps`); null without compression. */
  private readonly local: Uint8Array[] | null;
  private futureMemo: Future | null = null;
  /** Computed once: dead-variable reset and the ample-set search both read it. */
  readonly future = (): Future => (this.futureMemo ??= futureFootprints(this.steps, (this.model.layout.count + 31) >>> 5));
  /** The model's transitions in one shape, for the analyses. */
  private readonly steps: Model;
  readonly cur: Uint8Array;
  readonly cur32: Int32Array;
  private readonly nxt: Uint8Array;
  private readonly nxt32: Int32Array;
  private readonly mc: Mem;
  private readonly mn: Mem;
  /** The model's invariants (`Check`: one shape for every scenario's). */
  private readonly checks: Check[];
  transitions = 0;
  found: { invariant: string; path: PathStep[] } | null = null;

  constructor(model: Model, store: StateStore, compress: boolean, local: boolean) {
    this.model = model;
    this.store = store;
    const stride = model.layout.stride;
    this.words = stride >> 2;
    this.nA = model.actors.length;
    this.pcs = new Int32Array(this.nA);
    for (let a = 0; a < this.nA; a++) this.pcs[a] = model.actors[a].pc;
    this.steps = uniform(model);
    const flat = flatten(this.steps, compress, local, this.future);
    this.locs = flat.locs;
    this.local = flat.local;
    const curBuf = new ArrayBuffer(stride);
    this.cur = new Uint8Array(curBuf);
    this.cur32 = new Int32Array(curBuf);
    const nxtBuf = new ArrayBuffer(stride);
    this.nxt = new Uint8Array(nxtBuf);
    this.nxt32 = new Int32Array(nxtBuf);
    this.mc = new Mem(this.cur);
    this.mn = new Mem(this.nxt);
    const checks: Check[] = [];
    for (const i of model.invariants) checks.push(new Check(i.id, i.holds));
    this.checks = checks.length ? checks : NO_CHECKS;
  }

  checkInvariants(s: Uint8Array): string | null {
    const invariants = this.checks;
    if (invariants.length === 0) return null;
    const m = this.mn;
    const keep = m.s;
    m.s = s;
    let bad: string | null = null;
    // (An indexed loop: this runs once per new state, mostly before the JIT has warmed up.)
    for (let i = 0; i < invariants.length; i++) {
      if (!invariants[i].holds(m)) {
        bad = invariants[i].id;
        break;
      }
    }
    m.s = keep;
    return bad;
  }

  finish(verdict: Verdict, invariant: string | null, path: PathStep[] | null, budget: Budget): ExploreResult {
    return {
      verdict,
      invariant,
      states: this.store.count,
      transitions: this.transitions,
      budget,
      path,
      bytes: this.store.bytes,
      usedBytes: this.store.usedBytes,
    };
  }

  /**
   * Actor a's local steps (`localSteps`) from its location in `s`, through `m` (whose state is
   * `s`), as long as exactly one is enabled. Returns the invariant an assertion among them
   * broke, else null. `taken`, when given, receives each step and the effect-free steps after it.
   */
  runLocal(a: number, s: Uint8Array, m: Mem, taken?: PathStep[]): string | null {
    const local = this.local;
    if (local === null) return null;
    const flags = local[a];
    const alts = this.locs[a];
    const pc = this.pcs[a];
    // A loop of local steps (a local counter) stops after one pass over the locations: stopping
    // early only stores a state the merge would have passed.
    for (let n = 0; n < flags.length; n++) {
      const l = s[pc];
      if (flags[l] === 0) return null;
      const at = alts[l];
      let t: Alt | null = null;
      let k = -1;
      for (let j = 0; j < at.length; j++) {
        const u = at[j];
        if (u.guard === null || u.guard(m)) {
          if (t !== null) return null;
          t = u;
          k = j;
        }
      }
      if (t === null) return null;
      s[pc] = t.next;
      taken?.push({ actor: a, alt: k });
      if (t.apply !== null) {
        const bad = t.apply(m);
        if (bad) return bad;
      }
      if (taken) for (let h = 0; h < t.hops; h++) taken.push({ actor: a, alt: 0 });
      resetDead(t, s);
    }
    return null;
  }

  /** Every actor's local steps from the initial state in `s`. */
  runLocalAll(s: Uint8Array, taken?: PathStep[]): string | null {
    if (this.local === null) return null;
    const m = new Mem(s);
    for (let a = 0; a < this.nA; a++) {
      const bad = this.runLocal(a, s, m, taken);
      if (bad) return bad;
    }
    return null;
  }

  /**
   * The steps from the initial state to state `id`, then `last` if given. The store keeps one
   * step per state; the steps taken along with it (effect-free steps, `nopChains`; local steps,
   * `runLocal`) are put back by replaying the path. The path ends at the step that broke the
   * invariant: after the last step nothing is put back, unless `assertion` says an assertion
   * among the local steps after it is what broke. An actor's local steps after its last other
   * step are left out too: nothing after them depends on them, so the trace stays as short as
   * the model allows.
   */
  pathTo(id: number, last?: PathStep, assertion = false): PathStep[] {
    const taken: PathStep[] = [];
    if (last) taken.push(last);
    const store = this.store;
    while (id > 0) {
      const v = store.via[id];
      taken.push({ actor: v >>> 8, alt: v & 0xff });
      id = store.parent[id];
    }
    taken.reverse();
    const s = this.model.layout.initial();
    const m = new Mem(s);
    const steps: PathStep[] = [];
    /** local[i]: steps[i] was taken by `runLocal`. */
    const local: boolean[] = [];
    const runLocal = (a: number): boolean => {
      const n0 = steps.length;
      const bad = a < 0 ? this.runLocalAll(s, steps) : this.runLocal(a, s, m, steps);
      for (let i = n0; i < steps.length; i++) local.push(true);
      return bad !== null;
    };
    let asserted = runLocal(-1);
    for (let i = 0; i < taken.length && !asserted; i++) {
      const p = taken[i];
      steps.push(p);
      local.push(false);
      const alt = this.locs[p.actor][s[this.pcs[p.actor]]][p.alt];
      s[this.pcs[p.actor]] = alt.next;
      if (alt.apply !== null && alt.apply(m)) break;
      if (i === taken.length - 1 && !assertion) break;
      for (let h = 0; h < alt.hops; h++) {
        steps.push({ actor: p.actor, alt: 0 });
        local.push(false);
      }
      resetDead(alt, s);
      asserted = runLocal(p.actor);
    }
    const keepFrom = new Int32Array(this.nA).fill(-1);
    for (let i = 0; i < steps.length; i++) if (!local[i]) keepFrom[steps[i].actor] = i;
    // The actor whose local step asserted keeps its steps up to that one.
    if (asserted && steps.length) keepFrom[steps[steps.length - 1].actor] = steps.length;
    return steps.filter((p, i) => !local[i] || i <= keepFrom[p.actor]);
  }

  /** Breadth-first search without reduction. */
  runFull(maxStates: number, maxMs: number | undefined, clock: (() => number) | undefined, t0: number): Budget {
    const store = this.store;
    const words = this.words;
    const nA = this.nA;
    const pcs = this.pcs;
    const locs = this.locs;
    const cur = this.cur;
    const cur32 = this.cur32;
    const nxt = this.nxt;
    const nxt32 = this.nxt32;
    const mc = this.mc;
    const mn = this.mn;
    const local = this.local;
    const checkInv = this.checks.length !== 0;
    const timed = clock !== undefined && maxMs !== undefined;
    let transitions = 0;
    for (let id = 0; id < store.count; id++) {
      store.load(id, cur32);
      for (let a = 0; a < nA; a++) {
        const pc = pcs[a];
        const alts = locs[a][cur[pc]];
        for (let k = 0; k < alts.length; k++) {
          const t = alts[k];
          if (t.guard !== null && !t.guard(mc)) continue;
          transitions++;
          nxt32.set(cur32);
          nxt[pc] = t.next;
          if (t.apply !== null) {
            const bad = t.apply(mn);
            if (bad) {
              this.transitions = transitions;
              this.found = { invariant: bad, path: this.pathTo(id, { actor: a, alt: k }) };
              return null;
            }
          }
          const reset = t.reset;
          if (reset !== null) {
            const to = t.resetTo!;
            for (let i = 0; i < reset.length; i++) nxt[reset[i]] = to[i];
          }
          if (local !== null && local[a][nxt[pc]] !== 0) {
            const bad = this.runLocal(a, nxt, mn);
            if (bad) {
              this.transitions = transitions;
              this.found = { invariant: bad, path: this.pathTo(id, { actor: a, alt: k }, true) };
              return null;
            }
          }
          const r = store.insert(nxt32, id, t.via);
          if (r >= 0 && checkInv) {
            const inv = this.checkInvariants(nxt);
            if (inv) {
              this.transitions = transitions;
              this.found = { invariant: inv, path: this.pathTo(r) };
              return null;
            }
          }
        }
      }
      if (store.count > maxStates) {
        this.transitions = transitions;
        return 'states';
      }
      if (timed && (id & 1023) === 0 && clock() - t0 > maxMs) {
        this.transitions = transitions;
        return 'time';
      }
    }
    this.transitions = transitions;
    return null;
  }

  /** Breadth-first search with ample sets, sleep sets and the BFS cycle proviso. */
  runReduced(maxStates: number, maxMs: number | undefined, clock: (() => number) | undefined, t0: number): Budget {
    const model = this.model;
    const store = this.store;
    const sleepOf = (): Uint32Array => store.sleep!;
    const words = this.words;
    const stride = words << 2;
    const nA = this.nA;
    const pcs = this.pcs;
    const locs = this.locs;
    const local = this.local;
    const cur = this.cur;
    const cur32 = this.cur32;
    const nw = (model.layout.count + 31) >>> 5;
    const future = this.future();
    const futR = future.r;
    const futW = future.w;
    const futAt = future.at;
    const invReads = new Uint32Array(nw);
    for (const inv of model.invariants) setBits(invReads, 0, inv.reads);
    const checkInv = this.checks.length !== 0;

    // Successor buffer: every enabled alternative of every actor, computed once per expansion.
    let maxSucc = 0;
    for (const actor of locs) maxSucc += Math.max(0, ...actor.map((alts) => alts.length));
    maxSucc = Math.max(1, maxSucc);
    const succBuf = new ArrayBuffer(maxSucc * stride);
    const succ8: Uint8Array[] = [];
    const succ32: Int32Array[] = [];
    for (let j = 0; j < maxSucc; j++) {
      succ8.push(new Uint8Array(succBuf, j * stride, stride));
      succ32.push(new Int32Array(succBuf, j * stride, words));
    }
    const succVia = new Int32Array(maxSucc);
    const succBad: (string | null)[] = new Array<string | null>(maxSucc).fill(null);
    /** Actor a's successors are succ[first[a] .. first[a + 1]). */
    const first = new Int32Array(nA + 1);
    /** Footprint of each actor's group of alternatives at its location, measured in `cur`. */
    const fpR = new Uint32Array(nA * nw);
    const fpW = new Uint32Array(nA * nw);
    const mt = new Mem(cur);
    const reads = mt.reads;
    const writes = mt.writes;

    const conflictsFuture = (a: number, futOff: number): boolean => {
      const ao = a * nw;
      for (let i = 0; i < nw; i++) {
        if ((fpW[ao + i] & (futR[futOff + i] | futW[futOff + i])) !== 0 || (fpR[ao + i] & futW[futOff + i]) !== 0) return true;
      }
      return false;
    };
    const indep = (a: number, b: number): boolean => {
      const ao = a * nw;
      const bo = b * nw;
      for (let i = 0; i < nw; i++) {
        if ((fpW[ao + i] & (fpR[bo + i] | fpW[bo + i])) !== 0 || (fpR[ao + i] & fpW[bo + i]) !== 0) return false;
      }
      return true;
    };

    const succAlt: (Alt | null)[] = new Array<Alt | null>(maxSucc).fill(null);
    const succPc = new Int32Array(maxSucc);
    /** complete[a] = 1 once actor a's enabled alternatives have run (footprint and successors). */
    const complete = new Uint8Array(nA);

    /**
     * First half of the measurement, for every actor: runs every guard (tracked, so a disabled
     * alternative's guard counts in the footprint too) and lays out the enabled alternatives in
     * the successor buffer. The steps themselves run in `completeActor`, only for the actors
     * the expansion looks at (ample candidates, groups it expands, sleeping actors it compares).
     */
    const measureGuards = (): number => {
      fpR.fill(0);
      fpW.fill(0);
      complete.fill(0);
      // Tracking appends to mt.reads / mt.writes; each alternative's part is read off from where
      // the arrays ended before it (truncating the arrays per step costs more than the steps).
      if (reads.length > 4096 || writes.length > 4096) {
        mt.startTracking();
        mt.stopTracking();
      }
      mt.s = cur;
      let j = 0;
      let enabledActors = 0;
      for (let a = 0; a < nA; a++) {
        first[a] = j;
        const pc = pcs[a];
        const alts = locs[a][cur[pc]];
        const fo = a * nw;
        for (let k = 0; k < alts.length; k++) {
          const t = alts[k];
          if (t.guard === null) {
            succAlt[j] = t;
            succPc[j] = pc;
            j++;
            continue;
          }
          const r0 = reads.length;
          const w0 = writes.length;
          mt.tracking = true;
          const ok = t.guard(mt);
          mt.tracking = false;
          if (ok) {
            succAlt[j] = t;
            succPc[j] = pc;
            j++;
          }
          for (let i = r0; i < reads.length; i++) fpR[fo + (reads[i] >>> 5)] |= 1 << (reads[i] & 31);
          for (let i = w0; i < writes.length; i++) fpW[fo + (writes[i] >>> 5)] |= 1 << (writes[i] & 31);
        }
        if (j > first[a]) enabledActors++;
        else complete[a] = 1;
      }
      first[nA] = j;
      return enabledActors;
    };

    /** Second half, for actor a: runs its enabled steps (tracked) into the successor buffer. */
    const completeActor = (a: number): void => {
      if (complete[a] !== 0) return;
      complete[a] = 1;
      const fo = a * nw;
      for (let j = first[a]; j < first[a + 1]; j++) {
        const t = succAlt[j]!;
        const d32 = succ32[j];
        for (let i = 0; i < words; i++) d32[i] = cur32[i];
        const d8 = succ8[j];
        d8[succPc[j]] = t.next;
        succVia[j] = t.via;
        if (t.apply === null) {
          succBad[j] = null;
        } else {
          const r0 = reads.length;
          const w0 = writes.length;
          mt.s = d8;
          mt.tracking = true;
          const bad = t.apply(mt);
          mt.tracking = false;
          succBad[j] = bad ? bad : null;
          for (let i = r0; i < reads.length; i++) fpR[fo + (reads[i] >>> 5)] |= 1 << (reads[i] & 31);
          for (let i = w0; i < writes.length; i++) fpW[fo + (writes[i] >>> 5)] |= 1 << (writes[i] & 31);
        }
        // Untracked: the reset variables are this actor's own, which no other actor touches.
        const reset = t.reset;
        if (reset !== null) {
          const to = t.resetTo!;
          for (let i = 0; i < reset.length; i++) d8[reset[i]] = to[i];
        }
        // Untracked too, for the same reason: local steps touch only this actor's own variables.
        if (succBad[j] === null && local !== null && local[a][d8[succPc[j]]] !== 0) {
          mt.s = d8;
          const bad = this.runLocal(a, d8, mt);
          if (bad) succBad[j] = bad;
        }
      }
      mt.s = cur;
    };

    const reexpand: number[] = [];
    const reexpandMask: number[] = [];
    let currentId = 0;

    /** Stores successor j of state `id`; returns its id (negative if old) or null on violation. */
    const fire = (id: number, j: number, sleepMask: number): number | null => {
      this.transitions++;
      const bad = succBad[j];
      const via = succVia[j];
      if (bad !== null) {
        this.found = { invariant: bad, path: this.pathTo(id, { actor: via >>> 8, alt: via & 0xff }, true) };
        return null;
      }
      const r = store.insert(succ32[j], id, via);
      const sleep = sleepOf();
      if (r >= 0) {
        sleep[r] = sleepMask;
        if (checkInv) {
          const inv = this.checkInvariants(succ8[j]);
          if (inv) {
            this.found = { invariant: inv, path: this.pathTo(r) };
            return null;
          }
        }
      } else {
        const old = -r - 1;
        const z = sleep[old];
        const missing = z & ~sleepMask;
        if (missing !== 0) {
          sleep[old] = z & sleepMask;
          if (old <= currentId) {
            reexpand.push(old);
            reexpandMask.push(missing);
          }
        }
      }
      return r;
    };

    const explored = new Int32Array(nA);
    let nExplored = 0;
    /** Expands actor a's group; 1 if a successor was already known at this level or before, -1 on violation. */
    const runGroup = (id: number, a: number, sleep: number, boundary: number): number => {
      completeActor(a);
      let sleepIn = 0;
      for (let b = 0; b < nA; b++) {
        if (((sleep >>> b) & 1) === 0) continue;
        completeActor(b);
        if (indep(a, b)) sleepIn |= 1 << b;
      }
      for (let e = 0; e < nExplored; e++) {
        const b = explored[e];
        if (indep(a, b)) sleepIn |= 1 << b;
      }
      let old = 0;
      for (let j = first[a]; j < first[a + 1]; j++) {
        const r = fire(id, j, sleepIn);
        if (r === null) return -1;
        if (r < 0 && -r - 1 < boundary) old = 1;
      }
      explored[nExplored++] = a;
      return old;
    };

    /** Is a successor in actor a's group already stored with an id below `boundary`? */
    const knownBefore = (a: number, boundary: number): boolean => {
      for (let j = first[a]; j < first[a + 1]; j++) {
        if (succBad[j] !== null) return false;
        const r = store.find(succ32[j]);
        if (r >= 0 && r < boundary) return true;
      }
      return false;
    };

    /**
     * Reduced expansion of `id` (loaded in `cur`), restricted to the actors in `only` (a
     * bitmask: all of them on the first expansion, the ones that left the sleep set on a
     * re-expansion). Returns false on a violation.
     */
    const expand = (id: number, only: number, boundary: number, again: boolean): boolean => {
      const enabledActors = measureGuards();
      const sleep = sleepOf()[id];
      nExplored = 0;
      let ample = -1;
      if (enabledActors > 1) {
        for (let a = 0; a < nA && ample < 0; a++) {
          if (first[a + 1] === first[a]) continue;
          completeActor(a);
          let ok = true;
          const ao = a * nw;
          for (let i = 0; i < nw && ok; i++) if ((fpW[ao + i] & invReads[i]) !== 0) ok = false;
          for (let b = 0; b < nA && ok; b++) {
            if (b === a) continue;
            if (conflictsFuture(a, futAt[b][cur[pcs[b]]])) ok = false;
          }
          if (ok) ample = a;
        }
      }
      if (ample >= 0) {
        if (((sleep >>> ample) & 1) !== 0) return true;
        if (((only >>> ample) & 1) === 0) {
          // A re-expansion: the ample group was expanded the first time; the other actors were
          // expanded then only if the proviso forced it, and must be now for those that woke up.
          if (!again || !knownBefore(ample, boundary)) return true;
        } else {
          const r = runGroup(id, ample, sleep, boundary);
          if (r < 0) return false;
          if (r === 0) return true;
        }
        // Cycle proviso: the ample step led back to a known state; expand everything.
      }
      for (let a = 0; a < nA; a++) {
        if (a === ample || first[a + 1] === first[a]) continue;
        if (((sleep >>> a) & 1) !== 0 || ((only >>> a) & 1) === 0) continue;
        if (runGroup(id, a, sleep, boundary) < 0) return false;
      }
      return true;
    };

    const levelStarts: number[] = [0];
    const rankBoundary = (id: number): number => {
      // First id of the level after the one `id` was discovered in.
      let lo = 0;
      let hi = levelStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (levelStarts[mid] <= id) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1 < levelStarts.length ? levelStarts[lo + 1] : store.count;
    };

    const timed = clock !== undefined && maxMs !== undefined;
    let nextLevelStart = store.count;
    for (let id = 0; id < store.count; id++) {
      currentId = id;
      if (id === nextLevelStart) {
        levelStarts.push(id);
        nextLevelStart = store.count;
      }
      store.load(id, cur32);
      if (!expand(id, 0xffffffff, nextLevelStart, false)) return null;
      while (reexpand.length) {
        const rid = reexpand.pop()!;
        const mask = reexpandMask.pop()!;
        store.load(rid, cur32);
        if (!expand(rid, mask, rankBoundary(rid), true)) return null;
      }
      if (store.count > maxStates) return 'states';
      if (timed && (id & 1023) === 0 && clock() - t0 > maxMs) return 'time';
    }
    return null;
  }
}
