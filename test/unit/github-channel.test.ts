/** GitHub as a Channel: the gate, one entry per delivery, and what a job's end maps onto. */
import { describe, expect, it } from 'vitest';
import { ChannelError, type OutboxEntry } from '../../src/channels/channel.js';
import { entryId, GithubChannel, resultOfTask, type GithubPayload } from '../../src/github/channel.js';
import { GithubError } from '../../src/github/errors.js';
import type { TaskOutcome } from '../../src/github/process.js';
import type { GithubTask } from '../../src/github/task.js';

const task: GithubTask = { kind: 'github-pr', deliveryId: 'd-1', trigger: 'opened', installationId: 1, private: true, pr: { owner: 'o', repo: 'r', number: 3, info: null }, queuedAt: '2026-01-01T00:00:00Z' };
const outcome = (o: Partial<TaskOutcome>): TaskOutcome => ({ state: 'reported', checkRunId: 5, commentId: 6, code: null, reason: null, attempts: 1, at: '', duplicate: false, report: null, conclusion: 'failure', patchId: null, ...o });

async function entryOf(ch: GithubChannel): Promise<OutboxEntry<GithubPayload>> {
  const [d] = await ch.draftsFor(task, { canReport: true });
  return { ...d, channel: 'github', state: 'sending', attempts: 1, lastError: null, errorClass: null, createdAt: 0, sentAt: null, receipt: null };
}

describe('GithubChannel', () => {
  it('one pr-report entry per delivery, its key from the delivery id; none without credentials', async () => {
    const ch = new GithubChannel(async () => outcome({}));
    const [d] = await ch.draftsFor(task, { canReport: true });
    expect(d).toMatchObject({ id: entryId(task), kind: 'pr-report', about: 'gh:o/r#3@head', payload: { task } });
    expect(d.id).toMatch(/^[0-9a-f]{24}$/);
    expect((await ch.draftsFor({ ...task, deliveryId: 'd-2' }, { canReport: true }))[0].id).not.toBe(d.id);
    expect(await ch.draftsFor(task, { canReport: false })).toEqual([]);
    expect(ch.decide(resultOfTask(task), { canReport: false })).toEqual({ action: 'drop', reason: 'this process has no GitHub App credentials' });
    expect(resultOfTask(task).visibility).toBe('private');
  });

  it('reported and skipped are sent with a receipt; failed is a permanent error with the code and reason', async () => {
    expect(await new GithubChannel(async () => outcome({})).deliver(await entryOf(new GithubChannel(async () => outcome({}))))).toEqual({ receipt: 'check run 5, comment 6: failure' });
    const skipped = new GithubChannel(async () => outcome({ state: 'skipped', code: 'not-opted-in', reason: 'no .github/racebot.yml' }));
    expect(await skipped.deliver(await entryOf(skipped))).toEqual({ receipt: 'skipped: no .github/racebot.yml' });
    const failed = new GithubChannel(async () => outcome({ state: 'failed', code: 'diff-too-large', reason: 'too large (HTTP 406)' }));
    const err = await failed.deliver(await entryOf(failed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect([(err as ChannelError).code, (err as ChannelError).retry, (err as ChannelError).message]).toEqual(['github-diff-too-large', 'permanent', 'too large (HTTP 406)']);
  });

  it('classifies: a GitHub error that may pass is transient, the rest permanent; a dead delivery is resent', async () => {
    const seen: boolean[] = [];
    const ch = new GithubChannel(async (_t, final) => {
      seen.push(final);
      throw new GithubError('comments-unavailable', 'HTTP 502', true, 502);
    }, () => false);
    const e = await ch.deliver(await entryOf(ch)).catch((x: unknown) => x);
    expect(seen).toEqual([false]);
    expect(ch.classify(e)).toBe('transient');
    expect(ch.classify(new GithubError('diff-not-found', 'gone', false, 404))).toBe('permanent');
    expect(ch.recover(await entryOf(ch))).toBe('resend');
  });
});
