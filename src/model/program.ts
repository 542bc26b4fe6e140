/**
 * What the explorer runs: actors, each a control-flow automaton of transitions over the byte
 * state. Scenarios never build these by hand for kernel code: `code.ts` compiles structured
 * kernel statements (calls, ifs, bail-outs) into them, each transition keeping the C it models.
 */
import type { Mem } from './mem.js';

export interface Footprint {
  readonly reads: readonly number[];
  readonly writes: readonly number[];
}

export interface Transition {
  /** The C call or expression this step models, as a maintainer would write it. */
  readonly label: string;
  /** The mm primitive (`ptep_clear_flush_notify`, `tlb_fill`, `lock`, ...). */
  readonly primitive: string;
  /** Kernel function the step belongs to (`wp_page_copy`), when it models kernel code. */
  readonly fn?: string;
  readonly guard?: (m: Mem) => boolean;
  /** Mutates the state; returns an invariant id when the step itself violates it (an assertion). */
  readonly apply?: (m: Mem) => string | void;
  /** Location the actor moves to. */
  readonly next: number;
  /** Static over-approximation of what guard and apply may touch (used for future dependencies). */
  readonly may: Footprint;
  /** What the step did, read off the state after it ran ("TLB[cpu2] = old_page (W)"). */
  readonly note?: (m: Mem) => string;
  /** Bookkeeping steps (branch evaluation that did nothing, lock hand-off) dropped from diagrams. */
  readonly quiet?: boolean;
}

export interface Actor {
  readonly name: string;
  /** Variable holding this actor's location. */
  readonly pc: number;
  /** locations[pc] = the alternatives at that location; [] is a final location. */
  readonly locations: readonly (readonly Transition[])[];
  /** Locations where stopping is normal (others are reported as stuck in a diagram). */
  readonly description?: string;
}

export interface Invariant {
  readonly id: string;
  readonly text: string;
  readonly reads: readonly number[];
  readonly holds: (m: Mem) => boolean;
  /** Why it fails in this state, in kernel terms, for the end of a trace. */
  readonly explain?: (m: Mem) => string;
}

export interface Model {
  readonly name: string;
  readonly layout: import('./state.js').Layout;
  readonly actors: readonly Actor[];
  readonly invariants: readonly Invariant[];
  /** Texts for locks held / flushes pending in a state, per actor, for the diagram. */
  readonly held?: (m: Mem, actor: number) => string[];
  /** Variables whose meaning is printed by name in notes (pfn 1 = "new_page"). */
  readonly describe?: (v: number, value: number) => string;
}

export function footprint(reads: readonly number[] = [], writes: readonly number[] = []): Footprint {
  return { reads, writes };
}
