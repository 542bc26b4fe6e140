/**
 * `.github/racebot.yml`, read with `context.config('racebot.yml')` (from the default branch, so
 * a pull request cannot change how it is checked). Absent, or `enabled: false`: the repository
 * has not opted in and nothing is reported.
 *
 *   enabled: true                 # opt in
 *   scenarios: [S1, S3]           # report only these (default: every scenario)
 *   switches:                     # facts about the kernel/machine (see `racebot scenarios list`)
 *     tlb_flush_ipi: false
 *   kernelVersion: "6.4"          # the tree the pull requests apply to (picks merged fixes, switches)
 *   comment: true                 # the summary comment (edited in place on later pushes)
 *   annotations: true             # annotate the changed lines the trace goes through
 *   failOn: [introduces]          # deltas that make the check run fail
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SCENARIOS } from '../scenarios/index.js';

const DELTAS = ['introduces', 'fixes', 'pre-existing', 'unchanged', 'unmapped', 'inconclusive'] as const;

export const RepoConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    scenarios: z.array(z.string().regex(/^S\d+$/, 'a scenario id like S3')).nullable().default(null),
    switches: z.record(z.string(), z.union([z.boolean(), z.string()])).default({}),
    kernelVersion: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .refine((v) => /^v?\d+\.\d+/.test(v), 'a kernel version like 6.4')
      .nullable()
      .default(null),
    comment: z.boolean().default(true),
    annotations: z.boolean().default(true),
    failOn: z.array(z.enum(DELTAS)).default(['introduces']),
  })
  .strict();

export type RepoConfig = z.infer<typeof RepoConfigSchema>;

export type ConfigResult = { readonly ok: true; readonly config: RepoConfig } | { readonly ok: false; readonly error: string };

/** Validate what `context.config` returned (null: no file). Unknown scenarios and switches are errors. */
export function parseRepoConfig(raw: unknown): ConfigResult | null {
  if (raw === null || raw === undefined) return null;
  const r = RepoConfigSchema.safeParse(raw);
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') };
  const known = new Set(SCENARIOS.map((s) => s.id));
  const bad = (r.data.scenarios ?? []).filter((s) => !known.has(s));
  if (bad.length) return { ok: false, error: `scenarios: unknown ${bad.join(', ')} (known: ${[...known].join(', ')})` };
  const switches = new Map(SCENARIOS.flatMap((s) => s.switches.map((d) => [d.name, d.values] as const)));
  for (const [k, v] of Object.entries(r.data.switches)) {
    const values = switches.get(k);
    if (!values) return { ok: false, error: `switches: unknown switch ${k} (known: ${[...switches.keys()].join(', ')})` };
    if (!values.includes(v)) return { ok: false, error: `switches: ${k} takes ${values.map(String).join(' or ')}, not ${String(v)}` };
  }
  return { ok: true, config: r.data };
}

export const DEFAULT_REPO_CONFIG: RepoConfig = RepoConfigSchema.parse({ enabled: true });

/** `.github/racebot.yml` of the repository's default branch: null when there is none. */
export async function readRepoConfig(octokit: { request: (route: string, params: Record<string, unknown>) => Promise<{ data: unknown }> }, owner: string, repo: string): Promise<ConfigResult | null> {
  let text: string;
  try {
    const r = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: '.github/racebot.yml', mediaType: { format: 'raw' } });
    text = typeof r.data === 'string' ? r.data : Buffer.isBuffer(r.data) ? r.data.toString('utf8') : r.data instanceof ArrayBuffer ? Buffer.from(r.data).toString('utf8') : '';
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { ok: false, error: `invalid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  // An empty file is an object with nothing set (not opted in).
  return parseRepoConfig(raw ?? {});
}
