/**
 * Unified diff parser for git-format patches (and plain `diff -u` / quilt output).
 *
 * Never throws on malformed input: everything that could be understood is returned in
 * `files`, and every irregularity is recorded in `problems` with a stable code.
 * A hunk is read by its header counts, so a hunk whose lines do not match its header is
 * reported (`hunk-count-mismatch`, `truncated-hunk`, `excess-hunk-lines`), never silently
 * accepted.
 */

import { parseDiffGitPaths, parseMarkerPath, readQuoted } from './paths.js';
import type {
  DiffFile,
  DiffHunk,
  DiffLine,
  DiffParseResult,
  DiffProblem,
  DiffProblemCode,
} from './types.js';

/** A line of dashes, or a scissors line, that ends a diff pasted into a mail. */
const SEPARATOR_AFTER_DIFF = /^-{2,}\s*$|^-+\s*(?:8<|>8)\s*-*\s*$/;

/** A hunk header: old start and count, new start and count, the function context. */
export const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/s;
/** Counts above this are treated as a malformed header rather than a very long hunk. */
const MAX_COUNT = 100_000_000;

interface FileState {
  file: DiffFile;
  index: number;
  prefixed: boolean;
  sawMarkers: boolean;
  isNew: boolean;
  isDeleted: boolean;
  renameFrom: string | null;
  renameTo: string | null;
  copyFrom: string | null;
  copyTo: string | null;
  reportedMissingMarkers: boolean;
}

type Mode = 'top' | 'hunk' | 'skip-binary' | 'skip-hunk';

/** Splits text into lines: LF or CRLF separated, trailing CR removed, no phantom last line. */
export function splitDiffLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

function unquoteHeaderPath(s: string): string {
  s = s.replace(/\s+$/, '');
  if (s.startsWith('"')) {
    const q = readQuoted(s, 0);
    if (q) return q.value;
  }
  return s;
}

class DiffParser {
  readonly files: DiffFile[] = [];
  readonly problems: DiffProblem[] = [];
  private states: FileState[] = [];
  private cur: FileState | null = null;
  private hunk: DiffHunk | null = null;
  private remOld = 0;
  private remNew = 0;
  private oldNo = 0;
  private newNo = 0;
  private mode: Mode = 'top';
  /** The previous line completed a hunk (used for trailing `\` markers and excess lines). */
  private afterHunk = false;
  private lastHunk: DiffHunk | null = null;
  private excessReported = false;

  constructor(private readonly lines: string[]) {}

  parse(): DiffParseResult {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      i = this.step(lines[i], i);
    }
    if (this.mode === 'hunk' && this.hunk) {
      this.problem(
        'truncated-hunk',
        `input ended inside hunk "${this.hunk.header}": ${this.remOld} old and ${this.remNew} new line(s) missing`,
        lines.length,
        true,
      );
      this.hunk = null;
    }
    for (const st of this.states) this.finalize(st);
    return { files: this.files, problems: this.problems };
  }

  private problem(code: DiffProblemCode, message: string, line: number, withHunk: boolean): void {
    const st = this.cur;
    this.problems.push({
      code,
      message,
      line,
      file: st ? st.file.newPath ?? st.file.oldPath ?? (st.file.path || null) : null,
      fileIndex: st ? st.index : null,
      hunkIndex: st && withHunk && st.file.hunks.length > 0 ? st.file.hunks.length - 1 : null,
    });
  }

  /** Handles line i; returns the index of the last line consumed. */
  private step(line: string, i: number): number {
    const ln = i + 1;
    if (this.mode === 'hunk') {
      if (this.hunkLine(line, ln)) return i;
      // The line does not fit: the hunk ended early. Fall through to top-level handling.
    } else if (this.mode === 'skip-binary') {
      if (!line.startsWith('diff ')) return i;
      this.mode = 'top';
    } else if (this.mode === 'skip-hunk') {
      const c = line.charCodeAt(0);
      const isBody = line === '' || c === 32 || c === 43 || c === 45 || c === 92;
      if (isBody && !this.isMarkerPair(line, i)) return i;
      this.mode = 'top';
    }
    return this.topLine(line, i, ln);
  }

  private isMarkerPair(line: string, i: number): boolean {
    return line.startsWith('--- ') && i + 1 < this.lines.length && this.lines[i + 1].startsWith('+++ ');
  }

  /** Returns true if the line was consumed as part of the current hunk. */
  private hunkLine(line: string, ln: number): boolean {
    const hunk = this.hunk!;
    const c = line.length === 0 ? 32 : line.charCodeAt(0);
    let kind: DiffLine['kind'] | null = null;
    if (c === 32) {
      if (this.remOld > 0 && this.remNew > 0) kind = 'context';
    } else if (c === 45) {
      if (this.remOld > 0) kind = 'del';
    } else if (c === 43) {
      if (this.remNew > 0) kind = 'add';
    } else if (c === 92) {
      this.markNoNewline(hunk, ln);
      return true;
    }
    // A hunk header a mailer wrapped (`@@ -748,7 +748,7 @@ static long f(struct x *a,` then
    // `pgoff_t pgoff,` unindented): the line goes on the header's function context, whose
    // parentheses it was cut inside, and the hunk's lines follow it.
    if (kind === null && hunk.lines.length === 0 && line.trim() !== '' && !DIFF_STRUCTURE.test(line) && wrappedInside(hunk.functionName)) {
      hunk.header = `${hunk.header} ${line.trim()}`;
      hunk.functionName = `${hunk.functionName} ${line.trim()}`;
      return true;
    }
    if (kind === null) {
      this.problem(
        'hunk-count-mismatch',
        `hunk "${hunk.header}" ended after ${hunk.oldLines - this.remOld} of ${hunk.oldLines} old and ` +
          `${hunk.newLines - this.remNew} of ${hunk.newLines} new line(s)`,
        ln,
        true,
      );
      this.hunk = null;
      this.mode = 'top';
      this.afterHunk = false;
      return false;
    }
    const text = line.length === 0 ? '' : line.slice(1);
    let dl: DiffLine;
    if (kind === 'context') {
      dl = { kind, text, oldLine: this.oldNo++, newLine: this.newNo++ };
      this.remOld--;
      this.remNew--;
    } else if (kind === 'del') {
      dl = { kind, text, oldLine: this.oldNo++, newLine: null };
      this.remOld--;
    } else {
      dl = { kind, text, oldLine: null, newLine: this.newNo++ };
      this.remNew--;
    }
    hunk.lines.push(dl);
    if (this.remOld === 0 && this.remNew === 0) {
      this.lastHunk = hunk;
      this.hunk = null;
      this.mode = 'top';
      this.afterHunk = true;
      this.excessReported = false;
    }
    return true;
  }

  private markNoNewline(hunk: DiffHunk | null, ln: number): void {
    const last = hunk && hunk.lines.length > 0 ? hunk.lines[hunk.lines.length - 1] : null;
    if (last) last.noNewline = true;
    else this.problem('orphan-no-newline-marker', '"\\ No newline at end of file" without a preceding line', ln, true);
  }

  private topLine(line: string, i: number, ln: number): number {
    const wasAfterHunk = this.afterHunk;
    this.afterHunk = false;
    const c = line.charCodeAt(0);

    if (c === 92 /* \ */ && wasAfterHunk) {
      this.markNoNewline(this.lastHunk, ln);
      this.afterHunk = true;
      return i;
    }
    if (c === 100 /* d */ && line.startsWith('diff ')) {
      if (line.startsWith('diff --git ')) {
        this.startGitFile(line.slice('diff --git '.length), ln);
        return i;
      }
      if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
        this.cur = null;
        this.problem('unsupported-combined-diff', `combined (merge) diff skipped: ${line}`, ln, false);
        this.mode = 'skip-binary';
        return i;
      }
    }
    if (c === 45 /* - */ && this.isMarkerPair(line, i)) {
      this.markers(line.slice(4), this.lines[i + 1].slice(4));
      return i + 1;
    }
    if (c === 64 /* @ */ && line.startsWith('@@')) {
      this.startHunk(line, ln);
      return i;
    }
    const st = this.cur;
    if (st && st.file.git && st.file.hunks.length === 0 && !st.sawMarkers && this.extendedHeader(st, line)) {
      return i;
    }
    if (c === 66 /* B */ && /^Binary files .* differ$/s.test(line)) {
      this.binaryLine(line);
      return i;
    }
    if (c === 71 /* G */ && line === 'GIT binary patch') {
      if (st) st.file.binary = true;
      this.mode = 'skip-binary';
      return i;
    }
    // (A rule of dashes or a scissors line after the diff, `-----` or `--8<--`, is the writer's
    // separator from what follows, not a removed line: no C line is dashes alone.)
    // (A line of blanks alone after a complete hunk is stray whitespace, which git apply skips as
    // it looks for the next header; the lines after it are checked as ever.)
    if (wasAfterHunk && c === 32 && line.trim() === '') {
      this.afterHunk = true;
      return i;
    }
    if (wasAfterHunk && (c === 43 || c === 45 || c === 32) && line !== '-- ' && !SEPARATOR_AFTER_DIFF.test(line)) {
      if (!this.excessReported) {
        this.excessReported = true;
        const h = this.lastHunk;
        this.problem(
          'excess-hunk-lines',
          `diff lines after hunk "${h ? h.header : ''}" was complete: its header undercounts`,
          ln,
          true,
        );
      }
      this.afterHunk = true;
      return i;
    }
    // Anything else (commit text, diffstat, `Index:` lines, base-commit, ...) is ignored.
    return i;
  }

  private newFile(git: boolean, oldPath: string | null, newPath: string | null, prefixed: boolean): FileState {
    const file: DiffFile = {
      oldPath,
      newPath,
      path: newPath ?? oldPath ?? '',
      status: 'modified',
      binary: false,
      oldMode: null,
      newMode: null,
      oldHash: null,
      newHash: null,
      similarity: null,
      git,
      hunks: [],
    };
    const st: FileState = {
      file,
      index: this.files.length,
      prefixed,
      sawMarkers: false,
      isNew: false,
      isDeleted: false,
      renameFrom: null,
      renameTo: null,
      copyFrom: null,
      copyTo: null,
      reportedMissingMarkers: false,
    };
    this.files.push(file);
    this.states.push(st);
    this.cur = st;
    this.lastHunk = null;
    return st;
  }

  private startGitFile(rest: string, ln: number): void {
    const paths = parseDiffGitPaths(rest);
    if (!paths) {
      this.newFile(true, null, null, true);
      this.problem('bad-file-header', `cannot read the paths of "diff --git ${rest}"`, ln, false);
      return;
    }
    this.newFile(true, paths.oldPath, paths.newPath, paths.prefixed);
  }

  private extendedHeader(st: FileState, line: string): boolean {
    const f = st.file;
    let m: RegExpExecArray | null;
    if ((m = /^old mode ([0-7]+)\s*$/.exec(line))) f.oldMode = m[1];
    else if ((m = /^new mode ([0-7]+)\s*$/.exec(line))) f.newMode = m[1];
    else if ((m = /^deleted file mode ([0-7]+)\s*$/.exec(line))) {
      f.oldMode = m[1];
      st.isDeleted = true;
    } else if ((m = /^new file mode ([0-7]+)\s*$/.exec(line))) {
      f.newMode = m[1];
      st.isNew = true;
    } else if ((m = /^(?:dis)?similarity index (\d+)%\s*$/.exec(line))) f.similarity = Number(m[1]);
    else if (line.startsWith('rename from ')) st.renameFrom = unquoteHeaderPath(line.slice(12));
    else if (line.startsWith('rename to ')) st.renameTo = unquoteHeaderPath(line.slice(10));
    else if (line.startsWith('copy from ')) st.copyFrom = unquoteHeaderPath(line.slice(10));
    else if (line.startsWith('copy to ')) st.copyTo = unquoteHeaderPath(line.slice(8));
    else if ((m = /^index ([0-9a-fA-F]+)\.\.([0-9a-fA-F]+)(?: ([0-7]+))?\s*$/.exec(line))) {
      f.oldHash = m[1];
      f.newHash = m[2];
      if (m[3]) {
        f.oldMode ??= m[3];
        f.newMode ??= m[3];
      }
    } else return false;
    return true;
  }

  private markers(minus: string, plus: string): void {
    const st = this.cur;
    if (st && st.file.git && !st.sawMarkers && st.file.hunks.length === 0) {
      st.sawMarkers = true;
      const strip = st.prefixed ? 'letter' : 'none';
      const oldP = parseMarkerPath(minus, strip);
      const newP = parseMarkerPath(plus, strip);
      if (oldP === null) st.isNew = true;
      else if (st.file.oldPath === null) st.file.oldPath = oldP;
      if (newP === null) st.isDeleted = true;
      else if (st.file.newPath === null) st.file.newPath = newP;
      return;
    }
    const oldP = parseMarkerPath(minus, 'component');
    const newP = parseMarkerPath(plus, 'component');
    const nst = this.newFile(false, oldP, newP, false);
    nst.sawMarkers = true;
    if (oldP === null) nst.isNew = true;
    if (newP === null) nst.isDeleted = true;
  }

  private binaryLine(line: string): void {
    let st = this.cur;
    if (!st || st.sawMarkers || st.file.hunks.length > 0 || !st.file.git) {
      // `Binary files a/x and b/y differ` outside a git header: a file of its own.
      const m = /^Binary files (.*) and (.*) differ$/s.exec(line);
      const oldP = m ? parseMarkerPath(m[1], 'component') : null;
      const newP = m ? parseMarkerPath(m[2], 'component') : null;
      st = this.newFile(false, oldP, newP, false);
      if (oldP === null) st.isNew = true;
      if (newP === null) st.isDeleted = true;
    }
    st.file.binary = true;
  }

  private startHunk(line: string, ln: number): void {
    const st = this.cur;
    if (!st) {
      this.problem('hunk-outside-file', `hunk header before any file header: ${line}`, ln, false);
      this.mode = 'skip-hunk';
      return;
    }
    const m = HUNK_RE.exec(line);
    const oldStart = m ? Number(m[1]) : NaN;
    const oldLines = m ? (m[2] === undefined ? 1 : Number(m[2])) : NaN;
    const newStart = m ? Number(m[3]) : NaN;
    const newLines = m ? (m[4] === undefined ? 1 : Number(m[4])) : NaN;
    if (
      !m ||
      oldLines > MAX_COUNT ||
      newLines > MAX_COUNT ||
      oldStart > MAX_COUNT ||
      newStart > MAX_COUNT ||
      (oldLines === 0 && newLines === 0)
    ) {
      this.problem('bad-hunk-header', `not a valid hunk header: ${line}`, ln, false);
      this.mode = 'skip-hunk';
      return;
    }
    if (st.file.git && !st.sawMarkers && !st.reportedMissingMarkers) {
      st.reportedMissingMarkers = true;
      this.problem('missing-file-header', `hunk without "---"/"+++" lines for ${st.file.path || 'file'}`, ln, false);
    }
    const prev = st.file.hunks.length > 0 ? st.file.hunks[st.file.hunks.length - 1] : null;
    const fn = (m[5] ?? '').trim();
    const hunk: DiffHunk = {
      header: line,
      oldStart,
      oldLines,
      newStart,
      newLines,
      functionName: fn === '' ? null : fn,
      lines: [],
    };
    st.file.hunks.push(hunk);
    if (prev && (oldStart < prev.oldStart + prev.oldLines || newStart < prev.newStart + prev.newLines)) {
      this.problem('hunk-out-of-order', `hunk "${line}" starts before the end of the previous hunk`, ln, true);
    }
    this.hunk = hunk;
    this.remOld = oldLines;
    this.remNew = newLines;
    this.oldNo = oldStart;
    this.newNo = newStart;
    this.mode = 'hunk';
  }

  private finalize(st: FileState): void {
    const f = st.file;
    if (st.renameFrom !== null || st.renameTo !== null) {
      if (st.renameFrom !== null) f.oldPath = st.renameFrom;
      if (st.renameTo !== null) f.newPath = st.renameTo;
      f.status = 'renamed';
    } else if (st.copyFrom !== null || st.copyTo !== null) {
      if (st.copyFrom !== null) f.oldPath = st.copyFrom;
      if (st.copyTo !== null) f.newPath = st.copyTo;
      f.status = 'copied';
    }
    if (st.isNew) {
      f.status = 'added';
      f.newPath ??= f.oldPath;
      f.oldPath = null;
    } else if (st.isDeleted) {
      f.status = 'deleted';
      f.oldPath ??= f.newPath;
      f.newPath = null;
    }
    f.path = f.newPath ?? f.oldPath ?? '';
  }
}

/**
 * Parses a unified diff (git or plain). Never throws: malformed parts are reported in
 * `problems` and everything else is returned.
 */
export function parseUnifiedDiff(text: string): DiffParseResult {
  try {
    return new DiffParser(splitDiffLines(typeof text === 'string' ? text : String(text ?? ''))).parse();
  } catch (err) {
    // Defensive: the parser is written not to throw; if it ever does, report it as data.
    return {
      files: [],
      problems: [
        {
          code: 'internal-error',
          message: `internal parser error: ${(err as Error)?.message ?? String(err)}`,
          line: 0,
          file: null,
          fileIndex: null,
          hunkIndex: null,
        },
      ],
    };
  }
}

/** Lines of a diff's own structure: never the rest of a wrapped hunk header. */
const DIFF_STRUCTURE = /^(?:@@|diff |--- |\+\+\+ |index |old mode|new mode|deleted file|new file|similarity|dissimilarity|rename |copy |Binary files|GIT binary)/;

/** Whether a hunk header's function context was cut inside its parentheses (more opened than closed). */
function wrappedInside(fn: string | null): boolean {
  if (!fn) return false;
  let depth = 0;
  for (const ch of fn) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  return depth > 0;
}
