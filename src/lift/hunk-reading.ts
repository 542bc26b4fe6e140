/**
 * Reading a patch's hunks before any model is involved: each side of a hunk as source lines and
 * C items, the function each line is in, the functions the patch adds, renames or splits, the
 * constants its callers pass, and the runs of changed lines within one function. The same for
 * every scenario and base: what the lifter (lift.ts) places into a model.
 */
import type { DiffFile, DiffHunk } from '../diff/types.js';
import { functionNameOf, isDefinitionLine, parseItems, withoutAnnotations, type CItem, type SourceLine } from './cparse.js';
import { knownConfigBranch, newestRenameMade, type Release } from '../mm/vocabulary.js';
/** One side of a hunk as source lines (read only; hunks are never changed once parsed, so once a side). */
export function sideLines(h: DiffHunk, side: 'old' | 'new'): readonly SourceLine[] {
  let sides = sideLinesCache.get(h);
  if (!sides) sideLinesCache.set(h, (sides = {}));
  return (sides[side] ??= Object.freeze(sideLinesUncached(h, side)));
}

const sideLinesCache = new WeakMap<DiffHunk, { old?: readonly SourceLine[]; new?: readonly SourceLine[] }>();

function sideLinesUncached(h: DiffHunk, side: 'old' | 'new'): SourceLine[] {
  const out: SourceLine[] = [];
  // A hunk that starts inside a comment (` * pages.`, ` */`): its opener is above the hunk, so
  // those lines would be read as code glued to the first statement. They are blanked (kept, so
  // line indexes stay those of the hunk).
  let inComment = true;
  // `#if` blocks of a known kernel option (KNOWN_CONFIG): lines of a branch no modelled machine
  // compiles are blanked too. A level is true, false, or null (an option or test not known).
  const levels: (boolean | null)[] = [];
  // A macro's body (`#define X ... \` and its continued lines, up to the first line without the
  // `\`), also where the hunk starts inside one (`err; \` then `})`): no function's code, and its
  // braces would glue to what follows. Blanked too.
  let inMacro = false;
  let first = true;
  for (const l of h.lines) {
    if (side === 'old' && l.kind === 'add') continue;
    if (side === 'new' && l.kind === 'del') continue;
    const continued = /\\\s*$/.test(l.text);
    if ((first && continued) || (/^\s*#\s*define\b/.test(l.text) && continued)) inMacro = true;
    if (l.text.trim() !== '') first = false;
    if (inMacro) {
      if (!continued) inMacro = false;
      out.push({ text: '', origin: l.kind === 'context' ? 'ctx' : l.kind });
      continue;
    }
    const tail = inComment && /^\s*\*(\s|\/|$)/.test(l.text);
    if (!tail && l.text.trim() !== '') inComment = false;
    const directive = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b/.exec(l.text)?.[1];
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') levels.push(knownConfigBranch(l.text.trim()));
    else if (directive === 'else' && levels.length) levels[levels.length - 1] = levels[levels.length - 1] === null ? null : !levels[levels.length - 1];
    else if (directive === 'elif' && levels.length) levels[levels.length - 1] = null;
    else if (directive === 'endif') levels.pop();
    const compiled = !levels.includes(false);
    out.push({ text: tail || (!compiled && !directive) ? '' : l.text, origin: l.kind === 'context' ? 'ctx' : l.kind });
  }
  return out;
}

/** The body items of the function whose header is items[i] (null when its braces do not close). */
export function bodyOf(items: readonly CItem[], i: number): CItem[] | null {
  const body: CItem[] = [];
  let depth = 0;
  let j = i + 1;
  for (; j < items.length; j++) {
    const x = items[j];
    if (x.kind === 'open') {
      depth++;
      if (depth === 1) continue;
    } else if ((x.kind === 'if' || x.kind === 'elseif' || x.kind === 'else') && !x.braceless) depth++;
    if (x.kind === 'close') {
      depth--;
      if (depth === 0) break;
    }
    body.push(x);
  }
  return depth === 0 && j < items.length ? body : null;
}

/** Whether a block comment is still open at the end of `lines`. */
function commentOpenAtEnd(lines: readonly string[]): boolean {
  let open = false;
  for (const t of lines) for (const m of t.matchAll(/\/\*|\*\//g)) open = m[0] === '/*';
  return open;
}

/** Whether `lines` begin inside a block comment: the first comment delimiter they have closes one. */
function startsInComment(lines: readonly string[]): boolean {
  for (const t of lines) {
    const m = /\/\*|\*\//.exec(t);
    if (m) return m[0] === '*/';
    if (t.trim() !== '' && !/^\s*\*/.test(t)) return false;
  }
  return false;
}

/**
 * A file's hunks, with each pair that a few lines of one block comment separate joined into one
 * (the gap filled with comment lines): git cuts a hunk where a function's changes are more than
 * its context apart, and when the cut falls in a comment, the function is whole across the two
 * (a helper renamed and rewritten, its body running on past the comment). At most 3 lines apart.
 */
function joinedOverComments(hunks: readonly DiffHunk[]): DiffHunk[] {
  const out: DiffHunk[] = [];
  for (const h of hunks) {
    const prev = out[out.length - 1];
    const gap = prev ? h.oldStart - (prev.oldStart + prev.oldLines) : -1;
    const side = (x: DiffHunk) => x.lines.filter((l) => l.kind !== 'del').map((l) => l.text);
    if (prev && gap >= 0 && gap <= 3 && commentOpenAtEnd(side(prev)) && startsInComment(side(h))) {
      const filler = Array.from({ length: gap }, () => ({ kind: 'context' as const, text: ' *', oldLine: null, newLine: null }));
      out[out.length - 1] = { ...prev, oldLines: h.oldStart + h.oldLines - prev.oldStart, newLines: h.newStart + h.newLines - prev.newStart, lines: [...prev.lines, ...filler, ...h.lines] };
    } else out.push(h);
  }
  return out;
}

/** Added functions: `+static bool foo(...)` ... `+}` entirely added. Returns name -> body items. */
export function addedFunctions(files: readonly DiffFile[]): Map<string, { items: CItem[]; file: string; def: string }> {
  const out = new Map<string, { items: CItem[]; file: string; def: string }>();
  for (const f of files) {
    for (const h of joinedOverComments(f.hunks)) {
      const items = parseItems(sideLines(h, 'new'));
      // Definitions the old side of the hunk has: a new header for one of these names over
      // context lines is that function with a changed signature (`gup_pte_range(pmd, pmdp, ...)`
      // and its `return 0;` stub in the #else branch), not a new function.
      const oldDefs = new Set(parseItems(sideLines(h, 'old')).filter((x) => x.kind === 'fndef' && x.origin === 'del').map((x) => functionNameOf(x.text)));
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        if (it.kind !== 'fndef' || it.origin !== 'add') continue;
        const name = functionNameOf(it.text);
        if (!name) continue;
        const body = bodyOf(items, i);
        if (body && oldDefs.has(name) && !body.every((b) => b.origin === 'add')) continue;
        // (A helper defined once per configuration, `#ifdef CONFIG_...` and a stub under `#else`:
        // the model takes the definition that does the most, the one the feature builds.)
        // (One in arch/ and one in generic code, `#ifndef name` around it: the generic one, which
        // every modelled machine builds unless its architecture overrides it.)
        const had = out.get(name);
        const rank = (path: string, lines: number) => (path.startsWith('arch/') ? 0 : 1e6) + lines;
        if (body && (!had || rank(f.path, body.length) > rank(had.file, had.items.length))) out.set(name, { items: body, file: f.path, def: it.text });
      }
    }
  }
  return out;
}

/**
 * Whether the patch splits a function at a point of its body and gives the tail the old name: an
 * added `return name(...);` then, past the close brace, an added definition of `name`.
 */
function tailKeepsName(files: readonly DiffFile[], name: string): boolean {
  const ret = new RegExp(String.raw`^\s*return\s+${name}\s*\(`);
  for (const f of files) {
    for (const h of f.hunks) {
      const added = h.lines.map((l) => (l.kind === 'add' ? l.text : null));
      for (let i = 0; i < added.length; i++) {
        if (added[i] === null || !ret.test(added[i]!)) continue;
        let j = i + 1;
        while (j < added.length && added[j] !== null && /^\s*\}?\s*$/.test(added[j]!)) j++;
        if (j < added.length && added[j] !== null && isDefinitionLine(added[j]!) && functionNameOf(added[j]!) === name) return true;
      }
    }
  }
  return false;
}

/** Names of the function-like macros the patch deletes a `#define` of (`#define pte_alloc(mm, pmd) ...`). */
export function deletedMacroNames(files: readonly DiffFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) for (const h of f.hunks) for (const l of h.lines) {
    const m = l.kind === 'del' ? /^\s*#\s*define\s+([A-Za-z_]\w*)\(/.exec(l.text) : null;
    if (m) out.add(m[1]);
  }
  return out;
}

/**
 * Function-like macros the patch adds whose body is one expression (`#define ADDR_BEFORE_PREV(addr,
 * vma) ((vma)->vm_prev && (addr) < (vma)->vm_prev->vm_end)`, over continued lines): name ->
 * parameters and body, read like a boolean helper the patch adds. (A statement macro, `do { }
 * while (0)` or `({ ... })` or one with a `;`, is no test.)
 */
export function addedMacros(files: readonly DiffFile[]): Map<string, { params: string[]; expr: string }> {
  const out = new Map<string, { params: string[]; expr: string }>();
  for (const f of files) {
    for (const h of f.hunks) {
      for (let i = 0; i < h.lines.length; i++) {
        const l = h.lines[i];
        if (l.kind !== 'add') continue;
        const head = /^\s*#\s*define\s+([A-Za-z_]\w*)\(([^()]*)\)\s*(.*)$/.exec(l.text);
        if (!head) continue;
        let text = head[3];
        let j = i;
        while (/\\\s*$/.test(text) && h.lines[j + 1]?.kind === 'add') {
          j++;
          text = text.replace(/\\\s*$/, ' ') + h.lines[j].text;
        }
        if (/\\\s*$/.test(text)) continue;
        const expr = text.replace(/\/\*.*?\*\//g, ' ').replace(/\s+/g, ' ').trim();
        const params = head[2].trim() === '' ? [] : head[2].split(',').map((p) => p.trim());
        if (!expr || /;|\bdo\b|^\(\{|\{/.test(expr) || params.some((p) => !/^[A-Za-z_]\w*$/.test(p))) continue;
        out.set(head[1], { params, expr: `(${expr})` });
      }
    }
  }
  return out;
}

/**
 * The release whose names the patch itself brings in: a rename of RENAMES it makes, deleting the
 * old name's whole definition and adding the new one's (6.10's try_grab_folio() ->
 * try_grab_folio_fast(), posted while 6.9 was the last release). The patch's names mean what they
 * mean from that release on (the name it reuses, try_grab_folio for the slow path, included).
 * Null when it makes none later than `version`.
 */
export function renamingRelease(files: readonly DiffFile[], version: Release | null): Release | null {
  const defs = (kind: 'add' | 'del') => new Set(files.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === kind && isDefinitionLine(l.text)).map((l) => functionNameOf(l.text) ?? ''))));
  return newestRenameMade(defs('del'), defs('add'), version);
}

/** What the patch does to function names: renames and splits, each new name -> old name. */
interface PatchNames {
  readonly renamed: Map<string, string>;
  readonly split: Map<string, string>;
  /** Every old name a new name replaces (one static function per file may take one new name). */
  readonly renamedFromAll: Map<string, string[]>;
}
const patchNamesCache = new WeakMap<readonly DiffFile[], PatchNames>();

/**
 * Functions the patch renames: a definition header deleted and added back with only the name
 * changed (`-static vm_fault_t do_wp_page(struct vm_fault *vmf)` /
 * `+static vm_fault_t do_wp_page_cow(struct vm_fault *vmf)`). New name -> old name.
 */
export function renamedByPatch(files: readonly DiffFile[]): Map<string, string> {
  return patchNames(files).renamed;
}

/**
 * Functions the patch splits: renamed to a new name (`__page_add_new_anon_rmap`) while a wrapper
 * under the old name calling it is added. The new name does what the old one did. New -> old.
 */
export function splitByPatch(files: readonly DiffFile[]): Map<string, string> {
  return patchNames(files).split;
}

/**
 * Every old name each new name of renamedByPatch() replaces: a patch may give two static
 * functions of two files one new name (2018's can_follow_write_pte() in gup.c and
 * can_follow_write_pmd() in huge_memory.c, both can_follow_write()).
 */
export function renamedFromAllByPatch(files: readonly DiffFile[]): Map<string, string[]> {
  return patchNames(files).renamedFromAll;
}

function patchNames(files: readonly DiffFile[]): PatchNames {
  const hit = patchNamesCache.get(files);
  if (hit) return hit;
  const out: PatchNames = { renamed: new Map(), split: new Map(), renamedFromAll: new Map() };
  patchNamesCache.set(files, out);
  // Names the patch defines anew: a function renamed whose old name the patch defines again
  // (`page_add_new_anon_rmap` -> `__page_add_new_anon_rmap` plus an inline
  // `page_add_new_anon_rmap()` wrapper calling it) is split in two, not renamed.
  const addedNames = new Set<string>();
  for (const f of files) for (const h of f.hunks) for (const l of h.lines) if (l.kind === 'add' && isDefinitionLine(l.text)) addedNames.add(functionNameOf(l.text) ?? '');
  const callsTo = (name: string) => files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.kind === 'add' && !isDefinitionLine(l.text) && new RegExp(String.raw`\b${name}\s*\(`).test(l.text))));
  // (A split may give the worker more parameters: `do_handle_mm_fault(..., regs)`; the header's
  // first line shows the ones it starts with.)
  const args = (x: string) => x.replace(/[,\s]+$/, '');
  for (const f of files) {
    for (const h of f.hunks) {
      const dels: string[] = [];
      for (const l of h.lines) {
        if (l.kind === 'context') dels.length = 0;
        else if (l.kind === 'del' && isDefinitionLine(l.text)) dels.push(l.text);
        else if (l.kind === 'add' && isDefinitionLine(l.text)) {
          const to = functionNameOf(l.text);
          for (const d of dels) {
            const from = functionNameOf(d);
            if (!from || !to || from === to) continue;
            const [dType, dArgs] = d.split(new RegExp(String.raw`\b${from}\s*\(`));
            const [aType, aArgs] = l.text.split(new RegExp(String.raw`\b${to}\s*\(`));
            if (dType !== aType) continue;
            if (!addedNames.has(from)) {
              // Renamed, or renamed with parameters appended (`wp_page_reuse(vmf, folio)` ->
              // `wp_folio_reuse(vmf, folio, entirely_reuse)`) when no added line calls the old
              // name any more: the same function, given one more value.
              const appended = args(aArgs).startsWith(args(dArgs).replace(/\)\s*$/, '')) && !callsTo(from);
              if (dArgs === aArgs || appended) {
                if (!out.renamed.has(to)) out.renamed.set(to, from);
                out.renamedFromAll.set(to, [...(out.renamedFromAll.get(to) ?? []), from]);
              }
            } else if ((args(dArgs).startsWith(args(aArgs)) || args(aArgs).startsWith(args(dArgs))) && callsTo(to)) {
              // (The old name defined again as the function's tail, split off at a point of its
              // body, `return do_wp_page(vmf); }` over the new definition of do_wp_page(): the new
              // name is the whole function renamed, the tail a split of it.)
              if (tailKeepsName(files, from)) {
                if (!out.renamed.has(to)) out.renamed.set(to, from);
                out.renamedFromAll.set(to, [...(out.renamedFromAll.get(to) ?? []), from]);
              } else out.split.set(to, from);
            }
          }
        }
      }
    }
  }
  // A wrapper the patch adds whose whole body calls a function the patch also adds
  // (`+static long change_p4d_range(...) { return change_p4d_range_n(..., NULL); }`): the callee
  // is the old function under a new name, however the diff interleaves the two definitions.
  const deletedNames = new Set<string>();
  for (const f of files) for (const h of f.hunks) for (const l of h.lines) if (l.kind === 'del' && isDefinitionLine(l.text)) deletedNames.add(functionNameOf(l.text) ?? '');
  for (const f of files) {
    for (const h of f.hunks) {
      const side = h.lines.filter((l) => l.kind !== 'del');
      side.forEach((l, i) => {
        if (!isDefinitionLine(l.text)) return;
        const from = functionNameOf(l.text);
        if (!from) return;
        let j = i + 1;
        while (j < side.length && j <= i + 6 && side[j].text.trim() !== '{' && !/;\s*$/.test(side[j].text)) j++;
        if (j >= side.length || side[j].text.trim() !== '{') return;
        const body: typeof side = [];
        let k = j + 1;
        for (; k < side.length && !/^\}/.test(side[k].text); k++) if (side[k].text.trim()) body.push(side[k]);
        if (k >= side.length || body.length === 0 || body.some((b) => b.kind !== 'add')) return;
        const m = /^(?:return\s+)?([A-Za-z_]\w*)\s*\([^;]*\)\s*;$/.exec(body.map((b) => b.text.trim()).join(' '));
        const to = m?.[1];
        if (!to || to === from || !addedNames.has(to) || deletedNames.has(to) || out.split.has(to) || out.renamed.has(to)) return;
        if (to.includes(from) || deletedNames.has(from)) out.split.set(to, from);
      });
    }
  }
  return out;
}

/**
 * Parameters every modelled caller passes the same constant to, read off the old side of the
 * hunks (`wp_page_reuse(vmf, 0, 0)` in do_wp_page against `wp_page_reuse(struct vm_fault *vmf,
 * int page_mkwrite, int dirty_shared)`): in the model, which runs only those callers, the
 * parameter is that constant (`if (dirty_shared)` is never taken). Only for a function whose
 * parameters the patch changes: then every caller is in the patch. Callee -> parameter -> value.
 */
type CallerValues = Map<string, Set<string>>;
const constantParamsCache = new WeakMap<readonly DiffFile[], Map<string, Map<string, CallerValues>>>();

export function constantParams(files: readonly DiffFile[], isModelled: (fn: string) => boolean): Map<string, Map<string, string>> {
  // The reading of the diff is the same for every base and scenario: done once per patch, with
  // the caller of each value, so that each scenario counts its own modelled callers.
  let all = constantParamsCache.get(files);
  if (!all) constantParamsCache.set(files, (all = readConstantParams(files)));
  const out = new Map<string, Map<string, string>>();
  for (const [fn, ps] of all) {
    const defs = new Map<string, string>();
    for (const [p, byCaller] of ps) {
      const values = new Set([...byCaller].filter(([caller]) => isModelled(caller)).flatMap(([, vs]) => [...vs]));
      if (values.size === 1 && !values.has('?')) defs.set(p, [...values][0].replace('true', '1').replace('false', '0'));
    }
    if (defs.size) out.set(fn, defs);
  }
  return out;
}

/** Callee -> parameter -> caller -> the values it passes (`?` for anything not a constant). */
function readConstantParams(files: readonly DiffFile[]): Map<string, Map<string, CallerValues>> {
  const params = new Map<string, string[]>();
  const newParams = new Map<string, string[]>();
  const seen = new Map<string, Map<number, CallerValues>>();
  // Definitions on one side, header lines joined up to the closing parenthesis.
  const definitions = (lines: readonly { l: { text: string } }[], into: Map<string, string[]>) => {
    for (let k = 0; k < lines.length; k++) {
      const t = lines[k].l.text;
      if (!isDefinitionLine(t)) continue;
      let text = t;
      for (let m = k + 1; m < lines.length && (text.match(/\(/g) ?? []).length > (text.match(/\)/g) ?? []).length; m++) text += ` ${lines[m].l.text.trim()}`;
      const name = functionNameOf(text);
      const inner = /\((.*)\)/s.exec(withoutAnnotations(text));
      if (!name || !inner) continue;
      into.set(name, inner[1].split(',').map((p) => (/([A-Za-z_]\w*)\s*(\[\s*\])?\s*$/.exec(p.trim()) ?? ['', ''])[1]));
    }
  };
  for (const f of files) {
    for (const h of f.hunks) {
      const fnAt = functionAtLines(h);
      const old = h.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.kind !== 'add');
      definitions(old, params);
      definitions(h.lines.filter((l) => l.kind !== 'del').map((l) => ({ l })), newParams);
      // Calls with constant arguments, by the function they are in.
      for (const { l, i } of old) {
        const at = fnAt[i];
        if (!at) continue;
        for (const m of l.text.matchAll(/\b([A-Za-z_]\w*)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
          const args = m[2].split(',').map((a) => a.trim());
          const per = seen.get(m[1]) ?? new Map<number, CallerValues>();
          args.forEach((a, k) => {
            const byCaller = per.get(k) ?? new Map<string, Set<string>>();
            byCaller.set(at, (byCaller.get(at) ?? new Set()).add(/^(0|1|true|false)$/.test(a) ? a : '?'));
            per.set(k, byCaller);
          });
          seen.set(m[1], per);
        }
      }
    }
  }
  const out = new Map<string, Map<string, CallerValues>>();
  for (const [fn, ps] of params) {
    const per = seen.get(fn);
    const after = newParams.get(fn);
    // Only a function whose parameters the patch changes: then every caller is in the patch.
    if (!per || !after || after.join(',') === ps.join(',')) continue;
    const byParam = new Map<string, CallerValues>();
    ps.forEach((p, k) => {
      const byCaller = per.get(k);
      if (p && byCaller) byParam.set(p, byCaller);
    });
    if (byParam.size) out.set(fn, byParam);
  }
  return out;
}

/** Name of the function each line of the hunk is in: the hunk header's, until a definition inside the hunk. */
export function functionAtLines(h: DiffHunk): (string | null)[] {
  // Each side is in its own function: a helper the patch adds (a definition and body on added
  // lines only) does not end the old side's function, so lines deleted after the helper's body
  // are still the old function's; a function the patch deletes whole does not end the new side's.
  // A header that is a declaration (`unsigned long move_page_tables(...);` in a .h file) names no
  // body the hunk's lines are in.
  let curOld = h.functionName && /;\s*$/.test(h.functionName) ? null : functionNameOf(h.functionName);
  let curNew = curOld;
  const header = curOld;
  const out: (string | null)[] = [];
  let pending = '';
  let pendingAt = -1;
  let pendingKinds = new Set<string>();
  let pendingOld = '';
  let lastHeader = -2;
  for (const [k, l] of h.lines.entries()) {
    const t = l.text;
    // A definition line at column 0 (kernel style), possibly over two lines.
    // (`SYSCALL_DEFINE3(mprotect, ...)` defines a function too.)
    if (isDefinitionLine(t) || (/^(COMPAT_)?SYSCALL_DEFINE\d\(/.test(t) && !/;\s*$/.test(t))) {
      // A new header starts here unless it is the other side of the one just seen (`-`/`+`).
      if (!pending || out.length - 1 !== lastHeader) {
        pendingAt = out.length;
        pendingKinds = new Set();
        pendingOld = '';
      }
      pending = t;
      if (l.kind === 'del') pendingOld = t;
      lastHeader = out.length;
    }
    if (pending) pendingKinds.add(l.kind);
    if (pending && (/^\{\s*$/.test(t) || /\)\s*\{\s*$/.test(t))) {
      const name = functionNameOf(pending);
      const only = pendingKinds.size === 1 ? [...pendingKinds][0] : null;
      // The new side defines again the function the hunk header names (git takes the header from
      // the old side): the patch split it, the lines above are its worker under a new name
      // (splitByPatch maps that back), and this is the wrapper left under the old name. A wrapper
      // that only declares locals and returns a call runs nothing of its own: its lines are in no
      // modelled function.
      if (name && name === header && pendingKinds.has('add') && wrapperOnly(h.lines.slice(k + 1))) {
        if (only !== 'add') curOld = functionNameOf(pendingOld);
        for (let i = pendingAt; i < out.length; i++) out[i] = h.lines[i].kind === 'del' ? curOld : null;
        curNew = null;
        pending = '';
        out.push(l.kind === 'del' ? curOld : null);
        continue;
      }
      if (only !== 'del') curNew = name;
      if (only !== 'add') curOld = name;
      pending = '';
      // The definition's own lines (a changed attribute or parameter) belong to the function.
      for (let i = pendingAt; i < out.length; i++) out[i] = name;
    }
    out.push(l.kind === 'del' ? curOld : curNew);
    // A `}` at column 0 closes the function (kernel style): what follows, up to the next
    // definition, is in none (declarations, another function's stub, macros). Only where the
    // side goes on at column 0: an indented statement after it means the diff paired the brace
    // with another line of that side, which is still in the function.
    if (t === '}' && !pending) {
      const nextOnSide = (skip: 'add' | 'del') => h.lines.slice(k + 1).find((x) => x.kind !== skip && x.text.trim() !== '');
      const closes = (x: DiffHunk['lines'][number] | undefined) => !x || !/^[ \t]/.test(x.text);
      if (l.kind !== 'add' && closes(nextOnSide('add'))) curOld = null;
      if (l.kind !== 'del' && closes(nextOnSide('del'))) curNew = null;
    }
  }
  // A definition the hunk ends in before its `{` (`-long __get_user_pages(...` `+static long
  // __get_user_pages(...`, its parameters kept): its lines are the function's too, unless they end a
  // declaration (`...);`).
  if (pending && !h.lines.slice(pendingAt).some((l) => /;\s*$/.test(l.text))) {
    const name = functionNameOf(pending);
    for (let i = pendingAt; i < out.length; i++) out[i] = name;
  }
  return out;
}

/**
 * The new side of a function body, from the line after its `{`, is a thin wrapper: up to the
 * closing `}` at column 0 it only declares locals and returns a call (`const struct vm_uffd_ops *ops
 * = vma_uffd_ops(state->vma);` `return __mfill_atomic_pte(state, ops);`).
 */
function wrapperOnly(rest: readonly { kind: string; text: string }[]): boolean {
  let returns = 0;
  for (const l of rest) {
    if (l.kind === 'del') continue;
    const t = l.text.trim();
    if (l.text === '}') return returns === 1;
    if (t === '') continue;
    if (/^return\s+[A-Za-z_]\w*\s*\([^;]*\);$/.test(t)) returns++;
    else if (!/^(?:const\s+)?(?:struct\s+)?[A-Za-z_]\w*[\s*]+[A-Za-z_]\w*\s*=\s*[^;]+;$/.test(t) || returns > 0) return false;
  }
  return false;
}

export interface Run {
  readonly fn: string;
  readonly start: number;
  readonly end: number; // exclusive, line indexes in the hunk
}

/** Maximal runs of changed lines, each within one function. */
export function changedRuns(h: DiffHunk, fnAt: (string | null)[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < h.lines.length) {
    if (h.lines[i].kind === 'context') {
      i++;
      continue;
    }
    const start = i;
    const fn = fnAt[i];
    for (;;) {
      while (i < h.lines.length && h.lines[i].kind !== 'context' && fnAt[i] === fn) i++;
      // A blank line both sides keep does not split a change (diff aligns blank lines inside a
      // rewritten block): the run goes on if a changed line of the same function follows.
      let j = i;
      while (j < h.lines.length && h.lines[j].kind === 'context' && h.lines[j].text.trim() === '') j++;
      if (j > i && j < h.lines.length && h.lines[j].kind !== 'context' && fnAt[j] === fn) i = j;
      else break;
    }
    if (fn) runs.push({ fn, start, end: i });
  }
  return joinedOverKeptExit(h, runs);
}

/**
 * Two runs of one function that only a kept exit separates (`return VM_FAULT_RETRY;`, and blank
 * lines) are one change: diff keeps the exit where a block around it was rewritten (`-if (x) {`
 * `-pte_unmap(...)` `+if (!pte_spinlock(vmf))` ` return VM_FAULT_RETRY;` `-}`), and neither half
 * is a whole statement without the other.
 */
function joinedOverKeptExit(h: DiffHunk, runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const prev = out[out.length - 1];
    const between = prev && prev.fn === r.fn ? h.lines.slice(prev.end, r.start) : [];
    const kept = between.filter((l) => l.text.trim() !== '');
    if (prev && kept.length === 1 && /^\s*(?:return\b[^;]*|goto\s+\w+);\s*$/.test(kept[0].text)) out[out.length - 1] = { ...prev, end: r.end };
    else out.push(r);
  }
  return out;
}

/** Line index in the hunk of each side-line index. */
export function sideIndex(h: DiffHunk, side: 'old' | 'new'): number[] {
  const out: number[] = [];
  h.lines.forEach((l, i) => {
    if (side === 'old' && l.kind === 'add') return;
    if (side === 'new' && l.kind === 'del') return;
    out.push(i);
  });
  return out;
}

/** The items of one side of a hunk, each with `at`, the index in the hunk of its first line. */
export function sideItems(h: DiffHunk, side: 'old' | 'new'): (CItem & { at: number })[] {
  const idx = sideIndex(h, side);
  return parseItems(sideLines(h, side)).map((it) => ({ ...it, at: idx[it.line] }));
}

/** The hunks of each function the hunk headers name, in the patch's order. */
export function hunksByFunction(files: readonly DiffFile[]): Map<string, DiffHunk[]> {
  const out = new Map<string, DiffHunk[]>();
  for (const f of files) {
    for (const h of f.hunks) {
      const fn = functionAtLines(h)[0];
      if (!fn) continue;
      if (!out.has(fn)) out.set(fn, []);
      out.get(fn)!.push(h);
    }
  }
  return out;
}

/** Each function's deleted lines, per hunk, across the patch (the old side's items). */
export function deletedLinesByFunction(files: readonly DiffFile[]): Map<string, { hunk: DiffHunk; items: CItem[] }[]> {
  const out = new Map<string, { hunk: DiffHunk; items: CItem[] }[]>();
  for (const f of files) {
    for (const h of f.hunks) {
      if (!h.lines.some((l) => l.kind === 'del')) continue;
      const fnAt = functionAtLines(h);
      const byFn = new Map<string, CItem[]>();
      for (const it of sideItems(h, 'old')) {
        const fn = fnAt[it.at];
        if (it.origin !== 'del' || !fn) continue;
        if (!byFn.has(fn)) byFn.set(fn, []);
        byFn.get(fn)!.push(it);
      }
      for (const [fn, items] of byFn) {
        if (!out.has(fn)) out.set(fn, []);
        out.get(fn)!.push({ hunk: h, items });
      }
    }
  }
  return out;
}
