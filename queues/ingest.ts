/**
 * ingest: a raw message -> the store, then to where it belongs. Its own mail, auto-replies and
 * mail with Auto-Submitted are recorded and dropped; commands are acted on; review replies
 * (quoted diffs) are dropped; patches wait for their series (a delayed check job per series,
 * promoted when the last part arrives, run at the deadline otherwise).
 */
import { Job, type Processor } from 'bullmq';
import { handleCommands } from '../src/service/commands.js';
import { keyOf, shortHash } from '../src/service/summary.js';
import { botAddress } from '../src/deliver/compose.js';
import type { WorkerCtx } from '../src/service/worker-context.js';
import { IngestJob, jobIds } from './schemas.js';

export function ingestProcessor(ctx: WorkerCtx): Processor {
  return async (job) => {
    const data = IngestJob.parse(job.data);
    const { store, queues } = ctx;
    const sum = await ctx.pool.run({ kind: 'summarize', raw: data.raw, botAddress: botAddress(ctx.cfg), lists: data.lists });
    if (!sum.ok) {
      const key = job.id?.replace(/^i-/, '') ?? keyOf(data.source);
      await store.setOutcome(key, 'rejected', `${sum.code}: ${sum.reason}`, { source: data.source, receivedAt: data.receivedAt });
      return { outcome: 'rejected' };
    }
    const m = sum.mail;
    const claim = await store.claimIngest(m.h, `${job.id}@${job.timestamp}`);
    if (claim === 'duplicate') return { outcome: 'duplicate' };
    await store.putMessage(m.h, Buffer.from(data.raw, 'base64'), m, data.source, data.receivedAt);
    await ctx.faults.point('ingest-after-store', m.h);
    const skip = async (reason: string) => {
      await store.setOutcome(m.h, 'skipped', reason);
      ctx.metrics.outcomes.inc({ outcome: 'skipped' });
      return { outcome: 'skipped', reason };
    };
    if (m.own) return skip('own mail');
    if (m.autoSubmitted) return skip(`auto-submitted (${m.autoSubmitted})`);
    if (m.commands.length > 0) {
      const done = await handleCommands(ctx, m);
      await store.setOutcome(m.h, 'command', done.join('; '));
      return { outcome: 'command', done };
    }
    if (m.kind === 'review') return skip(m.quotesDiff ? 'a review reply quoting a diff' : 'a reply');
    if (m.kind === 'other') return skip('not a patch');
    if (m.kind === 'cover') {
      if (m.seriesKey) await store.setCover(shortHash(m.seriesKey), m.h);
      return skip('a cover letter');
    }
    await store.addVersion(m.familyKey, m.version, m.h);
    if (!m.seriesKey || !m.total) {
      await store.setMessage(m.h, { state: 'queued' });
      await queues.check.add('single', { series: null, patch: m.h, reason: 'single', recheck: null }, { jobId: jobIds.check(m.h, '0') });
      return { outcome: 'queued' };
    }
    const s = shortHash(m.seriesKey);
    const now = Date.now();
    const st = await store.addPart(s, m.seriesKey, m.index ?? 1, m.h, m.total, now);
    await store.setMessage(m.h, { series: s, state: 'waiting' });
    if (st.closed) {
      // The series was checked before this part arrived: check it again with everything there now.
      const parts = [...(await store.seriesParts(s)).keys()].sort((a, b) => a - b).join(',');
      await queues.check.add('late', { series: s, patch: null, reason: 'late', recheck: null }, { jobId: jobIds.check(s, `p${shortHash(parts).slice(0, 12)}`) });
      return { outcome: 'late part' };
    }
    const id = jobIds.check(s, '0');
    const delay = Math.max(0, st.firstAt + ctx.cfg.series.waitSeconds * 1000 - now);
    await queues.check.add('series', { series: s, patch: null, reason: 'deadline', recheck: null }, { jobId: id, delay });
    if (st.count >= m.total) {
      const j = await Job.fromId(queues.check, id);
      if (j && (await j.isDelayed())) await j.promote().catch(() => undefined);
      return { outcome: 'series complete' };
    }
    return { outcome: `waiting for the series (${st.count}/${m.total})` };
  };
}
