/**
 * Grouping patch mails into series, and series into versions.
 *
 * - A series is a cover letter (`0/N`) and the patches that reply to it (directly or along a
 *   `--chain-reply-to` chain), or, when the cover is absent, the patches that share the same
 *   thread root, sender, version and total. Unthreaded patches are grouped by sender, version
 *   and total when their dates are close.
 * - Versions are linked when the sender is the same and a normalized subject is shared (the
 *   cover's subject, or a patch's subject), so v7 and v8 of one patch are one family.
 * - Replies (`Re:`, or mails quoting a diff) are review: they are attached to the series whose
 *   thread they belong to and never returned as patches.
 */

import { hasPrefix, subjectKey } from './subject.js';
import type { MailKind, PatchMail, Series } from './types.js';

/** Close dates for unthreaded patches of one series (12 hours). */
const UNTHREADED_WINDOW_MS = 12 * 3600 * 1000;

/** Classifies a mail: patch, cover letter, review (reply) or other. */
export function mailKind(m: PatchMail): MailKind {
  if (m.isReply) return 'review';
  const tagged = hasPrefix(m.tags, 'PATCH') || hasPrefix(m.tags, 'RFC') || m.tags.index !== null;
  if (m.quotesDiff && (m.diff.length === 0 || !tagged)) return 'review';
  if (m.tags.isCover) return 'cover';
  if (m.diff.length > 0) return 'patch';
  if (tagged && m.tags.prefixes.some((p) => /patch/i.test(p))) return 'patch';
  return 'other';
}

function senderKey(m: PatchMail): string {
  return (m.from.address || m.from.name).toLowerCase();
}

function compatible(a: PatchMail, b: PatchMail): boolean {
  return (
    senderKey(a) === senderKey(b) &&
    a.tags.version === b.tags.version &&
    (a.tags.total === null || b.tags.total === null || a.tags.total === b.tags.total)
  );
}

function time(m: PatchMail): number {
  return m.date ? Date.parse(m.date) : Number.NaN;
}

function byDate(a: PatchMail, b: PatchMail): number {
  const ta = time(a);
  const tb = time(b);
  if (Number.isNaN(ta) && Number.isNaN(tb)) return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
  if (Number.isNaN(ta)) return 1;
  if (Number.isNaN(tb)) return -1;
  return ta - tb || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}

function parents(m: PatchMail): string[] {
  const out: string[] = [];
  if (m.inReplyTo) out.push(m.inReplyTo);
  for (let i = m.references.length - 1; i >= 0; i--) {
    const r = m.references[i];
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

interface Group {
  key: string;
  virtualRoot: string | null;
  members: PatchMail[];
}

/** Splits mails into series. Reviews are attached to the series of their thread. */
export function groupSeries(mails: readonly PatchMail[]): Series[] {
  // Deduplicate by Message-ID (first occurrence wins).
  const byId = new Map<string, PatchMail>();
  const unique: PatchMail[] = [];
  for (const m of mails) {
    if (byId.has(m.messageId)) continue;
    byId.set(m.messageId, m);
    unique.push(m);
  }
  const kind = new Map<PatchMail, MailKind>();
  for (const m of unique) kind.set(m, mailKind(m));
  const isSeriesMail = (m: PatchMail) => {
    const k = kind.get(m);
    return k === 'patch' || k === 'cover';
  };

  // 1. Anchor every patch and cover.
  const anchors = new Map<PatchMail, string>();
  const virtualRoots = new Map<string, string>();
  const unthreaded: PatchMail[] = [];
  const visiting = new Set<PatchMail>();
  const anchorOf = (m: PatchMail): string | null => {
    const known = anchors.get(m);
    if (known !== undefined) return known;
    if (visiting.has(m)) return null;
    visiting.add(m);
    let a: string | null = null;
    if (kind.get(m) === 'cover') {
      a = 'id:' + m.messageId;
    } else if (m.tags.total === null) {
      a = 'id:' + m.messageId;
    } else {
      const ps = parents(m);
      for (const c of ps) {
        const p = byId.get(c);
        if (p && isSeriesMail(p) && compatible(p, m) && (p.tags.total !== null || kind.get(p) === 'cover')) {
          a = anchorOf(p);
          if (a !== null) break;
        }
      }
      if (a === null && ps.length > 0) {
        const root = m.references.length > 0 ? m.references[0] : ps[0];
        a = `virtual:${root}|v${m.tags.version}|t${m.tags.total}|${senderKey(m)}`;
        virtualRoots.set(a, root);
      }
    }
    visiting.delete(m);
    if (a !== null) anchors.set(m, a);
    return a;
  };
  for (const m of unique) {
    if (!isSeriesMail(m)) continue;
    const a = anchorOf(m);
    if (a === null) unthreaded.push(m);
  }
  // Covers without threading can collect unthreaded patches too.
  const unthreadedCovers = unique.filter((m) => kind.get(m) === 'cover' && parents(m).length === 0);

  // 2. Unthreaded numbered patches: cluster by sender/version/total and close dates.
  const buckets = new Map<string, PatchMail[]>();
  for (const m of [...unthreaded, ...unthreadedCovers]) {
    const k = `${senderKey(m)}|v${m.tags.version}|t${m.tags.total}`;
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = []));
    b.push(m);
  }
  for (const [k, list] of buckets) {
    list.sort(byDate);
    let cluster: PatchMail[] = [];
    const flush = () => {
      if (cluster.length === 0) return;
      const cover = cluster.find((m) => kind.get(m) === 'cover');
      const a = cover ? 'id:' + cover.messageId : `unthreaded:${k}|${cluster[0].messageId}`;
      for (const m of cluster) anchors.set(m, a);
      cluster = [];
    };
    for (const m of list) {
      const prev = cluster[cluster.length - 1];
      const gap = prev ? time(m) - time(prev) : 0;
      const repeated = cluster.some((c) => c.tags.index === m.tags.index);
      if (prev && (repeated || !(gap <= UNTHREADED_WINDOW_MS))) flush();
      cluster.push(m);
    }
    flush();
  }

  // 3. Build the series.
  const groups = new Map<string, Group>();
  for (const m of unique) {
    const a = anchors.get(m);
    if (a === undefined) continue;
    let g = groups.get(a);
    if (!g) groups.set(a, (g = { key: a, virtualRoot: virtualRoots.get(a) ?? null, members: [] }));
    g.members.push(m);
  }
  const series: Series[] = [];
  const seriesOfMail = new Map<string, Series>();
  for (const g of groups.values()) {
    g.members.sort(byDate);
    const covers = g.members.filter((m) => kind.get(m) === 'cover');
    const cover = covers[0] ?? null;
    const patches = g.members
      .filter((m) => kind.get(m) !== 'cover')
      .sort((x, y) => (x.tags.index ?? 0) - (y.tags.index ?? 0) || byDate(x, y));
    const head = cover ?? patches[0];
    const totals = g.members.map((m) => m.tags.total).filter((t): t is number => t !== null);
    const total = totals.length > 0 ? Math.max(...totals) : null;
    const present = new Set(patches.map((p) => p.tags.index ?? 1));
    const missing: number[] = [];
    if (total !== null) for (let i = 1; i <= total; i++) if (!present.has(i)) missing.push(i);
    const dates = g.members.map((m) => m.date).filter((d): d is string => d !== null).sort();
    const s: Series = {
      id: cover ? cover.messageId : (g.virtualRoot ?? head.messageId),
      coverId: cover ? cover.messageId : g.virtualRoot,
      subject: head.normalizedSubject,
      sender: head.from,
      version: head.tags.version,
      total,
      cover,
      patches,
      missing,
      reviews: [],
      date: dates[0] ?? null,
      family: '',
      previousVersion: null,
      nextVersion: null,
    };
    // Two series can share a virtual root (e.g. v1 and v2 replying to one thread).
    if (series.some((o) => o.id === s.id)) s.id = `${s.id}#v${s.version}`;
    series.push(s);
    for (const m of g.members) seriesOfMail.set(m.messageId, s);
    if (g.virtualRoot !== null && !seriesOfMail.has(g.virtualRoot)) seriesOfMail.set(g.virtualRoot, s);
  }

  // 4. Attach reviews to the series of their thread.
  for (const m of unique) {
    if (kind.get(m) !== 'review') continue;
    const seen = new Set<string>();
    const queue = parents(m);
    while (queue.length > 0) {
      const c = queue.shift() as string;
      if (seen.has(c)) continue;
      seen.add(c);
      const s = seriesOfMail.get(c);
      if (s) {
        s.reviews.push(m);
        break;
      }
      const p = byId.get(c);
      if (p) queue.push(...parents(p));
    }
  }
  for (const s of series) s.reviews.sort(byDate);

  // 5. Link versions: same sender and a shared normalized subject.
  const parent = series.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const keyOwner = new Map<string, number>();
  series.forEach((s, i) => {
    const sender = (s.sender.address || s.sender.name).toLowerCase();
    const subjects = new Set<string>();
    if (s.cover) subjects.add(subjectKey(s.cover.normalizedSubject));
    for (const p of s.patches) subjects.add(subjectKey(p.normalizedSubject));
    for (const subj of subjects) {
      if (subj === '') continue;
      const k = sender + '\u0000' + subj;
      const owner = keyOwner.get(k);
      if (owner === undefined) keyOwner.set(k, i);
      else parent[find(i)] = find(owner);
    }
  });
  const families = new Map<number, Series[]>();
  series.forEach((s, i) => {
    const r = find(i);
    let f = families.get(r);
    if (!f) families.set(r, (f = []));
    f.push(s);
  });
  for (const fam of families.values()) {
    fam.sort((a, b) => a.version - b.version || (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') || a.id.localeCompare(b.id));
    for (let i = 0; i < fam.length; i++) {
      fam[i].family = fam[0].id;
      fam[i].previousVersion = i > 0 ? fam[i - 1].id : null;
      fam[i].nextVersion = i + 1 < fam.length ? fam[i + 1].id : null;
    }
  }

  series.sort((a, b) => (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') || a.id.localeCompare(b.id));
  return series;
}

/** Splits mails by kind, keeping input order. */
export function partitionMails(mails: readonly PatchMail[]): Record<MailKind, PatchMail[]> {
  const out: Record<MailKind, PatchMail[]> = { patch: [], cover: [], review: [], other: [] };
  for (const m of mails) out[mailKind(m)].push(m);
  return out;
}
