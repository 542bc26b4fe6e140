/**
 * The delta of a patch in one scenario, by violation: the base code and the patched code are
 * explored under the same switches; a violation the patched code has and the base does not is
 * `introduces` (even where the base is racy elsewhere), one the base has and the patched code
 * does not is `fixes`. Results are cached by what they depend on (scenario, code, switches).
 */
import type { KernelCode } from '../model/code.js';
import { explore, type Verdict } from '../model/explorer.js';
import { pathToTrace, type TraceStep } from '../model/trace.js';
import { runCode } from '../scenarios/run.js';
import type { Scenario, Switches } from '../scenarios/scenario.js';
import { keyText, onlyViolations, sameKey, violationOf, type ViolationKey } from './violations.js';

export type Delta = 'introduces' | 'fixes' | 'pre-existing' | 'unchanged' | 'unmapped' | 'inconclusive';

export interface Budgets {
  readonly maxStates?: number;
  readonly maxMs?: number;
  readonly clock?: () => number;
}

export type RunOut = ReturnType<typeof runCode>;

const runCache = new Map<string, RunOut>();
const RUN_CACHE_MAX = 512;

/** Cache key: what the result depends on, never a label. */
export function runKey(sc: Scenario, code: KernelCode, sw: Switches, what: string): string {
  const sortedSw = Object.keys(sw).sort().map((k) => `${k}=${String(sw[k])}`).join(',');
  return `${sc.id}|${what}|${sortedSw}|${JSON.stringify(code)}`;
}

function remember<T extends { verdict: Verdict }>(cache: Map<string, T>, key: string, r: T): T {
  // A finished run is a fact whatever its budget was; inconclusive ones are not kept.
  if (r.verdict !== 'inconclusive') {
    if (cache.size >= RUN_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, r);
  }
  return r;
}

/** Explore `code`; `shortest` re-searches a race without reduction for the shortest trace. */
export function run(sc: Scenario, code: KernelCode, sw: Switches, b: Budgets, shortest = true): RunOut {
  const key = runKey(sc, code, sw, shortest ? 'shortest' : 'any');
  const hit = runCache.get(key);
  if (hit) return hit;
  return remember(runCache, key, runCode(sc, code, sw, { maxStates: b.maxStates, maxMs: b.maxMs, clock: b.clock, shortest }));
}

export interface KeyedRace {
  readonly key: ViolationKey;
  readonly verdict: Verdict;
  readonly trace: readonly TraceStep[];
}

const keyCache = new Map<string, KeyedRace>();

/** Whether `code` has violation `k` (with the shortest trace to it when `shortest`). */
export function hasViolation(sc: Scenario, code: KernelCode, sw: Switches, k: ViolationKey, b: Budgets, shortest = false, alone = false): KeyedRace {
  const ck = runKey(sc, code, sw, `only:${shortest}:${alone}:${keyText(k)}`);
  const hit = keyCache.get(ck);
  if (hit) return hit;
  const model = sc.build(code, sw);
  const m = onlyViolations(model, (x) => sameKey(x, k), { alone });
  let r = explore(m, { reduction: true, maxStates: b.maxStates, maxMs: b.maxMs, clock: b.clock });
  if (r.verdict === 'race' && shortest) {
    const full = explore(m, { reduction: false, maxStates: b.maxStates, maxMs: b.maxMs, clock: b.clock });
    if (full.verdict === 'race') r = full;
  }
  const out = { key: k, verdict: r.verdict, trace: r.path ? pathToTrace(model, r.path) : [] };
  if (out.verdict !== 'inconclusive') {
    if (keyCache.size >= RUN_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(ck, out);
  }
  return out;
}

const endCache = new Map<string, { verdict: Verdict }>();

/**
 * The actors of `code`'s model that can finish (reach a final location, in some interleaving).
 * An actor that finishes in the base code and never in the patched code is stuck there for a
 * reason the lifted model made (a lock taken twice, a wait nobody ends); a model safe because of
 * that shows no fix. Null when a search ran out of budget.
 */
export function actorsThatFinish(sc: Scenario, code: KernelCode, sw: Switches, b: Budgets): Set<string> | null {
  const model = sc.build(code, sw);
  const out = new Set<string>();
  for (const actor of model.actors) {
    const ck = runKey(sc, code, sw, `finishes:${actor.name}`);
    let r = endCache.get(ck);
    if (!r) {
      const finished = (m: { get(v: number): number }) => (actor.locations[m.get(actor.pc)] ?? []).length === 0;
      const probe = { ...model, invariants: [{ id: 'finished', text: `${actor.name} finished`, reads: [actor.pc], holds: (m: { get(v: number): number }) => !finished(m) }] };
      r = remember(endCache, ck, explore(probe, { reduction: true, maxStates: b.maxStates, maxMs: b.maxMs, clock: b.clock }));
    }
    if (r.verdict === 'inconclusive') return null;
    if (r.verdict === 'race') out.add(actor.name);
  }
  return out;
}

const listCache = new Map<string, { keys: ViolationKey[]; complete: boolean }>();

/**
 * The violations `code` has, up to `limit`: the shortest race's, then the next one found with
 * those excluded, and so on. `complete` is false when the limit or a budget cut the list.
 */
export function violations(sc: Scenario, code: KernelCode, sw: Switches, b: Budgets, first: RunOut, limit = 4): { keys: ViolationKey[]; complete: boolean } {
  const ck = runKey(sc, code, sw, `list:${limit}`);
  const hit = listCache.get(ck);
  if (hit) return hit;
  const keys: ViolationKey[] = [];
  const k0 = first.verdict === 'race' ? violationOf(first.trace, first.invariant) : null;
  if (!k0) return { keys, complete: first.verdict === 'safe' };
  keys.push(k0);
  const model = sc.build(code, sw);
  let complete = false;
  for (let i = 1; i < limit; i++) {
    const m = onlyViolations(model, (x) => !keys.some((k) => sameKey(k, x)));
    const r = explore(m, { reduction: true, maxStates: b.maxStates, maxMs: b.maxMs, clock: b.clock });
    if (r.verdict === 'safe') {
      complete = true;
      break;
    }
    if (r.verdict !== 'race' || !r.path || !r.invariant) break;
    const k = violationOf(pathToTrace(model, r.path), r.invariant);
    if (!k || keys.some((x) => sameKey(x, k))) break;
    keys.push(k);
  }
  const out = { keys, complete };
  if (complete || keys.length >= limit) {
    if (listCache.size >= RUN_CACHE_MAX) listCache.delete(listCache.keys().next().value!);
    listCache.set(ck, out);
  }
  return out;
}

export interface DeltaResult {
  readonly delta: Delta;
  readonly baseline: RunOut;
  readonly patched: RunOut;
  /** Violations of the patched code the base does not have. */
  readonly added: readonly KeyedRace[];
  /** Violations of the base the patched code does not have. */
  readonly removed: readonly KeyedRace[];
  /** Violations both have. */
  readonly kept: readonly ViolationKey[];
  /** A step that moved: the same invariant broken by the same actor at another primitive. */
  readonly moved: boolean;
}

/** The verdict-only delta (used where only verdicts are known). */
export function deltaOf(b: Verdict, p: Verdict): Delta {
  if (b === 'inconclusive' || p === 'inconclusive') return 'inconclusive';
  if (b === 'safe') return p === 'race' ? 'introduces' : 'unchanged';
  return p === 'race' ? 'pre-existing' : 'fixes';
}

/** The delta of `patched` against `base` under `sw`, by violation. */
/**
 * `limit`: how many violations of each racy side are enumerated (each past the first costs a
 * search of the whole state space). The reported delta takes them all; the switch notes and the
 * responsible-hunk search take the shortest race of each side only: they can miss a second new
 * race there, never invent one (a candidate is still checked on the other side directly).
 */
export function violationDelta(sc: Scenario, base: KernelCode, patched: KernelCode, sw: Switches, b: Budgets, shortest = true, limit = 4): DeltaResult {
  const bRun = run(sc, base, sw, b, shortest);
  const pRun = run(sc, patched, sw, b, shortest);
  const plain = deltaOf(bRun.verdict, pRun.verdict);
  const none = { added: [], removed: [], kept: [], moved: false };
  const out = (delta: Delta, rest: Omit<DeltaResult, 'delta' | 'baseline' | 'patched'> = none): DeltaResult => ({ delta, baseline: bRun, patched: pRun, ...rest });
  const first = (r: RunOut): KeyedRace | null => {
    const k = violationOf(r.trace, r.invariant);
    return k ? { key: k, verdict: 'race', trace: r.trace } : null;
  };
  if (plain === 'inconclusive' || plain === 'unchanged') return out(plain);
  // One side safe: every violation of the other is new (or gone); its shortest race shows it.
  if (plain === 'introduces') {
    const k = first(pRun);
    return out(plain, { ...none, added: k ? [k] : [] });
  }
  if (plain === 'fixes') {
    const k = first(bRun);
    return out(plain, { ...none, removed: k ? [k] : [] });
  }
  // Both racy.
  if (JSON.stringify(base) === JSON.stringify(patched)) return out(plain, { ...none, kept: first(pRun) ? [first(pRun)!.key] : [] });
  const pKeys = violations(sc, patched, sw, b, pRun, limit).keys;
  const added: KeyedRace[] = [];
  const kept: ViolationKey[] = [];
  const consequences: ViolationKey[] = [];
  // Each candidate is checked on the other side directly, so a list cut short misleads nothing.
  for (const k of pKeys) {
    const onBase = hasViolation(sc, base, sw, k, b);
    if (onBase.verdict === 'inconclusive') return out('inconclusive');
    if (onBase.verdict === 'race') {
      kept.push(k);
      continue;
    }
    // New here; but a race of its own only if some step breaks it without breaking another.
    const alone = hasViolation(sc, patched, sw, k, b, shortest, true);
    if (alone.verdict === 'inconclusive') return out('inconclusive');
    if (alone.verdict === 'race') added.push(alone);
    else consequences.push(k);
  }
  const bKeys = violations(sc, base, sw, b, bRun, limit).keys;
  const removed: KeyedRace[] = [];
  for (const k of bKeys) {
    if (kept.some((x) => sameKey(x, k))) continue;
    const onPatched = hasViolation(sc, patched, sw, k, b);
    if (onPatched.verdict === 'inconclusive') return out('inconclusive');
    if (onPatched.verdict === 'race') kept.push(k);
    else removed.push(k === bKeys[0] ? first(bRun)! : hasViolation(sc, base, sw, k, b, shortest));
  }
  // The same invariant broken by the same actor one step over (a refactor that renamed the
  // step's primitive) is the same race: neither new nor fixed.
  const sameRace = (x: ViolationKey, ys: readonly ViolationKey[]) => ys.some((y) => y.invariant === x.invariant && y.actor === x.actor);
  const pAll = [...kept, ...consequences, ...added.map((a) => a.key)];
  const bAll = [...kept, ...removed.map((r) => r.key)];
  const trulyAdded = added.filter((a) => !sameRace(a.key, bAll));
  const trulyRemoved = removed.filter((r) => !sameRace(r.key, pAll));
  const moved = trulyAdded.length < added.length || trulyRemoved.length < removed.length;
  const delta: Delta = trulyAdded.length ? 'introduces' : trulyRemoved.length ? 'fixes' : 'pre-existing';
  return out(delta, { added: trulyAdded, removed: trulyRemoved, kept: [...kept, ...consequences], moved });
}
