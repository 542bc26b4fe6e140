/**
 * A diff a mail client line-wrapped (webmail breaks long lines at a space): inside a hunk, a line
 * that opens with no diff marker is the rest of the line before it. Rejoining such lines is
 * exact only where the hunk's own line counts then come out right, so a hunk that does not is
 * left as it was (the parser then reports it cut short or malformed).
 */
import { HUNK_RE } from './parse.js';

export interface Rejoined {
  /** The diff with each wrapped line joined back to the one it was broken from (with a space). */
  readonly text: string;
  /** How many wrapped pieces were joined back. */
  readonly rejoined: number;
}

/** The diff with its wrapped lines rejoined, or null when none is wrapped or a hunk still does not count out. */
export function rejoinWrappedLines(text: string): Rejoined | null {
  const lines = text.split('\n');
  const out: string[] = [];
  let rejoined = 0;
  let i = 0;
  while (i < lines.length) {
    const header = HUNK_RE.exec(lines[i].replace(/\r$/, ''));
    out.push(lines[i++]);
    if (!header) continue;
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
      const l = lines[i++].replace(/\r$/, '');
      const marker = l[0];
      if (marker === ' ' || l === '') {
        oldLeft--;
        newLeft--;
      } else if (marker === '+') newLeft--;
      else if (marker === '-') oldLeft--;
      else if (marker !== '\\') {
        // The rest of the line before it (the hunk header's function line, or a diff line).
        out[out.length - 1] = `${out[out.length - 1].replace(/\r$/, '').replace(/\s+$/, '')} ${l.trimStart()}`;
        rejoined++;
        continue;
      }
      if (oldLeft < 0 || newLeft < 0) return null;
      out.push(l);
    }
    if (oldLeft !== 0 || newLeft !== 0) return null;
  }
  return rejoined > 0 ? { text: out.join('\n'), rejoined } : null;
}

export interface Respaced {
  /** The diff with each no-break space in a hunk's lines read as a space. */
  readonly text: string;
  /** How many lines had one. */
  readonly lines: number;
}

/**
 * A diff a mail client whitespace-damaged by writing no-break spaces (U+00A0) for spaces, the
 * leading space of a context line among them (some clients do so for runs of spaces): inside
 * hunks each is read as a space. Null when no hunk line has one. (C code has none outside
 * strings and comments; the caller keeps the result only where every hunk then counts out.)
 */
export function restoreNoBreakSpaces(text: string): Respaced | null {
  const lines = text.split('\n');
  let changed = 0;
  for (let i = 0; i < lines.length; i++) {
    const header = HUNK_RE.exec(lines[i].replace(/\r$/, ''));
    if (!header) continue;
    // (Only the lines the header counts: a signature's `-- ` after the diff is no hunk line.)
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    while (i + 1 < lines.length && (oldLeft > 0 || newLeft > 0)) {
      i++;
      if (lines[i].includes('\u00a0')) {
        lines[i] = lines[i].replace(/\u00a0/g, ' ');
        changed++;
      }
      const marker = lines[i][0];
      if (marker === '+') newLeft--;
      else if (marker === '-') oldLeft--;
      else if (marker !== '\\') {
        oldLeft--;
        newLeft--;
      }
    }
  }
  return changed > 0 ? { text: lines.join('\n'), lines: changed } : null;
}
