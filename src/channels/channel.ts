/**
 * One check result, many peer channels (email, GitHub, the dashboard, later others). Each channel
 * has the same guarantees, spelled out by this file and nothing else:
 *
 *   result ──decide(result, policy)──▶ send | hold-until(t) | drop(reason)
 *          ──compose(result, policy)─▶ drafts, each with a deterministic idempotency key
 *          ──outbox─────────────────▶ one entry per key (a second create with the same key is a no-op)
 *          ──deliver(entry)──────────▶ a receipt, or an error the channel classifies:
 *                                       permanent → `failed` at once, with the reason
 *                                       transient → back to `pending`, retried with backoff
 *
 * Entry states: pending → sending → sent | failed | uncertain | cancelled (the last four are
 * final; `racebot outbox resend` may put a final entry back to pending). An entry found in
 * `sending` when its job starts means a process died mid-delivery: the channel's `recover`
 * says whether to deliver it again (safe when delivery is idempotent on the remote side, as a
 * mail with the same Message-Id is) or to leave it `uncertain` for an operator.
 *
 * This file has no imports on purpose: every channel implementation copies it as-is.
 */

/** What one check produced, independent of where it came from and where it goes. */
export interface CheckResult {
  /** Stable key of the checked thing: a patch's store key, or e.g. `gh:owner/repo#12@<sha>`. */
  readonly key: string;
  /** Where it came from: `mail`, `github`, ... */
  readonly source: string;
  /** `checked`, or why it was not (`rejected`, `unparsable`, ...). */
  readonly outcome: string;
  /** Why, when the outcome is not `checked`. */
  readonly reason: string | null;
  readonly findings: readonly ResultFinding[];
  /** This version fixes or changes a race reported on an earlier version. */
  readonly followUp: boolean;
  /** The subsystems (or repositories) that claim it. */
  readonly scopes: readonly string[];
  /** Private inputs (a private repository) are never shown in a public place unless configured. */
  readonly visibility: 'public' | 'private';
  /** When racebot received the input (ms since the epoch); embargoes count from here. */
  readonly receivedAt: number;
}

export interface ResultFinding {
  readonly scenario: string;
  readonly name: string;
  /** `introduces`, `fixes`, `pre-existing`, `no-change`, `inconclusive`, `unmapped`, ... */
  readonly delta: string;
  readonly invariant: string | null;
}

/** The policy gate's answer. `until` is ms since the epoch. */
export type Gate =
  | { readonly action: 'send' }
  | { readonly action: 'hold'; readonly until: number; readonly reason: string }
  | { readonly action: 'drop'; readonly reason: string };

export const send = (): Gate => ({ action: 'send' });
export const holdUntil = (until: number, reason: string): Gate => ({ action: 'hold', until, reason });
export const drop = (reason: string): Gate => ({ action: 'drop', reason });

export type EntryState = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled';
export const FINAL_STATES: readonly EntryState[] = ['sent', 'failed', 'uncertain', 'cancelled'];

/** What compose() returns: an entry to create unless its key exists. */
export interface Draft<M> {
  /** Idempotency key: the same result and policy give the same key (24+ hex, no ':'). */
  readonly id: string;
  /** What the entry is (`report`, `ack`, `check-run`, `comment`, ...). */
  readonly kind: string;
  /** The CheckResult.key it is about ('' for none). */
  readonly about: string;
  readonly payload: M;
  /** Not delivered before this time (ms since the epoch; the gate's hold). */
  readonly notBefore: number;
}

export interface OutboxEntry<M> extends Draft<M> {
  readonly channel: string;
  readonly state: EntryState;
  /** Delivery attempts started. */
  readonly attempts: number;
  /** Why the last attempt failed, or why the entry was cancelled / is uncertain. */
  readonly lastError: string | null;
  /** `permanent` or `transient` for the last error, when classified. */
  readonly errorClass: RetryClass | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  /** The remote side's answer (an SMTP response line, a comment URL, ...). */
  readonly receipt: string | null;
}

export type RetryClass = 'permanent' | 'transient';

/** A delivery error the channel has classified. */
export class ChannelError extends Error {
  constructor(
    /** Stable code: `smtp-5xx`, `smtp-4xx`, `network`, `github-404`, ... */
    readonly code: string,
    readonly retry: RetryClass,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** What to do with an entry found in `sending` (its process died mid-delivery). */
export type Recovery = 'resend' | 'uncertain';

export interface Receipt {
  readonly receipt: string;
}

/**
 * A channel. `P` is its policy (what the operator configured, plus the state it depends on:
 * kill switch, opt-outs, ...), `M` the payload of its outbox entries (plain JSON).
 */
export interface Channel<P, M> {
  /** `email`, `github`, `dashboard`, ... (letters, digits, '-'). */
  readonly name: string;
  /** The policy gate: pure, no I/O. */
  decide(result: CheckResult, policy: P, now: number): Gate;
  /** The entries to create for a result the gate let through (may render, so async). */
  compose(result: CheckResult, policy: P, gate: Gate): Promise<readonly Draft<M>[]>;
  /** Delivers one entry. Throws a ChannelError (or anything; classify() decides). */
  deliver(entry: OutboxEntry<M>): Promise<Receipt>;
  /** Permanent (fail now) or transient (retry) for an error deliver() threw. */
  classify(error: unknown): RetryClass;
  /** An entry left in `sending` by a dead process: deliver again, or leave it `uncertain`. */
  recover(entry: OutboxEntry<M>): Recovery;
  /** Checked right before each delivery (kill switch, an opt-out that arrived meanwhile): a reason cancels the entry. */
  cancelled?(entry: OutboxEntry<M>): Promise<string | null>;
}

/** Where entries live. One store for every channel; entries are keyed by (channel, id). */
export interface Outbox<M> {
  /** Creates the entry unless one with this channel and id exists; true when created. */
  create(channel: string, draft: Draft<M>, now: number): Promise<boolean>;
  get(channel: string, id: string): Promise<OutboxEntry<M> | null>;
  /** Atomically moves an entry from one state to another (false if it was not in `from`). */
  transition(channel: string, id: string, from: EntryState, to: EntryState, fields?: Partial<Pick<OutboxEntry<M>, 'attempts' | 'lastError' | 'errorClass' | 'sentAt' | 'receipt'>>): Promise<boolean>;
  /** Entries, newest first. */
  list(filter?: { readonly channel?: string; readonly state?: EntryState; readonly about?: string; readonly limit?: number }): Promise<OutboxEntry<M>[]>;
}
