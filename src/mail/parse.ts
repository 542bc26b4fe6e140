/**
 * Raw message -> PatchMail.
 *
 * Two paths produce the same PatchMail:
 * - the fast path, for the common single-part text/plain mail (7bit/8bit, UTF-8 or ASCII):
 *   headers are split, unfolded and RFC 2047-decoded here, and the body is taken as is;
 * - the MIME path (mailparser's simpleParser) for everything else: multipart, base64,
 *   quoted-printable, other charsets, patches in attachments, HTML.
 * Every input ends in an outcome; parseMessage never throws.
 */

import { createHash } from 'node:crypto';
import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import { diffBlocks, locateDiff, extractDiffText, inlineSeriesDiffs } from '../diff/extract.js';
import { HUNK_RE, parseUnifiedDiff } from '../diff/parse.js';
import type { DiffFile, DiffParseResult } from '../diff/types.js';
import { rejoinWrappedLines, restoreNoBreakSpaces } from '../diff/rewrap.js';
import { findBaseCommit, parseTrailers, quotesDiff, splitInBodyHeaders } from './body.js';
import { decodeBytes, decodeEncodedWords, decodeEncodedWordsDetailed, isUtf8Compatible, isValidUtf8 } from './charset.js';
import {
  decodeHeaderBytes,
  getHeader,
  getHeaders,
  parseAddressList,
  parseMailDate,
  parseMessageId,
  parseMessageIds,
  readHeaderBlock,
  unfold,
  type HeaderList,
} from './headers.js';
import { multipartProblem } from './multipart.js';
import { parseSubject } from './subject.js';
import type { Address, AttachmentInfo, ParseOptions, ParseOutcome, PatchMail, RejectCode } from './types.js';

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** What both paths extract before the shared analysis. */
interface MailParts {
  rawHeaders: HeaderList;
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  body: string;
  attachments: { info: AttachmentInfo; text: string | null }[];
  raw: Buffer;
}

function reject(code: RejectCode, reason: string): ParseOutcome {
  return { ok: false, code, reason };
}

/** Offset after a leading mbox `From ` line (and leading blank lines), else 0. */
function skipEnvelope(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  if (buf.length - i >= 5 && buf.toString('latin1', i, i + 5) === 'From ') {
    const nl = buf.indexOf(0x0a, i);
    return nl < 0 ? buf.length : nl + 1;
  }
  return i;
}

interface ContentType {
  type: string;
  params: Record<string, string>;
}

function parseContentType(value: string | null): ContentType | null {
  if (value === null) return null;
  const parts = value.split(';');
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const k = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    params[k] = v;
  }
  return { type: parts[0].trim().toLowerCase(), params };
}

/** Whether a message can take the fast path (its MIME structure is trivially plain text). */
function fastEligible(headers: HeaderList): boolean {
  const cts = getHeaders(headers, 'content-type');
  if (cts.length > 1) return false;
  const ct = parseContentType(cts[0] ?? null);
  if (ct) {
    if (ct.type !== 'text/plain' && ct.type !== '') return false;
    for (const k of Object.keys(ct.params)) {
      if (k.includes('*')) return false;
    }
    if (ct.params.charset !== undefined && !isUtf8Compatible(ct.params.charset)) return false;
  }
  const ctes = getHeaders(headers, 'content-transfer-encoding');
  if (ctes.length > 1) return false;
  if (ctes.length === 1 && !/^(?:7bit|8bit|binary)$/i.test(ctes[0].trim())) return false;
  const cds = getHeaders(headers, 'content-disposition');
  if (cds.length > 1) return false;
  if (cds.length === 1 && !/^inline\s*(?:;|$)/i.test(cds[0].trim())) return false;
  for (const [k, v] of headers) {
    if (v.indexOf('=?') >= 0 && !decodeEncodedWordsDetailed(v).allCharsetsKnown) return false;
    // An internationalised domain in its ASCII form (`xn--` labels): mailparser decodes it, and
    // the fast path does not, so such a mail takes the MIME path to read the same either way.
    if (ADDRESS_HEADERS.has(k.toLowerCase()) && /@(?:[^\s<>,;"]*\.)?xn--/i.test(v)) return false;
  }
  return true;
}

const ADDRESS_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'sender']);

/**
 * A format=flowed body (RFC 3676) as the sender typed it, for patches.
 * - The space the sender's client stuffed before every line that began with a space is taken off.
 * - A soft line break (a line ending in a space) is joined to the next line, as the client wrapped
 *   a long hunk header or code line there; with DelSp=yes the space goes too.
 * - Not joined: a line that is one space alone once unstuffed (a diff's blank context line, which
 *   stuffing made end in a space), the signature separator, and a break before a line that starts
 *   with a diff marker, a space or a quote, which begins a line of its own in a diff. Joining
 *   those, as a reader of prose would, glues diff lines together.
 */
export function decodeFlowedPatch(body: string, delSp = false): string {
  const stuffed = flowedLines(body, delSp, true);
  // Some clients (2006's among them) sent format=flowed without stuffing: their diffs' context
  // lines lose their one space to the unstuffing. The reading whose hunks add up wins; a tie
  // keeps the RFC's.
  if (!/(?:^|\n)@@ /.test(body)) return stuffed;
  const plain = flowedLines(body, delSp, false);
  return wholeHunks(plain) > wholeHunks(stuffed) ? plain : stuffed;
}

function flowedLines(body: string, delSp: boolean, stuffed: boolean): string {
  const lines = body.split('\n').map((l) => (stuffed && l.startsWith(' ') ? l.slice(1) : l));
  const out: string[] = [];
  let cur = '';
  lines.forEach((line, i) => {
    cur += line;
    const next = lines[i + 1];
    const soft = cur.endsWith(' ') && cur !== ' ' && cur !== '-- ' && next !== undefined && !FLOWED_OWN_LINE.test(next);
    if (soft) {
      if (delSp) cur = cur.slice(0, -1);
      return;
    }
    out.push(cur);
    cur = '';
  });
  return out.join('\n');
}

/** How many hunks of a text have as many lines as their headers say. */
function wholeHunks(text: string): number {
  const lines = text.split('\n');
  let whole = 0;
  lines.forEach((l, i) => {
    const m = HUNK_RE.exec(l);
    if (!m) return;
    let old = Number(m[2] ?? 1);
    let neu = Number(m[4] ?? 1);
    for (let k = i + 1; k < lines.length && (old > 0 || neu > 0); k++) {
      const c = lines[k][0];
      if (c === ' ' || lines[k] === '') {
        old--;
        neu--;
      } else if (c === '-') old--;
      else if (c === '+') neu--;
      else if (c !== '\\') break;
    }
    if (old === 0 && neu === 0) whole++;
  });
  return whole;
}

/** A line that begins a line of its own in a diff: a diff marker, a quote, or a blank line. */
const FLOWED_OWN_LINE = /^(?:[-+ @\\>]|diff |index |$)/;

const contentTypeParams = (headers: HeaderList) => parseContentType(getHeaders(headers, 'content-type')[0] ?? null)?.params;
const isFlowed = (headers: HeaderList): boolean => contentTypeParams(headers)?.format?.toLowerCase() === 'flowed';
const flowedDelSp = (headers: HeaderList): boolean => contentTypeParams(headers)?.delsp?.toLowerCase() === 'yes';

function fastParts(buf: Buffer, headers: HeaderList, bodyOffset: number): MailParts | null {
  const bodyBytes = buf.subarray(bodyOffset);
  if (!isValidUtf8(bodyBytes)) return null;
  const text = bodyBytes.toString('utf8').replace(/\r?\n/g, '\n');
  const subjects = getHeaders(headers, 'subject');
  return {
    rawHeaders: headers,
    subject: subjects.length > 0 ? decodeEncodedWords(subjects[0]) : '',
    from: parseAddressList(getHeader(headers, 'from'))[0] ?? null,
    to: getHeaders(headers, 'to').flatMap((v) => parseAddressList(v)),
    cc: getHeaders(headers, 'cc').flatMap((v) => parseAddressList(v)),
    body: isFlowed(headers) ? decodeFlowedPatch(text, flowedDelSp(headers)) : text,
    attachments: [],
    raw: buf,
  };
}

function flattenAddresses(v: AddressObject | AddressObject[] | undefined): Address[] {
  if (!v) return [];
  const objs = Array.isArray(v) ? v : [v];
  const out: Address[] = [];
  const walk = (list: EmailAddress[]) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      else if (a.address || a.name) out.push({ name: a.name ?? '', address: a.address ?? '' });
    }
  };
  for (const o of objs) walk(o.value ?? []);
  return out;
}

const PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff', 'text/diff', 'text/patch', 'application/x-patch', 'application/x-diff', 'application/patch']);

function attachmentParts(mail: ParsedMail): { info: AttachmentInfo; text: string | null }[] {
  const out: { info: AttachmentInfo; text: string | null }[] = [];
  for (const a of mail.attachments ?? []) {
    const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
    const filename = a.filename ?? null;
    const content: Buffer = Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0);
    const byName = filename !== null && /\.(?:patch|diff)$/i.test(filename);
    const isText = contentType.startsWith('text/') || PATCH_TYPES.has(contentType) || byName;
    let text: string | null = null;
    if (isText) {
      const ctHeader = a.headers?.get('content-type') as { params?: Record<string, string> } | undefined;
      const charset = ctHeader && typeof ctHeader === 'object' ? ctHeader.params?.charset : undefined;
      text = decodeBytes(content, charset ?? null).replace(/\r?\n/g, '\n');
    }
    const isPatch = text !== null && (PATCH_TYPES.has(contentType) || byName || extractDiffText(text) !== '');
    out.push({ info: { filename, contentType, size: content.length, isPatch }, text });
  }
  return out;
}

function headerLinesToList(lines: ReadonlyArray<{ key: string; line: string }> | undefined): HeaderList {
  const out: HeaderList = [];
  for (const { line } of lines ?? []) {
    const decoded = decodeHeaderBytes(Buffer.from(line, 'latin1'));
    const colon = decoded.indexOf(':');
    if (colon < 0) continue;
    out.push([decoded.slice(0, colon).trim(), unfold(decoded.slice(colon + 1))]);
  }
  return out;
}

/**
 * mailparser, loaded the first time a mail needs it: most patch mails take the fast path, and
 * loading the MIME parser (its charset tables, its HTML stack) is a third of a one-mail check.
 */
let mailparser: Promise<typeof import('mailparser')> | null = null;
const loadMailparser = () => (mailparser ??= import('mailparser'));

async function mimeParts(buf: Buffer): Promise<MailParts | ParseOutcome> {
  let mail: ParsedMail;
  try {
    const { simpleParser } = await loadMailparser();
    mail = await simpleParser(buf, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
  } catch (err) {
    return reject('malformed', `MIME parsing failed: ${(err as Error)?.message ?? String(err)}`);
  }
  const attachments = attachmentParts(mail);
  const text = typeof mail.text === 'string' ? mail.text : '';
  const hasPatchAttachment = attachments.some((a) => a.info.isPatch);
  if (text.trim() === '' && !hasPatchAttachment) {
    if (typeof mail.html === 'string' && mail.html.trim() !== '') {
      return reject('html-only', 'the message has an HTML body and no plain-text part or patch');
    }
    if (attachments.length > 0) {
      const types = [...new Set(attachments.map((a) => a.info.contentType))].join(', ');
      return reject('binary-only', `the message has no text body, only attachments (${types})`);
    }
  }
  const subject = Array.isArray(mail.subject) ? String(mail.subject[0] ?? '') : (mail.subject ?? '');
  return {
    rawHeaders: headerLinesToList(mail.headerLines),
    subject,
    from: flattenAddresses(mail.from)[0] ?? null,
    to: flattenAddresses(mail.to),
    cc: flattenAddresses(mail.cc),
    body: text,
    attachments,
    raw: buf,
  };
}

function isBlank(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) return false;
  }
  return true;
}

function synthesizeId(raw: Buffer): string {
  return `racebot-${createHash('sha1').update(raw).digest('hex').slice(0, 24)}@synthesized.invalid`;
}

function autoSubmitted(headers: HeaderList): string | null {
  const as = getHeader(headers, 'auto-submitted');
  if (as !== null && as.trim() !== '') {
    const v = as.trim();
    return /^no\b/i.test(v) ? null : v;
  }
  if (getHeader(headers, 'x-autoreply') !== null || getHeader(headers, 'x-autorespond') !== null) return 'auto-replied';
  const prec = getHeader(headers, 'precedence');
  if (prec !== null && /^auto[_-]reply$/i.test(prec.trim())) return 'auto-replied';
  return null;
}

/** Shared analysis: everything after headers and text are known. */
function buildPatchMail(p: MailParts): PatchMail {
  const h = p.rawHeaders;
  const msgId = parseMessageId(getHeader(h, 'message-id'));
  const subj = parseSubject(p.subject);
  const dateRaw = getHeader(h, 'date');
  const inBody = splitInBodyHeaders(p.body);
  const from: Address = p.from ?? { name: '', address: '' };

  // (A reply carrying a series inline, one format-patch file after another: the diffs of all.)
  const series = inlineSeriesDiffs(p.body);
  let diffText = series.length > 1 ? series.join('') : locateDiff(p.body).text;
  let commitSource = p.body;
  const patchTexts = p.attachments.filter((a) => a.info.isPatch && a.text !== null).map((a) => a.text as string);
  const attachedDiff = () => patchTexts.map((t) => extractDiffText(t)).filter((d) => d !== '').join('');
  if (diffText === '') {
    diffText = attachedDiff();
    if (diffText !== '' && patchTexts.length > 0 && parseTrailers(commitMessageOf(p.body)).all.length === 0) {
      // A format-patch file attached: its commit message carries the trailers.
      commitSource = patchTexts[0];
    }
  }
  let parsed = parseUnifiedDiff(diffText);
  // The same patch inline, damaged by the mail client (wrapped lines), and attached whole: the
  // attachment is the patch.
  if (parsed.problems.length > 0 && patchTexts.length > 0 && commitSource === p.body) {
    const attached = attachedDiff();
    const fromAttachment = attached !== '' && attached !== diffText ? parseUnifiedDiff(attached) : null;
    if (fromAttachment && fromAttachment.problems.length === 0 && fromAttachment.files.length > 0) {
      diffText = attached;
      parsed = fromAttachment;
    }
  }
  // A diff a mail client damaged, read as it was meant where every hunk then counts out (the
  // report says how it was damaged, and that it will not apply as sent): its spaces written as
  // no-break spaces (the leading space of context lines too), or its lines wrapped.
  const repaired = <R extends { readonly text: string }>(r: R | null): R | null => {
    const reparsed = r ? parseUnifiedDiff(r.text) : null;
    if (!r || !reparsed || reparsed.files.length === 0 || reparsed.problems.length > 0) return null;
    diffText = r.text;
    parsed = reparsed;
    return r;
  };
  const diffNoBreakSpaces = parsed.problems.length > 0 ? repaired(restoreNoBreakSpaces(diffText))?.lines ?? 0 : 0;
  const diffRejoinedLines = parsed.problems.length > 0 ? repaired(rejoinWrappedLines(diffText))?.rejoined ?? 0 : 0;
  // A reply that pastes a trimmed excerpt of a diff, writes about it, then gives a whole diff: the
  // whole diff is the mail's patch, and the excerpt is said to be left out.
  let diffExcerptsSkipped: string[] = [];
  if (parsed.problems.length > 0 && commitSource === p.body) {
    const whole = wholeDiffsAfterExcerpts(p.body);
    if (whole) {
      diffText = whole.text;
      parsed = whole.parsed;
      diffExcerptsSkipped = whole.skipped;
    }
  }
  // A reply that gives two whole diffs of one file with prose between (two versions of a change, a
  // reviewer's two proposals): one change at a time; the later one is the mail's, as above, and
  // the earlier is said to be left out. (Read together they change the same lines twice.)
  // (Not where each later diff of a file starts from the blob the one before it ends with: those
  // are successive commits, pasted one after the other, read in order like a series.)
  if (parsed.problems.length === 0 && commitSource === p.body && series.length < 2 && repeatsAFile(parsed.files) && !chainsByBlobIds(parsed.files)) {
    const whole = wholeDiffsAfterExcerpts(p.body, true);
    if (whole) {
      diffText = whole.text;
      parsed = whole.parsed;
      diffExcerptsSkipped = whole.skipped;
    }
  }
  // A reply whose own diff has hunks cut short (a reviewer trims the hack they paste, and the next
  // file's diff goes on): its whole hunks are the diff, and the cut ones are kept aside, as far
  // as they go. (A [PATCH] mail's damaged hunk stays a malformed diff, for its author to fix.)
  let diffCutHunks: DiffFile[] = [];
  if (parsed.problems.length > 0 && subj.isReply && commitSource === p.body) {
    const cut = withoutCutHunks(parsed);
    if (cut) {
      parsed = cut.parsed;
      diffCutHunks = cut.cut;
    }
  }
  const commitMessage = commitMessageOf(commitSource === p.body ? inBody.rest : stripPatchFileHeaders(commitSource));
  const quoted = quotesDiff(p.body);

  return {
    messageId: msgId ?? synthesizeId(p.raw),
    messageIdSynthesized: msgId === null,
    inReplyTo: parseMessageId(getHeader(h, 'in-reply-to')),
    references: parseMessageIds(getHeaders(h, 'references').join(' ')),
    subject: p.subject,
    normalizedSubject: subj.normalizedSubject,
    tags: subj.tags,
    from,
    author: inBody.from ?? from,
    to: p.to,
    cc: p.cc,
    date: parseMailDate(dateRaw),
    dateRaw,
    baseCommit: findBaseCommit(p.body) ?? (commitSource !== p.body ? findBaseCommit(commitSource) : null),
    trailers: parseTrailers(commitMessage),
    commitMessage,
    diffText,
    diff: parsed.files,
    diffProblems: parsed.problems,
    diffExcerptsSkipped,
    ...(diffCutHunks.length ? { diffCutHunks } : {}),
    ...(diffRejoinedLines ? { diffRejoinedLines } : {}),
    ...(diffNoBreakSpaces ? { diffNoBreakSpaces } : {}),
    isReply: subj.isReply,
    quotesDiff: quoted,
    headlessHunks: diffText === '' && /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m.test(p.body),
    autoSubmitted: autoSubmitted(h),
    rawHeaders: h,
    body: p.body,
    attachments: p.attachments.map((a) => a.info),
  };
}

/**
 * The body's diffs when some are excerpts cut short inside a hunk and followed by prose (a
 * reviewer trims what they quote of their own change) and the rest parse cleanly: those, and a
 * line on each excerpt left out. Null when the body is not of that shape (a damaged patch stays
 * damaged: its hunks run on into diff lines, not prose). With `noExcerptNeeded`, also a body
 * whose diffs are all whole: two of one file are two versions of one change, the later kept.
 */
function wholeDiffsAfterExcerpts(body: string, noExcerptNeeded = false): { text: string; parsed: DiffParseResult; skipped: string[] } | null {
  const blocks = diffBlocks(body).map((b) => ({ ...b, parsed: parseUnifiedDiff(b.text) }));
  if (blocks.length < 2) return null;
  // An excerpt ends at a blank line followed by a quotation or a sentence; a damaged hunk runs on
  // into code (a line whose leading space was lost).
  // (The blank line may have been counted as the cut hunk's context line: it ends the block then.)
  const proseAfter = (b: { text: string; after: readonly string[] }) =>
    b.after.length > 0 &&
    (b.after[0].trim() === '' || b.text.endsWith('\n\n')) &&
    b.after.some((l) => /^>/.test(l) || (/^[A-Za-z][\w'’,]*(?: [\w'’,()-]+){3,}/.test(l) && !/[;{}]\s*$/.test(l)));
  const cutShort = (b: (typeof blocks)[number]) =>
    b.parsed.problems.length > 0 && b.parsed.problems.every((x) => x.code === 'hunk-count-mismatch' || x.code === 'truncated-hunk') && proseAfter(b);
  const clean = blocks.filter((b) => b.parsed.problems.length === 0 && b.parsed.files.length > 0);
  const dropped = blocks.filter((b) => b.parsed.problems.length > 0);
  if (clean.length === 0 || (dropped.length === 0 && !noExcerptNeeded) || !dropped.every(cutShort)) return null;
  // Every excerpt comes before a whole diff.
  const lastClean = blocks.lastIndexOf(clean[clean.length - 1]);
  if (blocks.some((b, i) => dropped.includes(b) && i > lastClean)) return null;
  // Two whole diffs of one file are two versions of one change: the later one is the mail's.
  const kept = repeatsAFile(clean.flatMap((b) => b.parsed.files)) ? [clean[clean.length - 1]] : clean;
  const text = kept.map((b) => b.text).join('');
  const parsed = parseUnifiedDiff(text);
  if (parsed.problems.length > 0) return null;
  const skipped = blocks
    .filter((b) => !kept.includes(b))
    .map((b) => (b.parsed.problems.length > 0 ? `an excerpt of a diff cut short (${b.parsed.problems[0].message})` : `an earlier whole diff of ${b.parsed.files.map((f) => f.newPath ?? f.oldPath).join(', ')}`));
  return { text, parsed, skipped };
}

/**
 * Whether every file diffed more than once is diffed as a chain: each later diff's old blob id is
 * the new blob id of the diff before it (`index e8e2144..bd2af7a`, then `index bd2af7a..a1bd2b5`).
 * Abbreviated ids match on their common prefix, of 7 hex digits at least.
 */
export function chainsByBlobIds(files: readonly DiffFile[]): boolean {
  const byPath = new Map<string, DiffFile[]>();
  for (const f of files) byPath.set(f.oldPath ?? f.newPath ?? '', [...(byPath.get(f.oldPath ?? f.newPath ?? '') ?? []), f]);
  const same = (a: string | null, b: string | null) => !!a && !!b && Math.min(a.length, b.length) >= 7 && (a.startsWith(b) || b.startsWith(a));
  const repeated = [...byPath.values()].filter((fs) => fs.length > 1);
  return repeated.length > 0 && repeated.every((fs) => fs.every((f, i) => i === 0 || same(fs[i - 1].newHash, f.oldHash)));
}

/** Whether diffs have one file's diff more than once. */
function repeatsAFile(files: readonly DiffFile[]): boolean {
  const paths = files.map((f) => f.newPath ?? f.oldPath);
  return new Set(paths).size < paths.length;
}

/**
 * A parsed diff whose only problems are hunks that end before their header's counts (cut short),
 * split into the diff without them and, per file, the cut hunks as far as they go (their counts
 * made those of the lines they have). Null when any other problem is there.
 */
function withoutCutHunks(parsed: DiffParseResult): { parsed: DiffParseResult; cut: DiffFile[] } | null {
  const cutAt = new Map<number, Set<number>>();
  for (const x of parsed.problems) {
    if ((x.code !== 'hunk-count-mismatch' && x.code !== 'truncated-hunk') || x.fileIndex === null || x.hunkIndex === null) return null;
    if (!cutAt.has(x.fileIndex)) cutAt.set(x.fileIndex, new Set());
    cutAt.get(x.fileIndex)!.add(x.hunkIndex);
  }
  const files: DiffFile[] = [];
  const cut: DiffFile[] = [];
  parsed.files.forEach((f, i) => {
    const at = cutAt.get(i);
    if (!at) {
      files.push(f);
      return;
    }
    const kept = f.hunks.filter((_, k) => !at.has(k));
    if (kept.length) files.push({ ...f, hunks: kept });
    const asFarAsTheyGo = f.hunks
      .filter((_, k) => at.has(k))
      .map((h) => ({ ...h, oldLines: h.lines.filter((l) => l.kind !== 'add').length, newLines: h.lines.filter((l) => l.kind !== 'del').length }));
    cut.push({ ...f, hunks: asFarAsTheyGo });
  });
  if (files.length === 0) return null;
  return { parsed: { files, problems: [] }, cut };
}

/** The commit message: text before the `---` separator or the diff, trailing blank lines removed. */
function commitMessageOf(body: string): string {
  const loc = locateDiff(body);
  let end = body.length;
  const lines = body.split('\n');
  let cut = -1;
  if (loc.separatorLine >= 0) cut = loc.separatorLine;
  if (loc.startLine >= 0 && (cut < 0 || loc.startLine < cut)) cut = loc.startLine;
  if (cut >= 0) end = lines.slice(0, cut).join('\n').length;
  return body.slice(0, end).replace(/\s+$/, '');
}

/** Removes the mail headers of an attached `git format-patch` file (up to the first blank line). */
function stripPatchFileHeaders(text: string): string {
  if (!/^From [0-9a-f]{7,40} /.test(text) && !/^(?:From|Subject|Date):/.test(text)) return text;
  const i = text.indexOf('\n\n');
  return i < 0 ? text : text.slice(i + 2);
}

/**
 * Parses one raw message (an .eml, or one message of an mbox; a leading mbox `From ` line
 * is skipped). Never throws: returns `{ ok: true, mail, path }` or `{ ok: false, code, reason }`.
 */
export async function parseMessage(raw: Buffer | string, opts: ParseOptions = {}): Promise<ParseOutcome> {
  try {
    const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw ?? ''));
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (buf.length > maxBytes) return reject('too-large', `message is ${buf.length} bytes, the limit is ${maxBytes}`);
    if (isBlank(buf)) {
      return reject('empty', 'the message is empty');
    }
    const start = skipEnvelope(buf);
    const hb = readHeaderBlock(buf, start);
    if (hb.headers.length === 0) return reject('malformed', 'no header fields: this is not an email message');
    const essential = ['from', 'subject', 'message-id', 'date'].filter((k) => getHeader(hb.headers, k) !== null);
    if (essential.length === 0) {
      return reject('malformed', 'none of From, Subject, Message-ID or Date is present: this is not an email message');
    }
    if (!hb.complete) return reject('truncated', 'the message ends inside its header block (no body)');

    if (opts.path !== 'mime' && hb.badLines === 0 && hb.utf8 && fastEligible(hb.headers)) {
      const parts = fastParts(buf, hb.headers, hb.bodyOffset);
      if (parts) return { ok: true, mail: buildPatchMail(parts), path: 'fast' };
    }
    const broken = multipartProblem(hb.headers, buf.subarray(hb.bodyOffset));
    if (broken) return reject('malformed', broken);
    const parts = await mimeParts(start > 0 ? buf.subarray(start) : buf);
    if ('ok' in parts) return parts;
    if (start > 0) parts.raw = buf;
    return { ok: true, mail: buildPatchMail(parts), path: 'mime' };
  } catch (err) {
    return reject('malformed', `could not parse the message: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Synchronous fast path only: returns null when the message needs the MIME parser. */
export function parseMessageFast(raw: Buffer | string): PatchMail | null {
  try {
    const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const start = skipEnvelope(buf);
    const hb = readHeaderBlock(buf, start);
    if (!hb.complete || hb.badLines > 0 || !hb.utf8 || hb.headers.length === 0 || !fastEligible(hb.headers)) return null;
    const parts = fastParts(buf, hb.headers, hb.bodyOffset);
    return parts ? buildPatchMail(parts) : null;
  } catch {
    return null;
  }
}
