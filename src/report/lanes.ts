/**
 * Text layout for plain-text mail: prose wrapped at word boundaries, and the column diagram of a
 * trace laid out by the width each lane needs within the 72-column rule. Code is never cut inside
 * an identifier: a step's C stays on one line when its lane allows, else its arguments are
 * elided (`x = foo(...)`) before it is broken, and then only after ` = `, `(` or `, `. When the
 * lanes cannot all fit side by side, the steps are listed one under the other instead.
 */
import type { TraceStep } from '../model/trace.js';

export const MAIL_WIDTH = 72;
const GAP = 2;
/** Narrowest lane worth having. */
const MIN_LANE = 12;

/** Words of `text` in lines of at most `width`; a word longer than `width` gets a line of its own. */
export function wrapProse(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

/** Offsets where `c` may break at nesting depth 0 of parentheses and brackets (after the separator). */
function topLevelBreaks(c: string, sep: string, depthWanted = 0): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < c.length; i++) {
    const ch = c[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth === depthWanted && c.startsWith(sep, i)) out.push(i + sep.length);
  }
  return out;
}

/** `lhs = name(args)` with the arguments elided, or null when `c` is not a call. */
export function elideCall(c: string): string | null {
  // Unambiguous on purpose (words separated by required blanks): no backtracking blow-up.
  const m = /^((?:[^=()]*?\s=\s)?)([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*\((.*)\)(;?)$/.exec(c.trim());
  if (!m || !m[3].trim() || m[3] === '...') return null;
  if (/^(if|while|for|switch|return)\b/.test(m[2].trim())) return null;
  return `${m[1]}${m[2].trim()}(...)${m[4]}`;
}

/**
 * The pieces a line of C may be broken into, at the given offsets only: null when a piece would
 * not fit, unless `overflow` (then a piece that cannot be broken is left wider than `width`).
 */
function breakAt(c: string, offsets: number[], width: number, overflow = false): string[] | null {
  // Greedy: the longest head that fits, at an allowed offset.
  const out: string[] = [];
  let rest = c;
  let base = 0;
  while (rest.length > width) {
    const cands = offsets.filter((o) => o - base > 0 && o - base <= width && o - base < rest.length);
    const later = offsets.filter((o) => o - base > 0 && o - base < rest.length);
    if (!cands.length && !(overflow && later.length)) return overflow ? [...out, rest] : null;
    const cut = (cands.length ? Math.max(...cands) : Math.min(...later)) - base;
    out.push(rest.slice(0, cut).trimEnd());
    const skipped = rest.slice(cut).length - rest.slice(cut).trimStart().length;
    base += cut + skipped;
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

/** C without comments, on one line. */
function oneLine(c: string): string {
  return c.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ').replace(/\s+/g, ' ').trim();
}

/** Offsets after which a call may break: after its `(` and after `, ` between its arguments. */
function callBreaks(call: string): number[] {
  return [...topLevelBreaks(call, '(', 1), ...topLevelBreaks(call, ', ', 1)].sort((a, b) => a - b);
}

/** After every space, at any depth: a break there never cuts a word. */
const spaceBreaks = (s: string) => [...s.matchAll(/ /g)].map((m) => m.index + 1);

/** One step's C in lines of at most `width`, never cut inside an identifier. */
export function layoutCode(c: string, width: number): string[] {
  const code = oneLine(c);
  if (code.length <= width) return [code];
  // One call on one line: elide its arguments.
  const short = elideCall(code);
  if (short && short.length <= width) return [short];
  // Break after ` = `, and lay the right-hand side out on its own.
  const eq = topLevelBreaks(code, ' = ');
  if (eq.length) {
    const lhs = code.slice(0, eq[0]).trimEnd();
    const rhs = code.slice(eq[0]).trim();
    return [...(breakAt(lhs, spaceBreaks(lhs), width) ?? [lhs]), ...layoutCode(rhs, width)];
  }
  const call = short ?? code;
  const any = [...new Set([...callBreaks(call), ...spaceBreaks(call)])].sort((a, b) => a - b);
  return breakAt(call, callBreaks(call), width) ?? breakAt(call, any, width, true) ?? [call];
}

/**
 * How wide a lane must be for a step's C: never cut inside a word (`min`), each call whole
 * (`good`), the left-hand side of an assignment whole too (`nice`), on one line (`want`).
 */
function codeWidths(c: string): { min: number; good: number; nice: number; want: number } {
  const code = oneLine(c);
  const short = elideCall(code);
  const eq = topLevelBreaks(code, ' = ');
  const lhs = eq.length ? code.slice(0, eq[0]).trimEnd() : '';
  const rhs = eq.length ? code.slice(eq[0]).trim() : code;
  const rhsShort = elideCall(rhs) ?? rhs;
  const pieces = (s: string, offs: number[]) => {
    const out: number[] = [];
    let last = 0;
    for (const o of [...offs, s.length]) {
      out.push(s.slice(last, o).trim().length);
      last = o;
    }
    return Math.max(...out);
  };
  const min = Math.max(lhs ? pieces(lhs, spaceBreaks(lhs)) : 0, pieces(rhsShort, [...new Set([...callBreaks(rhsShort), ...spaceBreaks(rhsShort)])].sort((a, b) => a - b)));
  const good = Math.max(min, rhsShort.length);
  const nice = Math.max(good, lhs.length);
  const want = Math.max(nice, Math.min(code.length, short?.length ?? code.length));
  return { min, good, nice, want };
}

interface Cell {
  readonly lane: number;
  readonly code: string;
  readonly notes: readonly string[];
}

/**
 * Lane widths summing to at most `avail`: each at least its `min`; then, level by level, as
 * many lanes as can reach the level do (the cheapest first, the last one partly); null when the
 * mins do not fit.
 */
export function laneWidths(min: readonly number[], levels: readonly (readonly number[])[], avail: number): number[] | null {
  const w = min.map((m) => Math.max(MIN_LANE, m));
  let spare = avail - w.reduce((a, b) => a + b, 0);
  if (spare < 0) return null;
  for (const target of levels) {
    const order = w.map((_, i) => i).sort((a, b) => target[a] - w[a] - (target[b] - w[b]));
    for (const i of order) {
      const need = Math.max(0, target[i] - w[i]);
      const give = Math.min(need, spare);
      w[i] += give;
      spare -= give;
    }
  }
  return w;
}

export interface LayoutOptions {
  /** Total width (72 for mail). */
  readonly width?: number;
  /** Keep quiet steps too. */
  readonly all?: boolean;
}

/**
 * The trace as columns (one lane per actor, time going down): each step's C, what it did in
 * brackets, and the locks it took or dropped (`+PTL`, `-PTL`); then `footer`, wrapped as prose.
 */
export function laneDiagram(trace: readonly TraceStep[], footer: readonly string[], opts: LayoutOptions = {}): string {
  const width = opts.width ?? MAIL_WIDTH;
  const steps = trace.filter((t, i) => opts.all || !t.quiet || i === trace.length - 1);
  const actors: string[] = [];
  for (const t of steps) if (!actors.includes(t.actor)) actors.push(t.actor);
  const foot = footer.flatMap((f) => (f ? wrapProse(f, width) : ['']));
  if (actors.length === 0) return foot.join('\n');
  const lastHeld = new Map<string, readonly string[]>();
  const cells: Cell[] = steps.map((t) => {
    const before = lastHeld.get(t.actor) ?? [];
    lastHeld.set(t.actor, t.held);
    const delta = [...t.held.filter((h) => !before.includes(h)).map((h) => `+${h}`), ...before.filter((h) => !t.held.includes(h)).map((h) => `-${h}`)];
    const notes = [...(t.detail ? [`[${t.detail}]`] : []), ...(delta.length ? [`(${delta.join(' ')})`] : [])];
    return { lane: actors.indexOf(t.actor), code: t.step, notes };
  });
  const words = (s: string) => Math.max(...s.split(/\s+/).map((w) => w.length), 0);
  const sizes = cells.map((c) => codeWidths(c.code));
  const of = (i: number, k: 'min' | 'good' | 'nice' | 'want') => cells.flatMap((c, j) => (c.lane === i ? [sizes[j][k]] : []));
  const min = actors.map((a, i) => Math.max(words(a), ...of(i, 'min'), ...cells.filter((c) => c.lane === i).flatMap((c) => c.notes.map(words))));
  const good = actors.map((_, i) => Math.max(min[i], ...of(i, 'good')));
  const nice = actors.map((_, i) => Math.max(good[i], ...of(i, 'nice')));
  const want = actors.map((a, i) => Math.max(nice[i], a.length, ...of(i, 'want')));
  const lanes = laneWidths(min, [good, nice, want], width - GAP * (actors.length - 1));
  const lines: string[] = [];
  if (!lanes) {
    // Too many lanes for the width: one step under the other, each with its actor.
    for (const c of cells) {
      const label = `${actors[c.lane]}: `;
      const body = layoutCode(c.code, width - label.length);
      lines.push(label + body[0], ...body.slice(1).map((l) => ' '.repeat(label.length) + l));
      for (const n of c.notes) lines.push(...wrapProse(n, width - label.length).map((l) => ' '.repeat(label.length) + l));
      lines.push('');
    }
    return [...lines, ...foot].join('\n');
  }
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
  const row = (cols: string[][]) => {
    const h = Math.max(...cols.map((c) => c.length));
    for (let i = 0; i < h; i++) lines.push(cols.map((c, j) => pad(c[i] ?? '', lanes[j])).join(' '.repeat(GAP)).trimEnd());
  };
  row(actors.map((a, i) => wrapProse(a, lanes[i])));
  row(actors.map((_, i) => ['-'.repeat(lanes[i])]));
  for (const c of cells) {
    const w = lanes[c.lane];
    const text = [...layoutCode(c.code, w), ...c.notes.flatMap((n) => wrapProse(n, w))];
    row(actors.map((_, j) => (j === c.lane ? text : [])));
    lines.push('');
  }
  return [...lines, ...foot].join('\n');
}
