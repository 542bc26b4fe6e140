/**
 * Hunk headers whose function name the diff tool cut: GNU diff -p (quilt, older mails) shows at
 * most 40 characters of the function's line and git at most 80, so a long return type leaves a
 * name cut mid-word (`static __always_inline ssize_t __mcopy_a`). Such a name is completed when it
 * begins exactly one modelled function of that file (under any name it has had); the reading is
 * reported. Pure.
 */
import type { DiffFile } from '../diff/types.js';
import type { ModelledFunction } from '../scenarios/scenario.js';
import { namesOf } from '../mm/vocabulary.js';

/** The lengths at which the diff tools cut a hunk header's function line. */
const CUT_AT = [40, 80];

/** The identifier a cut header ends in (no `(` after it), or null when the header is whole. */
export function cutName(functionName: string | null): string | null {
  if (!functionName || !CUT_AT.includes(functionName.length) || functionName.includes('(')) return null;
  const m = /(?:^|[\s*])([A-Za-z_]\w*)$/.exec(functionName);
  return m ? m[1] : null;
}

/** `files` with each cut function name completed where one modelled function of the file begins with it. */
export function completeCutNames(files: readonly DiffFile[], functions: readonly ModelledFunction[]): { files: DiffFile[]; notes: string[] } {
  const notes: string[] = [];
  const out = files.map((f) => {
    let changed = false;
    const hunks = f.hunks.map((h) => {
      const cut = cutName(h.functionName);
      if (!cut) return h;
      const matches = new Set(
        functions
          .filter((fn) => fn.file === f.path)
          .flatMap((fn) => namesOf(fn.name).map((n) => n.name))
          .filter((n) => n.startsWith(cut)),
      );
      if (matches.size !== 1) return h;
      const [name] = [...matches];
      changed = true;
      notes.push(`${f.path} ${h.header.replace(/ @@.*$/, ' @@')}: the header's function name is cut at ${h.functionName!.length} characters (\`${cut}\`); read as ${name}(), the one modelled function of the file it begins`);
      return { ...h, functionName: `${h.functionName!.slice(0, h.functionName!.length - cut.length)}${name}(` };
    });
    return changed ? { ...f, hunks } : f;
  });
  return { files: out, notes };
}
