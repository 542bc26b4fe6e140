import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../../src/model/explorer.js';
import { Layout } from '../../../src/model/state.js';
import type { Actor, Model, Transition } from '../../../src/model/program.js';
import { replay } from '../../../src/model/replay.js';
import { pathToTrace } from '../../../src/model/trace.js';

/** A tiny lost-update model: two actors each do `tmp = x; x = tmp + 1`. */
function lostUpdate(atomic: boolean): Model {
  const L = new Layout();
  const x = L.v('x');
  const pcs = [L.v('a.pc'), L.v('b.pc')];
  const tmps = [L.v('a.tmp'), L.v('b.tmp')];
  const actors: Actor[] = pcs.map((pc, i) => {
    const name = `T${i}`;
    const locs: Transition[][] = atomic
      ? [[{ label: 'x++', primitive: 'inc', next: 1, apply: (m) => m.set(x, m.get(x) + 1), may: { reads: [x], writes: [x] } }], []]
      : [
          [{ label: 'tmp = x', primitive: 'load', next: 1, apply: (m) => m.set(tmps[i], m.get(x)), may: { reads: [x], writes: [tmps[i]] } }],
          [{ label: 'x = tmp + 1', primitive: 'store', next: 2, apply: (m) => m.set(x, m.get(tmps[i]) + 1), may: { reads: [tmps[i]], writes: [x] } }],
          [],
        ];
    return { name, pc, locations: locs };
  });
  const done = (m: { get(v: number): number }) => pcs.every((pc) => m.get(pc) === (atomic ? 1 : 2));
  return {
    name: 'lost-update',
    layout: L,
    actors,
    invariants: [{ id: 'X', text: 'both increments land', reads: [x, ...pcs], holds: (m) => !done(m) || m.get(x) === 2 }],
  };
}

describe('explorer', () => {
  it('finds the lost update with the shortest trace and replays it', () => {
    for (const reduction of [false, true]) {
      const r = explore(lostUpdate(false), { reduction });
      expect(r.verdict).toBe('race');
      expect(r.invariant).toBe('X');
      expect(r.path!.length).toBe(4);
    }
    const model = lostUpdate(false);
    const r = explore(model, { reduction: false });
    const trace = pathToTrace(model, r.path!);
    expect(replay(model, trace.map((t) => ({ actor: t.actor, step: t.step }))).violated).toBe('X');
  });

  it('proves the atomic version safe and counts its states', () => {
    const r = explore(lostUpdate(true), { reduction: false });
    expect(r.verdict).toBe('safe');
    expect(r.states).toBe(4); // (0,0) (1,0) (0,1) (1,1)
  });

  it('ends in inconclusive when the state budget is hit, never hangs', () => {
    const r = explore(lostUpdate(true), { reduction: false, maxStates: 2 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.budget).toBe('states');
  });

  it('ends in inconclusive when the time budget is hit', () => {
    let t = 0;
    const r = explore(lostUpdate(false), { reduction: false, maxMs: 5, clock: () => (t += 10) });
    expect(r.verdict).toBe('inconclusive');
    expect(r.budget).toBe('time');
  });

  it('is deterministic', () => {
    const a = explore(lostUpdate(false), { reduction: true });
    const b = explore(lostUpdate(false), { reduction: true });
    expect(a).toEqual(b);
  });
});

// Random small models: actors whose steps read and write a few shared bytes, with guards.
interface GenStep {
  kind: 'set' | 'copy' | 'inc' | 'waitEq';
  a: number;
  b: number;
  k: number;
}
const genStep = fc.record({
  kind: fc.constantFrom<GenStep['kind']>('set', 'copy', 'inc', 'waitEq'),
  a: fc.integer({ min: 0, max: 3 }),
  b: fc.integer({ min: 0, max: 3 }),
  k: fc.integer({ min: 0, max: 2 }),
});
const genModel = fc.record({
  actors: fc.array(fc.array(genStep, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 }),
  badVar: fc.integer({ min: 0, max: 3 }),
  badVal: fc.integer({ min: 1, max: 3 }),
});

function buildRandom(spec: { actors: GenStep[][]; badVar: number; badVal: number }): Model {
  const L = new Layout();
  const vars = [0, 1, 2, 3].map((i) => L.v(`v${i}`));
  const actors: Actor[] = spec.actors.map((steps, ai) => {
    const pc = L.v(`a${ai}.pc`);
    const locations: Transition[][] = steps.map((s, i): Transition[] => {
      const next = i + 1;
      const va = vars[s.a];
      const vb = vars[s.b];
      switch (s.kind) {
        case 'set':
          return [{ label: `v${s.a} = ${s.k}`, primitive: 'set', next, apply: (m) => m.set(va, s.k), may: { reads: [], writes: [va] } }];
        case 'copy':
          return [{ label: `v${s.a} = v${s.b}`, primitive: 'copy', next, apply: (m) => m.set(va, m.get(vb)), may: { reads: [vb], writes: [va] } }];
        case 'inc':
          return [{ label: `v${s.a}++`, primitive: 'inc', next, apply: (m) => m.set(va, (m.get(va) + 1) & 3), may: { reads: [va], writes: [va] } }];
        case 'waitEq':
          return [{ label: `wait v${s.a} == ${s.k}`, primitive: 'wait', next, guard: (m) => m.get(va) === s.k, may: { reads: [va], writes: [] } }];
      }
    });
    locations.push([]);
    return { name: `A${ai}`, pc, locations };
  });
  const bad = vars[spec.badVar];
  return {
    name: 'random',
    layout: L,
    actors,
    invariants: [{ id: 'BAD', text: 'never the bad value', reads: [bad], holds: (m) => m.get(bad) !== spec.badVal }],
  };
}

describe('explorer properties', () => {
  it('reduction on and off agree on the verdict; BFS without reduction gives the shortest trace', () => {
    fc.assert(
      fc.property(genModel, (spec) => {
        const model = buildRandom(spec);
        const off = explore(model, { reduction: false });
        const on = explore(model, { reduction: true });
        expect(on.verdict).toBe(off.verdict);
        if (off.verdict === 'safe') expect(on.states).toBeLessThanOrEqual(off.states);
        if (off.verdict === 'race') {
          expect(off.path!.length).toBeLessThanOrEqual(on.path!.length);
          const steps = pathToTrace(model, on.path!).map((t) => ({ actor: t.actor, step: t.step }));
          expect(replay(model, steps).violated).toBe('BAD');
        }
      }),
      { numRuns: 400, seed: 4242 },
    );
  });
});
