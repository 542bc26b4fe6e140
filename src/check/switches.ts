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

/**
 * Commit ids of mainline release tags, for `base-commit:` lines that name a release (what
 * `git format-patch --base` writes for a patch on top of a tag). Other commits name no version
 * without a kernel tree to look them up in.
 */
const RELEASE_COMMITS: Readonly<Record<string, string>> = {
  '69973b830859bc6529a7a0468ba0d80ee5117826': '4.9',
  'c470abd4fde40ea6a0846a2beab642a578c0b8cd': '4.10',
  '6f7da290413ba713f0cdd9ff1a2a9bb129ef4f6c': '4.12',
  '84df9525b0c27f3ebc2ebb1864fa62a97fdedb7d': '4.19',
  '219d54332a09e8d8741c1e1982f5eae56099de85': '5.4',
  '2c85ebc57b3e1817b6ce1a6b703928e113a90442': '5.10',
  '9f4ad9e425a1d3b6a34617b8ea226d56a119a717': '5.12',
  '8bb7eca972ad531c9b149c0a51ab43a417385813': '5.15',
  '3d7cb6b04c3f3115719235cc6866b10326de34cd': '5.19',
  '4fe89d07dcc2804c8b562f6c7896a45643d34b2f': '6.0',
  '830b3c68c1fb1e9176028d02ef86f3cf76aa2476': '6.1',
  '6995e2de6891c724bfeb2db33d7b87775f913ad1': '6.4',
  '2dde18cd1d8fac735875f2e4987f11817cc0bc2c': '6.5',
  'ffc253263a1375a65fa6c9f62a893e9767fbebfa': '6.6',
};

export function versionFromBaseCommit(sha: string | null): KernelVersion | null {
  if (!sha) return null;
  const v = RELEASE_COMMITS[sha.toLowerCase()];
  return v ? parseKernelVersion(v) : null;
}

export function versionAtLeast(v: KernelVersion, s: string): boolean {
  const w = parseKernelVersion(s);
  return !!w && (v.major > w.major || (v.major === w.major && v.minor >= w.minor));
}

/** A version named by a subject tag: `5.19-stable`, `6.6-rc1`, `v6.1`. */
export function versionFromTags(prefixes: readonly string[]): KernelVersion | null {
  for (const p of prefixes) {
    const m = /^v?(\d+\.\d+)(?:\.\d+)?(?:-(?:stable|rc\d*|y))?$/.exec(p);
    if (m) return parseKernelVersion(m[1]);
  }
  return null;
}

/**
 * Switch values a kernel version implies: each switch declares the release that changed it
 * (its scenario's `release`), so a new scenario brings its own history.
 */
export function switchesForVersion(sc: Scenario, v: KernelVersion): Record<string, SwitchValue> {
  const out: Record<string, SwitchValue> = {};
  for (const d of sc.switches) if (d.release) out[d.name] = versionAtLeast(v, d.release.version) ? d.release.after : d.release.before;
  return out;
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
    const implied = switchesForVersion(sc, src.version);
    for (const d of sc.switches) if (d.name in implied) out[d.name] = implied[d.name];
  }
  for (const d of sc.switches) if (d.name in src.overrides) out[d.name] = src.overrides[d.name];
  return out;
}
