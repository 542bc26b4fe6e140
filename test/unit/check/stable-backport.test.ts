import { describe, expect, it } from 'vitest';
import { upstreamCommitOf } from '../../../src/check/switches.js';
import { renderCheckText } from '../../../src/report/check-report.js';
import { check, countedHunk } from '../../helpers/shape-checks.js';

// A stable backport carries the upstream commit it is (`commit <sha> upstream.` on the first
// line of the body, or AUTOSEL's `[ Upstream commit <sha> ]`) but often names its branch only in
// the cover letter: the release read from the mail's date may be much newer than the branch.

describe('upstreamCommitOf', () => {
  it('reads both conventions, shortened to 12 digits', () => {
    expect(upstreamCommitOf('commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nText.')).toBe('0123456789ab');
    expect(upstreamCommitOf('[ Upstream commit 89abcdef0123456789abcdef0123456789abcdef ]\n\nText.')).toBe('89abcdef0123');
  });

  it('is null for a mainline patch that mentions a commit', () => {
    expect(upstreamCommitOf('Since commit 0123456789ab ("mm: x") the upstream tree does y.')).toBeNull();
    expect(upstreamCommitOf('Fixes: 0123456789ab ("mm: x")')).toBeNull();
  });
});

describe('a stable backport that names no branch', () => {
  const diff = countedHunk('mm/gup.c', 1070, 'static int gup_pte_range(pmd_t pmd, unsigned long addr, unsigned long end,', [
    ' \t\tpte_t pte = READ_ONCE(*ptep);',
    '-\t\tstruct page *page;',
    '+\t\tstruct page *head, *page;',
    ' ',
    ' \t\t/*',
  ]).join('\n');
  const body = 'commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nA local for the compound head.';

  it('says the release came from the mail date and the branch may be older', async () => {
    const r = await check('[PATCH v2 3/8] mm: keep a head local in fast GUP', 'Wed, 9 Oct 2019 06:00:00 +0530', diff, body);
    expect(r.kernelVersionFrom).toBe('mail date');
    expect(r.stableBackport).toMatch(/stable backport of upstream commit 0123456789ab.*the release used \(5\.3\) is the one the mail's date gives, and the branch may be older/);
    expect(renderCheckText([r])).toMatch(/note: this is a stable backport of upstream commit 0123456789ab/);
  });

  it('says nothing where the subject names the branch', async () => {
    const r = await check('[PATCH 4.4 3/8] mm: keep a head local in fast GUP', 'Wed, 9 Oct 2019 06:00:00 +0530', diff, body);
    expect(r.kernelVersion).toBe('4.4');
    expect(r.stableBackport ?? null).toBeNull();
  });
});
