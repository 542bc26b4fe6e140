/**
 * A GitHub job: what a webhook delivery asks for, as plain JSON (a BullMQ job's data), and the
 * payloads it is read from, validated with zod. A delivery whose payload lacks what its event and
 * action must carry is a 400, never a TypeError.
 */
import { z } from 'zod';
import { pullRequestInfo, type PullRequestInfo } from './pr-mail.js';

export const RECHECK = /^\s*\/racebot\s+recheck\b/m;
export const PR_ACTIONS = ['opened', 'synchronize', 'reopened'] as const;
export type Trigger = (typeof PR_ACTIONS)[number] | 'recheck';

const Login = z.object({ login: z.string().min(1) });
const Repository = z.object({
  name: z.string().min(1),
  owner: Login,
  private: z.boolean().default(false),
  html_url: z.string().optional(),
  default_branch: z.string().optional(),
});
const Installation = z.object({ id: z.number().int().positive() }).nullish();
const PullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string().min(1),
  user: Login.nullish(),
  head: z.object({ sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a commit sha'), ref: z.string() }),
  base: z.object({ ref: z.string(), repo: z.object({ name: z.string(), owner: Login.nullable() }) }),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

export const PullRequestEvent = z.object({ action: z.string(), pull_request: PullRequest, repository: Repository, installation: Installation });
export const IssueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).passthrough().nullish() }),
  comment: z.object({ body: z.string().nullish(), user: z.object({ login: z.string(), type: z.string() }).nullish() }),
  repository: Repository,
  installation: Installation,
});

const PullRequestInfoSchema: z.ZodType<PullRequestInfo> = z.object({
  owner: z.string(),
  repo: z.string(),
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable(),
  htmlUrl: z.string(),
  author: z.string(),
  headSha: z.string(),
  headRef: z.string(),
  baseRef: z.string(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** A name from a header or a payload, fit to be repeated in an answer or a log line. */
const tame = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '?').slice(0, 40);

/** The job a delivery becomes. */
export const GithubTaskSchema = z.object({
  kind: z.literal('github-pr'),
  deliveryId: z.string().min(1),
  trigger: z.enum([...PR_ACTIONS, 'recheck']),
  /** From the event; null: looked up by the repository when the job runs. */
  installationId: z.number().int().positive().nullable(),
  /** The repository is private: its findings stay off the public dashboard unless configured. */
  private: z.boolean(),
  pr: z.object({
    owner: z.string().min(1),
    repo: z.string().min(1),
    number: z.number().int().positive(),
    /** The pull request as the event gave it; null for a recheck (read when the job runs). */
    info: PullRequestInfoSchema.nullable(),
  }),
  queuedAt: z.string(),
});
export type GithubTask = z.infer<typeof GithubTaskSchema>;

export type Parsed =
  | { readonly kind: 'task'; readonly task: GithubTask }
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'invalid'; readonly why: string };

function invalid(event: string, e: z.ZodError): Parsed {
  // Which fields are missing or wrong, never their values.
  const fields = [...new Set(e.issues.map((i) => i.path.join('.') || '(top)'))].slice(0, 5);
  return { kind: 'invalid', why: `a ${event} event without a valid ${fields.join(', ')}` };
}

/** The job a delivery asks for, that it is ignored (and why), or that it is invalid (and where). */
export function parseDelivery(event: string, deliveryId: string, payload: unknown, now = new Date()): Parsed {
  const head = z.object({ action: z.string().optional() }).passthrough().safeParse(payload);
  if (!head.success) return { kind: 'invalid', why: `a ${tame(event)} event whose payload is not an object` };
  const action = head.data.action;
  if (event === 'ping') return { kind: 'ignored', why: 'ping' };
  if (event === 'pull_request') {
    if (!action) return { kind: 'invalid', why: 'a pull_request event without an action' };
    if (!(PR_ACTIONS as readonly string[]).includes(action)) return { kind: 'ignored', why: `pull_request.${tame(action)}` };
    const p = PullRequestEvent.safeParse(payload);
    if (!p.success) return invalid(`pull_request.${action}`, p.error);
    const { repository: r, pull_request: pr } = p.data;
    const info = pullRequestInfo(pr, { owner: r.owner.login, repo: r.name });
    return {
      kind: 'task',
      task: { kind: 'github-pr', deliveryId, trigger: action as Trigger, installationId: p.data.installation?.id ?? null, private: r.private, pr: { owner: info.owner, repo: info.repo, number: info.number, info }, queuedAt: now.toISOString() },
    };
  }
  if (event === 'issue_comment') {
    if (action !== 'created') return { kind: 'ignored', why: `issue_comment.${action ? tame(action) : '(no action)'}` };
    const c = IssueCommentEvent.safeParse(payload);
    if (!c.success) return invalid('issue_comment.created', c.error);
    const { issue, comment, repository: r } = c.data;
    if (!issue.pull_request) return { kind: 'ignored', why: 'a comment on an issue, not a pull request' };
    if (!RECHECK.test(comment.body ?? '')) return { kind: 'ignored', why: 'a comment without /racebot recheck' };
    if (comment.user?.type === 'Bot') return { kind: 'ignored', why: 'a comment by a bot' };
    return {
      kind: 'task',
      task: { kind: 'github-pr', deliveryId, trigger: 'recheck', installationId: c.data.installation?.id ?? null, private: r.private, pr: { owner: r.owner.login, repo: r.name, number: issue.number, info: null }, queuedAt: now.toISOString() },
    };
  }
  return { kind: 'ignored', why: `${tame(event)} events are not used` };
}
