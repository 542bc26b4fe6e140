/**
 * deliver: one outbox entry -> its channel (src/channels/deliver.ts has the state machine). A
 * transient failure is retried by the queue with a capped exponential backoff; a permanent one
 * (SMTP 5xx) fails the entry and the job at once. The outcome of the patch a report was about
 * follows its reply: cancelled, failed or uncertain replies say so.
 */
import { UnrecoverableError, type Processor } from 'bullmq';
import { deliverEntry, type DeliveryResult } from '../src/channels/deliver.js';
import type { WorkerCtx } from '../src/service/worker-context.js';
import { DeliverJob } from './schemas.js';

export function deliverProcessor(ctx: WorkerCtx): Processor {
  const { store, metrics } = ctx;
  const counters = {
    uncertain: (channel: string, action: 'resend' | 'uncertain') => metrics.outboxUncertain.inc({ channel, action }),
    failed: (channel: string, cls: string) => metrics.outboxFailed.inc({ channel, class: cls }),
    sent: (_channel: string, kind: string) => metrics.sent.inc({ kind }),
  };
  return async (job) => {
    const { reply, channel } = DeliverJob.parse(job.data);
    if (channel !== ctx.email.name) throw new UnrecoverableError(`no channel ${channel} in this worker`);
    const r: DeliveryResult = await deliverEntry(ctx.email, store.outbox, reply, {
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      counters,
      beforeSend: () => ctx.faults.point('deliver-before-send', reply),
    });
    if (r.state === 'missing' || r.state === 'raced') return { status: r.state };
    const e = r.entry;
    if (r.state === 'done') return { status: e.state };
    const isReport = e.kind === 'report' && e.about;
    if (r.state === 'retry') {
      metrics.smtpErrors.inc({ class: 'transient' });
      throw r.error instanceof Error ? r.error : new Error(r.reason);
    }
    if (r.state === 'sent') {
      const now = Date.now();
      if (r.resent) ctx.log.warn('reply resent after a worker died during its SMTP transaction (same Message-Id)', { reply });
      if (isReport) {
        await store.setOutcome(e.about, 'reported', null, { repliedAt: now, reply });
        const receivedAt = (e.payload as { receivedAt?: number | null }).receivedAt;
        if (receivedAt) metrics.replyLatency.observe((now - receivedAt) / 1000);
      }
      return { status: 'sent', response: e.receipt, resent: r.resent };
    }
    if (isReport) await store.setOutcome(e.about, `reply-${r.state}`, r.reason, { reply });
    if (r.state === 'failed') {
      metrics.smtpErrors.inc({ class: r.errorClass });
      ctx.log.warn('reply failed', { reply, errorClass: r.errorClass, reason: r.reason });
      if (r.errorClass === 'permanent') throw new UnrecoverableError(`permanent: ${r.reason}`);
      throw new Error(r.reason);
    }
    return { status: r.state, reason: r.reason };
  };
}
