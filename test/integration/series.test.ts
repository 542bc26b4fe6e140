/**
 * A series waits for its parts: checked as soon as the last part arrives (the delayed check job
 * is promoted), long before the deadline; a part that arrives after the check is checked again
 * with the rest.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, example, idle, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('series');
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;

beforeAll(async () => {
  sink = await startSink();
  // A deadline far beyond the test's timeouts: only the last part's arrival can start the check.
  cfg = testConfig(prefix, sink.port, { series: { waitSeconds: 3600 } });
  serve = await startServe(cfg, { http: false });
  worker = await startWorker(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

test.skipIf(!HAVE_SHARED)('a series is checked when its last part arrives, parts in order', async () => {
  const cover = uniqueId('cover');
  const p1 = uniqueId('p1');
  const p2 = uniqueId('p2');
  const part = (id: string, n: number, subject: string) =>
    example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: id, to: 'linux-mm@kvack.org', inReplyTo: cover, references: `<${cover}>`, subject: `[PATCH v2 ${n}/2] ${subject}` });
  // 2/2 first: it waits.
  await sendRaw(serve.smtpPort, part(p2, 2, 'uprobes: allow for a cache flush after ixol breakpoint creation'));
  await waitFor('2/2 to wait', async () => (await serve.store.getMessage(keyOf(p2))).state === 'waiting', 30000);
  await waitFor('the queues to settle', async () => {
    const c = await serve.queues.check.getJobCounts('delayed', 'waiting', 'active');
    const i = await serve.queues.ingest.getJobCounts('waiting', 'active');
    return c.delayed === 1 && c.waiting === 0 && c.active === 0 && i.waiting === 0 && i.active === 0;
  }, 30000);
  expect(sink.received).toHaveLength(0);
  await sendRaw(serve.smtpPort, part(p1, 1, 'uprobes: flush the I-cache of XOL slots'));
  await waitFor('both outcomes', async () => (await serve.store.getMessage(keyOf(p1))).outcome && (await serve.store.getMessage(keyOf(p2))).outcome, 30000);
  const r1 = await serve.store.getReport(keyOf(p1));
  const r2 = await serve.store.getReport(keyOf(p2));
  // One check of the whole series; 1/2 fixes the race, 2/2 is checked on top of it.
  expect(r1?.check).toBe(r2?.check);
  expect(r1?.report.findings.map((f) => f.delta)).toEqual(['fixes']);
  await waitFor('the reply to 1/2', () => sink.repliesTo(p1).length === 1, 30000);
  await waitFor('the queues to drain', () => idle(serve.queues), 30000);
  expect(sink.repliesTo(p1)).toHaveLength(1);
});
