/**
 * Traces: the explorer's path turned into steps a maintainer reads (actor, C, what happened,
 * locks held). Laying them out as text (the column diagram) is report work: src/report/layout.ts.
 */
import { Mem } from './mem.js';
import type { PathStep } from './explorer.js';
import type { Model } from './program.js';

export interface TraceStep {
  readonly actor: string;
  /** The C the step models. */
  readonly step: string;
  readonly primitive: string;
  /** Kernel function the step is in. */
  readonly fn: string | null;
  /** What the step did, read off the state after it. */
  readonly detail: string;
  /** Locks and other context the actor holds after the step. */
  readonly held: readonly string[];
  /** Bookkeeping the diagram leaves out (a branch not taken, a lock hand-off). */
  readonly quiet: boolean;
}

export function pathToTrace(model: Model, path: readonly PathStep[]): TraceStep[] {
  const s = model.layout.initial();
  const m = new Mem(s);
  const out: TraceStep[] = [];
  for (const p of path) {
    const actor = model.actors[p.actor];
    const t = actor.locations[s[actor.pc]][p.alt];
    s[actor.pc] = t.next;
    if (t.apply) t.apply(m);
    out.push({
      actor: actor.name,
      step: t.label,
      primitive: t.primitive,
      fn: t.fn ?? null,
      detail: t.note ? t.note(m) : '',
      held: model.held ? model.held(m, p.actor) : [],
      quiet: t.quiet ?? false,
    });
  }
  return out;
}

/** Why the last state of `path` violates `invariant`, when the invariant can say (else null). */
export function explainViolation(model: Model, path: readonly PathStep[], invariant: string): string | null {
  const s = model.layout.initial();
  const m = new Mem(s);
  for (const p of path) {
    const actor = model.actors[p.actor];
    const t = actor.locations[s[actor.pc]][p.alt];
    s[actor.pc] = t.next;
    if (t.apply) t.apply(m);
  }
  const inv = model.invariants.find((i) => i.id === invariant);
  if (inv && inv.explain && !inv.holds(m)) return inv.explain(m);
  return null;
}
