/**
 * The service takes the same kernel tree as `racebot check --tree`: the check threads read each
 * patch's base from it, and the worker keeps it fresh with `git fetch` on a timer. The trees are
 * the tests' own (S3's reference code written out as C), tagged like releases.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSettings, runTask, type CheckedMail } from '../../../src/service/thread-tasks.js';
import { startWorker } from '../../../src/service/worker.js';
import { gitDiff, makeRepo, patchMail, type TestRepo } from '../../helpers/git-tree.js';
import { V64, V7 } from '../../helpers/s3-gup-c.js';
import { cleanupPrefix, testConfig, uniquePrefix, waitFor } from '../helpers.js';

// Check tasks carry the raw message base64-encoded (as the queue does).
const b64 = (raw: string) => Buffer.from(raw).toString('base64');

let upstream: TestRepo;
let cloneDir: string;
const prefix = uniquePrefix('worker-tree');

beforeAll(() => {
  upstream = makeRepo();
  upstream.commit({ 'mm/gup.c': V64 }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  upstream.tag('v6.4', '2023-06-25T20:00:00Z');
  // The workers' clone: what an operator sets as kernel.tree.
  cloneDir = mkdtempSync(join(tmpdir(), 'racebot-worker-tree-'));
  execFileSync('git', ['clone', '--quiet', upstream.dir, cloneDir], { stdio: 'ignore' });
});
afterAll(async () => {
  upstream.remove();
  rmSync(cloneDir, { recursive: true, force: true });
  await cleanupPrefix(prefix);
});

describe('the service reads bases from the kernel tree', () => {
  it('a check task with kernel.tree lifts the whole functions from the tree (v7: introduces)', async () => {
    const cfg = testConfig(prefix, 1, { kernel: { tree: cloneDir, fetchInterval: 0 } });
    const settings = checkSettings(cfg);
    expect(settings.kernel?.tree).toBe(cloneDir);
    const raw = patchMail({ subject: 'mm/gup: check the mapping in GUP-fast', date: 'Tue, 4 Jul 2023 09:00:00 +0000', diff: gitDiff([{ path: 'mm/gup.c', pre: V64, post: V7 }]) });
    const out = (await runTask({ kind: 'check', mails: [{ h: 'h1', raw: b64(raw) }], previous: [], check: settings, email: { from: cfg.bot.from, contact: cfg.bot.contact } })) as CheckedMail[];
    expect(out[0].report.outcome, out[0].report.reason ?? '').toBe('checked');
    const f = out[0].report.findings.find((x) => x.scenario === 'S3')!;
    expect(f.delta).toBe('introduces');
    expect(JSON.stringify(f)).toMatch(/lifted whole from the tree/);
    // Without a tree the same task uses the reference code (and says nothing of a tree).
    const plain = (await runTask({ kind: 'check', mails: [{ h: 'h2', raw: b64(raw) }], previous: [], check: { ...settings, kernel: null }, email: { from: cfg.bot.from, contact: cfg.bot.contact } })) as CheckedMail[];
    expect(plain[0].report.outcome).toBe('checked');
    expect(JSON.stringify(plain[0].report)).not.toMatch(/lifted whole from the tree/);
  });

  it('the worker fetches the tree on its timer: a release tagged upstream reaches the clone', async () => {
    const cfg = testConfig(prefix, 1, { kernel: { tree: cloneDir, fetchInterval: '200ms' } });
    const w = await startWorker(cfg, { stages: ['check'] });
    try {
      upstream.commit({ 'mm/gup.c': V7 }, 'mm/gup: v7', '2023-07-10T10:00:00Z');
      upstream.tag('v6.5-rc2', '2023-07-10T10:00:00Z');
      await waitFor('the tag fetched into the clone', () => execFileSync('git', ['-C', cloneDir, 'tag', '-l', 'v6.5-rc2'], { encoding: 'utf8' }).trim() === 'v6.5-rc2', 20000, 100);
      await waitFor('the fetch counted', async () => /racebot_kernel_tree_fetches_total\{result="ok"[^}]*\} [1-9]/.test(await w.ctx.metrics.registry.metrics()), 20000, 100);
    } finally {
      await w.close();
    }
  });
});
