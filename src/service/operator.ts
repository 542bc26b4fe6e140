/**
 * What an operator does by hand: see a message's outcome and its replies (`racebot status`), and
 * list, resend or cancel outbox entries (`racebot outbox`). Resending an email entry reuses its
 * Message-Id, so a copy that did arrive before is dropped as a duplicate by lists and readers.
 */
import { jobIds } from '../../queues/schemas.js';
import type { EntryState, OutboxEntry } from '../channels/channel.js';
import { replyMessageId } from '../channels/email/channel.js';
import type { Config } from '../config.js';
import { parseMessageId } from '../mail/headers.js';
import type { Queues } from './context.js';
import { findingId } from './policy.js';
import type { Store } from './store.js';
import { keyOf } from './summary.js';

export class OperatorError extends Error {
  constructor(
    readonly code: 'not-found' | 'in-flight' | 'already-final' | 'bad-state' | 'bad-argument',
    message: string,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

/** `email:<id>` or a bare id (the email channel). */
export function parseEntryRef(ref: string): { channel: string; id: string } {
  const m = /^(?:([a-z][a-z0-9-]*):)?([A-Za-z0-9_.-]{1,128})$/.exec(ref.trim());
  if (!m) throw new OperatorError('bad-argument', `not an outbox entry: ${ref} (give <id> or <channel>:<id>, as racebot outbox list prints it)`);
  return { channel: m[1] ?? 'email', id: m[2] };
}

const iso = (t: number | null) => (t ? new Date(t).toISOString() : '-');
const oneLine = (s: string | null | undefined, n = 100) => (s ?? '').replace(/\s+/g, ' ').slice(0, n);

export function entryLine(e: OutboxEntry<unknown>): string {
  const p = e.payload as { to?: string; subject?: string };
  const parts = [`${e.channel}:${e.id}`, e.state, e.kind, `attempts=${e.attempts}`, `created=${iso(e.createdAt)}`];
  if (e.sentAt) parts.push(`sent=${iso(e.sentAt)}`);
  if (p.to) parts.push(`to=${oneLine(p.to, 60)}`);
  if (p.subject) parts.push(`subject=${JSON.stringify(oneLine(p.subject, 60))}`);
  if (e.lastError) parts.push(`last=${JSON.stringify(oneLine(e.lastError))}${e.errorClass ? ` (${e.errorClass})` : ''}`);
  return parts.join('  ');
}

export async function listEntries(store: Store, filter: { state?: EntryState; channel?: string; limit?: number }): Promise<OutboxEntry<unknown>[]> {
  return store.outbox.list(filter) as Promise<OutboxEntry<unknown>[]>;
}

const RESENDABLE: readonly EntryState[] = ['uncertain', 'failed', 'cancelled'];

/** Puts a final entry (uncertain, failed, cancelled) back to pending and queues its delivery. */
export async function resendEntry(store: Store, queues: Queues, ref: string): Promise<OutboxEntry<unknown>> {
  const { channel, id } = parseEntryRef(ref);
  const e = await store.outbox.get(channel, id);
  if (!e) throw new OperatorError('not-found', `no outbox entry ${channel}:${id}`);
  if (e.state === 'pending' || e.state === 'sending') throw new OperatorError('in-flight', `${channel}:${id} is ${e.state}: its delivery is still queued`);
  if (!RESENDABLE.includes(e.state)) throw new OperatorError('already-final', `${channel}:${id} was sent at ${iso(e.sentAt)}; nothing to resend`);
  const note = `resend requested by an operator (was ${e.state}${e.lastError ? `: ${oneLine(e.lastError, 200)}` : ''})`;
  if (!(await store.outbox.transition(channel, id, e.state, 'pending', { lastError: note, errorClass: null }))) throw new OperatorError('bad-state', `${channel}:${id} changed meanwhile; try again`);
  await queues.deliver.add('deliver', { reply: id, channel }, { jobId: jobIds.deliver(id, channel, Date.now()) });
  if (e.kind === 'report' && e.about) await store.setOutcome(e.about, 'reply-queued', note, { reply: id });
  return (await store.outbox.get(channel, id)) as OutboxEntry<unknown>;
}

/** Cancels an entry that has not been sent (pending, uncertain, failed). */
export async function cancelEntry(store: Store, ref: string): Promise<OutboxEntry<unknown>> {
  const { channel, id } = parseEntryRef(ref);
  const e = await store.outbox.get(channel, id);
  if (!e) throw new OperatorError('not-found', `no outbox entry ${channel}:${id}`);
  if (e.state === 'sending') throw new OperatorError('in-flight', `${channel}:${id} is being delivered right now; cancel it after (racebot outbox list)`);
  if (e.state === 'sent' || e.state === 'cancelled') throw new OperatorError('already-final', `${channel}:${id} is already ${e.state}`);
  const reason = 'cancelled by an operator';
  if (!(await store.outbox.transition(channel, id, e.state, 'cancelled', { lastError: reason }))) throw new OperatorError('bad-state', `${channel}:${id} changed meanwhile; try again`);
  if (e.kind === 'report' && e.about) await store.setOutcome(e.about, 'reply-cancelled', reason, { reply: id });
  return (await store.outbox.get(channel, id)) as OutboxEntry<unknown>;
}

export interface MessageStatus {
  readonly messageId: string;
  readonly key: string;
  readonly subject: string | null;
  readonly from: string | null;
  readonly source: string | null;
  readonly receivedAt: string | null;
  readonly state: string | null;
  readonly outcome: string | null;
  readonly reason: string | null;
  readonly findings: readonly string[];
  readonly sinceLastVersion: string | null;
  readonly entries: readonly { readonly ref: string; readonly state: EntryState; readonly kind: string; readonly attempts: number; readonly messageId: string | null; readonly sentAt: string | null; readonly lastError: string | null; readonly receipt: string | null }[];
}

/** What racebot knows about a message, by its Message-Id (with or without the angle brackets). */
export async function messageStatus(cfg: Config, store: Store, messageId: string): Promise<MessageStatus> {
  const id = parseMessageId(messageId.includes('<') ? messageId : `<${messageId.trim()}>`) ?? messageId.trim();
  const key = keyOf(id);
  const m = await store.getMessage(key);
  if (!m.outcome && !m.messageId && !m.state) throw new OperatorError('not-found', `racebot has no message <${id}> (under the Redis prefix ${cfg.redis.prefix})`);
  const stored = await store.getReport(key);
  const entries = await store.outbox.list({ about: key, limit: 100 });
  return {
    messageId: id,
    key,
    subject: m.subject ?? null,
    from: m.from ?? null,
    source: m.source ?? null,
    receivedAt: m.receivedAt ? iso(Number(m.receivedAt)) : null,
    state: m.state ?? null,
    outcome: m.outcome ?? null,
    reason: m.reason || null,
    findings: stored ? stored.report.findings.map(findingId) : [],
    sinceLastVersion: stored?.report.sinceLastVersion ?? null,
    entries: entries.map((e) => ({
      ref: `${e.channel}:${e.id}`,
      state: e.state,
      kind: e.kind,
      attempts: e.attempts,
      messageId: e.channel === 'email' ? replyMessageId(cfg, e.id) : null,
      sentAt: e.sentAt ? iso(e.sentAt) : null,
      lastError: e.lastError,
      receipt: e.receipt,
    })),
  };
}

export function statusText(s: MessageStatus): string {
  const out = [
    `Message-Id: <${s.messageId}>`,
    `subject:    ${oneLine(s.subject, 200) || '-'}`,
    `from:       ${s.from ?? '-'}`,
    `received:   ${s.receivedAt ?? '-'} via ${s.source ?? '-'}`,
    `outcome:    ${s.outcome ?? `(none yet; ${s.state ?? 'queued'})`}${s.reason ? ` - ${oneLine(s.reason, 300)}` : ''}`,
    `findings:   ${s.findings.join(', ') || (s.state === 'checked' ? 'none' : '-')}`,
  ];
  if (s.sinceLastVersion) out.push(`since the previous version: ${s.sinceLastVersion}`);
  out.push(`replies:    ${s.entries.length ? '' : 'none'}`);
  for (const e of s.entries) {
    out.push(`  ${e.ref}  ${e.state}  ${e.kind}  attempts=${e.attempts}${e.sentAt ? `  sent=${e.sentAt}` : ''}${e.messageId ? `  ${e.messageId}` : ''}`);
    if (e.lastError) out.push(`    last: ${oneLine(e.lastError, 200)}`);
    if (e.receipt) out.push(`    answer: ${oneLine(e.receipt, 200)}`);
  }
  return out.join('\n');
}
