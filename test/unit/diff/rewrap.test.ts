import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { rejoinWrappedLines } from '../../../src/diff/rewrap.js';
import { checkPatch } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/parse.js';

// A hunk as webmail sends it: the function line of the header and two long lines broken at a
// space, one of them right after its `+`.
const wrapped = [
  'diff --git a/mm/vmscan.c b/mm/vmscan.c',
  '--- a/mm/vmscan.c',
  '+++ b/mm/vmscan.c',
  '@@ -1300,6 +1300,9 @@ static unsigned int shrink_page_list(struct',
  'list_head *page_list,',
  '                        if (!add_to_swap(page))',
  '                                goto activate_locked;',
  '                }',
  '+               if (nr_pages > 1 && nr_pages',
  '<= HPAGE_PMD_NR)',
  '+',
  'count_swap_fallback(page);',
  '+',
  ' ',
  '                if (PageDirty(page)) {',
  '                        if (!may_write_dirty(page))',
  '',
].join('\n');

describe('rejoinWrappedLines', () => {
  it('joins each piece to the line it was broken from, and the hunk then counts out', () => {
    expect(parseUnifiedDiff(wrapped).problems.length).toBeGreaterThan(0);
    const re = rejoinWrappedLines(wrapped)!;
    expect(re.rejoined).toBe(3);
    const parsed = parseUnifiedDiff(re.text);
    expect(parsed.problems).toEqual([]);
    const h = parsed.files[0].hunks[0];
    expect(h.functionName).toMatch(/shrink_page_list\(struct list_head \*page_list,/);
    expect(h.lines.filter((l) => l.kind === 'add').map((l) => l.text.trim())).toEqual(['if (nr_pages > 1 && nr_pages <= HPAGE_PMD_NR)', 'count_swap_fallback(page);', '']);
  });
  it('leaves alone a diff with nothing wrapped, and one whose hunks do not count out even so', () => {
    const whole = rejoinWrappedLines(wrapped)!.text;
    expect(parseUnifiedDiff(whole).problems).toEqual([]);
    expect(rejoinWrappedLines(whole)).toBeNull();
    expect(rejoinWrappedLines(wrapped.replace('+1300,9 @@', '+1300,10 @@'))).toBeNull();
  });
  it('a reply with a wrapped diff is checked on it, and the report says the diff was wrapped', async () => {
    const mail = [
      'From: Reviewer <reviewer@example.org>',
      'To: linux-mm@kvack.org',
      'Subject: Re: [PATCH v2 3/4] mm: vmscan: count the swap fallback',
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Message-ID: <wrapped-reply@example.org>',
      'In-Reply-To: <v2-3@example.org>',
      '',
      'Something like this, untested:',
      '',
      wrapped,
      'Thanks',
      '',
    ].join('\n');
    const parsed = await parseMessage(mail);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.mail.diffRejoinedLines).toBe(3);
    const r = checkPatch(parsed.mail);
    expect(r.outcome).toBe('checked');
    expect(r.diffSkipped).toMatch(/line-wrapped \(3 wrapped lines joined back/);
  });
});
