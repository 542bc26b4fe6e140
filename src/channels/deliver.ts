/**
 * Delivering one outbox entry of any channel, at most once per attempt:
 *
 *   pending ──CAS──▶ sending ──deliver ok──▶ sent
 *                            ──permanent───▶ failed (at once, with the reason)
 *                            ──transient───▶ pending (retried by the queue) | failed (last attempt)
 *   sending found at start (the previous process died mid-delivery):
 *                            channel.recover → resend (counted as uncertain) | uncertain
 *   a cancel reason (kill switch, opt-out) before delivery ──▶ cancelled
 *
 * No queue library here: the caller turns the result into a retry or a final failure.
 */
import { FINAL_STATES, type Channel, type EntryState, type Outbox, type OutboxEntry, type RetryClass } from './channel.js';

export interface DeliveryCounters {
  /** An entry found mid-delivery after a crash (resent or left uncertain). */
  uncertain(channel: string, action: 'resend' | 'uncertain'): void;
  failed(channel: string, errorClass: RetryClass): void;
  sent(channel: string, kind: string): void;
}

export type DeliveryResult =
  | { readonly state: 'missing' }
  | { readonly state: 'raced' }
  /** Already final before this attempt (a duplicate job, or an operator acted). */
  | { readonly state: 'done'; readonly entry: OutboxEntry<unknown> }
  | { readonly state: 'sent'; readonly entry: OutboxEntry<unknown>; readonly resent: boolean }
  | { readonly state: 'cancelled' | 'uncertain'; readonly entry: OutboxEntry<unknown>; readonly reason: string }
  | { readonly state: 'failed'; readonly entry: OutboxEntry<unknown>; readonly reason: string; readonly errorClass: RetryClass }
  /** A transient error with attempts left: the caller retries. */
  | { readonly state: 'retry'; readonly entry: OutboxEntry<unknown>; readonly reason: string; readonly error: unknown };

export interface DeliverOptions {
  /** This is the last attempt the queue will make. */
  readonly finalAttempt: boolean;
  readonly counters: DeliveryCounters;
  readonly now?: () => number;
  /** Called right before the remote side is contacted (fault injection in tests). */
  readonly beforeSend?: () => Promise<void>;
}

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 500);

export async function deliverEntry<P, M>(channel: Channel<P, M>, outbox: Outbox<M>, id: string, opts: DeliverOptions): Promise<DeliveryResult> {
  const now = opts.now ?? Date.now;
  const e = await outbox.get(channel.name, id);
  if (!e) return { state: 'missing' };
  if (FINAL_STATES.includes(e.state)) return { state: 'done', entry: e };
  const from: EntryState = e.state;
  const cancel = channel.cancelled ? await channel.cancelled(e) : null;
  if (cancel) {
    if (!(await outbox.transition(channel.name, id, from, 'cancelled', { lastError: cancel }))) return { state: 'raced' };
    return { state: 'cancelled', entry: { ...e, state: 'cancelled', lastError: cancel }, reason: cancel };
  }
  let resent = false;
  if (from === 'sending') {
    if (channel.recover(e) === 'uncertain') {
      const reason = 'a process died during delivery; not delivered again (racebot outbox resend to retry)';
      opts.counters.uncertain(channel.name, 'uncertain');
      if (!(await outbox.transition(channel.name, id, 'sending', 'uncertain', { lastError: reason }))) return { state: 'raced' };
      return { state: 'uncertain', entry: { ...e, state: 'uncertain', lastError: reason }, reason };
    }
    opts.counters.uncertain(channel.name, 'resend');
    resent = true;
  }
  await opts.beforeSend?.();
  const attempts = e.attempts + 1;
  // From here to the end of delivery a crash leaves the entry `sending`.
  const lastError = resent ? `resent after a process died during attempt ${e.attempts}` : e.lastError;
  if (!(await outbox.transition(channel.name, id, from, 'sending', { attempts, lastError }))) return { state: 'raced' };
  const sending: OutboxEntry<M> = { ...e, state: 'sending', attempts, lastError };
  let receipt: string;
  try {
    receipt = (await channel.deliver(sending)).receipt;
  } catch (err) {
    const errorClass = channel.classify(err);
    const reason = reasonOf(err);
    const final = errorClass === 'permanent' || opts.finalAttempt;
    await outbox.transition(channel.name, id, 'sending', final ? 'failed' : 'pending', { lastError: reason, errorClass });
    const entry = { ...sending, state: final ? 'failed' : 'pending', lastError: reason, errorClass } as OutboxEntry<unknown>;
    if (final) {
      opts.counters.failed(channel.name, errorClass);
      return { state: 'failed', entry, reason, errorClass };
    }
    return { state: 'retry', entry, reason, error: err };
  }
  const sentAt = now();
  await outbox.transition(channel.name, id, 'sending', 'sent', { sentAt, receipt: receipt.slice(0, 300) });
  opts.counters.sent(channel.name, e.kind);
  return { state: 'sent', entry: { ...sending, state: 'sent', sentAt, receipt } as OutboxEntry<unknown>, resent };
}
