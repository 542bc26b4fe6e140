import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { runVariant } from '../../../src/scenarios/run.js';
import { expectReplays } from '../../helpers/replay.js';

// Every variant of every canonical scenario: the spec's verdict, with reduction on and off, and
// for every race an independent replay of the reported trace that reaches the same violation.
for (const sc of SCENARIOS) {
  describe(`${sc.id} ${sc.name}`, () => {
    for (const v of sc.variants) {
      if (v.expected === null) {
        it(`${v.id} runs to a verdict (the spec gives none)`, () => {
          const r = runVariant(sc, v.id);
          expect(['safe', 'race']).toContain(r.verdict);
        });
        continue;
      }
      it(`${v.id} ${v.title.slice(0, 60)} -> ${v.expected}`, () => {
        const on = runVariant(sc, v.id, {}, { reduction: true });
        const off = runVariant(sc, v.id, {}, { reduction: false });
        expect(on.verdict).toBe(v.expected);
        expect(off.verdict).toBe(v.expected);
        if (v.expected === 'race') {
          expect(v.invariants).toContain(off.invariant);
          expect(on.invariant).toBe(off.invariant);
          // The trace ends at the violation and not earlier: its prefix replays clean.
          expectReplays(sc, v, off.trace, off.invariant);
        } else {
          expect(off.invariant).toBeNull();
          expect(off.trace).toEqual([]);
        }
      });
    }
  });
}
