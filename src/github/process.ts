/**
 * A GitHub job, start to end, as a worker runs it (or one process, without a queue):
 *
 *   installation (the event's, else looked up) -> `.github/racebot.yml` (absent: skipped) ->
 *   the pull request (a recheck reads its head) -> under the pull request's lock: the check run
 *   (`in_progress`; a retry reuses the one it made) -> the diff -> the check -> the summary
 *   comment found by the App's own login -> the dashboard entry (not for a private repository,
 *   unless configured) -> the run completed -> the comment created or edited.
 *
 * Every outcome is stated in the job's entry (TaskStates): reported, skipped (why) or failed
 * (code, reason). A failure that another attempt can mend is thrown while attempts remain; on
 * the last attempt, or when nothing can mend it, the run is completed with the reason, so no run
 * racebot created stays queued or in progress.
 */
import type { Probot } from 'probot';
import type { PatchReport } from '../check/check.js';
import { findingPath, patchPath } from '../dashboard/pages.js';
import { hashKey, storedReport, subsystemOf, type FindingStore, type StoredPatch } from '../dashboard/store.js';
import { abandonCheckRun, CHECK_NAME, publishCheckRun, type Octo } from './check-run.js';
import type { GithubCheckInput } from './check.js';
import { readRepoConfig, type RepoConfig } from './config.js';
import { asGithubError, GithubError, statusOf } from './errors.js';
import type { PrLock } from './lock.js';
import { codeBlock } from './markdown.js';
import { prToPatchMail, pullRequestInfo, type PullRequestInfo } from './pr-mail.js';
import { annotationsFor, COMMENT_MARKER, commentBody, conclusionOf, historyOf, pushResult, sinceLastPush, withPush, type Conclusion, type Links } from './report.js';
import { FINAL, type TaskEntry, type TaskStates } from './state.js';
import type { GithubTask } from './task.js';

export interface ProcessLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface ProcessDeps {
  /** Authenticates as the App (JWT) and as its installations. */
  readonly probot: Probot;
  readonly lock: PrLock;
  readonly states: TaskStates;
  /** The public dashboard's store (null: none). */
  readonly store: FindingStore | null;
  /** Store pull requests of private repositories there too. */
  readonly publishPrivate: boolean;
  /** Absolute URL of the dashboard (with its base path), for links; null: no links. */
  readonly publicUrl: string | null;
  /** Runs the check (in a worker thread in the service). */
  readonly check: (input: GithubCheckInput) => Promise<PatchReport>;
  readonly perRequest?: number;
  readonly log?: ProcessLog;
}

export interface TaskOutcome extends TaskEntry {
  /** The delivery was already reported (a redelivery): nothing was done. */
  readonly duplicate: boolean;
  readonly report: PatchReport | null;
  readonly conclusion: Conclusion | null;
  readonly patchId: string | null;
}

/** Dashboard id of a pull request push. */
export function prPatchId(pr: Pick<PullRequestInfo, 'owner' | 'repo' | 'number' | 'headSha'>): string {
  return `gh-${hashKey(`${pr.owner}/${pr.repo}#${pr.number}@${pr.headSha}`)}`;
}

/** The App's login (`<slug>[bot]`), asked of GitHub once per process. */
export function appLogin(probot: Probot): () => Promise<string> {
  let login: Promise<string> | null = null;
  return () => {
    login ??= (async () => {
      const octokit = (await probot.auth()) as Octo;
      const app = (await octokit.request('GET /app')).data as { slug?: string } | null;
      if (!app?.slug) throw new GithubError('comments-unavailable', 'GitHub did not say the App slug (GET /app)', true);
      return `${app.slug}[bot]`;
    })().catch((e: unknown) => {
      login = null;
      throw asGithubError(e, 'comments-unavailable', 'the App login could not be read (GET /app)');
    });
    return login;
  };
}

/** The installation's client: the event's installation, else the one installed on the repository. */
async function installationOctokit(probot: Probot, task: GithubTask): Promise<Octo> {
  let id = task.installationId;
  if (!id) {
    try {
      const app = (await probot.auth()) as Octo;
      id = (await app.rest.apps.getRepoInstallation({ owner: task.pr.owner, repo: task.pr.repo })).data.id;
    } catch (e) {
      const s = statusOf(e);
      if (s === 404) throw new GithubError('no-installation', `the App is not installed on ${task.pr.owner}/${task.pr.repo}`, false, 404);
      throw asGithubError(e, 'no-installation', `the installation of ${task.pr.owner}/${task.pr.repo} could not be looked up`);
    }
  }
  return (await probot.auth(id)) as Octo;
}

async function fetchDiff(octokit: Octo, pr: PullRequestInfo): Promise<string> {
  try {
    const r = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, mediaType: { format: 'diff' } });
    return r.data as unknown as string;
  } catch (e) {
    const s = statusOf(e);
    if (s === 406) throw new GithubError('diff-too-large', 'GitHub does not return the diff of this pull request: it is too large (HTTP 406); split it, or check the patches with `racebot check`', false, 406);
    if (s === 404) throw new GithubError('diff-not-found', 'the diff of this pull request is not there (HTTP 404)', false, 404);
    throw asGithubError(e, 'diff-unavailable', 'the diff of this pull request could not be fetched');
  }
}

/** Our summary comment: the App's own, with the marker at its start (another bot's copy is not it). */
async function findComment(octokit: Octo, pr: PullRequestInfo, login: string) {
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
    return comments.find((c) => c.user?.login === login && (c.body ?? '').startsWith(COMMENT_MARKER)) ?? null;
  } catch (e) {
    throw asGithubError(e, 'comments-unavailable', "the pull request's comments could not be read");
  }
}

function dashboardEntry(pr: PullRequestInfo, diffText: string, report: PatchReport): StoredPatch {
  const family = `gh-${hashKey(`${pr.owner}/${pr.repo}#${pr.number}`)}`;
  return {
    id: prPatchId(pr),
    source: 'github',
    receivedAt: new Date().toISOString(),
    date: pr.updatedAt,
    lists: [`github:${pr.owner}/${pr.repo}`.toLowerCase()],
    subsystem: subsystemOf(prToPatchMail(pr, diffText).diff.map((f) => f.path)),
    seriesId: family,
    seriesSubject: `${pr.owner}/${pr.repo}#${pr.number}: ${pr.title}`,
    family,
    index: null,
    total: null,
    url: pr.htmlUrl,
    report: storedReport(report),
  };
}

export interface ProcessOptions {
  /** This is the job's last attempt: complete the run whatever happens. */
  readonly final: boolean;
}

export function createProcessor(deps: ProcessDeps): (task: GithubTask, opts: ProcessOptions) => Promise<TaskOutcome> {
  const login = appLogin(deps.probot);
  const log = deps.log;
  const outcome = (e: TaskEntry, extra: Partial<TaskOutcome> = {}): TaskOutcome => ({ duplicate: false, report: null, conclusion: null, patchId: null, ...e, ...extra });

  return async (task, { final }) => {
    const id = task.deliveryId;
    const where = `${task.pr.owner}/${task.pr.repo}#${task.pr.number}`;
    const before = await deps.states.get(id);
    if (before && FINAL.includes(before.state)) return outcome(before, { duplicate: true });
    await deps.states.update(id, { state: 'running', attempts: (before?.attempts ?? 0) + 1 });

    /** A failure before any run exists: thrown while it can mend, else stated. */
    const failEarly = async (e: unknown, code: GithubError['code'], what: string): Promise<TaskOutcome> => {
      const err = asGithubError(e, code, what);
      if (err.retryable && !final) throw err;
      log?.warn('github job failed', { pr: where, delivery: id, code: err.code, reason: err.message });
      return outcome(await deps.states.update(id, { state: 'failed', code: err.code, reason: err.message }));
    };

    let octokit: Octo;
    try {
      octokit = await installationOctokit(deps.probot, task);
    } catch (e) {
      return failEarly(e, 'no-installation', `no installation for ${where}`);
    }
    let parsed: Awaited<ReturnType<typeof readRepoConfig>>;
    try {
      parsed = await readRepoConfig(octokit, task.pr.owner, task.pr.repo);
    } catch (e) {
      return failEarly(e, 'config-unreadable', `.github/racebot.yml of ${task.pr.owner}/${task.pr.repo} could not be read`);
    }
    if (!parsed || (parsed.ok && !parsed.config.enabled)) {
      return outcome(await deps.states.update(id, { state: 'skipped', code: 'not-opted-in', reason: parsed ? 'enabled: false in .github/racebot.yml' : 'no .github/racebot.yml' }));
    }
    let pr: PullRequestInfo;
    try {
      pr = task.pr.info ?? pullRequestInfo((await octokit.rest.pulls.get({ owner: task.pr.owner, repo: task.pr.repo, pull_number: task.pr.number })).data, task.pr);
    } catch (e) {
      return failEarly(e, 'pr-unreadable', `the pull request ${where} could not be read`);
    }
    if (!parsed.ok) {
      const error = parsed.error;
      try {
        const run = await octokit.rest.checks.create({
          owner: pr.owner,
          repo: pr.repo,
          name: CHECK_NAME,
          head_sha: pr.headSha,
          external_id: id,
          status: 'completed',
          conclusion: 'action_required',
          output: { title: '.github/racebot.yml is invalid', summary: `racebot did not check this pull request: .github/racebot.yml is invalid:\n\n${codeBlock(error)}` },
        });
        return outcome(await deps.states.update(id, { state: 'failed', code: 'config-invalid', reason: error, checkRunId: run.data.id }));
      } catch (e) {
        return failEarly(e, 'check-run-failed', 'the check run could not be created');
      }
    }
    const config = parsed.config;
    try {
      return await deps.lock.with(`${pr.owner}/${pr.repo}#${pr.number}`.toLowerCase(), () => report(task, octokit, pr, config, final));
    } catch (e) {
      // A lock timeout and GitHub errors keep their codes; anything else (Redis away) is retried.
      return failEarly(e, 'check-failed', `the report on ${where} failed`);
    }
  };

  async function report(task: GithubTask, octokit: Octo, pr: PullRequestInfo, config: RepoConfig, final: boolean): Promise<TaskOutcome> {
    const id = task.deliveryId;
    const { owner, repo } = pr;
    let runId = (await deps.states.get(id))?.checkRunId ?? null;
    if (!runId) {
      try {
        runId = (await octokit.rest.checks.create({ owner, repo, name: CHECK_NAME, head_sha: pr.headSha, external_id: id, status: 'in_progress', started_at: new Date().toISOString() })).data.id;
      } catch (e) {
        throw asGithubError(e, 'check-run-failed', 'the check run could not be created');
      }
      await deps.states.update(id, { checkRunId: runId });
    }
    // What is known when something fails: the run then says as much as there is.
    let checked: { report: PatchReport; conclusion: Conclusion; links: Links; detailsUrl: string | null; diffText: string } | null = null;
    let published = false;
    try {
      const diffText = await fetchDiff(octokit, pr);
      let existing: Awaited<ReturnType<typeof findComment>> = null;
      let commentError: GithubError | null = null;
      if (config.comment) {
        try {
          existing = await findComment(octokit, pr, await login());
        } catch (e) {
          commentError = asGithubError(e, 'comments-unavailable', "the pull request's comments could not be read");
        }
      }
      const history0 = historyOf(existing?.body);
      const version = history0.find((h) => h.sha === pr.headSha)?.push ?? (history0[history0.length - 1]?.push ?? 0) + 1;
      const raw = await deps.check({ pr, diffText, config, version }).catch((e: unknown) => {
        throw new GithubError('check-failed', `the check failed: ${(e as Error).message.split('\n')[0]}`, false);
      });
      const history = withPush(history0, pushResult(pr.headSha, version, raw));
      const result: PatchReport = { ...raw, sinceLastVersion: commentError ? null : sinceLastPush(history, pr.headSha) };
      // The public dashboard: never a private repository's code, title or URL unless configured.
      const publish = deps.store !== null && (!task.private || deps.publishPrivate);
      let patchId: string | null = null;
      if (publish) {
        const entry = dashboardEntry(pr, diffText, result);
        await deps.store!.put(entry).catch((e: unknown) => {
          throw asGithubError(e, 'check-failed', 'the dashboard entry could not be stored');
        });
        patchId = entry.id;
      }
      const base = deps.publicUrl;
      const links: Links = base && patchId ? { finding: (n) => base + findingPath('', patchId!, n), svg: (n) => `${base}${findingPath('', patchId!, n)}/trace.svg` } : {};
      // "Details": the first finding's page, else the push's page, else nothing (GitHub shows the run).
      const detailsUrl = base && patchId ? (result.findings.length ? base + findingPath('', patchId, 0) : base + patchPath('', patchId)) : null;
      const conclusion = conclusionOf(result, config);
      checked = { report: result, conclusion, links, detailsUrl, diffText };
      if (commentError && (commentError.retryable && !final)) throw commentError;
      const annotations = config.annotations ? annotationsFor(result, prToPatchMail(pr, diffText).diff) : [];
      await publishCheckRun(octokit, {
        owner,
        repo,
        headSha: pr.headSha,
        checkRunId: runId,
        externalId: id,
        report: result,
        conclusion: commentError ? (conclusion === 'failure' ? 'failure' : 'neutral') : conclusion,
        annotations,
        links,
        detailsUrl,
        note: commentError ? `${commentError.message}: the history of this pull request's pushes is not known and no summary comment was written.` : null,
        perRequest: deps.perRequest,
      });
      published = true;
      if (commentError) {
        log?.warn('github job failed', { pr: `${owner}/${repo}#${pr.number}`, delivery: id, code: commentError.code, reason: commentError.message });
        return outcome(await deps.states.update(id, { state: 'failed', code: commentError.code, reason: commentError.message }), { report: result, conclusion, patchId });
      }
      // Quiet: no comment for a push that touches nothing modelled, unless one is there to keep current.
      let commentId: number | null = existing?.id ?? null;
      if (config.comment && (result.findings.length > 0 || existing)) {
        // A newer push supersedes this one: its own report edits the comment.
        const head = (await octokit.rest.pulls.get({ owner, repo, pull_number: pr.number })).data.head.sha;
        if (head === pr.headSha) {
          const body = commentBody({ history, sha: pr.headSha, report: result, conclusion, checkRunUrl: `${pr.htmlUrl}/checks?check_run_id=${runId}`, links });
          try {
            if (existing) await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
            else commentId = (await octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body })).data.id;
          } catch (e) {
            throw asGithubError(e, 'comment-failed', 'the summary comment could not be written');
          }
        }
      }
      const e = await deps.states.update(id, { state: 'reported', commentId, code: null, reason: null });
      log?.info('github job reported', { pr: `${owner}/${repo}#${pr.number}`, delivery: id, conclusion, comment: commentId });
      return outcome(e, { report: result, conclusion, patchId });
    } catch (e) {
      const err = asGithubError(e, 'check-failed', 'the check failed');
      if (err.retryable && !final) throw err;
      log?.warn('github job failed', { pr: `${owner}/${repo}#${pr.number}`, delivery: id, code: err.code, reason: err.message });
      if (!published) {
        try {
          if (checked) {
            await publishCheckRun(octokit, {
              owner,
              repo,
              headSha: pr.headSha,
              checkRunId: runId,
              externalId: id,
              report: checked.report,
              conclusion: checked.conclusion === 'failure' ? 'failure' : 'neutral',
              annotations: [],
              links: checked.links,
              detailsUrl: checked.detailsUrl,
              note: `${err.message}: the history of this pull request's pushes is not known and no summary comment was written.`,
              perRequest: deps.perRequest,
            });
          } else await abandonCheckRun(octokit, { owner, repo, checkRunId: runId, code: err.code, reason: err.message });
        } catch (e2) {
          // GitHub refuses even that: the run cannot be completed from here; say so and let the job fail.
          const last = asGithubError(e2, 'check-run-failed', 'the check run could not be completed');
          await deps.states.update(id, { state: 'failed', code: last.code, reason: `${err.message}; ${last.message}` });
          throw last;
        }
      }
      return outcome(await deps.states.update(id, { state: 'failed', code: err.code, reason: err.message }), { report: checked?.report ?? null, conclusion: checked?.conclusion ?? null });
    }
  }
}
