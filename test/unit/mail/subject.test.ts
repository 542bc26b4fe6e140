import { describe, expect, it } from 'vitest';
import { hasPrefix, parseSubject } from '../../../src/mail/index.js';

describe('parseSubject', () => {
  const table: [string, string[], number, number | null, number | null, boolean, string][] = [
    ['[PATCH] mm: fix', ['PATCH'], 1, null, null, false, 'mm: fix'],
    ['[RFC PATCH v4 3/5] mm: fix', ['RFC', 'PATCH'], 4, 3, 5, false, 'mm: fix'],
    ['[PATCH net-next v2 0/7] net: series', ['PATCH', 'net-next'], 2, 0, 7, false, 'net: series'],
    ['[tip:perf/urgent] uprobes: Fix uprobes on MIPS', ['tip:perf/urgent'], 1, null, null, false, 'uprobes: Fix uprobes on MIPS'],
    ['Re: [PATCH v7 3/3] mm/gup: x', ['PATCH'], 7, 3, 3, true, 'mm/gup: x'],
    ['RE: Re: [PATCH] a', ['PATCH'], 1, null, null, true, 'a'],
    ['Re: [tip:perf/urgent] uprobes: x', ['tip:perf/urgent'], 1, null, null, true, 'uprobes: x'],
    ['[PATCH 5.19-stable] mm: backport', ['PATCH', '5.19-stable'], 1, null, null, false, 'mm: backport'],
    ['[v2 PATCH 1/2] mm: y', ['PATCH'], 2, 1, 2, false, 'mm: y'],
    ['[PATCH v1 mmotm] mm: z', ['PATCH', 'mmotm'], 1, null, null, false, 'mm: z'],
    ['[PATCHv3 01/12] mm: w', ['PATCH'], 3, 1, 12, false, 'mm: w'],
    ['[PATCH V2] mm: upper', ['PATCH'], 2, null, null, false, 'mm: upper'],
    ['[PATCH 1/3 v2] mm: late version', ['PATCH'], 2, 1, 3, false, 'mm: late version'],
    ['[PATCH] [v2] mm: two groups', ['PATCH'], 2, null, null, false, 'mm: two groups'],
    ['[PATCH v2 RESEND 2/3] mm: resend', ['PATCH', 'RESEND'], 2, 2, 3, false, 'mm: resend'],
    ['Fwd: [PATCH] forwarded', ['PATCH'], 1, null, null, false, 'forwarded'],
    ['AW: [PATCH -mm] german reply', ['PATCH', '-mm'], 1, null, null, true, 'german reply'],
    ['  mm: no tags   at  all ', [], 1, null, null, false, 'mm: no tags at all'],
    ['[unterminated tag', [], 1, null, null, false, '[unterminated tag'],
    ['', [], 1, null, null, false, ''],
  ];
  it.each(table)('%s', (subject, prefixes, version, index, total, isReply, normalized) => {
    const s = parseSubject(subject);
    expect(s.tags.prefixes).toEqual(prefixes);
    expect(s.tags.version).toBe(version);
    expect(s.tags.index).toBe(index);
    expect(s.tags.total).toBe(total);
    expect(s.tags.isCover).toBe(index === 0);
    expect(s.isReply).toBe(isReply);
    expect(s.normalizedSubject).toBe(normalized);
  });

  it('hasPrefix is case-insensitive', () => {
    const { tags } = parseSubject('[rfc patch] x');
    expect(hasPrefix(tags, 'PATCH')).toBe(true);
    expect(hasPrefix(tags, 'RFC')).toBe(true);
    expect(hasPrefix(tags, 'RESEND')).toBe(false);
  });

  it('normalized subjects of v7 and v8 match', () => {
    const a = parseSubject('[PATCH v7 3/3] mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings');
    const b = parseSubject('Re: [PATCH v8 3/3] mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings');
    expect(a.normalizedSubject).toBe(b.normalizedSubject);
  });
});
