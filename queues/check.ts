/**
 * check: the parts of a series (or one patch) -> checkMails in a pool thread (with the stored
 * earlier versions for linkVersions) -> reports and the rendered replies in the store -> one
 * report job per patch. Only series that a subsystem opted in to are checked.
 */
import { DelayedError, type Job, type Processor } from 'bullmq';
import { claimingSubsystems, optedIn } from '../src/service/policy.js';
import { checkSettings, type StoredReport } from '../src/service/thread-tasks.js';
import type { MailSummary } from '../src/service/types.js';
import type { WorkerCtx } from '../src/service/worker-context.js';
import { CheckJob, jobIds } from './schemas.js';
import { parseMessage } from '../src/mail/index.js';
import { patchFromMail } from '../src/dashboard/index.js';

/** How long a check waits for an earlier version of the same patch to be checked first. */
export const FAMILY_WAIT_MS = 120_000;
const FAMILY_POLL_MS = 250;

/**
 * True when the job was put back to wait for an earlier version of one of `sums` that is still
 * being checked (by any worker), so that this check can link to its report. Bounded: a version
 * older than FAMILY_WAIT_MS since this one arrived is not waited for.
 */
async function waitForEarlierVersions(ctx: WorkerCtx, job: Job, token: string | undefined, sums: readonly MailSummary[]): Promise<boolean> {
  if (!token) return false;
  const inBatch = new Set(sums.map((s) => s.h));
  for (const s of sums) {
    const receivedAt = Number((await ctx.store.getMessage(s.h)).receivedAt) || Date.now();
    if (Date.now() - receivedAt > FAMILY_WAIT_MS) continue;
    const pending = await ctx.store.earlierVersionsInFlight(s.familyKey, s.version, inBatch);
    if (pending.length) {
      await job.moveToDelayed(Date.now() + FAMILY_POLL_MS, token);
      return true;
    }
  }
  return false;
}

export function checkProcessor(ctx: WorkerCtx): Processor {
  return async (job, token) => {
    const data = CheckJob.parse(job.data);
    const { store, cfg } = ctx;
    let hs: string[];
    if (data.series) {
      const parts = await store.closeSeries(data.series);
      if (data.recheck && ![...parts.values()].includes(data.recheck.patch)) {
        // The patch to recheck was replaced in its series by a later copy of the same part: check it.
        const t = await store.getSummary(data.recheck.patch);
        if (t) parts.set(t.index ?? 1, t.h);
      }
      hs = [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h);
    } else hs = data.patch ? [data.patch] : [];
    const sums = (await Promise.all(hs.map((h) => store.getSummary(h)))).filter((s) => s !== null);
    if (sums.length === 0) return { checked: 0 };
    if (!sums.some((s) => claimingSubsystems(cfg.subsystems, s).some(optedIn))) {
      for (const s of sums) {
        const names = claimingSubsystems(cfg.subsystems, s).map((x) => x.name);
        await store.setOutcome(s.h, 'skipped', names.length ? `not opted in (${names.join(', ')})` : 'no subsystem opted in claims it');
        ctx.metrics.outcomes.inc({ outcome: 'skipped' });
      }
      return { checked: 0, skipped: sums.length };
    }
    // Checks of one patch family go in version order, across workers.
    if (await waitForEarlierVersions(ctx, job, token, sums)) throw new DelayedError();
    const mails = [];
    const previous: { raw: string; report: StoredReport }[] = [];
    const inBatch = new Set(sums.map((s) => s.h));
    for (const s of sums) {
      const raw = await store.getRaw(s.h);
      if (!raw) throw new Error(`the raw message ${s.h} is missing from the store`);
      mails.push({ h: s.h, raw: raw.toString('base64') });
      const prev = await store.previousVersion(s.familyKey, s.version);
      if (prev && !inBatch.has(prev)) {
        const [praw, prep] = await Promise.all([store.getRaw(prev), store.getReport(prev)]);
        if (praw && prep) previous.push({ raw: praw.toString('base64'), report: prep.report });
      }
    }
    const results = await ctx.pool.run({
      kind: 'check',
      mails,
      previous,
      check: checkSettings(cfg),
      email: { from: cfg.bot.from, contact: cfg.bot.contact, ignore: cfg.bot.ignore, publicUrl: cfg.serve.publicUrl },
    });
    await ctx.faults.point('check-after-run', String(job.id));
    const now = Date.now();
    for (const r of results) {
      await store.putReport(r.h, { report: r.report, email: r.email, followUp: r.followUp, check: String(job.id), at: now });
      await store.setMessage(r.h, { state: 'checked', checkedAt: now });
      // The dashboard's copy: the report with its mail (series, versions, lists, subsystem).
      const raw = mails.find((m) => m.h === r.h)?.raw;
      const parsed = raw ? await parseMessage(Buffer.from(raw, 'base64')) : null;
      if (parsed?.ok) {
        const sum = sums.find((x) => x.h === r.h);
        const subsystem = sum ? claimingSubsystems(cfg.subsystems, sum).find(optedIn)?.name ?? null : null;
        await ctx.findings.put(patchFromMail(parsed.mail, r.report, { receivedAt: new Date(now).toISOString(), subsystem }));
      }
    }
    await ctx.queues.report.addBulk(
      results.map((r) => ({
        name: 'report',
        data: { patch: r.h, check: String(job.id), recheck: data.recheck && data.recheck.patch === r.h ? data.recheck : null },
        opts: { jobId: jobIds.report(r.h, String(job.id)) },
      })),
    );
    return { checked: results.length, reason: data.reason };
  };
}
