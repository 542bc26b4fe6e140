/** Header values racebot writes: one line whatever they held, capped, and References trimmed. */
import { describe, expect, it } from 'vitest';
import { REPLY_CAPS, capBytes, copyableMessageId, formatAddress, headerLine, headerText, replyReferences, replySubject } from '../../../src/mail/headers.js';
import { replyRecipients } from '../../../src/channels/email/recipients.js';
import { emailToString } from '../../../src/report/check-report.js';

describe('header values racebot writes', () => {
  it('drop CR, LF and other controls, so no value can start a header field of its own', () => {
    expect(headerText('mm: fix\r\nBcc: victim@example.org\r\n')).toBe('mm: fix Bcc: victim@example.org');
    expect(headerText('a\rb\nc\u2028d\u0000e\u0085f')).toBe('a b c d e f');
    expect(headerLine('Subject', 'x\r\nBcc: v@example.org')).toBe('Subject: x Bcc: v@example.org');
    expect(headerLine('X-Evil\r\nBcc', 'y')).toBe('X-EvilBcc: y');
    const text = emailToString({ headers: [['Subject', 'Re: x\r\nBcc: victim@example.org'], ['To', 'A\n <a@example.org>']], text: 'body\n' });
    expect(text.split('\n').filter((l) => /^bcc:/i.test(l))).toEqual([]);
    expect(text.split('\n\n')[0].split('\n')).toHaveLength(2);
  });

  it('cap the Subject at a character boundary and add one Re:', () => {
    expect(replySubject('[PATCH] mm: x')).toBe('Re: [PATCH] mm: x');
    expect(replySubject('Re: [PATCH] mm: x')).toBe('Re: [PATCH] mm: x');
    const big = replySubject('é'.repeat(1_000_000));
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(REPLY_CAPS.subjectBytes + 4);
    expect(big.endsWith('é...')).toBe(true);
    expect(capBytes('abc', 3)).toBe('abc');
  });

  it('copy no oversized or malformed Message-Id, and keep the first and last few References within the byte cap', () => {
    expect(copyableMessageId('a'.repeat(100_000) + '@x')).toBeNull();
    expect(copyableMessageId('a b@x')).toBeNull();
    expect(copyableMessageId('ok@x')).toBe('ok@x');
    const ids = Array.from({ length: 10_000 }, (_, i) => `r${i}@example.org`);
    const refs = replyReferences([...ids, 'parent@x', 'me@x']);
    expect(refs[0]).toBe('r0@example.org');
    expect(refs.slice(-2)).toEqual(['parent@x', 'me@x']);
    expect(refs.length).toBe(1 + REPLY_CAPS.referencesTail);
    const long = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(240)}@y`);
    const trimmed = replyReferences(long);
    expect(trimmed.reduce((n, r) => n + r.length + 3, 0)).toBeLessThanOrEqual(REPLY_CAPS.referencesBytes);
    expect(trimmed[0]).toBe(long[0]);
    expect(trimmed[trimmed.length - 1]).toBe(long[19]);
  });

  it('format an address with its name on one line and quoted when needed', () => {
    expect(formatAddress({ name: 'Ann\r\nBcc: v@example.org', address: 'ann@example.org' })).toBe('"Ann Bcc: v@example.org" <ann@example.org>');
    expect(formatAddress({ name: '', address: 'ann@example.org\r\n' })).toBe('ann@example.org');
  });
});

describe('reply recipients', () => {
  const a = (address: string, name = '') => ({ name, address });
  it('are the author, the subsystem lists the patch went to and the maintainers, never every Cc, and capped', () => {
    const cc = Array.from({ length: 3000 }, (_, i) => a(`cc${i}@example.org`));
    const r = replyRecipients({
      author: a('ann@example.org', 'Ann'),
      to: [a('linux-mm@kvack.org')],
      cc: [...cc, a('netdev@vger.kernel.org'), a('stable@vger.kernel.org')],
      lists: ['linux-mm@kvack.org', 'Net <netdev@vger.kernel.org>', 'other@lists.example.org'],
      maintainers: ['Andrew Morton <akpm@linux-foundation.org>', 'ann@example.org'],
      ignore: ['racebot <racebot@example.org>'],
    });
    expect(r.to).toBe('Ann <ann@example.org>');
    expect(r.cc).toEqual(['linux-mm@kvack.org', 'netdev@vger.kernel.org', 'Andrew Morton <akpm@linux-foundation.org>']);
    const many = replyRecipients({ author: a('x@y.org'), to: [], cc: [], lists: [], maintainers: Array.from({ length: 50 }, (_, i) => `m${i}@example.org`), ignore: [], max: 5 });
    expect(many.cc).toHaveLength(4);
    expect(many.dropped).toBe(46);
  });
});
