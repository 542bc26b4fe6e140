/**
 * Why a GitHub job or delivery did not go as planned, with a stable `code` (logged, counted,
 * written to the job's state and to the check run) and whether trying again can help.
 */
export type GithubErrorCode =
  /** The event names no installation and none is installed on the repository. */
  | 'no-installation'
  /** `.github/racebot.yml` cannot be read (not: is absent). */
  | 'config-unreadable'
  /** The pull request cannot be read (a recheck reads its head). */
  | 'pr-unreadable'
  /** This process has no App id or private key. */
  | 'no-credentials'
  /** The private key file (PRIVATE_KEY_PATH) cannot be read. */
  | 'key-unreadable'
  /** GitHub answered 406 for the diff: more than it renders (too many files or lines). */
  | 'diff-too-large'
  /** The pull request or its diff is gone (404). */
  | 'diff-not-found'
  /** Any other failure to fetch the diff. */
  | 'diff-unavailable'
  /** The pull request's comments cannot be listed. */
  | 'comments-unavailable'
  /** The summary comment cannot be written. */
  | 'comment-failed'
  /** The check run cannot be created or completed. */
  | 'check-run-failed'
  /** Another worker holds the pull request's lock for longer than we wait. */
  | 'lock-timeout'
  /** The check itself threw. */
  | 'check-failed'
  /** A job whose data does not parse. */
  | 'bad-job';

export class GithubError extends Error {
  override readonly name = 'GithubError';
  constructor(
    readonly code: GithubErrorCode,
    message: string,
    /** Trying again later can succeed (a 5xx, a rate limit, a lock). */
    readonly retryable = false,
    /** The HTTP status GitHub answered, when there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The HTTP status of an Octokit RequestError (or anything with a numeric `status`). */
export function statusOf(e: unknown): number | null {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : null;
}

/** A 5xx, 429, or a network error (no status): worth another attempt. */
export function transient(e: unknown): boolean {
  const s = statusOf(e);
  return s === null || s >= 500 || s === 429 || s === 408;
}

/** `e` as a GithubError: kept when it is one, else wrapped with `code`. */
export function asGithubError(e: unknown, code: GithubErrorCode, what: string): GithubError {
  if (e instanceof GithubError) return e;
  const s = statusOf(e);
  return new GithubError(code, `${what}${s ? ` (HTTP ${s})` : ''}`, transient(e), s);
}
