/**
 * `racebot check --tree`: the kernel tree from the option, from RACEBOT_KERNEL_TREE, or from
 * kernel.tree of a config file; each mail's base said on stderr; a bad tree is a stated
 * fallback, not a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { main } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config.js';
import { gitDiff, makeRepo, patchMail, type TestRepo } from '../../helpers/git-tree.js';
import { GUP_V6_4, GUP_V6_5 } from '../../helpers/kernel-fixture.js';

let repo: TestRepo;
let dir: string;
let mailFile: string;

beforeAll(() => {
  repo = makeRepo();
  repo.commit({ 'mm/gup.c': GUP_V6_4 }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  repo.tag('v6.4', '2023-06-25T20:00:00Z');
  repo.commit({ 'mm/gup.c': GUP_V6_5 }, 'Linux 6.5', '2023-08-27T20:00:00Z');
  repo.tag('v6.5', '2023-08-27T20:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'racebot-cli-tree-'));
  mailFile = join(dir, 'p.eml');
  const post = GUP_V6_5.replace('if (!folio_try_get(folio))', 'if (!folio_try_get_rcu(folio))');
  writeFileSync(mailFile, patchMail({ subject: 'mm/gup: take the folio under RCU', date: 'Tue, 5 Sep 2023 09:00:00 +0000', diff: gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_5, post, index: 'unknown' }]) }));
});

afterAll(() => {
  repo?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(['node', 'racebot', 'check', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const BASE_LINE = "racebot: [PATCH] mm/gup: take the folio under RCU: base: v6.5 (tag before the mail's Date, hunks apply)";

test('--tree: the base is found and said', async () => {
  const r = await check(['--tree', repo.dir, mailFile], { RACEBOT_KERNEL_TREE: undefined, RACEBOT_CONFIG: undefined });
  expect(r.err).toBe(BASE_LINE);
  expect(r.code).toBe(0);
});

test('RACEBOT_KERNEL_TREE, and kernel.tree of --config', async () => {
  expect((await check([mailFile], { RACEBOT_KERNEL_TREE: repo.dir, RACEBOT_CONFIG: undefined })).err).toBe(BASE_LINE);
  const cfg = join(dir, 'racebot.yaml');
  writeFileSync(cfg, `kernel:\n  tree: ${JSON.stringify(repo.dir)}\n`);
  expect((await check(['--config', cfg, mailFile], { RACEBOT_KERNEL_TREE: undefined, RACEBOT_CONFIG: undefined })).err).toBe(BASE_LINE);
  // Without any of them, no tree is read and nothing is said.
  expect((await check([mailFile], { RACEBOT_KERNEL_TREE: undefined, RACEBOT_CONFIG: undefined })).err).toBe('');
});

test('a tree path that is not a repository is a stated fallback to the reference code', async () => {
  const r = await check(['--tree', dir, mailFile], { RACEBOT_KERNEL_TREE: undefined, RACEBOT_CONFIG: undefined });
  expect(r.err).toBe(`racebot: [PATCH] mm/gup: take the folio under RCU: base: reference code (${dir}: not a git repository)`);
  expect(r.code).toBe(0);
});

test('config: kernel.* validated, RACEBOT_KERNEL_TREE overrides', () => {
  const d = loadConfig({ env: {} });
  expect(d.kernel).toEqual({ tree: null, fetchInterval: 3600, remote: null, maxTags: 12, maxFileBytes: 8 * 1024 * 1024 });
  expect(loadConfig({ env: { RACEBOT_KERNEL_TREE: '/srv/linux' } }).kernel.tree).toBe('/srv/linux');
  expect(loadConfig({ env: {}, overrides: { kernel: { fetchInterval: '15m' } } }).kernel.fetchInterval).toBe(900);
  expect(() => loadConfig({ env: {}, overrides: { kernel: { remote: '--upload-pack=x y' } } })).toThrow(/kernel\.remote/);
});
