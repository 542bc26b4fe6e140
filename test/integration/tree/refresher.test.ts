/**
 * TreeRefresher against a local bare repository as the remote: new commits and tags arrive,
 * the clone's work tree, index and HEAD stay; failures are results and log lines, not throws;
 * the timer does not keep a process alive.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TreeRefresher, type FetchResult } from '../../../src/tree/refresher.js';
import { KernelTree } from '../../../src/tree/kernel-tree.js';
import { makeRepo, type TestRepo } from '../../helpers/git-tree.js';
import { GUP_V6_4, GUP_V6_5, GUP_V6_6_RC1 } from '../../helpers/kernel-fixture.js';

let upstream: TestRepo;
let remote: TestRepo;
let clone: TestRepo;

beforeAll(() => {
  upstream = makeRepo('racebot-up-');
  upstream.commit({ 'mm/gup.c': GUP_V6_4 }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  upstream.tag('v6.4', '2023-06-25T20:00:00Z');
  remote = makeRepo('racebot-remote-', { bare: true });
  upstream.git(['push', '--quiet', remote.dir, 'HEAD:refs/heads/master', '--tags']);
  clone = makeRepo('racebot-clone-');
  clone.git(['remote', 'add', 'origin', remote.dir]);
  clone.git(['fetch', '--quiet', 'origin']);
  clone.git(['checkout', '--quiet', '-b', 'master', 'origin/master']);
});

afterAll(() => {
  for (const r of [upstream, remote, clone]) r?.remove();
});

async function tags(dir: string): Promise<string[]> {
  const tree = await KernelTree.open(dir);
  return (await tree.releaseTags()).map((t) => t.name);
}

test('refresh() fetches new commits and tags; the work tree, index and HEAD stay', async () => {
  const head = clone.head();
  upstream.commit({ 'mm/gup.c': GUP_V6_5 }, 'Linux 6.5', '2023-08-27T20:00:00Z');
  upstream.tag('v6.5', '2023-08-27T20:00:00Z');
  upstream.git(['push', '--quiet', remote.dir, 'HEAD:refs/heads/master', '--tags']);
  expect(await tags(clone.dir)).toEqual(['v6.4']);

  const r = new TreeRefresher(clone.dir, { intervalMs: 3_600_000 });
  const res = await r.refresh();
  expect(res.ok).toBe(true);
  expect(await tags(clone.dir)).toEqual(['v6.5', 'v6.4']);
  expect(clone.git(['rev-parse', 'origin/master']).trim()).toBe(upstream.head());
  expect(clone.head()).toBe(head);
  expect(clone.git(['status', '--porcelain'])).toBe('');
  expect(r.running).toBe(false);
});

test('on a timer: fetches until stopped', async () => {
  upstream.commit({ 'mm/gup.c': GUP_V6_6_RC1 }, 'Linux 6.6-rc1', '2023-09-10T20:00:00Z');
  upstream.tag('v6.6-rc1', '2023-09-10T20:00:00Z');
  upstream.git(['push', '--quiet', remote.dir, 'HEAD:refs/heads/master', '--tags']);
  const results: FetchResult[] = [];
  let second!: () => void;
  const twice = new Promise<void>((res) => (second = res));
  const r = new TreeRefresher(clone.dir, {
    intervalMs: 20,
    onFetch: (x) => {
      results.push(x);
      if (results.length === 2) second();
    },
  }).start();
  expect(r.running).toBe(true);
  await twice;
  await r.stop();
  expect(r.running).toBe(false);
  expect(results.every((x) => x.ok)).toBe(true);
  expect(await tags(clone.dir)).toContain('v6.6-rc1');
  const after = results.length;
  await r.refresh(); // still usable by hand after stop()
  expect(results.length).toBe(after + 1);
});

test('a failed fetch is logged and returned, never thrown', async () => {
  const logged: string[] = [];
  const bad = new TreeRefresher(clone.dir, { intervalMs: 1000, remote: 'nowhere', log: (m) => logged.push(m) });
  const res = await bad.refresh();
  expect(res).toMatchObject({ ok: false, code: 'git-failed' });
  expect(bad.last).toBe(res);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatch(/^racebot: fetching the kernel tree .* failed \(git-failed\): git fetch --quiet --tags nowhere: /);
  const none = await new TreeRefresher(join(clone.dir, 'mm'), { intervalMs: 1000, log: (m) => logged.push(m) }).refresh();
  expect(none).toMatchObject({ ok: false, code: 'not-a-git-repo' });
  expect(() => new TreeRefresher(clone.dir, { intervalMs: 1000, remote: '--upload-pack=touch /tmp/x' })).toThrow(/not a remote name/);
});

test('the timer does not keep a process alive', () => {
  // A process that starts a refresher with an hour's interval and returns must exit on its own.
  const src = join(import.meta.dirname, '../../../src/tree/refresher.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `const { TreeRefresher } = await import(${JSON.stringify(src)}); new TreeRefresher(${JSON.stringify(clone.dir)}, { intervalMs: 3600000 }).start(); console.log('started');`], {
    encoding: 'utf8',
    timeout: 50_000, // a safety net only: a ref'd timer would hang here for an hour
  });
  expect(out.trim()).toBe('started');
});
