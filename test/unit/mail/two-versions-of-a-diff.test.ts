import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/index.js';

// A reply that gives two whole diffs of one file with prose between them (a reviewer's two ways
// to do a change, or a diff and its corrected version): read together they change the same lines
// twice, which no tree has. One change at a time: the later diff is the mail's (as for an excerpt
// before a whole diff), and the earlier one is said to be left out.
const hunk = (added: string, index = '1111111..2222222') => [
  'diff --git a/mm/example.c b/mm/example.c',
  `index ${index} 100644`,
  '--- a/mm/example.c',
  '+++ b/mm/example.c',
  '@@ -10,6 +10,7 @@ static int example_fn(int a)',
  ' \tint b = a;',
  ' ',
  ' \tb += 1;',
  `+\t${added}`,
  ' \tb += 2;',
  ' ',
  ' \treturn b;',
];
const mail = (bodies: string[][]) =>
  [
    'From: Test Reviewer <reviewer@example.org>',
    'To: linux-mm@kvack.org',
    'Subject: Re: [PATCH v2 3/9] mm: an example change',
    'Date: Tue, 23 Apr 2019 11:00:30 +0800',
    'Message-ID: <two-versions@example.org>',
    'In-Reply-To: <patch-v2-3@example.org>',
    '',
    'One way is:',
    '',
    ...bodies[0],
    '',
    'And the other way is:',
    '',
    ...bodies[1],
    '',
    'I would take the first.',
    '',
  ].join('\n');

describe('two whole diffs of one file in a reply', () => {
  it('keeps the later diff and says the earlier one is left out', async () => {
    const m = await parseMessage(mail([hunk('b *= 3;'), hunk('b *= 5;')]));
    if (!m.ok) throw new Error(m.reason);
    expect(m.mail.diffProblems).toEqual([]);
    expect(m.mail.diff).toHaveLength(1);
    expect(m.mail.diff[0].hunks[0].lines.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['\tb *= 5;']);
    expect(m.mail.diffExcerptsSkipped).toEqual([expect.stringMatching(/^an earlier whole diff of mm\/example\.c/)]);
  });

  it('keeps diffs of two different files together', async () => {
    const other = hunk('b *= 7;').map((l) => l.replace(/mm\/example\.c/g, 'mm/other.c'));
    const m = await parseMessage(mail([hunk('b *= 3;'), other]));
    if (!m.ok) throw new Error(m.reason);
    expect(m.mail.diff.map((f) => f.newPath)).toEqual(['mm/example.c', 'mm/other.c']);
    expect(m.mail.diffExcerptsSkipped ?? []).toEqual([]);
  });

  // (Sample 118's L004 shape, 2022: a reviewer pastes two commits of their tree, one after the
  // other; the second starts from the blob the first ends with.)
  it('keeps both where the later starts from the blob the earlier ends with: successive commits', async () => {
    const m = await parseMessage(mail([hunk('b *= 3;', 'e8e2144cbfa6..bd2af7a36791'), hunk('b *= 5;', 'bd2af7a36791..a1bd2b5c818a')]));
    if (!m.ok) throw new Error(m.reason);
    expect(m.mail.diff).toHaveLength(2);
    expect(m.mail.diffExcerptsSkipped ?? []).toEqual([]);
    // (Ids abbreviated to other lengths chain on their common prefix; other ids do not chain.)
    const ab = await parseMessage(mail([hunk('b *= 3;', 'e8e2144..bd2af7a36791'), hunk('b *= 5;', 'bd2af7a..a1bd2b5')]));
    if (!ab.ok) throw new Error(ab.reason);
    expect(ab.mail.diff).toHaveLength(2);
    const unchained = await parseMessage(mail([hunk('b *= 3;', 'e8e2144..bd2af7a'), hunk('b *= 5;', 'e8e2144..a1bd2b5')]));
    if (!unchained.ok) throw new Error(unchained.reason);
    expect(unchained.mail.diff).toHaveLength(1);
  });
});
