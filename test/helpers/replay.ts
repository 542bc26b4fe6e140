import { expect } from 'vitest';
import { replay } from '../../src/model/replay.js';
import type { TraceStep } from '../../src/model/trace.js';
import { resolveSwitches } from '../../src/scenarios/run.js';
import type { Scenario, Switches, Variant } from '../../src/scenarios/scenario.js';

/**
 * Replay `trace` step by step on a freshly built model of variant `v` (the independent replayer,
 * not the explorer): it must reach `invariant` at its last step, and its prefix must not.
 */
export function expectReplays(sc: Scenario, v: Variant, trace: readonly TraceStep[], invariant: string | null, overrides: Switches = {}): void {
  const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v, overrides));
  const steps = trace.map((t) => ({ actor: t.actor, step: t.step }));
  const r = replay(model, steps);
  expect(r.error).toBeUndefined();
  expect(r.ok).toBe(true);
  expect(r.violated).toBe(invariant);
  const prefix = replay(model, steps.slice(0, -1));
  expect(prefix.error).toBeUndefined();
  expect(prefix.violated).toBeNull();
}
