/**
 * Which kernel the patch is for decides the switches: `--switch` wins, then `--kernel-version`,
 * then a version the subject's tree tag names (`[PATCH 5.19-stable]`, `[PATCH v6.6-rc1 ...]`),
 * else the scenario's documented defaults. `base-commit:` is reported but names no version
 * without a kernel tree to look it up in.
 */
import type { Scenario, Switches, SwitchValue } from '../scenarios/scenario.js';

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
}

export function parseKernelVersion(s: string): KernelVersion | null {
  const m = /^v?(\d+)\.(\d+)/.exec(s.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

/** A version named by a subject tag: `5.19-stable`, `6.6-rc1`, `v6.1`. */
export function versionFromTags(prefixes: readonly string[]): KernelVersion | null {
  for (const p of prefixes) {
    const m = /^v?(\d+\.\d+)(?:\.\d+)?(?:-(?:stable|rc\d*|y))?$/.exec(p);
    if (m) return parseKernelVersion(m[1]);
  }
  return null;
}

const atLeast = (v: KernelVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/**
 * Switch values a kernel version implies. The merge releases are from the commits the spec
 * names: 16af97dc5a89 (v4.13), 5535be309971 (v6.0; backported to 5.19.y), 70cbc3cc78a9 (v6.0),
 * the mmu_notifier series of M0e (v6.6).
 */
export function switchesForVersion(v: KernelVersion): Record<string, SwitchValue> {
  return {
    secondary_tlb_in_arch_flush: atLeast(v, 6, 6),
    tlb_flush_pending_counter: atLeast(v, 4, 13),
    foll_cow_dirty_rule: !atLeast(v, 6, 0),
    gup_recheck_pmd: atLeast(v, 6, 0),
  };
}

export interface SwitchSource {
  readonly overrides: Readonly<Record<string, SwitchValue>>;
  readonly version: KernelVersion | null;
  /** Where the version came from, for the report. */
  readonly versionFrom: string | null;
}

/** The switches for `sc`: defaults, then what the version implies, then explicit overrides. */
export function switchesFor(sc: Scenario, src: SwitchSource): Switches {
  const out: Record<string, SwitchValue> = {};
  for (const d of sc.switches) out[d.name] = d.default;
  if (src.version) {
    const implied = switchesForVersion(src.version);
    for (const d of sc.switches) if (d.name in implied) out[d.name] = implied[d.name];
  }
  for (const d of sc.switches) if (d.name in src.overrides) out[d.name] = src.overrides[d.name];
  return out;
}
