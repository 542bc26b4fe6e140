/**
 * A worker process killed with SIGKILL in the middle of a job (after the check ran, after the
 * reply's findings were claimed, before the SMTP transaction) loses no reply and sends none
 * twice: each stalled job is taken over by the next worker process and its stage is idempotent.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { REDIS_URL, cleanupPrefix, example, idle, sendRaw, spawnWorker, startSink, testConfig, uniqueId, uniquePrefix, waitFor, writeConfig, type Sink, type WorkerProcess } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('crash');
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
let redis: Redis;
let configFile: string;
const children: WorkerProcess[] = [];

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port, { worker: { lockDurationMs: 3000, stalledIntervalMs: 500 } });
  configFile = writeConfig(cfg);
  serve = await startServe(cfg, { http: false });
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await serve?.close();
  await sink?.close();
  await redis?.quit();
  await cleanupPrefix(prefix);
  if (configFile) rmSync(dirname(configFile), { recursive: true, force: true });
});

test.skipIf(!HAVE_SHARED)('a worker killed with SIGKILL mid-job leaves no lost and no duplicate reply after restart', async () => {
  const mid = uniqueId('crash');
  await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
  for (const point of ['check-after-run', 'report-after-claim', 'deliver-before-send']) {
    const w = spawnWorker(configFile, point);
    children.push(w);
    await w.ready;
    await waitFor(`the worker to reach ${point}`, async () => (await redis.get(`${prefix}:fault:${point}`)) !== null, 40000);
    w.child.kill('SIGKILL');
    await w.exited;
    expect(sink.repliesTo(mid)).toHaveLength(0);
  }
  const w = spawnWorker(configFile);
  children.push(w);
  await w.ready;
  await waitFor('the reply after the restarts', () => sink.repliesTo(mid).length > 0, 40000);
  await waitFor('the queues to drain', () => idle(serve.queues), 30000);
  expect(sink.repliesTo(mid)).toHaveLength(1);
  const msg = await serve.store.getMessage(keyOf(mid));
  expect(msg.outcome).toBe('reported');
  const entry = await serve.store.outbox.get('email', msg.reply);
  expect(entry?.state).toBe('sent');
  expect(entry?.attempts).toBe(1);
  w.child.kill('SIGTERM');
  expect(await w.exited).toBe(0);
});
