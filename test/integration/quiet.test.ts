/**
 * Quiet by default, against the real Redis and SMTP: a patch that neither adds nor removes a
 * race gets no reply unless sendNoIssue is on; with it on, a pre-existing race is reported once
 * per (subsystem, scenario, invariant, base release) and later replies only link to that first
 * report. A malformed multipart mail is `rejected` with the parser's reason.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { ROOT, TEST_SUBSYSTEMS, cleanupPrefix, idle, rewrite, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';

const corpus = (f: string, mid: string) => rewrite(readFileSync(resolve(ROOT, 'test/corpus', f), 'utf8'), { messageId: mid, to: 'linux-mm@kvack.org' });
const PRE_A = 'S1/09-wp-page-copy-local-addr.eml'; // S1 pre-existing I1.1 on 5.10
const PRE_B = 'S1/10-mprotect-document-deferred-flush.eml'; // the same race, another patch

interface Bot {
  prefix: string;
  sink: Sink;
  serve: ServeHandle;
  worker: WorkerHandle;
}

async function start(name: string, sendNoIssue: boolean): Promise<Bot> {
  const prefix = uniquePrefix(name);
  const sink = await startSink();
  const subs = { ...TEST_SUBSYSTEMS, subsystems: TEST_SUBSYSTEMS.subsystems!.map((s) => (s.name === 'mm' ? { ...s, sendNoIssue } : s)) };
  const cfg: Config = testConfig(prefix, sink.port, {}, subs);
  const serve = await startServe(cfg, { http: false });
  const worker = await startWorker(cfg);
  return { prefix, sink, serve, worker };
}

async function stop(b: Bot | undefined) {
  if (!b) return;
  await b.worker.close();
  await b.serve.close();
  await b.sink.close();
  await cleanupPrefix(b.prefix);
}

const outcome = async (b: Bot, mid: string): Promise<Record<string, string> | null> => {
  const m = await b.serve.store.getMessage(keyOf(mid));
  return m.outcome ? m : null;
};

describe('sendNoIssue off (the default)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await start('quiet', false);
  });
  afterAll(() => stop(bot));

  test('a patch with only a pre-existing race says nothing', async () => {
    const mid = uniqueId('pre');
    await sendRaw(bot.serve.smtpPort, corpus(PRE_A, mid));
    const m = await waitFor('the outcome', () => outcome(bot, mid), 30000);
    expect(m).toMatchObject({ outcome: 'no-finding', reason: 'neither adds nor removes a race (sendNoIssue is off)' });
    await waitFor('the queues to drain', () => idle(bot.serve.queues), 30000);
    expect(bot.sink.received).toHaveLength(0);
  });

  test('a malformed multipart mail is rejected with the parser\'s reason', async () => {
    const mid = uniqueId('mp');
    const raw = corpus(PRE_A, mid).replace('\n\n', '\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="nowhere"\n\n');
    await sendRaw(bot.serve.smtpPort, raw);
    const m = await waitFor('the outcome', () => outcome(bot, mid), 30000);
    expect(m.outcome).toBe('rejected');
    expect(m.reason).toBe('malformed: the boundary "nowhere" of the multipart/mixed message never appears in its body: its parts cannot be found');
  });
});

describe('sendNoIssue on', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await start('quiet-on', true);
  });
  afterAll(() => stop(bot));

  test('a pre-existing race is news once; the next patch with it gets a one-line link to the first report', async () => {
    const first = uniqueId('pre1');
    await sendRaw(bot.serve.smtpPort, corpus(PRE_A, first));
    const [r1] = await waitFor('the first reply', () => bot.sink.repliesTo(first).length > 0 && bot.sink.repliesTo(first), 30000);
    const t1 = (r1.mail.text ?? '').replace(/\s+/g, ' ');
    expect(t1).toContain('The race below (S1');
    expect(t1).toContain('exists before and after this patch');

    const second = uniqueId('pre2');
    await sendRaw(bot.serve.smtpPort, corpus(PRE_B, second));
    const [r2] = await waitFor('the second reply', () => bot.sink.repliesTo(second).length > 0 && bot.sink.repliesTo(second), 30000);
    const text = (r2.mail.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`was reported before: ${r1.mail.messageId}`);
    expect(text).not.toContain('exists before and after this patch');
    expect(text).not.toContain('To replay:');
  });
});
