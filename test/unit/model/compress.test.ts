import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/model/explorer.js';
import { Layout } from '../../../src/model/state.js';
import type { Actor, Model, Transition } from '../../../src/model/program.js';
import { replay } from '../../../src/model/replay.js';
import { pathToTrace } from '../../../src/model/trace.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { resolveSwitches } from '../../../src/scenarios/run.js';

const nop = (label: string, next: number): Transition => ({ label, primitive: 'nop', next, may: { reads: [], writes: [] } });

/**
 * A writer that publishes `data` then `flag` (or, when `racy`, the other way round), walking
 * through effect-free steps and a scratch local; a reader that takes `flag` then `data`.
 * I: a reader that saw the flag saw the data.
 */
function publish(racy: boolean): Model {
  const L = new Layout();
  const data = L.v('data');
  const flag = L.v('flag');
  const seen = L.v('reader.seen');
  const got = L.v('reader.got');
  const wpc = L.v('writer.pc');
  const rpc = L.v('reader.pc');
  const scratch = L.v('writer.scratch');
  const [first, second] = racy ? [flag, data] : [data, flag];
  const writer: Actor = {
    name: 'CPU0 writer',
    pc: wpc,
    locations: [
      [{ label: 'scratch = 7', primitive: 'local', next: 1, apply: (m) => m.set(scratch, 7), may: { reads: [], writes: [scratch] } }],
      [nop('vm_normal_page()', 2)],
      [{ label: 'use scratch', primitive: 'local', next: 3, guard: (m) => m.get(scratch) === 7, may: { reads: [scratch], writes: [] } }],
      [nop('count_vm_event()', 4)],
      [{ label: 'store first', primitive: 'store', next: 5, apply: (m) => m.set(first, 1), may: { reads: [], writes: [first] } }],
      [nop('trace_point()', 6)],
      [nop('return', 7)],
      [{ label: 'store second', primitive: 'store', next: 8, apply: (m) => m.set(second, 1), may: { reads: [], writes: [second] } }],
      [],
    ],
  };
  const reader: Actor = {
    name: 'CPU1 reader',
    pc: rpc,
    locations: [
      [{ label: 'seen = flag', primitive: 'load', next: 1, apply: (m) => m.set(seen, m.get(flag)), may: { reads: [flag], writes: [seen] } }],
      [{ label: 'got = data', primitive: 'load', next: 2, apply: (m) => m.set(got, m.get(data)), may: { reads: [data], writes: [got] } }],
      [],
    ],
  };
  return {
    name: 'publish',
    layout: L,
    actors: [writer, reader],
    invariants: [{ id: 'I', text: 'flag seen implies data seen', reads: [seen, got, rpc], holds: (m) => m.get(rpc) < 2 || !m.get(seen) || m.get(got) === 1 }],
  };
}

describe('explorer: state compression (dead-variable reset, effect-free steps taken at once)', () => {
  it('gives the same verdicts with fewer states, and the trace keeps every step of the model', () => {
    for (const racy of [false, true]) {
      const model = publish(racy);
      for (const reduction of [false, true]) {
        const plain = explore(model, { reduction, compress: false });
        const small = explore(model, { reduction, compress: true });
        expect(small.verdict).toBe(racy ? 'race' : 'safe');
        expect(small.verdict).toBe(plain.verdict);
        expect(small.invariant).toBe(plain.invariant);
        expect(small.states).toBeLessThan(plain.states);
      }
    }
    const model = publish(true);
    const r = explore(model, { reduction: false });
    const trace = pathToTrace(model, r.path!);
    // The writer's effect-free steps are in the path, so replaying by label walks the model as written.
    expect(trace.filter((t) => t.actor === 'CPU0 writer').map((t) => t.step)).toEqual([
      'scratch = 7',
      'vm_normal_page()',
      'use scratch',
      'count_vm_event()',
      'store first',
      'trace_point()',
      'return',
      'store second',
    ].slice(0, trace.filter((t) => t.actor === 'CPU0 writer').length));
    expect(replay(model, trace.map((t) => ({ actor: t.actor, step: t.step }))).violated).toBe('I');
    // The path ends at the step that broke the invariant, not at effect-free steps after it.
    expect(trace[trace.length - 1].actor).toBe('CPU1 reader');
  });

  it('counts the states it merges: the scratch local and the effect-free steps', () => {
    const model = publish(false);
    const plain = explore(model, { reduction: false, compress: false });
    const small = explore(model, { reduction: false, compress: true });
    // Writer locations 0..8 (9) x reader 0..2 (3), scratch 0 or 7 while it is live: 9 * 3 = 27
    // pcs, plus loads; compressed, the writer stops at 0, 2, 4, 7, 8 only (the nops are passed).
    expect(plain.states).toBeGreaterThan(small.states * 1.5);
  });

  it('leaves an actor whose program counter is read as it is', () => {
    const model = publish(true);
    const watched: Model = {
      ...model,
      invariants: [...model.invariants, { id: 'W', text: 'watch the writer', reads: [model.actors[0].pc], holds: () => true }],
    };
    const a = explore(watched, { reduction: false, compress: true });
    const b = explore(watched, { reduction: false, compress: false });
    expect(a.verdict).toBe('race');
    // Only the dead scratch can merge states here.
    expect(a.states).toBeGreaterThan(b.states * 0.8);
  });

  it('every variant of every scenario: same verdict and invariant as without it, and the trace replays', () => {
    const bad: string[] = [];
    for (const sc of SCENARIOS) {
      for (const v of sc.variants) {
        const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v));
        const plain = explore(model, { reduction: false, compress: false, maxStates: 200_000 });
        const small = explore(model, { reduction: false, compress: true, maxStates: 200_000 });
        if (plain.verdict !== small.verdict || plain.invariant !== small.invariant) bad.push(`${v.id}: ${plain.verdict}/${plain.invariant} vs ${small.verdict}/${small.invariant}`);
        if (small.states > plain.states) bad.push(`${v.id}: ${small.states} states compressed, ${plain.states} plain`);
        if (small.path) {
          const trace = pathToTrace(model, small.path);
          const r = replay(model, trace.map((t) => ({ actor: t.actor, step: t.step })));
          if (!r.ok || r.violated !== small.invariant) bad.push(`${v.id}: the trace replays to ${r.violated ?? 'nothing'} (${r.error?.reason ?? ''})`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
