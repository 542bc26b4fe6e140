/**
 * A public-inbox archive read with simple-git: every commit holds one message as the blob `m`
 * (a commit without `m` deleted one and is skipped). v1 archives are one git repository; v2
 * archives keep epochs in git/0.git, git/1.git, ... which are read in order. The last commit
 * read is remembered per repository, so each run reads only what is new.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';

export interface InboxMessage {
  readonly commit: string;
  readonly raw: Buffer;
}

/** The git repositories of an archive, oldest epoch first. */
export function inboxRepos(path: string): string[] {
  const p = resolve(path);
  const epochs = join(p, 'git');
  if (existsSync(epochs) && statSync(epochs).isDirectory()) {
    const list = readdirSync(epochs)
      .filter((d) => /^\d+\.git$/.test(d))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
      .map((d) => join(epochs, d));
    if (list.length) return list;
  }
  return [p];
}

/** Whether `path` looks like a public-inbox archive (a git repository, bare or not, or a v2 inbox). */
export function isPublicInbox(path: string): boolean {
  const p = resolve(path);
  if (!existsSync(p) || !statSync(p).isDirectory()) return false;
  if (existsSync(join(p, '.git'))) return true;
  if (existsSync(join(p, 'HEAD')) && existsSync(join(p, 'objects'))) return true;
  return existsSync(join(p, 'git', '0.git'));
}

/** Commits after `since` (all when null or unknown), oldest first. */
export async function newCommits(repo: string, since: string | null): Promise<string[]> {
  const git = simpleGit(repo);
  let head: string;
  try {
    head = (await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
  } catch {
    return []; // an empty repository
  }
  if (!head || head === since) return [];
  let range = ['HEAD'];
  if (since) {
    try {
      await git.raw(['cat-file', '-e', `${since}^{commit}`]);
      range = [`${since}..HEAD`];
    } catch {
      range = ['HEAD']; // history rewritten or the commit is gone: read all, duplicates are dropped later
    }
  }
  const out = await git.raw(['rev-list', '--reverse', ...range]);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** The message of a commit, or null when the commit has no `m` (a deletion). */
export async function messageAt(repo: string, commit: string): Promise<Buffer | null> {
  const git = simpleGit(repo);
  try {
    const b = (await git.binaryCatFile(['blob', `${commit}:m`])) as Buffer | string;
    return Buffer.isBuffer(b) ? b : Buffer.from(b, 'binary');
  } catch {
    return null;
  }
}

/**
 * Reads an archive incrementally: for each repository, the messages of the commits after its
 * cursor; `onMessage` runs for each in order and the cursor advances after it.
 */
export async function readPublicInbox(
  path: string,
  cursor: { get(repo: string): Promise<string | null>; set(repo: string, commit: string): Promise<void> },
  onMessage: (m: InboxMessage, repo: string) => Promise<void>,
): Promise<{ commits: number; messages: number }> {
  let commits = 0;
  let messages = 0;
  for (const repo of inboxRepos(path)) {
    const list = await newCommits(repo, await cursor.get(repo));
    for (const c of list) {
      commits++;
      const raw = await messageAt(repo, c);
      if (raw) {
        await onMessage({ commit: c, raw }, repo);
        messages++;
      }
      await cursor.set(repo, c);
    }
  }
  return { commits, messages };
}
