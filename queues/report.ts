/**
 * report: one checked patch -> the policy of the subsystems that claim it -> the (patch,
 * finding) pairs not replied to yet, claimed atomically with the daily caps -> the reply
 * rendered (renderEmail, in a pool thread) for exactly those findings -> an outbox entry and its
 * deliver job (delayed by the embargo). A `#racebot recheck` is acknowledged here, with the result.
 */
import type { Processor } from 'bullmq';
import { queueAck } from '../src/service/commands.js';
import type { CheckResult } from '../src/channels/channel.js';
import { replyMessageId, type EmailPolicy } from '../src/channels/email/channel.js';
import { claimingSubsystems, findingId } from '../src/service/policy.js';
import type { StoredReport } from '../src/service/thread-tasks.js';
import { shortHash } from '../src/service/summary.js';
import type { WorkerCtx } from '../src/service/worker-context.js';
import { ReportJob, jobIds } from './schemas.js';

export function reportProcessor(ctx: WorkerCtx): Processor {
  return async (job) => {
    const data = ReportJob.parse(job.data);
    const { store, cfg } = ctx;
    const h = data.patch;
    const [sum, stored, raw] = await Promise.all([store.getSummary(h), store.getReport(h), store.getRaw(h)]);
    if (!sum || !stored || !raw) throw new Error(`patch ${h}: summary, report or message missing from the store`);
    const r = stored.report;
    const summary = r.findings.map((f) => `${findingId(f)}`).join(', ') || r.reason || r.outcome;
    const ack = async (what: string) => {
      if (!data.recheck) return;
      const cmd = await store.getSummary(data.recheck.command);
      if (cmd) await queueAck(ctx, cmd, 0, 'recheck', `> #racebot recheck\n\nracebot checked "${sum.subject}" again: ${summary}.\n${what}`, h);
    };
    const record = async (outcome: string, reason: string | null, extra: Record<string, string | number> = {}) => {
      await store.setOutcome(h, outcome, reason, { reportedAt: Date.now(), ...extra });
      ctx.metrics.outcomes.inc({ outcome });
    };
    const names = claimingSubsystems(cfg.subsystems, sum).map((s) => s.name);
    const state = { killSwitch: await store.killSwitch(), optedOut: await store.optedOut(), muted: await store.muted(names) };
    const receivedAt = Number((await store.getMessage(h)).receivedAt) || Date.now();
    const result: CheckResult = { key: h, source: 'mail', outcome: r.outcome, reason: r.reason, findings: r.findings, followUp: stored.followUp, scopes: names, visibility: 'public', receivedAt };
    const policy: EmailPolicy = { subsystems: cfg.subsystems, state, mail: sum };
    const d = ctx.email.decision(result, policy);
    if (!d.send) {
      let outcome: string = d.outcome;
      if (r.outcome === 'rejected') outcome = 'rejected';
      else if (d.outcome === 'no-finding' && r.findings.length && r.findings.every((f) => f.delta === 'unmapped')) outcome = 'unmapped';
      else if (d.outcome === 'no-finding' && r.findings.some((f) => f.delta === 'inconclusive')) outcome = 'inconclusive';
      await record(outcome, r.outcome === 'rejected' ? r.reason : d.reason, { subsystems: d.subsystems.join(',') });
      await ack(`No reply was sent for it (${d.reason}).`);
      return { outcome, reason: d.reason };
    }
    const day = new Date().toISOString().slice(0, 10);
    const claimed = await store.claimFindings(h, String(job.id), d.findings, d.caps, day);
    await ctx.faults.point('report-after-claim', h);
    if (claimed === 'capped') {
      await record('capped', `daily cap reached (${d.caps.map((c) => `${c.subsystem}: ${c.cap}`).join(', ')})`);
      await ack('No reply was sent: the daily cap of the subsystem is reached.');
      return { outcome: 'capped' };
    }
    if (claimed.length === 0) {
      await record('already-reported', 'every finding was reported before');
      await ack('These findings were reported before; no new reply was sent.');
      return { outcome: 'already-reported' };
    }
    const id = shortHash(`${h}|${[...claimed].sort().join(',')}`);
    const repeats = await repeatedRaces(ctx, r, claimed, d.subsystems, replyMessageId(cfg, id));
    const email = await ctx.pool.run({ kind: 'render', raw: raw.toString('base64'), report: r, findings: claimed, repeats, email: { from: cfg.bot.from, contact: cfg.bot.contact, ignore: [...cfg.bot.ignore, ...d.ignore], publicUrl: cfg.serve.publicUrl } });
    const now = Date.now();
    const gate = ctx.email.decide(result, policy, now);
    const drafts = await ctx.email.compose(result, { ...policy, prepared: { id, claimed, email } }, gate);
    for (const draft of drafts) await store.outbox.create(ctx.email.name, draft, now);
    // The outcome before the deliver job: a reply cancelled at once must not be overwritten by it.
    await record('reported', null, { reply: id, subsystems: d.subsystems.join(','), policy: d.policy });
    for (const draft of drafts) await ctx.queues.deliver.add('deliver', { reply: draft.id, channel: ctx.email.name }, { jobId: jobIds.deliver(draft.id), delay: Math.max(0, draft.notBefore - now) });
    await ack(`A reply with ${claimed.join(', ')} was sent in reply to the patch.`);
    return { outcome: 'reported', reply: id, findings: claimed };
  };
}

/**
 * The pre-existing races among `claimed` that an earlier reply already reported for every one of
 * the subsystems (same scenario, invariant and base release): finding id -> that reply's
 * Message-Id. A race is news once; later replies only link to the first report.
 */
async function repeatedRaces(ctx: WorkerCtx, r: StoredReport, claimed: readonly string[], subsystems: readonly string[], mine: string): Promise<Record<string, string>> {
  const release = r.kernelVersion ?? ctx.cfg.check.kernelVersion ?? 'unknown';
  const out: Record<string, string> = {};
  for (const f of r.findings) {
    const fid = findingId(f);
    if (f.delta !== 'pre-existing' || !claimed.includes(fid)) continue;
    const keys = subsystems.map((s) => [s, f.scenario, f.invariant ?? '-', release].join(':'));
    const first = await ctx.store.claimNews(keys, mine);
    const earlier = [...first.values()].filter((v) => v !== mine);
    if (earlier.length === keys.length) out[fid] = earlier[0];
  }
  return out;
}
