/**
 * A scenario's invariants, declared once: the id and the sentence reports and listings use.
 * `build` binds a declared invariant to the state (`check`), or names it in an assertion a step
 * returns (`id`); an id that is not declared is an error when the model is built, not a
 * violation nobody can explain.
 */
import type { Invariant } from './program.js';

export interface InvariantDecl {
  readonly id: string;
  readonly text: string;
}

export class Invariants {
  constructor(readonly list: readonly InvariantDecl[]) {
    const ids = new Set<string>();
    for (const d of list) {
      if (ids.has(d.id)) throw new Error(`invariant ${d.id} declared twice`);
      ids.add(d.id);
    }
  }

  get(id: string): InvariantDecl {
    const d = this.list.find((x) => x.id === id);
    if (!d) throw new Error(`invariant ${id} is not declared (declared: ${this.list.map((x) => x.id).join(', ')})`);
    return d;
  }

  /** The id of a declared invariant, for a step that asserts it (`return inv.id('I0.2')`). */
  id(id: string): string {
    return this.get(id).id;
  }

  /** A declared invariant checked in every state: what it reads, when it holds, why it fails. */
  check(id: string, body: Omit<Invariant, 'id' | 'text'>): Invariant {
    const d = this.get(id);
    return { id: d.id, text: d.text, ...body };
  }
}

export const declareInvariants = (list: readonly InvariantDecl[]): Invariants => new Invariants(list);
