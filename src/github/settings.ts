/**
 * The `github:` section of the service config, its environment variables, and what a process
 * can do with it. Both spellings of the environment are read: racebot's (`GITHUB_APP_ID`,
 * `GITHUB_PRIVATE_KEY`, `GITHUB_PRIVATE_KEY_PATH`, `GITHUB_WEBHOOK_SECRET`, `GITHUB_API_URL`)
 * and Probot's (`APP_ID`, `PRIVATE_KEY`, `PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`, `GHE_HOST`,
 * `GHE_PROTOCOL`); racebot's wins when both are set.
 *
 * `racebot serve` needs only the webhook secret (it verifies and queues deliveries and calls no
 * GitHub API); workers need the App id and the private key (they read, check and report).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GithubError } from './errors.js';

export const GithubSettingsSchema = z
  .object({
    /** The App's id (a number on the App's settings page). */
    appId: z
      .union([z.string(), z.number()])
      .transform((v) => String(v).trim())
      .nullable()
      .default(null),
    /** The private key (PEM), inline. */
    privateKey: z.string().nullable().default(null),
    /** Or a file holding it. */
    privateKeyPath: z.string().nullable().default(null),
    /** The webhook secret: every delivery's X-Hub-Signature-256 is checked with it. */
    webhookSecret: z.string().nullable().default(null),
    /** GitHub API base URL (GitHub Enterprise Server: https://HOST/api/v3; a stand-in in tests). */
    baseUrl: z.string().url().nullable().default(null),
    /** Where `racebot serve` takes deliveries. */
    webhookPath: z.string().startsWith('/').default('/api/github/webhooks'),
    /** Larger deliveries are refused (413) before they are read; GitHub caps payloads at 25 MB. */
    maxWebhookBytes: z.number().int().positive().default(25 * 1024 * 1024),
    /** Show pull requests of private repositories on the public dashboard (default: never stored there). */
    publishPrivate: z.boolean().default(false),
    /** Retries of a GitHub API request answered 5xx, before the job's own attempts (0: none). */
    apiRetries: z.number().int().nonnegative().default(3),
    /** Octokit's spacing of writes (GitHub's secondary rate limits); off only for a local stand-in. */
    apiThrottle: z.boolean().default(true),
    /** Longest a worker holds (and waits for) a pull request's lock, ms. */
    lockMs: z.number().int().positive().default(120_000),
  })
  .strict();

export type GithubSettings = z.infer<typeof GithubSettingsSchema>;

type Env = Readonly<Record<string, string | undefined>>;

const first = (...vs: (string | undefined)[]) => vs.find((v) => v !== undefined && v.trim() !== '');

/** The `github:` overrides the environment gives (racebot's names first, then Probot's). */
export function githubEnv(env: Env): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const appId = first(env.GITHUB_APP_ID, env.APP_ID);
  if (appId) o.appId = appId;
  const key = first(env.GITHUB_PRIVATE_KEY, env.PRIVATE_KEY);
  if (key) o.privateKey = key.replace(/\\n/g, '\n');
  const keyPath = first(env.GITHUB_PRIVATE_KEY_PATH, env.PRIVATE_KEY_PATH);
  if (keyPath) o.privateKeyPath = keyPath;
  const secret = first(env.GITHUB_WEBHOOK_SECRET, env.WEBHOOK_SECRET);
  if (secret) o.webhookSecret = secret;
  const api = first(env.GITHUB_API_URL);
  if (api) o.baseUrl = api;
  else if (first(env.GHE_HOST)) o.baseUrl = `${first(env.GHE_PROTOCOL) ?? 'https'}://${env.GHE_HOST!.trim()}/api/v3`;
  const pub = first(env.RACEBOT_GITHUB_PUBLISH_PRIVATE);
  if (pub) o.publishPrivate = /^(1|true|yes|on)$/i.test(pub.trim());
  return o;
}

export interface AppCredentials {
  readonly appId: string;
  readonly privateKey: string;
}

/** The App id and private key, or why there are none (the key file is read here). */
export function appCredentials(s: GithubSettings): { ok: true; value: AppCredentials } | { ok: false; error: GithubError } {
  const missing = [!s.appId && 'appId (GITHUB_APP_ID or APP_ID)', !s.privateKey && !s.privateKeyPath && 'privateKey (GITHUB_PRIVATE_KEY, PRIVATE_KEY or PRIVATE_KEY_PATH)'].filter(Boolean);
  if (missing.length) return { ok: false, error: new GithubError('no-credentials', `no ${missing.join(' and no ')}`) };
  if (s.privateKey) return { ok: true, value: { appId: s.appId!, privateKey: s.privateKey } };
  try {
    return { ok: true, value: { appId: s.appId!, privateKey: readFileSync(s.privateKeyPath!, 'utf8') } };
  } catch (e) {
    return { ok: false, error: new GithubError('key-unreadable', `the private key file ${s.privateKeyPath} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`) };
  }
}

/** What this configuration turns on, for the start-up log line: never a secret. */
export function describeGithub(s: GithubSettings): Record<string, unknown> {
  const creds = appCredentials(s);
  return {
    webhooks: s.webhookSecret ? `on at ${s.webhookPath}` : 'off (no webhook secret: GITHUB_WEBHOOK_SECRET or WEBHOOK_SECRET)',
    app: creds.ok ? `on (app id ${creds.value.appId}, key ${s.privateKey ? 'inline' : `from ${s.privateKeyPath}`})` : `off (${creds.error.message})`,
    api: s.baseUrl ?? 'https://api.github.com',
    maxWebhookBytes: s.maxWebhookBytes,
    publishPrivate: s.publishPrivate,
  };
}
