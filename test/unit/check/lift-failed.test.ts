import { describe, expect, it, vi } from 'vitest';

// A fault of racebot's own while lifting (an exception that is no stated "cannot place") must end
// as that scenario's `unmapped`, said as a bug of racebot's, while the other scenarios go on. No
// real patch makes the lifter throw (that would be a bug to fix), so the fault is injected: the
// lifter throws for S5 only.
vi.mock('../../../src/lift/lift.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/lift/lift.js')>();
  return {
    ...real,
    liftPatch: (...args: Parameters<typeof real.liftPatch>) => {
      if (args[0].id === 'S5') throw new TypeError('injected fault');
      return real.liftPatch(...args);
    },
  };
});

const { checkMails } = await import('../../../src/check/check.js');
const { parseMessage } = await import('../../../src/mail/index.js');
const { patchMailText } = await import('../../helpers/patch-mail.js');

describe('a fault of racebot while lifting one scenario', () => {
  it('is that scenario\'s unmapped, said as racebot\'s bug; the others are checked', async () => {
    // A change in follow_page_pte(), which S2, S5 and S8 model.
    const diff = [
      'diff --git a/mm/gup.c b/mm/gup.c',
      '--- a/mm/gup.c',
      '+++ b/mm/gup.c',
      '@@ -600,6 +600,7 @@ static struct page *follow_page_pte(struct vm_area_struct *vma,',
      ' \t\tgoto out;',
      ' \t}',
      ' ',
      '+\t/* the page is mapped here */',
      ' \tif (flags & FOLL_GET) {',
      ' \t\tif (unlikely(!try_get_page(page))) {',
      ' \t\t\tpage = ERR_PTR(-ENOMEM);',
    ].join('\n');
    const raw = patchMailText({ subject: '[PATCH] mm/gup: a comment', date: 'Mon, 07 Dec 2020 10:00:00 +0000', messageId: 'lift-failed@example.org', message: 'A comment.', diff });
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    const [report] = checkMails([r.mail], { sweep: false });
    const s5 = report.findings.find((f) => f.scenario === 'S5');
    expect(s5?.delta).toBe('unmapped');
    expect(s5?.unmapped[0]?.reason).toMatch(/racebot failed to lift the patch into this scenario \(injected fault\); this is a bug in racebot, not a verdict on the patch/);
    const others = report.findings.filter((f) => f.scenario !== 'S5');
    expect(others.length).toBeGreaterThan(0);
    for (const f of others) expect(f.delta, f.scenario).toBe('unchanged');
  });
});
