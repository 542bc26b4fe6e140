import { describe, expect, it } from 'vitest';
import { liftFunctions, renderFunction } from '../../../src/lift/lift.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { resolveSwitches, runCode } from '../../../src/scenarios/run.js';

// The hand-written reference code is the oracle of the whole-function lifter: each modelled
// function of every variant, written out as C from its anchors and lifted back by the same lifter
// that reads a kernel tree's functions, gives a model with the variant's verdict.
const scenarios = SCENARIOS.filter((s) => s.id !== 'tlbmig');

describe('whole-function lift of the reference code', () => {
  for (const sc of scenarios) {
    for (const v of sc.variants) {
      it(`${v.id}: lifted from its own C text, same verdict and invariant`, () => {
        const code = v.code(sc.baseline);
        const texts = new Map<string, string>();
        for (const f of sc.functions) if (code[f.name]?.length) texts.set(f.name, renderFunction(code, f.name));
        const lifted = liftFunctions(sc, code, texts);
        expect(lifted.unmapped).toEqual([]);
        const sw = resolveSwitches(sc, v);
        const want = runCode(sc, code, sw, { shortest: false });
        const got = runCode(sc, lifted.code, sw, { shortest: false });
        expect(got.verdict).toBe(want.verdict);
        expect(got.invariant).toBe(want.invariant);
      });
    }
  }
});
