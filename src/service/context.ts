/**
 * What every service process shares: the Redis connection, the queues with their job defaults,
 * the store, and the one way a raw message enters the pipeline (enqueueMessage), used by the
 * SMTP/LMTP listener and by `racebot ingest` alike.
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { IngestJob, QUEUES, jobIds, type QueueName } from '../../queues/schemas.js';
import type { Config } from '../config.js';
import { getHeader, parseMessageId, readHeaderBlock } from '../mail/headers.js';
import { Store } from './store.js';
import { keyOf } from './summary.js';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One JSON line a record on stderr (quiet drops info). */
export function jsonLogger(role: string, write: (s: string) => void = (s) => process.stderr.write(s), quiet = false): Logger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ t: new Date().toISOString(), level, role, msg, ...fields }) + '\n');
  return {
    info: (m, f) => {
      if (!quiet) line('info', m, f);
    },
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** How long `racebot serve` waits for one Redis command before it answers 451 / 503. */
export const SERVE_REDIS_TIMEOUT_MS = 1000;

/**
 * A Redis connection for BullMQ and the store (`maxRetriesPerRequest: null`, as BullMQ workers
 * need). `failFast` (serve, operator commands): no offline queue, and every command gives up
 * after `commandTimeoutMs`, so a Redis that hangs (not only one that is down) gets a quick answer.
 */
export function openRedis(cfg: Config, opts: { failFast?: boolean; commandTimeoutMs?: number } = {}): Redis {
  if (opts.failFast)
    return new Redis(cfg.redis.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      enableReadyCheck: true,
      commandTimeout: opts.commandTimeoutMs ?? SERVE_REDIS_TIMEOUT_MS,
      connectTimeout: 5000,
    });
  return new Redis(cfg.redis.url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Waits until the connection is ready (false after `ms`). */
export async function whenReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const t = setTimeout(() => {
      redis.off('ready', ok);
      resolve(false);
    }, ms);
    const ok = () => {
      clearTimeout(t);
      resolve(true);
    };
    redis.once('ready', ok);
  });
}

export function jobDefaults(cfg: Config, q: QueueName): JobsOptions {
  const keep = { removeOnComplete: { count: cfg.jobs.keepCompleted }, removeOnFail: { count: cfg.jobs.keepFailed } };
  if (q === 'deliver') return { ...keep, attempts: cfg.deliver.attempts, backoff: { type: 'racebot-capped', delay: cfg.deliver.backoffMs } };
  return { ...keep, attempts: cfg.jobs.attempts, backoff: { type: 'exponential', delay: cfg.jobs.backoffMs } };
}

export type Queues = Record<QueueName, Queue>;

export function openQueues(cfg: Config, connection: Redis, log: Logger = silentLogger): Queues {
  const out = {} as Queues;
  for (const q of QUEUES) {
    out[q] = new Queue(q, { connection, prefix: `${cfg.redis.prefix}:q`, defaultJobOptions: jobDefaults(cfg, q) });
    out[q].on('error', (e: Error) => log.warn('queue', { queue: q, error: e.message }));
  }
  return out;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** The key a raw message is deduplicated by: its Message-Id, else a hash of its bytes. */
export function messageKey(raw: Buffer): { key: string; messageId: string | null } {
  const block = readHeaderBlock(raw);
  const id = parseMessageId(getHeader(block.headers, 'message-id'));
  if (id) return { key: keyOf(id), messageId: id };
  return { key: 'raw' + createHash('sha1').update(raw).digest('hex').slice(0, 29), messageId: null };
}

export interface Enqueued {
  readonly key: string;
  readonly messageId: string | null;
  readonly duplicate: boolean;
  readonly jobId: string;
}

/**
 * Puts a received message on the ingest queue, once: the job id comes from the Message-Id, and a
 * `seen` marker outlives the job's retention. The marker is written after the job, so a crash
 * in between lets the next arrival through (and the ingest stage still finds the duplicate).
 */
export async function enqueueMessage(
  ctx: { readonly store: Store; readonly queues: Queues },
  raw: Buffer,
  source: string,
  opts: { readonly lists?: readonly string[]; readonly receivedAt?: number } = {},
): Promise<Enqueued> {
  const { key, messageId } = messageKey(raw);
  const jobId = jobIds.ingest(key);
  if (await ctx.store.seen(key)) return { key, messageId, duplicate: true, jobId };
  const data = IngestJob.parse({ raw: raw.toString('base64'), source, receivedAt: opts.receivedAt ?? Date.now(), lists: [...(opts.lists ?? [])] });
  await ctx.queues.ingest.add('mail', data, { jobId });
  const first = await ctx.store.markSeen(key, data.receivedAt);
  return { key, messageId, duplicate: !first, jobId };
}
