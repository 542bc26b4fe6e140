import { describe, expect, it } from 'vitest';
import { checkMails } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/index.js';
import { renderEmail } from '../../../src/report/check-report.js';

// A reply leads with what the patch changes: a race it introduces comes before the races it
// leaves as they were, whatever the scenarios' order. (Test mail written for this test: the
// explicit COW-break flag of 2020, which S8 finds introduces the vmsplice race, with a hunk S1
// reads on a tree that has S1's race before and after.)
const diff = [
  'diff --git a/mm/gup.c b/mm/gup.c',
  'index 1111111..2222222 100644',
  '--- a/mm/gup.c',
  '+++ b/mm/gup.c',
  '@@ -1095,7 +1095,7 @@ static long __get_user_pages(struct task_struct *tsk, struct mm_struct *mm,',
  ' \t\t}',
  ' ',
  ' \t\tif (should_force_cow_break(vma, foll_flags))',
  '-\t\t\tfoll_flags |= FOLL_WRITE;',
  '+\t\t\tfoll_flags |= FOLL_BREAK_COW;',
  ' ',
  ' retry:',
  ' \t\t/*',
  'diff --git a/mm/memory.c b/mm/memory.c',
  'index 3333333..4444444 100644',
  '--- a/mm/memory.c',
  '+++ b/mm/memory.c',
  '@@ -2900,7 +2900,8 @@ static vm_fault_t do_wp_page(struct vm_fault *vmf)',
  ' {',
  ' \tstruct vm_area_struct *vma = vmf->vma;',
  ' ',
  '-\tif (userfaultfd_pte_wp(vma, *vmf->pte)) {',
  '+\tif ((vmf->flags & FAULT_FLAG_WRITE) &&',
  '+\t    userfaultfd_pte_wp(vma, *vmf->pte)) {',
  ' \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ' \t\treturn handle_userfault(vmf, VM_UFFD_WP);',
  ' \t}',
].join('\n');

describe('email reply order', () => {
  it('the introduced race comes first, before pre-existing ones of earlier scenarios', async () => {
    const raw = ['From: A <a@example.org>', 'To: linux-mm@kvack.org', 'Subject: [PATCH] mm/gup: break COW with a flag', 'Date: Tue, 11 Aug 2020 10:00:00 +0000', 'Message-ID: <order@example.org>', '', 'x', '---', diff, '-- ', '2.0', ''].join('\n');
    const m = await parseMessage(raw);
    if (!m.ok) throw new Error(m.reason);
    const report = checkMails([m.mail], { sweep: false })[0];
    const deltas = Object.fromEntries(report.findings.map((f) => [f.scenario, f.delta]));
    expect(deltas.S8).toBe('introduces');
    expect(deltas.S1).toBe('pre-existing');
    const text = renderEmail(m.mail, report, { from: 'racebot <racebot@example.org>', contact: 'maint@example.org' }).text;
    const introduced = text.indexOf('This patch introduces a race (S8');
    const before = text.indexOf('(S1 cow-wp-copy');
    expect(introduced).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(introduced);
  });
});
