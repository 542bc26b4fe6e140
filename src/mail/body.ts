/**
 * Analysis of a patch mail's text body: in-body headers, commit message, trailers,
 * base-commit, and whether the body quotes a diff (review).
 */

import { parseAddressList } from './headers.js';
import type { Address, Trailer, Trailers } from './types.js';

export interface InBodyHeaders {
  /** In-body `From:` (git send-email when the author is not the sender). */
  from: Address | null;
  subject: string | null;
  date: string | null;
  /** Body with the in-body header lines (and the blank line after them) removed. */
  rest: string;
}

const IN_BODY_RE = /^(From|Subject|Date):[ \t]*(.*)$/;

/** Reads git's in-body header lines at the very start of the body. */
export function splitInBodyHeaders(body: string): InBodyHeaders {
  const res: InBodyHeaders = { from: null, subject: null, date: null, rest: body };
  let pos = 0;
  // Leading blank lines are allowed before in-body headers.
  while (body.startsWith('\n', pos)) pos++;
  let found = false;
  for (;;) {
    const nl = body.indexOf('\n', pos);
    const line = nl < 0 ? body.slice(pos) : body.slice(pos, nl);
    const m = IN_BODY_RE.exec(line);
    if (!m) break;
    found = true;
    if (m[1] === 'From') res.from = parseAddressList(m[2])[0] ?? null;
    else if (m[1] === 'Subject') res.subject = m[2].trim();
    else res.date = m[2].trim();
    if (nl < 0) {
      pos = body.length;
      break;
    }
    pos = nl + 1;
  }
  if (!found) return res;
  // In-body headers must be followed by a blank line (or the end).
  if (pos < body.length && body[pos] !== '\n') return { from: null, subject: null, date: null, rest: body };
  while (body.startsWith('\n', pos)) pos++;
  res.rest = body.slice(pos);
  return res;
}

const KNOWN_KEYS = new Set([
  'fixes',
  'link',
  'closes',
  'cc',
  'bug',
  'change-id',
  'message-id',
  'base-commit',
  'references',
  'upstream',
  'commit',
]);

const TRAILER_RE = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(\S.*)$/;

function isTrailerKey(key: string): boolean {
  const k = key.toLowerCase();
  return k.endsWith('-by') || KNOWN_KEYS.has(k);
}

export function emptyTrailers(): Trailers {
  return {
    fixes: [],
    link: [],
    closes: [],
    signedOffBy: [],
    reviewedBy: [],
    ackedBy: [],
    testedBy: [],
    reportedBy: [],
    suggestedBy: [],
    coDevelopedBy: [],
    cc: [],
    all: [],
  };
}

function addTrailer(t: Trailers, key: string, value: string): void {
  t.all.push({ key, value });
  switch (key.toLowerCase()) {
    case 'fixes':
      t.fixes.push(value);
      break;
    case 'link':
      t.link.push(value);
      break;
    case 'closes':
      t.closes.push(value);
      break;
    case 'signed-off-by':
      t.signedOffBy.push(value);
      break;
    case 'reviewed-by':
      t.reviewedBy.push(value);
      break;
    case 'acked-by':
      t.ackedBy.push(value);
      break;
    case 'tested-by':
      t.testedBy.push(value);
      break;
    case 'reported-by':
      t.reportedBy.push(value);
      break;
    case 'reported-and-tested-by':
      t.reportedBy.push(value);
      t.testedBy.push(value);
      break;
    case 'suggested-by':
      t.suggestedBy.push(value);
      break;
    case 'co-developed-by':
      t.coDevelopedBy.push(value);
      break;
    case 'cc':
      t.cc.push(value);
      break;
  }
}

/**
 * Parses the trailer block of a commit message: the trailing paragraphs in which every line
 * is a `Key: value` trailer (keys ending in `-by`, or Fixes/Link/Closes/Cc/...), a
 * continuation line, or a bracketed maintainer note such as `[akpm: fix typo]`.
 */
export function parseTrailers(message: string): Trailers {
  const t = emptyTrailers();
  const lines = message.split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  // Walk paragraphs backwards while they are trailer paragraphs.
  let blockStart = end;
  let i = end;
  while (i > 0) {
    let pStart = i;
    while (pStart > 0 && lines[pStart - 1].trim() !== '') pStart--;
    let trailers = 0;
    let ok = true;
    for (let j = pStart; j < i; j++) {
      const l = lines[j];
      const m = TRAILER_RE.exec(l);
      if (m && isTrailerKey(m[1])) trailers++;
      else if (/^\s+\S/.test(l) && j > pStart) continue;
      else if (/^\[.*\]\s*$/.test(l)) continue;
      else {
        ok = false;
        break;
      }
    }
    if (!ok || trailers === 0) break;
    blockStart = pStart;
    i = pStart;
    while (i > 0 && lines[i - 1].trim() === '') i--;
  }
  let last: Trailer | null = null;
  for (let j = blockStart; j < end; j++) {
    const l = lines[j];
    const m = TRAILER_RE.exec(l);
    if (m && isTrailerKey(m[1])) {
      addTrailer(t, m[1], m[2].trim());
      last = t.all[t.all.length - 1];
    } else if (last && /^\s+\S/.test(l)) {
      // Continuation of a folded trailer: extend the value everywhere it was recorded.
      const prev = last.value;
      const next = prev + ' ' + l.trim();
      last.value = next;
      for (const arr of Object.values(t) as unknown[]) {
        if (Array.isArray(arr) && arr.length > 0 && arr[arr.length - 1] === prev) arr[arr.length - 1] = next;
      }
    } else {
      last = null;
    }
  }
  return t;
}

/** `base-commit: <sha>` (git format-patch --base). */
export function findBaseCommit(body: string): string | null {
  const m = /^base-commit:[ \t]*([0-9a-fA-F]{7,64})[ \t]*$/m.exec(body);
  return m ? m[1].toLowerCase() : null;
}

const QUOTE_PREFIX = /^[ \t]*(?:>[ \t]?)+/;
const QUOTED_DIFF_HEADER = /^(?:diff --git |@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|--- a\/|\+\+\+ b\/|Index: )/;

/**
 * True if the body quotes a diff: a quoted diff or hunk header, or at least three quoted
 * `+`/`-` lines. Such a mail is a review reply, not a patch.
 */
export function quotesDiff(body: string): boolean {
  let plusMinus = 0;
  let pos = 0;
  const n = body.length;
  while (pos < n) {
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const c = body.charCodeAt(pos);
    // Only quoted lines matter: '>' possibly after indentation.
    if (c === 62 || c === 32 || c === 9) {
      const line = body.slice(pos, nl);
      const m = QUOTE_PREFIX.exec(line);
      if (m) {
        const rest = line.slice(m[0].length);
        if (QUOTED_DIFF_HEADER.test(rest)) return true;
        const r0 = rest.charCodeAt(0);
        if ((r0 === 43 || r0 === 45) && !/^(?:\+\+\+|---|--|\+\+)/.test(rest)) {
          if (++plusMinus >= 3) return true;
        }
      }
    }
    pos = nl + 1;
  }
  return false;
}
