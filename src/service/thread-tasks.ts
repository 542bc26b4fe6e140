/**
 * The CPU-heavy work of the stages, as plain functions over JSON: parsing a raw message, the
 * check of a series (checkMails, linkVersions against stored earlier versions, renderEmail) and
 * rendering replies. They run in worker threads (src/service/check-thread.ts) so that a worker's
 * event loop stays free to renew its BullMQ locks; `racebot replay` runs them in-process.
 */
import { checkMails, linkVersions, type PatchReport } from '../check/check.js';
import { parseKernelVersion } from '../check/switches.js';
import { parseMessage } from '../mail/index.js';
import type { PatchMail } from '../mail/types.js';
import { renderCheckText, renderEmail, type EmailReply } from '../report/check-report.js';
import type { SwitchValue } from '../scenarios/scenario.js';
import { runGithubCheck, type GithubCheckInput } from '../github/check.js';
import { findingId } from './policy.js';
import { summarize } from './summary.js';
import type { Summarized } from './types.js';

/** A PatchReport as stored (JSON; without the lifted code kept for the next part of a series). */
export type StoredReport = Omit<PatchReport, 'lifted'>;

export interface CheckSettings {
  readonly maxStates: number | null;
  readonly maxMs: number | null;
  readonly kernelVersion: string | null;
  readonly switches: Readonly<Record<string, SwitchValue>>;
  /** The kernel clone the base code is read from (config kernel.*); absent or null: reference code. */
  readonly kernel?: { readonly tree: string; readonly maxTags: number; readonly maxFileBytes: number } | null;
}

/** The check settings of the config, as every check task takes them. */
export function checkSettings(cfg: {
  readonly check: { readonly maxStates: number | null; readonly maxMs: number | null; readonly kernelVersion: string | null; readonly switches: Readonly<Record<string, SwitchValue>> };
  readonly kernel: { readonly tree: string | null; readonly maxTags: number; readonly maxFileBytes: number };
}): CheckSettings {
  const { maxStates, maxMs, kernelVersion, switches } = cfg.check;
  const kernel = cfg.kernel.tree ? { tree: cfg.kernel.tree, maxTags: cfg.kernel.maxTags, maxFileBytes: cfg.kernel.maxFileBytes } : null;
  return { maxStates, maxMs, kernelVersion, switches, kernel };
}

export interface EmailSettings {
  readonly from: string;
  readonly contact: string;
  readonly ignore?: readonly string[];
  /** The dashboard's public URL, to link each finding's trace picture. */
  readonly publicUrl?: string | null;
}

export type ThreadTask =
  | { readonly kind: 'github-check'; readonly input: GithubCheckInput }
  | { readonly kind: 'summarize'; readonly raw: string; readonly botAddress: string; readonly lists: readonly string[] }
  | {
      readonly kind: 'check';
      readonly mails: readonly { readonly h: string; readonly raw: string }[];
      readonly previous: readonly { readonly raw: string; readonly report: StoredReport }[];
      readonly check: CheckSettings;
      readonly email: EmailSettings;
    }
  | {
      readonly kind: 'render';
      readonly raw: string;
      readonly report: StoredReport;
      readonly findings: readonly string[];
      /** Pre-existing races reported before: finding id -> the Message-Id of that first reply. */
      readonly repeats?: Readonly<Record<string, string>>;
      readonly email: EmailSettings;
    }
  | { readonly kind: 'explain'; readonly report: StoredReport; readonly findings: readonly string[] };

export interface CheckedMail {
  readonly h: string;
  readonly report: StoredReport;
  readonly email: EmailReply | null;
  /** The previous version had a race this one no longer has (worth a reply on its own). */
  readonly followUp: boolean;
}

export interface ThreadResults {
  readonly summarize: Summarized;
  readonly check: CheckedMail[];
  readonly render: EmailReply;
  readonly explain: string;
  readonly 'github-check': PatchReport;
}

const bytes = (b64: string) => Buffer.from(b64, 'base64');

export function stripReport(r: PatchReport): StoredReport {
  const { lifted: _lifted, ...rest } = r;
  return JSON.parse(JSON.stringify(rest)) as StoredReport;
}

async function parseOk(raw: string): Promise<PatchMail | null> {
  const p = await parseMessage(bytes(raw));
  return p.ok ? p.mail : null;
}

export async function runTask(task: ThreadTask): Promise<unknown> {
  switch (task.kind) {
    case 'summarize': {
      const p = await parseMessage(bytes(task.raw));
      if (!p.ok) return { ok: false, code: p.code, reason: p.reason } satisfies Summarized;
      return { ok: true, mail: summarize(p.mail, { botAddress: task.botAddress, lists: task.lists }) } satisfies Summarized;
    }
    case 'check': {
      const parsed = await Promise.all(task.mails.map((m) => parseMessage(bytes(m.raw))));
      const mails: PatchMail[] = [];
      const hs: string[] = [];
      const out: CheckedMail[] = [];
      parsed.forEach((p, i) => {
        if (p.ok) {
          mails.push(p.mail);
          hs.push(task.mails[i].h);
        } else {
          const report: StoredReport = { messageId: '', subject: '', from: '', version: 0, outcome: 'rejected', reason: `${p.code}: ${p.reason}`, findings: [], outOfScope: [], kernelVersion: null, sinceLastVersion: null };
          out.push({ h: task.mails[i].h, report, email: null, followUp: false });
        }
      });
      const kv = task.check.kernelVersion ? parseKernelVersion(task.check.kernelVersion) : null;
      // The base code from the kernel clone the workers share (kept fresh by the worker's
      // TreeRefresher); loaded only with a tree, like the CLI's --tree.
      const k = task.check.kernel;
      const base = k && mails.length ? await (await import('../tree/bases.js')).resolveBases(k.tree, mails, { maxTags: k.maxTags, maxFileBytes: k.maxFileBytes }) : null;
      let reports = checkMails(mails, {
        overrides: task.check.switches,
        kernelVersion: kv,
        maxStates: task.check.maxStates ?? undefined,
        maxMs: task.check.maxMs ?? undefined,
        clock: () => performance.now(),
        ...(base ? { base } : {}),
      });
      const prevMails: PatchMail[] = [];
      const prevReports: PatchReport[] = [];
      for (const p of task.previous) {
        const m = await parseOk(p.raw);
        if (!m) continue;
        prevMails.push(m);
        prevReports.push(p.report as PatchReport);
      }
      if (prevMails.length) reports = linkVersions([...prevMails, ...mails], [...prevReports, ...reports]).slice(prevMails.length);
      mails.forEach((m, i) => {
        const r = reports[i];
        const key = `${m.author.address.toLowerCase()}|${m.normalizedSubject.toLowerCase()}`;
        const prev = prevMails
          .map((pm, j) => ({ pm, r: prevReports[j] }))
          .filter((x) => `${x.pm.author.address.toLowerCase()}|${x.pm.normalizedSubject.toLowerCase()}` === key && x.pm.tags.version < m.tags.version)
          .sort((a, b) => b.pm.tags.version - a.pm.tags.version)[0];
        const followUp = !!r.sinceLastVersion && !!prev && prev.r.findings.some((f) => f.delta === 'introduces');
        const email = r.outcome === 'checked' ? renderEmail(m, r, task.email) : null;
        out.push({ h: hs[i], report: stripReport(r), email, followUp });
      });
      return out;
    }
    case 'render': {
      const m = await parseOk(task.raw);
      if (!m) throw new Error('render: the stored message no longer parses');
      const keep = new Set(task.findings);
      const report = { ...task.report, findings: task.report.findings.filter((f) => keep.has(findingId(f))) } as PatchReport;
      return renderEmail(m, report, { ...task.email, repeats: task.repeats ?? {} });
    }
    case 'github-check':
      return runGithubCheck(task.input);
    case 'explain': {
      const keep = new Set(task.findings);
      const report = { ...task.report, findings: task.report.findings.filter((f) => keep.has(findingId(f))) } as PatchReport;
      return renderCheckText([report], 72);
    }
  }
}
