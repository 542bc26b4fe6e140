import type { ChangedFunctions } from './functions.js';

/**
 * The base code of a patch as read from a kernel git tree: how the pre-image was found, and the
 * pre-image and post-image text of each file the patch touches.
 */

/** How the pre-image was found, in the order `git am -3` and b4 try: see resolve.ts. */
export type BaseHow = 'blob' | 'base-commit' | 'tag' | 'reference';

/**
 * Stable codes of the stated outcomes of reading a tree. None of them is an exception to the
 * caller of `resolveBase`: each ends in a `reference` result that names it.
 */
export type TreeProblemCode =
  /** No kernel tree was given. */
  | 'no-tree'
  /** The tree path does not exist, or is not the top of a git work tree or a bare repository. */
  | 'not-a-git-repo'
  /** The patch has no text hunks to apply (binary only, or no diff). */
  | 'no-diff'
  /** A file the patch changes has no `index` line (a plain diff): blob lookup impossible. */
  | 'no-index-line'
  /** An `index` line's pre-image blob is not in the tree (or its short id is ambiguous). */
  | 'blob-unknown'
  /** The mail has no `base-commit:` trailer. */
  | 'no-base-commit'
  /** The `base-commit:` value is not a hex object id. */
  | 'base-commit-invalid'
  /** The `base-commit:` is not a commit of the tree (not fetched, or another tree). */
  | 'base-commit-unknown'
  /** The tree has no release tags (`vX.Y`, `vX.Y-rcN`). */
  | 'no-release-tags'
  /** No release tag is dated before the mail's Date. */
  | 'no-tag-before-date'
  /** A file the patch modifies is not in the candidate base. */
  | 'file-missing'
  /** A file the patch names is larger than the configured limit: not read. */
  | 'file-too-large'
  /** A hunk's context and deleted lines are not in the candidate base. */
  | 'does-not-apply'
  /** Every candidate base was read and the patch applies to none of them. */
  | 'no-base-applies'
  /** No candidate base was found in the tree at all (blobs, base-commit and tags unknown). */
  | 'unknown-to-tree'
  /** git itself failed (a corrupt repository, a missing object). */
  | 'git-failed';

export class TreeError extends Error {
  constructor(
    readonly code: TreeProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'TreeError';
  }
}

/** Where one hunk landed: 1-based, inclusive line ranges of its changed lines on each side. */
export interface AppliedHunk {
  /** Index of the hunk in the file's hunks. */
  readonly index: number;
  /** Actual position minus the position in the hunk header (as `git apply` reports offsets). */
  readonly offset: number;
  /** First and last deleted line in the pre-image; an empty range `[n+1, n]` after line n for a pure insertion. */
  readonly pre: readonly [number, number];
  /** First and last added line in the post-image; an empty range for a pure deletion. */
  readonly post: readonly [number, number];
}

export interface BaseFile {
  /** Path after the patch (before it, for a deleted file). */
  readonly path: string;
  /** Path before the patch; null for a created file. */
  readonly oldPath: string | null;
  /** Pre-image text ('' for a created file). */
  readonly pre: string;
  /** Post-image text: `pre` with the patch applied in memory ('' for a deleted file). */
  readonly post: string;
  /** 1-based line numbers of the deleted lines in `pre`. */
  readonly changedPre: readonly number[];
  /** 1-based line numbers of the added lines in `post`. */
  readonly changedPost: readonly number[];
  readonly hunks: readonly AppliedHunk[];
  /** The whole functions the patch changes, both sides (C files); null for other files. */
  readonly functions: ChangedFunctions | null;
}

/** One candidate base that was tried and why it was not taken. */
export interface BaseAttempt {
  readonly how: Exclude<BaseHow, 'reference'>;
  /** The blob id, commit or tag tried; null when there was nothing to try. */
  readonly rev: string | null;
  readonly code: TreeProblemCode;
  readonly detail: string;
}

export interface ResolvedBase {
  readonly how: BaseHow;
  /** The full blob id (of the first file), the base commit, or the tag; null for `reference`. */
  readonly rev: string | null;
  /** The commit the tag or base-commit names; null for `blob` and `reference`. */
  readonly commit: string | null;
  /**
   * Which kernel the patch is for, e.g. `v6.5-rc1`: the tag; for a base-commit the newest
   * release tag in its history; for a blob the newest release tag before the Date whose file is
   * that blob (null when none is). Null for `reference`.
   */
  readonly release: string | null;
  /** One line a report can print after "base: ". */
  readonly detail: string;
  /** Why the scenario's reference code is used; null when a base was found in the tree. */
  readonly code: TreeProblemCode | null;
  /** Per file the patch touches (text files with hunks or a rename); [] for `reference`. */
  readonly files: readonly BaseFile[];
  /** The candidates tried before the one taken (all of them for `reference`). */
  readonly tried: readonly BaseAttempt[];
}

/** Bases of several mails checked in one run, by Message-Id. */
export type BasesByMessageId = ReadonlyMap<string, ResolvedBase>;

/** The base for one mail from `CheckOptions.base` (one base, or one per Message-Id). */
export function baseForMail(base: ResolvedBase | BasesByMessageId | undefined, messageId: string): ResolvedBase | undefined {
  if (base === undefined) return undefined;
  if (base instanceof Map) return base.get(messageId);
  return base as ResolvedBase;
}
