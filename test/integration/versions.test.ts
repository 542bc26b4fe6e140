/**
 * v7 and v8 of a patch arriving together, checked by two workers: v8's check waits for v7's
 * (ordered within the patch family across workers), so v8's reply still says that it fixes the
 * race reported on v7. v8 arrives first, so without the ordering its check would start first.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HAVE_SHARED } from '../helpers/shared.js';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, example, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';

const prefix = uniquePrefix('versions');
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port, { series: { waitSeconds: 1 } });
  serve = await startServe(cfg, { http: false });
  workers.push(await startWorker(cfg), await startWorker(cfg));
});

afterAll(async () => {
  for (const w of workers) await w.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

test.skipIf(!HAVE_SHARED)('v8 sent just before v7, two workers: v8 still links to the race reported on v7', async () => {
  const v7 = uniqueId('v7');
  const v8 = uniqueId('v8');
  const cover7 = uniqueId('cover7');
  const cover8 = uniqueId('cover8');
  await Promise.all([
    sendRaw(serve.smtpPort, example('13-gup-fast-longterm-file-v8.eml', { messageId: v8, inReplyTo: cover8, references: `<${cover8}>`, to: 'linux-mm@kvack.org' })),
    sendRaw(serve.smtpPort, example('12-gup-fast-longterm-file-v7.eml', { messageId: v7, inReplyTo: cover7, references: `<${cover7}>`, to: 'linux-mm@kvack.org' })),
  ]);
  const [r8] = await waitFor('the v8 reply', () => sink.repliesTo(v8).length > 0 && sink.repliesTo(v8), 60000);
  expect(r8.mail.text?.replace(/\s+/g, ' ')).toContain('Since the previous version: v8 fixes the race reported on v7 (I3.2, S3 gup-fast-pin)');
  await waitFor('the v7 reply', () => sink.repliesTo(v7).length > 0, 30000);
  const [m7, m8] = await Promise.all([serve.store.getMessage(keyOf(v7)), serve.store.getMessage(keyOf(v8))]);
  expect(Number(m8.checkedAt)).toBeGreaterThanOrEqual(Number(m7.checkedAt));
  const delayed = await workers[0].ctx.metrics.registry.getSingleMetricAsString('racebot_jobs_total');
  const delayed2 = await workers[1].ctx.metrics.registry.getSingleMetricAsString('racebot_jobs_total');
  expect(`${delayed}\n${delayed2}`).toMatch(/queue="check",result="delayed"/);
});
