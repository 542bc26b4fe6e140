/**
 * Explicit-state explorer: breadth-first over every interleaving of the actors, so the first
 * violation found is at minimal depth. With `reduction` on it expands an ample set (one actor
 * whose enabled steps, by their actual footprint in this state, conflict with nothing any other
 * actor may still do, and touch nothing an invariant reads) minus the sleep set; a successor
 * already discovered at this BFS level or earlier forces full expansion (the cycle proviso).
 * Pure: no clock of its own (budgets on time use the injected `clock`), no I/O.
 */
import { Mem } from './mem.js';
import type { Model, Transition } from './program.js';
import { StateStore } from './store.js';

export type Verdict = 'safe' | 'race' | 'inconclusive';

export interface ExploreOptions {
  readonly reduction?: boolean;
  readonly maxStates?: number;
  readonly maxMs?: number;
  /** Milliseconds source for the time budget; without it only the state budget applies. */
  readonly clock?: () => number;
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
  readonly bytes: number;
  readonly usedBytes: number;
}

export const DEFAULT_MAX_STATES = 5_000_000;

interface Bits {
  r: Uint32Array;
  w: Uint32Array;
}

function setBits(b: Uint32Array, vs: readonly number[]): void {
  for (const v of vs) b[v >>> 5] |= 1 << (v & 31);
}

function conflicts(a: Bits, b: Bits): boolean {
  for (let i = 0; i < a.r.length; i++) {
    if ((a.w[i] & (b.r[i] | b.w[i])) !== 0 || (a.r[i] & b.w[i]) !== 0) return true;
  }
  return false;
}

/** Union of the declared footprints of every location reachable from each location. */
function futureFootprints(model: Model, nw: number): Bits[][] {
  return model.actors.map((actor) => {
    const n = actor.locations.length;
    const own: Bits[] = actor.locations.map((alts) => {
      const b = { r: new Uint32Array(nw), w: new Uint32Array(nw) };
      for (const t of alts) {
        setBits(b.r, t.may.reads);
        setBits(b.w, t.may.writes);
        // Moving the pc is a write of the actor's own pc only: other actors never read it.
      }
      return b;
    });
    return Array.from({ length: n }, (_, start) => {
      const acc = { r: new Uint32Array(nw), w: new Uint32Array(nw) };
      const seen = new Uint8Array(n);
      const stack = [start];
      seen[start] = 1;
      while (stack.length) {
        const l = stack.pop()!;
        for (let i = 0; i < nw; i++) {
          acc.r[i] |= own[l].r[i];
          acc.w[i] |= own[l].w[i];
        }
        for (const t of actor.locations[l]) {
          if (t.next < n && !seen[t.next]) {
            seen[t.next] = 1;
            stack.push(t.next);
          }
        }
      }
      return acc;
    });
  });
}

export function explore(model: Model, opts: ExploreOptions = {}): ExploreResult {
  const reduction = opts.reduction ?? true;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const layout = model.layout;
  const actors = model.actors;
  const nA = actors.length;
  if (nA > 32) throw new Error('at most 32 actors');
  const stride = layout.stride;
  const words = stride >> 2;
  const store = new StateStore(stride, reduction);

  const curBuf = new ArrayBuffer(stride);
  const cur = new Uint8Array(curBuf);
  const cur32 = new Int32Array(curBuf);
  const nxtBuf = new ArrayBuffer(stride);
  const nxt = new Uint8Array(nxtBuf);
  const nxt32 = new Int32Array(nxtBuf);
  const m = new Mem(cur);

  const invariants = model.invariants;
  const checkInvariants = (s: Uint8Array): string | null => {
    m.s = s;
    for (const inv of invariants) if (!inv.holds(m)) return inv.id;
    return null;
  };

  let transitions = 0;
  const finish = (
    verdict: Verdict,
    invariant: string | null,
    path: PathStep[] | null,
    budget: 'states' | 'time' | null,
  ): ExploreResult => ({
    verdict,
    invariant,
    states: store.count,
    transitions,
    budget,
    path,
    bytes: store.bytes,
    usedBytes: store.usedBytes,
  });
  const pathTo = (id: number, last?: PathStep): PathStep[] => {
    const steps: PathStep[] = [];
    if (last) steps.push(last);
    while (id > 0) {
      const v = store.via[id];
      steps.push({ actor: v >>> 8, alt: v & 0xff });
      id = store.parent[id];
    }
    return steps.reverse();
  };

  const init = layout.initial();
  cur.set(init);
  store.insert(cur32, -1, 0);
  const bad0 = checkInvariants(cur);
  if (bad0) return finish('race', bad0, [], null);

  // --- reduction support -------------------------------------------------------------
  const nw = (layout.count + 31) >>> 5;
  const future = reduction ? futureFootprints(model, nw) : [];
  const invReads = new Uint32Array(nw);
  for (const inv of invariants) setBits(invReads, inv.reads);
  const groupFp: Bits[] = Array.from({ length: nA }, () => ({ r: new Uint32Array(nw), w: new Uint32Array(nw) }));
  const scratch = new Uint8Array(stride);
  const enabled: number[][] = Array.from({ length: nA }, () => []);
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
  const reexpand: number[] = [];
  const reexpandMask: number[] = [];

  let found: { invariant: string; path: PathStep[] } | null = null;

  /** Fire one alternative from `cur`; returns the successor id (negative if old) or null on violation. */
  const fire = (id: number, a: number, alt: number, t: Transition, sleepMask: number): number | null => {
    transitions++;
    for (let i = 0; i < words; i++) nxt32[i] = cur32[i];
    m.s = nxt;
    nxt[actors[a].pc] = t.next;
    const bad = t.apply ? t.apply(m) : undefined;
    if (bad) {
      found = { invariant: bad, path: pathTo(id, { actor: a, alt }) };
      return null;
    }
    const r = store.insert(nxt32, id, (a << 8) | alt);
    if (r >= 0) {
      if (store.sleep) store.sleep[r] = sleepMask;
      const inv = checkInvariants(nxt);
      if (inv) {
        found = { invariant: inv, path: pathTo(r) };
        return null;
      }
    } else if (store.sleep) {
      const old = -r - 1;
      const z = store.sleep[old];
      const missing = z & ~sleepMask;
      if (missing !== 0) {
        store.sleep[old] = z & sleepMask;
        if (old <= currentId) {
          reexpand.push(old);
          reexpandMask.push(missing);
        }
      }
    }
    return r;
  };

  let currentId = 0;

  /** Plain expansion: every enabled alternative of every actor. */
  const expandFull = (id: number): boolean => {
    for (let a = 0; a < nA; a++) {
      const actor = actors[a];
      const alts = actor.locations[cur[actor.pc]];
      for (let k = 0; k < alts.length; k++) {
        const t = alts[k];
        m.s = cur;
        if (t.guard && !t.guard(m)) continue;
        if (fire(id, a, k, t, 0) === null) return false;
      }
    }
    return true;
  };

  /** Footprint of each actor's group of alternatives at its location, measured in `cur`. */
  const measure = (): void => {
    for (let a = 0; a < nA; a++) {
      const actor = actors[a];
      const alts = actor.locations[cur[actor.pc]];
      const fp = groupFp[a];
      fp.r.fill(0);
      fp.w.fill(0);
      const en = enabled[a];
      en.length = 0;
      for (let k = 0; k < alts.length; k++) {
        const t = alts[k];
        m.s = cur;
        m.startTracking();
        const ok = t.guard ? t.guard(m) : true;
        if (ok && t.apply) {
          scratch.set(cur);
          m.s = scratch;
          t.apply(m);
        }
        m.stopTracking();
        setBits(fp.r, m.reads);
        setBits(fp.w, m.writes);
        if (ok) en.push(k);
      }
    }
  };

  const indep = (a: number, b: number): boolean => !conflicts(groupFp[a], groupFp[b]);

  /** Reduced expansion of `id` restricted to the actors in `only` (a bitmask). */
  const expandReduced = (id: number, only: number, boundary: number): boolean => {
    measure();
    const sleep = store.sleep![id];
    let ample = -1;
    let enabledActors = 0;
    for (let a = 0; a < nA; a++) if (enabled[a].length) enabledActors++;
    if (enabledActors > 1) {
      for (let a = 0; a < nA && ample < 0; a++) {
        if (!enabled[a].length) continue;
        const fp = groupFp[a];
        let ok = true;
        for (let i = 0; i < nw && ok; i++) if ((fp.w[i] & invReads[i]) !== 0) ok = false;
        for (let b = 0; b < nA && ok; b++) {
          if (b === a) continue;
          if (conflicts(fp, future[b][cur[actors[b].pc]])) ok = false;
        }
        if (ok) ample = a;
      }
    }
    const explored: number[] = [];
    const runGroup = (a: number): number => {
      // returns 1 if a successor was already known at this level or before, -1 on violation
      let sleepIn = 0;
      for (let b = 0; b < nA; b++) if (((sleep >>> b) & 1) !== 0 && indep(a, b)) sleepIn |= 1 << b;
      for (const b of explored) if (indep(a, b)) sleepIn |= 1 << b;
      let old = 0;
      const alts = actors[a].locations[cur[actors[a].pc]];
      for (const k of enabled[a]) {
        const r = fire(id, a, k, alts[k], sleepIn);
        if (r === null) return -1;
        if (r < 0 && -r - 1 < boundary) old = 1;
      }
      explored.push(a);
      return old;
    };
    if (ample >= 0) {
      if (((sleep >>> ample) & 1) !== 0 || ((only >>> ample) & 1) === 0) return true;
      const r = runGroup(ample);
      if (r < 0) return false;
      if (r === 0) return true;
      // Cycle proviso: the ample step led back to a known state; expand everything.
    }
    for (let a = 0; a < nA; a++) {
      if (a === ample || !enabled[a].length) continue;
      if (((sleep >>> a) & 1) !== 0 || ((only >>> a) & 1) === 0) continue;
      if (runGroup(a) < 0) return false;
    }
    return true;
  };

  let nextLevelStart = store.count;
  const clock = opts.clock;
  const t0 = clock ? clock() : 0;
  if (!reduction) {
    const r = exploreFull(model, store, maxStates, opts.maxMs, clock, t0);
    transitions = r.transitions;
    if (r.found) return finish('race', r.found.invariant, pathTo(r.found.id, r.found.last), null);
    if (r.budget) return finish('inconclusive', null, null, r.budget);
    return finish('safe', null, null, null);
  }
  for (let id = 0; id < store.count; id++) {
    currentId = id;
    if (id === nextLevelStart) {
      levelStarts.push(id);
      nextLevelStart = store.count;
    }
    store.load(id, cur32);
    const ok = reduction ? expandReduced(id, 0xffffffff, nextLevelStart) : expandFull(id);
    if (!ok) return finish('race', found!.invariant, found!.path, null);
    while (reexpand.length) {
      const rid = reexpand.pop()!;
      const mask = reexpandMask.pop()!;
      store.load(rid, cur32);
      if (!expandReduced(rid, mask, rankBoundary(rid))) return finish('race', found!.invariant, found!.path, null);
    }
    if (store.count > maxStates) return finish('inconclusive', null, null, 'states');
    if (clock && opts.maxMs !== undefined && (id & 1023) === 0 && clock() - t0 > opts.maxMs) {
      return finish('inconclusive', null, null, 'time');
    }
  }
  return finish('safe', null, null, null);
}

interface FullResult {
  transitions: number;
  found: { invariant: string; id: number; last?: PathStep } | null;
  budget: 'states' | 'time' | null;
}

/** One alternative, normalised to a single object shape so the hot loop's property loads stay monomorphic. */
class Alt {
  constructor(
    readonly guard: ((m: Mem) => boolean) | null,
    readonly apply: ((m: Mem) => string | void) | null,
    readonly next: number,
    readonly via: number,
  ) {}
}

function flatten(model: Model): Alt[][][] {
  return model.actors.map((actor, a) =>
    actor.locations.map((alts) => alts.map((t, k) => new Alt(t.guard ?? null, t.apply ?? null, t.next, (a << 8) | k))),
  );
}

/**
 * Breadth-first search without reduction: the hot loop of the checker, kept free of closures
 * and allocations. Guards read the current state through one Mem, steps write the successor
 * through another (same shape, so the model's accessors stay monomorphic).
 */
function exploreFull(
  model: Model,
  store: StateStore,
  maxStates: number,
  maxMs: number | undefined,
  clock: (() => number) | undefined,
  t0: number,
): FullResult {
  const stride = model.layout.stride;
  const words = stride >> 2;
  const actors = model.actors;
  const nA = actors.length;
  const pcs = new Int32Array(nA);
  for (let a = 0; a < nA; a++) pcs[a] = actors[a].pc;
  const locs = flatten(model);
  const invariants = model.invariants;
  const nInv = invariants.length;

  const curBuf = new ArrayBuffer(stride);
  const cur = new Uint8Array(curBuf);
  const cur32 = new Int32Array(curBuf);
  const nxtBuf = new ArrayBuffer(stride);
  const nxt = new Uint8Array(nxtBuf);
  const nxt32 = new Int32Array(nxtBuf);
  const mc = new Mem(cur);
  const mn = new Mem(nxt);

  let transitions = 0;
  const timed = clock !== undefined && maxMs !== undefined;
  for (let id = 0; id < store.count; id++) {
    store.load(id, cur32);
    for (let a = 0; a < nA; a++) {
      const pc = pcs[a];
      const alts = locs[a][cur[pc]];
      for (let k = 0; k < alts.length; k++) {
        const t = alts[k];
        if (t.guard !== null && !t.guard(mc)) continue;
        transitions++;
        for (let i = 0; i < words; i++) nxt32[i] = cur32[i];
        nxt[pc] = t.next;
        if (t.apply !== null) {
          const bad = t.apply(mn);
          if (bad) return { transitions, found: { invariant: bad, id, last: { actor: a, alt: k } }, budget: null };
        }
        const r = store.insert(nxt32, id, t.via);
        if (r >= 0 && nInv !== 0) {
          for (let j = 0; j < nInv; j++) {
            if (!invariants[j].holds(mn)) return { transitions, found: { invariant: invariants[j].id, id: r }, budget: null };
          }
        }
      }
    }
    if (store.count > maxStates) return { transitions, found: null, budget: 'states' };
    if (timed && (id & 1023) === 0 && clock() - t0 > maxMs) return { transitions, found: null, budget: 'time' };
  }
  return { transitions, found: null, budget: null };
}
