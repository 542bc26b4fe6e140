/**
 * mbox splitting and joining (mboxrd by default, mboxo on request).
 *
 * A message starts at a `From ` line at the start of the file or right after a blank line.
 * Each message is followed by one blank line, which is not part of it. In mboxrd, body lines
 * matching `>*From ` carry one extra `>`, removed on reading and added on writing; in mboxo
 * only `From ` lines were escaped, so only `>From ` is unescaped.
 *
 * The splitter works on Buffers and returns views into the input where no unescaping is
 * needed, so a large mbox is split without copying it.
 */

export interface MboxOptions {
  /** Unescaping convention; default 'mboxrd'. */
  format?: 'mboxrd' | 'mboxo';
  /**
   * Require separator lines to look like `From <sender> <date with hh:mm>` (protects against
   * unescaped `From ` lines in mboxo files). Default false: any `From ` line after a blank line.
   */
  strict?: boolean;
}

const NL = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM = Buffer.from('From ', 'latin1');
const NL_FROM = Buffer.from('\nFrom ', 'latin1');
const GT_FROM = Buffer.from('>From ', 'latin1');

function lineEnd(buf: Buffer, start: number): number {
  const nl = buf.indexOf(NL, start);
  return nl < 0 ? buf.length : nl;
}

function looksLikeSeparator(buf: Buffer, start: number): boolean {
  const end = Math.min(lineEnd(buf, start), start + 1000);
  const line = buf.toString('latin1', start, end);
  return /^From \S+ .*\d{1,2}:\d\d/.test(line);
}

/** Finds the start of the next separator line at or after `from` (never at `from` unless 0). */
function nextSeparator(buf: Buffer, from: number, strict: boolean): number {
  let pos = from;
  for (;;) {
    const idx = buf.indexOf(NL_FROM, pos);
    if (idx < 0) return -1;
    const lineStart = idx + 1;
    // The previous line must be blank: "\n\n" or "\n\r\n" before "From ".
    const blank = (idx >= 1 && buf[idx - 1] === NL) || (idx >= 2 && buf[idx - 1] === CR && buf[idx - 2] === NL);
    if (blank && (!strict || looksLikeSeparator(buf, lineStart))) return lineStart;
    pos = idx + 1;
  }
}

/** Length of the content after removing the blank line that terminates a message. */
function contentEnd(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len >= 2 && buf[end - 1] === NL && buf[end - 2] === NL) return end - 1;
  if (len >= 3 && buf[end - 1] === NL && buf[end - 2] === CR && buf[end - 3] === NL) return end - 2;
  if (len === 1 && buf[start] === NL) return start;
  if (len === 2 && buf[start] === CR && buf[start + 1] === NL) return start;
  return end;
}

function unescape(buf: Buffer, start: number, end: number, format: 'mboxrd' | 'mboxo'): Buffer {
  const view = buf.subarray(start, end);
  // Search only inside this message: an unbounded search would rescan the rest of the file.
  let k = view.indexOf(GT_FROM);
  if (k < 0) return view;
  const pieces: Buffer[] = [];
  let copied = 0;
  while (k >= 0) {
    let j = k;
    while (j > 0 && view[j - 1] === GT) j--;
    const atLineStart = j === 0 || view[j - 1] === NL;
    if (atLineStart && (format === 'mboxrd' || j === k)) {
      pieces.push(view.subarray(copied, j));
      copied = j + 1; // drop one '>'
    }
    k = view.indexOf(GT_FROM, k + 1);
  }
  if (pieces.length === 0) return view;
  pieces.push(view.subarray(copied));
  return Buffer.concat(pieces);
}

/**
 * Iterates over the messages of an mbox. Each message is yielded without its `From `
 * separator line and without the blank line that ends it. Text before the first separator
 * (if not blank) is yielded as a message of its own, so nothing is dropped.
 */
export function* iterateMbox(input: Buffer | string, opts: MboxOptions = {}): Generator<Buffer> {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const format = opts.format ?? 'mboxrd';
  const strict = opts.strict ?? false;
  if (buf.length === 0) return;
  let sep = buf.subarray(0, FROM.length).equals(FROM) ? 0 : nextSeparator(buf, 0, strict);
  if (sep !== 0) {
    const preEnd = sep < 0 ? buf.length : sep;
    if (!isBlank(buf, 0, preEnd)) {
      yield unescape(buf, 0, contentEnd(buf, 0, preEnd), format);
    }
    if (sep < 0) return;
  }
  while (sep >= 0) {
    const contentStart = Math.min(lineEnd(buf, sep) + 1, buf.length);
    const next = nextSeparator(buf, Math.max(contentStart - 1, sep), strict);
    const end = next < 0 ? buf.length : next;
    yield unescape(buf, contentStart, contentEnd(buf, contentStart, end), format);
    sep = next;
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== NL && c !== CR) return false;
  }
  return true;
}

/** Splits an mbox into its messages; see `iterateMbox`. */
export function splitMbox(input: Buffer | string, opts: MboxOptions = {}): Buffer[] {
  return [...iterateMbox(input, opts)];
}

export interface JoinOptions {
  /** The separator line (must start with `From `). */
  fromLine?: string;
}

const DEFAULT_FROM_LINE = 'From racebot@localhost Thu Jan  1 00:00:00 1970';

function escapeLines(s: string): string {
  if (s.indexOf('From ') < 0) return s;
  const lines = s.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^>*From /.test(lines[i])) lines[i] = '>' + lines[i];
  }
  return lines.join('\n');
}

/**
 * Writes messages as an mboxrd file. A message that does not end with a newline gets one
 * (mbox is line-based), so `splitMbox(joinMbox(msgs))` returns `msgs` for every message
 * that is empty or ends with '\n'.
 */
export function joinMbox(messages: ReadonlyArray<string | Buffer>, opts: JoinOptions = {}): string {
  const fromLine = opts.fromLine ?? DEFAULT_FROM_LINE;
  if (!fromLine.startsWith('From ') || fromLine.includes('\n')) throw new Error('fromLine must be one line starting with "From "');
  const parts: string[] = [];
  for (const m of messages) {
    let s = typeof m === 'string' ? m : m.toString('utf8');
    if (s !== '' && !s.endsWith('\n')) s += '\n';
    parts.push(fromLine, '\n', escapeLines(s), '\n');
  }
  return parts.join('');
}

/** `joinMbox` as a Buffer (UTF-8). */
export function joinMboxBuffer(messages: ReadonlyArray<string | Buffer>, opts: JoinOptions = {}): Buffer {
  return Buffer.from(joinMbox(messages, opts), 'utf8');
}
