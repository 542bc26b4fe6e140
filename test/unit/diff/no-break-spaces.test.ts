import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { restoreNoBreakSpaces } from '../../../src/diff/rewrap.js';
import { checkPatch } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/parse.js';

// A hunk as some mail clients send it: the leading space of each context line, and a run of
// spaces in a comment, written as no-break spaces (U+00A0). As sent it will not apply, and each
// such line reads as no diff line at all.
const NBSP = '\u00a0';
const damaged = [
  'diff --git a/mm/vmscan.c b/mm/vmscan.c',
  '--- a/mm/vmscan.c',
  '+++ b/mm/vmscan.c',
  '@@ -1290,6 +1290,8 @@ static unsigned long shrink_page_list(struct list_head *page_list,',
  `${NBSP}\t\t\tif (!add_to_swap(page, page_list))`,
  `${NBSP}\t\t\t\tgoto activate_locked;`,
  `${NBSP}\t\t}`,
  `+\t\t/*${NBSP}${NBSP}count the fallback to a swap of small pages */`,
  '+\t\tcount_swap_fallback(page);',
  `${NBSP}`,
  `${NBSP}\t\tif (PageDirty(page)) {`,
  `${NBSP}\t\t\tif (!may_write_dirty(page))`,
  '',
].join('\n');

describe('restoreNoBreakSpaces', () => {
  it('reads each no-break space in a hunk as a space, and the hunk then counts out', () => {
    expect(parseUnifiedDiff(damaged).problems.length).toBeGreaterThan(0);
    const r = restoreNoBreakSpaces(damaged)!;
    expect(r.lines).toBe(7);
    const parsed = parseUnifiedDiff(r.text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.files[0].hunks[0].lines.filter((l) => l.kind === 'context')).toHaveLength(6);
    expect(r.text).not.toContain(NBSP);
  });

  it('is null for a diff with none', () => {
    expect(restoreNoBreakSpaces(restoreNoBreakSpaces(damaged)!.text)).toBeNull();
  });

  it('a patch mail so damaged is checked, and the report says how it was read', async () => {
    const mail = [
      'From: Author <author@example.org>',
      'To: linux-mm@kvack.org',
      'Subject: [PATCH 2/7] mm: vmscan: count the swap fallback',
      'Date: Tue, 03 May 2016 10:00:00 +0000',
      'Message-ID: <nbsp-damaged@example.org>',
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Count the fallback.',
      '',
      'Signed-off-by: Author <author@example.org>',
      '---',
      damaged,
      `--${NBSP}`,
      '2.5.5',
      '',
    ].join('\n');
    const parsed = await parseMessage(mail);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.mail.diffNoBreakSpaces).toBe(7);
    const r = checkPatch(parsed.mail);
    expect(r.outcome).toBe('checked');
    expect(r.diffSkipped).toMatch(/whitespace-damaged \(7 lines with no-break spaces where the patch has spaces, read as spaces/);
  });
});
