import { describe, expect, it } from 'vitest';
import { Mem } from '../../../src/model/mem.js';
import type { Model } from '../../../src/model/program.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { resolveSwitches } from '../../../src/scenarios/run.js';

/**
 * The partial-order reduction trusts each step's declared footprint (`may`) for what other
 * actors may still do. Check it against what steps actually touch: a breadth-first walk of the
 * reachable states (its own, not the explorer's), every enabled step run with tracking on.
 * Reads may be declared as reads or writes; writes must be declared as writes.
 */
function undeclared(model: Model, cap: number): string[] {
  const bad = new Set<string>();
  const seen = new Set<string>();
  const key = (s: Uint8Array) => Buffer.from(s).toString('latin1');
  const init = model.layout.initial();
  const queue: Uint8Array[] = [init];
  seen.add(key(init));
  const m = new Mem(init);
  for (let qi = 0; qi < queue.length && seen.size < cap; qi++) {
    const s = queue[qi];
    for (const a of model.actors) {
      for (const t of a.locations[s[a.pc]] ?? []) {
        const next = s.slice();
        m.s = next;
        m.startTracking();
        const ok = t.guard ? t.guard(m) : true;
        let violated: string | void = undefined;
        if (ok) {
          next[a.pc] = t.next;
          violated = t.apply?.(m);
        }
        m.stopTracking();
        const may = new Set([...t.may.reads, ...t.may.writes]);
        const mayW = new Set(t.may.writes);
        for (const v of m.reads) if (!may.has(v) && v !== a.pc) bad.add(`${a.name}: \`${t.label}\` reads ${model.layout.name(v)}`);
        for (const v of m.writes) if (!mayW.has(v) && v !== a.pc) bad.add(`${a.name}: \`${t.label}\` writes ${model.layout.name(v)}`);
        if (!ok || violated) continue;
        const k = key(next);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(next);
        }
      }
    }
  }
  return [...bad];
}

describe('declared footprints cover what steps touch', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.id}: every variant`, () => {
      const problems: string[] = [];
      for (const v of sc.variants) {
        const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v));
        problems.push(...undeclared(model, 40_000).map((p) => `${v.id} ${p}`));
      }
      expect(problems).toEqual([]);
    });
  }
});
