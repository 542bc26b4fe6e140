/**
 * Hunks whose header names no function (`@@ -1665,6 +1666,7 @@`: a diff made without `-p`, or
 * one git found no function line for): which modelled function they are in, read from their
 * own old-side lines. A hunk whose kept and deleted lines are statements one modelled function
 * of the file has (the C text of its model's steps and tests), and no other function of the
 * file has as many of, is that function's; the header is given its name, and the report says so.
 * Pure: diff and code in, diff out.
 */
import type { DiffFile, DiffHunk } from '../diff/types.js';
import type { Stmt } from '../model/code.js';
import type { Scenario } from '../scenarios/scenario.js';
import { functionNameOf, isDefinitionLine } from '../lift/cparse.js';
import { scenarioCodes } from '../lift/lexicon.js';

/** A line or a step's text as both are compared: whitespace folded, no trailing `;` or `{`. */
const norm = (t: string): string =>
  t
    .replace(/\/\*.*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[;{]\s*$/, '')
    .trim();

/** Lines shorter than this (`if (!page)`, `return 0`) say little about which function they are in. */
const MIN_LINE = 12;
/** The matched lines' total length a hunk needs to be read as in a function. */
const MIN_SCORE = 30;

/**
 * Whether a hunk's header names no function: none at all, or a goto label. (git takes the last
 * line before the hunk that starts with a letter, and a label at column 0, `retry:`, is one: the
 * hunk is in the function around the label.)
 */
export function namesNoFunction(h: Pick<DiffHunk, 'functionName'>): boolean {
  return !h.functionName || /^[A-Za-z_]\w*:(?!:)\s*(?:\/\*.*)?$/.test(h.functionName.trim());
}

/** Per file, per modelled function: the normalised C texts of its steps and tests, over every variant's code. */
export function modelledTexts(scenarios: readonly Scenario[]): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  const walk = (into: Set<string>, stmts: readonly Stmt[] | undefined) => {
    for (const s of stmts ?? []) {
      const t = norm(s.c ?? '');
      if (t.length >= MIN_LINE) into.add(t);
      walk(into, (s as { then?: readonly Stmt[] }).then);
      walk(into, (s as { else?: readonly Stmt[] }).else);
    }
  };
  for (const sc of scenarios) {
    const codes = scenarioCodes(sc);
    for (const f of sc.functions) {
      const byFn = out.get(f.file) ?? new Map<string, Set<string>>();
      const texts = byFn.get(f.name) ?? new Set<string>();
      for (const code of codes) walk(texts, code[f.name]);
      byFn.set(f.name, texts);
      out.set(f.file, byFn);
    }
  }
  return out;
}

export interface NamedHunks {
  readonly files: DiffFile[];
  /** What was read so, for the report: one entry a hunk. */
  readonly said: string[];
}

type Texts = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/**
 * `files` with each bare hunk that is plainly in one modelled function given its name. (`texts`
 * may be given as a function: it is then called only when some hunk is bare.)
 */
export function nameBareHunks(files: readonly DiffFile[], texts: Texts | (() => Texts)): NamedHunks {
  const said: string[] = [];
  if (!files.some((f) => f.hunks.some((h) => namesNoFunction(h)))) return { files: [...files], said };
  const all = typeof texts === 'function' ? texts() : texts;
  // A function whose definition only the new side has is in no hunk's old side: a hunk whose
  // lines it has is code the patch moves into it (2014's follow_page_pte(), split out of
  // follow_page_mask(), its header over follow_page_mask()'s in the diff).
  const defs = (keep: (kind: string) => boolean) =>
    new Set(files.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => keep(l.kind) && isDefinitionLine(l.text)).map((l) => functionNameOf(l.text)))));
  const oldDefs = defs((k) => k !== 'add');
  const added = new Set([...defs((k) => k === 'add')].filter((n) => n && !oldDefs.has(n)));
  const out = files.map((f) => {
    const byFn = all.get(f.oldPath ?? f.newPath ?? '') ?? all.get(f.newPath ?? '');
    if (!byFn) return f;
    let changed = false;
    const hunks = f.hunks.map((h): DiffHunk => {
      if (!namesNoFunction(h) || h.lines.some((l) => isDefinitionLine(l.text))) return h;
      const olds = new Set(h.lines.filter((l) => l.kind !== 'add').map((l) => norm(l.text)).filter((t) => t.length >= MIN_LINE));
      const scored = [...byFn].map(([fn, set]) => {
        const hits = [...olds].filter((t) => set.has(t));
        return { fn, hits, score: hits.reduce((n, t) => n + t.length, 0) };
      }).sort((a, b) => b.score - a.score);
      const [best, next] = scored;
      if (!best || best.score < MIN_SCORE || (next && next.score === best.score) || added.has(best.fn)) return h;
      changed = true;
      said.push(`the hunk ${h.header} of ${f.newPath ?? f.oldPath} names ${h.functionName ? `a label (\`${h.functionName.trim()}\`), not a function` : 'no function'}: read as in ${best.fn}(), which has its lines ${best.hits.slice(0, 2).map((t) => `\`${t}\``).join(', ')}`);
      return { ...h, functionName: `${best.fn}()` };
    });
    return changed ? { ...f, hunks } : f;
  });
  return { files: out, said };
}
