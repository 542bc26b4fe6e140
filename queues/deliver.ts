/**
 * deliver: one outbox entry -> SMTP. At most once: an entry moves pending -> sending -> sent
 * atomically; a refusal moves it back to pending and the job is retried with a capped
 * exponential backoff; an entry found in `sending` when its job starts means a worker died
 * during the SMTP transaction, and it is marked `uncertain` rather than sent twice. The kill
 * switch and an opt-out that arrived meanwhile cancel it.
 */
import type { Processor } from 'bullmq';
import { bareAddress, messageIdDomain } from '../src/config.js';
import type { WorkerCtx } from '../src/service/worker-context.js';
import { DeliverJob } from './schemas.js';

export function deliverProcessor(ctx: WorkerCtx): Processor {
  return async (job) => {
    const { reply } = DeliverJob.parse(job.data);
    const { store, cfg } = ctx;
    const e = await store.getOutbox(reply);
    if (!e) return { status: 'missing' };
    if (e.status !== 'pending' && e.status !== 'sending') return { status: e.status };
    if (cfg.subsystems.killSwitch || (await store.killSwitch())) {
      await store.transitionOutbox(reply, e.status, 'cancelled', { lastError: 'kill switch' });
      return { status: 'cancelled' };
    }
    if (e.kind === 'report') {
      const out = await store.optedOut();
      const to = e.message.to.split(',').map((a) => bareAddress(a)).filter(Boolean);
      if (to.length && to.every((a) => out.has(a))) {
        await store.transitionOutbox(reply, e.status, 'cancelled', { lastError: 'the recipient opted out' });
        return { status: 'cancelled' };
      }
    }
    if (e.status === 'sending') {
      await store.transitionOutbox(reply, 'sending', 'uncertain', { lastError: 'a worker died during the SMTP transaction; not sent again' });
      ctx.log.warn('reply in an unknown state after a crash: not resent', { reply });
      return { status: 'uncertain' };
    }
    await ctx.faults.point('deliver-before-send', reply);
    // From here to the end of the SMTP transaction a crash leaves the entry `sending`.
    if (!(await store.transitionOutbox(reply, 'pending', 'sending', { attempts: e.attempts + 1, sendingAt: Date.now() }))) return { status: 'raced' };
    const messageId = `<racebot.${reply}@${messageIdDomain(cfg)}>`;
    let info;
    try {
      info = await ctx.mailer.send(e, messageId);
    } catch (err) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await store.transitionOutbox(reply, 'sending', final ? 'failed' : 'pending', { lastError: (err as Error).message.slice(0, 500) });
      ctx.metrics.smtpErrors.inc();
      throw err;
    }
    const now = Date.now();
    await store.transitionOutbox(reply, 'sending', 'sent', { sentAt: now, response: info.response.slice(0, 300), messageId });
    ctx.metrics.sent.inc({ kind: e.kind });
    if (e.kind === 'report') {
      await store.setMessage(e.patch, { repliedAt: now });
      if (e.receivedAt) ctx.metrics.replyLatency.observe((now - e.receivedAt) / 1000);
    }
    return { status: 'sent', response: info.response };
  };
}
