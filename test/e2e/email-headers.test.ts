/**
 * `racebot check --format email` on hostile headers: an encoded-word Subject (and a display name)
 * that decode to CR/LF and a `Bcc:` line, a huge Message-Id, 10,000 References and 3,000 Cc. The
 * printed reply has one line per header field, no Bcc, and capped Subject, References and Cc.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { MAX_CC } from '../../src/report/check-report.js';

const PATCH = resolve(process.cwd(), 'test/corpus/S3/04-gup-fast-mapping-check-before-grab.eml');
const dir = mkdtempSync(join(tmpdir(), 'racebot-hdr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function hostile(): string {
  const raw = readFileSync(PATCH, 'utf8');
  const [head, ...body] = raw.split('\n\n');
  const refs = Array.from({ length: 10_000 }, (_, i) => `<ref${i}@example.org>`).join(' ');
  const cc = Array.from({ length: 3000 }, (_, i) => `cc${i}@example.org`).join(', ');
  const lines = head
    .split('\n')
    .filter((l) => !/^(subject|from|cc|message-id):/i.test(l))
    .concat([
      `Subject: =?utf-8?b?${b64('[PATCH] mm/gup: check the mapping\r\nBcc: victim@example.org\r\n')}?=`,
      `From: =?utf-8?b?${b64('Stefan\r\nBcc: victim2@example.org')}?= <stefan.kovacs@example.org>`,
      `Cc: ${cc}`,
      `Message-Id: <${'m'.repeat(100_000)}@example.org>`,
      `References: ${refs}`,
    ]);
  return `${lines.join('\n')}\n\n${body.join('\n\n')}`;
}

describe('racebot check --format email on hostile headers', () => {
  it('prints every header on one line: no Bcc, capped Subject, References and Cc', async () => {
    const file = join(dir, 'hostile.eml');
    writeFileSync(file, hostile());
    let out = '';
    let err = '';
    const code = await main(['node', 'racebot', 'check', '--format', 'email', file], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
    expect(err).toBe('');
    expect([0, 1]).toContain(code);
    const head = out.split('\n\n')[0];
    const lines = head.split('\n');
    expect(lines.every((l) => /^[A-Za-z-]+: /.test(l))).toBe(true);
    expect(lines.filter((l) => /^bcc:/i.test(l))).toEqual([]);
    const field = (n: string) => lines.find((l) => l.toLowerCase().startsWith(n.toLowerCase() + ':')) ?? '';
    expect(field('Subject')).toBe('Subject: Re: [PATCH] mm/gup: check the mapping Bcc: victim@example.org');
    expect(field('In-Reply-To')).toBe('');
    const refs = field('References').match(/<[^>]+>/g) ?? [];
    expect(refs[0]).toBe('<ref0@example.org>');
    expect(refs[refs.length - 1]).toBe('<ref9999@example.org>');
    expect(refs.length).toBeLessThanOrEqual(9);
    expect(field('Cc').split(',').length).toBe(MAX_CC);
    expect(Buffer.byteLength(head)).toBeLessThan(4000);
    // The body's attribution line is one line too.
    expect(out).not.toMatch(/\nBcc: victim2/);
  });
});
