import { describe, expect, it } from 'vitest';
import { extractDiffText, locateDiff } from '../../../src/diff/index.js';
import { diffBlocks, inlineSeriesDiffs } from '../../../src/diff/extract.js';
import { exampleNames, readExample } from './helpers.js';

describe('extractDiffText', () => {
  it.each(exampleNames())('%s: starts at diff --git and stops before the signature', (name) => {
    const body = readExample(name);
    const text = extractDiffText(body);
    expect(text.startsWith('diff --git ')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/^-- ?$/m);
    expect(text).not.toContain('Signed-off-by');
    expect(text).not.toContain('files changed');
  });

  it('stops at "-- " after the last hunk, keeps base-commit lines out of hunks', () => {
    const body = [
      'Subject line body',
      '',
      'Signed-off-by: A <a@x>',
      '---',
      ' f | 2 +-',
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '',
      'base-commit: 0123456789abcdef0123456789abcdef01234567',
      '-- ',
      '2.40.1',
      '',
    ].join('\n');
    const loc = locateDiff(body);
    expect(loc.separatorLine).toBe(3);
    expect(loc.startLine).toBe(6);
    expect(loc.text).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n\nbase-commit: 0123456789abcdef0123456789abcdef01234567\n');
  });

  it('a deleted line reading "- " inside a hunk does not end the diff', () => {
    const body = 'x\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n-- \n a\n-- \n2.1\n';
    expect(extractDiffText(body)).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n-- \n a\n');
  });

  it('keeps a trailing blank context line that the hunk needs', () => {
    const body = 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n\n\n\n';
    expect(extractDiffText(body)).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n\n');
  });

  it('finds Index: and bare ---/+++ diffs, and stops at a mailing-list footer', () => {
    const quilt = 'Text.\n\nIndex: linux/mm/a.c\n===================================================================\n--- linux.orig/mm/a.c\n+++ linux/mm/a.c\n@@ -1 +1 @@\n-a\n+b\n_______________________________________________\nlist mailing list\n';
    expect(extractDiffText(quilt)).toBe('Index: linux/mm/a.c\n===================================================================\n--- linux.orig/mm/a.c\n+++ linux/mm/a.c\n@@ -1 +1 @@\n-a\n+b\n');
    const bare = 'Hello\n--- a/mm/b.c\n+++ b/mm/b.c\n@@ -1 +1 @@\n-a\n+b\n';
    expect(extractDiffText(bare)).toBe('--- a/mm/b.c\n+++ b/mm/b.c\n@@ -1 +1 @@\n-a\n+b\n');
  });

  it('returns "" for bodies without a diff, and ignores quoted diffs', () => {
    expect(extractDiffText('Just some text\n---\nmore text\n')).toBe('');
    expect(extractDiffText('> diff --git a/f b/f\n> --- a/f\n> +++ b/f\n> @@ -1 +1 @@\n')).toBe('');
    expect(extractDiffText('')).toBe('');
  });

  it("reads a diff pasted from Emacs magit (`modified   path` heads each file's hunks)", () => {
    // (Sample 10's R64: a reviewer's suggested fix, inline in a reply.)
    const body = [
      'Would moving the flush up help?',
      '',
      'modified   mm/mremap.c',
      '@@ -10,3 +10,3 @@ static bool move_normal_pmd(struct vm_area_struct *vma)',
      ' \tpmd_clear(old_pmd);',
      '-\tx = 1;',
      '+\tx = 2;',
      ' \treturn true;',
      'modified   mm/memory.c',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '',
      'Thanks',
    ].join('\n');
    const text = extractDiffText(body);
    expect(text.startsWith('--- a/mm/mremap.c\n+++ b/mm/mremap.c\n@@ -10,3 +10,3 @@ static bool move_normal_pmd(')).toBe(true);
    expect(text).toContain('\n+\tx = 2;\n \treturn true;\n--- a/mm/memory.c\n+++ b/mm/memory.c\n@@ -1 +1 @@\n-a\n+b\n');
    expect(text).not.toMatch(/^modified/m);
    // (Prose that says "modified" is no file header: a hunk must follow at once.)
    expect(extractDiffText('I modified   mm/a.c\nmodified   mm/a.c\nsee above\n')).toBe('');
  });

  it('reads a sketch pasted without its first lines (`+++ b/path` alone, then a hunk)', () => {
    // (Sample 26's R20: a reviewer's "something simpler like this?", inline in a reply.)
    const body = ['Did you consider something simpler?', '', '+++ b/mm/vmscan.c', '@@ -5,2 +5,3 @@ enum folio_references {', ' \tFOLIOREF_KEEP,', '+\tFOLIOREF_RESCAN,', ' \tFOLIOREF_ACTIVATE,', '', 'Thanks'].join('\n');
    expect(extractDiffText(body).startsWith('--- a/mm/vmscan.c\n+++ b/mm/vmscan.c\n@@ -5,2 +5,3 @@ enum folio_references {\n \tFOLIOREF_KEEP,\n+\tFOLIOREF_RESCAN,\n \tFOLIOREF_ACTIVATE,\n')).toBe(true);
    // (A `+++` line with its `---` is the ordinary header; a lone one with no hunk after is text.)
    expect(extractDiffText('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n')).toBe('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n');
    expect(extractDiffText('+++ b/mm/vmscan.c\nno hunk here\n')).toBe('');
  });

  it('tolerates CRLF bodies', () => {
    const body = 'msg\r\n---\r\ndiff --git a/f b/f\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n-- \r\n2.1\r\n';
    expect(extractDiffText(body)).toBe('diff --git a/f b/f\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n');
  });
});

describe('inlineSeriesDiffs', () => {
  // Sample 30's R38 (2025): a reply that pastes a whole series below its text, each patch a
  // format-patch file after its own `From <sha> Mon Sep 17 ...` line. Only the first file's diff
  // was read, and it touched no modelled function; the fourth changed the CONTINUE worker.
  const file = (sha: string, subject: string, path: string, line: string) => [
    `From ${sha} Mon Sep 17 00:00:00 2001`,
    'From: Some One <one@example.org>',
    `Subject: ${subject}`,
    '',
    'Why.',
    '',
    '---',
    ` ${path} | 1 +`,
    '',
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    '@@ -1,2 +1,3 @@',
    ' a',
    `+${line}`,
    ' b',
    '-- ',
    '2.49.0',
    '',
  ];
  const body = ['Something like this, on top of your series:', '', '===8<===', ...file('a'.repeat(40), '[PATCH 1/2] one', 'include/x.h', 'int x;'), ...file('b'.repeat(40), '[PATCH 2/2] two', 'mm/y.c', 'y();')].join('\n');
  it('gives each pasted file its diff, in order', () => {
    const diffs = inlineSeriesDiffs(body);
    expect(diffs).toHaveLength(2);
    expect(diffs[0]).toMatch(/^diff --git a\/include\/x\.h/);
    expect(diffs[1]).toMatch(/^diff --git a\/mm\/y\.c[\s\S]*\+y\(\);/);
  });
  it('is empty for a body with one patch', () => {
    expect(inlineSeriesDiffs(file('c'.repeat(40), '[PATCH] one', 'mm/y.c', 'y();').join('\n'))).toEqual([]);
  });
});

describe('diffBlocks', () => {
  it('splits a body at the prose between two diffs and keeps what stands after each', () => {
    const body = [
      'Try this:',
      '',
      'modified   mm/a.c',
      '@@ -1,3 +1,3 @@ void f(void)',
      ' a();',
      '-b();',
      '+c();',
      '',
      '> and the other file?',
      '',
      'That one too:',
      '',
      'diff --git a/mm/b.c b/mm/b.c',
      '--- a/mm/b.c',
      '+++ b/mm/b.c',
      '@@ -1,1 +1,1 @@',
      '-d();',
      '+e();',
      '',
      'Thanks',
    ].join('\n');
    const blocks = diffBlocks(body);
    expect(blocks.map((b) => b.text.split('\n')[0])).toEqual(['--- a/mm/a.c', 'diff --git a/mm/b.c b/mm/b.c']);
    // The first hunk's last context line is blank: it stays in the block, and the prose follows.
    expect(blocks[0].text.endsWith('+c();\n\n')).toBe(true);
    expect(blocks[0].after).toEqual(['> and the other file?', '', 'That one too:', '']);
    expect(blocks[1].after).toEqual(['', 'Thanks']);
  });
});
