/**
 * `#racebot <command>` lines in replies to the bot (or to a patch it checked):
 *   recheck            check the patch (its series) again; acknowledged with the result
 *   why <finding>      the finding explained, with the interleaving and how to replay it
 *   optout             the sender gets no more mail from racebot
 *   mute <scenario>    (maintainers of the patch's subsystem only) no more findings of that scenario
 * Each is acted on and acknowledged to its sender only, through the outbox.
 */
import { jobIds } from '../../queues/schemas.js';
import { ackMessage } from '../deliver/compose.js';
import { SCENARIOS } from '../scenarios/index.js';
import { claimingSubsystems, findingId, isMaintainer, optedIn } from './policy.js';
import { keyOf, shortHash } from './summary.js';
import type { MailSummary } from './types.js';
import type { WorkerCtx } from './worker-context.js';

const MAX_COMMANDS = 5;
const REPLY_ID = /^racebot\.([0-9a-f]{24})@/;

/** The patch a command is about: the one the replied-to bot reply was about, else a patch in the thread. */
export async function commandTarget(ctx: WorkerCtx, m: MailSummary): Promise<string | null> {
  const ids = [m.inReplyTo, ...[...m.references].reverse()].filter((x): x is string => !!x);
  for (const id of ids) {
    const r = REPLY_ID.exec(id);
    if (r) {
      const e = await ctx.store.outbox.get('email', r[1]);
      if (e?.about) return e.about;
      continue;
    }
    const h = keyOf(id);
    const s = await ctx.store.getSummary(h);
    if (s && s.kind === 'patch') return h;
  }
  return null;
}

/** Queues an acknowledgement (at most once per command line). */
export async function queueAck(ctx: WorkerCtx, cmd: MailSummary, index: number, command: string, body: string, patch = ''): Promise<string | null> {
  if (ctx.cfg.subsystems.killSwitch || (await ctx.store.killSwitch())) return null;
  const id = shortHash(`ack|${cmd.h}|${index}`);
  const now = Date.now();
  await ctx.store.outbox.create('email', { id, kind: 'ack', about: patch, payload: ackMessage(ctx.cfg, cmd, command, body), notBefore: now }, now);
  await ctx.queues.deliver.add('deliver', { reply: id }, { jobId: jobIds.deliver(id) });
  return id;
}

function findScenario(arg: string) {
  const a = arg.trim().toLowerCase();
  return SCENARIOS.find((s) => s.id.toLowerCase() === a || s.name.toLowerCase() === a || a.startsWith(s.id.toLowerCase() + '.'));
}

export async function handleCommands(ctx: WorkerCtx, m: MailSummary): Promise<string[]> {
  const done: string[] = [];
  const target = await commandTarget(ctx, m);
  const targetSummary = target ? await ctx.store.getSummary(target) : null;
  const targetSubs = targetSummary ? claimingSubsystems(ctx.cfg.subsystems, targetSummary) : [];
  const targetOptedIn = targetSubs.some(optedIn);
  const sender = m.from.address.toLowerCase();
  const list = m.commands.slice(0, MAX_COMMANDS);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const line = `#racebot ${c.name}${c.arg ? ' ' + c.arg : ''}`;
    if (c.name === 'optout') {
      await ctx.store.optOut(sender);
      await queueAck(ctx, m, i, 'optout', `> ${line}\n\nDone: racebot will send no more mail to ${sender}.`, target ?? '');
      done.push('optout');
      continue;
    }
    // Everything else is about a patch of a subsystem that opted in.
    if (!target || !targetSummary) {
      await queueAck(ctx, m, i, c.name, `> ${line}\n\nracebot could not tell which patch this is about: reply to racebot's report on the patch, or to the patch itself.`);
      done.push(`${c.name}: no target`);
      continue;
    }
    if (!targetOptedIn) {
      done.push(`${c.name}: the patch's subsystem did not opt in`);
      continue;
    }
    if (c.name === 'recheck') {
      const key = targetSummary.seriesKey ? shortHash(targetSummary.seriesKey) : target;
      await ctx.queues.check.add(
        'recheck',
        { series: targetSummary.seriesKey ? key : null, patch: targetSummary.seriesKey ? null : target, reason: 'recheck', recheck: { command: m.h, patch: target } },
        { jobId: jobIds.check(key, `rc${m.h.slice(0, 16)}${i}`) },
      );
      done.push('recheck');
      continue;
    }
    if (c.name === 'why') {
      const stored = await ctx.store.getReport(target);
      const findings = stored?.report.findings ?? [];
      const ids = findings.map(findingId);
      const a = (c.arg ?? '').trim();
      const pick = findings.filter((f) => !a || findingId(f) === a || findingId(f).startsWith(a + ':') || f.scenario === a || f.name === a || f.invariant === a || f.variant === a).map(findingId);
      let body: string;
      if (!stored) body = `racebot has no result for ${targetSummary.subject}.`;
      else if (pick.length === 0) body = `racebot found no finding "${a}" on ${targetSummary.subject}; its findings are: ${ids.join(', ') || 'none'}.`;
      else body = `Why racebot says this about ${targetSummary.subject}:\n\n${await ctx.pool.run({ kind: 'explain', report: stored.report, findings: pick })}`;
      await queueAck(ctx, m, i, 'why', `> ${line}\n\n${body}`, target);
      done.push('why');
      continue;
    }
    if (c.name === 'mute') {
      const sc = c.arg ? findScenario(c.arg) : undefined;
      const names = targetSubs.filter(optedIn).map((s) => s.name);
      let body: string;
      if (!sc) body = `racebot knows no scenario "${c.arg ?? ''}"; the scenarios are ${SCENARIOS.map((s) => `${s.id} (${s.name})`).join(', ')}.`;
      else if (!isMaintainer(ctx.cfg.subsystems, names, sender)) body = `Only the maintainers of ${names.join(', ')} can mute a scenario; nothing was changed.`;
      else {
        for (const n of names) if (isMaintainer(ctx.cfg.subsystems, [n], sender)) await ctx.store.mute(n, sc.id);
        body = `Done: racebot no longer reports ${sc.id} (${sc.name}) for ${names.filter((n) => isMaintainer(ctx.cfg.subsystems, [n], sender)).join(', ')}.`;
      }
      await queueAck(ctx, m, i, 'mute', `> ${line}\n\n${body}`, target);
      done.push(`mute ${sc?.id ?? '?'}`);
      continue;
    }
    await queueAck(ctx, m, i, c.name, `> ${line}\n\nracebot does not know this command. It knows: recheck, why <finding>, optout, mute <scenario>.`, target);
    done.push(`unknown ${c.name}`);
  }
  return done;
}
