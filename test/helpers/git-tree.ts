/**
 * Small kernel-shaped git trees built by the tests themselves, and patches against them with
 * real or made-up `index` lines.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { structuredPatch } from 'diff';

export interface TestRepo {
  readonly dir: string;
  git(args: string[], date?: string): string;
  /** Writes the files and commits them all with the given date; returns the commit id. */
  commit(files: Record<string, string | null>, message: string, date: string): string;
  /** An annotated tag dated `date`. */
  tag(name: string, date: string): void;
  head(): string;
  remove(): void;
}

export function makeRepo(prefix = 'racebot-tree-', opts: { bare?: boolean } = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (args: string[], date?: string) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=master', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    });
  git(opts.bare ? ['init', '--quiet', '--bare'] : ['init', '--quiet']);
  return {
    dir,
    git,
    commit(files, message, date) {
      for (const [path, text] of Object.entries(files)) {
        const p = join(dir, path);
        if (text === null) {
          git(['rm', '--quiet', path]);
          continue;
        }
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, text);
        git(['add', path]);
      }
      git(['commit', '--quiet', '-m', message], date);
      return git(['rev-parse', 'HEAD']).trim();
    },
    tag(name, date) {
      git(['tag', '-a', name, '-m', `Linux ${name}`], date);
    },
    head: () => git(['rev-parse', 'HEAD']).trim(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The id git gives a blob with this content. */
export function blobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export interface FileChange {
  readonly path: string;
  readonly pre: string;
  readonly post: string;
  /** The `index` line: the real blob ids (default), made-up ones, or none (a plain diff). */
  readonly index?: 'real' | 'unknown' | 'none';
}

/** A git-style diff of the changes, three lines of context. */
export function gitDiff(changes: readonly FileChange[]): string {
  let out = '';
  for (const c of changes) {
    const p = structuredPatch(`a/${c.path}`, `b/${c.path}`, c.pre, c.post, undefined, undefined, { context: 3 });
    out += `diff --git a/${c.path} b/${c.path}\n`;
    const index = c.index ?? 'real';
    if (index === 'real') out += `index ${blobId(c.pre).slice(0, 12)}..${blobId(c.post).slice(0, 12)} 100644\n`;
    else if (index === 'unknown') out += `index ${blobId('unknown ' + c.pre).slice(0, 12)}..${blobId('unknown ' + c.post).slice(0, 12)} 100644\n`;
    out += `--- a/${c.path}\n+++ b/${c.path}\n`;
    for (const h of p.hunks) {
      out += `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n`;
      for (const l of h.lines) out += l + '\n';
    }
  }
  return out;
}

/** A patch mail as git send-email writes it, with a Date and an optional base-commit trailer. */
export function patchMail(opts: { subject: string; date: string; diff: string; baseCommit?: string; messageId?: string; prefix?: string; inReplyTo?: string }): string {
  return [
    'From: Dev Eloper <dev@example.org>',
    'To: linux-mm@kvack.org',
    `Subject: [${opts.prefix ?? 'PATCH'}] ${opts.subject}`,
    `Date: ${opts.date}`,
    `Message-ID: <${opts.messageId ?? `${blobId(opts.diff).slice(0, 16)}@example.org`}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`, `References: <${opts.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    `${opts.subject}.`,
    '',
    'Signed-off-by: Dev Eloper <dev@example.org>',
    '---',
    opts.diff.replace(/\n+$/, ''),
    ...(opts.baseCommit ? ['', `base-commit: ${opts.baseCommit}`] : []),
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}
