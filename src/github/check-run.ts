/**
 * The check run on GitHub: created `in_progress` when a worker starts a job, completed with the
 * verdict (summary, the SVG as an image, annotations 50 per request) or, when the job cannot
 * finish, completed `neutral` (or `failure`, when the verdict was a failure) with the reason.
 * A run racebot created never stays open.
 */
import type { ProbotOctokit } from 'probot';
import type { PatchReport } from '../check/check.js';
import { ANNOTATIONS_PER_REQUEST, batches, checkSummary, titleOf, type Annotation, type Conclusion, type Links } from './report.js';
import { plain } from './markdown.js';

export type Octo = InstanceType<typeof ProbotOctokit>;

export const CHECK_NAME = 'racebot';

export interface PublishCheckRun {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  /** Complete this run (null: create a completed one). */
  readonly checkRunId: number | null;
  readonly externalId?: string;
  readonly report: PatchReport;
  readonly conclusion: Conclusion;
  readonly annotations: readonly Annotation[];
  readonly links?: Links;
  /** The run's "Details" link: only a page that exists (else GitHub shows the run itself). */
  readonly detailsUrl?: string | null;
  /** A sentence put before the summary (why the report is incomplete). */
  readonly note?: string | null;
  /** At most this many annotations per request (GitHub takes 50). */
  readonly perRequest?: number;
}

/**
 * Complete the check run: conclusion, title, summary, the SVG as an image when the dashboard is
 * public, and the first 50 annotations; the rest by updating the run 50 at a time (GitHub
 * appends the annotations of each update). Returns the run's id.
 */
export async function publishCheckRun(octokit: Octo, a: PublishCheckRun): Promise<number> {
  const { owner, repo, report } = a;
  const l = a.links ?? {};
  const svgs = report.findings.map((f, n) => ({ f, url: l.svg?.(n) })).filter((x) => x.url && x.f.trace.length && ['introduces', 'pre-existing', 'fixes'].includes(x.f.delta));
  const chunks = batches(a.annotations, Math.max(1, Math.min(ANNOTATIONS_PER_REQUEST, a.perRequest ?? ANNOTATIONS_PER_REQUEST)));
  const summary = `${a.note ? `**${plain(a.note)}**\n\n` : ''}${checkSummary(report, l)}`;
  const output = {
    title: titleOf(report),
    summary,
    annotations: chunks[0] ?? [],
    ...(svgs.length ? { images: svgs.map((x) => ({ alt: `${x.f.scenario} ${x.f.invariant}: the interleaving`, image_url: x.url!, caption: `${x.f.scenario} ${x.f.name}: ${x.f.delta}` })) } : {}),
  };
  const done = { status: 'completed' as const, conclusion: a.conclusion, completed_at: new Date().toISOString(), ...(a.detailsUrl ? { details_url: a.detailsUrl } : {}), output };
  let id = a.checkRunId;
  if (id) await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...done });
  else id = (await octokit.rest.checks.create({ owner, repo, name: CHECK_NAME, head_sha: a.headSha, external_id: a.externalId, ...done })).data.id;
  for (const chunk of chunks.slice(1)) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: { title: output.title, summary: output.summary, annotations: chunk } });
  }
  return id;
}

/** Complete a run that has no verdict: `neutral`, the reason as the title and the summary. */
export async function abandonCheckRun(octokit: Octo, r: { owner: string; repo: string; checkRunId: number; code: string; reason: string }): Promise<void> {
  await octokit.rest.checks.update({
    owner: r.owner,
    repo: r.repo,
    check_run_id: r.checkRunId,
    status: 'completed',
    conclusion: 'neutral',
    completed_at: new Date().toISOString(),
    output: { title: `not checked: ${r.code}`.slice(0, 255), summary: `racebot could not check this pull request: ${plain(r.reason)}.` },
  });
}
