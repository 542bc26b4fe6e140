/**
 * `racebot serve`: the SMTP (or LMTP) listener the list's mail is delivered to, and HTTP with
 * /healthz and /metrics. A message is accepted (250) only once it is on the ingest queue in
 * Redis: if Redis is away the sender gets a temporary failure (451) and tries again later.
 * Nothing CPU-heavy runs here: the workers parse and check.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Config } from '../config.js';
import { bareAddress } from '../config.js';
import { SERVE_REDIS_TIMEOUT_MS, closeQueues, enqueueMessage, openQueues, openRedis, silentLogger, whenReady, type Logger, type Queues } from './context.js';
import { Metrics, startHttp, type HttpHandle } from './metrics.js';
import { dashboardHandler, findingStore } from './faces.js';
import { githubIntake } from '../github/service.js';
import { Store } from './store.js';

export interface ServeHandle {
  readonly smtpPort: number;
  readonly http: HttpHandle | null;
  readonly queues: Queues;
  readonly store: Store;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly log?: Logger;
  /** Start the HTTP side (default true). */
  readonly http?: boolean;
  /** How long to wait for Redis at start-up before listening anyway (default 5 s). */
  readonly redisWaitMs?: number;
  /** How long one Redis command may take before the answer is 451 (SMTP) or 503 (/healthz). */
  readonly redisTimeoutMs?: number;
}

/** `p`, or a rejection after `ms` (so no answer waits on a hung dependency). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

export async function startServe(cfg: Config, opts: ServeOptions = {}): Promise<ServeHandle> {
  const log = opts.log ?? silentLogger;
  // Fail fast: while Redis is away or hangs the SMTP client gets 451 and retries, instead of hanging.
  const timeoutMs = opts.redisTimeoutMs ?? SERVE_REDIS_TIMEOUT_MS;
  const redis = openRedis(cfg, { failFast: true, commandTimeoutMs: timeoutMs });
  redis.on('error', (e: Error) => log.warn('redis', { error: e.message }));
  if (!(await whenReady(redis, opts.redisWaitMs ?? 5000))) log.error('redis is not reachable; answering 451 until it is', { url: cfg.redis.url });
  const store = new Store(redis, cfg.redis.prefix, cfg.store.retentionDays);
  const queues = openQueues(cfg, redis, log);
  const metrics = new Metrics('serve', queues);
  const allowed = new Set(cfg.serve.smtp.recipients.map(bareAddress));
  const transport = cfg.serve.smtp.lmtp ? 'lmtp' : 'smtp';

  const server = new SMTPServer({
    lmtp: cfg.serve.smtp.lmtp,
    name: 'racebot',
    banner: 'racebot patch review bot',
    size: cfg.serve.smtp.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (allowed.size && !allowed.has(address.address.toLowerCase())) {
        metrics.refused.inc({ reason: 'recipient' });
        return cb(Object.assign(new Error(`5.1.1 <${address.address}>: no such recipient here`), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => cb(e));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          metrics.refused.inc({ reason: 'size' });
          return cb(Object.assign(new Error('5.3.4 message too big for racebot'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        const peer = session.remoteAddress ?? 'unknown';
        within(enqueueMessage({ store, queues }, raw, `${transport}:${peer}`), 3 * timeoutMs, 'redis').then(
          (r) => {
            metrics.received.inc({ transport });
            if (r.duplicate) metrics.duplicates.inc();
            log.info('received', { messageId: r.messageId, duplicate: r.duplicate, job: r.jobId });
            cb(null, r.duplicate ? `2.0.0 already have ${r.messageId ?? r.key}` : `2.0.0 queued as ${r.jobId}`);
          },
          (e: unknown) => {
            log.error('could not queue a message', { error: String(e) });
            metrics.refused.inc({ reason: 'queue' });
            cb(Object.assign(new Error('4.3.0 racebot cannot queue the message now, try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on('error', (e) => log.error('smtp server error', { error: e.message }));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(cfg.serve.smtp.port, cfg.serve.smtp.host, () => resolve());
  });
  const smtpPort = (server.server.address() as AddressInfo).port;
  // The dashboard and the GitHub App's webhooks on the same HTTP port; a PR's check is queued
  // for the workers, like a mailed patch (src/github/service.ts).
  const findings = findingStore(cfg, redis);
  const intake = githubIntake(cfg, queues, log);
  const github = intake.enabled ? intake : null;
  const mounted = [intake.handler, dashboardHandler(cfg, findings, store)];
  const http =
    opts.http === false
      ? null
      : await startHttp(
          cfg.serve.http.host,
          cfg.serve.http.port,
          metrics,
          () =>
            within(
              (async () => {
                const pong = await redis.ping();
                const waiting = await queues.ingest.getWaitingCount();
                return { ok: pong === 'PONG', redis: pong, smtp: { port: smtpPort, transport }, ingestWaiting: waiting, github: github !== null };
              })(),
              timeoutMs,
              'redis',
            ),
          mounted,
        );
  log.info('listening', { smtp: `${cfg.serve.smtp.host}:${smtpPort}`, transport, http: http ? `${cfg.serve.http.host}:${http.port}` : null });
  let closed = false;
  return {
    smtpPort,
    http,
    queues,
    store,
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await http?.close();
      await closeQueues(queues);
      await redis.quit().catch(() => undefined);
    },
  };
}
