/** Prometheus metrics (prom-client, one registry per process role) and the small HTTP server for /metrics and /healthz. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { QUEUES, type QueueName } from '../../queues/schemas.js';

export class Metrics {
  readonly registry = new Registry();
  readonly received = new Counter({ name: 'racebot_mail_received_total', help: 'Messages received', labelNames: ['transport'], registers: [this.registry] });
  readonly duplicates = new Counter({ name: 'racebot_mail_duplicate_total', help: 'Messages received again (same Message-Id)', registers: [this.registry] });
  readonly refused = new Counter({ name: 'racebot_mail_refused_total', help: 'Messages the listener refused', labelNames: ['reason'], registers: [this.registry] });
  readonly jobs = new Counter({ name: 'racebot_jobs_total', help: 'Jobs processed', labelNames: ['queue', 'result'], registers: [this.registry] });
  readonly stage = new Histogram({ name: 'racebot_stage_seconds', help: 'Time a job of a stage took', labelNames: ['queue'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  readonly replyLatency = new Histogram({ name: 'racebot_reply_latency_seconds', help: 'From receipt of a patch to its reply accepted by the SMTP server', buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600], registers: [this.registry] });
  readonly sent = new Counter({ name: 'racebot_replies_sent_total', help: 'Replies accepted by the SMTP server', labelNames: ['kind'], registers: [this.registry] });
  readonly smtpErrors = new Counter({ name: 'racebot_smtp_errors_total', help: 'Refused or failed SMTP deliveries', labelNames: ['class'], registers: [this.registry] });
  readonly outboxUncertain = new Counter({ name: 'racebot_outbox_uncertain_total', help: 'Outbox entries found mid-delivery after a process died (resent, or left uncertain)', labelNames: ['channel', 'action'], registers: [this.registry] });
  readonly outboxFailed = new Counter({ name: 'racebot_outbox_failed_total', help: 'Outbox entries that failed for good (permanent: refused at once; transient: out of attempts)', labelNames: ['channel', 'class'], registers: [this.registry] });
  readonly treeFetches = new Counter({ name: 'racebot_kernel_tree_fetches_total', help: 'Fetches of the kernel clone the bases are read from', labelNames: ['result'], registers: [this.registry] });
  readonly outcomes = new Counter({ name: 'racebot_outcomes_total', help: 'Recorded outcomes of messages', labelNames: ['outcome'], registers: [this.registry] });

  constructor(role: string, queues?: Record<QueueName, Queue>) {
    this.registry.setDefaultLabels({ role });
    collectDefaultMetrics({ register: this.registry });
    if (queues) {
      const reg = this.registry;
      new Gauge({
        name: 'racebot_queue_jobs',
        help: 'Jobs in each queue by state',
        labelNames: ['queue', 'state'],
        registers: [reg],
        async collect() {
          for (const q of QUEUES) {
            const c = await queues[q].getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children');
            for (const [state, n] of Object.entries(c)) this.set({ queue: q, state }, n);
          }
        },
      });
    }
  }
}

export interface HttpHandle {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** GET /healthz (200 when `health` says ok, else 503) and GET /metrics. */
/** A mounted HTTP handler (dashboard, GitHub webhooks): resolves false when the path is not its own. */
export type MountedHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export async function startHttp(host: string, port: number, metrics: Metrics, health: () => Promise<Record<string, unknown> & { ok: boolean }>, mounted: readonly MountedHandler[] = []): Promise<HttpHandle> {
  const server = createServer((req, res) => {
    void serveRequest(req, res);
  });
  const serveRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const h of mounted) {
      try {
        if (await h(req, res)) return;
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`racebot: ${String(e)}\n`);
        return;
      }
    }
    builtin(req, res);
  };
  const builtin = (req: IncomingMessage, res: ServerResponse): void => {
    const url = (req.url ?? '/').split('?')[0];
    const done = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'text/plain', 'method not allowed\n');
    if (url === '/healthz') {
      health().then(
        (h) => done(h.ok ? 200 : 503, 'application/json', JSON.stringify(h) + '\n'),
        (e: unknown) => done(503, 'application/json', JSON.stringify({ ok: false, error: String(e) }) + '\n'),
      );
      return;
    }
    if (url === '/metrics') {
      metrics.registry.metrics().then(
        (m) => done(200, metrics.registry.contentType, m),
        (e: unknown) => done(500, 'text/plain', String(e)),
      );
      return;
    }
    done(404, 'text/plain', 'racebot: /healthz, /metrics\n');
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
