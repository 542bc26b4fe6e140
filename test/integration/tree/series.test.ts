/**
 * resolveBases on a series, as `git am` applies one: patch 2's index lines name patch 1's
 * post-image (in memory only), and the cover letter's base-commit serves every patch.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseMessage } from '../../../src/mail/index.js';
import type { PatchMail } from '../../../src/mail/types.js';
import { gitBlobId, resolveBases } from '../../../src/tree/index.js';
import { gitDiff, makeRepo, patchMail, type TestRepo } from '../../helpers/git-tree.js';
import { GUP_V6_4, GUP_V6_5 } from '../../helpers/kernel-fixture.js';

let repo: TestRepo;
let beyond: string;

beforeAll(() => {
  repo = makeRepo();
  repo.commit({ 'mm/gup.c': GUP_V6_4 }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  repo.tag('v6.4', '2023-06-25T20:00:00Z');
  repo.commit({ 'mm/gup.c': GUP_V6_5 }, 'Linux 6.5', '2023-08-27T20:00:00Z');
  repo.tag('v6.5', '2023-08-27T20:00:00Z');
  // A later, untagged commit the series is based on.
  beyond = repo.commit({ 'mm/gup.c': GUP_V6_5.replace('	int ret = 0;\n', '	int ret = 0;\n	int refs = 1;\n') }, 'mm/gup: count refs', '2023-09-02T20:00:00Z');
});

afterAll(() => repo?.remove());

async function mail(raw: string): Promise<PatchMail> {
  const r = await parseMessage(Buffer.from(raw));
  if (!r.ok) throw new Error(r.reason);
  return r.mail;
}

const DATE = 'Tue, 5 Sep 2023 09:00:00 +0000';
const P1 = GUP_V6_5.replace('if (!folio_try_get(folio))', 'if (!folio_try_get_rcu(folio))');
// Patch 2 changes the line patch 1 wrote: it applies to nothing in the tree.
const P2 = P1.replace('if (!folio_try_get_rcu(folio))', 'if (unlikely(!folio_try_get_rcu(folio)))');

test("patch 2's blobs are patch 1's post-image: resolved in memory, in series order", async () => {
  const cover = 'cover.1@example.org';
  const m1 = await mail(patchMail({ prefix: 'PATCH 1/2', subject: 'mm/gup: take the folio under RCU', date: DATE, inReplyTo: cover, diff: gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_5, post: P1 }]) }));
  const m2 = await mail(patchMail({ prefix: 'PATCH 2/2', subject: 'mm/gup: the try is unlikely to fail', date: DATE, inReplyTo: cover, diff: gitDiff([{ path: 'mm/gup.c', pre: P1, post: P2 }]) }));
  // Given in reverse order: the series order decides.
  const bases = await resolveBases(repo.dir, [m2, m1]);
  expect(bases.get(m1.messageId)!.how).toBe('blob');
  const b2 = bases.get(m2.messageId)!;
  expect([b2.how, b2.rev]).toEqual(['blob', gitBlobId(P1)]);
  expect(b2.detail).toBe(`blob ${gitBlobId(P1).slice(0, 12)} of mm/gup.c (index line: the earlier patches of the series applied, hunks apply)`);
  expect(b2.files[0].post).toBe(P2);
  // Alone, patch 2 has no base in the tree.
  const alone = await resolveBases(repo.dir, [m2]);
  expect(alone.get(m2.messageId)!.code).toBe('no-base-applies');
});

test("the cover letter's base-commit serves the patches that have none", async () => {
  const coverId = 'cover.2@example.org';
  const cover = await mail(patchMail({ prefix: 'PATCH 0/1', subject: 'gup: refs', date: DATE, messageId: coverId, diff: '', baseCommit: beyond }));
  const post = GUP_V6_5.replace('	int ret = 0;\n', '	int ret = 0;\n	int refs = 2;\n');
  const pre = GUP_V6_5.replace('	int ret = 0;\n', '	int ret = 0;\n	int refs = 1;\n');
  const m1 = await mail(patchMail({ prefix: 'PATCH 1/1', subject: 'mm/gup: two refs', date: DATE, inReplyTo: coverId, diff: gitDiff([{ path: 'mm/gup.c', pre, post, index: 'unknown' }]) }));
  expect([cover.baseCommit, m1.baseCommit]).toEqual([beyond, null]);
  const bases = await resolveBases(repo.dir, [cover, m1]);
  const b = bases.get(m1.messageId)!;
  expect([b.how, b.rev, b.release]).toEqual(['base-commit', beyond, 'v6.5']);
  expect(bases.get(cover.messageId)!.code).toBe('no-diff');
});
