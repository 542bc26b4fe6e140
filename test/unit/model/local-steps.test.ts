import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/model/explorer.js';
import { Layout } from '../../../src/model/state.js';
import type { Actor, Model, Transition } from '../../../src/model/program.js';
import { replay } from '../../../src/model/replay.js';
import { pathToTrace } from '../../../src/model/trace.js';

/**
 * A mapper that computes a local `entry` in three local steps (read nothing shared), then
 * publishes it to the shared `pte`, then clears a local `ret`; a zapper that clears `pte` and
 * then frees the page. I: the page is not freed while the PTE still maps it. With `fixed` the
 * zapper clears before it frees (safe); without, it frees first (race).
 */
function mapper(opts: { fixed: boolean; assertLocal?: boolean; choice?: boolean }): Model {
  const L = new Layout();
  const pte = L.v('pte');
  const freed = L.v('page.freed');
  const entry = L.v('mapper.entry');
  const ret = L.v('mapper.ret');
  const mpc = L.v('mapper.pc');
  const zpc = L.v('zapper.pc');
  const loc = (label: string, next: number, v: number, x: number, extra: Partial<Transition> = {}): Transition => ({
    label,
    primitive: 'local',
    next,
    apply: (m) => m.set(v, x),
    may: { reads: [entry], writes: [v] },
    ...extra,
  });
  const m0: Transition[] = opts.choice
    ? // An unknown condition on a local: both ways, so the merge must stop and store the state.
      [
        { label: 'if (x) [true]', primitive: 'choice', next: 1, guard: () => true, may: { reads: [], writes: [] } },
        { label: 'if (x) [false]', primitive: 'choice', next: 1, guard: () => true, may: { reads: [], writes: [] } },
      ]
    : [loc('entry = 1', 1, entry, 1)];
  const mapperActor: Actor = {
    name: 'CPU0 mapper',
    pc: mpc,
    locations: [
      m0,
      [loc('entry |= 2', 2, entry, 3)],
      [
        opts.assertLocal
          ? {
              label: 'VM_BUG_ON(entry != 3)',
              primitive: 'assert',
              next: 3,
              apply: (m) => (m.get(entry) === 3 ? 'B' : undefined),
              may: { reads: [entry], writes: [] },
            }
          : loc('entry |= 4', 3, entry, 7),
      ],
      [{ label: 'set_pte(pte, entry)', primitive: 'set_pte', next: 4, apply: (m) => m.set(pte, 1), may: { reads: [entry], writes: [pte] } }],
      [loc('ret = 0', 5, ret, 1)],
      [],
    ],
  };
  const clear: Transition = { label: 'pte_clear(pte)', primitive: 'pte_clear', next: 1, apply: (m) => m.set(pte, 0), may: { reads: [], writes: [pte] } };
  const free: Transition = { label: 'free_page(page)', primitive: 'free', next: 1, apply: (m) => m.set(freed, 1), may: { reads: [], writes: [freed] } };
  const zapper: Actor = {
    name: 'CPU1 zapper',
    pc: zpc,
    locations: opts.fixed
      ? [[{ ...clear, guard: (m) => m.get(pte) === 1, may: { reads: [pte], writes: [pte] } }], [{ ...free, next: 2 }], []]
      : [[{ ...free, guard: (m) => m.get(pte) === 1, may: { reads: [pte], writes: [freed] } }], [{ ...clear, next: 2 }], []],
  };
  return {
    name: 'mapper',
    layout: L,
    actors: [mapperActor, zapper],
    invariants: [{ id: 'I', text: 'no freed page mapped', reads: [pte, freed], holds: (m) => !(m.get(pte) === 1 && m.get(freed) === 1) }],
  };
}

describe('explorer: local steps taken at once', () => {
  it('gives the same verdicts with fewer states, and the trace replays and ends at the violation', () => {
    for (const fixed of [true, false]) {
      const model = mapper({ fixed });
      for (const reduction of [false, true]) {
        const off = explore(model, { reduction, local: false });
        const on = explore(model, { reduction });
        expect(on.verdict).toBe(fixed ? 'safe' : 'race');
        expect(on.verdict).toBe(off.verdict);
        expect(on.states).toBeLessThan(off.states);
      }
    }
    const model = mapper({ fixed: false });
    const r = explore(model, { reduction: false });
    const trace = pathToTrace(model, r.path!);
    expect(replay(model, trace.map((t) => ({ actor: t.actor, step: t.step })))).toMatchObject({ ok: true, violated: 'I' });
    // Every local step before the publication is in the trace; `ret = 0`, after the mapper's
    // last shared step, is left out: nothing after it depends on it.
    expect(trace.map((t) => t.step)).toEqual(['entry = 1', 'entry |= 2', 'entry |= 4', 'set_pte(pte, entry)', 'free_page(page)']);
    const off = explore(model, { reduction: false, local: false });
    expect(pathToTrace(model, off.path!).map((t) => t.step)).toEqual(trace.map((t) => t.step));
  });

  it('finds an assertion among the local steps, and the trace ends at it', () => {
    const model = mapper({ fixed: true, assertLocal: true });
    for (const reduction of [false, true]) {
      const r = explore(model, { reduction });
      expect(r.verdict).toBe('race');
      expect(r.invariant).toBe('B');
      const trace = pathToTrace(model, r.path!);
      expect(trace.map((t) => t.step)).toEqual(['entry = 1', 'entry |= 2', 'VM_BUG_ON(entry != 3)']);
      expect(replay(model, trace.map((t) => ({ actor: t.actor, step: t.step })))).toMatchObject({ ok: true, violated: 'B' });
    }
  });

  it('stops where more than one local step is enabled, and explores each', () => {
    const model = mapper({ fixed: false, choice: true });
    const off = explore(model, { reduction: false, local: false });
    const on = explore(model, { reduction: false });
    expect(on.verdict).toBe('race');
    expect(off.verdict).toBe('race');
    // The initial state's choice is stored, not merged: both branches are there.
    const safe = explore(mapper({ fixed: true, choice: true }), { reduction: false });
    expect(safe.verdict).toBe('safe');
    expect(safe.states).toBeLessThan(explore(mapper({ fixed: true, choice: true }), { reduction: false, local: false }).states);
    expect(safe.transitions).toBeGreaterThan(explore(mapper({ fixed: true }), { reduction: false }).transitions);
  });

  it('leaves the steps of an actor whose variable another actor reads as they are', () => {
    const model = mapper({ fixed: false });
    const watched: Model = {
      ...model,
      invariants: [...model.invariants, { id: 'W', text: 'watch entry', reads: [model.layout.index('mapper.entry')], holds: () => true }],
    };
    const on = explore(watched, { reduction: false });
    const off = explore(watched, { reduction: false, local: false });
    // The entry steps are seen by an invariant now; only `ret = 0` is still the mapper's alone.
    expect(off.states - on.states).toBeLessThanOrEqual(2);
  });
});
