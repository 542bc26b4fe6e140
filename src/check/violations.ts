/**
 * Violations, not verdicts. A violation is the invariant broken and the step that broke it (the
 * actor and the mm primitive it ran): `I3.2 by CPU0 gup-fast at read folio->mapping`. A patch
 * that adds a second race next to a pre-existing one has a violation the base does not have,
 * although both verdicts are `race`.
 *
 * To enumerate them, the model is rewritten so that the invariants are checked by the steps
 * themselves (a step violates an invariant when it held before the step and fails after), and
 * the violations already found are excluded: exploring again finds the next one. Pure: a model
 * in, a model out.
 */
import type { Mem } from '../model/mem.js';
import type { Actor, Model, Transition } from '../model/program.js';
import type { TraceStep } from '../model/trace.js';

export interface ViolationKey {
  readonly invariant: string;
  readonly actor: string;
  readonly primitive: string;
}

export const keyText = (k: ViolationKey) => `${k.invariant} by ${k.actor} at ${k.primitive}`;

export function sameKey(a: ViolationKey, b: ViolationKey): boolean {
  return a.invariant === b.invariant && a.actor === b.actor && a.primitive === b.primitive;
}

/** The violation a counterexample ends in: its last step broke the invariant. */
export function violationOf(trace: readonly TraceStep[], invariant: string | null): ViolationKey | null {
  const last = trace[trace.length - 1];
  if (!last || !invariant) return null;
  return { invariant, actor: last.actor, primitive: last.primitive };
}

/**
 * `model` in which only the violations `accept` takes count: invariants are checked by the
 * steps, and a step violates an invariant only when it held before the step and fails after.
 * With `alone`, a step that breaks an accepted invariant counts only if it breaks no other
 * invariant at the same time: in code that is already racy, an invariant that only ever breaks
 * together with the old one, at the same step, is the old race seen from another side (a lost
 * store that also leaves a stale translation), not a second race. One that breaks later, after
 * the old violation, is new: the patch made the existing bad state worse.
 */
export function onlyViolations(model: Model, accept: (k: ViolationKey) => boolean, opts: { alone?: boolean } = {}): Model {
  const invs = model.invariants;
  const allReads = [...new Set(invs.flatMap((i) => i.reads))];
  const alone = opts.alone === true;
  const wrap = (actor: Actor, t: Transition): Transition => {
    const orig = t.apply;
    // A step that changes nothing but its own program counter breaks no invariant that does not
    // read it: left as it is, the explorer can still take it together with the step before.
    if (!orig && t.may.writes.length === 0 && !allReads.includes(actor.pc)) return t;
    const takes = (inv: string) => accept({ invariant: inv, actor: actor.name, primitive: t.primitive });
    const counted = invs.map((i) => takes(i.id));
    const apply = (m: Mem): string | void => {
      let heldBefore = 0;
      for (let k = 0; k < invs.length; k++) if ((alone || counted[k]) && invs[k].holds(m)) heldBefore |= 1 << k;
      const r = orig ? orig(m) : undefined;
      let found: string | undefined;
      let other = false;
      if (r) {
        if (takes(r)) found = r;
        else other = true;
      }
      for (let k = 0; k < invs.length; k++) {
        if (!(heldBefore & (1 << k)) || invs[k].holds(m)) continue;
        if (counted[k]) found ??= invs[k].id;
        else other = true;
      }
      return alone && other ? undefined : found;
    };
    return { ...t, apply, may: { reads: [...new Set([...t.may.reads, ...allReads])], writes: t.may.writes } };
  };
  return {
    ...model,
    actors: model.actors.map((a) => ({ ...a, locations: a.locations.map((alts) => alts.map((t) => wrap(a, t))) })),
    // Checked by the steps now: a state that already fails a violation not counted is explored on.
    invariants: [],
  };
}
