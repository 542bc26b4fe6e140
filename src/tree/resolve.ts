/**
 * The pre-image of a patch, found in the patch's own tree as `git am -3` and b4 find it:
 *  (a) the pre-image blobs named on the diff's `index` lines;
 *  (b) the commit of the `base-commit:` trailer;
 *  (c) the newest release tag dated before the mail's Date on which every hunk applies;
 *  (d) else the scenario's hand-written reference code (a `reference` result, with the reason).
 * The patch is then applied in memory to give each file's post-image. Never throws: every
 * problem ends in a result whose `code` and `tried` say what happened.
 */
import type { DiffFile } from '../diff/types.js';
import type { PatchMail } from '../mail/types.js';
import { applyFileHunks } from './apply.js';
import { loadFunctionParser } from './functions.js';
import { KernelTree, type KernelTreeOptions } from './kernel-tree.js';
import { TreeError, type BaseAttempt, type BaseFile, type BaseHow, type ResolvedBase, type TreeProblemCode } from './types.js';

/** What resolution needs of a mail (a bare diff has no Date and no base-commit). */
export type BaseInput = Pick<PatchMail, 'diff' | 'baseCommit' | 'date'>;

export interface ResolveOptions {
  /** Release tags tried at most, newest first (default 12): each costs a read of every file. */
  readonly maxTags?: number;
  /**
   * Texts that exist only in memory, by blob id: the post-images of the earlier patches of a
   * series, which the later patches' index lines name.
   */
  readonly known?: ReadonlyMap<string, string>;
  /**
   * The files to read and apply (default: every text file the patch changes). A caller that
   * models only some files (mm/, kernel/events/) need not read a treewide patch's others.
   */
  readonly only?: (path: string) => boolean;
}

type Found = { ok: true; files: BaseFile[] } | { ok: false; code: TreeProblemCode; detail: string };
type Reader = (path: string) => Promise<string | null>;

const ZERO_ID = /^0+$/;
const short = (id: string) => id.slice(0, 12);

/** The files a base is read for: text files with hunks, and renames (their text moves). */
function patchFiles(diff: readonly DiffFile[]): DiffFile[] {
  return diff.filter((f) => !f.binary && (f.hunks.length > 0 || f.status === 'renamed' || f.status === 'copied'));
}

/** Applies the patch to the pre-images `read` returns. */
async function applyAll(files: readonly DiffFile[], read: Reader): Promise<Found> {
  const out: BaseFile[] = [];
  // A file the patch changes twice (two diffs of one path) is changed the second time in memory.
  const current = new Map<string, string>();
  for (const f of files) {
    let pre: string | null;
    try {
      const again = current.get(f.oldPath ?? f.path);
      if (again !== undefined && f.status !== 'added') pre = again;
      else if (f.status === 'added') {
        // A created file must not exist yet (git apply refuses to overwrite it).
        if ((await read(f.path)) !== null) return { ok: false, code: 'does-not-apply', detail: `${f.path} is created by the patch but already exists` };
        pre = '';
      } else {
        pre = await read(f.oldPath ?? f.path);
        if (pre === null) return { ok: false, code: 'file-missing', detail: `${f.oldPath ?? f.path} is not there` };
      }
    } catch (e) {
      if (e instanceof TreeError) return { ok: false, code: e.code, detail: e.message };
      throw e;
    }
    const r = applyFileHunks(pre, f);
    if (!r.ok) return { ok: false, code: 'does-not-apply', detail: r.reason };
    current.set(f.path, r.post);
    out.push({ path: f.path, oldPath: f.oldPath, pre, post: r.post, changedPre: r.changedPre, changedPost: r.changedPost, hunks: r.hunks, functions: null });
  }
  return { ok: true, files: await withFunctions(out) };
}

const C_FILE = /\.[ch]$/;

/** The changed functions of the C files, so that a synchronous check can lift them. */
async function withFunctions(files: BaseFile[]): Promise<BaseFile[]> {
  if (!files.some((f) => C_FILE.test(f.path))) return files;
  let fp;
  try {
    fp = await loadFunctionParser();
  } catch {
    return files; // `functions: null`: the caller's own loadFunctionParser() will say why
  }
  return files.map((f) => {
    if (!C_FILE.test(f.path)) return f;
    try {
      return { ...f, functions: fp.changed(f.pre, f.post, f.changedPre, f.changedPost) };
    } catch {
      return f; // the parser failing on one text leaves `functions: null`, not the base unfound
    }
  });
}

/** The one key of `known` that the short id `id` abbreviates, or null. */
function knownId(known: ReadonlyMap<string, string> | undefined, id: string): string | null {
  if (!known) return null;
  const low = id.toLowerCase();
  const hits = [...known.keys()].filter((k) => k.startsWith(low));
  return hits.length === 1 ? hits[0] : null;
}

async function byBlobs(tree: KernelTree, files: readonly DiffFile[], known: ReadonlyMap<string, string> | undefined): Promise<{ found: Found; rev: string | null; inMemory: boolean }> {
  const ids = new Map<string, string>();
  const unknown: string[] = [];
  let inMemory = false;
  const seen = new Set<string>();
  for (const f of files) {
    const path = f.oldPath ?? f.path;
    const again = seen.has(path);
    seen.add(f.path);
    if (f.status === 'added' || again) continue; // an earlier diff of the patch made its pre-image
    if (!f.oldHash) return { found: { ok: false, code: 'no-index-line', detail: `${path} has no index line` }, rev: null, inMemory };
    if (ZERO_ID.test(f.oldHash)) continue;
    const id = (await tree.blob(f.oldHash)) ?? knownId(known, f.oldHash);
    if (id) ids.set(path, id);
    else unknown.push(`${f.oldHash} (${path})`);
    if (id && known?.has(id)) inMemory = true;
  }
  if (unknown.length) return { found: { ok: false, code: 'blob-unknown', detail: `pre-image blob ${unknown.join(', ')} not in the tree` }, rev: null, inMemory };
  if (ids.size === 0) return { found: { ok: false, code: 'no-index-line', detail: 'no pre-image blob to look up (only created files)' }, rev: null, inMemory };
  const found = await applyAll(files, async (p) => {
    const id = ids.get(p);
    if (!id) return null;
    return known?.get(id) ?? tree.readBlob(id);
  });
  return { found, rev: ids.values().next().value ?? null, inMemory };
}

/**
 * The release a pre-image blob is the file of: the newest release tag before the Date whose
 * `path` is exactly that blob (one ls-tree per tag). Null when none is: the patch is then against
 * some commit between releases, and no release is claimed for it.
 */
async function releaseOfBlob(tree: KernelTree, path: string, blob: string, date: string | null, maxTags: number): Promise<string | null> {
  const when = date ? Date.parse(date) / 1000 : NaN;
  try {
    const tags = (await tree.releaseTags()).filter((t) => Number.isNaN(when) || t.date < when).slice(0, maxTags);
    for (const t of tags) {
      const e = await tree.entry(t.commit, path);
      if (e?.id === blob) return t.name;
    }
  } catch {
    // the base is found; only its release is not known
  }
  return null;
}

function referenceDetail(tried: readonly BaseAttempt[]): { code: TreeProblemCode; detail: string } {
  const has = (...codes: TreeProblemCode[]) => tried.some((t) => codes.includes(t.code));
  const code: TreeProblemCode = has('does-not-apply', 'file-missing')
    ? 'no-base-applies'
    : has('file-too-large')
      ? 'file-too-large'
      : has('git-failed')
        ? 'git-failed'
        : 'unknown-to-tree';
  const tags = tried.filter((t) => t.how === 'tag' && t.rev);
  const parts = tried.filter((t) => t.how !== 'tag' || !t.rev).map((t) => t.detail);
  if (tags.length) parts.push(`the hunks apply to none of ${tags.map((t) => t.rev).join(', ')} (${tags[0].detail})`);
  const why = code === 'no-base-applies' ? 'the patch applies to no candidate base in the tree' : code === 'unknown-to-tree' ? 'the tree has none of the bases the patch names' : parts[0] ?? code;
  return { code, detail: `reference code (${why}: ${parts.join('; ')})` };
}

function result(how: BaseHow, rev: string | null, commit: string | null, release: string | null, detail: string, files: BaseFile[], tried: BaseAttempt[]): ResolvedBase {
  return { how, rev, commit, release, detail, code: null, files, tried };
}

/** A `reference` result: the caller falls back to the scenario's hand-written code. */
export function referenceBase(code: TreeProblemCode, detail: string, tried: readonly BaseAttempt[] = []): ResolvedBase {
  return { how: 'reference', rev: null, commit: null, release: null, detail, code, files: [], tried };
}

export async function resolveBase(tree: KernelTree, mail: BaseInput, opts: ResolveOptions = {}): Promise<ResolvedBase> {
  const files = patchFiles(mail.diff).filter((f) => !opts.only || opts.only(f.path) || (f.oldPath !== null && opts.only(f.oldPath)));
  if (files.length === 0) return referenceBase('no-diff', `reference code (the patch changes no ${opts.only ? 'file of interest' : 'text file'})`);
  const tried: BaseAttempt[] = [];
  let stage: Exclude<BaseHow, 'reference'> = 'blob';
  try {
    // (a) The blobs on the index lines: the exact pre-image, wherever it is in history.
    const blobs = await byBlobs(tree, files, opts.known);
    if (blobs.found.ok) {
      const first = files.find((f) => f.status !== 'added')!;
      const more = files.filter((f) => f.status !== 'added').length - 1;
      const where = blobs.inMemory ? 'index line: the earlier patches of the series applied' : 'index line';
      const release = blobs.inMemory ? null : await releaseOfBlob(tree, first.oldPath ?? first.path, blobs.rev!, mail.date, opts.maxTags ?? 12);
      return result('blob', blobs.rev, null, release, `blob ${short(blobs.rev!)} of ${first.oldPath ?? first.path}${more > 0 ? ` and ${more} more file(s)` : ''} (${where}${release ? `, as in ${release}` : ''}, hunks apply)`, blobs.found.files, tried);
    }
    tried.push({ how: 'blob', rev: null, code: blobs.found.code, detail: blobs.found.detail });

    // (b) The base-commit trailer.
    stage = 'base-commit';
    const bc = mail.baseCommit?.trim() ?? '';
    if (!bc) tried.push({ how: 'base-commit', rev: null, code: 'no-base-commit', detail: 'no base-commit trailer' });
    else if (!/^[0-9a-f]{7,64}$/i.test(bc)) tried.push({ how: 'base-commit', rev: bc, code: 'base-commit-invalid', detail: `base-commit ${bc} is not a commit id` });
    else {
      const commit = await tree.commit(bc);
      if (!commit) tried.push({ how: 'base-commit', rev: bc, code: 'base-commit-unknown', detail: `base-commit ${short(bc)} not in the tree` });
      else {
        const found = await applyAll(files, (p) => tree.readFile(commit, p));
        if (found.ok) {
          const release = await tree.releaseBefore(commit);
          return result('base-commit', commit, commit, release, `${short(commit)} (base-commit trailer${release ? `, at or after ${release}` : ''}, hunks apply)`, found.files, tried);
        }
        tried.push({ how: 'base-commit', rev: commit, code: found.code, detail: `base-commit ${short(commit)}: ${found.detail}` });
      }
    }

    // (c) The newest release tag before the Date on which the hunks apply.
    stage = 'tag';
    const when = mail.date ? Date.parse(mail.date) / 1000 : NaN;
    const all = await tree.releaseTags();
    const before = Number.isNaN(when) ? all : all.filter((t) => t.date < when);
    if (all.length === 0) tried.push({ how: 'tag', rev: null, code: 'no-release-tags', detail: 'no release tags in the tree' });
    else if (before.length === 0) tried.push({ how: 'tag', rev: null, code: 'no-tag-before-date', detail: `no release tag before ${mail.date}` });
    const skipped: string[] = [];
    for (const tag of before.slice(0, opts.maxTags ?? 12)) {
      const found = await applyAll(files, (p) => tree.readFile(tag.commit, p));
      if (found.ok) {
        const why = Number.isNaN(when) ? 'newest tag; the mail has no Date' : "tag before the mail's Date";
        const skip = skipped.length ? `; ${skipped.join(', ')} skipped: the hunks do not apply` : '';
        return result('tag', tag.name, tag.commit, tag.name, `${tag.name} (${why}, hunks apply${skip})`, found.files, tried);
      }
      skipped.push(tag.name);
      tried.push({ how: 'tag', rev: tag.name, code: found.code, detail: found.detail });
    }
  } catch (e) {
    // git failing under us (a corrupt repository, a clone being rewritten) is an outcome too.
    const code = e instanceof TreeError ? e.code : 'git-failed';
    tried.push({ how: stage, rev: null, code, detail: e instanceof Error ? e.message : String(e) });
  }
  // (d) The scenario's reference code.
  const r = referenceDetail(tried);
  return referenceBase(r.code, r.detail, tried);
}

/**
 * `resolveBase` on the clone at `path` (null: no tree given). A path that is not a git
 * repository is a stated `reference` result too, not an error.
 */
export async function resolveBaseAt(path: string | null, mail: BaseInput, opts: ResolveOptions & KernelTreeOptions = {}): Promise<ResolvedBase> {
  if (!path) return referenceBase('no-tree', 'reference code (no kernel tree given)');
  let tree: KernelTree;
  try {
    tree = await KernelTree.open(path, opts);
  } catch (e) {
    if (e instanceof TreeError) return referenceBase(e.code, `reference code (${e.message})`);
    throw e;
  }
  return resolveBase(tree, mail, opts);
}
