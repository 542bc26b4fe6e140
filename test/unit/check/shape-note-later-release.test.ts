import { describe, expect, it } from 'vitest';
import { countedHunk, finding, hash } from '../../helpers/shape-checks.js';
import { patchMailText } from '../../helpers/patch-mail.js';
import { parseMessage } from '../../../src/mail/index.js';
import { checkMails } from '../../../src/check/check.js';
import { renderCheckText } from '../../../src/report/check-report.js';

// A 2019 posting of the series that brings UFFDIO_WRITEPROTECT (5.7): its resolve path leaves
// alone an entry that is not write-protected. Under S1's uffd-wp changer that closes the race, a
// note under a switch value no release up to the patch's kernel had: the note says so.
const diff = countedHunk('mm/mprotect.c', 110, 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,', [
  ' \t\t\t\t\tcontinue;',
  ' \t\t\t}',
  ' ',
  '+\t\t\tif (uffd_wp_resolve && !pte_uffd_wp(*pte))',
  '+\t\t\t\tcontinue;',
  '+',
  ' \t\t\tptent = ptep_modify_prot_start(mm, addr, pte);',
  ' \t\t\tptent = pte_modify(ptent, newprot);',
  ' \t\t\tif (preserve_write)',
]);

describe('a note under a switch value from a later release than the patch', () => {
  it('names the release (S1, a 4.20 patch under the 5.7 uffd-wp changer)', async () => {
    const subject = '[PATCH v2 9/9] userfaultfd: wp: skip entries already resolved';
    const m = await parseMessage(patchMailText({ subject, date: 'Tue, 12 Feb 2019 10:00:00 +0000', messageId: `${Math.abs(hash(subject))}@example.org`, message: 'A test patch.', diff: diff.join('\n') }));
    if (!m.ok) throw new Error(m.reason);
    // (With the sweep over switch values, as the CLI and the service run it.)
    const [r] = checkMails([m.mail]);
    const f = finding(r, 'S1');
    const note = f.notes.find((n) => n.switches.pte_changer === 'uffd_wp');
    expect(note?.since).toBe('5.7');
    expect(f.notes.find((n) => n.switches.pte_changer === 'numa')?.since).toBeUndefined();
    expect(renderCheckText([r])).toMatch(/note: when UFFDIO_WRITEPROTECT changes the PTE \(v5\.7 on, later than this patch's kernel\)/);
  });
});
