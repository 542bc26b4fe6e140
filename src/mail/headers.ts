/**
 * Header handling of the fast path (and of fields mailparser gets wrong, such as invalid
 * dates and duplicate headers): splitting the header block, unfolding, address lists,
 * message ids and RFC 5322 dates.
 */

import { decodeEncodedWords, isValidUtf8 } from './charset.js';
import type { Address } from './types.js';

export type HeaderList = [string, string][];

export interface HeaderBlock {
  /** Header fields in order, duplicates kept: [name as written, unfolded trimmed value]. */
  headers: HeaderList;
  /** Offset of the first body byte (after the blank line), or the input length. */
  bodyOffset: number;
  /** True if a blank line ended the header block. */
  complete: boolean;
  /** Lines in the header block that were neither a field nor a continuation. */
  badLines: number;
  /** True if the header bytes were valid UTF-8 (or ASCII). */
  utf8: boolean;
}

/** Unfolds a header value the way mailparser (libmime) does: CRLF + indentation -> one space. */
export function unfold(value: string): string {
  return value.replace(/(?:\r?\n|\r)[ \t]*/g, ' ').trim();
}

/** Decodes raw header bytes: UTF-8 when valid, else Latin-1. */
export function decodeHeaderBytes(bytes: Buffer): string {
  return isValidUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Finds the blank line that ends the header block. Returns the offset of the body. */
export function findHeaderEnd(buf: Buffer, from = 0): { headerEnd: number; bodyOffset: number } | null {
  if (buf[from] === 0x0a) return { headerEnd: from, bodyOffset: from + 1 };
  if (buf[from] === 0x0d && buf[from + 1] === 0x0a) return { headerEnd: from, bodyOffset: from + 2 };
  let i = from;
  for (;;) {
    const nl = buf.indexOf(0x0a, i);
    if (nl < 0) return null;
    const next = nl + 1;
    if (buf[next] === 0x0a) return { headerEnd: next, bodyOffset: next + 1 };
    if (buf[next] === 0x0d && buf[next + 1] === 0x0a) return { headerEnd: next, bodyOffset: next + 2 };
    i = next;
  }
}

const FIELD_RE = /^([!-9;-~]+)[ \t]*:/;

/** Splits header text (already decoded) into fields; continuation lines are joined. */
export function parseHeaderText(text: string): { headers: HeaderList; badLines: number } {
  const headers: HeaderList = [];
  let badLines = 0;
  let name: string | null = null;
  let raw = '';
  const push = () => {
    if (name !== null) headers.push([name, unfold(raw)]);
    name = null;
    raw = '';
  };
  const lines = text.split('\n');
  for (let l of lines) {
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (l === '') continue;
    const c = l.charCodeAt(0);
    if (c === 32 || c === 9) {
      if (name !== null) raw += '\n' + l;
      else badLines++;
      continue;
    }
    const m = FIELD_RE.exec(l);
    if (!m) {
      badLines++;
      continue;
    }
    push();
    name = m[1];
    raw = l.slice(m[0].length);
  }
  push();
  return { headers, badLines };
}

/** Splits the header block of a raw message starting at `from` (after any mbox `From ` line). */
export function readHeaderBlock(buf: Buffer, from = 0): HeaderBlock {
  const end = findHeaderEnd(buf, from);
  const headerEnd = end ? end.headerEnd : buf.length;
  const bytes = buf.subarray(from, headerEnd);
  const utf8 = isValidUtf8(bytes);
  const text = utf8 ? bytes.toString('utf8') : bytes.toString('latin1');
  const { headers, badLines } = parseHeaderText(text);
  return { headers, bodyOffset: end ? end.bodyOffset : buf.length, complete: end !== null, badLines, utf8 };
}

export function getHeader(headers: HeaderList, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return null;
}

export function getHeaders(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of headers) if (k.toLowerCase() === lower) out.push(v);
  return out;
}

/** Message ids in a header value, without angle brackets. */
export function parseMessageIds(value: string | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  const re = /<([^<>\s]+)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) out.push(m[1]);
  if (out.length === 0) {
    for (const tok of value.split(/[\s,]+/)) {
      const t = tok.replace(/^<|>$/g, '');
      if (t.includes('@')) out.push(t);
    }
  }
  return out;
}

/** A single message id (first of the value), without angle brackets. */
export function parseMessageId(value: string | null): string | null {
  const ids = parseMessageIds(value);
  return ids.length > 0 ? ids[0] : null;
}

// ---------------------------------------------------------------------------------------
// Address lists

interface Unit {
  text: string;
  quoted: boolean;
  addr: string | null;
  comment: string;
}

function resolveUnit(u: Unit): Address | null {
  // Unquoted whitespace was collapsed while reading; quoted text keeps its spacing.
  const text = u.text.trim();
  const comment = u.comment.replace(/\s+/g, ' ').trim();
  if (u.addr !== null) {
    const address = u.addr.trim();
    const name = text || comment;
    if (!address && !name) return null;
    return { name: decodeEncodedWords(name), address };
  }
  if (!text && !comment) return null;
  if (!u.quoted) {
    const toks = text.split(' ');
    for (let i = toks.length - 1; i >= 0; i--) {
      if (toks[i].includes('@')) {
        const address = toks[i];
        const rest = toks.slice(0, i).concat(toks.slice(i + 1)).join(' ');
        return { name: decodeEncodedWords(rest || comment), address };
      }
    }
  }
  return { name: decodeEncodedWords(text || comment), address: '' };
}

/**
 * Parses an address list (To, Cc, From). Groups are flattened into their members;
 * names are RFC 2047-decoded; never throws.
 */
export function parseAddressList(value: string | null): Address[] {
  if (!value) return [];
  const out: Address[] = [];
  let u: Unit = { text: '', quoted: false, addr: null, comment: '' };
  let inGroup = false;
  const finish = () => {
    const a = resolveUnit(u);
    if (a) out.push(a);
    u = { text: '', quoted: false, addr: null, comment: '' };
  };
  let i = 0;
  const n = value.length;
  while (i < n) {
    const ch = value[i];
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < n) j++;
        s += value[j];
        j++;
      }
      u.text += s;
      u.quoted = true;
      i = j + 1;
      continue;
    }
    if (ch === '(') {
      let depth = 1;
      let j = i + 1;
      let s = '';
      while (j < n && depth > 0) {
        const c = value[j];
        if (c === '\\' && j + 1 < n) {
          s += value[j + 1];
          j += 2;
          continue;
        }
        if (c === '(') depth++;
        else if (c === ')') {
          depth--;
          if (depth === 0) break;
        }
        s += c;
        j++;
      }
      u.comment += (u.comment ? ' ' : '') + s;
      i = j + 1;
      continue;
    }
    if (ch === '<') {
      const close = value.indexOf('>', i + 1);
      const end = close < 0 ? n : close;
      u.addr = (u.addr ?? '') + value.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === ',') {
      finish();
      i++;
      continue;
    }
    if (ch === ':' && !inGroup && u.addr === null && !u.text.includes('@')) {
      // Group name: discard it, keep the members.
      u = { text: '', quoted: false, addr: null, comment: '' };
      inGroup = true;
      i++;
      continue;
    }
    if (ch === ';' && inGroup) {
      finish();
      inGroup = false;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (!u.text.endsWith(' ')) u.text += ' ';
    } else {
      u.text += ch;
    }
    i++;
  }
  finish();
  return out;
}

// ---------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

const RFC5322_DATE =
  /^(?:[A-Za-z]{2,},?\s*)?(\d{1,2})\s*[- ]\s*([A-Za-z]{3,})\.?\s*[- ]\s*(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[A-Za-z]{1,5})?$/;
const ASCTIME = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): string | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  if (s === 60) s = 59;
  const t = Date.UTC(y, mo, d, h, mi, s);
  const check = new Date(t);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo) return null;
  const ms = t - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

/** Parses an RFC 5322 (or asctime / ISO 8601) date. Returns an ISO string, or null if invalid. */
export function parseMailDate(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  let m = RFC5322_DATE.exec(s);
  if (m) {
    const mo = MONTHS[m[2].slice(0, 3).toLowerCase()];
    if (mo === undefined) return null;
    let y = Number(m[3]);
    if (m[3].length === 2) y += y < 50 ? 2000 : 1900;
    else if (m[3].length === 3) y += 1900;
    let off = 0;
    const z = m[7];
    if (z) {
      if (z[0] === '+' || z[0] === '-') {
        const hh = Number(z.slice(1, 3));
        const mm = Number(z.slice(3, 5));
        if (hh > 23 || mm > 59) return null;
        off = (z[0] === '-' ? -1 : 1) * (hh * 60 + mm);
      } else {
        off = ZONES[z.toLowerCase()] ?? 0;
      }
    }
    return build(y, mo, Number(m[1]), Number(m[4]), Number(m[5]), m[6] ? Number(m[6]) : 0, off);
  }
  m = ASCTIME.exec(s);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    if (mo === undefined) return null;
    return build(Number(m[6]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0);
  }
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    return Number.isFinite(t) ? new Date(t).toISOString() : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Writing headers. Every header value racebot writes goes through headerText: a header value
// taken from a mail (a decoded Subject, a display name) may carry CR/LF that would start a new
// header field (`...\r\nBcc: victim@example.org`) in whatever prints or sends it.

/** Caps on what a reply copies from the mail it answers. */
export const REPLY_CAPS = {
  /** Subject, in UTF-8 bytes (before `Re: `). */
  subjectBytes: 400,
  /** One message id, in bytes; a longer one is not copied at all. */
  messageIdBytes: 250,
  /** References: the first id and at most this many of the last ones... */
  referencesTail: 8,
  /** ...within this many bytes. */
  referencesBytes: 2000,
} as const;

/** One line: CR, LF and other control characters become a space; runs of blanks collapse. */
export function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Cuts a string to at most `max` UTF-8 bytes, at a character boundary, marking the cut with `...`. */
export function capBytes(value: string, max: number): string {
  if (Buffer.byteLength(value, 'utf8') <= max) return value;
  let out = '';
  let n = 0;
  for (const ch of value) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (n + b > max - 3) break;
    out += ch;
    n += b;
  }
  return out + '...';
}

/** The Subject of a reply: one line, capped, with one `Re: `. */
export function replySubject(subject: string): string {
  const s = capBytes(headerText(subject), REPLY_CAPS.subjectBytes);
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/** A message id fit to copy (no blanks, brackets or controls; not over the cap), else null. */
export function copyableMessageId(id: string | null | undefined): string | null {
  if (!id) return null;
  if (Buffer.byteLength(id, 'utf8') > REPLY_CAPS.messageIdBytes) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\s<>\u0000-\u001f\u007f]/.test(id) || !id.includes('@')) return null;
  return id;
}

/**
 * The References of a reply to a mail: its References, In-Reply-To and Message-Id, deduplicated;
 * ids that cannot be copied dropped; the first (the thread's root) and the last few kept, within
 * the byte cap. Returns the ids without brackets.
 */
export function replyReferences(ids: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const all: string[] = [];
  for (const raw of ids) {
    const x = copyableMessageId(raw);
    if (x && !seen.has(x)) {
      seen.add(x);
      all.push(x);
    }
  }
  if (all.length === 0) return [];
  const [root, ...rest] = all;
  const tail = rest.slice(-REPLY_CAPS.referencesTail);
  const size = (xs: string[]) => xs.reduce((n, x) => n + Buffer.byteLength(x, 'utf8') + 3, 0);
  while (tail.length && size([root, ...tail]) > REPLY_CAPS.referencesBytes) tail.shift();
  return [root, ...tail];
}

/** `Name <address>` for a header: the name on one line and quoted when it needs to be. */
export function formatAddress(a: { readonly name: string; readonly address: string }): string {
  const address = headerText(a.address).replace(/[<>,\s]/g, '');
  const name = capBytes(headerText(a.name), 200);
  if (!name) return address;
  return `${/[",;<>@()[\]:\\.]/.test(name) ? JSON.stringify(name) : name} <${address}>`;
}

/** A header field as text, one line (`Name: value`), whatever the value held. */
export function headerLine(name: string, value: string): string {
  return `${name.replace(/[^!-9;-~]/g, '')}: ${headerText(value)}`;
}
