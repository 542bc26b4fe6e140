/**
 * racebot as a GitHub App (Probot). On `pull_request` opened / synchronize / reopened, and on a
 * `/racebot recheck` comment on a pull request, it reads `.github/racebot.yml` (opt-in), puts a
 * queued check run on the head commit, fetches the PR's diff and hands a job (plain JSON) to
 * `submitCheck`. `processJob` (in the queue's worker, or in process by default) runs the check
 * and reports: the check run completed (conclusion, summary with the diagram and the SVG,
 * annotations 50 per request, the rest by updating the run) and the one summary comment, edited
 * in place on later pushes. Webhook signatures are verified by Probot with `secret`.
 *
 * Transport-free: `handler` is a Node request handler for `/api/github/webhooks` (returns false
 * for other paths) to mount in any HTTP server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeMiddleware, Probot, ProbotOctokit, type Context } from 'probot';
import { checkPatch, type CheckOptions, type PatchReport } from '../check/check.js';
import { parseKernelVersion } from '../check/switches.js';
import { findingPath } from '../dashboard/pages.js';
import { hashKey, storedReport, subsystemOf, type FindingStore, type StoredPatch } from '../dashboard/store.js';
import { parseRepoConfig, type RepoConfig } from './config.js';
import { prToPatchMail, pullRequestInfo, type PullRequestInfo } from './pr-mail.js';
import {
  annotationsFor,
  ANNOTATIONS_PER_REQUEST,
  batches,
  checkSummary,
  COMMENT_MARKER,
  commentBody,
  conclusionOf,
  historyOf,
  pushResult,
  sinceLastPush,
  titleOf,
  withPush,
  type Annotation,
  type Conclusion,
  type Links,
} from './report.js';

export const CHECK_NAME = 'racebot';
export const CONFIG_FILE = 'racebot.yml';
export const RECHECK = /^\s*\/racebot\s+recheck\b/m;

/** A check to run: everything the worker needs, as plain JSON (a BullMQ job's data). */
export interface GithubCheckJob {
  readonly kind: 'github-pr';
  readonly deliveryId: string;
  readonly trigger: 'opened' | 'synchronize' | 'reopened' | 'recheck';
  readonly installationId: number | null;
  readonly pr: PullRequestInfo;
  readonly diffText: string;
  readonly config: RepoConfig;
  /** The queued check run created when the event arrived (null: create it when reporting). */
  readonly checkRunId: number | null;
  readonly queuedAt: string;
}

export interface GithubCheckResult {
  readonly report: PatchReport;
  readonly conclusion: Conclusion;
  readonly checkRunId: number;
  readonly annotations: number;
  readonly commentId: number | null;
  /** The dashboard entry, when a store was given. */
  readonly patchId: string | null;
}

export interface GithubAppOptions {
  readonly appId: number | string;
  /** The App's private key (PEM). */
  readonly privateKey: string;
  /** The webhook secret: every delivery's X-Hub-Signature-256 is verified with it. */
  readonly secret: string;
  /** GitHub API base (GitHub Enterprise Server, or a stand-in in tests). */
  readonly baseUrl?: string;
  /** Default `/api/github/webhooks`. */
  readonly webhooksPath?: string;
  /** Where a job goes (e.g. a BullMQ queue). Default: `processJob` in this process. */
  readonly submitCheck?: (job: GithubCheckJob) => Promise<void>;
  /** Record results for the dashboard. */
  readonly store?: FindingStore | null;
  /** Absolute URL of the dashboard (links and the SVG image in the check run and the comment). */
  readonly publicUrl?: string | null;
  /** Dashboard mount point under publicUrl (default ''). */
  readonly dashboardBasePath?: string;
  /** Budgets of the exploration. */
  readonly check?: Pick<CheckOptions, 'maxStates' | 'maxMs'>;
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Octokit's request throttling (default on; tests turn it off so writes are not spaced 1 s). */
  readonly throttle?: boolean;
  /** Annotations per create/update request (GitHub's limit, 50, unless lower). */
  readonly annotationsPerRequest?: number;
}

export interface GithubApp {
  readonly probot: Probot;
  /** Node request handler: answers `webhooksPath`, returns false for any other path. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Run the check of a job and report it on GitHub (what a worker calls). */
  processJob(job: GithubCheckJob): Promise<GithubCheckResult>;
  /** The check alone (no I/O). */
  runCheck(job: GithubCheckJob, version?: number): PatchReport;
  /** Resolves when the jobs this process started (default submitCheck) are done. */
  idle(): Promise<void>;
}

export type Octo = InstanceType<typeof ProbotOctokit>;

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
  const output = {
    title: titleOf(report),
    summary: checkSummary(report, l),
    annotations: chunks[0] ?? [],
    ...(svgs.length ? { images: svgs.map((x) => ({ alt: `${x.f.scenario} ${x.f.invariant}: the interleaving`, image_url: x.url!, caption: `${x.f.scenario} ${x.f.name}: ${x.f.delta}` })) } : {}),
  };
  const done = { status: 'completed' as const, conclusion: a.conclusion, completed_at: new Date().toISOString(), details_url: l.finding?.(0) ?? undefined, output };
  let id = a.checkRunId;
  if (id) await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...done });
  else id = (await octokit.rest.checks.create({ owner, repo, name: CHECK_NAME, head_sha: a.headSha, external_id: a.externalId, ...done })).data.id;
  for (const chunk of chunks.slice(1)) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: { title: output.title, summary: output.summary, annotations: chunk } });
  }
  return id;
}

function configUrl(repo: { html_url: string; default_branch?: string } | undefined): string | undefined {
  return repo ? `${repo.html_url}/blob/${repo.default_branch ?? 'HEAD'}/.github/${CONFIG_FILE}` : undefined;
}

/** Dashboard id of a pull request push. */
export function prPatchId(pr: Pick<PullRequestInfo, 'owner' | 'repo' | 'number' | 'headSha'>): string {
  return `gh-${hashKey(`${pr.owner}/${pr.repo}#${pr.number}@${pr.headSha}`)}`;
}

export async function createGithubApp(options: GithubAppOptions): Promise<GithubApp> {
  // Probot's own defaults put `throttle` back after plain defaults: force it off in a function.
  const Octokit =
    options.throttle === false
      ? ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, throttle: { ...(o.throttle as object | undefined), enabled: false } }))
      : ProbotOctokit;
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.secret,
    baseUrl: options.baseUrl,
    logLevel: options.logLevel ?? 'info',
    Octokit: Octokit as typeof ProbotOctokit,
  });
  const perRequest = Math.max(1, Math.min(ANNOTATIONS_PER_REQUEST, options.annotationsPerRequest ?? ANNOTATIONS_PER_REQUEST));
  const publicUrl = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') + (options.dashboardBasePath ?? '').replace(/\/+$/, '') : null;
  const inFlight = new Set<Promise<unknown>>();
  /** Reports on one pull request are made one at a time (the comment is found, then edited). */
  const lanes = new Map<string, Promise<unknown>>();

  const runCheck = (job: GithubCheckJob, version = 1): PatchReport => {
    const mail = prToPatchMail(job.pr, job.diffText, { version });
    const kv = job.config.kernelVersion ? parseKernelVersion(job.config.kernelVersion) : null;
    const r = checkPatch(mail, { overrides: job.config.switches, kernelVersion: kv, maxStates: options.check?.maxStates, maxMs: options.check?.maxMs });
    const wanted = job.config.scenarios;
    const { lifted: _lifted, ...rest } = r;
    return wanted ? { ...rest, findings: r.findings.filter((f) => wanted.includes(f.scenario)) } : rest;
  };

  const links = (patchId: string | null): Links =>
    publicUrl && patchId && options.store ? { finding: (n) => publicUrl + findingPath('', patchId, n), svg: (n) => `${publicUrl}${findingPath('', patchId, n)}/trace.svg` } : {};

  const summaryComment = async (octokit: Octo, pr: PullRequestInfo) => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
    return comments.find((c) => c.body?.includes(COMMENT_MARKER) && c.user?.type === 'Bot') ?? null;
  };

  const report = async (job: GithubCheckJob): Promise<GithubCheckResult> => {
    const octokit = (await probot.auth(job.installationId ?? undefined)) as Octo;
    const { pr } = job;
    const existing = job.config.comment ? await summaryComment(octokit, pr) : null;
    const before = historyOf(existing?.body);
    const version = before.find((h) => h.sha === pr.headSha)?.push ?? (before[before.length - 1]?.push ?? 0) + 1;
    const checked = runCheck(job, version);
    const history = withPush(before, pushResult(pr.headSha, version, checked));
    const result: PatchReport = { ...checked, sinceLastVersion: sinceLastPush(history, pr.headSha) };
    let patchId: string | null = null;
    if (options.store) {
      patchId = prPatchId(pr);
      const family = `gh-${hashKey(`${pr.owner}/${pr.repo}#${pr.number}`)}`;
      const entry: StoredPatch = {
        id: patchId,
        source: 'github',
        receivedAt: new Date().toISOString(),
        date: pr.updatedAt,
        lists: [`github:${pr.owner}/${pr.repo}`.toLowerCase()],
        subsystem: subsystemOf(prToPatchMail(pr, job.diffText).diff.map((f) => f.path)),
        seriesId: family,
        seriesSubject: `${pr.owner}/${pr.repo}#${pr.number}: ${pr.title}`,
        family,
        index: null,
        total: null,
        url: pr.htmlUrl,
        report: storedReport(result),
      };
      await options.store.put(entry);
    }
    const l = links(patchId);
    const conclusion = conclusionOf(result, job.config);
    const annotations = job.config.annotations ? annotationsFor(result, prToPatchMail(pr, job.diffText).diff) : [];
    const checkRunId = await publishCheckRun(octokit, {
      owner: pr.owner,
      repo: pr.repo,
      headSha: pr.headSha,
      checkRunId: job.checkRunId,
      externalId: job.deliveryId,
      report: result,
      conclusion,
      annotations,
      links: l,
      perRequest,
    });
    let commentId: number | null = null;
    if (job.config.comment) {
      // A newer push supersedes this one: its own report will edit the comment.
      const head = (await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number })).data.head.sha;
      if (head === pr.headSha) {
        const checkRunUrl = `${pr.htmlUrl}/checks?check_run_id=${checkRunId}`;
        const body = commentBody({ history, sha: pr.headSha, report: result, conclusion, checkRunUrl, links: l });
        if (existing) commentId = (await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body })).data.id;
        else commentId = (await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body })).data.id;
      } else commentId = existing?.id ?? null;
    }
    return { report: result, conclusion, checkRunId, annotations: annotations.length, commentId, patchId };
  };

  const processJob = (job: GithubCheckJob): Promise<GithubCheckResult> => {
    const key = `${job.pr.owner}/${job.pr.repo}#${job.pr.number}`;
    const prev = lanes.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => report(job));
    lanes.set(key, next);
    void next.finally(() => {
      if (lanes.get(key) === next) lanes.delete(key);
    }).catch(() => undefined);
    return next;
  };

  const submit =
    options.submitCheck ??
    (async (job: GithubCheckJob) => {
      const p = processJob(job).catch((e: unknown) => {
        probot.log.error({ err: e, pr: `${job.pr.owner}/${job.pr.repo}#${job.pr.number}` }, 'racebot: the check failed');
        return failed(job, e);
      });
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
    });

  /** A check that could not run still ends its check run, saying why. */
  const failed = async (job: GithubCheckJob, e: unknown) => {
    try {
      const octokit = (await probot.auth(job.installationId ?? undefined)) as Octo;
      const output = { title: 'racebot could not check this pull request', summary: `The check failed: ${e instanceof Error ? e.message : String(e)}` };
      if (job.checkRunId) await octokit.rest.checks.update({ owner: job.pr.owner, repo: job.pr.repo, check_run_id: job.checkRunId, status: 'completed', conclusion: 'neutral', output });
    } catch {
      // Nothing more to say.
    }
  };

  /** Config, queued check run, diff, job: what happens when an event asks for a check. */
  const enqueue = async (context: Context<'pull_request'> | Context<'issue_comment'>, pr: PullRequestInfo, trigger: GithubCheckJob['trigger']) => {
    let parsed: ReturnType<typeof parseRepoConfig>;
    try {
      parsed = parseRepoConfig(await context.config<Record<string, unknown>>(CONFIG_FILE));
    } catch (e) {
      // Unreadable YAML, a directory, an `_extends` loop: the repository meant to opt in.
      parsed = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (!parsed) {
      context.log.debug(`${pr.owner}/${pr.repo}: no .github/${CONFIG_FILE}, not opted in`);
      return;
    }
    const { owner, repo } = pr;
    if (!parsed.ok) {
      await context.octokit.rest.checks.create({
        owner,
        repo,
        name: CHECK_NAME,
        head_sha: pr.headSha,
        status: 'completed',
        conclusion: 'action_required',
        details_url: configUrl(context.payload.repository),
        output: { title: `.github/${CONFIG_FILE} is invalid`, summary: `racebot did not check this pull request: ${parsed.error}.` },
      });
      return;
    }
    if (!parsed.config.enabled) return;
    const queued = await context.octokit.rest.checks.create({ owner, repo, name: CHECK_NAME, head_sha: pr.headSha, status: 'queued', external_id: context.id });
    const diff = await context.octokit.rest.pulls.get({ owner, repo, pull_number: pr.number, mediaType: { format: 'diff' } });
    const installation = (context.payload as { installation?: { id: number } }).installation;
    await submit({
      kind: 'github-pr',
      deliveryId: context.id,
      trigger,
      installationId: installation?.id ?? null,
      pr,
      diffText: diff.data as unknown as string,
      config: parsed.config,
      checkRunId: queued.data.id,
      queuedAt: new Date().toISOString(),
    });
  };

  const appFn = (app: Probot) => {
    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
      const pr = pullRequestInfo(context.payload.pull_request, context.repo());
      await enqueue(context, pr, context.payload.action as GithubCheckJob['trigger']);
    });
    app.on('issue_comment.created', async (context) => {
      const { comment, issue } = context.payload;
      if (!issue.pull_request || !RECHECK.test(comment.body ?? '')) return;
      if (comment.user?.type === 'Bot') return;
      const { owner, repo } = context.repo();
      const pull = await context.octokit.rest.pulls.get({ owner, repo, pull_number: issue.number });
      await enqueue(context, pullRequestInfo(pull.data, { owner, repo }), 'recheck');
    });
  };

  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: options.webhooksPath ?? '/api/github/webhooks' });
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const r = await middleware(req, res);
    return r === true;
  };

  return {
    probot,
    handler,
    processJob,
    runCheck,
    idle: async () => {
      while (inFlight.size || lanes.size) await Promise.allSettled([...inFlight, ...lanes.values()]);
    },
  };
}
