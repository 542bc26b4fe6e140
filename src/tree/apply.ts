/**
 * A file's hunks applied in memory, the way `git apply` (and so `git am`) applies them: every
 * context and deleted line must match exactly (no fuzz), a hunk may move by an offset but never
 * overlaps the previous one, a hunk starting at line 1 must match at the start of the file and a
 * hunk without trailing context at its end. jsdiff's applyPatch is not used because it returns only
 * the text, and the caller needs where each hunk landed to find the functions it changed.
 */
import type { DiffFile, DiffHunk } from '../diff/types.js';
import type { AppliedHunk } from './types.js';

export interface Applied {
  readonly ok: true;
  readonly post: string;
  readonly changedPre: number[];
  readonly changedPost: number[];
  readonly hunks: AppliedHunk[];
}

export interface NotApplied {
  readonly ok: false;
  /** Index of the first hunk that does not apply. */
  readonly hunk: number;
  readonly reason: string;
}

interface Text {
  lines: string[];
  /** The last line ends with a newline (true for an empty text). */
  finalNewline: boolean;
}

function splitText(s: string): Text {
  if (s === '') return { lines: [], finalNewline: true };
  const lines = s.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

function joinText(t: Text): string {
  if (t.lines.length === 0) return '';
  return t.lines.join('\n') + (t.finalNewline ? '\n' : '');
}

interface Sides {
  old: string[];
  new: string[];
  /** The old side's last line is marked `\ No newline at end of file`. */
  oldNoNewline: boolean;
  newNoNewline: boolean;
  leading: number;
  trailing: number;
  hasContext: boolean;
}

function sidesOf(h: DiffHunk): Sides {
  const s: Sides = { old: [], new: [], oldNoNewline: false, newNoNewline: false, leading: 0, trailing: 0, hasContext: false };
  for (const l of h.lines) {
    if (l.kind !== 'add') {
      s.old.push(l.text);
      s.oldNoNewline = l.noNewline === true;
    }
    if (l.kind !== 'del') {
      s.new.push(l.text);
      s.newNoNewline = l.noNewline === true;
    }
  }
  while (s.leading < h.lines.length && h.lines[s.leading].kind === 'context') s.leading++;
  while (s.trailing < h.lines.length - s.leading && h.lines[h.lines.length - 1 - s.trailing].kind === 'context') s.trailing++;
  s.hasContext = h.lines.some((l) => l.kind === 'context');
  return s;
}

function matchesAt(lines: readonly string[], at: number, want: readonly string[]): boolean {
  if (at < 0 || at + want.length > lines.length) return false;
  for (let i = 0; i < want.length; i++) if (lines[at + i] !== want[i]) return false;
  return true;
}

/**
 * Applies `file`'s hunks to `pre`. A created file applies to '' and a deleted file must be
 * deleted whole. Never throws.
 */
export function applyFileHunks(pre: string, file: Pick<DiffFile, 'hunks' | 'path' | 'status'>): Applied | NotApplied {
  const text = splitText(pre);
  const src = text.lines;
  const out: string[] = [];
  let finalNewline = text.finalNewline;
  let copied = 0; // src lines [0, copied) are done
  let offset = 0; // the previous hunk's offset, where the next one is looked for first
  const changedPre: number[] = [];
  const changedPost: number[] = [];
  const hunks: AppliedHunk[] = [];
  for (let k = 0; k < file.hunks.length; k++) {
    const h = file.hunks[k];
    const s = sidesOf(h);
    // 0-based index of the hunk's first old line: `-N,0` means "after line N".
    const base = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
    const expected = base + offset;
    // Without any context the hunk cannot say where it belongs beyond its header (diff -U0).
    const mustStart = s.hasContext && h.oldStart <= 1;
    const mustEnd = (s.hasContext && s.trailing === 0) || s.oldNoNewline;
    const fits = (at: number) =>
      at >= copied &&
      matchesAt(src, at, s.old) &&
      (!mustStart || at === 0) &&
      (!mustEnd || at + s.old.length === src.length) &&
      (!s.oldNoNewline || !text.finalNewline);
    let at = -1;
    const span = Math.max(src.length, expected) + 1;
    for (let d = 0; d <= span && at < 0; d++) {
      if (fits(expected - d)) at = expected - d;
      else if (d > 0 && fits(expected + d)) at = expected + d;
    }
    if (at < 0) {
      const where = `${file.path} hunk ${k + 1} (${h.header.replace(/ @@.*$/, ' @@')})`;
      return { ok: false, hunk: k, reason: `${where} does not apply: its ${s.old.length} context and deleted line(s) are not in the file${mustStart ? ' at its start' : mustEnd ? ' at its end' : ''}` };
    }
    for (let i = copied; i < at; i++) out.push(src[i]);
    let preNo = at + 1;
    let postNo = out.length + 1;
    // Where the change starts on each side: an empty side is the empty range [n, n-1] there.
    let preFrom = -1, postFrom = -1, preTo = -1, postTo = -1;
    for (const l of h.lines) {
      if (l.kind !== 'context' && preFrom < 0) {
        preFrom = preNo;
        postFrom = postNo;
      }
      if (l.kind === 'context') {
        out.push(l.text);
        preNo++;
        postNo++;
      } else if (l.kind === 'del') {
        changedPre.push(preNo);
        preTo = preNo++;
      } else {
        out.push(l.text);
        changedPost.push(postNo);
        postTo = postNo++;
      }
    }
    if (preFrom < 0) preFrom = postFrom = preNo; // a hunk of context only
    hunks.push({
      index: k,
      offset: at - base,
      pre: preTo < 0 ? [preFrom, preFrom - 1] : [preFrom, preTo],
      post: postTo < 0 ? [postFrom, postFrom - 1] : [postFrom, postTo],
    });
    copied = at + s.old.length;
    offset = at - base;
    if (s.oldNoNewline || s.newNoNewline) finalNewline = !s.newNoNewline;
  }
  for (let i = copied; i < src.length; i++) out.push(src[i]);
  if (file.status === 'deleted' && out.length > 0) {
    return { ok: false, hunk: file.hunks.length - 1, reason: `${file.path} is deleted by the patch but ${out.length} line(s) of it are not in the patch` };
  }
  return { ok: true, post: joinText({ lines: out, finalNewline }), changedPre, changedPost, hunks };
}
