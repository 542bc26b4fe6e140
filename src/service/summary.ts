/**
 * A parsed mail -> what the service's stages route on. Pure; runs in the thread pool next to
 * parseMessage.
 */
import { createHash } from 'node:crypto';
import { getHeader, getHeaders, parseMessageIds } from '../mail/headers.js';
import { mailKind } from '../mail/series.js';
import type { PatchMail } from '../mail/types.js';
import type { BotCommand, MailSummary } from './types.js';

/** Store key and job-id part of a Message-Id. */
import { keyOf } from '../mail/key.js';
export { keyOf };

/** A short hash of any string (job ids: BullMQ ids must not contain ':'). */
export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

const COMMAND = /^\s*#racebot\s+([A-Za-z-]+)(?:[ \t]+(.*?))?\s*$/;

/** `#racebot <command> [arg]` lines outside quoted text. */
export function parseCommands(body: string): BotCommand[] {
  const out: BotCommand[] = [];
  for (const line of body.split('\n')) {
    if (/^\s*>/.test(line)) continue;
    if (line === '-- ') break; // signature
    const m = COMMAND.exec(line);
    if (m) out.push({ name: m[1].toLowerCase(), arg: m[2] ? m[2].trim() : null });
  }
  return out;
}

export function familyKey(m: Pick<PatchMail, 'author' | 'normalizedSubject'>): string {
  return `${m.author.address.toLowerCase()}|${m.normalizedSubject.toLowerCase()}`;
}

/** Parts of a series share this key: the one checkMails groups by (author, version, total, thread root). */
export function seriesKeyOf(m: PatchMail): string | null {
  if (!m.tags.total || m.tags.total < 2) return null;
  const root = m.tags.isCover ? m.references[0] ?? m.messageId : m.references[0] ?? m.inReplyTo ?? m.date?.slice(0, 10) ?? '';
  return `${m.author.address.toLowerCase()}|v${m.tags.version}|${m.tags.total}|${root}`;
}

export interface SummaryOptions {
  /** The bot's own address (lowercase). */
  readonly botAddress: string;
  /** Lists the message is known to come from (an archive's list). */
  readonly lists?: readonly string[];
}

export function summarize(m: PatchMail, opts: SummaryOptions): MailSummary {
  const listIds = getHeaders(m.rawHeaders, 'list-id').flatMap((v) => {
    const ids = parseMessageIds(v);
    const angle = /<([^<>]+)>/.exec(v);
    return angle ? [angle[1]] : ids;
  });
  const lists = [...new Set([...m.to, ...m.cc].map((a) => a.address.toLowerCase()).concat(listIds.map((l) => l.toLowerCase()), (opts.lists ?? []).map((l) => l.toLowerCase())))].filter(Boolean);
  const own =
    m.from.address.toLowerCase() === opts.botAddress ||
    getHeader(m.rawHeaders, 'x-racebot-finding') !== null ||
    getHeader(m.rawHeaders, 'x-racebot-command') !== null;
  const kind = mailKind(m);
  const commands = kind === 'patch' || kind === 'cover' ? [] : parseCommands(m.body);
  return {
    h: keyOf(m.messageId),
    messageId: m.messageId,
    subject: m.subject,
    normalizedSubject: m.normalizedSubject,
    version: m.tags.version,
    index: m.tags.index,
    total: m.tags.total,
    isCover: m.tags.isCover,
    from: m.from,
    author: m.author,
    to: m.to,
    cc: m.cc,
    date: m.date,
    inReplyTo: m.inReplyTo,
    references: m.references,
    kind,
    autoSubmitted: m.autoSubmitted,
    quotesDiff: m.quotesDiff,
    files: [...new Set(m.diff.flatMap((f) => [f.oldPath, f.newPath].filter((p): p is string => !!p)))],
    lists,
    own,
    commands,
    familyKey: familyKey(m),
    seriesKey: seriesKeyOf(m),
  };
}
