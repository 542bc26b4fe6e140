/**
 * Replays a trace from the initial state, step by step, independently of the explorer: each
 * step names an actor and the C it runs; the replayer finds that enabled transition, fires it,
 * and checks assertions and invariants. A trace is evidence only if this reaches its violation.
 */
import { Mem } from './mem.js';
import type { Model, Transition } from './program.js';

export interface ReplayStep {
  readonly actor: string;
  readonly step: string;
}

export interface ReplayResult {
  readonly ok: boolean;
  /** Invariant violated at the end of the replay, if any. */
  readonly violated: string | null;
  /** Index of the step that could not be replayed, with why. */
  readonly error?: { readonly index: number; readonly reason: string };
  readonly state: Uint8Array;
}

export function initialState(model: Model): Uint8Array {
  return model.layout.initial();
}

/** The enabled transition of `actor` in `s` whose label is `step`, or null. */
export function enabledByLabel(model: Model, s: Uint8Array, actor: number, step: string): Transition | null {
  const a = model.actors[actor];
  const m = new Mem(s);
  for (const t of a.locations[s[a.pc]] ?? []) {
    if (t.label === step && (!t.guard || t.guard(m))) return t;
  }
  return null;
}

export function replay(model: Model, steps: readonly ReplayStep[]): ReplayResult {
  const s = initialState(model);
  const m = new Mem(s);
  const check = (): string | null => {
    for (const inv of model.invariants) if (!inv.holds(m)) return inv.id;
    return null;
  };
  const at0 = check();
  if (at0) return { ok: true, violated: at0, state: s };
  for (let i = 0; i < steps.length; i++) {
    const st = steps[i];
    const a = model.actors.findIndex((x) => x.name === st.actor);
    if (a < 0) return { ok: false, violated: null, error: { index: i, reason: `no actor ${st.actor}` }, state: s };
    const t = enabledByLabel(model, s, a, st.step);
    if (!t) return { ok: false, violated: null, error: { index: i, reason: `\`${st.step}\` is not enabled for ${st.actor}` }, state: s };
    s[model.actors[a].pc] = t.next;
    const bad = t.apply ? t.apply(m) : undefined;
    if (bad) return { ok: i === steps.length - 1, violated: bad, state: s };
    const inv = check();
    if (inv) return { ok: i === steps.length - 1, violated: inv, state: s };
  }
  return { ok: true, violated: null, state: s };
}
