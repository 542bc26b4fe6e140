/**
 * racebot as a GitHub App in one process: the webhook endpoint (src/github/webhook.ts) and the
 * job processor (src/github/process.ts) wired together, the job run in process unless
 * `submitCheck` queues it. `racebot serve` and `racebot worker` use the two halves apart
 * (src/github/service.ts); this is the App for tests and for embedding.
 *
 * On `pull_request` opened / synchronize / reopened, and on a `/racebot recheck` comment on a
 * pull request, a job is made; processing it reads `.github/racebot.yml` (opt-in), creates the
 * check run, fetches the diff, checks it and reports: the run completed (conclusion, summary with
 * the diagram and the SVG, annotations 50 per request) and one summary comment edited in place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Probot } from 'probot';
import type { PatchReport } from '../check/check.js';
import type { FindingStore } from '../dashboard/store.js';
import { runGithubCheck, type GithubCheckInput } from './check.js';
import { createProbot, type ClientOptions } from './client.js';
import { MemoryPrLock, RedisPrLock, type PrLock } from './lock.js';
import { createProcessor, type ProcessLog, type TaskOutcome } from './process.js';
import { MemoryTaskStates, RedisTaskStates, type TaskStates } from './state.js';
import type { GithubTask } from './task.js';
import { createWebhookHandler, DEFAULT_WEBHOOK_PATH, type WebhookLog } from './webhook.js';

export { CHECK_NAME, publishCheckRun, type Octo, type PublishCheckRun } from './check-run.js';
export { prPatchId } from './process.js';
export { RECHECK } from './task.js';
export const CONFIG_FILE = 'racebot.yml';

export interface GithubAppOptions extends ClientOptions {
  readonly appId: number | string;
  /** The App's private key (PEM). */
  readonly privateKey: string;
  /** The webhook secret: every delivery's X-Hub-Signature-256 is verified with it. */
  readonly secret: string;
  /** Default `/api/github/webhooks`. */
  readonly webhooksPath?: string;
  /** Larger deliveries are refused before they are read (default 25 MB). */
  readonly maxWebhookBytes?: number;
  /** Where a job goes (e.g. a queue). Default: processed in this process. */
  readonly submitCheck?: (task: GithubTask) => Promise<void>;
  /** Record results for the dashboard. */
  readonly store?: FindingStore | null;
  /** Store private repositories' pull requests there too (default false). */
  readonly publishPrivate?: boolean;
  /** Absolute URL of the dashboard (links and the SVG image in the check run and the comment). */
  readonly publicUrl?: string | null;
  /** Dashboard mount point under publicUrl (default ''). */
  readonly dashboardBasePath?: string;
  /** Budgets of the exploration. */
  readonly check?: { readonly maxStates?: number | null; readonly maxMs?: number | null };
  /** Annotations per create/update request (GitHub's limit, 50, unless lower). */
  readonly annotationsPerRequest?: number;
  /** Redis for the per-PR lock and the jobs' entries (shared by processes); default: in memory. */
  readonly redis?: { readonly client: Redis; readonly prefix: string; readonly lockMs?: number } | null;
  readonly log?: ProcessLog & WebhookLog;
}

export interface GithubApp {
  readonly probot: Probot;
  /** Node request handler: answers `webhooksPath`, returns false for any other path. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Run a job to its end (what a worker calls); `final`: the job's last attempt (default true). */
  processJob(task: GithubTask, opts?: { final?: boolean }): Promise<TaskOutcome>;
  /** The check alone (no I/O). */
  runCheck(input: GithubCheckInput): PatchReport;
  /** Resolves when the jobs this process started (default submitCheck) are done. */
  idle(): Promise<void>;
}

export async function createGithubApp(options: GithubAppOptions): Promise<GithubApp> {
  const probot = createProbot({ appId: String(options.appId), privateKey: options.privateKey }, options);
  const publicUrl = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') + (options.dashboardBasePath ?? '').replace(/\/+$/, '') : null;
  const lock: PrLock = options.redis ? new RedisPrLock(options.redis.client, `${options.redis.prefix}:gh`, options.redis.lockMs) : new MemoryPrLock();
  const states: TaskStates = options.redis ? new RedisTaskStates(options.redis.client, `${options.redis.prefix}:gh`) : new MemoryTaskStates();
  const runCheck = (input: GithubCheckInput) => runGithubCheck({ maxStates: options.check?.maxStates, maxMs: options.check?.maxMs, ...input });
  const process = createProcessor({
    probot,
    lock,
    states,
    store: options.store ?? null,
    publishPrivate: options.publishPrivate ?? false,
    publicUrl,
    check: async (input) => runCheck(input),
    perRequest: options.annotationsPerRequest,
    log: options.log,
  });
  const inFlight = new Set<Promise<unknown>>();
  const submit =
    options.submitCheck ??
    (async (task: GithubTask) => {
      // The delivery is answered at once; the job runs after it.
      const p = process(task, { final: true }).catch((e: unknown) => options.log?.warn('github job failed', { delivery: task.deliveryId, error: (e as Error).message }));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    });
  const handler = createWebhookHandler({ secret: options.secret, path: options.webhooksPath ?? DEFAULT_WEBHOOK_PATH, maxBytes: options.maxWebhookBytes ?? 25 * 1024 * 1024, onTask: submit, log: options.log });
  return {
    probot,
    handler,
    processJob: (task, o = {}) => process(task, { final: o.final ?? true }),
    runCheck,
    idle: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
