/**
 * Renders parsed diff structures back to git-format unified diff text.
 * `parseUnifiedDiff(renderUnifiedDiff(files)).files` reproduces `files`.
 */

import { quotePath } from './paths.js';
import type { DiffFile, DiffHunk } from './types.js';

/** The `@@ -a,b +c,d @@ fn` header of a hunk, in git's layout (counts always written). */
export function formatHunkHeader(h: Pick<DiffHunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines' | 'functionName'>): string {
  return `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${h.functionName ? ' ' + h.functionName : ''}`;
}

function prefixed(prefix: string, p: string): string {
  const q = quotePath(p);
  return q.startsWith('"') ? `"${prefix}${q.slice(1)}` : prefix + p;
}

export function renderHunk(h: DiffHunk): string {
  let out = h.header + '\n';
  for (const l of h.lines) {
    out += (l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ') + l.text + '\n';
    if (l.noNewline) out += '\\ No newline at end of file\n';
  }
  return out;
}

export function renderDiffFile(f: DiffFile): string {
  const oldP = f.oldPath ?? f.newPath ?? f.path;
  const newP = f.newPath ?? f.oldPath ?? f.path;
  const minus = f.oldPath === null ? '/dev/null' : prefixed('a/', f.oldPath);
  const plus = f.newPath === null ? '/dev/null' : prefixed('b/', f.newPath);
  let out = '';
  if (f.git) {
    out += `diff --git ${prefixed('a/', oldP)} ${prefixed('b/', newP)}\n`;
    if (f.status === 'added') {
      if (f.newMode) out += `new file mode ${f.newMode}\n`;
    } else if (f.status === 'deleted') {
      if (f.oldMode) out += `deleted file mode ${f.oldMode}\n`;
    } else if (f.oldMode && f.newMode && f.oldMode !== f.newMode) {
      out += `old mode ${f.oldMode}\nnew mode ${f.newMode}\n`;
    }
    if (f.similarity !== null) out += `similarity index ${f.similarity}%\n`;
    if (f.status === 'renamed') out += `rename from ${quotePath(oldP)}\nrename to ${quotePath(newP)}\n`;
    if (f.status === 'copied') out += `copy from ${quotePath(oldP)}\ncopy to ${quotePath(newP)}\n`;
    if (f.oldHash && f.newHash) {
      const sameMode = f.status !== 'added' && f.status !== 'deleted' && f.oldMode !== null && f.oldMode === f.newMode;
      out += `index ${f.oldHash}..${f.newHash}${sameMode ? ' ' + f.oldMode : ''}\n`;
    }
  }
  if (f.binary) {
    out += `Binary files ${minus} and ${plus} differ\n`;
    return out;
  }
  if (f.hunks.length > 0 || !f.git) {
    out += `--- ${minus}\n+++ ${plus}\n`;
  }
  for (const h of f.hunks) out += renderHunk(h);
  return out;
}

export function renderUnifiedDiff(files: DiffFile[]): string {
  return files.map(renderDiffFile).join('');
}
