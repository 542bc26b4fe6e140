/** `racebot serve`'s listener: SMTP and LMTP, the recipient filter, the size limit; /healthz. */
import { afterAll, expect, test } from 'vitest';
import nodemailer from 'nodemailer';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { cleanupPrefix, example, testConfig, uniqueId, uniquePrefix } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('listener');
const handles: ServeHandle[] = [];

afterAll(async () => {
  for (const h of handles) await h.close();
  await cleanupPrefix(prefix);
});

test.skipIf(!HAVE_SHARED)('LMTP delivery, the recipient filter and the size limit', async () => {
  const cfg = testConfig(prefix, 1, { serve: { smtp: { lmtp: true, recipients: ['racebot@example.org'], maxBytes: 200000 } } });
  const serve = await startServe(cfg);
  handles.push(serve);
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: serve.smtpPort, lmtp: true, ignoreTLS: true } as never);
  const mid = uniqueId('lmtp');
  const raw = Buffer.from(example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' }).replace(/\n/g, '\r\n'));
  const ok = await t.sendMail({ envelope: { from: 'list@kvack.org', to: ['racebot@example.org'] }, raw });
  expect(String(ok.response)).toMatch(/queued as i-/);
  const job = (await serve.queues.ingest.getJobs(['waiting', 'active', 'completed'])).find((j) => j.data && Buffer.from(j.data.raw, 'base64').includes(mid));
  expect(job?.data.source).toMatch(/^lmtp:/);
  await expect(t.sendMail({ envelope: { from: 'list@kvack.org', to: ['someone-else@example.org'] }, raw })).rejects.toThrow(/550|no such recipient/);
  const big = Buffer.concat([raw, Buffer.from('x'.repeat(300000))]);
  // LMTP answers per recipient: nodemailer reports the refusal in `rejected`.
  const tooBig = await t.sendMail({ envelope: { from: 'list@kvack.org', to: ['racebot@example.org'] }, raw: big }).then(
    (i) => String((i as { rejectedErrors?: Error[] }).rejectedErrors?.[0]?.message ?? i.response),
    (e: Error) => e.message,
  );
  expect(tooBig).toMatch(/552/);
  t.close();
  const h = await fetch(`http://127.0.0.1:${serve.http!.port}/healthz`);
  expect(h.status).toBe(200);
  expect(((await h.json()) as { smtp: { transport: string } }).smtp.transport).toBe('lmtp');
});

test.skipIf(!HAVE_SHARED)('while Redis is away a message gets a temporary failure (451)', async () => {
  const cfg = testConfig(prefix, 1, { redis: { url: 'redis://127.0.0.1:1' } });
  const serve = await startServe(cfg, { http: false, redisWaitMs: 200 });
  handles.push(serve);
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: serve.smtpPort, ignoreTLS: true });
  const raw = Buffer.from(example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: uniqueId('down') }).replace(/\n/g, '\r\n'));
  await expect(t.sendMail({ envelope: { from: 'a@b', to: ['racebot@example.org'] }, raw })).rejects.toThrow(/451/);
  t.close();
});
