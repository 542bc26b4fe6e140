/**
 * A checked patch as text for a terminal, as the JSON of `racebot.check/1`, and as the email
 * reply the bot would send (plain text, 72 columns, quoted hunk, bottom-posted, threaded).
 */
import type { Finding, PatchReport } from '../check/check.js';
import { copyableMessageId, formatAddress, headerLine, headerText, replyReferences, replySubject } from '../mail/headers.js';
import { keyOf } from '../mail/key.js';
import type { PatchMail } from '../mail/types.js';
import { columnDiagram, wrap } from './layout.js';
import { SCENARIOS, scenarioById, switchPhrase } from '../scenarios/index.js';
import type { SwitchValue } from '../scenarios/scenario.js';
import { laneDiagram } from './lanes.js';
import { observation } from './run-text.js';
import { traceReplayCommand } from './replay.js';

export const CHECK_SCHEMA = 'racebot.check/1';

export { switchPhrase } from '../scenarios/index.js';

export function deltaSentence(f: Finding): string {
  const where = `${f.scenario} ${f.name}`;
  switch (f.delta) {
    case 'introduces':
      if (f.baseline === 'race' && f.kept?.length) {
        return `This patch introduces a second race (${where}): ${f.violation ?? f.invariant}. The current code is already racy in the same model (${f.kept.join('; ')}): that one is pre-existing; the interleaving below is new.`;
      }
      return `This patch introduces a race (${where}): ${f.violation ?? f.invariant}. The current code is safe in the same model; the interleaving below is new.`;
    case 'fixes':
      if (f.patched === 'race' && f.kept?.length) {
        return `This patch closes one race in ${where} (${f.invariant}): the interleaving below can no longer happen with it. Another remains, before and after the patch (${f.kept.join('; ')}).`;
      }
      return `This patch closes the race in ${where} (${f.invariant}) that the current code has: the interleaving below can no longer happen with it.`;
    case 'pre-existing':
      return `The race below (${where}, ${f.invariant}) exists before and after this patch: it is not caused by the patch, which neither fixes it.`;
    case 'unchanged':
      return `No change in ${where}: the current code and the patched code are both safe in the model.`;
    case 'unmapped':
      return `racebot could not place this patch in its ${where} model: ${f.unmapped.map((u) => `${u.header} (${u.reason})`).join('; ')}.`;
    case 'inconclusive':
      if (f.pending) return `No verdict in ${where}: ${f.pending}.`;
      return `The exploration of ${where} hit its ${f.budget ?? ''} budget: no verdict.`;
  }
}

function dependsText(f: Finding): string | null {
  const parts = Object.entries(f.dependsOn).map(([k, v]) => switchPhrase(k, v));
  if (!parts.length) return null;
  return `This verdict depends on the kernel and the machine: it holds ${parts.join(' and ')}.`;
}

function notesText(f: Finding): string[] {
  return f.notes.map((n) => {
    // (A value from a release later than the patch's kernel: the note is about a tree its series
    // or a later release brings there, not the tree the patch was written for.)
    const sw = Object.entries(n.switches).map(([k, v]) => switchPhrase(k, v)).join(', ') + (n.since ? ` (v${n.since} on, later than this patch's kernel)` : '');
    return `${sw}: ${n.delta}${n.invariant && n.delta !== 'unchanged' && n.delta !== 'fixes' ? ` (${n.invariant})` : ''}`;
  });
}

function switchesLine(f: Finding): string {
  return Object.entries(f.switches)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** The command that replays the finding's variant locally. */
export function replayCommand(f: Finding): string | null {
  // The trace shown: the race before the patch for `fixes`, the patched code's otherwise.
  return traceReplayCommand(f);
}

function findingText(f: Finding, width: number): string[] {
  const out: string[] = [];
  out.push(`${f.scenario} ${f.name}: ${f.delta}${f.variant ? ` (as spec variant ${f.variant})` : ''}`);
  out.push(`  baseline (${f.baselineVariant}) ${f.baseline ?? '-'}, patched ${f.patched ?? '-'}; switches: ${switchesLine(f)}`);
  if (f.baseHow) out.push(...wrap(`base: ${f.baseHow}`, width - 4).map((l, i) => `  ${i ? '  ' : ''}${l}`));
  out.push(...wrap(deltaSentence(f), width - 2).map((l) => `  ${l}`));
  const dep = dependsText(f);
  if (dep) out.push(...wrap(dep, width - 2).map((l) => `  ${l}`));
  for (const n of notesText(f)) out.push(...wrap(`note: ${n}`, width - 4).map((l, i) => `  ${i ? '  ' : ''}${l}`));
  if (f.trace.length && (f.delta === 'introduces' || f.delta === 'pre-existing' || f.delta === 'fixes')) {
    out.push('');
    const label = f.delta === 'fixes' ? 'the race before the patch:' : 'the interleaving:';
    out.push(`  ${label}`);
    const obs = observation(f.delta === 'fixes' ? f.baselineVariant : f.variant ?? f.scenario, f.name, 'race', f.invariant);
    out.push(...columnDiagram(f.trace, [f.violation ?? '', obs], { width }).split('\n').map((l) => (l ? `  ${l}` : l)));
    if (f.delta === 'fixes') out.push(`  With the patch: ${observation(f.variant ?? f.scenario, f.name, 'safe', null)}`);
  }
  const cmd = replayCommand(f);
  if (cmd) out.push(`  replay: ${cmd}`);
  for (const a of f.assumptions ?? []) out.push(...wrap(`assumed: ${a}`, width - 4).map((l, i) => `  ${i ? '  ' : ''}${l}`));
  if (f.ignored.length) out.push(`  ${f.ignored.length} changed or context line(s) lifted to nothing (comments, locals, debug calls): see "ignored" in --format json`);
  return out;
}

export function renderCheckText(reports: readonly PatchReport[], width = 100): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.subject}`);
    out.push(`  ${r.messageId} from ${r.from}`);
    if (r.outcome !== 'checked') {
      out.push(`  ${r.outcome}: ${r.reason}`);
      out.push('');
      continue;
    }
    if (r.kernelVersion) out.push(`  kernel version: ${r.kernelVersion}${r.kernelVersionFrom ? ` (from the ${r.kernelVersionFrom})` : ''}`);
    if (r.findings.length === 0) out.push(`  no finding: ${r.reason ?? 'nothing modelled is touched'}`);
    for (const f of r.findings) out.push(...findingText(f, width).map((l) => (l ? `  ${l}` : l)));
    if (r.sinceLastVersion) out.push(`  since the previous version: ${r.sinceLastVersion}`);
    if (r.seriesAlone) out.push(...wrap(`  note: ${r.seriesAlone}`, width));
    if (r.stableBackport) out.push(...wrap(`  note: ${r.stableBackport}`, width));
    if (r.diffSkipped) out.push(...wrap(`  note: ${r.diffSkipped}`, width));
    if (r.outOfScope.length) out.push(...wrap(`  not modelled (out of scope): ${r.outOfScope.join(', ')}`, width));
    out.push('');
  }
  return out.join('\n');
}

export function checkJson(reports: readonly PatchReport[]) {
  return {
    schema: CHECK_SCHEMA,
    patches: reports.map((r) => ({
      messageId: r.messageId,
      subject: r.subject,
      from: r.from,
      version: r.version,
      kernelVersion: r.kernelVersion,
      kernelVersionFrom: r.kernelVersionFrom ?? null,
      outcome: r.outcome,
      reason: r.reason,
      sinceLastVersion: r.sinceLastVersion,
      seriesAlone: r.seriesAlone ?? null,
      stableBackport: r.stableBackport ?? null,
      diffSkipped: r.diffSkipped ?? null,
      outOfScope: r.outOfScope,
      findings: r.findings.map((f) => ({
        scenario: f.scenario,
        name: f.name,
        variant: f.variant,
        baseVariant: f.baselineVariant,
        baseHow: f.baseHow,
        baseline: f.baseline,
        patched: f.patched,
        delta: f.delta,
        pending: f.pending ?? null,
        invariant: f.invariant,
        violation: f.violation,
        switches: f.switches,
        dependsOn: f.dependsOn,
        notes: f.notes,
        touched: f.touched,
        responsibleHunks: f.responsible.map((h) => `${h.file} ${h.header}`),
        unmapped: f.unmapped,
        assumptions: f.assumptions,
        violations: { added: f.added, removed: f.removed, kept: f.kept },
        ignored: f.ignored,
        replay: replayCommand(f),
        trace: f.trace.map((t) => ({ actor: t.actor, step: t.step, primitive: t.primitive, fn: t.fn, detail: t.detail, held: t.held, quiet: t.quiet })),
      })),
    })),
  };
}

// --- email ----------------------------------------------------------------------------------

export interface EmailOptions {
  readonly from: string;
  readonly contact: string;
  /** The dashboard's public URL: each finding links its trace drawn as a picture (SVG). */
  readonly publicUrl?: string | null;
  /** Addresses never copied (the bot's own, lists that do not want bot mail). */
  readonly ignore?: readonly string[];
  /** Pre-existing races reported before (finding id -> Message-Id of the first report): one line each. */
  readonly repeats?: Readonly<Record<string, string>>;
}

/** Cc addresses copied at most (the service addresses replies itself: src/channels/email/recipients.ts). */
export const MAX_CC = 11;


/** The hunk to quote: the applied one that contains a step of the trace, trimmed around it. */
export function quotedHunk(f: Finding, maxLines = 24): string[] {
  // The hunks the verdict turns on come first; among them, the one with a step of the trace.
  const key = (h: { file: string; header: string }) => `${h.file}|${h.header}`;
  const resp = new Set(f.responsible.map(key));
  const hunks = [...f.hunks.filter((h) => h.text && resp.has(key(h))), ...f.hunks.filter((h) => h.text && !resp.has(key(h)))];
  if (!hunks.length) return [];
  const norm = (s: string) => s.replace(/\s+/g, '');
  const strip = (s: string) => norm(s).replace(/;$/, '');
  // Latest steps first: the step that violates the invariant is the one to show.
  const steps = [...f.trace].reverse().map((t) => strip(t.step)).filter((s) => s.length > 6);
  let best = hunks[0];
  let hit = -1;
  const candidates = resp.size ? hunks.filter((h) => resp.has(key(h))) : hunks;
  outer: for (const s of steps) {
    for (const h of candidates) {
      const lines = h.text.split('\n');
      const i = lines.findIndex((l) => (l.startsWith('+') || l.startsWith('-')) && strip(l.slice(1)).length > 6 && (s.includes(strip(l.slice(1))) || strip(l.slice(1)).includes(s)));
      if (i >= 0) {
        best = h;
        hit = i;
        break outer;
      }
    }
  }
  const lines = best.text.split('\n');
  const header = lines[0];
  let body = lines.slice(1);
  // Trim to the changed lines with a little context around them.
  const changed = body.map((l, i) => (l.startsWith('+') || l.startsWith('-') ? i : -1)).filter((i) => i >= 0);
  const center = hit > 0 ? hit - 1 : changed[0] ?? 0;
  let from = Math.max(0, Math.min(changed[0] ?? 0, center) - 3);
  let to = Math.min(body.length, Math.max(changed[changed.length - 1] ?? 0, center) + 4);
  if (to - from > maxLines) {
    from = Math.max(0, center - Math.floor(maxLines / 2));
    to = Math.min(body.length, from + maxLines);
  }
  body = body.slice(from, to);
  const out = [`> ${header}`, ...(from > 0 ? ['> [...]'] : []), ...body.map((l) => `> ${l}`.trimEnd()), ...(to < lines.length - 1 ? ['> [...]'] : [])];
  return out;
}

export interface EmailReply {
  readonly headers: readonly [string, string][];
  readonly text: string;
}

/** The whole reply for a patch: headers and the plain-text body, wrapped at 72 columns. */
export function renderEmail(mail: PatchMail, report: PatchReport, opts: EmailOptions): EmailReply {
  const ignore = new Set([opts.from, ...(opts.ignore ?? [])].map((a) => a.replace(/.*</, '').replace(/>.*/, '').toLowerCase()));
  const seen = new Set<string>();
  const cc = [...mail.to, ...mail.cc]
    .filter((a) => {
      const k = a.address.toLowerCase();
      if (!k || seen.has(k) || ignore.has(k) || k === mail.author.address.toLowerCase()) return false;
      seen.add(k);
      return true;
    })
    .slice(0, MAX_CC);
  const refs = replyReferences([...mail.references, mail.inReplyTo, mail.messageId]);
  const inReplyTo = copyableMessageId(mail.messageId);
  const findingIds = report.findings.map((f) => `${f.scenario}:${f.delta}${f.invariant ? ':' + f.invariant : ''}`);
  const headers: [string, string][] = [
    ['From', headerText(opts.from)],
    ['To', formatAddress(mail.author)],
    ...(cc.length ? ([['Cc', cc.map(formatAddress).join(', ')]] as [string, string][]) : []),
    ['Subject', replySubject(mail.subject)],
    ...(inReplyTo ? ([['In-Reply-To', `<${inReplyTo}>`]] as [string, string][]) : []),
    ...(refs.length ? ([['References', refs.map((r) => `<${r}>`).join(' ')]] as [string, string][]) : []),
    ['Auto-Submitted', 'auto-generated'],
    ['X-Racebot-Finding', findingIds.join(', ') || 'none'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  ];
  const W = 72;
  const body: string[] = [];
  const para = (s: string) => body.push(...wrap(s, W), '');
  body.push(`On ${headerText(mail.dateRaw ?? mail.date ?? 'an unknown date')}, ${headerText(mail.author.name || mail.author.address)} wrote:`);
  if (report.outcome !== 'checked') {
    body.push('');
    para(`racebot did not check this message: ${report.reason}.`);
  }
  const repeats = opts.repeats ?? {};
  // What the patch changes comes first: a race it introduces, then one it closes, then races it
  // leaves as they were, then scenarios it could not be placed in or changes nothing in.
  const rank: Record<Finding['delta'], number> = { introduces: 0, fixes: 1, 'pre-existing': 2, unmapped: 3, inconclusive: 3, unchanged: 4 };
  const ordered = [...report.findings].sort((a, b) => rank[a.delta] - rank[b.delta]);
  for (const f of ordered) {
    const first = repeats[`${f.scenario}:${f.delta}${f.invariant ? ':' + f.invariant : ''}`];
    if (first) {
      para(`The pre-existing race ${f.scenario} ${f.name} (${f.invariant ?? f.delta}) was reported before: ${first}`);
      continue;
    }
    const q = quotedHunk(f);
    if (q.length) body.push(...q, '');
    para(deltaSentence(f));
    if (f.trace.length && (f.delta === 'introduces' || f.delta === 'pre-existing' || f.delta === 'fixes')) {
      const obs = observation(f.delta === 'fixes' ? f.baselineVariant : f.variant ?? f.scenario, f.name, 'race', f.invariant);
      const diagram = laneDiagram(f.trace, [], { width: W });
      body.push(...diagram.split('\n'));
      para(f.violation ?? '');
      body.push(obs);
      if (f.delta === 'fixes') body.push(`With the patch: ${observation(f.variant ?? f.scenario, f.name, 'safe', null)}`);
      body.push('');
    }
    const dep = dependsText(f);
    if (dep) para(dep);
    for (const n of notesText(f)) para(`Note: ${n}.`);
    para(`Switches: ${switchesLine(f)}.`);
    const cmd = replayCommand(f);
    if (cmd) para(`To replay: ${cmd}`);
    if (opts.publicUrl && f.trace.length) {
      const n = report.findings.indexOf(f);
      body.push('The interleaving as a picture:', traceLink(opts.publicUrl, mail.messageId, n), '');
    }
  }
  if (report.sinceLastVersion) para(`Since the previous version: ${report.sinceLastVersion}.`);
  if (report.seriesAlone) para(`Note: ${report.seriesAlone[0].toUpperCase()}${report.seriesAlone.slice(1)}.`);
  if (report.stableBackport) para(`Note: ${report.stableBackport[0].toUpperCase()}${report.stableBackport.slice(1)}.`);
  if (report.diffSkipped) para(`Note: ${report.diffSkipped[0].toUpperCase()}${report.diffSkipped.slice(1)}.`);
  body.push('-- ');
  body.push(...wrap(`racebot, a bot that model-checks mm patches against canonical race scenarios wrote this reply; it explores every interleaving of the scenario with the patched code. Reach its maintainers at ${opts.contact}.`, W));
  return { headers, text: body.join('\n').replace(/\n{3,}/g, '\n\n') + '\n' };
}

/** The dashboard URL of finding `n` of a patch's trace SVG (the dashboard keys patches by Message-Id). */
export function traceLink(publicUrl: string, messageId: string, n: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/findings/${keyOf(messageId)}/${n}/trace.svg`;
}

/** The reply as text: every header on one line, whatever its value held. */
export function emailToString(e: EmailReply): string {
  return `${e.headers.map(([k, v]) => headerLine(k, v)).join('\n')}\n\n${e.text}`;
}

export { scenarioById };
