import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iterateMbox, joinMbox, joinMboxBuffer, parseMessageFast, splitMbox } from '../../../src/mail/index.js';
import { example, exampleNames } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

const str = (bufs: Buffer[]) => bufs.map((b) => b.toString('utf8'));

describe('splitMbox', () => {
  it('splits on From lines after a blank line and strips the blank line', () => {
    const mbox = 'From a Thu Jan  1 00:00:00 1970\nSubject: 1\n\nbody 1\n\nFrom b Thu Jan  1 00:00:00 1970\nSubject: 2\n\nbody 2\n';
    expect(str(splitMbox(mbox))).toEqual(['Subject: 1\n\nbody 1\n', 'Subject: 2\n\nbody 2\n']);
  });

  it('a From line not after a blank line is body text', () => {
    const mbox = 'From a Thu Jan  1 00:00:00 1970\nSubject: 1\n\nline\nFrom here on\n';
    expect(str(splitMbox(mbox))).toEqual(['Subject: 1\n\nline\nFrom here on\n']);
  });

  it('mboxrd unescapes one > from >+From lines; mboxo only from >From', () => {
    const mbox = 'From a 1970 00:00\n\n>From x\n>>From y\n> From z\nx >From w\n';
    expect(str(splitMbox(mbox))).toEqual(['\nFrom x\n>From y\n> From z\nx >From w\n']);
    expect(str(splitMbox(mbox, { format: 'mboxo' }))).toEqual(['\nFrom x\n>>From y\n> From z\nx >From w\n']);
  });

  it('handles CRLF mboxes', () => {
    const mbox = 'From a 1970 00:00\r\nS: 1\r\n\r\nb1\r\n\r\nFrom b 1970 00:00\r\nS: 2\r\n\r\nb2\r\n';
    expect(str(splitMbox(mbox))).toEqual(['S: 1\r\n\r\nb1\r\n', 'S: 2\r\n\r\nb2\r\n']);
  });

  it('keeps a non-blank preamble as a message, ignores a blank one', () => {
    expect(str(splitMbox('Subject: x\n\nno separator\n'))).toEqual(['Subject: x\n\nno separator\n']);
    expect(str(splitMbox('\n\nFrom a 1970 00:00\nS: 1\n\nx\n'))).toEqual(['S: 1\n\nx\n']);
    expect(splitMbox('')).toEqual([]);
  });

  it('strict mode requires a date on separator lines', () => {
    const mbox = 'From a Thu Jan  1 00:00:00 1970\nS: 1\n\ntext\n\nFrom what I understand this is body\nmore\n';
    expect(splitMbox(mbox)).toHaveLength(2);
    expect(splitMbox(mbox, { strict: true })).toHaveLength(1);
  });

  it.skipIf(!HAVE_SHARED)('returns views into the input when nothing needs unescaping (no copy)', () => {
    const buf = Buffer.from(joinMbox(exampleNames().map((n) => example(n).toString('utf8'))));
    const parts = splitMbox(buf);
    expect(parts).toHaveLength(exampleNames().length);
    for (const p of parts) expect(p.buffer).toBe(buf.buffer);
  });

  it.skipIf(!HAVE_SHARED)('git format-patch style separators split the shared examples back', () => {
    const msgs = exampleNames().map((n) => example(n).toString('utf8'));
    const mbox = msgs.map((m, i) => `From ${'0123456789abcdef'.repeat(2).slice(0, 12)}${i} Mon Sep 17 00:00:00 2001\n${m}\n`).join('');
    expect(str(splitMbox(mbox))).toEqual(msgs);
  });
});

describe('joinMbox / splitMbox round trip', () => {
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 20 }).filter((s) => !s.includes('\n')) },
    { weight: 2, arbitrary: fc.constantFrom('From ', 'From me Thu Jan  1 00:00:00 1970', '>From x', '>>From y', '>>>From ', 'From', '>From', '', '\r', 'x\r') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => !s.includes('\n')) },
  );
  const message = fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 8, arbitrary: fc.array(line, { minLength: 1, maxLength: 12 }).map((ls) => ls.join('\n') + '\n') },
  );

  it('split(join(msgs)) == msgs for messages with From / >From lines', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), (msgs) => {
        expect(str(splitMbox(joinMbox(msgs)))).toEqual(msgs);
        expect(str(splitMbox(joinMboxBuffer(msgs)))).toEqual(msgs);
      }),
      { numRuns: 500 },
    );
  });

  it('a message without a final newline gets one', () => {
    expect(str(splitMbox(joinMbox(['no newline', 'x\n'])))).toEqual(['no newline\n', 'x\n']);
  });

  it('rejects a bad separator line', () => {
    expect(() => joinMbox(['x\n'], { fromLine: 'Nope' })).toThrow();
  });
});

describe('a 50 MB mbox', () => {
  it.skipIf(!HAVE_SHARED)('is split without copying and in reasonable time and memory', () => {
    const template = Buffer.from(joinMbox(exampleNames().map((n) => example(n).toString('utf8'))), 'utf8');
    const copies = Math.ceil((50 * 1024 * 1024) / template.length);
    const big = Buffer.concat(Array.from({ length: copies }, () => template));
    expect(big.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);

    const before = process.memoryUsage();
    const t0 = performance.now();
    let count = 0;
    let bytes = 0;
    let sameBuffer = 0;
    let i = 0;
    for (const msg of iterateMbox(big)) {
      count++;
      bytes += msg.length;
      if (msg.buffer === big.buffer) sameBuffer++;
      // Parse a sample on the fast path to make sure the pieces are whole messages.
      if (i++ % 5000 === 0) expect(parseMessageFast(msg)?.diff.length).toBeGreaterThan(0);
    }
    const elapsed = performance.now() - t0;
    const after = process.memoryUsage();

    expect(count).toBe(copies * exampleNames().length);
    expect(sameBuffer).toBe(count);
    expect(bytes).toBeLessThan(big.length);
    expect(elapsed).toBeLessThan(10_000);
    // Splitting holds views, not copies: memory outside the V8 heap does not grow by the file size.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(20 * 1024 * 1024);

    const all = splitMbox(big);
    expect(all).toHaveLength(count);
  });
});
