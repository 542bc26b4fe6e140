/**
 * Character set decoding (WHATWG TextDecoder labels, with Node's full ICU) and RFC 2047
 * encoded-word decoding for header values.
 */

import { isUtf8 } from 'node:buffer';

const decoders = new Map<string, TextDecoder | null>();

/** Normalizes a MIME charset name: lowercased, RFC 2231 language suffix removed. */
export function normalizeCharset(charset: string): string {
  let c = charset.trim().toLowerCase();
  const star = c.indexOf('*');
  if (star >= 0) c = c.slice(0, star);
  c = c.replace(/^["']|["']$/g, '');
  // Common spellings TextDecoder does not know.
  if (c === 'utf8') return 'utf-8';
  if (c === 'ascii' || c === 'us-ascii' || c === 'ansi_x3.4-1968') return 'us-ascii';
  if (/^latin-?1$/.test(c)) return 'iso-8859-1';
  if (/^cp-?125\d$/.test(c)) return 'windows-' + c.slice(-4);
  return c;
}

function getDecoder(charset: string): TextDecoder | null {
  const c = normalizeCharset(charset);
  let d = decoders.get(c);
  if (d === undefined) {
    try {
      d = new TextDecoder(c === 'us-ascii' ? 'utf-8' : c);
    } catch {
      d = null;
    }
    decoders.set(c, d);
  }
  return d;
}

/** True if the charset can be decoded here. */
export function isKnownCharset(charset: string): boolean {
  return getDecoder(charset) !== null;
}

/** Returns true for charsets whose bytes can be taken as UTF-8 unchanged. */
export function isUtf8Compatible(charset: string | null | undefined): boolean {
  if (!charset) return true;
  const c = normalizeCharset(charset);
  return c === 'utf-8' || c === 'us-ascii';
}

/**
 * Decodes bytes in the given charset. Unknown charsets fall back to UTF-8 (if valid) or
 * Latin-1, so this never throws.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | null | undefined): string {
  if (!charset || isUtf8Compatible(charset)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const d = getDecoder(charset);
  if (d) return d.decode(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isValidUtf8(buf) ? buf.toString('utf8') : buf.toString('latin1');
}

/** Validates UTF-8. */
export function isValidUtf8(buf: Uint8Array): boolean {
  return isUtf8(buf);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

function qDecode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 95 /* _ */) out[n++] = 32;
    else if (ch === 61 /* = */ && i + 2 < text.length && /^[0-9A-Fa-f]{2}$/.test(text.substr(i + 1, 2))) {
      out[n++] = parseInt(text.substr(i + 1, 2), 16);
      i += 2;
    } else out[n++] = ch & 0xff;
  }
  return out.subarray(0, n);
}

function wordBytes(enc: string, text: string): Uint8Array {
  return enc === 'b' || enc === 'B' ? Buffer.from(text, 'base64') : qDecode(text);
}

export interface EncodedWordsResult {
  text: string;
  /** False when a word used a charset this runtime cannot decode. */
  allCharsetsKnown: boolean;
}

/**
 * Decodes RFC 2047 encoded words. Whitespace between adjacent encoded words is dropped;
 * adjacent words in the same charset are joined at byte level before decoding, so a
 * multi-byte character split across two words survives.
 */
export function decodeEncodedWordsDetailed(value: string): EncodedWordsResult {
  if (value.indexOf('=?') < 0) return { text: value, allCharsetsKnown: true };
  let out = '';
  let last = 0;
  let pendingCharset: string | null = null;
  let pendingBytes: Uint8Array[] = [];
  let allKnown = true;
  const flush = () => {
    if (pendingCharset !== null) {
      if (!isKnownCharset(pendingCharset)) allKnown = false;
      out += decodeBytes(Buffer.concat(pendingBytes), pendingCharset);
      pendingCharset = null;
      pendingBytes = [];
    }
  };
  ENCODED_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ENCODED_WORD.exec(value)) !== null) {
    const between = value.slice(last, m.index);
    const adjacent = pendingCharset !== null && /^\s*$/.test(between);
    const charset = normalizeCharset(m[1]);
    if (adjacent && charset === pendingCharset) {
      pendingBytes.push(wordBytes(m[2], m[3]));
    } else {
      flush();
      if (!adjacent) out += between;
      pendingCharset = charset;
      pendingBytes = [wordBytes(m[2], m[3])];
    }
    last = m.index + m[0].length;
  }
  flush();
  out += value.slice(last);
  return { text: out, allCharsetsKnown: allKnown };
}

export function decodeEncodedWords(value: string): string {
  return decodeEncodedWordsDetailed(value).text;
}
