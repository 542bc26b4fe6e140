/** The Probot instance a worker authenticates with: as the App (JWT) and as its installations. */
import { Probot, ProbotOctokit } from 'probot';
import type { AppCredentials } from './settings.js';

export interface ClientOptions {
  /** GitHub API base (GitHub Enterprise Server, or a stand-in in tests). */
  readonly baseUrl?: string | null;
  /** Octokit's request throttling (default on; tests turn it off so writes are not spaced 1 s). */
  readonly throttle?: boolean;
  /** Retries of a request GitHub answered 5xx (Octokit's retry plugin; default 3, 0 turns it off). */
  readonly retries?: number;
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export function createProbot(creds: AppCredentials, o: ClientOptions = {}): Probot {
  const retries = o.retries ?? 3;
  // Probot's own defaults put `throttle` back after plain defaults: set it in a function.
  const Octokit = ProbotOctokit.defaults((opts: Record<string, unknown>) => ({
    ...opts,
    throttle: { ...(opts.throttle as object | undefined), enabled: o.throttle !== false },
    retry: { ...(opts.retry as object | undefined), enabled: retries > 0, retries },
  }));
  return new Probot({
    appId: creds.appId,
    privateKey: creds.privateKey,
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    logLevel: o.logLevel ?? 'warn',
    Octokit: Octokit as typeof ProbotOctokit,
  });
}
