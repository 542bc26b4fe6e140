/**
 * Amplification through the running bot: a patch mail with 3,000 Cc, a 1 MB Subject, a
 * 100 KB Message-Id and 10,000 References gets one reply to the author, the subsystem's list
 * and its maintainers (not the 3,000), with the Subject and References capped and no header
 * line broken by CR/LF from an encoded word.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { REPLY_CAPS } from '../../src/mail/headers.js';
import { ROOT, cleanupPrefix, sendRaw, startSink, testConfig, uniquePrefix, waitFor, type Sink } from './helpers.js';

const prefix = uniquePrefix('amplify');
let sink: Sink;
let serve: ServeHandle;
let worker: WorkerHandle;

beforeAll(async () => {
  sink = await startSink();
  const cfg = testConfig(prefix, sink.port);
  serve = await startServe(cfg, { http: false });
  worker = await startWorker(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

test('3,000 Cc, a 1 MB Subject, a 100 KB Message-Id and 10,000 References: a capped reply to the few who should get it', async () => {
  const src = readFileSync(resolve(ROOT, 'test/corpus/S3/04-gup-fast-mapping-check-before-grab.eml'), 'utf8');
  const [head, ...rest] = src.split('\n\n');
  const mid = `${'m'.repeat(100_000)}.${Date.now()}@example.org`;
  const fold = (items: string[], sep: string) => items.join(`${sep}\n `);
  const crlf = Buffer.from('\r\nBcc: victim@example.org\r\n').toString('base64');
  const lines = head
    .split('\n')
    .filter((l) => !/^(subject|cc|message-id):/i.test(l))
    .concat([
      `Subject: [PATCH] mm/gup: check the mapping =?utf-8?b?${crlf}?= ${fold(Array.from({ length: 20_000 }, () => 'x'.repeat(50)), '')}`,
      `Cc: ${fold(Array.from({ length: 3000 }, (_, i) => `cc${i}@example.org`), ',')}`,
      `Message-Id: <${mid}>`,
      `References: ${fold(Array.from({ length: 10_000 }, (_, i) => `<ref${i}@example.org>`), '')}`,
    ]);
  await sendRaw(serve.smtpPort, `${lines.join('\n')}\n\n${rest.join('\n\n')}`);
  const reply = await waitFor('the reply', async () => {
    const m = await serve.store.getMessage(keyOf(mid));
    return m.outcome === 'reported' && m.reply;
  }, 60000);
  await waitFor('the delivery', async () => (await serve.store.outbox.get('email', reply))?.state === 'sent', 30000);
  expect(sink.received).toHaveLength(1);
  const got = sink.received[0];
  expect(got.envelopeTo.sort()).toEqual(['akpm@linux-foundation.org', 'linux-mm@kvack.org', 'stefan.kovacs@example.org']);
  const rawHead = got.raw.toString('utf8').split('\r\n\r\n')[0];
  expect(Buffer.byteLength(rawHead)).toBeLessThan(8000);
  expect(rawHead).not.toMatch(/^bcc:/im);
  expect(Buffer.byteLength(got.mail.subject ?? '')).toBeLessThanOrEqual(REPLY_CAPS.subjectBytes + 4);
  expect(got.mail.subject).toMatch(/^Re: \[PATCH\] mm\/gup: check the mapping Bcc: victim@example\.org [x ]+\.\.\.$/);
  const refs = Array.isArray(got.mail.references) ? got.mail.references : [got.mail.references];
  expect(refs[0]).toBe('<ref0@example.org>');
  expect(refs.length).toBeLessThanOrEqual(1 + REPLY_CAPS.referencesTail);
  expect(got.mail.inReplyTo).toBeUndefined();
});
