/**
 * Text layout for reports: wrapping to a width, and the column diagram kernel developers put in
 * commit messages (one column per actor, time going down).
 */
import type { TraceStep } from '../model/trace.js';

/** Wrap `text` to lines of at most `width` characters (long words are cut). */
export function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (w.length > width) {
      // Cut a long C expression after a '(' or ',' or before '->' rather than mid-identifier.
      const room = cur ? width - cur.length - 1 : width;
      let cut = -1;
      for (let i = Math.min(room, w.length - 1); i > 0; i--) {
        if (w[i - 1] === '(' || w[i - 1] === ',' || (w[i] === '-' && w[i + 1] === '>')) {
          cut = i;
          break;
        }
      }
      if (cut <= 0) {
        if (cur) {
          lines.push(cur);
          cur = '';
          continue;
        }
        cut = width;
      }
      const head = w.slice(0, cut);
      lines.push(cur ? `${cur} ${head}` : head);
      cur = '';
      w = w.slice(cut);
    }
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

export interface DiagramOptions {
  /** Total width in columns (72 for email). */
  readonly width?: number;
  /** Keep quiet steps too. */
  readonly all?: boolean;
  /**
   * Compact cells for narrow output (email at 72 columns): long C shortened to its call
   * (`ptep_modify_prot_commit(...)`), and only the locks taken or dropped (`+PTL`, `-PTL`).
   */
  readonly compact?: boolean;
}

/** `x = foo(a, b, c)` -> `x = foo(...)` when it does not fit; `if (long cond)` -> `if (...)` cut. */
export function shortC(c: string, width: number): string {
  if (c.length <= width) return c;
  const m = /^((?:[\w>.\-*\[\]]+\s*=\s*)?)(?:if\s*\(\s*(?:unlikely|likely)?\(?\s*!?)?([A-Za-z_]\w*)\s*\(/.exec(c);
  if (m && !c.startsWith('if')) {
    const short = `${m[1]}${m[2]}(...)`;
    if (short.length <= width) return short;
  }
  return c.slice(0, Math.max(4, width - 1)) + '…';
}

/**
 * One column per actor that does something in the trace, time going down, each step's C with
 * what it did in brackets and the locks held, ending with the violated invariant.
 */
export function columnDiagram(trace: readonly TraceStep[], footer: readonly string[], opts: DiagramOptions = {}): string {
  const width = opts.width ?? 100;
  const steps = trace.filter((t, i) => opts.all || !t.quiet || i === trace.length - 1);
  const actors: string[] = [];
  for (const t of steps) if (!actors.includes(t.actor)) actors.push(t.actor);
  if (actors.length === 0) return footer.flatMap((f) => (f ? wrap(f, width) : [''])).join('\n');
  const gap = 2;
  const col = Math.max(16, Math.floor((width - gap * (actors.length - 1)) / actors.length));
  const pad = (s: string) => s + ' '.repeat(Math.max(0, col - s.length));
  const lines: string[] = [];
  const row = (cells: string[][]) => {
    const h = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < h; i++) lines.push(cells.map((c) => pad(c[i] ?? '')).join(' '.repeat(gap)).trimEnd());
  };
  row(actors.map((a) => wrap(a, col)));
  row(actors.map(() => ['-'.repeat(Math.min(col, 24))]));
  let lastHeld = new Map<string, string>();
  const lastSet = new Map<string, readonly string[]>();
  for (const t of steps) {
    const k = actors.indexOf(t.actor);
    const text: string[] = opts.compact ? wrap(shortC(t.step, col * 2), col) : [...wrap(t.step, col)];
    if (t.detail) text.push(...wrap(`[${t.detail}]`, col));
    const held = t.held.join(', ');
    if (opts.compact) {
      const before = lastSet.get(t.actor) ?? [];
      const delta = [...t.held.filter((h) => !before.includes(h)).map((h) => `+${h}`), ...before.filter((h) => !t.held.includes(h)).map((h) => `-${h}`)];
      if (delta.length) text.push(...wrap(`(${delta.join(' ')})`, col));
      lastSet.set(t.actor, t.held);
    } else if (held !== (lastHeld.get(t.actor) ?? '')) text.push(...wrap(held ? `(holds ${held})` : '(holds nothing)', col));
    lastHeld.set(t.actor, held);
    row(actors.map((_, j) => (j === k ? text : [])));
    lines.push('');
  }
  for (const f of footer) lines.push(...(f ? wrap(f, width) : ['']));
  return lines.join('\n');
}
