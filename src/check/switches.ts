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

/**
 * Mainline release dates: a patch posted on a date is for a tree that has every release
 * before it (a stable backport says which tree in its subject tag, which wins).
 */
const RELEASE_DATES: readonly (readonly [string, string])[] = [
  ['3.0', '2011-07-21'], ['3.1', '2011-10-24'], ['3.2', '2012-01-04'], ['3.3', '2012-03-18'], ['3.4', '2012-05-20'],
  ['3.5', '2012-07-21'], ['3.6', '2012-09-30'], ['3.7', '2012-12-10'], ['3.8', '2013-02-18'], ['3.9', '2013-04-28'],
  ['3.10', '2013-06-30'], ['3.11', '2013-09-02'], ['3.12', '2013-11-03'], ['3.13', '2014-01-19'], ['3.14', '2014-03-30'],
  ['3.15', '2014-06-08'], ['3.16', '2014-08-03'], ['3.17', '2014-10-05'], ['3.18', '2014-12-07'], ['3.19', '2015-02-08'],
  ['4.0', '2015-04-12'], ['4.1', '2015-06-21'], ['4.2', '2015-08-30'], ['4.3', '2015-11-01'], ['4.4', '2016-01-10'],
  ['4.5', '2016-03-13'], ['4.6', '2016-05-15'], ['4.7', '2016-07-24'], ['4.8', '2016-10-02'],
  ['4.9', '2016-12-11'], ['4.10', '2017-02-19'], ['4.11', '2017-04-30'], ['4.12', '2017-07-02'], ['4.13', '2017-09-03'],
  ['4.14', '2017-11-12'], ['4.15', '2018-01-28'], ['4.16', '2018-04-01'], ['4.17', '2018-06-03'], ['4.18', '2018-08-12'],
  ['4.19', '2018-10-22'], ['4.20', '2018-12-23'], ['5.0', '2019-03-03'], ['5.1', '2019-05-05'], ['5.2', '2019-07-07'],
  ['5.3', '2019-09-15'], ['5.4', '2019-11-24'], ['5.5', '2020-01-26'], ['5.6', '2020-03-29'], ['5.7', '2020-05-31'],
  ['5.8', '2020-08-02'], ['5.9', '2020-10-11'], ['5.10', '2020-12-13'], ['5.11', '2021-02-14'], ['5.12', '2021-04-25'],
  ['5.13', '2021-06-27'], ['5.14', '2021-08-29'], ['5.15', '2021-10-31'], ['5.16', '2022-01-09'], ['5.17', '2022-03-20'],
  ['5.18', '2022-05-22'], ['5.19', '2022-07-31'], ['6.0', '2022-10-02'], ['6.1', '2022-12-11'], ['6.2', '2023-02-19'],
  ['6.3', '2023-04-23'], ['6.4', '2023-06-25'], ['6.5', '2023-08-27'], ['6.6', '2023-10-30'], ['6.7', '2024-01-07'],
  ['6.8', '2024-03-10'], ['6.9', '2024-05-12'], ['6.10', '2024-07-14'], ['6.11', '2024-09-15'], ['6.12', '2024-11-17'],
  ['6.13', '2025-01-19'], ['6.14', '2025-03-24'], ['6.15', '2025-05-25'], ['6.16', '2025-07-27'], ['6.17', '2025-09-28'],
];

/** The newest mainline release before a mail's Date (ISO or RFC 2822), or null. */
export function versionFromDate(date: string | null | undefined): KernelVersion | null {
  if (!date) return null;
  const t = Date.parse(date);
  if (Number.isNaN(t)) return null;
  let best: string | null = null;
  for (const [v, d] of RELEASE_DATES) if (Date.parse(`${d}T23:59:59Z`) <= t) best = v;
  // Before 3.0: a 2.6 tree from 2.6.0 (2003-12-17), a 2.4 one before (the minor releases of
  // those series are not told apart).
  if (!best) best = t >= Date.parse('2003-12-17T23:59:59Z') ? '2.6' : t >= Date.parse('2001-01-04T23:59:59Z') ? '2.4' : null;
  return best ? parseKernelVersion(best) : null;
}

/** The day mainline released `version` (YYYY-MM-DD), or null if it is not known. */
export function releaseDate(version: string): string | null {
  return RELEASE_DATES.find(([v]) => v === version)?.[1] ?? null;
}

export function versionFromBaseCommit(sha: string | null): KernelVersion | null {
  if (!sha) return null;
  const v = RELEASE_COMMITS[sha.toLowerCase()];
  return v ? parseKernelVersion(v) : null;
}

export function versionAtLeast(v: KernelVersion, s: string): boolean {
  const w = parseKernelVersion(s);
  return !!w && (v.major > w.major || (v.major === w.major && v.minor >= w.minor));
}

/**
 * A version named by a subject tag: `5.19-stable`, `6.6-rc1`, `v6.1`. A `v` with a major below 4
 * and no more than two numbers is the posting's revision (`[PATCH v2.5]`, `v3.1`), not a kernel.
 */
export function versionFromTags(prefixes: readonly string[]): KernelVersion | null {
  for (const p of prefixes) {
    const m = /^(v?)(\d+)\.(\d+)(\.(?:\d+|y))?(-(?:stable|rc\d*|y))?$/.exec(p);
    if (!m) continue;
    if (m[1] && Number(m[2]) < 4 && !m[4] && !m[5]) continue;
    return parseKernelVersion(`${m[2]}.${m[3]}`);
  }
  return null;
}

/**
 * The stable branch a backport says it is for, in the commit message: a maintainer's bracketed
 * note (`[surenb: backport to 4.19 kernel]`) or a plain "backported to the 5.10 stable tree".
 * Not a `Cc: stable ... # 5.10+` line: on a mainline patch that says how far back it goes.
 */
export function versionFromBackportNote(message: string): KernelVersion | null {
  const m = /\bbackport(?:ed)?\s+(?:it\s+)?to\s+(?:the\s+)?(?:linux[- ])?v?(\d+\.\d+)(?:\.(?:\d+|y|x))?(?:[- ]stable)?\s*(?:stable\s+)?(?:kernel|tree|branch|series)?\b/i.exec(message);
  return m ? parseKernelVersion(m[1]) : null;
}

/**
 * The upstream commit a stable backport says it is (`commit 7aef4172c7957d7e... upstream.`, or
 * AUTOSEL's `[ Upstream commit ... ]`), shortened to 12 digits; null for any other mail.
 */
export function upstreamCommitOf(message: string): string | null {
  const m = /^\s*commit\s+([0-9a-f]{12,40})\s+upstream\b/im.exec(message) ?? /\[\s*upstream\s+commit\s+([0-9a-f]{12,40})\s*\]/i.exec(message);
  return m ? m[1].slice(0, 12) : null;
}

/**
 * Switch values a kernel version implies: each switch declares the release that changed it
 * (its scenario's `release`), so a new scenario brings its own history.
 */
export function switchesForVersion(sc: Scenario, v: KernelVersion): Record<string, SwitchValue> {
  const out: Record<string, SwitchValue> = {};
  for (const d of sc.switches) {
    if (!d.release) continue;
    out[d.name] = versionAtLeast(v, d.release.version) ? d.release.after : (d.earlier ?? []).find((e) => !versionAtLeast(v, e.version))?.value ?? d.release.before;
  }
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
