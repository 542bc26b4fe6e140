/**
 * The in-memory applier: exact context, offsets, where each hunk landed, created and deleted
 * files, the missing final newline.
 */
import { describe, expect, test } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';
import { applyFileHunks } from '../../../src/tree/apply.js';
import { gitDiff } from '../../helpers/git-tree.js';
import { GUP_V6_4, GUP_V6_5, GUP_V6_6_RC1 } from '../../helpers/kernel-fixture.js';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function fileOf(diff: string) {
  const r = parseUnifiedDiff(diff);
  expect(r.problems).toEqual([]);
  expect(r.files).toHaveLength(1);
  return r.files[0];
}

// The v6.5 fix as a patch against v6.4.
const FIX = fileOf(gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_4, post: GUP_V6_5 }]));

describe('applyFileHunks', () => {
  test('applies at the header position and gives the post-image and the changed lines', () => {
    const r = applyFileHunks(GUP_V6_4, FIX);
    if (!r.ok) throw new Error(r.reason);
    expect(r.post).toBe(GUP_V6_5);
    expect(r.changedPre).toEqual([]);
    const first = lineOf(GUP_V6_5, 'if (unlikely(pte_val(pte)');
    expect(r.changedPost).toEqual([first, first + 1, first + 2, first + 3]);
    expect(r.hunks).toEqual([{ index: 0, offset: 0, pre: [first, first - 1], post: [first, first + 3] }]);
  });

  test('a hunk moved by lines added above it applies with an offset', () => {
    // v6.6-rc1 has five more lines above the walk: the v6.4 -> v6.5 hunk lands five lines lower.
    const moved = GUP_V6_6_RC1.replace(GUP_V6_5.slice(GUP_V6_5.indexOf('static int walk_ptes')), GUP_V6_4.slice(GUP_V6_4.indexOf('static int walk_ptes')));
    const r = applyFileHunks(moved, FIX);
    if (!r.ok) throw new Error(r.reason);
    expect(r.post).toBe(GUP_V6_6_RC1);
    expect(r.hunks[0].offset).toBe(5);
    expect(r.changedPost[0]).toBe(lineOf(GUP_V6_6_RC1, 'if (unlikely(pte_val(pte)'));
  });

  test('deleted lines are numbered in the pre-image, added ones in the post-image, hunk after hunk', () => {
    const post = GUP_V6_4.replace('if (!folio_try_get(folio))', 'if (!folio_try_get_rcu(folio))').replace('	pte_unmap(ptep);\n', '	pte_unmap(ptep);\n	pr_debug("walked\\n");\n');
    const f = fileOf(gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_4, post }]));
    expect(f.hunks).toHaveLength(2);
    const r = applyFileHunks(GUP_V6_4, f);
    if (!r.ok) throw new Error(r.reason);
    expect(r.post).toBe(post);
    expect(r.changedPre).toEqual([lineOf(GUP_V6_4, 'folio_try_get(folio)')]);
    expect(r.changedPost).toEqual([lineOf(post, 'folio_try_get_rcu'), lineOf(post, 'pr_debug')]);
  });

  test('context that is not in the file does not apply, and says which hunk', () => {
    // The v6.5 fix again, on v6.5: its context is there but the lines it adds are already in
    // the way of a second hunk that changes the old `goto out` block.
    const post = GUP_V6_4.replace('		pages[(*nr)++] = pte_page(pte);\n', '		pages[*nr] = pte_page(pte);\n		(*nr)++;\n');
    const f = fileOf(gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_4, post }]));
    const r = applyFileHunks(GUP_V6_5, f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.hunk).toBe(0);
    expect(r.reason).toMatch(/^mm\/gup\.c hunk 1 \(@@ -\d+,\d+ \+\d+,\d+ @@\) does not apply/);
  });

  test('no fuzz: one changed whitespace in the context is enough to refuse', () => {
    const r = applyFileHunks(GUP_V6_4.replace('		if (!folio)\n			goto out;', '		if (!folio)\n		        goto out;'), FIX);
    expect(r.ok).toBe(false);
  });

  test('a hunk starting at line 1 must match at the start of the file', () => {
    const post = GUP_V6_4.replace('// SPDX-License-Identifier: GPL-2.0-only\n', '// SPDX-License-Identifier: GPL-2.0\n');
    const f = fileOf(gitDiff([{ path: 'mm/gup.c', pre: GUP_V6_4, post }]));
    expect(applyFileHunks(GUP_V6_4, f).ok).toBe(true);
    // The same lines further down (a file with a banner above) are not the start.
    expect(applyFileHunks('/* banner */\n' + GUP_V6_4, f).ok).toBe(false);
  });

  test('a created file applies to nothing; a deleted file must go whole', () => {
    const created = fileOf(gitDiff([{ path: 'mm/new.c', pre: '', post: 'int x;\nint y;\n' }]));
    created.status = 'added';
    const r = applyFileHunks('', created);
    expect(r.ok && r.post).toBe('int x;\nint y;\n');
    const deleted = fileOf(gitDiff([{ path: 'mm/old.c', pre: 'int x;\nint y;\n', post: '' }]));
    deleted.status = 'deleted';
    const d = applyFileHunks('int x;\nint y;\n', deleted);
    expect(d.ok && d.post).toBe('');
    expect(applyFileHunks('int x;\nint y;\nint z;\n', deleted).ok).toBe(false);
  });

  test('the final newline follows the `\\ No newline at end of file` markers', () => {
    const f = fileOf(gitDiff([{ path: 'mm/x.c', pre: 'a\nb\nc', post: 'a\nb\nc\nd\n' }]));
    const r = applyFileHunks('a\nb\nc', f);
    expect(r.ok && r.post).toBe('a\nb\nc\nd\n');
    // The marker says the old last line has no newline: a file that has one is another file.
    expect(applyFileHunks('a\nb\nc\n', f).ok).toBe(false);
    const g = fileOf(gitDiff([{ path: 'mm/x.c', pre: 'a\nb\n', post: 'a\nB' }]));
    const s = applyFileHunks('a\nb\n', g);
    expect(s.ok && s.post).toBe('a\nB');
  });
});
