/**
 * A bare diff (`git diff > my.patch`, `git show`, a quilt patch) is checked like a patch mail:
 * the diff is parsed, the rest is synthesised from the file name, so a developer can run
 * `racebot check my.patch` on work that was never mailed.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseUnifiedDiff } from '../diff/parse.js';
import { emptyTrailers } from './body.js';
import type { PatchMail } from './types.js';

/** Whether `text` starts (after blank lines, or `git show`'s commit header) with a diff. */
export function looksLikeBareDiff(text: string): boolean {
  const head = text.replace(/^\s+/, '').slice(0, 4096);
  if (/^(diff --git |--- a\/|--- \S+\s|Index: )/.test(head)) return true;
  // `git show` / `git log -p`: a commit header, its message, then the diff.
  return /^commit [0-9a-f]{7,40}\b/.test(head) && /\ndiff --git /.test(text);
}

export function bareDiffMail(text: string, source: string): PatchMail {
  const at = text.search(/^(diff --git |--- a\/|Index: )/m);
  const diffText = at >= 0 ? text.slice(at) : text;
  const message = at > 0 ? text.slice(0, at).trim() : '';
  const { files, problems } = parseUnifiedDiff(diffText);
  const firstLine = /\n\n\s+(\S.*)/.exec(message)?.[1] ?? basename(source);
  const subject = `[PATCH] ${firstLine}`;
  const id = `${createHash('sha256').update(text).digest('hex').slice(0, 24)}@racebot.local`;
  const author = { name: '', address: 'local' };
  return {
    messageId: id,
    messageIdSynthesized: true,
    inReplyTo: null,
    references: [],
    subject,
    normalizedSubject: firstLine,
    tags: { prefixes: ['PATCH'], version: 1, index: null, total: null, isCover: false },
    from: author,
    author,
    to: [],
    cc: [],
    date: null,
    dateRaw: null,
    baseCommit: null,
    trailers: emptyTrailers(),
    commitMessage: message,
    diffText,
    diff: files,
    diffProblems: problems,
    isReply: false,
    quotesDiff: false,
    autoSubmitted: null,
    rawHeaders: [['Subject', subject]],
    body: text,
    attachments: [],
  };
}
