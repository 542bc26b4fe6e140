/**
 * A Redis that hangs (the connection stays up, nothing answers): `racebot serve` answers the
 * sending SMTP server 451 and /healthz 503 instead of waiting for Redis, and takes mail again
 * once Redis answers. The hang is a TCP proxy in front of the real Redis that stops forwarding.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HAVE_SHARED } from '../helpers/shared.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { REDIS_URL, cleanupPrefix, example, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';
import { startPausableProxy, type PausableProxy } from './tcp-pause.js';

const prefix = uniquePrefix('hung');
let sink: Sink;
let proxy: PausableProxy;
let serve: ServeHandle;

beforeAll(async () => {
  sink = await startSink();
  const target = new URL(REDIS_URL);
  proxy = await startPausableProxy(target.hostname, Number(target.port || 6379));
  const cfg = testConfig(prefix, sink.port, { redis: { url: `redis://127.0.0.1:${proxy.port}` } });
  serve = await startServe(cfg);
});

afterAll(async () => {
  proxy?.resume();
  await serve?.close();
  await proxy?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

const health = async () => {
  const r = await fetch(`http://127.0.0.1:${serve.http!.port}/healthz`);
  return { status: r.status, body: (await r.json()) as { ok: boolean; error?: string } };
};

const smtpAnswer = (mid: string) =>
  sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' })).then(
    (ok) => ok,
    (e: { responseCode?: number; message: string }) => `${e.responseCode ?? '?'} ${e.message}`,
  );

test.skipIf(!HAVE_SHARED)('while Redis hangs: SMTP 451 and /healthz 503, each answered; mail is taken again after', async () => {
  expect((await health()).status).toBe(200);
  expect(await smtpAnswer(uniqueId('before'))).toMatch(/^250 .*queued/);

  proxy.pause();
  const h = await health();
  expect(h.status).toBe(503);
  expect(h.body.ok).toBe(false);
  expect(h.body.error).toMatch(/timed out|did not answer/i);
  const held = uniqueId('held');
  expect(await smtpAnswer(held)).toMatch(/^451 .*try again later/);

  proxy.resume();
  await waitFor('/healthz to be 200 again', async () => (await health()).status === 200, 20000);
  expect(await smtpAnswer(held)).toMatch(/^250 /);
});
