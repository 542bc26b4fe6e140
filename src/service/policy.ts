/**
 * Who gets what: which subsystems claim a patch (its lists and MAINTAINERS-style file patterns),
 * whether they opted in, and the reply the policy allows. Pure: the Redis state it needs
 * (opt-outs, mutes, the kill switch) is passed in.
 */
import { bareAddress, type Policy, type Subsystem, type SubsystemsConfig } from '../config.js';
import type { MailSummary } from './types.js';

/** MAINTAINERS `F:` semantics: `dir/` is everything below dir, `*` and `?` stay in one directory. */
export function fileMatches(pattern: string, path: string): boolean {
  const p = pattern.trim().replace(/^\/+/, '');
  const f = path.replace(/^\/+/, '');
  if (p === '') return false;
  if (p.endsWith('/')) return f.startsWith(p);
  if (!/[*?[]/.test(p)) return f === p || f.startsWith(p + '/');
  const re = new RegExp(
    '^' +
      p
        .split('')
        .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : /[\\^$.|+(){}[\]]/.test(c) ? '\\' + c : c))
        .join('') +
      '$',
  );
  return re.test(f);
}

/** A list address matches To/Cc addresses and List-Id values (`<linux-mm.kvack.org>`). */
export function listMatches(list: string, lists: readonly string[]): boolean {
  const a = bareAddress(list);
  const dotted = a.replace('@', '.');
  return lists.some((l) => {
    const x = l.toLowerCase();
    return x === a || x === dotted;
  });
}

/** The subsystems (opted in or not) that claim a mail: addressed to one of their lists and touching one of their files. */
export function claimingSubsystems(cfg: SubsystemsConfig, mail: Pick<MailSummary, 'lists' | 'files'>): Subsystem[] {
  return cfg.subsystems.filter((s) => {
    const byList = s.lists.length === 0 || s.lists.some((l) => listMatches(l, mail.lists));
    const byFile =
      s.files.length === 0 ||
      mail.files.some((f) => s.files.some((p) => fileMatches(p, f)) && !s.exclude.some((p) => fileMatches(p, f)));
    return byList && byFile;
  });
}

export const optedIn = (s: Subsystem) => s.optIn && s.policy !== 'off';

const RANK: Record<Policy, number> = { off: 0, 'dry-run': 1, author: 2, list: 3 };

/**
 * Deltas that are news: the patch adds or removes a race. Anything else (a race that is there
 * before and after the patch, no change) is "no issue" and says nothing unless sendNoIssue is on.
 */
export const NEWS_DELTAS: ReadonlySet<string> = new Set(['introduces', 'fixes']);

export interface FindingLite {
  readonly scenario: string;
  readonly name: string;
  readonly delta: string;
  readonly invariant: string | null;
}

/** The id a finding goes by in replies (`X-Racebot-Finding`) and commands (`#racebot why S3:introduces:I3.2`). */
export function findingId(f: FindingLite): string {
  return `${f.scenario}:${f.delta}${f.invariant ? ':' + f.invariant : ''}`;
}

export interface PolicyState {
  readonly killSwitch: boolean;
  /** Addresses (lowercase) that opted out. */
  readonly optedOut: ReadonlySet<string>;
  /** Muted scenario ids per subsystem. */
  readonly muted: Readonly<Record<string, readonly string[]>>;
}

export type Decision =
  | { readonly send: false; readonly outcome: 'skipped' | 'no-finding'; readonly reason: string; readonly subsystems: readonly string[] }
  | {
      readonly send: true;
      readonly policy: Exclude<Policy, 'off'>;
      readonly subsystems: readonly string[];
      /** Findings to report (muted ones removed). */
      readonly findings: readonly string[];
      readonly embargoSeconds: number;
      readonly caps: readonly { readonly subsystem: string; readonly cap: number }[];
      /** Maintainers of the claiming subsystems (dry-run recipients). */
      readonly maintainers: readonly string[];
      /** Lists of subsystems that did not opt in to `list` replies: never copied. */
      readonly ignore: readonly string[];
      /** Lists of the opted-in subsystems with the `list` policy: copied when the patch went to them. */
      readonly lists: readonly string[];
    };

export interface ReportLite {
  readonly outcome: string;
  readonly findings: readonly FindingLite[];
  readonly followUp: boolean;
}

/**
 * The reply the opted-in subsystems allow for a checked patch. The most restrictive policy of
 * the claiming opted-in subsystems wins; the embargo is the longest; every one's daily cap applies.
 */
export function decide(cfg: SubsystemsConfig, state: PolicyState, mail: MailSummary, report: ReportLite): Decision {
  const claiming = claimingSubsystems(cfg, mail);
  const names = claiming.map((s) => s.name);
  const opted = claiming.filter(optedIn);
  if (opted.length === 0) return { send: false, outcome: 'skipped', reason: claiming.length ? `not opted in (${names.join(', ')})` : 'no subsystem claims it', subsystems: names };
  if (cfg.killSwitch || state.killSwitch) return { send: false, outcome: 'skipped', reason: 'kill switch', subsystems: names };
  if (state.optedOut.has(mail.author.address.toLowerCase())) return { send: false, outcome: 'skipped', reason: 'the author opted out', subsystems: names };
  if (report.outcome !== 'checked') return { send: false, outcome: 'skipped', reason: `not checked (${report.outcome})`, subsystems: names };
  const mutedScenarios = new Set(opted.flatMap((s) => state.muted[s.name] ?? []));
  const findings = report.findings.filter((f) => !mutedScenarios.has(f.scenario) && !mutedScenarios.has(f.name));
  if (findings.length === 0)
    return { send: false, outcome: 'no-finding', reason: report.findings.length ? 'every finding is muted' : 'touches no modelled function', subsystems: names };
  const news = findings.some((f) => NEWS_DELTAS.has(f.delta)) || report.followUp;
  if (!news && !opted.every((s) => s.sendNoIssue)) {
    const reason = findings.some((f) => f.delta === 'pre-existing') ? 'neither adds nor removes a race (sendNoIssue is off)' : 'no issue found (sendNoIssue is off)';
    return { send: false, outcome: 'no-finding', reason, subsystems: names };
  }
  const policy = opted.map((s) => s.policy).reduce((a, b) => (RANK[b] < RANK[a] ? b : a)) as Exclude<Policy, 'off'>;
  const listPolicy = new Set(opted.filter((s) => s.policy === 'list').flatMap((s) => s.lists.map(bareAddress)));
  const ignore = cfg.subsystems.flatMap((s) => s.lists.map(bareAddress)).filter((l) => !listPolicy.has(l));
  return {
    send: true,
    policy,
    subsystems: opted.map((s) => s.name),
    findings: findings.map(findingId),
    embargoSeconds: Math.max(...opted.map((s) => s.embargo)),
    caps: opted.map((s) => ({ subsystem: s.name, cap: s.dailyCap })),
    maintainers: [...new Set(opted.flatMap((s) => s.maintainers))],
    ignore: [...new Set([...ignore, ...state.optedOut])],
    lists: [...listPolicy],
  };
}

/** Whether `address` maintains one of `subsystems`. */
export function isMaintainer(cfg: SubsystemsConfig, subsystems: readonly string[], address: string): boolean {
  const a = address.toLowerCase();
  return cfg.subsystems.some((s) => subsystems.includes(s.name) && s.maintainers.some((m) => bareAddress(m) === a));
}
