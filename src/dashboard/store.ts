/**
 * What the dashboard shows: checked patches (PatchReports without the lifted code) with where
 * they came from (mailing list, subsystem, a pull request) and how they link to the other parts
 * of their series and to the other versions of the same patch. `FindingStore` is the interface
 * the dashboard reads (and the mail and GitHub sides write); `MemoryFindingStore` keeps it in
 * the process, `RedisFindingStore` (./redis-store.ts) in Redis.
 */
import { createHash } from 'node:crypto';
import type { Delta, PatchReport } from '../check/check.js';
import { groupSeries } from '../mail/series.js';
import type { PatchMail } from '../mail/types.js';

/** A PatchReport as stored: JSON-safe (the lifted code of the series is left out). */
export type StoredReport = Omit<PatchReport, 'lifted'>;

export interface StoredPatch {
  /** Key of the patch: keyOf(Message-Id) for mail, `gh-...` for a pull request push. */
  readonly id: string;
  readonly source: 'mail' | 'github';
  /** When it was checked (ISO). */
  readonly receivedAt: string;
  /** Date of the patch itself (ISO), when known. */
  readonly date: string | null;
  /** Mailing lists it was sent to (lowercase addresses), or `owner/repo` for a pull request. */
  readonly lists: readonly string[];
  readonly subsystem: string | null;
  /** Parts of one series (one version) share it. */
  readonly seriesId: string;
  readonly seriesSubject: string;
  /** Versions of one patch share it (author and subject without tags). */
  readonly family: string;
  readonly index: number | null;
  readonly total: number | null;
  /** Where to read the patch (lore link, pull request). */
  readonly url: string | null;
  readonly report: StoredReport;
  /**
   * What the publication gate (./visibility.ts) needs of a mail: every address it went to (To,
   * Cc, List-Id, the archive's list), the files it touches, its author. Absent on entries
   * stored before it was kept (the gate then keeps them hidden).
   */
  readonly audience?: Audience;
}

export interface Audience {
  readonly addresses: readonly string[];
  readonly files: readonly string[];
  readonly author: string;
}

export interface PatchFilter {
  readonly list?: string | null;
  readonly subsystem?: string | null;
  /** A finding of the patch has this delta ('none': no finding at all). */
  readonly delta?: Delta | 'none' | null;
  readonly limit?: number;
}

/** Where a page of the list starts: after this entry, in the list's order (newest first). */
export interface Cursor {
  /** receivedAt of the entry, ms since the epoch. */
  readonly at: number;
  readonly id: string;
}

export interface PageRequest {
  readonly filter?: PatchFilter;
  /** Start after this entry (default: the newest). */
  readonly after?: Cursor | null;
  /** Entries per page. */
  readonly size: number;
  /** Only entries this accepts are listed (the publication gate); default all. */
  readonly accept?: (p: StoredPatch) => boolean;
  /** At most this many entries are looked at for one page (default 20,000): a sparse filter then ends a page early, with a cursor to go on. */
  readonly budget?: number;
}

export interface Page {
  readonly patches: StoredPatch[];
  /** The cursor of the next page, or null when this is the last one. */
  readonly next: Cursor | null;
}

export const cursorOf = (p: StoredPatch): Cursor => ({ at: Date.parse(p.receivedAt) || 0, id: p.id });

export interface SeriesSummary {
  readonly seriesId: string;
  readonly subject: string;
  readonly version: number;
  readonly from: string;
  readonly lists: readonly string[];
  readonly subsystem: string | null;
  readonly receivedAt: string;
  readonly patches: readonly StoredPatch[];
}

export interface FindingStore {
  put(p: StoredPatch): Promise<void>;
  get(id: string): Promise<StoredPatch | null>;
  /** Newest first. */
  list(filter?: PatchFilter): Promise<StoredPatch[]>;
  /** One page of the list, newest first, every entry exactly once across pages (see cursorOrder). */
  page(req: PageRequest): Promise<Page>;
  /** The parts of one series, by index. */
  series(seriesId: string): Promise<StoredPatch[]>;
  /** Every version of one patch, oldest version first. */
  family(family: string): Promise<StoredPatch[]>;
  /** Values the filters can take. */
  facets(): Promise<{ lists: string[]; subsystems: string[] }>;
}

export function matches(p: StoredPatch, f: PatchFilter): boolean {
  if (f.list && !p.lists.includes(f.list.toLowerCase())) return false;
  if (f.subsystem && p.subsystem !== f.subsystem) return false;
  if (f.delta) {
    if (f.delta === 'none') return p.report.findings.length === 0;
    if (!p.report.findings.some((x) => x.delta === f.delta)) return false;
  }
  return true;
}

export const newestFirst = (a: StoredPatch, b: StoredPatch): number =>
  a.receivedAt !== b.receivedAt ? (a.receivedAt < b.receivedAt ? 1 : -1) : (a.date ?? '') !== (b.date ?? '') ? ((a.date ?? '') < (b.date ?? '') ? 1 : -1) : a.id < b.id ? -1 : 1;
/** The order pages go in: receivedAt newest first, then id descending (the order of a Redis ZREVRANGE). */
export const cursorOrder = (a: Cursor, b: Cursor): number => (a.at !== b.at ? b.at - a.at : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export const byIndex = (a: StoredPatch, b: StoredPatch) => (a.index ?? 0) - (b.index ?? 0);
export const byVersion = (a: StoredPatch, b: StoredPatch) => a.report.version - b.report.version || (a.receivedAt < b.receivedAt ? -1 : 1);

/** Series of the given patches, newest first, each with its patches by index. */
export function groupBySeries(patches: readonly StoredPatch[]): SeriesSummary[] {
  const by = new Map<string, StoredPatch[]>();
  for (const p of patches) {
    const l = by.get(p.seriesId);
    if (l) l.push(p);
    else by.set(p.seriesId, [p]);
  }
  return [...by.values()]
    .map((ps) => {
      const sorted = [...ps].sort(byIndex);
      const newest = [...ps].sort(newestFirst)[0];
      return {
        seriesId: sorted[0].seriesId,
        subject: sorted[0].seriesSubject,
        version: sorted[0].report.version,
        from: sorted[0].report.from,
        lists: [...new Set(ps.flatMap((p) => p.lists))],
        subsystem: sorted[0].subsystem,
        receivedAt: newest.receivedAt,
        patches: sorted,
      };
    })
    .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}

export class MemoryFindingStore implements FindingStore {
  readonly #patches = new Map<string, StoredPatch>();

  async put(p: StoredPatch): Promise<void> {
    this.#patches.set(p.id, p);
  }
  async get(id: string): Promise<StoredPatch | null> {
    return this.#patches.get(id) ?? null;
  }
  async list(filter: PatchFilter = {}): Promise<StoredPatch[]> {
    const out = [...this.#patches.values()].filter((p) => matches(p, filter)).sort(newestFirst);
    return filter.limit ? out.slice(0, filter.limit) : out;
  }
  async page(req: PageRequest): Promise<Page> {
    const all = [...this.#patches.values()].map((p) => ({ c: cursorOf(p), p })).sort((a, b) => cursorOrder(a.c, b.c));
    const after = req.after;
    const start = after ? all.findIndex((x) => cursorOrder(after, x.c) < 0) : 0;
    return pageFrom((function* () {
      for (let i = start < 0 ? all.length : start; i < all.length; i++) yield all[i].p;
    })(), req);
  }
  async series(seriesId: string): Promise<StoredPatch[]> {
    return [...this.#patches.values()].filter((p) => p.seriesId === seriesId).sort(byIndex);
  }
  async family(family: string): Promise<StoredPatch[]> {
    return [...this.#patches.values()].filter((p) => p.family === family).sort(byVersion);
  }
  async facets(): Promise<{ lists: string[]; subsystems: string[] }> {
    const ps = [...this.#patches.values()];
    return {
      lists: [...new Set(ps.flatMap((p) => p.lists))].sort(),
      subsystems: [...new Set(ps.map((p) => p.subsystem).filter((s): s is string => !!s))].sort(),
    };
  }
}

/** Fills a page from entries in cursor order: `size` accepted ones, and whether one more exists. */
export async function pageFrom(entries: Iterable<StoredPatch> | AsyncIterable<StoredPatch>, req: PageRequest): Promise<Page> {
  const budget = req.budget ?? 20_000;
  const out: StoredPatch[] = [];
  let looked = 0;
  let last: StoredPatch | null = null;
  for await (const p of entries) {
    if (looked >= budget) return { patches: out, next: last ? cursorOf(last) : null };
    looked++;
    const ok = matches(p, req.filter ?? {}) && (!req.accept || req.accept(p));
    if (ok && out.length === req.size) return { patches: out, next: cursorOf(out[out.length - 1]) };
    last = p;
    if (ok) out.push(p);
  }
  return { patches: out, next: null };
}

// --- building entries -------------------------------------------------------------------------

/** The key of a Message-Id, as the service's store computes it (sha256, 32 hex). */
import { keyOf } from '../mail/key.js';
export { keyOf };

export function hashKey(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

/** Versions of one patch share this (as linkVersions: author and subject without tags). */
export function familyOf(mail: PatchMail): string {
  return hashKey(`${mail.author.address.toLowerCase()}|${mail.normalizedSubject.toLowerCase()}`);
}

export function storedReport(r: PatchReport | StoredReport): StoredReport {
  const { lifted: _lifted, ...rest } = r as PatchReport;
  return rest;
}

const LIST_HOST = /@(vger\.kernel\.org|kvack\.org|lists\.[a-z0-9.-]+|linux-mips\.org|lists\.infradead\.org|lists\.linux\.dev|ozlabs\.org|googlegroups\.com)$/i;

/** Mailing lists a mail went to: its List-Id, else the list addresses in To and Cc. */
export function listsOf(mail: PatchMail): string[] {
  const out: string[] = [];
  for (const [k, v] of mail.rawHeaders) {
    if (k.toLowerCase() !== 'list-id') continue;
    const m = /<([^>]+)>/.exec(v);
    if (m) out.push(m[1].toLowerCase().replace(/^([^.]+)\.(.*)$/, (all, a: string, b: string) => (all.includes('@') ? all : `${a}@${b}`)));
  }
  for (const a of [...mail.to, ...mail.cc]) if (LIST_HOST.test(a.address)) out.push(a.address.toLowerCase());
  return [...new Set(out)];
}

/** Subsystem by the files a patch touches (first match; MAINTAINERS-like, coarse). */
const SUBSYSTEMS: readonly [RegExp, string][] = [
  [/^mm\/(userfaultfd|shmem)\.c$|^fs\/userfaultfd\.c$/, 'userfaultfd'],
  [/^kernel\/events\/uprobes\.c$|^arch\/[^/]+\/kernel\/uprobes\.c$|^include\/linux\/uprobes\.h$/, 'uprobes'],
  [/^mm\/|^include\/linux\/(mm|mm_types|pgtable|huge_mm|rmap|mmu_notifier)\.h$/, 'mm'],
  [/^virt\/kvm\/|^arch\/[^/]+\/kvm\//, 'kvm'],
  [/^drivers\/iommu\//, 'iommu'],
];

export function subsystemOf(files: readonly string[]): string | null {
  let best: { name: string; rank: number } | null = null;
  for (const f of files) {
    SUBSYSTEMS.forEach(([re, name], rank) => {
      if (re.test(f) && (!best || rank < best.rank)) best = { name, rank };
    });
  }
  if (best) return (best as { name: string }).name;
  const f = files[0];
  if (!f) return null;
  const parts = f.split('/');
  return parts[0] === 'arch' && parts.length > 2 ? `arch/${parts[1]}` : parts.length > 1 ? parts[0] : null;
}

export interface FromMailsOptions {
  /** When they were checked (default now). */
  readonly receivedAt?: string;
  /** Lists to record when a mail names none (e.g. the archive it was read from). */
  readonly lists?: readonly string[];
  readonly subsystem?: string | null;
}

/** Entries for checked mails (reports[i] is the report of mails[i], as checkMails returns). */
export function patchesFromMails(mails: readonly PatchMail[], reports: readonly (PatchReport | StoredReport)[], opts: FromMailsOptions = {}): StoredPatch[] {
  const series = groupSeries(mails);
  const seriesOf = new Map<string, { id: string; subject: string }>();
  for (const s of series) for (const m of [...s.patches, ...(s.cover ? [s.cover] : [])]) seriesOf.set(m.messageId, { id: hashKey(s.id), subject: s.subject });
  const at = opts.receivedAt ?? new Date().toISOString();
  return mails.map((m, i) => {
    const s = seriesOf.get(m.messageId) ?? { id: hashKey(m.messageId), subject: m.subject };
    const lists = listsOf(m);
    const extra = [...(opts.lists ?? [])].map((l) => l.toLowerCase());
    return {
      id: keyOf(m.messageId),
      source: 'mail' as const,
      receivedAt: at,
      date: m.date,
      lists: lists.length ? lists : extra,
      subsystem: opts.subsystem !== undefined ? opts.subsystem : subsystemOf(m.diff.map((f) => f.path)),
      seriesId: s.id,
      seriesSubject: s.subject,
      family: familyOf(m),
      index: m.tags.index,
      total: m.tags.total,
      url: m.messageIdSynthesized ? null : `https://lore.kernel.org/r/${encodeURIComponent(m.messageId)}`,
      report: storedReport(reports[i]),
      audience: {
        addresses: [...new Set([...m.to, ...m.cc].map((a) => a.address.toLowerCase()).concat(listsOf(m), extra))].filter(Boolean),
        files: [...new Set(m.diff.flatMap((f) => [f.oldPath, f.newPath].filter((x): x is string => !!x && x !== '/dev/null')))],
        author: m.author.address.toLowerCase(),
      },
    };
  });
}

/** The entry of one checked mail (parts of a series checked apart still share the series id: the cover's). */
export function patchFromMail(mail: PatchMail, report: PatchReport | StoredReport, opts: FromMailsOptions = {}): StoredPatch {
  return patchesFromMails([mail], [report], opts)[0];
}

/** "v7: introduces I3.2 -> v8: unchanged": a scenario's delta over the versions of a patch. */
export function versionHistory(versions: readonly StoredPatch[], scenario: string | null): { id: string; version: number; label: string; text: string }[] {
  return versions.map((p) => {
    const f = scenario ? p.report.findings.find((x) => x.scenario === scenario) : p.report.findings[0];
    const label = p.source === 'github' ? `push ${p.report.version}` : `v${p.report.version}`;
    let what: string;
    if (p.report.outcome !== 'checked') what = p.report.outcome;
    else if (!f) what = 'not touched';
    else what = `${f.delta}${f.invariant && (f.delta === 'introduces' || f.delta === 'pre-existing' || f.delta === 'fixes') ? ` ${f.invariant}` : ''}`;
    return { id: p.id, version: p.report.version, label, text: `${label}: ${what}` };
  });
}
