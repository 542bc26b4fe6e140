import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../src/model/explorer.js';
import { replay } from '../../src/model/replay.js';
import { pathToTrace } from '../../src/model/trace.js';
import { runVariant } from '../../src/scenarios/run.js';
import { buildTlbmig, tlbmigConfig, tlbmigScenario, type TlbmigConfig } from '../../src/scenarios/tlbmig.js';

const cfg = (nu: number, nd: number, bug: 0 | 1 | 2 | 3 = 0, evict = false, k = 3): TlbmigConfig => ({ nu, nd, k, evict, bug });

/** Spin's "states, stored" for tlbmig.pml (K=3, BUG=0; /work/shared/bench/README.md) minus its pre-init state. */
const SPIN_STORED: readonly [number, number, boolean, number][] = [
  [1, 1, false, 1688],
  [2, 1, false, 25787],
  [2, 2, false, 429636],
  [3, 1, false, 439240],
];

describe('tlbmig: the same state graph as Spin', () => {
  for (const [nu, nd, evict, spin] of SPIN_STORED) {
    it(`NU=${nu} ND=${nd} EVICT=${evict ? 1 : 0}: ${spin - 1} states without reduction`, () => {
      // Local steps taken at once (`local`) merge more than Spin's statement merging: off here.
      const r = explore(buildTlbmig(cfg(nu, nd, 0, evict)), { reduction: false, local: false });
      expect(r.verdict).toBe('safe');
      expect(r.states).toBe(spin - 1);
    });
  }

  it('counts transitions like Spin (its count minus init and the step into the first state)', () => {
    expect(explore(buildTlbmig(cfg(1, 1)), { reduction: false, local: false }).transitions).toBe(3416 - 2);
    expect(explore(buildTlbmig(cfg(2, 1)), { reduction: false, local: false }).transitions).toBe(72711 - 2);
  });
});

describe('tlbmig: verdicts', () => {
  const expected: Record<number, { verdict: 'safe' | 'race'; invariant: string | null }> = {
    0: { verdict: 'safe', invariant: null },
    1: { verdict: 'race', invariant: 'A2' }, // copy before unmap: a write to the old page is lost
    2: { verdict: 'race', invariant: 'A1' }, // no IOTLB invalidation: DMA to the freed page
    3: { verdict: 'race', invariant: 'A1' }, // no wait for IPI acks: a stale TLB reaches the freed page
  };
  for (const [nu, nd] of [
    [1, 1],
    [2, 1],
  ]) {
    for (const bug of [0, 1, 2, 3] as const) {
      it(`NU=${nu} ND=${nd} BUG=${bug}: ${expected[bug].verdict} with reduction on and off`, () => {
        const model = buildTlbmig(cfg(nu, nd, bug));
        const off = explore(model, { reduction: false });
        const on = explore(model, { reduction: true });
        for (const r of [off, on]) {
          expect(r.verdict).toBe(expected[bug].verdict);
          expect(r.invariant).toBe(expected[bug].invariant);
        }
        if (bug === 0) expect(on.states).toBeLessThan(off.states);
        else expect(off.path!.length).toBeLessThanOrEqual(on.path!.length);
      });
    }
  }

  it('a race trace replays independently to its assertion', () => {
    const model = buildTlbmig(cfg(2, 1, 3));
    const r = explore(model, { reduction: false });
    const steps = pathToTrace(model, r.path!).map((t) => ({ actor: t.actor, step: t.step }));
    expect(replay(model, steps)).toMatchObject({ ok: true, violated: 'A1' });
  });
});

describe('tlbmig scenario', () => {
  it('maps switches to a configuration, numbers as strings or as the booleans a CLI makes of 0/1', () => {
    expect(tlbmigConfig({})).toEqual(cfg(1, 1));
    expect(tlbmigConfig({ nu: '3', nd: '2', k: '2', evict: true, bug: '2' })).toEqual(cfg(3, 2, 2, true, 2));
    expect(tlbmigConfig({ nu: true, bug: false })).toEqual(cfg(1, 1));
    expect(() => tlbmigConfig({ bug: '7' })).toThrow();
  });

  it('runs its variants with the expected verdicts', () => {
    for (const v of tlbmigScenario.variants) {
      const r = runVariant(tlbmigScenario, v.id);
      expect(r.verdict).toBe(v.expected);
      if (v.expected === 'race') expect(r.invariant).toBe(v.invariants[0]);
    }
  });
});

describe('tlbmig properties', () => {
  it('reduction on and off agree; without reduction the race trace is never longer', () => {
    const config = fc.record({
      nu: fc.integer({ min: 1, max: 2 }),
      nd: fc.integer({ min: 1, max: 2 }),
      k: fc.integer({ min: 1, max: 2 }),
      evict: fc.boolean(),
      bug: fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3),
    });
    fc.assert(
      fc.property(config, (c) => {
        const model = buildTlbmig(c);
        const off = explore(model, { reduction: false });
        const on = explore(model, { reduction: true });
        expect(on.verdict).toBe(off.verdict);
        expect(off.verdict).toBe(c.bug === 0 ? 'safe' : 'race');
        if (off.verdict === 'safe') expect(on.states).toBeLessThanOrEqual(off.states);
        if (off.verdict === 'race') {
          expect(off.path!.length).toBeLessThanOrEqual(on.path!.length);
          const steps = pathToTrace(model, on.path!).map((t) => ({ actor: t.actor, step: t.step }));
          expect(replay(model, steps).violated).toBe(on.invariant);
        }
      }),
      { numRuns: 40, seed: 20240611 },
    );
  });
});
