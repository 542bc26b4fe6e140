/**
 * Reply policies end to end (real Redis, real SMTP): a subsystem in `dry-run` mails only its
 * maintainers, an embargo holds the reply back, a daily cap stops replies past it, and
 * `sendNoIssue` decides whether a clean patch gets a reply.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, example, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('policy');
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;

const SUBSYSTEMS = {
  killSwitch: false,
  subsystems: [
    // Trial mode: replies go to the maintainers only, after a 2 s embargo, at most 1 a day.
    { name: 'uprobes', optIn: true, lists: ['linux-trace-kernel@vger.kernel.org'], files: ['kernel/events/uprobes.c'], maintainers: ['Masami Hiramatsu <mhiramat@kernel.org>'], policy: 'dry-run' as const, sendNoIssue: true, embargo: 2, dailyCap: 1 },
  ],
};

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port, {}, SUBSYSTEMS);
  serve = await startServe(cfg);
  worker = await startWorker(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

const outcome = async (mid: string) => (await serve.store.getMessage(keyOf(mid))).outcome;

describe.skipIf(!HAVE_SHARED)('reply policies', () => {
  test('dry-run mails the maintainers only, after the embargo; the daily cap stops the next reply', async () => {
    const first = uniqueId('dry');
    const sent = Date.now();
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: first, to: 'linux-trace-kernel@vger.kernel.org', cc: null }));
    const [reply] = await waitFor('the dry-run reply', () => sink.repliesTo(first).length > 0 && sink.repliesTo(first), 30000);
    // Held back by the 2 s embargo (measured from when racebot received the patch).
    expect(reply.at - sent).toBeGreaterThanOrEqual(1900);
    expect(reply.envelopeTo).toEqual(['mhiramat@kernel.org']);
    expect(reply.envelopeTo).not.toContain('linux-trace-kernel@vger.kernel.org');
    expect(reply.mail.text).toContain('S4 xol-icache');

    // A second patch the same day: over the cap of 1, recorded and not sent.
    const second = uniqueId('dry2');
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: second, to: 'linux-trace-kernel@vger.kernel.org', cc: null }));
    await waitFor('the second outcome', async () => (await outcome(second)) && (await outcome(second)) !== 'checked', 30000);
    expect(await outcome(second)).toBe('capped');
    expect(sink.repliesTo(second)).toHaveLength(0);
  });
});
