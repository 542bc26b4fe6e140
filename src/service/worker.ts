/**
 * `racebot worker`: BullMQ workers for the four stages in one process, with a thread pool for
 * the CPU-heavy parts. Run any number of them, on any number of machines sharing one Redis.
 */
import { DelayedError, Worker, type Processor } from 'bullmq';
import { checkProcessor } from '../../queues/check.js';
import { deliverProcessor } from '../../queues/deliver.js';
import { ingestProcessor } from '../../queues/ingest.js';
import { reportProcessor } from '../../queues/report.js';
import { QUEUES, type QueueName } from '../../queues/schemas.js';
import type { Config } from '../config.js';
import { EmailChannel } from '../channels/email/channel.js';
import { createMailer } from '../deliver/smtp.js';
import { closeQueues, openQueues, openRedis, silentLogger, type Logger } from './context.js';
import { Faults } from './faults.js';
import { Metrics, startHttp, type HttpHandle } from './metrics.js';
import { findingStore, githubApp } from './faces.js';
import { ThreadPool } from './pool.js';
import { TreeRefresher } from '../tree/refresher.js';
import { Store } from './store.js';
import type { WorkerCtx } from './worker-context.js';

export interface WorkerHandle {
  readonly ctx: WorkerCtx;
  readonly http: HttpHandle | null;
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly log?: Logger;
  /** Fault points (default RACEBOT_FAULTS). */
  readonly faults?: string;
  /** Only these stages (default all). */
  readonly stages?: readonly QueueName[];
}

/** Capped exponential backoff with jitter for SMTP refusals. */
export function cappedBackoff(cfg: Config) {
  return (attemptsMade: number) => {
    const base = Math.min(cfg.deliver.backoffMaxMs, cfg.deliver.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(base * (0.8 + 0.4 * Math.random()));
  };
}

export async function startWorker(cfg: Config, opts: WorkerOptions = {}): Promise<WorkerHandle> {
  const log = opts.log ?? silentLogger;
  const redis = openRedis(cfg);
  const store = new Store(redis, cfg.redis.prefix, cfg.store.retentionDays);
  const queues = openQueues(cfg, redis, log);
  const metrics = new Metrics('worker');
  const pool = new ThreadPool(cfg.worker.threads);
  const mailer = createMailer(cfg);
  const findings = findingStore(cfg, redis);
  const email = new EmailChannel({ cfg, mailer, killSwitch: () => store.killSwitch(), optedOut: () => store.optedOut() });
  const ctx: WorkerCtx = { cfg, redis, store, queues, pool, metrics, log, faults: new Faults(opts.faults ?? process.env.RACEBOT_FAULTS, store), mailer, email, findings };
  const github = await githubApp(cfg, findings);
  // null without the App's credentials: this worker then takes no GitHub job (src/github/service.ts).
  const githubJobs = github.processor(ctx);
  const processors: Record<QueueName, Processor> = {
    ingest: ingestProcessor(ctx),
    check: checkProcessor(ctx),
    report: reportProcessor(ctx),
    deliver: deliverProcessor(ctx),
    github: githubJobs ?? (async () => undefined),
  };
  const backoff = cappedBackoff(cfg);
  const workers: Worker[] = [];
  for (const q of (opts.stages ?? QUEUES).filter((s) => s !== 'github' || githubJobs)) {
    const p = processors[q];
    const w = new Worker(
      q,
      async (job, token) => {
        const end = metrics.stage.startTimer({ queue: q });
        try {
          const r = await p(job, token);
          metrics.jobs.inc({ queue: q, result: 'completed' });
          return r;
        } catch (e) {
          if (e instanceof DelayedError) {
            metrics.jobs.inc({ queue: q, result: 'delayed' });
            throw e;
          }
          metrics.jobs.inc({ queue: q, result: 'failed' });
          log.warn('job failed', { queue: q, job: job.id, attempt: job.attemptsMade + 1, error: (e as Error).message });
          throw e;
        } finally {
          end();
        }
      },
      {
        connection: redis,
        prefix: `${cfg.redis.prefix}:q`,
        concurrency: cfg.worker.concurrency[q],
        lockDuration: cfg.worker.lockDurationMs,
        stalledInterval: cfg.worker.stalledIntervalMs,
        maxStalledCount: cfg.worker.maxStalledCount,
        settings: { backoffStrategy: (attemptsMade: number) => backoff(attemptsMade) },
      },
    );
    w.on('error', (e) => log.error('worker error', { queue: q, error: e.message }));
    workers.push(w);
  }
  // The kernel clone the check threads read bases from, fetched on a timer (never by a check).
  const refresher = cfg.kernel.tree && cfg.kernel.fetchInterval > 0
    ? new TreeRefresher(cfg.kernel.tree, {
        intervalMs: cfg.kernel.fetchInterval * 1000,
        remote: cfg.kernel.remote,
        log: (m) => log.warn('kernel tree fetch failed', { tree: cfg.kernel.tree, error: m }),
        onFetch: (r) => metrics.treeFetches.inc({ result: r.ok ? 'ok' : r.code }),
      }).start()
    : null;
  await Promise.all([pool.warm(), ...workers.map((w) => w.waitUntilReady())]);
  const http = cfg.worker.http.port
    ? await startHttp(cfg.worker.http.host, cfg.worker.http.port, metrics, async () => ({ ok: (await redis.ping()) === 'PONG', workers: workers.map((w) => ({ queue: w.name, running: w.isRunning() })) }))
    : null;
  log.info('worker started', { prefix: cfg.redis.prefix, threads: pool.size, stages: opts.stages ?? QUEUES, kernelTree: cfg.kernel.tree, treeFetchSeconds: refresher ? cfg.kernel.fetchInterval : 0 });
  let closed = false;
  return {
    ctx,
    http,
    async close() {
      if (closed) return;
      closed = true;
      await refresher?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await http?.close();
      await closeQueues(queues);
      await pool.close();
      mailer.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
