/**
 * Markdown for GitHub comments and check run summaries from text racebot does not control: the
 * C of added lines (trace steps, function names, hunk headers), violation messages and reasons.
 * A diff can contain backticks, `@user`, `[x](https://...)`, `<details>`, HTML comments: none of
 * it may mention anyone, link anywhere, add markup or leave a code span.
 *
 * - `codeBlock`: a fence longer than any backtick run in the text (GitHub closes a fence only
 *   with a run at least as long), so nothing inside can end it.
 * - `codeSpan`: the same for inline code, padded with spaces when the text starts or ends with
 *   a backtick.
 * - `plain`: text to show as text: emphasis, code, link and table punctuation backslash-escaped,
 *   a block marker at the start escaped, `<` and `&` as entities, `@`, `://`, `www.` and `#123`
 *   broken by a word joiner (no mention, no autolink, no issue reference), line breaks as spaces.
 */

/** Longest run of `ch` in `s`. */
function longestRun(s: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (const c of s) {
    cur = c === ch ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

/** U+2060 WORD JOINER: invisible, and not a word character, so `@\u2060name` is not a mention. */
const JOINER = '\u2060';

/** A fenced code block holding `text` verbatim, which nothing in `text` can close. */
export function codeBlock(text: string, info = 'text'): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info.replace(/[^A-Za-z0-9_+-]/g, '')}\n${body}\n${fence}`;
}

/** An inline code span of `text` (on one line), which nothing in `text` can close. */
export function codeSpan(text: string): string {
  const one = text.replace(/[\r\n]+/g, ' ');
  const ticks = '`'.repeat(longestRun(one, '`') + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || (one.startsWith(' ') && one.endsWith(' ') && one.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${one}${pad}${ticks}`;
}

/** Characters that make markup anywhere in a line. */
const ESCAPED = /[\\`*_[\]|~]/g;

/** Text shown as text: no markup, no link, no mention, no reference, no HTML, on one line. */
export function plain(text: string): string {
  return (
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(ESCAPED, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      // A block at the start of a line: heading, quote, list item, setext underline.
      .replace(/^(\s*)([#>+=-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      // No mention, no autolink, no issue reference: a word joiner breaks each.
      .replace(/@/g, `@${JOINER}`)
      .replace(/:\/\//g, `:${JOINER}//`)
      .replace(/\bwww\./gi, (m) => `${m[0]}${JOINER}${m.slice(1)}`)
      .replace(/#(?=\d)/g, `#${JOINER}`)
      .replace(/\b(GH)-(?=\d)/gi, `$1-${JOINER}`)
  );
}

/** `plain` for a table cell (a `|` is already escaped by `plain`). */
export const cell = plain;
