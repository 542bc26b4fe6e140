/**
 * A checked pull request as GitHub shows it: the check run (conclusion, title, a summary with
 * the race diagram and the SVG, annotations on the changed lines the trace goes through) and
 * the one summary comment, whose history of pushes lives in the comment itself.
 */
import type { Delta, Finding, PatchReport } from '../check/check.js';
import type { DiffFile } from '../diff/types.js';
import { columnDiagram } from '../report/layout.js';
import { deltaSentence, replayCommand, switchPhrase } from '../report/check-report.js';
import { observation } from '../report/run-text.js';
import type { RepoConfig } from './config.js';
import { cell, codeBlock, codeSpan, plain } from './markdown.js';

export type Conclusion = 'success' | 'failure' | 'neutral' | 'action_required';

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly title: string;
  readonly message: string;
  readonly raw_details?: string;
}

/** GitHub takes at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

const RACE: readonly Delta[] = ['introduces', 'pre-existing', 'fixes'];

const strip = (s: string) => s.replace(/\s+/g, '').replace(/;$/, '');

/** The C of a step and a line of the diff are the same statement (or the line is most of it). */
function sameStatement(step: string, line: string): boolean {
  const a = strip(step);
  const b = strip(line);
  if (b.length < 6 || a.length < 6) return false;
  if (a === b) return true;
  if (b.length >= 12 && a.includes(b) && b.length * 2 >= a.length) return true;
  return a.length >= 12 && b.includes(a);
}

/** Steps of the trace a reader sees (the diagram's), with their 1-based position. */
function shownSteps(f: Finding) {
  const steps = f.trace.map((t, i) => ({ t, i })).filter(({ t, i }) => !t.quiet || i === f.trace.length - 1);
  return steps.map((s, k) => ({ ...s, n: k + 1, last: k === steps.length - 1 }));
}

/**
 * Annotations on the lines of the diff the trace goes through: added lines for a race the
 * patched code has, removed lines (placed on the new line where they were) for one it closes.
 * One annotation per line and finding; the violating step is a failure (a warning when the
 * race is pre-existing).
 */
export function annotationsFor(report: Pick<PatchReport, 'findings'>, diff: readonly DiffFile[]): Annotation[] {
  const out: Annotation[] = [];
  for (const f of report.findings) {
    if (!RACE.includes(f.delta) || !f.trace.length) continue;
    const removed = f.delta === 'fixes';
    const steps = shownSteps(f);
    const total = steps.length;
    const at = new Map<string, { path: string; line: number; hits: typeof steps }>();
    for (const file of diff) {
      if (file.binary || !file.newPath) continue;
      for (const h of file.hunks) {
        let nextNew = h.newStart;
        for (const l of h.lines) {
          if (l.newLine !== null) nextNew = l.newLine + 1;
          const wanted = removed ? l.kind === 'del' : l.kind === 'add';
          if (!wanted) continue;
          const line = removed ? Math.max(1, nextNew) : l.newLine!;
          for (const s of steps) {
            if (!sameStatement(s.t.step, l.text)) continue;
            const key = `${file.path}:${line}`;
            const e = at.get(key) ?? { path: file.path, line, hits: [] };
            if (!e.hits.includes(s)) e.hits.push(s);
            at.set(key, e);
          }
        }
      }
    }
    const id = f.variant ?? f.scenario;
    for (const e of [...at.values()].sort((a, b) => a.hits[0].n - b.hits[0].n || a.line - b.line)) {
      const last = e.hits.some((s) => s.last);
      const level = last ? (f.delta === 'introduces' ? 'failure' : f.delta === 'pre-existing' ? 'warning' : 'notice') : 'notice';
      const what = e.hits.map((s) => `step ${s.n}/${total}: ${s.t.actor} runs \`${s.t.step}\`${s.t.detail ? ` (${s.t.detail})` : ''}${s.t.held.length ? `, holding ${s.t.held.join(', ')}` : ''}`).join('; ');
      const lead =
        f.delta === 'introduces'
          ? `The race this patch introduces (${f.scenario} ${f.name}, ${f.invariant}) goes through this line`
          : f.delta === 'pre-existing'
            ? `The race the code already has (${f.scenario} ${f.name}, ${f.invariant}) goes through this line`
            : `The race this patch closes (${f.scenario} ${f.name}, ${f.invariant}) went through the line removed here`;
      out.push({
        path: e.path,
        start_line: e.line,
        end_line: e.line,
        annotation_level: level,
        title: `racebot ${id}: ${last ? `step ${e.hits.find((s) => s.last)!.n} violates ${f.invariant}` : `step ${e.hits.map((s) => s.n).join(', ')} of ${total}`}`.slice(0, 255),
        message: `${lead}: ${what}.${last && f.violation ? `\n${f.violation}` : ''}`.slice(0, 64 * 1024 - 1),
      });
    }
  }
  return out;
}

/** Chunks of at most `size` (GitHub: 50 per request). */
export function batches<T>(xs: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export function conclusionOf(report: Pick<PatchReport, 'outcome' | 'findings'>, cfg: Pick<RepoConfig, 'failOn'>): Conclusion {
  if (report.outcome !== 'checked') return 'neutral';
  if (report.findings.some((f) => cfg.failOn.includes(f.delta))) return 'failure';
  if (report.findings.some((f) => f.delta === 'unmapped' || f.delta === 'inconclusive')) return 'neutral';
  return 'success';
}

export function titleOf(report: Pick<PatchReport, 'outcome' | 'findings' | 'reason'>): string {
  if (report.outcome !== 'checked') return `not checked: ${report.outcome}`;
  const intro = report.findings.filter((f) => f.delta === 'introduces');
  if (intro.length) return `introduces a race: ${intro.map((f) => `${f.scenario} ${f.invariant}`).join(', ')}`;
  const fixes = report.findings.filter((f) => f.delta === 'fixes');
  if (fixes.length) return `fixes a race: ${fixes.map((f) => `${f.scenario} ${f.invariant}`).join(', ')}`;
  const pre = report.findings.filter((f) => f.delta === 'pre-existing');
  if (pre.length) return `no race introduced (pre-existing: ${pre.map((f) => `${f.scenario} ${f.invariant}`).join(', ')})`;
  if (report.findings.some((f) => f.delta === 'unmapped' || f.delta === 'inconclusive')) return 'no verdict for every scenario';
  if (!report.findings.length) return 'no modelled code touched';
  return 'no race introduced';
}

export interface Links {
  /** Page of finding n on the dashboard. */
  readonly finding?: (n: number) => string | null;
  /** The trace of finding n as SVG. */
  readonly svg?: (n: number) => string | null;
}

function dependsText(f: Finding): string | null {
  const parts = Object.entries(f.dependsOn).map(([k, v]) => switchPhrase(k, v));
  return parts.length ? `This verdict depends on the kernel and the machine: it holds ${parts.join(' and ')}.` : null;
}

const SUMMARY_MAX = 65_000;

/** The column diagram of a race finding (text, for a code block), or null when it has none. */
function diagramOf(f: Finding): { lead: string; text: string } | null {
  if (!f.trace?.length || !RACE.includes(f.delta)) return null;
  const obs = observation(f.delta === 'fixes' ? f.baselineVariant : f.variant ?? f.scenario, f.name, 'race', f.invariant);
  return { lead: f.delta === 'fixes' ? 'The race before the patch' : 'The interleaving', text: columnDiagram(f.trace, [f.violation ?? '', obs], { width: 100 }) };
}

/**
 * The check run's summary (markdown): per finding its sentence, the SVG, the diagram, the replay.
 * Everything that comes from the diff (code, hunk headers, violations) is fenced or escaped.
 */
export function checkSummary(report: PatchReport, links: Links = {}): string {
  const out: string[] = [];
  if (report.outcome !== 'checked') {
    out.push(`racebot did not check this pull request: ${plain(report.reason ?? report.outcome)}.`);
    return out.join('\n');
  }
  if (!report.findings.length) out.push(`No modelled kernel function is touched (${plain(report.reason ?? 'nothing to explore')}).`);
  report.findings.forEach((f, n) => {
    out.push(`### ${plain(`${f.scenario} ${f.name}: ${f.delta}${f.variant ? ` (as spec variant ${f.variant})` : ''}`)}`);
    out.push('', plain(deltaSentence(f)));
    const dep = dependsText(f);
    if (dep) out.push('', plain(dep));
    for (const note of f.notes) out.push(`- ${plain(`${Object.entries(note.switches).map(([k, v]) => switchPhrase(k, v)).join(', ')}: ${note.delta}${note.invariant && note.delta !== 'unchanged' && note.delta !== 'fixes' ? ` (${note.invariant})` : ''}`)}`);
    const d = diagramOf(f);
    if (d) {
      const svg = links.svg?.(n);
      if (svg) out.push('', `![The interleaving as a swimlane: one lane per actor, the violating step in red](${svg})`);
      out.push('', `${d.lead}:`, '', codeBlock(d.text));
    }
    const cmd = replayCommand(f);
    if (cmd) out.push('', `Replay locally: ${codeSpan(cmd)}`);
    const page = links.finding?.(n);
    if (page) out.push('', `[On the dashboard](${page})`);
    out.push('');
  });
  if (report.sinceLastVersion) out.push(`**Since the previous push:** ${plain(report.sinceLastVersion)}`, '');
  if (report.outOfScope.length) out.push(`Not modelled: ${plain(report.outOfScope.join(', '))}`, '');
  out.push(`<sub>Switches: ${plain(report.findings.map((f) => `${f.scenario} ${Object.entries(f.switches).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`).join('; ') || '-')}</sub>`);
  return cut(out.join('\n'));
}

/** At most SUMMARY_MAX characters, never inside an open code block. */
function cut(s: string): string {
  if (s.length <= SUMMARY_MAX) return s;
  const head = s.slice(0, SUMMARY_MAX);
  // Cut at the start of the last block (a heading, or the line before a fence opens) that fits.
  const at = Math.max(head.lastIndexOf('\n### '), 0);
  return `${at > 0 ? head.slice(0, at) : plain(head.slice(0, 2000))}\n\n(cut: the summary is longer than GitHub takes)`;
}

// --- the summary comment ----------------------------------------------------------------------

export const COMMENT_MARKER = '<!-- racebot:summary -->';
const HISTORY_PREFIX = '<!-- racebot:history ';
/** The history is the comment's last line (text from a diff quoted above it cannot pose as it). */
const HISTORY_RE = /\n<!-- racebot:history ([A-Za-z0-9_-]*) -->\s*$/;

export interface PushResult {
  readonly sha: string;
  readonly push: number;
  readonly outcome: string;
  readonly findings: readonly { readonly scenario: string; readonly name: string; readonly delta: Delta; readonly invariant: string | null }[];
}

export function historyOf(body: string | null | undefined): PushResult[] {
  const m = body ? HISTORY_RE.exec(body) : null;
  if (!m) return [];
  try {
    const v = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) ? (v as PushResult[]) : [];
  } catch {
    return [];
  }
}

export function pushResult(sha: string, push: number, report: Pick<PatchReport, 'outcome' | 'findings'>): PushResult {
  return { sha, push, outcome: report.outcome, findings: report.findings.map((f) => ({ scenario: f.scenario, name: f.name, delta: f.delta, invariant: f.invariant })) };
}

/** The history with this push's result in it (a recheck of the same commit replaces its entry). */
export function withPush(history: readonly PushResult[], r: Omit<PushResult, 'push'>): PushResult[] {
  const i = history.findIndex((h) => h.sha === r.sha);
  if (i >= 0) return history.map((h, j) => (j === i ? { ...r, push: h.push } : h));
  return [...history, { ...r, push: (history[history.length - 1]?.push ?? 0) + 1 }];
}

function pushText(h: PushResult, scenario: string | null): string {
  if (h.outcome !== 'checked') return `push ${h.push}: ${h.outcome}`;
  const fs = scenario ? h.findings.filter((f) => f.scenario === scenario) : h.findings;
  if (!fs.length) return `push ${h.push}: ${scenario ? 'not touched' : 'nothing modelled'}`;
  return `push ${h.push}: ${fs.map((f) => `${scenario ? '' : `${f.scenario} `}${f.delta}${f.invariant && RACE.includes(f.delta) ? ` ${f.invariant}` : ''}`).join(', ')}`;
}

/** "push 2 fixes the race reported on push 1 (I3.2, S3 gup-fast-pin)", as linkVersions says it for mail. */
export function sinceLastPush(history: readonly PushResult[], sha: string): string | null {
  const i = history.findIndex((h) => h.sha === sha);
  if (i <= 0) return null;
  const cur = history[i];
  const prev = history[i - 1];
  const lines: string[] = [];
  for (const f of cur.findings) {
    const before = prev.findings.find((x) => x.scenario === f.scenario);
    if (!before) continue;
    if (before.delta === 'introduces' && f.delta !== 'introduces') lines.push(`push ${cur.push} fixes the race reported on push ${prev.push} (${before.invariant}, ${f.scenario} ${f.name})`);
    else if (before.delta !== 'introduces' && f.delta === 'introduces') lines.push(`push ${cur.push} introduces a race that push ${prev.push} did not have (${f.invariant}, ${f.scenario} ${f.name})`);
    else lines.push(`${f.scenario}: push ${prev.push} ${before.delta}, push ${cur.push} ${f.delta}`);
  }
  return lines.length ? lines.join('; ') : null;
}

export interface CommentInput {
  readonly history: readonly PushResult[];
  readonly sha: string;
  readonly report: PatchReport;
  readonly conclusion: Conclusion;
  readonly checkRunUrl?: string | null;
  readonly links?: Links;
}

/** The one summary comment: the latest result, the history of pushes, where the details are. */
export function commentBody(c: CommentInput): string {
  const cur = c.history.find((h) => h.sha === c.sha);
  const icon = c.conclusion === 'failure' ? '❌' : c.conclusion === 'success' ? '✅' : 'ℹ️';
  const out: string[] = [COMMENT_MARKER];
  out.push(`${icon} **racebot** checked ${codeSpan(c.sha.slice(0, 7))}${cur ? ` (push ${cur.push})` : ''}: ${plain(titleOf(c.report))}.`, '');
  c.report.findings.forEach((f, n) => {
    const page = c.links?.finding?.(n);
    out.push(`- **${plain(`${f.scenario} ${f.name}`)}**: ${plain(`${f.delta}${f.invariant && RACE.includes(f.delta) ? ` (${f.invariant})` : ''}`)}${page ? ` — [${f.trace.length && RACE.includes(f.delta) ? 'trace' : 'details'}](${page})` : ''}`);
    out.push(`  ${plain(deltaSentence(f))}`);
    const d = diagramOf(f);
    // The interleaving the sentence speaks of, folded: the comment stays short.
    if (d) out.push('', '<details><summary>' + plain(`${d.lead} (${f.scenario} ${f.name})`) + '</summary>', '', codeBlock(d.text), '', '</details>', '');
  });
  if (c.report.outcome !== 'checked') out.push(`- ${plain(c.report.reason ?? c.report.outcome)}`);
  if (c.report.sinceLastVersion) out.push('', `**Since the previous push:** ${plain(c.report.sinceLastVersion)}`);
  if (c.history.length > 1) {
    const scenarios = [...new Set(c.history.flatMap((h) => h.findings.map((f) => f.scenario)))];
    out.push('', '| push | commit | result |', '|---|---|---|');
    for (const h of c.history) out.push(`| ${h.push} | ${codeSpan(h.sha.slice(0, 7))} | ${cell(pushText(h, null).replace(/^push \d+: /, ''))} |`);
    for (const s of scenarios) out.push('', `History of ${plain(s)}: ${plain(c.history.map((h) => pushText(h, s)).join(' -> '))}`);
  }
  out.push('', `${c.checkRunUrl ? `[Check run](${c.checkRunUrl}) with the annotations. ` : ''}This comment is edited on every push; comment \`/racebot recheck\` to check again.`);
  out.push(`${HISTORY_PREFIX}${Buffer.from(JSON.stringify(c.history), 'utf8').toString('base64url')} -->`);
  return out.join('\n');
}
