/**
 * Data model of a parsed unified diff.
 *
 * Paths are stored without the `a/` / `b/` prefixes. Line numbers are 1-based,
 * as in the hunk headers.
 */

export type DiffLineKind = 'context' | 'add' | 'del';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its leading ' ', '+' or '-' (and without a trailing CR). */
  text: string;
  /** Line number in the old file; null for added lines. */
  oldLine: number | null;
  /** Line number in the new file; null for deleted lines. */
  newLine: number | null;
  /** Set when the line was followed by `\ No newline at end of file`. */
  noNewline?: true;
}

export interface DiffHunk {
  /** The `@@ ... @@` line as it appeared (CR stripped). */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second `@@` (git's "function context"), trimmed; null when absent. */
  functionName: string | null;
  lines: DiffLine[];
}

export type DiffFileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface DiffFile {
  /** Path before the change; null when the file is created. */
  oldPath: string | null;
  /** Path after the change; null when the file is deleted. */
  newPath: string | null;
  /** `newPath ?? oldPath`: the path to report the file under. */
  path: string;
  status: DiffFileStatus;
  /** `GIT binary patch` or `Binary files ... differ`. Binary files have no hunks. */
  binary: boolean;
  oldMode: string | null;
  newMode: string | null;
  /** Abbreviated blob ids from the `index` line. */
  oldHash: string | null;
  newHash: string | null;
  /** `similarity index N%` of a rename or copy. */
  similarity: number | null;
  /** True when the file came from a `diff --git` header (false for plain `---`/`+++` diffs). */
  git: boolean;
  hunks: DiffHunk[];
}

/**
 * Stable codes of the problems the parser reports. A problem never stops the parse:
 * what could be understood is returned in `files`.
 */
export type DiffProblemCode =
  /** The input ended inside a hunk: fewer lines than the header announced. */
  | 'truncated-hunk'
  /** A hunk's lines do not add up to the counts in its header. */
  | 'hunk-count-mismatch'
  /** Diff-looking lines (+, -, space) right after a hunk was complete: the header undercounts. */
  | 'excess-hunk-lines'
  /** A line starting with `@@` that is not a valid hunk header. */
  | 'bad-hunk-header'
  /** A hunk header before any file header. */
  | 'hunk-outside-file'
  /** A `diff --git` line whose paths cannot be read. */
  | 'bad-file-header'
  /** Hunks of a text change under `diff --git` without the `---`/`+++` lines. */
  | 'missing-file-header'
  /** A hunk starts before the end of the previous hunk of the same file. */
  | 'hunk-out-of-order'
  /** `\ No newline at end of file` with no line before it. */
  | 'orphan-no-newline-marker'
  /** `diff --cc` / `diff --combined` (merge diffs) are not supported and are skipped. */
  | 'unsupported-combined-diff'
  /** The parser itself failed (a bug); the input is reported rather than thrown on. */
  | 'internal-error';

export interface DiffProblem {
  code: DiffProblemCode;
  message: string;
  /** 1-based line number in the parsed text where the problem was detected. */
  line: number;
  /** Path of the file concerned, if any. */
  file: string | null;
  /** Index into `files`, if the problem concerns a file. */
  fileIndex: number | null;
  /** Index into that file's `hunks`, if the problem concerns a hunk. */
  hunkIndex: number | null;
}

export interface DiffParseResult {
  files: DiffFile[];
  problems: DiffProblem[];
}
