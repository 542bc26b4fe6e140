/**
 * The bases of the mails of one `racebot check` run (or one job), by Message-Id. The tree is
 * opened once; a tree that cannot be opened gives every mail the same stated `reference` base.
 * A series is resolved patch after patch, as `git am` applies it: a later patch's index lines
 * name the post-images of the earlier ones, which exist only in memory; and a patch without a
 * base-commit trailer takes its series' (b4 puts it in the cover letter).
 */
import { groupSeries } from '../mail/series.js';
import type { PatchMail } from '../mail/types.js';
import { gitBlobId, KernelTree, type KernelTreeOptions } from './kernel-tree.js';
import { referenceBase, resolveBase, type ResolveOptions } from './resolve.js';
import { TreeError, type ResolvedBase } from './types.js';

export async function resolveBases(path: string, mails: readonly PatchMail[], opts: ResolveOptions & KernelTreeOptions = {}): Promise<Map<string, ResolvedBase>> {
  const out = new Map<string, ResolvedBase>();
  let tree: KernelTree;
  try {
    tree = await KernelTree.open(path, opts);
  } catch (e) {
    if (!(e instanceof TreeError)) throw e;
    const failed = referenceBase(e.code, `reference code (${e.message})`);
    for (const m of mails) out.set(m.messageId, failed);
    return out;
  }
  // Series patches in their order, then every other mail in the order given.
  const ordered: { mail: PatchMail; baseCommit: string | null }[] = [];
  for (const s of groupSeries(mails)) {
    const seriesBase = s.cover?.baseCommit ?? s.patches.find((p) => p.baseCommit)?.baseCommit ?? null;
    for (const p of s.patches) ordered.push({ mail: p, baseCommit: p.baseCommit ?? seriesBase });
  }
  for (const m of mails) ordered.push({ mail: m, baseCommit: m.baseCommit });
  const known = new Map<string, string>(opts.known ?? []);
  for (const { mail, baseCommit } of ordered) {
    if (out.has(mail.messageId)) continue;
    const base = await resolveBase(tree, { diff: mail.diff, date: mail.date, baseCommit }, { ...opts, known });
    out.set(mail.messageId, base);
    for (const f of base.files) known.set(gitBlobId(f.post), f.post);
  }
  return out;
}
