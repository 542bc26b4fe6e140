/**
 * A flag the patch itself defines (a new enumerator or `#define` with a literal value: 2024's
 * TTU_LAZYFREE_THP) exists nowhere but in the patch: only the patch's own lines can set it. When
 * every line that sets or passes it is on a branch no model takes (`if (anon THP) flags |=
 * TTU_X;` where every modelled page is small), no modelled path carries it, and a test of it
 * (`flags & TTU_X`) is false wherever it stands.
 */
import type { DiffFile } from '../diff/types.js';
import type { Fact } from '../mm/vocabulary.js';
import { branchEnd, type CItem } from './cparse.js';
import { functionAtLines, sideItems } from './hunk-reading.js';

/**
 * `TTU_X = 0x100,` / `#define TTU_X (1 << 8)` / `BIT(8)`: the flag a line defines, a literal single
 * bit. (A mask of several bits, `#define X_MASK 0x1ff`, is tested against addresses and values,
 * not a word of flags only the patch composes.)
 */
function definedFlag(line: string): string | null {
  const value = String.raw`\(?\s*(?:\(\s*__force\s+\w+\s*\)\s*)?(0x[0-9a-fA-F]+|\d+|\(?\s*1U?L?\s*<<\s*\d+\s*\)?|BIT\s*\(\s*\d+\s*\))[uUlL]*\s*\)?`;
  const m = new RegExp(String.raw`^\s*(?:#\s*define\s+([A-Z][A-Z0-9_]{2,})\s+${value}|([A-Z][A-Z0-9_]{2,})\s*=\s*${value}\s*,?)\s*(?:/\*.*)?$`).exec(line);
  if (!m) return null;
  const v = m[2] ?? m[4];
  const n = /^(?:0x[0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : 1;
  return n > 0 && (n & (n - 1)) === 0 ? m[1] ?? m[3] : null;
}

/** `x & F` (or `x & (F | G)`): every mention of `flag` in `text` reads it, none sets or passes it. */
function onlyTests(text: string, flag: string): boolean {
  const re = new RegExp(String.raw`\b${flag}\b`, 'g');
  for (const m of text.matchAll(re)) {
    const before = text.slice(0, m.index).trimEnd();
    if (!/[^&]&\s*\(?(?:\s*[A-Z][A-Z0-9_]*\s*\|)*\s*$/.test(before) || /&=\s*\(?[^&]*$/.test(before)) return false;
  }
  return true;
}

/**
 * Facts for the patch's own flags no modelled path sets. `untaken(items, fn)`: those of a hunk's
 * new-side `items` on a branch the model never takes in `fn`, a modelled function (null when `fn`
 * is not one: a set there is on a path the model cannot see, and keeps the flag undecided).
 */
export function ownFlagFacts(files: readonly DiffFile[], untaken: (items: readonly CItem[], fn: string) => ReadonlySet<CItem> | null): Fact[] {
  const all = files.flatMap((f) => f.hunks.flatMap((h) => h.lines));
  const defined = new Set(all.filter((l) => l.kind === 'add').map((l) => definedFlag(l.text)).filter((n): n is string => !!n));
  const out: Fact[] = [];
  for (const flag of defined) {
    const word = new RegExp(String.raw`\b${flag}\b`);
    // A name the old code has (a context or deleted line) is not new: a renumbering, a rename.
    if (all.some((l) => l.kind !== 'add' && word.test(l.text))) continue;
    const sets: string[] = [];
    let ok = true;
    for (const f of files) {
      for (const h of f.hunks) {
        if (!h.lines.some((l) => l.kind === 'add' && word.test(l.text))) continue;
        const fnAt = functionAtLines(h);
        const items = sideItems(h, 'new');
        const offIn = new Map<string, ReadonlySet<CItem> | null>();
        for (const it of items) {
          if (it.origin !== 'add' || !word.test(it.text)) continue;
          // (The definition itself, an enumerator joined with its neighbours, or the `#define`.)
          if (new RegExp(String.raw`\b${flag}\s*=[^=]`).test(it.text) || new RegExp(String.raw`^#\s*define\s+${flag}\b`).test(it.text)) continue;
          if (onlyTests(it.kind === 'if' || it.kind === 'elseif' ? it.cond ?? '' : it.text, flag)) continue;
          const fn = fnAt[it.at];
          if (fn && !offIn.has(fn)) offIn.set(fn, untaken(items, fn));
          const off = fn ? offIn.get(fn) : null;
          if (!off?.has(it)) ok = false;
          else sets.push(`\`${it.text}\` in ${fn}()`);
        }
      }
    }
    if (!ok) continue;
    out.push({
      // (Only a test of a word of flags: `flags`, `vmf->flags`, `gup_flags`.)
      re: new RegExp(String.raw`^\(?\s*\*?\s*[\w.>-]*flags\s*&\s*${flag}\s*\)?$`),
      fn: /./,
      value: false,
      why: sets.length
        ? `${flag} is the patch's own flag, set only where no modelled path goes (${sets.join(', ')})`
        : `${flag} is the patch's own flag, and it sets it nowhere`,
    });
  }
  return out;
}

/**
 * Whether a function the patch adds can run on a modelled path: some line of the patch calls it
 * from a modelled function, or from another function the patch adds that can. (Called only from
 * kernel code no model runs, `make_device_exclusive_range()` in mm/hmm.c, it never runs there:
 * a flag it passes is on no modelled path.)
 */
export function reachesModel(files: readonly DiffFile[], name: string, modelled: (fn: string) => boolean, added: (fn: string) => boolean, seen = new Set<string>()): boolean {
  seen.add(name);
  const call = new RegExp(String.raw`\b${name}\s*\(`);
  for (const f of files) {
    for (const h of f.hunks) {
      const fnAt = functionAtLines(h);
      for (const [i, l] of h.lines.entries()) {
        if (l.kind === 'del' || !call.test(l.text)) continue;
        const caller = fnAt[i];
        if (!caller || caller === name || seen.has(caller)) continue;
        if (modelled(caller)) return true;
        if (added(caller) && reachesModel(files, caller, modelled, added, seen)) return true;
      }
    }
  }
  return false;
}

/** The list-head calls that add entries to the list their last argument points to. */
const LIST_ADDS = /^(?:list_add(?:_tail)?(?:_rcu)?|list_move(?:_tail)?|list_splice(?:_tail)?(?:_init)?|list_bulk_move_tail)$/;

/**
 * Facts for the lists the patch's own lines declare in a function (`LIST_HEAD(demote_pages);`, a
 * reclaim patch that gathers pages to migrate), added to only on branches no model takes: the
 * list is empty on every modelled path, and `list_empty(&list)` is true wherever it stands.
 * Every other mention must be a test of `list_empty()` or stand in the block of `if
 * (!list_empty(&list))` (which then runs on no modelled path): a list passed anywhere else
 * (`isolate(&list)`) may be filled there.
 */
export function ownListFacts(files: readonly DiffFile[], untaken: (items: readonly CItem[], fn: string) => ReadonlySet<CItem> | null, modelName: (fn: string) => string = (fn) => fn): Fact[] {
  const out: Fact[] = [];
  for (const f of files) {
    for (const h of f.hunks) {
      const fnAt = functionAtLines(h);
      const items = sideItems(h, 'new');
      for (const decl of items) {
        const name = decl.origin === 'add' ? /^LIST_HEAD\s*\(\s*([A-Za-z_]\w*)\s*\)$/.exec(decl.text)?.[1] : undefined;
        const fn = fnAt[decl.at];
        if (!name || !fn) continue;
        const word = new RegExp(String.raw`\b${name}\b`);
        const emptyTest = new RegExp(String.raw`^!?\s*list_empty\s*\(\s*&\s*${name}\s*\)$`);
        // The list is the function's own: the old side never names it.
        const hunks = files.flatMap((g) => g.hunks.filter((k) => functionAtLines(k).some((x) => x === fn)));
        if (hunks.some((k) => k.lines.some((l) => l.kind !== 'add' && word.test(l.text)))) continue;
        let ok = true;
        const adds: string[] = [];
        for (const k of hunks) {
          const its = sideItems(k, 'new');
          const at = functionAtLines(k);
          const off = untaken(its, fn);
          // Items in the block of `if (!list_empty(&name))`: run only when the list is not empty.
          const guarded = new Set<CItem>();
          its.forEach((it, i) => {
            if ((it.kind !== 'if' && it.kind !== 'elseif') || !/^!/.test((it.cond ?? '').trim()) || !emptyTest.test((it.cond ?? '').trim())) return;
            // (A block the hunk ends inside runs to the hunk's end.)
            const end = branchEnd(its, i);
            for (let j = i + 1; j <= (end < 0 ? its.length - 1 : end); j++) guarded.add(its[j]);
          });
          for (const it of its) {
            if (at[it.at] !== fn || !word.test(it.text) || (it.origin === 'add' && it.text === decl.text)) continue;
            if ((it.kind === 'if' || it.kind === 'elseif') && emptyTest.test((it.cond ?? '').trim())) continue;
            if (guarded.has(it)) continue;
            const call = /^([A-Za-z_]\w*)\s*\(/.exec(it.text)?.[1];
            if (call && LIST_ADDS.test(call) && off?.has(it)) {
              adds.push(`\`${it.text}\``);
              continue;
            }
            ok = false;
          }
        }
        if (!ok) continue;
        out.push({
          re: new RegExp(String.raw`^list_empty\s*\(\s*&\s*${name}\s*\)$`),
          // (Its own function's: another function's local list may have the same name.)
          fn: new RegExp(String.raw`^(?:${fn}|${modelName(fn)})$`),
          value: true,
          why: adds.length
            ? `\`${name}\` is a list the patch adds to ${fn}(), filled only where no modelled path goes (${adds.join(', ')}): empty on every modelled path`
            : `\`${name}\` is a list the patch adds to ${fn}(), filled nowhere: empty on every modelled path`,
        });
      }
    }
  }
  return out;
}
