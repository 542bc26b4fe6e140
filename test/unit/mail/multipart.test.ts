/** A multipart mail whose parts cannot be found is malformed, with the reason. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/index.js';

const src = readFileSync(resolve(process.cwd(), 'test/corpus/S3/04-gup-fast-mapping-check-before-grab.eml'), 'utf8');
const [head, ...rest] = src.split('\n\n');
const body = rest.join('\n\n');
const mail = (ct: string, content: string) => Buffer.from(`${head}\nMIME-Version: 1.0\nContent-Type: ${ct}\n\n${content}`);

describe('malformed multipart', () => {
  it('is rejected when the boundary parameter is missing, empty, or never in the body', async () => {
    for (const [ct, why] of [
      ['multipart/mixed', 'without a boundary parameter'],
      ['multipart/mixed; boundary=""', 'with an empty boundary'],
      ['multipart/mixed; boundary="abc"', 'the boundary "abc" of the multipart/mixed message never appears'],
    ]) {
      const p = await parseMessage(mail(ct, `--xyz\nContent-Type: text/plain\n\n${body}\n--xyz--\n`));
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.code).toBe('malformed');
        expect(p.reason).toContain(why);
      }
    }
  });

  it('a well-formed (or merely unterminated) multipart still parses, with its diff', async () => {
    for (const end of ['\n--abc--\n', '\n']) {
      const p = await parseMessage(mail('multipart/mixed; boundary="abc"', `--abc\nContent-Type: text/plain\n\n${body}${end}`));
      expect(p.ok).toBe(true);
      if (p.ok) expect(p.mail.diff.length).toBe(1);
    }
  });
});
