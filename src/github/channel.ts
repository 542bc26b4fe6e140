/**
 * GitHub as a Channel (src/channels/channel.ts). A pull request event becomes one outbox entry
 * per delivery, `pr-report`: its idempotency key is derived from the delivery id (a redelivery is
 * the same entry), delivering it runs the job to its end (src/github/process.ts: the check run,
 * the check, the summary comment, the dashboard entry), and what the job ends in maps onto the
 * entry's states: reported or skipped -> `sent` with a receipt that says which; failed -> a
 * permanent ChannelError with the job's code and reason; a GitHub error that may pass -> a
 * transient one (the queue tries again; the last attempt completes the run with the reason).
 *
 * The result a GitHub entry is about is the event, not yet a check: the check needs the diff,
 * which only the worker fetches. An entry left `sending` by a dead worker is delivered again:
 * the job's state keeps the run it created (completed, not duplicated) and the comment is found
 * by the App's login under the pull request's lock (edited, not duplicated).
 */
import { createHash } from 'node:crypto';
import { ChannelError, send, drop, type Channel, type CheckResult, type Draft, type Gate, type OutboxEntry, type Receipt, type Recovery, type RetryClass } from '../channels/channel.js';
import { GithubError } from './errors.js';
import type { TaskOutcome } from './process.js';
import type { GithubTask } from './task.js';

export interface GithubPolicy {
  /** This process can report (it has the App id and key). */
  readonly canReport: boolean;
}

export interface GithubPayload {
  readonly task: GithubTask;
}

/** The CheckResult of a pull request event (what the entry is about; the check comes later). */
export function resultOfTask(task: GithubTask, now = Date.now()): CheckResult {
  const pr = task.pr;
  return {
    key: `gh:${pr.owner}/${pr.repo}#${pr.number}@${pr.info?.headSha ?? 'head'}`,
    source: 'github',
    outcome: 'queued',
    reason: null,
    findings: [],
    followUp: false,
    scopes: [`github:${pr.owner}/${pr.repo}`.toLowerCase()],
    visibility: task.private ? 'private' : 'public',
    receivedAt: Date.parse(task.queuedAt) || now,
  };
}

/** The entry's idempotency key: one per delivery (24 hex). */
export const entryId = (task: Pick<GithubTask, 'deliveryId'>) => createHash('sha256').update(`github|${task.deliveryId}`).digest('hex').slice(0, 24);

export class GithubChannel implements Channel<GithubPolicy, GithubPayload> {
  readonly name = 'github';

  constructor(
    /** Runs a job to its end; `final`: the queue makes no further attempt. */
    private readonly run: (task: GithubTask, final: boolean) => Promise<TaskOutcome>,
    /** Whether the current delivery attempt is the last one. */
    private readonly finalAttempt: () => boolean = () => true,
    private readonly tasks = new Map<string, GithubTask>(),
  ) {}

  decide(_result: CheckResult, policy: GithubPolicy): Gate {
    // GitHub shows a pull request's report to who can see the pull request: private or not, it is sent.
    return policy.canReport ? send() : drop('this process has no GitHub App credentials');
  }

  async compose(result: CheckResult, _policy: GithubPolicy, gate: Gate): Promise<readonly Draft<GithubPayload>[]> {
    if (gate.action === 'drop') return [];
    const task = this.tasks.get(result.key);
    if (!task) return [];
    return [{ id: entryId(task), kind: 'pr-report', about: result.key, payload: { task }, notBefore: gate.action === 'hold' ? gate.until : 0 }];
  }

  /** The drafts for one event (compose, with the event at hand). */
  async draftsFor(task: GithubTask, policy: GithubPolicy, now = Date.now()): Promise<readonly Draft<GithubPayload>[]> {
    const result = resultOfTask(task, now);
    this.tasks.set(result.key, task);
    try {
      return await this.compose(result, policy, this.decide(result, policy));
    } finally {
      this.tasks.delete(result.key);
    }
  }

  async deliver(entry: OutboxEntry<GithubPayload>): Promise<Receipt> {
    const o = await this.run(entry.payload.task, this.finalAttempt());
    if (o.state === 'failed') throw new ChannelError(`github-${o.code ?? 'failed'}`, 'permanent', o.reason ?? 'failed');
    if (o.state === 'skipped') return { receipt: `skipped: ${o.reason ?? o.code ?? ''}` };
    if (o.duplicate) return { receipt: `already ${o.state}` };
    return { receipt: `check run ${o.checkRunId ?? '-'}${o.commentId ? `, comment ${o.commentId}` : ''}: ${o.conclusion ?? o.state}` };
  }

  classify(error: unknown): RetryClass {
    if (error instanceof ChannelError) return error.retry;
    if (error instanceof GithubError) return error.retryable ? 'transient' : 'permanent';
    return 'transient';
  }

  recover(_entry: OutboxEntry<GithubPayload>): Recovery {
    return 'resend';
  }
}
