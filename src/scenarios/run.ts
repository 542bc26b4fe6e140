/**
 * Running a scenario variant: resolve switches, build the model from the variant's code, explore,
 * and, for a race, turn the shortest counterexample into a trace. With reduction on, a race is
 * re-searched without reduction so the reported trace is the shortest one overall.
 */
import { explore, type ExploreOptions, type Verdict } from '../model/explorer.js';
import type { KernelCode } from '../model/code.js';
import { explainViolation, pathToTrace, type TraceStep } from '../model/trace.js';
import type { Model } from '../model/program.js';
import type { Scenario, Switches, SwitchValue, Variant } from './scenario.js';

export class ScenarioError extends Error {
  constructor(
    readonly code: 'unknown-scenario' | 'unknown-variant' | 'unknown-switch' | 'bad-switch-value',
    message: string,
  ) {
    super(message);
  }
}

export interface RunOptions extends ExploreOptions {
  /** Re-search a race without reduction for the shortest trace (default true). */
  readonly shortest?: boolean;
}

/**
 * With `reduction` left unset and a shortest trace wanted, the full search runs first, up to
 * this many states: a race needs the full search for its shortest trace anyway, and on the
 * small models of the canonical scenarios it is cheaper than a reduced search followed by a
 * full one. A model past this size is explored with reduction, then re-searched as before.
 */
export const FULL_FIRST_STATES = 100_000;

export interface RunResult {
  readonly id: string;
  readonly scenario: string;
  readonly verdict: Verdict;
  readonly invariant: string | null;
  readonly expected: 'safe' | 'race' | null;
  readonly switches: Switches;
  readonly states: number;
  readonly transitions: number;
  readonly ms: number;
  readonly reduction: boolean;
  readonly budget: 'states' | 'time' | null;
  readonly bytesPerState: number;
  readonly trace: TraceStep[];
  /** The violation in kernel terms: the invariant's explanation in the final state, else its text. */
  readonly violation: string | null;
}

export function parseSwitchValue(v: string): SwitchValue {
  if (v === 'true' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'off' || v === '0') return false;
  return v;
}

/** Scenario defaults, then the variant's, then the caller's; unknown names and values are errors. */
export function resolveSwitches(sc: Scenario, variant: Variant | null, overrides: Switches = {}): Switches {
  const out: Record<string, SwitchValue> = {};
  for (const d of sc.switches) out[d.name] = d.default;
  for (const [k, v] of Object.entries({ ...(variant?.switches ?? {}), ...overrides })) {
    const d = sc.switches.find((x) => x.name === k);
    if (!d) {
      throw new ScenarioError(
        'unknown-switch',
        `${sc.id} has no switch ${k}; its switches are: ${sc.switches.map((x) => x.name).join(', ') || '(none)'}`,
      );
    }
    if (!d.values.includes(v)) {
      throw new ScenarioError('bad-switch-value', `switch ${k} takes ${d.values.join(' | ')}, not ${String(v)}`);
    }
    out[k] = v;
  }
  return out;
}

export function buildModel(sc: Scenario, code: KernelCode, switches: Switches): Model {
  return sc.build(code, switches);
}

/** Explore `code` of scenario `sc` under `switches`. */
export function runCode(sc: Scenario, code: KernelCode, switches: Switches, opts: RunOptions = {}): Omit<RunResult, 'id' | 'expected'> {
  const clock = opts.clock;
  const t0 = clock ? clock() : 0;
  const model = sc.build(code, switches);
  const shortest = opts.shortest !== false;
  let reduction = opts.reduction ?? true;
  let r: ReturnType<typeof explore> | null = null;
  if (opts.reduction === undefined && shortest) {
    const cap = Math.min(FULL_FIRST_STATES, opts.maxStates ?? FULL_FIRST_STATES);
    const full = explore(model, { ...opts, reduction: false, maxStates: cap });
    // Only the cap ending the full search sends it to reduction; the caller's own budgets stand.
    if (full.budget === null || full.budget === 'time' || cap === opts.maxStates) {
      r = full;
      reduction = false;
    }
  }
  if (r === null) r = explore(model, { ...opts, reduction });
  const states = r.states;
  const transitions = r.transitions;
  const bytesPerState = r.states ? r.usedBytes / r.states : 0;
  if (r.verdict === 'race' && reduction && shortest) {
    const full = explore(model, { ...opts, reduction: false });
    if (full.verdict === 'race') r = full;
  }
  const ms = clock ? clock() - t0 : 0;
  const trace = r.path ? pathToTrace(model, r.path) : [];
  return {
    scenario: sc.id,
    verdict: r.verdict,
    invariant: r.invariant,
    switches,
    states,
    transitions,
    ms,
    reduction,
    budget: r.budget,
    bytesPerState,
    trace,
    violation: r.path && r.invariant ? violationText(sc, model, r.path, r.invariant, trace) : null,
  };
}

function violationText(sc: Scenario, model: Model, path: NonNullable<ReturnType<typeof explore>['path']>, invariant: string, trace: TraceStep[]): string {
  const why = explainViolation(model, path, invariant);
  if (why) return `${invariant} violated: ${why}`;
  const text = sc.invariants.find((i) => i.id === invariant)?.text ?? invariant;
  const last = trace[trace.length - 1];
  if (last) return `${invariant} violated: ${last.actor} runs \`${last.step}\`${last.detail ? ` (${last.detail})` : ''}, but ${text}`;
  return `${invariant} violated: ${text}`;
}

export function runVariant(sc: Scenario, variantId: string, overrides: Switches = {}, opts: RunOptions = {}): RunResult {
  const v = sc.variants.find((x) => x.id === variantId);
  if (!v) {
    throw new ScenarioError('unknown-variant', `${sc.id} has no variant ${variantId}; it has ${sc.variants.map((x) => x.id).join(', ')}`);
  }
  const switches = resolveSwitches(sc, v, overrides);
  const r = runCode(sc, v.code(sc.baseline), switches, opts);
  return { id: v.id, expected: v.expected, ...r };
}
