import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/index.js';

// Mails with a diff that are not a patch for review: the bot answers neither.
const DIFF = [
  'diff --git a/mm/gup.c b/mm/gup.c',
  'index 1111111..2222222 100644',
  '--- a/mm/gup.c',
  '+++ b/mm/gup.c',
  '@@ -1194,6 +1194,7 @@ static int faultin_page(struct vm_area_struct *vma,',
  ' 	}',
  ' ',
  ' 	ret = handle_mm_fault(vma, address, fault_flags, NULL);',
  '+	pr_info("faultin_page: %d\\n", ret);',
  ' 	if (ret & VM_FAULT_COMPLETED) {',
  ' 		/*',
  ' 		 * With FAULT_FLAG_RETRY_NOWAIT we\'ll never release the',
].join('\n');

async function report(headers: string[], body: string[]) {
  const raw = [...headers, 'Date: Mon, 1 Jul 2024 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', ...body, ''].join('\n');
  const r = await parseMessage(raw);
  if (!r.ok) throw new Error(r.reason);
  return checkPatch(r.mail);
}

describe('mails that are not submissions', () => {
  it('a #syz test request is no-patch, with why', async () => {
    const r = await report(
      ['From: Dev <dev@example.org>', 'To: syzbot+0123456789abcdef@syzkaller.appspotmail.com', 'Subject: Re: [syzbot] WARNING in faultin_page', 'Message-ID: <syz-test@example.org>'],
      ['#syz test', '', DIFF],
    );
    expect(r.outcome).toBe('no-patch');
    expect(r.reason).toMatch(/syzbot test request/);
  });

  it('an mm-commits notice is no-patch; the same diff posted for review is checked', async () => {
    const notice = await report(
      ['From: Maintainer <akpm@example.org>', 'To: mm-commits@vger.kernel.org, dev@example.org', 'Subject: + mm-gup-log-faultin-page.patch added to mm-unstable branch', 'Message-ID: <notice@example.org>'],
      ['The patch titled', '     Subject: mm/gup: log faultin_page', 'has been added to the -mm mm-unstable branch.', '', '------------------------------------------------------', DIFF],
    );
    expect(notice.outcome).toBe('no-patch');
    expect(notice.reason).toMatch(/mm-commits notice/);
    const posted = await report(['From: Dev <dev@example.org>', 'To: linux-mm@kvack.org', 'Subject: [PATCH] mm/gup: log faultin_page', 'Message-ID: <posted@example.org>'], ['Log it.', '', 'Signed-off-by: Dev <dev@example.org>', '---', DIFF]);
    expect(posted.outcome).toBe('checked');
  });
});
