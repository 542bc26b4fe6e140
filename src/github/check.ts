/**
 * The check of one pull request push, as a pure function over JSON (so it can run in a worker
 * thread): the PR's diff as a patch mail, `checkPatch` with the repository's switches and kernel
 * version, the scenarios the repository asked for.
 */
import { checkPatch, type PatchReport } from '../check/check.js';
import { parseKernelVersion } from '../check/switches.js';
import type { RepoConfig } from './config.js';
import { prToPatchMail, type PullRequestInfo } from './pr-mail.js';

export interface GithubCheckInput {
  readonly pr: PullRequestInfo;
  readonly diffText: string;
  readonly config: RepoConfig;
  /** The push this is (1 for the first one checked). */
  readonly version: number;
  readonly maxStates?: number | null;
  readonly maxMs?: number | null;
}

/** The report, without the lifted code (plain JSON). */
export function runGithubCheck(i: GithubCheckInput): PatchReport {
  const mail = prToPatchMail(i.pr, i.diffText, { version: i.version });
  const kv = i.config.kernelVersion ? parseKernelVersion(i.config.kernelVersion) : null;
  const r = checkPatch(mail, { overrides: i.config.switches, kernelVersion: kv, maxStates: i.maxStates ?? undefined, maxMs: i.maxMs ?? undefined });
  const { lifted: _lifted, ...rest } = r;
  const wanted = i.config.scenarios;
  return wanted ? { ...rest, findings: r.findings.filter((f) => wanted.includes(f.scenario)) } : rest;
}
