/**
 * The email channel's outbox against a real SMTP server: a permanent refusal (5xx) fails the
 * entry at once with its reason and is counted, a temporary one (4xx) is retried (deliver.test.ts);
 * a reply cancelled by the kill switch while it waited for its embargo leaves the outcome
 * `reply-cancelled`, not `reported`.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { TEST_SUBSYSTEMS, cleanupPrefix, example, sendRaw, testConfig, uniqueId, uniquePrefix, waitFor } from './helpers.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

const prefix = uniquePrefix('outbox');
let peer: SmtpPeer;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;

// Replies wait 2 s (the embargo), time enough to pull the kill switch in between.
const SUBSYSTEMS = { ...TEST_SUBSYSTEMS, subsystems: TEST_SUBSYSTEMS.subsystems!.map((s) => (s.name === 'mm' ? { ...s, embargo: 2 } : s)) };

beforeAll(async () => {
  peer = await startSmtpPeer();
  cfg = testConfig(prefix, peer.port, { deliver: { attempts: 20, backoffMs: 100, backoffMaxMs: 400 } }, SUBSYSTEMS);
  serve = await startServe(cfg, { http: false });
  worker = await startWorker(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await peer?.close();
  await cleanupPrefix(prefix);
});

const message = async (mid: string) => serve.store.getMessage(keyOf(mid));

test('a permanent SMTP refusal (550) fails the entry at once, with the reason, counted; not retried', async () => {
  peer.refuse(550, 1);
  const mid = uniqueId('perm');
  await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
  const reply = await waitFor('the outbox entry', async () => (await message(mid)).reply, 30000);
  const entry = await waitFor('the entry to fail', async () => {
    const e = await serve.store.outbox.get('email', reply);
    return e?.state === 'failed' && e;
  }, 30000);
  expect(entry).toMatchObject({ attempts: 1, errorClass: 'permanent' });
  expect(entry.lastError).toMatch(/550/);
  const job = await waitFor('the failed job', async () => (await serve.queues.deliver.getFailed()).find((j) => j.id === `d-${reply}`), 10000);
  expect(job.attemptsMade).toBe(1);
  expect(job.failedReason).toMatch(/permanent: .*550/);
  expect(await message(mid)).toMatchObject({ outcome: 'reply-failed' });
  expect((await message(mid)).reason).toMatch(/550/);
  const m = await worker.ctx.metrics.registry.getSingleMetricAsString('racebot_outbox_failed_total');
  expect(m).toMatch(/racebot_outbox_failed_total\{channel="email",class="permanent"[^}]*\} 1/);
  expect(peer.received).toHaveLength(0);
});

test('a reply the kill switch cancels while it waits says so in the outcome', async () => {
  const mid = uniqueId('cancel');
  await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
  const reply = await waitFor('the reply to be queued', async () => (await message(mid)).outcome === 'reported' && (await message(mid)).reply, 30000);
  expect((await serve.store.outbox.get('email', reply))?.state).toBe('pending');
  await serve.store.redis.set(serve.store.k('killswitch'), '1');
  try {
    await waitFor('the cancelled outcome', async () => (await message(mid)).outcome === 'reply-cancelled', 30000);
    expect(await message(mid)).toMatchObject({ outcome: 'reply-cancelled', reason: 'kill switch', reply });
    expect(await serve.store.outbox.get('email', reply)).toMatchObject({ state: 'cancelled', lastError: 'kill switch', attempts: 0 });
    expect(peer.received.filter((r) => r.mail.inReplyTo === `<${mid}>`)).toHaveLength(0);
  } finally {
    await serve.store.redis.del(serve.store.k('killswitch'));
  }
});
