/**
 * resolveBase on git trees the test builds (kernel-shaped files of its own, tags dated with
 * GIT_COMMITTER_DATE): the pre-image by blob id, by base-commit, by the newest tag before the
 * mail's Date on which the hunks apply, and the stated fallback for every bad input. The tree's
 * work tree, index and HEAD are the same after every resolution.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';
import { parseMessage } from '../../../src/mail/index.js';
import { KernelTree, resolveBase, resolveBaseAt, TreeError, type BaseInput, type ResolvedBase } from '../../../src/tree/index.js';
import { blobId, gitDiff, makeRepo, patchMail, type FileChange, type TestRepo } from '../../helpers/git-tree.js';
import { GUP_NEXT, GUP_V6_4, GUP_V6_5, GUP_V6_6_RC1, MEMORY_C } from '../../helpers/kernel-fixture.js';

const BROKEN_C = `// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>

static int half_written(struct page *page)
{
	if (page_count(page) > ) {
		return -EBUSY;
	}
	return 0;
}
`;

let repo: TestRepo;
const commits: Record<string, string> = {};
let before: { head: string; index: string };

const hashFile = (p: string) => createHash('sha1').update(readFileSync(p)).digest('hex');

beforeAll(() => {
  repo = makeRepo();
  commits.v64 = repo.commit({ 'mm/gup.c': GUP_V6_4, 'mm/memory.c': MEMORY_C, 'mm/broken.c': BROKEN_C, 'Makefile': 'VERSION = 6\n' }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  repo.tag('v6.4', '2023-06-25T20:00:00Z');
  commits.rc1 = repo.commit({ 'mm/gup.c': GUP_V6_5 }, 'mm/gup: recheck the PTE after grabbing the folio', '2023-07-09T20:00:00Z');
  repo.tag('v6.5-rc1', '2023-07-09T20:00:00Z');
  commits.v65 = repo.commit({ 'Makefile': 'VERSION = 6\nPATCHLEVEL = 5\n' }, 'Linux 6.5', '2023-08-27T20:00:00Z');
  repo.tag('v6.5', '2023-08-27T20:00:00Z');
  commits.rc66 = repo.commit({ 'mm/gup.c': GUP_V6_6_RC1 }, 'mm/gup: add longterm_wanted()', '2023-09-10T20:00:00Z');
  repo.tag('v6.6-rc1', '2023-09-10T20:00:00Z');
  commits.next = repo.commit({ 'mm/gup.c': GUP_NEXT }, 'mm/gup: rename the PTE walk', '2023-09-15T20:00:00Z');
  repo.git(['tag', 'next-20230915']); // not a release tag: never a candidate
  before = { head: repo.head(), index: hashFile(join(repo.dir, '.git', 'index')) };
});

afterAll(() => repo?.remove());

function input(changes: FileChange[], opts: { date?: string | null; baseCommit?: string | null } = {}): BaseInput {
  const r = parseUnifiedDiff(gitDiff(changes));
  expect(r.problems).toEqual([]);
  return { diff: r.files, date: opts.date === undefined ? '2023-09-20T10:00:00.000Z' : opts.date, baseCommit: opts.baseCommit ?? null };
}

async function resolveIn(dir: string, mail: BaseInput, opts: { maxFileBytes?: number } = {}): Promise<{ base: ResolvedBase; tree: KernelTree }> {
  const tree = await KernelTree.open(dir, opts);
  return { base: await resolveBase(tree, mail), tree };
}

// A change to grab_one(): the same lines in every release.
const rcuGet = (pre: string) => pre.replace('if (!folio_try_get(folio))', 'if (!folio_try_get_rcu(folio))');
// A change next to the lines v6.5 added to walk_ptes(): it applies before v6.5 only.
const pagesAt = (pre: string) => pre.replace('		pages[(*nr)++] = pte_page(pte);\n', '		pages[*nr] = pte_page(pte);\n		(*nr)++;\n');

describe('resolveBase', () => {
  test('(a) by the pre-image blob on the index line', async () => {
    const post = rcuGet(GUP_V6_5);
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/gup.c', pre: GUP_V6_5, post }]));
    expect(base.how).toBe('blob');
    expect(base.rev).toBe(blobId(GUP_V6_5));
    // v6.6-rc1 (before the Date) has another mm/gup.c; v6.5 has this very blob.
    expect([base.code, base.commit, base.release]).toEqual([null, null, 'v6.5']);
    expect(base.detail).toBe(`blob ${blobId(GUP_V6_5).slice(0, 12)} of mm/gup.c (index line, as in v6.5, hunks apply)`);
    expect(base.files.map((f) => [f.path, f.pre === GUP_V6_5, f.post === post])).toEqual([['mm/gup.c', true, true]]);
    expect(base.files[0].functions?.names).toEqual(['grab_one']);
  });

  test('(a) a blob in no release before the Date claims no release', async () => {
    const post = GUP_NEXT.replace('	int ret = 0;\n', '	int ret = -EAGAIN;\n');
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/gup.c', pre: GUP_NEXT, post }]));
    expect([base.how, base.rev, base.release]).toEqual(['blob', blobId(GUP_NEXT), null]);
    expect(base.detail).toBe(`blob ${blobId(GUP_NEXT).slice(0, 12)} of mm/gup.c (index line, hunks apply)`);
  });

  test('(b) by the base-commit trailer when the blobs are unknown', async () => {
    const post = GUP_NEXT.replace('	ptep = pte_offset_map(&pmd, addr);\n', '	ptep = pte_offset_map_ro_nolock(&pmd, addr);\n');
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/gup.c', pre: GUP_NEXT, post, index: 'unknown' }], { baseCommit: commits.next }));
    expect(base.how).toBe('base-commit');
    expect(base.rev).toBe(commits.next);
    expect(base.commit).toBe(commits.next);
    expect(base.detail).toBe(`${commits.next.slice(0, 12)} (base-commit trailer, at or after v6.6-rc1, hunks apply)`);
    expect(base.release).toBe('v6.6-rc1');
    expect(base.tried.map((t) => [t.how, t.code])).toEqual([['blob', 'blob-unknown']]);
    expect(base.files[0].functions?.names).toEqual(['gup_fast_walk_ptes']);
  });

  test('(b) an abbreviated base-commit, read from a real mail, with its Date', async () => {
    const post = GUP_NEXT.replace('	int ret = 0;\n', '	int ret = -EAGAIN;\n');
    const raw = patchMail({ subject: 'mm/gup: fail the walk with -EAGAIN', date: 'Wed, 20 Sep 2023 12:00:00 +0200', diff: gitDiff([{ path: 'mm/gup.c', pre: GUP_NEXT, post, index: 'unknown' }]), baseCommit: commits.next.slice(0, 12) });
    const parsed = await parseMessage(Buffer.from(raw));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.mail.baseCommit).toBe(commits.next.slice(0, 12));
    const { base } = await resolveIn(repo.dir, parsed.mail);
    expect([base.how, base.rev]).toEqual(['base-commit', commits.next]);
  });

  test('(c) the newest release tag before the Date: v6.6-rc1 is later than the mail and not taken', async () => {
    // The patch applies to v6.6-rc1 as well (with an offset): only the Date rules it out.
    const mail = input([{ path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5), index: 'unknown' }], { date: '2023-09-05T09:00:00.000Z' });
    const { base } = await resolveIn(repo.dir, mail);
    expect([base.how, base.rev, base.commit, base.release]).toEqual(['tag', 'v6.5', commits.v65, 'v6.5']);
    expect(base.detail).toBe("v6.5 (tag before the mail's Date, hunks apply)");
    expect(base.tried.map((t) => [t.how, t.code])).toEqual([
      ['blob', 'blob-unknown'],
      ['base-commit', 'no-base-commit'],
    ]);
    // After v6.6-rc1, the same patch is taken there, five lines lower.
    const later = await resolveIn(repo.dir, { ...mail, date: '2023-09-12T09:00:00.000Z' });
    expect([later.base.how, later.base.rev]).toEqual(['tag', 'v6.6-rc1']);
    expect(later.base.files[0].hunks[0].offset).toBe(5);
    expect(later.base.files[0].post).toBe(rcuGet(GUP_V6_6_RC1));
  });

  test('(c) tags on which the hunks do not apply are skipped, newest first', async () => {
    const post = pagesAt(GUP_V6_4);
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/gup.c', pre: GUP_V6_4, post, index: 'unknown' }], { date: '2023-09-05T09:00:00.000Z', baseCommit: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed' }));
    expect([base.how, base.rev, base.commit]).toEqual(['tag', 'v6.4', commits.v64]);
    expect(base.detail).toBe("v6.4 (tag before the mail's Date, hunks apply; v6.5, v6.5-rc1 skipped: the hunks do not apply)");
    expect(base.tried.map((t) => [t.how, t.rev, t.code])).toEqual([
      ['blob', null, 'blob-unknown'],
      ['base-commit', 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed', 'base-commit-unknown'],
      ['tag', 'v6.5', 'does-not-apply'],
      ['tag', 'v6.5-rc1', 'does-not-apply'],
    ]);
    const f = base.files[0];
    expect([f.pre, f.post]).toEqual([GUP_V6_4, post]);
    expect(f.functions?.names).toEqual(['walk_ptes']);
    expect(f.functions?.pre[0].text).toMatch(/^static int walk_ptes\(pmd_t pmd,[\s\S]*\tpages\[\(\*nr\)\+\+\] = pte_page\(pte\);[\s\S]*\treturn ret;\n\}$/);
    expect(f.functions?.post[0].text).toContain('\t\t(*nr)++;\n');
  });

  test('(d) a patch that applies to no candidate base: the reference code, with every attempt', async () => {
    const pre = GUP_V6_4.replace('	int ret = 0;\n', '	int ret = -EFAULT;\n');
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/gup.c', pre, post: pre.replace('-EFAULT', '-EINTR'), index: 'unknown' }]));
    expect(base.how).toBe('reference');
    expect(base.code).toBe('no-base-applies');
    expect(base.files).toEqual([]);
    expect(base.rev).toBeNull();
    expect(base.tried.filter((t) => t.how === 'tag').map((t) => [t.rev, t.code])).toEqual([
      ['v6.6-rc1', 'does-not-apply'],
      ['v6.5', 'does-not-apply'],
      ['v6.5-rc1', 'does-not-apply'],
      ['v6.4', 'does-not-apply'],
    ]);
    expect(base.detail).toMatch(/^reference code \(the patch applies to no candidate base in the tree: .*pre-image blob [0-9a-f]{12} \(mm\/gup\.c\) not in the tree.*the hunks apply to none of v6\.6-rc1, v6\.5, v6\.5-rc1, v6\.4/);
  });

  test('a file changed twice in one patch is changed the second time on top of the first', async () => {
    const mid = rcuGet(GUP_V6_5);
    const post = pagesAt(mid);
    const diff = gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_5, post: mid }]) + gitDiff([{ path: 'mm/gup.c', pre: mid, post }]);
    const r = parseUnifiedDiff(diff);
    const { base } = await resolveIn(repo.dir, { diff: r.files, date: '2023-09-05T09:00:00.000Z', baseCommit: null });
    expect(base.how).toBe('blob');
    expect(base.files.map((f) => [f.pre, f.post])).toEqual([
      [GUP_V6_5, mid],
      [mid, post],
    ]);
  });

  test('only the files of interest are read: a treewide patch is resolved by its mm/ part', async () => {
    const mail = input(
      [
        { path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5), index: 'unknown' },
        { path: 'drivers/gpu/pin.c', pre: 'int pin;\n', post: 'long pin;\n', index: 'unknown' },
      ],
      { date: '2023-09-05T09:00:00.000Z' },
    );
    const all = await resolveIn(repo.dir, mail);
    expect(all.base.code).toBe('no-base-applies');
    const tree = await KernelTree.open(repo.dir);
    const mm = await resolveBase(tree, mail, { only: (p) => p.startsWith('mm/') });
    expect([mm.how, mm.rev, mm.files.map((f) => f.path)]).toEqual(['tag', 'v6.5', ['mm/gup.c']]);
    expect(tree.reads.every((r) => r.endsWith(':mm/gup.c'))).toBe(true);
    expect((await resolveBase(tree, mail, { only: (p) => p.startsWith('kernel/') })).detail).toBe('reference code (the patch changes no file of interest)');
  });

  test('a file the patch modifies that is missing at a tag is not that tag', async () => {
    const pre = 'int only_in_the_series;\n';
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/khugepaged.c', pre, post: 'int only;\n', index: 'unknown' }], { date: '2023-07-01T00:00:00Z' }));
    expect(base.code).toBe('no-base-applies');
    expect(base.tried.filter((t) => t.how === 'tag').map((t) => [t.rev, t.code, t.detail])).toEqual([['v6.4', 'file-missing', 'mm/khugepaged.c is not there']]);
  });

  test('a function the C parser cannot read is stated, not guessed', async () => {
    const post = BROKEN_C.replace('return -EBUSY;', 'return -EAGAIN;');
    const { base } = await resolveIn(repo.dir, input([{ path: 'mm/broken.c', pre: BROKEN_C, post }]));
    expect(base.how).toBe('blob');
    const fns = base.files[0].functions!;
    expect(fns.names).toEqual(['half_written']);
    expect(fns.pre.map((f) => [f.name, f.hasError, f.error?.line])).toEqual([['half_written', true, 6]]);
    expect(fns.post.map((f) => [f.name, f.hasError])).toEqual([['half_written', true]]);
  });
});

describe('bad input, each a stated outcome', () => {
  test('the tree path is not a git repository (or only inside one)', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'racebot-plain-'));
    try {
      const mail = input([{ path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5) }]);
      const r = await resolveBaseAt(plain, mail);
      expect([r.how, r.code]).toEqual(['reference', 'not-a-git-repo']);
      expect(r.detail).toBe(`reference code (${plain}: not a git repository)`);
      expect((await resolveBaseAt(join(plain, 'nope'), mail)).code).toBe('not-a-git-repo');
      // mm/ inside the clone is not the clone: refused rather than reading the enclosing repository.
      await expect(KernelTree.open(join(repo.dir, 'mm'))).rejects.toMatchObject({ code: 'not-a-git-repo' });
      await expect(KernelTree.open(join(repo.dir, 'mm'))).rejects.toBeInstanceOf(TreeError);
      expect((await resolveBaseAt(null, mail)).code).toBe('no-tree');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  test('blobs and base-commit unknown to the tree, and no tag to try', async () => {
    const other = makeRepo('racebot-other-');
    try {
      other.commit({ 'mm/gup.c': GUP_V6_4 }, 'import', '2023-01-01T00:00:00Z');
      const mail = input([{ path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5) }], { baseCommit: commits.next });
      const { base } = await resolveIn(other.dir, mail);
      expect([base.how, base.code]).toEqual(['reference', 'unknown-to-tree']);
      expect(base.tried.map((t) => t.code)).toEqual(['blob-unknown', 'base-commit-unknown', 'no-release-tags']);
      expect(base.detail).toMatch(/^reference code \(the tree has none of the bases the patch names: /);
      other.tag('v6.4', '2023-01-01T00:00:00Z');
      const early = await resolveIn(other.dir, { ...mail, date: '2022-12-01T00:00:00.000Z' });
      expect(early.base.tried.map((t) => t.code)).toEqual(['blob-unknown', 'base-commit-unknown', 'no-tag-before-date']);
      const invalid = await resolveIn(other.dir, { ...mail, baseCommit: 'v6.4; rm -rf /' });
      expect(invalid.base.tried.map((t) => t.code)).toContain('base-commit-invalid');
    } finally {
      other.remove();
    }
  });

  test("a bare clone, and a clone's .git directory, are trees too", async () => {
    const bare = makeRepo('racebot-bare-', { bare: true });
    try {
      repo.git(['push', '--quiet', bare.dir, 'HEAD:refs/heads/master', '--tags']);
      const mail = input([{ path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5), index: 'unknown' }], { date: '2023-09-05T09:00:00.000Z' });
      for (const dir of [bare.dir, join(repo.dir, '.git')]) {
        const { base } = await resolveIn(dir, mail);
        expect([base.how, base.rev]).toEqual(['tag', 'v6.5']);
      }
    } finally {
      bare.remove();
    }
  });

  test('a patch without text hunks', async () => {
    const { base } = await resolveIn(repo.dir, { diff: [], date: null, baseCommit: null });
    expect([base.how, base.code]).toEqual(['reference', 'no-diff']);
  });

  test('a huge tree: only the files the patch names are read, nothing is enumerated', async () => {
    const big = makeRepo('racebot-big-');
    try {
      const header = Array.from({ length: 20000 }, (_, i) => `#define REG_${i} 0x${i.toString(16)}`).join('\n') + '\n';
      big.commit({ 'mm/gup.c': GUP_V6_5, 'drivers/gpu/regs.h': header, 'drivers/gpu/a.c': 'int a;\n', 'include/linux/regs.h': header }, 'Linux 6.5', '2023-08-27T20:00:00Z');
      big.tag('v6.5', '2023-08-27T20:00:00Z');
      // Remove the object of the drivers/ directory: walking or listing the tree now fails.
      const drivers = big.git(['rev-parse', 'HEAD:drivers']).trim();
      unlinkSync(join(big.dir, '.git', 'objects', drivers.slice(0, 2), drivers.slice(2)));
      expect(() => big.git(['ls-tree', '-r', 'HEAD'])).toThrow();
      const { base, tree } = await resolveIn(big.dir, input([{ path: 'mm/gup.c', pre: GUP_V6_5, post: rcuGet(GUP_V6_5), index: 'unknown' }]));
      expect([base.how, base.rev]).toEqual(['tag', 'v6.5']);
      expect(tree.reads).toEqual([`${base.commit}:mm/gup.c`]);
      // A named file above the size limit is not read: stated, not read.
      const huge = await resolveIn(big.dir, input([{ path: 'include/linux/regs.h', pre: header, post: header.replace('REG_7 0x7', 'REG_7 0x70') }]), { maxFileBytes: 100_000 });
      expect([huge.base.how, huge.base.code]).toEqual(['reference', 'file-too-large']);
      expect(huge.base.tried.map((t) => t.code)).toEqual(['file-too-large', 'no-base-commit', 'file-too-large']);
      expect(huge.tree.reads).toEqual([]);
    } finally {
      big.remove();
    }
  });
});

test('the work tree, the index and HEAD are untouched by all of the above', () => {
  expect(repo.head()).toBe(before.head);
  expect(hashFile(join(repo.dir, '.git', 'index'))).toBe(before.index);
  expect(repo.git(['status', '--porcelain'])).toBe('');
  expect(readFileSync(join(repo.dir, 'mm', 'gup.c'), 'utf8')).toBe(GUP_NEXT);
});
