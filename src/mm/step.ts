/**
 * What every primitive returns: a `StepSpec` (guard, effect, exact footprint). The semantics are
 * the primitive's; the words are the scenario's. `Wording` lets a scenario say what the step did
 * in its own terms (which page, which CPU) and keep the spelling its kernel release uses
 * (`down_read` for `mmap_read_lock` before v5.8), without touching the effect.
 */
import type { StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';

export interface Wording {
  /** The primitive as the trace shows it (default: the primitive's kernel name). */
  readonly primitive?: string;
  /** What the step did, read off the state after it. */
  readonly note?: (m: Mem) => string;
  /** Left out of diagrams. */
  readonly quiet?: boolean;
}

/**
 * `s` as an object of the one shape every primitive returns. Compiling a model reads each
 * step's fields once per statement; specs of one shape keep those reads monomorphic, which is
 * most of what building a model costs.
 */
export function stepSpec(s: StepSpec): StepSpec {
  return { primitive: s.primitive, guard: s.guard, apply: s.apply, note: s.note, may: s.may, quiet: s.quiet, alternatives: s.alternatives };
}

/** `spec` with the scenario's wording laid over the primitive's defaults. */
export function worded(spec: StepSpec, w: Wording = {}): StepSpec {
  return {
    primitive: 'primitive' in w ? w.primitive : spec.primitive,
    guard: spec.guard,
    apply: spec.apply,
    note: w.note ?? spec.note,
    may: spec.may,
    quiet: w.quiet !== undefined ? w.quiet : spec.quiet,
    alternatives: spec.alternatives,
  };
}

/**
 * A call with no effect on modelled state (accounting, LRU, cgroup, tracing): kept as a step so
 * a patch can be aligned against it, left out of diagrams.
 */
export function anchor(primitive = 'nop'): StepSpec {
  return stepSpec({ primitive, may: { reads: [], writes: [] }, quiet: true });
}
