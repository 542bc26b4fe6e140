/**
 * A kernel git clone, read only. Every read names one object or one path (`git cat-file`,
 * `git rev-parse`, `git ls-tree -- <path>`, `git for-each-ref`): nothing checks out, stashes, applies or touches the index, and nothing
 * walks the tree, so a clone of any size costs only the files a patch names.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { TreeError } from './types.js';

/** A release tag: `vX.Y` or `vX.Y-rcN`. */
export interface ReleaseTag {
  readonly name: string;
  /** Tagger date of an annotated tag, else the commit's committer date (Unix seconds). */
  readonly date: number;
  /** The commit the tag points to. */
  readonly commit: string;
  readonly major: number;
  readonly minor: number;
  /** The rc number; null for a release. */
  readonly rc: number | null;
}

const RELEASE_TAG = /^v(\d+)\.(\d+)(?:-rc(\d+))?$/;
const HEX = /^[0-9a-f]{4,64}$/i;

export interface KernelTreeOptions {
  /** Files larger than this are not read (`file-too-large`). Default 8 MiB. */
  readonly maxFileBytes?: number;
}

export class KernelTree {
  /** The objects read whole, as `rev:path` or a blob id, the last 1,000: what resolution cost. */
  readonly reads: string[] = [];
  readonly maxFileBytes: number;

  private constructor(
    readonly path: string,
    private readonly git: SimpleGit,
    opts: KernelTreeOptions,
  ) {
    this.maxFileBytes = opts.maxFileBytes ?? 8 * 1024 * 1024;
  }

  /**
   * Opens the clone at `path`: the top of a work tree or a bare repository. A directory inside
   * some other repository is refused rather than silently reading the enclosing one.
   */
  static async open(path: string, opts: KernelTreeOptions = {}): Promise<KernelTree> {
    const abs = resolve(path);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new TreeError('not-a-git-repo', `${path}: no such directory`);
    const real = realpathSync(abs);
    const git = simpleGit({ baseDir: real, trimmed: false });
    let gitDir: string;
    try {
      gitDir = (await git.raw(['rev-parse', '--absolute-git-dir'])).trim();
    } catch (e) {
      // git's own reason when it has one that is not the plain "not a git repository"
      // (e.g. a clone owned by another user, refused until it is a safe.directory).
      const why = firstLine((e as Error).message ?? '');
      throw new TreeError('not-a-git-repo', `${path}: not a git repository${/not a git repository/i.test(why) || !why ? '' : ` (${why})`}`);
    }
    // The path is a git directory (bare, or a clone's .git), or the top of a work tree.
    let here = gitDir;
    if (realpathSync(gitDir) !== real) {
      try {
        here = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
      } catch {
        here = '';
      }
    }
    if (!here || realpathSync(here) !== real) {
      throw new TreeError('not-a-git-repo', `${path}: not the top of a git repository${here ? ` (it is inside ${here})` : ''}`);
    }
    return new KernelTree(real, git, opts);
  }

  private async run(args: string[]): Promise<string> {
    try {
      return await this.git.raw(args);
    } catch (e) {
      throw new TreeError('git-failed', `git ${args.join(' ')}: ${firstLine((e as Error).message)}`);
    }
  }

  /** The full id of `rev` peeled to `type`, or null when the tree does not have it (or it is ambiguous). */
  async resolve(rev: string, type: 'commit' | 'blob'): Promise<string | null> {
    // Only ids and release tags are ever asked for: nothing that git could read as an option.
    if (!HEX.test(rev) && !RELEASE_TAG.test(rev)) return null;
    try {
      const out = await this.git.raw(['rev-parse', '--verify', '--quiet', `${rev}^{${type}}`]);
      const id = out.trim();
      return /^[0-9a-f]{40,64}$/.test(id) ? id : null;
    } catch {
      return null;
    }
  }

  /** The full id of a commit, or null. */
  commit(rev: string): Promise<string | null> {
    return this.resolve(rev, 'commit');
  }

  /** The full id of a blob named by a (short) id, or null. */
  blob(id: string): Promise<string | null> {
    return this.resolve(id, 'blob');
  }

  /** A blob's text by full id. Throws `file-too-large` above the limit. */
  async readBlob(id: string): Promise<string> {
    await this.checkSize(id, id);
    this.logRead(id);
    return this.run(['cat-file', 'blob', id]);
  }

  /** The blob id and size of `path` at commit `rev`, or null when the file is not there. */
  async entry(rev: string, path: string): Promise<{ id: string; size: number } | null> {
    if (!HEX.test(rev) && !RELEASE_TAG.test(rev)) return null;
    // ls-tree of one path reads only the directories on the way to it, never the whole tree.
    const out = await this.run(['ls-tree', '-l', '-z', rev, '--', path]);
    const m = /^\d+ (\w+) ([0-9a-f]+) +(\d+|-)\t/.exec(out);
    return m && m[1] === 'blob' ? { id: m[2], size: Number(m[3]) } : null;
  }

  /** The text of `path` at commit `rev`, or null when the file is not there. */
  async readFile(rev: string, path: string): Promise<string | null> {
    const m = await this.entry(rev, path);
    if (!m) return null;
    const spec = `${rev}:${path}`;
    const size = m.size;
    if (size > this.maxFileBytes) throw new TreeError('file-too-large', `${spec} is ${size} bytes, more than the ${this.maxFileBytes} read from a tree`);
    this.logRead(spec);
    return this.run(['cat-file', 'blob', m.id]);
  }

  private logRead(what: string): void {
    this.reads.push(what);
    if (this.reads.length > 1000) this.reads.splice(0, this.reads.length - 1000); // a long-lived worker's tree
  }

  private async checkSize(id: string, what: string): Promise<void> {
    const size = Number((await this.run(['cat-file', '-s', id])).trim());
    if (size > this.maxFileBytes) {
      throw new TreeError('file-too-large', `${what} is ${size} bytes, more than the ${this.maxFileBytes} read from a tree`);
    }
  }

  /** Release tags (`vX.Y`, `vX.Y-rcN`), newest first (by date, then by version). */
  async releaseTags(): Promise<ReleaseTag[]> {
    const fmt = '%(refname:strip=2)%00%(creatordate:unix)%00%(objectname)%00%(*objectname)%00%(objecttype)';
    const out = await this.run(['for-each-ref', `--format=${fmt}`, 'refs/tags/v*']);
    const tags: ReleaseTag[] = [];
    for (const line of out.split('\n')) {
      const [name, date, obj, peeled, type] = line.split('\0');
      const m = name ? RELEASE_TAG.exec(name) : null;
      if (!m) continue;
      // An annotated tag peels to its commit; a lightweight tag is the commit itself.
      const commit = type === 'tag' ? peeled : obj;
      if (!commit) continue;
      tags.push({ name, date: Number(date), commit, major: Number(m[1]), minor: Number(m[2]), rc: m[3] === undefined ? null : Number(m[3]) });
    }
    return tags.sort((a, b) => b.date - a.date || versionOrder(b, a));
  }

  /** The newest release tag reachable from `commit` (the release it is, or comes after), or null. */
  async releaseBefore(commit: string): Promise<string | null> {
    if (!HEX.test(commit)) return null;
    try {
      const tag = (await this.git.raw(['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', '--exclude', 'v*.*.*', commit])).trim();
      return RELEASE_TAG.test(tag) ? tag : null;
    } catch {
      return null; // no release tag in its history
    }
  }

  /** `git fetch` from `remote` (default: the clone's default remote), tags included. */
  async fetch(remote?: string): Promise<string> {
    return this.run(['fetch', '--quiet', '--tags', ...(remote ? [remote] : [])]);
  }
}

/** Orders release tags by version: v6.4-rc7 < v6.4 < v6.5-rc1. */
export function versionOrder(a: ReleaseTag, b: ReleaseTag): number {
  return a.major - b.major || a.minor - b.minor || (a.rc ?? Number.MAX_SAFE_INTEGER) - (b.rc ?? Number.MAX_SAFE_INTEGER);
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find(Boolean) ?? s;
}

/** The id git gives a blob with this text (a sha1 repository): for texts that exist only in memory. */
export function gitBlobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}
