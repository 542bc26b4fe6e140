import { describe, expect, it } from 'vitest';
import { violationDelta } from '../../../src/check/delta.js';
import { onlyViolations } from '../../../src/check/violations.js';
import { explore } from '../../../src/model/explorer.js';
import { scenarioById } from '../../../src/scenarios/index.js';
import { resolveSwitches } from '../../../src/scenarios/run.js';

const code = (sid: string, vid: string) => {
  const sc = scenarioById(sid)!;
  return sc.variants.find((v) => v.id === vid)!.code(sc.baseline);
};

// The delta is computed by violation (invariant, actor, step), not by verdict: a patch can add a
// second race to code that is already racy elsewhere, and that must be `introduces`.
describe('delta by violation', () => {
  it('a second race next to a pre-existing one is introduces, and the first is kept', () => {
    const sc = scenarioById('S1')!;
    const sw = resolveSwitches(sc, sc.variants.find((v) => v.id === 'S1.8')!);
    const d = violationDelta(sc, code('S1', 'S1.0'), code('S1', 'S1.8'), sw, {});
    expect(d.baseline.verdict).toBe('race');
    expect(d.patched.verdict).toBe('race');
    expect(d.delta).toBe('introduces');
    expect(d.added.map((a) => a.key.actor)).toContain('CPU2 stale-TLB writer');
    expect(d.kept.length).toBeGreaterThan(0);
    // The trace shown for the new violation ends in it.
    const t = d.added[0].trace;
    expect(t[t.length - 1].actor).toBe(d.added[0].key.actor);
    expect(t[t.length - 1].primitive).toBe(d.added[0].key.primitive);
  });

  it('another invariant broken on top of a racy base is introduces (S0.4 -> S0.3: the old page freed under a stale TLB)', () => {
    const sc = scenarioById('S0')!;
    const sw = resolveSwitches(sc, sc.variants.find((v) => v.id === 'S0.3')!);
    const d = violationDelta(sc, code('S0', 'S0.4'), code('S0', 'S0.3'), sw, {});
    expect(d.delta).toBe('introduces');
    expect(d.added.map((a) => a.key.invariant)).toEqual(['I0.2']);
    expect(d.kept.map((k) => k.invariant)).toContain('I0.3');
  });

  it('the same race in both is pre-existing, and the same code is never fixes or introduces', () => {
    const sc = scenarioById('S3')!;
    const sw = resolveSwitches(sc, null);
    expect(violationDelta(sc, code('S3', 'S3.1'), code('S3', 'S3.3'), sw, {}).delta).toBe('pre-existing');
    expect(violationDelta(sc, code('S3', 'S3.1'), code('S3', 'S3.1'), sw, {}).delta).toBe('pre-existing');
    expect(violationDelta(sc, code('S3', 'S3.0'), code('S3', 'S3.0'), sw, {}).delta).toBe('unchanged');
  });

  it('the verdict-level cases stay: safe -> race introduces, race -> safe fixes', () => {
    const sc = scenarioById('S3')!;
    const sw = resolveSwitches(sc, null);
    expect(violationDelta(sc, code('S3', 'S3.0'), code('S3', 'S3.1'), sw, {}).delta).toBe('introduces');
    expect(violationDelta(sc, code('S3', 'S3.1'), code('S3', 'S3.2'), sw, {}).delta).toBe('fixes');
  });

  it('a model restricted to one violation finds exactly it, and none that is excluded', () => {
    const sc = scenarioById('S0')!;
    const sw = resolveSwitches(sc, sc.variants.find((v) => v.id === 'S0.3')!);
    const model = sc.build(code('S0', 'S0.3'), sw);
    const onlyI02 = explore(onlyViolations(model, (k) => k.invariant === 'I0.2'), { reduction: false });
    expect(onlyI02.verdict).toBe('race');
    expect(onlyI02.invariant).toBe('I0.2');
    const none = explore(onlyViolations(model, () => false), { reduction: false });
    expect(none.verdict).toBe('safe');
  });
});

describe('a fix is only a fix if the patched code still runs', () => {
  it('an actor stuck on a lock taken twice in the lifted code is seen: the actors that can finish', async () => {
    const { actorsThatFinish } = await import('../../../src/check/delta.js');
    const { SCENARIOS } = await import('../../../src/scenarios/index.js');
    const sc = SCENARIOS.find((s) => s.id === 'S4')!;
    const v = sc.variants.find((x) => x.id === 'S4.0')!;
    const code = v.code(sc.baseline);
    const sw = Object.fromEntries(sc.switches.map((d) => [d.name, d.default]));
    const lock = code.xol_add_vma.find((s) => s.c.includes('down_write_killable'));
    expect(lock, 'xol_add_vma takes the mmap lock').toBeTruthy();
    // What a misplaced lift once produced: the same lock taken twice on the way in.
    const twice = { ...code, xol_add_vma: [lock!, ...code.xol_add_vma] };
    const before = actorsThatFinish(sc, code, sw, {})!;
    const after = actorsThatFinish(sc, twice, sw, {})!;
    const stuck = [...before].filter((a) => !after.has(a));
    expect(before.size).toBeGreaterThan(0);
    expect(stuck.length).toBeGreaterThan(0);
    expect(violationDelta(sc, code, twice, sw, {}).delta).toBe('fixes');
  });
});
