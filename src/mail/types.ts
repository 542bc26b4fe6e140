import type { DiffFile, DiffProblem } from '../diff/types.js';

export interface Address {
  /** Display name, RFC 2047-decoded; '' when absent. */
  name: string;
  /** addr-spec as written (not lowercased); '' when absent. */
  address: string;
}

export interface SubjectTags {
  /**
   * Bracket tags other than version and index, in order of appearance, as written:
   * `[RFC PATCH net-next v2 1/3]` -> ['RFC', 'PATCH', 'net-next']; `[tip:perf/urgent]` -> ['tip:perf/urgent'].
   */
  prefixes: string[];
  /** `vN` tag; 1 when there is none. */
  version: number;
  /** N of `N/M`; null when there is none. */
  index: number | null;
  /** M of `N/M`; null when there is none. */
  total: number | null;
  /** `0/M`: the cover letter of a series. */
  isCover: boolean;
}

export interface Trailer {
  /** Key as written (e.g. 'Signed-off-by'). */
  key: string;
  value: string;
}

export interface Trailers {
  fixes: string[];
  link: string[];
  closes: string[];
  signedOffBy: string[];
  reviewedBy: string[];
  ackedBy: string[];
  testedBy: string[];
  reportedBy: string[];
  suggestedBy: string[];
  coDevelopedBy: string[];
  cc: string[];
  /** Every trailer in order, including the above and unknown keys. */
  all: Trailer[];
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
  /** The attachment holds a diff (text/x-patch, *.patch, or text containing `diff --git`). */
  isPatch: boolean;
}

export interface PatchMail {
  /** Message-ID without angle brackets; synthesized from a hash of the message when absent. */
  messageId: string;
  messageIdSynthesized: boolean;
  /** First id of In-Reply-To, without angle brackets. */
  inReplyTo: string | null;
  /** References ids in order (oldest first), without angle brackets. */
  references: string[];
  /** Decoded Subject header ('' when absent). */
  subject: string;
  /** Subject without `Re:` and bracket tags. */
  normalizedSubject: string;
  tags: SubjectTags;
  /** Header From (the sender). */
  from: Address;
  /** Patch author: the in-body `From:` line of git send-email if present, else `from`. */
  author: Address;
  to: Address[];
  cc: Address[];
  /** Date as ISO 8601 (UTC), or null when missing or invalid. */
  date: string | null;
  /** The Date header as written. */
  dateRaw: string | null;
  /** From a `base-commit: <sha>` line. */
  baseCommit: string | null;
  trailers: Trailers;
  /** Commit message: body up to the `---` separator (or the diff), without in-body headers. */
  commitMessage: string;
  /** The diff part of the body (or of patch attachments); '' when there is none. */
  diffText: string;
  /** Parsed `diffText`. */
  diff: DiffFile[];
  /** Problems found while parsing `diffText` (truncated hunks, count mismatches, ...). */
  diffProblems: DiffProblem[];
  /**
   * Diffs of the body left out of `diffText`: excerpts a reply cut short before giving its whole
   * diff (each said in the report). Empty for a mail with one diff.
   */
  diffExcerptsSkipped?: readonly string[];
  /**
   * Hunks of a reply's own diff cut short in the mail (a reviewer trimming the hack they paste):
   * left out of `diff`, each as far as it goes, so that a check can tell whether one falls in a
   * modelled function (then that scenario cannot be placed) or not (then it is only said).
   */
  diffCutHunks?: readonly DiffFile[];
  /** Lines of the diff a mail client wrapped, joined back (the diff as sent will not apply). */
  diffRejoinedLines?: number;
  /** Lines of the diff whose no-break spaces (a mail client's, for spaces) were read as spaces. */
  diffNoBreakSpaces?: number;
  /** Subject carries a reply marker (Re:, Aw:, ...). */
  isReply: boolean;
  /** The body quotes a diff with `> ` lines: this is review, not a patch. */
  quotesDiff: boolean;
  /**
   * The body has hunks of its own (`@@ -a,b +c,d @@` at the start of a line) but no file header
   * before them: a sketch pasted into a reply, which names no file to apply it to.
   */
  headlessHunks?: boolean;
  /** Auto-Submitted value (or 'auto-replied' for X-Autoreply-style headers); null if absent or 'no'. */
  autoSubmitted: string | null;
  /** All header fields in order, duplicates kept: [name as written, unfolded value]. */
  rawHeaders: [string, string][];
  /** The text body, decoded, with LF line endings. */
  body: string;
  attachments: AttachmentInfo[];
}

export type RejectCode =
  /** No bytes, or only whitespace. */
  | 'empty'
  /** Not an email: no header block, or no usable header. */
  | 'malformed'
  /** The input ends inside the header block. */
  | 'truncated'
  /** Only an HTML body and no plain text or patch attachment. */
  | 'html-only'
  /** Only non-text attachments. */
  | 'binary-only'
  /** Larger than the configured limit. */
  | 'too-large';

export type ParseOutcome =
  | { ok: true; mail: PatchMail; /** Which parser produced it. */ path: 'fast' | 'mime' }
  | { ok: false; code: RejectCode; reason: string };

export interface ParseOptions {
  /** 'auto' (default): fast path for plain single-part mails, mailparser otherwise. 'mime': always mailparser. */
  path?: 'auto' | 'mime';
  /** Reject messages larger than this many bytes (default 64 MiB). */
  maxBytes?: number;
}

/** A raw message read from some source, before parsing. */
export interface RawMessage {
  /** Where it came from: a path, `path#N` for the N-th (1-based) message of an mbox, or `stdin`. */
  source: string;
  raw: Buffer;
}

export type MailKind = 'patch' | 'cover' | 'review' | 'other';

export interface Series {
  /** Stable id: the cover's Message-ID, else the thread parent's, else the first patch's. */
  id: string;
  /** Message-ID the patches reply to (the cover letter), even when the cover is not present. */
  coverId: string | null;
  /** Subject of the cover, or of the first patch present. */
  subject: string;
  /** Sender of the series (header From). */
  sender: Address;
  version: number;
  /** M of `N/M`, or null for a single patch without numbering. */
  total: number | null;
  cover: PatchMail | null;
  /** Patches present, ordered by index. */
  patches: PatchMail[];
  /** Indexes 1..total that are not present. */
  missing: number[];
  /** Replies (review) found in this series' threads, by date. */
  reviews: PatchMail[];
  /** Earliest date among cover and patches (ISO), or null. */
  date: string | null;
  /** Id shared by all versions of the same series (the id of its earliest version present). */
  family: string;
  /** Series id of the previous / next version present in the input, if any. */
  previousVersion: string | null;
  nextVersion: string | null;
}
