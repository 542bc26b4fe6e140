import { describe, expect, it } from 'vitest';
import { groupSeries, mailKind, partitionMails, type PatchMail } from '../../../src/mail/index.js';
import { example, exampleNames, fixture, parseOk, plainMail } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

const DIFF = 'x\n---\ndiff --git a/mm/f.c b/mm/f.c\n--- a/mm/f.c\n+++ b/mm/f.c\n@@ -1 +1 @@\n-a\n+b\n-- \n2.40.1\n';

interface Spec {
  id: string;
  subject: string;
  from?: string;
  date?: string;
  irt?: string;
  refs?: string[];
  body?: string;
}

async function mail(s: Spec): Promise<PatchMail> {
  const headers: Record<string, string> = {
    From: s.from ?? 'Ann Author <ann@example.org>',
    Subject: s.subject,
    Date: s.date ?? 'Mon, 1 May 2023 10:00:00 +0000',
    'Message-ID': `<${s.id}>`,
  };
  if (s.irt) headers['In-Reply-To'] = `<${s.irt}>`;
  if (s.refs) headers.References = s.refs.map((r) => `<${r}>`).join(' ');
  return (await parseOk(plainMail(headers, s.body ?? (s.subject.includes(' 0/') ? 'cover text\n' : DIFF)))).mail;
}

async function examples(): Promise<PatchMail[]> {
  return Promise.all(exampleNames().map(async (n) => (await parseOk(example(n))).mail));
}

describe.skipIf(!HAVE_SHARED)('groupSeries on the shared examples', () => {
  it('links v7 and v8 of the GUP-fast patch as versions of one family', async () => {
    const series = groupSeries(await examples());
    expect(series).toHaveLength(6);
    const v7 = series.find((s) => s.version === 7)!;
    const v8 = series.find((s) => s.version === 8)!;
    expect(v7.id).toBe('cover.1683044162.git.lstoakes@gmail.com');
    expect(v7.coverId).toBe('cover.1683044162.git.lstoakes@gmail.com');
    expect(v7.cover).toBeNull();
    expect(v7.patches.map((p) => p.tags.index)).toEqual([3]);
    expect(v7.missing).toEqual([1, 2]);
    expect(v7.total).toBe(3);
    expect(v7.nextVersion).toBe(v8.id);
    expect(v8.previousVersion).toBe(v7.id);
    expect(v8.family).toBe(v7.family);
    expect(v7.family).toBe(v7.id);
    // The other patches stand alone.
    for (const s of series.filter((x) => x !== v7 && x !== v8)) {
      expect(s.previousVersion).toBeNull();
      expect(s.nextVersion).toBeNull();
      expect(s.family).toBe(s.id);
      expect(s.patches).toHaveLength(1);
    }
    expect(series.map((s) => s.date)).toEqual([...series.map((s) => s.date)].sort());
  });

  it('a cover letter joins its series; a review reply attaches to its series and is not a patch', async () => {
    const cover = (await parseOk(fixture('cover-letter-v8.eml'))).mail;
    const review = (await parseOk(fixture('reply-quoting-diff.eml'))).mail;
    expect(mailKind(review)).toBe('review');
    expect(mailKind(cover)).toBe('cover');
    const series = groupSeries([...(await examples()), cover, review]);
    expect(series).toHaveLength(6);
    const v8 = series.find((s) => s.version === 8)!;
    expect(v8.cover?.messageId).toBe('cover.1683067198.git.lstoakes@gmail.com');
    expect(v8.subject).toBe('mm/gup: disallow GUP writing to file-backed mappings by default');
    const v7 = series.find((s) => s.version === 7)!;
    expect(v7.reviews.map((r) => r.messageId)).toEqual(['review-v7-1@example.com']);
    expect(v7.nextVersion).toBe(v8.id);
    expect(series.flatMap((s) => s.patches).some((p) => p.messageId === review.messageId)).toBe(false);
  });
});

describe('groupSeries on synthetic threads', () => {
  it('cover + patches replying to the cover (shallow threading)', async () => {
    const ms = await Promise.all([
      mail({ id: 'c1', subject: '[PATCH 0/3] mm: thing' }),
      mail({ id: 'p3', subject: '[PATCH 3/3] mm: three', irt: 'c1', refs: ['c1'] }),
      mail({ id: 'p1', subject: '[PATCH 1/3] mm: one', irt: 'c1', refs: ['c1'] }),
      mail({ id: 'p2', subject: '[PATCH 2/3] mm: two', irt: 'c1', refs: ['c1'] }),
    ]);
    const [s] = groupSeries(ms);
    expect(groupSeries(ms)).toHaveLength(1);
    expect(s.id).toBe('c1');
    expect(s.cover?.messageId).toBe('c1');
    expect(s.patches.map((p) => p.messageId)).toEqual(['p1', 'p2', 'p3']);
    expect(s.missing).toEqual([]);
  });

  it('patches chained with --chain-reply-to, cover absent', async () => {
    const ms = await Promise.all([
      mail({ id: 'p1', subject: '[PATCH v2 1/3] a', irt: 'c', refs: ['c'] }),
      mail({ id: 'p2', subject: '[PATCH v2 2/3] b', irt: 'p1', refs: ['c', 'p1'] }),
      mail({ id: 'p3', subject: '[PATCH v2 3/3] c', irt: 'p2', refs: ['c', 'p1', 'p2'] }),
    ]);
    const series = groupSeries(ms);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ id: 'c', coverId: 'c', version: 2, total: 3, missing: [] });
  });

  it('v2 posted in reply to v1 stays a separate series, linked as the next version', async () => {
    const ms = await Promise.all([
      mail({ id: 'v1c', subject: '[PATCH 0/2] mm: feature', date: 'Mon, 1 May 2023 10:00:00 +0000' }),
      mail({ id: 'v1p1', subject: '[PATCH 1/2] mm: part one', irt: 'v1c', refs: ['v1c'] }),
      mail({ id: 'v1p2', subject: '[PATCH 2/2] mm: part two', irt: 'v1c', refs: ['v1c'] }),
      mail({ id: 'v2c', subject: '[PATCH v2 0/2] mm: feature', irt: 'v1c', refs: ['v1c'], date: 'Mon, 8 May 2023 10:00:00 +0000' }),
      mail({ id: 'v2p1', subject: '[PATCH v2 1/2] mm: part one', irt: 'v2c', refs: ['v1c', 'v2c'], date: 'Mon, 8 May 2023 10:00:00 +0000' }),
      mail({ id: 'v2p2', subject: '[PATCH v2 2/2] mm: part 2 renamed', irt: 'v2c', refs: ['v1c', 'v2c'], date: 'Mon, 8 May 2023 10:00:00 +0000' }),
      mail({ id: 'v3p1', subject: '[PATCH v3 1/2] mm: part one', irt: 'v3c', refs: ['v3c'], date: 'Mon, 15 May 2023 10:00:00 +0000' }),
    ]);
    const series = groupSeries(ms);
    expect(series.map((s) => [s.id, s.version, s.patches.map((p) => p.messageId)])).toEqual([
      ['v1c', 1, ['v1p1', 'v1p2']],
      ['v2c', 2, ['v2p1', 'v2p2']],
      ['v3c', 3, ['v3p1']],
    ]);
    expect(series.map((s) => [s.previousVersion, s.nextVersion, s.family])).toEqual([
      [null, 'v2c', 'v1c'],
      ['v1c', 'v3c', 'v1c'],
      ['v2c', null, 'v1c'],
    ]);
    expect(series[2].missing).toEqual([2]);
  });

  it('different senders with the same subject are not linked', async () => {
    const ms = await Promise.all([
      mail({ id: 'a', subject: '[PATCH] mm: same words', from: 'A <a@x.org>' }),
      mail({ id: 'b', subject: '[PATCH v2] mm: same words', from: 'B <b@x.org>' }),
      mail({ id: 'c', subject: '[PATCH v3] mm: same words', from: 'B <B@X.ORG>' }),
    ]);
    const series = groupSeries(ms);
    expect(series.map((s) => [s.id, s.previousVersion])).toEqual([
      ['a', null],
      ['b', null],
      ['c', 'b'],
    ]);
  });

  it('unthreaded patches are grouped by sender, version, total and close dates', async () => {
    const ms = await Promise.all([
      mail({ id: 'u1', subject: '[PATCH 1/2] a', date: 'Mon, 1 May 2023 10:00:00 +0000' }),
      mail({ id: 'u2', subject: '[PATCH 2/2] b', date: 'Mon, 1 May 2023 10:00:05 +0000' }),
      mail({ id: 'w1', subject: '[PATCH 1/2] c', date: 'Mon, 8 May 2023 10:00:00 +0000' }),
      mail({ id: 'w2', subject: '[PATCH 2/2] d', date: 'Mon, 8 May 2023 10:00:01 +0000' }),
      mail({ id: 'o1', subject: '[PATCH 1/2] e', from: 'Other <o@x.org>', date: 'Mon, 1 May 2023 10:00:00 +0000' }),
    ]);
    const series = groupSeries(ms);
    expect(series.map((s) => s.patches.map((p) => p.messageId))).toEqual([['o1'], ['u1', 'u2'], ['w1', 'w2']]);
    expect(series[0].missing).toEqual([2]);
  });

  it('reviews (Re:, replies to replies, quoting diffs) attach to the series and are never patches', async () => {
    const ms = await Promise.all([
      mail({ id: 'c', subject: '[PATCH 0/1] mm: x' }),
      mail({ id: 'p', subject: '[PATCH 1/1] mm: x', irt: 'c', refs: ['c'] }),
      mail({ id: 'r1', subject: 'Re: [PATCH 1/1] mm: x', irt: 'p', refs: ['c', 'p'], body: '> +b\n\nLooks racy.\n', date: 'Mon, 1 May 2023 11:00:00 +0000' }),
      mail({ id: 'r2', subject: 'Re: [PATCH 1/1] mm: x', irt: 'r1', body: 'No, it is fine.\n', date: 'Mon, 1 May 2023 12:00:00 +0000' }),
      mail({ id: 'q', subject: '[PATCH 1/1] mm: x', irt: 'p', body: '> diff --git a/mm/f.c b/mm/f.c\n> @@ -1 +1 @@\nWhy?\n', date: 'Mon, 1 May 2023 10:30:00 +0000' }),
      mail({ id: 'lone', subject: 'Re: something else', irt: 'elsewhere' }),
      mail({ id: 'chat', subject: 'mm: a question', body: 'hello\n' }),
    ]);
    const kinds = partitionMails(ms);
    expect(kinds.review.map((m) => m.messageId)).toEqual(['r1', 'r2', 'q', 'lone']);
    expect(kinds.other.map((m) => m.messageId)).toEqual(['chat']);
    const series = groupSeries(ms);
    expect(series).toHaveLength(1);
    expect(series[0].patches.map((p) => p.messageId)).toEqual(['p']);
    expect(series[0].reviews.map((r) => r.messageId)).toEqual(['q', 'r1', 'r2']);
  });

  it('duplicate Message-IDs are counted once; an empty input gives no series', async () => {
    const p = await mail({ id: 'dup', subject: '[PATCH] x' });
    expect(groupSeries([p, p])).toHaveLength(1);
    expect(groupSeries([])).toEqual([]);
  });
});
