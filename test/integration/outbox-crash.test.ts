/**
 * `kill -9` of a worker process in the middle of an SMTP transaction (the relay took the
 * message's data and had not answered yet): the entry is left `sending`; the next worker
 * resends it with the same Message-Id (lists and mail readers drop the second copy), counts it
 * in racebot_outbox_uncertain_total, and the patch's outcome ends `reported`.
 */
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HAVE_SHARED } from '../helpers/shared.js';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { cleanupPrefix, example, sendRaw, spawnWorker, testConfig, uniqueId, uniquePrefix, waitFor, writeConfig, type WorkerProcess } from './helpers.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

const prefix = uniquePrefix('outbox-crash');
let peer: SmtpPeer;
let cfg: Config;
let serve: ServeHandle;
let configFile: string;
let metricsPort: number;
const children: WorkerProcess[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  peer = await startSmtpPeer();
  metricsPort = await freePort();
  cfg = testConfig(prefix, peer.port, { worker: { lockDurationMs: 3000, stalledIntervalMs: 500, http: { host: '127.0.0.1', port: metricsPort } } });
  configFile = writeConfig(cfg);
  serve = await startServe(cfg, { http: false });
});

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await serve?.close();
  await peer?.close();
  await cleanupPrefix(prefix);
  if (configFile) rmSync(dirname(configFile), { recursive: true, force: true });
});

test.skipIf(!HAVE_SHARED)('a worker killed during the SMTP transaction: the reply is resent with the same Message-Id and counted', async () => {
  const stalled = peer.stallNext();
  const first = spawnWorker(configFile);
  children.push(first);
  await first.ready;
  const mid = uniqueId('midsmtp');
  await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
  await stalled; // the relay has the data and has not answered: the worker waits for the answer
  const reply = (await serve.store.getMessage(keyOf(mid))).reply;
  expect(await serve.store.outbox.get('email', reply)).toMatchObject({ state: 'sending', attempts: 1 });
  first.child.kill('SIGKILL');
  await first.exited;

  const second = spawnWorker(configFile);
  children.push(second);
  await second.ready;
  const entry = await waitFor('the resent reply', async () => {
    const e = await serve.store.outbox.get('email', reply);
    return e?.state === 'sent' && e;
  }, 40000);
  expect(entry.attempts).toBe(2);
  expect(peer.received).toHaveLength(1);
  const before = await simpleParser(peer.stalled[0]);
  expect(peer.received[0].mail.messageId).toBe(`<racebot.${reply}@example.org>`);
  expect(before.messageId).toBe(peer.received[0].mail.messageId);
  expect(await serve.store.getMessage(keyOf(mid))).toMatchObject({ outcome: 'reported', reply });
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  expect(metrics).toMatch(/racebot_outbox_uncertain_total\{channel="email",action="resend"[^}]*\} 1/);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
