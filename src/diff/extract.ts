/**
 * Finds the diff inside a mail body.
 *
 * A `git format-patch` body is: commit message, a `---` line, the diffstat, the diff,
 * optionally `base-commit:` lines, then the `-- ` signature and git's version. Older tools
 * produce `Index:` headers (quilt, svn) or bare `--- a/x` / `+++ b/x` pairs.
 */

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export interface DiffLocation {
  /** The diff text (lines joined with '\n', ending with '\n'); '' when there is none. */
  text: string;
  /** 0-based index of the first diff line in the body's lines; -1 when there is no diff. */
  startLine: number;
  /** 0-based index one past the last diff line; -1 when there is no diff. */
  endLine: number;
  /** 0-based index of the `---` separator line that ends the commit message, or -1. */
  separatorLine: number;
}

function stripCr(l: string): string {
  return l.length > 0 && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l;
}

function isDiffStart(lines: readonly string[], i: number): boolean {
  const l = stripCr(lines[i]);
  const next = i + 1 < lines.length ? stripCr(lines[i + 1]) : '';
  const next2 = i + 2 < lines.length ? stripCr(lines[i + 2]) : '';
  if (l.startsWith('diff --git ')) return true;
  if (l.startsWith('Index: ') && (/^={10,}$/.test(next) || next.startsWith('--- '))) return true;
  if (l.startsWith('--- ') && l.length > 4 && next.startsWith('+++ ')) return true;
  if (/^diff (-\S+ )+\S/.test(l) && (next.startsWith('--- ') || next2.startsWith('--- '))) return true;
  if (MAGIT_FILE_RE.test(l) && HUNK_RE.test(next)) return true;
  if (LONE_NEW_FILE_RE.test(l) && HUNK_RE.test(next)) return true;
  return false;
}

/**
 * A sketch pasted from `git diff` without its first lines: `+++ b/path` alone, then a hunk. The
 * same path on both sides.
 */
const LONE_NEW_FILE_RE = /^\+\+\+ b\/(\S+)$/;

/**
 * A diff copied from Emacs magit's buffer: each file is headed `modified   path` (three spaces)
 * and its hunks follow with no `---`/`+++` pair. Reviewers paste such diffs into replies.
 */
const MAGIT_FILE_RE = /^modified {3}(\S+)$/;

/** The diff's lines with each magit file line turned into the `--- a/path` / `+++ b/path` pair it stands for. */
function withUnifiedFileHeaders(lines: readonly string[]): string[] {
  return lines.flatMap((l, i) => {
    const m = MAGIT_FILE_RE.exec(stripCr(l)) ?? (i === 0 || !stripCr(lines[i - 1]).startsWith('--- ') ? LONE_NEW_FILE_RE.exec(stripCr(l)) : null);
    return m && i + 1 < lines.length && HUNK_RE.test(stripCr(lines[i + 1])) ? [`--- a/${m[1]}`, `+++ b/${m[1]}`] : [l];
  });
}

function findDiffStart(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const c = lines[i].charCodeAt(0);
    // Only lines starting with d, I, -, m (magit's `modified`) or + (a lone `+++ b/path`) can start a diff.
    if ((c === 100 || c === 73 || c === 45 || c === 109 || c === 43) && isDiffStart(lines, i)) return i;
  }
  return -1;
}

/** Counts a line against the open hunk's remaining old and new lines: true when it is one of them. */
function takesHunkLine(l: string, rem: { old: number; new: number }): boolean {
  const c = l.length === 0 ? 32 : l.charCodeAt(0);
  if (c === 32 && rem.old > 0 && rem.new > 0) {
    rem.old--;
    rem.new--;
    return true;
  }
  if (c === 45 && rem.old > 0) {
    rem.old--;
    return true;
  }
  if (c === 43 && rem.new > 0) {
    rem.new--;
    return true;
  }
  return c === 92;
}

/** Lines that belong to a diff outside its hunks: file headers and git's extended headers. */
const DIFF_HEADER_LINE_RE =
  /^(?:diff |index |--- |\+\+\+ |@@ |Index: |={10,}$|new file mode |deleted file mode |old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files |GIT binary patch|\\ No newline)/;

/**
 * Reads a diff from `start` with its hunks' line counts and returns one past its last line: it
 * stops at the signature, a mailing-list footer, or with `proseEnds` at the first line of prose or
 * quotation outside a hunk, and trailing blank lines go unless a hunk counted them as context. A
 * hunk shorter than announced ends where it stops counting (the parser reports it, or it is an
 * excerpt).
 */
function scanDiff(lines: readonly string[], start: number, proseEnds: boolean): number {
  const trimmed = (end: number): number => {
    while (end > Math.max(start, keep) && stripCr(lines[end - 1]) === '') end--;
    return end;
  };
  const rem = { old: 0, new: 0 };
  let keep = start;
  for (let i = start; i < lines.length; i++) {
    const l = stripCr(lines[i]);
    if (rem.old > 0 || rem.new > 0) {
      if (takesHunkLine(l, rem)) {
        keep = i + 1;
        continue;
      }
      rem.old = 0;
      rem.new = 0;
    }
    if (l === '-- ' || l === '--' || l.startsWith('_______________________________________________')) return trimmed(i);
    const m = HUNK_RE.exec(l);
    if (m) {
      rem.old = m[2] === undefined ? 1 : Number(m[2]);
      rem.new = m[4] === undefined ? 1 : Number(m[4]);
      continue;
    }
    // (The block's own first line is a diff start, whatever its form: magit's `modified   path`.)
    if (proseEnds && !(i === start || l === '' || DIFF_HEADER_LINE_RE.test(l) || isDiffStart(lines, i))) return trimmed(i);
  }
  return trimmed(lines.length);
}

/** Locates the diff in a mail body; see `extractDiffText`. */
export function locateDiff(body: string): DiffLocation {
  const lines = body.split('\n');
  let separatorLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '---' || l === '---\r') {
      separatorLine = i;
      break;
    }
    if (l.startsWith('diff --git ')) break;
  }
  let start = findDiffStart(lines, separatorLine >= 0 ? separatorLine + 1 : 0);
  if (start < 0 && separatorLine >= 0) start = findDiffStart(lines, 0);
  if (start < 0) return { text: '', startLine: -1, endLine: -1, separatorLine };

  const end = scanDiff(lines, start, false);
  if (end <= start) return { text: '', startLine: -1, endLine: -1, separatorLine };
  return { text: withUnifiedFileHeaders(lines.slice(start, end)).join('\n') + '\n', startLine: start, endLine: end, separatorLine };
}

/**
 * Returns the diff part of a mail body, from the first diff header (`diff --git`,
 * `Index:`, or a `--- x` / `+++ y` pair; searched after the `---` separator first) up to the
 * `-- ` signature line or a mailing-list footer. Returns '' when the body holds no diff.
 * Hunk line counts are honoured, so a deleted line that reads `-- ` does not end the diff.
 */
export function extractDiffText(body: string): string {
  return locateDiff(body).text;
}

/** The first line of a `git format-patch` file: `From <sha> Mon Sep 17 00:00:00 2001`. */
const FORMAT_PATCH_FROM_RE = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\r?$/;

/**
 * The diffs of the `git format-patch` files pasted one after another in a mail body (a reply
 * that carries a whole series inline, each after its own `From <sha> Mon Sep 17 ...` line), in
 * order, the first included. Empty unless the body's diff is the first of two or more such files.
 */
export function inlineSeriesDiffs(body: string): string[] {
  const lines = body.split('\n');
  const starts = lines.flatMap((l, i) => (FORMAT_PATCH_FROM_RE.test(l) ? [i] : []));
  if (starts.length < 2) return [];
  const first = locateDiff(body);
  if (first.startLine < starts[0] || first.startLine > starts[1]) return [];
  return starts.map((s, k) => locateDiff(lines.slice(s, starts[k + 1] ?? lines.length).join('\n')).text).filter((t) => t !== '');
}

/**
 * The separate diffs of a mail body, in order: each from a diff header up to the first line of
 * prose or quotation outside its hunks (a reply that pastes a trimmed excerpt, writes about it,
 * then gives its whole diff), with the lines after it up to the next one. One block when the
 * body's diff runs unbroken to its end.
 */
export function diffBlocks(body: string): { text: string; after: string[] }[] {
  const lines = body.split('\n');
  const out: { text: string; start: number; end: number }[] = [];
  let from = 0;
  while (from < lines.length) {
    const start = findDiffStart(lines, from);
    if (start < 0) break;
    const last = scanDiff(lines, start, true);
    if (last > start) out.push({ text: withUnifiedFileHeaders(lines.slice(start, last)).join('\n') + '\n', start, end: last });
    from = Math.max(last, start + 1);
  }
  // What stands between a block and the next one (or the end of the body).
  return out.map((b, k) => ({ text: b.text, after: lines.slice(b.end, out[k + 1]?.start ?? lines.length).map(stripCr) }));
}
