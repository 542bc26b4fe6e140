/**
 * The GitHub App in the service, in two halves:
 *
 * - `githubIntake` (in `racebot serve`): the webhook endpoint. It needs only the webhook secret,
 *   calls no GitHub API, and puts each delivery's job on the `github` queue (job id from the
 *   delivery id: a redelivery is not queued twice).
 * - `githubProcessor` (in `racebot worker`): runs the jobs, the check in the worker's thread
 *   pool, with a Redis lock per pull request and an entry per job (src/github/state.ts). A
 *   worker without the App id and key has no processor and takes no GitHub job: the jobs wait
 *   for a worker that can report them, and no check run is ever left open by one that cannot.
 */
import { UnrecoverableError, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { FindingStore } from '../dashboard/store.js';
import type { Logger, Queues } from '../service/context.js';
import type { ThreadPool } from '../service/pool.js';
import type { OutboxEntry } from '../channels/channel.js';
import { GithubChannel, type GithubPayload } from './channel.js';
import { createProbot } from './client.js';
import { GithubError } from './errors.js';
import { RedisPrLock } from './lock.js';
import { createProcessor } from './process.js';
import { appCredentials, describeGithub } from './settings.js';
import { RedisTaskStates } from './state.js';
import { GithubTaskSchema, type GithubTask } from './task.js';
import { createWebhookHandler } from './webhook.js';

export type Handler = ReturnType<typeof createWebhookHandler>;

/** BullMQ forbids ':' in custom ids. */
export const githubJobId = (task: Pick<GithubTask, 'deliveryId'>) => `gh-${task.deliveryId.replace(/[^A-Za-z0-9_.-]/g, '-')}`;

/** serve's webhook endpoint (answers 503 when no webhook secret is configured) and what it logs at start. */
export function githubIntake(cfg: Config, queues: Pick<Queues, 'github'>, log: Logger): { handler: Handler; enabled: boolean } {
  const g = cfg.github;
  log.info('github', describeGithub(g));
  const handler = createWebhookHandler({
    secret: g.webhookSecret,
    path: g.webhookPath,
    maxBytes: g.maxWebhookBytes,
    log,
    onTask: async (task) => {
      await queues.github.add('github-pr', task, { jobId: githubJobId(task) });
    },
  });
  return { handler, enabled: g.webhookSecret !== null };
}

export interface ProcessorContext {
  readonly cfg: Config;
  readonly redis: Redis;
  readonly findings: FindingStore;
  readonly pool: Pick<ThreadPool, 'run'>;
  readonly log: Logger;
}

/** The worker's processor of the `github` queue, or null when this worker has no App credentials. */
export function githubProcessor(ctx: ProcessorContext): Processor | null {
  const g = ctx.cfg.github;
  const creds = appCredentials(g);
  ctx.log.info('github', describeGithub(g));
  if (!creds.ok) {
    if (creds.error.code !== 'no-credentials' || g.appId || g.privateKey || g.privateKeyPath) ctx.log.warn('github jobs are left to other workers', { code: creds.error.code, reason: creds.error.message });
    return null;
  }
  const prefix = `${ctx.cfg.redis.prefix}:gh`;
  const process = createProcessor({
    probot: createProbot(creds.value, { baseUrl: g.baseUrl, throttle: g.apiThrottle, retries: g.apiRetries }),
    lock: new RedisPrLock(ctx.redis, prefix, g.lockMs),
    states: new RedisTaskStates(ctx.redis, prefix),
    store: ctx.findings,
    publishPrivate: g.publishPrivate,
    publicUrl: ctx.cfg.serve.publicUrl ? ctx.cfg.serve.publicUrl.replace(/\/+$/, '') : null,
    check: (input) => ctx.pool.run({ kind: 'github-check', input: { ...input, maxStates: ctx.cfg.check.maxStates, maxMs: ctx.cfg.check.maxMs } }),
    log: ctx.log,
  });
  // One outbox entry per delivery, delivered by the GitHub channel (src/github/channel.ts);
  // BullMQ's attempts are the entry's retries, its job id (from the delivery id) the idempotency key.
  return async (job) => {
    const parsed = GithubTaskSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(new GithubError('bad-job', `a github job whose data does not parse: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`).message);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const channel = new GithubChannel((task, last) => process(task, { final: last }), () => final);
    const [draft] = await channel.draftsFor(parsed.data, { canReport: true });
    if (!draft) return { entry: null, state: 'dropped' };
    const entry: OutboxEntry<GithubPayload> = { ...draft, channel: channel.name, state: 'sending', attempts: job.attemptsMade + 1, lastError: null, errorClass: null, createdAt: job.timestamp, sentAt: null, receipt: null };
    try {
      const { receipt } = await channel.deliver(entry);
      return { entry: draft.id, state: 'sent', receipt };
    } catch (e) {
      // Transient with attempts left: BullMQ tries again. Else the entry is failed, with the reason.
      if (channel.classify(e) === 'transient' && !final) throw e;
      throw new UnrecoverableError((e as Error).message);
    }
  };
}
