/**
 * `racebot ingest` on a public-inbox archive the test builds (a git repository, one message per
 * commit in the blob `m`): each run reads only the commits after the last one read, and the
 * messages go through the pipeline as if mailed (the archive's list counts for the opt-in).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { registerServiceCommands } from '../../src/cli-service.js';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, example, idle, startSink, testConfig, uniqueId, uniquePrefix, waitFor, writeConfig, type Sink } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('inbox');
let sink: Sink;
let cfg: Config;
let configFile: string;
let serve: ServeHandle;
let worker: WorkerHandle;
const repo = mkdtempSync(join(tmpdir(), 'racebot-inbox-'));

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port);
  configFile = writeConfig(cfg);
  serve = await startServe(cfg, { http: false });
  worker = await startWorker(cfg);
  const git = simpleGit(repo);
  await git.init();
  await git.addConfig('user.name', 'public-inbox');
  await git.addConfig('user.email', 'public-inbox@example.org');
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
  if (configFile) rmSync(dirname(configFile), { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
});

async function commitMessage(raw: string, subject: string): Promise<string> {
  writeFileSync(join(repo, 'm'), raw);
  const git = simpleGit(repo);
  await git.add('m');
  const r = await git.commit(subject);
  return r.commit;
}

async function ingest(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = new Command().exitOverride();
  registerServiceCommands(program, { out: (s) => out.push(s), err: (s) => err.push(s) }, (c) => (code = c));
  await program.parseAsync(['node', 'racebot', 'ingest', '--config', configFile, ...args]);
  return { code, out, err };
}

test.skipIf(!HAVE_SHARED)('a public-inbox archive is ingested incrementally', async () => {
  const ids = [uniqueId('pi1'), uniqueId('pi2'), uniqueId('pi3'), uniqueId('pi4')];
  // As archived from linux-mm: no To/Cc of the list in the messages themselves.
  await commitMessage(example('12-gup-fast-longterm-file-v7.eml', { messageId: ids[0], inReplyTo: uniqueId('cover') }), 'gup v7');
  await commitMessage(example('01-uprobes-set-pte-at-rfc.eml', { messageId: ids[1], to: 'somebody@example.org', cc: null }), 'uprobes rfc');

  const first = await ingest(repo, '--list', 'linux-mm@kvack.org');
  expect(first.err).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.out.join('\n')).toContain('read 2, queued 2, duplicates 0');

  await commitMessage(example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: ids[2] }), 'xol');
  // A deletion (public-inbox removes `m`): no message to read.
  const git = simpleGit(repo);
  await git.rm('m');
  await git.commit('delete');
  const head = await commitMessage(example('05-uffd-wp-mmap-write-lock-v1.eml', { messageId: ids[3] }), 'uffd-wp');

  const second = await ingest(repo, '--list', 'linux-mm@kvack.org');
  expect(second.out.join('\n')).toContain('read 2, queued 2, duplicates 0');
  expect(await serve.store.getCursor(repo)).toBe(head);

  const third = await ingest(repo, '--list', 'linux-mm@kvack.org');
  expect(third.out.join('\n')).toContain('read 0, queued 0, duplicates 0');

  // Every message went through the pipeline; the racy one got its reply thanks to the archive's list.
  for (const id of ids) await waitFor(`the outcome of ${id}`, async () => (await serve.store.getMessage(keyOf(id))).outcome, 30000);
  expect((await serve.store.getMessage(keyOf(ids[0]))).source).toMatch(/^public-inbox:/);
  await waitFor('the reply to the v7 patch', () => sink.repliesTo(ids[0]).length === 1, 30000);
  await waitFor('the queues to drain', () => idle(serve.queues), 30000);
  expect(sink.repliesTo(ids[0])[0].mail.headers.get('x-racebot-finding')).toBe('S3:introduces:I3.2, S7:unchanged');
});

test('ingest without a source or with a bad config says so', async () => {
  const none = await ingest();
  expect(none.code).toBe(2);
  expect(none.err.join('')).toContain('no source given');
  const program = new Command().exitOverride();
  const err: string[] = [];
  let code = -1;
  registerServiceCommands(program, { out: () => {}, err: (s) => err.push(s) }, (c) => (code = c));
  const bad = join(repo, 'bad.yaml');
  writeFileSync(bad, 'redis:\n  prefix: "has spaces"\n');
  await program.parseAsync(['node', 'racebot', 'ingest', '--config', bad, repo]);
  expect(code).toBe(2);
  expect(err.join('')).toContain('redis.prefix');
});
