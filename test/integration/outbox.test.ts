/**
 * The email channel's outbox against a real SMTP server: a permanent refusal (5xx) fails the
 * entry at once with its reason and is counted, a temporary one (4xx) is retried (deliver.test.ts);
 * a reply cancelled by the kill switch while it waited for its embargo leaves the outcome
 * `reply-cancelled`, not `reported`.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HAVE_SHARED } from '../helpers/shared.js';
import { main } from '../../src/cli.js';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { TEST_SUBSYSTEMS, cleanupPrefix, example, sendRaw, testConfig, uniqueId, uniquePrefix, waitFor, writeConfig } from './helpers.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

const prefix = uniquePrefix('outbox');
let peer: SmtpPeer;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;
let configFile: string;

async function racebot(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'racebot', ...args, '--config', configFile], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

// Replies wait 2 s (the embargo), time enough to pull the kill switch in between.
const SUBSYSTEMS = { ...TEST_SUBSYSTEMS, subsystems: TEST_SUBSYSTEMS.subsystems!.map((s) => (s.name === 'mm' ? { ...s, embargo: 2 } : s)) };

beforeAll(async () => {
  peer = await startSmtpPeer();
  cfg = testConfig(prefix, peer.port, { deliver: { attempts: 20, backoffMs: 100, backoffMaxMs: 400 } }, SUBSYSTEMS);
  serve = await startServe(cfg, { http: false });
  worker = await startWorker(cfg);
  configFile = writeConfig(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await peer?.close();
  await cleanupPrefix(prefix);
  if (configFile) rmSync(dirname(configFile), { recursive: true, force: true });
});

const message = async (mid: string) => serve.store.getMessage(keyOf(mid));

test.skipIf(!HAVE_SHARED)('a permanent SMTP refusal (550) fails the entry at once, with the reason, counted; not retried', async () => {
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

  // The operator sees it, and resends it once the relay takes it: same Message-Id.
  const listed = await racebot('outbox', 'list', '--state', 'failed');
  expect(listed.code).toBe(0);
  expect(listed.out).toContain(`email:${reply}  failed  report  attempts=1`);
  const st = await racebot('status', `<${mid}>`);
  expect(st.code).toBe(0);
  expect(st.out).toMatch(/outcome: +reply-failed - .*550/);
  expect(st.out).toContain('findings:   S4:fixes:I4.1');
  expect(st.out).toContain(`email:${reply}  failed  report  attempts=1`);
  const again = await racebot('outbox', 'resend', `email:${reply}`);
  expect(again.code).toBe(0);
  await waitFor('the resent reply', async () => (await serve.store.outbox.get('email', reply))?.state === 'sent', 30000);
  expect(peer.received).toHaveLength(1);
  expect(peer.received[0].mail.messageId).toBe(`<racebot.${reply}@example.org>`);
  const after = JSON.parse((await racebot('status', mid, '--json')).out);
  expect(after).toMatchObject({ outcome: 'reported', entries: [{ ref: `email:${reply}`, state: 'sent', attempts: 2, messageId: `<racebot.${reply}@example.org>` }] });
  // A sent entry is not resent; an unknown one is an error, not a crash.
  expect((await racebot('outbox', 'resend', reply)).code).toBe(1);
  expect((await racebot('outbox', 'cancel', 'email:nosuchentry')).err).toContain('no outbox entry email:nosuchentry');
  expect((await racebot('status', 'nobody@nowhere')).code).toBe(1);
});

test.skipIf(!HAVE_SHARED)('a reply the kill switch cancels while it waits says so in the outcome', async () => {
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
