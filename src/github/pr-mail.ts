/**
 * A pull request as the PatchMail the checker reads: the PR's diff (a unified git diff, as
 * `GET /repos/{o}/{r}/pulls/{n}` returns with the diff media type), its title as the subject,
 * its body as the commit message, its author, and the push count as the version (so the
 * dashboard's history reads "push 1: introduces I3.2 -> push 2: unchanged").
 */
import { parseUnifiedDiff } from '../diff/parse.js';
import { parseTrailers } from '../mail/body.js';
import type { PatchMail } from '../mail/types.js';

/** The fields of a pull request (webhook payload or REST) the check needs; plain JSON. */
export interface PullRequestInfo {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly htmlUrl: string;
  readonly author: string;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

interface PullLike {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  user?: { login: string } | null;
  head: { sha: string; ref: string };
  base: { ref: string; repo: { name: string; owner: { login: string } | null } };
  created_at?: string | null;
  updated_at?: string | null;
}

/** The PullRequestInfo of a webhook's or the REST API's pull request object. */
export function pullRequestInfo(pr: PullLike, where?: { owner: string; repo: string }): PullRequestInfo {
  return {
    owner: where?.owner ?? pr.base.repo.owner?.login ?? '',
    repo: where?.repo ?? pr.base.repo.name,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? null,
    htmlUrl: pr.html_url,
    author: pr.user?.login ?? 'ghost',
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    createdAt: pr.created_at ?? null,
    updatedAt: pr.updated_at ?? null,
  };
}

export interface PrMailOptions {
  /** The push this is (1 for the first one checked). */
  readonly version?: number;
}

export function prMessageId(pr: PullRequestInfo): string {
  return `${pr.headSha}.pr${pr.number}.${pr.repo}.${pr.owner}@github.invalid`;
}

export function prToPatchMail(pr: PullRequestInfo, diffText: string, opts: PrMailOptions = {}): PatchMail {
  const { files, problems } = parseUnifiedDiff(diffText);
  const version = opts.version ?? 1;
  const author = { name: pr.author, address: `${pr.author}@users.noreply.github.com` };
  const tag = version > 1 ? `[PATCH v${version}]` : '[PATCH]';
  const body = pr.body ?? '';
  const date = pr.updatedAt ?? pr.createdAt;
  return {
    messageId: prMessageId(pr),
    messageIdSynthesized: true,
    inReplyTo: null,
    references: [],
    subject: `${tag} ${pr.title}`,
    normalizedSubject: pr.title.trim(),
    tags: { prefixes: ['PATCH'], version, index: null, total: null, isCover: false },
    from: author,
    author,
    to: [],
    cc: [],
    date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : null,
    dateRaw: date,
    baseCommit: null,
    trailers: parseTrailers(body),
    commitMessage: body,
    diffText,
    diff: files,
    diffProblems: problems,
    isReply: false,
    quotesDiff: false,
    autoSubmitted: null,
    rawHeaders: [
      ['Subject', `${tag} ${pr.title}`],
      ['X-GitHub-Pull-Request', pr.htmlUrl],
    ],
    body: `${body}\n---\n${diffText}`,
    attachments: [],
  };
}
