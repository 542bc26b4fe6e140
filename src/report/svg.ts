/**
 * A trace as an SVG swimlane: one vertical lane per actor, one row per step in time order (the
 * same steps as the column diagram), each step a box with the C it models and what it did, the
 * violating (last) step outlined in red with a label, and what each actor holds (locks, IRQs
 * off, a stale TLB entry / pending flush, a reference) drawn as spans alongside its lane.
 *
 * Plain SVG 1.1: no script, no external font or stylesheet, every text a real <text> (readable
 * by screen readers and by grep), a <title>/<desc> for the whole picture and a <title> tooltip
 * on every step with its full text. Pure: no I/O.
 */
import type { Finding } from '../check/check.js';
import type { TraceStep } from '../model/trace.js';
import { wrap } from './layout.js';
import { observation as observationLine } from './run-text.js';

export interface TraceSvgInput {
  readonly trace: readonly TraceStep[];
  readonly invariant?: string | null;
  readonly violation?: string | null;
  readonly observation?: string | null;
  /** Heading drawn above the lanes (default: from the invariant). */
  readonly title?: string | null;
}

export interface TraceSvgOptions {
  /** Keep quiet steps (branches not taken, lock hand-offs) too. Default false, like the diagram. */
  readonly all?: boolean;
  /** Prefix of the ids inside the SVG, for several SVGs inlined in one page. */
  readonly idPrefix?: string;
  /** Width of one lane in px (default 300). */
  readonly laneWidth?: number;
}

/** How a held item is drawn. */
export type SpanKind = 'lock' | 'irq' | 'flush' | 'other';

export function spanKind(held: string): SpanKind {
  if (/irq|preempt/i.test(held)) return 'irq';
  if (/tlb|flush|pending|stale/i.test(held)) return 'flush';
  if (/ptl|lock|sem|mutex|rcu/i.test(held)) return 'lock';
  return 'other';
}

const SPAN_COLOR: Record<SpanKind, string> = { lock: '#1f6feb', irq: '#d97706', flush: '#8250df', other: '#6e7781' };
const SPAN_NAME: Record<SpanKind, string> = { lock: 'lock held', irq: 'IRQs off', flush: 'stale TLB / pending flush', other: 'reference / context held' };
const LANE_FILL = ['#f6f8fa', '#f3f6fc', '#f7f5fb', '#f5f9f5', '#fbf7f3'];
const RED = '#cf222e';
const FONT = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
const SANS = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
/** A conservative width of one monospace character at 12px (DejaVu Sans Mono is 7.22). */
const CHAR_W = 7.4;
const CODE_LH = 16;
const DETAIL_LH = 15;
const MAX_CODE_LINES = 3;
const MAX_DETAIL_LINES = 3;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Wrap to at most `max` lines, the last one ending in an ellipsis when text was cut. */
function clip(text: string, width: number, max: number): { lines: string[]; cut: boolean } {
  const lines = wrap(text, width);
  if (lines.length <= max) return { lines, cut: false };
  const kept = lines.slice(0, max);
  const last = kept[max - 1];
  kept[max - 1] = (last.length >= width ? last.slice(0, width - 1) : last) + '…';
  return { lines: kept, cut: true };
}

function isFinding(x: Finding | TraceSvgInput): x is Finding {
  return (x as Finding).scenario !== undefined && (x as Finding).delta !== undefined;
}

/** The drawing input of a finding: its trace, invariant, violation and herd7-style observation. */
export function svgInputOf(f: Finding): TraceSvgInput {
  const id = f.delta === 'fixes' ? f.baselineVariant : f.variant ?? f.scenario;
  const when = f.delta === 'fixes' ? 'before the patch' : f.delta === 'pre-existing' ? 'before and after the patch' : 'with the patch';
  return {
    trace: f.trace,
    invariant: f.invariant,
    violation: f.violation,
    observation: f.invariant ? observationLine(id, f.name, 'race', f.invariant) : null,
    title: `${f.scenario} ${f.name}${f.variant ? ` (${f.variant})` : ''}: ${f.invariant ?? 'no race'}${f.invariant ? ` violated ${when}` : ''}`,
  };
}

interface Row {
  readonly index: number;
  readonly step: TraceStep;
  readonly lane: number;
  readonly code: string[];
  readonly codeCut: boolean;
  readonly detail: string[];
  readonly holds: string | null;
  readonly y: number;
  readonly h: number;
  readonly violating: boolean;
}

interface Span {
  readonly lane: number;
  readonly slot: number;
  readonly held: string;
  readonly kind: SpanKind;
  readonly from: number;
  /** Row index where it ends (released in that step), or -1: still held at the end. */
  readonly to: number;
}

/**
 * The trace as an SVG swimlane. Accepts a Finding or a bare trace with its invariant. Classes
 * for tests and styling: `lane` (one per actor, `data-actor`), `step` (`data-index`, `data-actor`),
 * `violating` on the last step, `span span-<kind>` (`data-held`).
 */
export function renderTraceSvg(input: Finding | TraceSvgInput, opts: TraceSvgOptions = {}): string {
  const src = isFinding(input) ? svgInputOf(input) : input;
  const idp = (opts.idPrefix ?? 'rb').replace(/[^A-Za-z0-9_-]/g, '');
  const steps = src.trace.filter((t, i) => opts.all || !t.quiet || i === src.trace.length - 1);
  const actors: string[] = [];
  for (const t of steps) if (!actors.includes(t.actor)) actors.push(t.actor);
  const heading = src.title ?? (src.invariant ? `${src.invariant} violated` : 'trace');
  const violation = src.violation ?? (src.invariant ? `${src.invariant} violated` : '');

  if (!actors.length) {
    const w = Math.max(360, 32 + heading.length * 9);
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="racebot-trace" width="${w}" height="84" viewBox="0 0 ${w} 84" role="img" aria-labelledby="${idp}-title" data-lanes="0" data-steps="0">`,
      `<title id="${idp}-title">${escapeXml(heading)}: no interleaving to draw</title>`,
      `<rect x="0" y="0" width="${w}" height="84" fill="#ffffff"/>`,
      `<text class="heading" x="16" y="32" font-family="${SANS}" font-size="16" font-weight="600" fill="#24292f">${escapeXml(heading)}</text>`,
      `<text x="16" y="60" font-family="${SANS}" font-size="13" fill="#57606a">No interleaving to draw: no race was found.</text>`,
      '</svg>',
    ].join('\n') + '\n';
  }
  const laneW = Math.max(200, opts.laneWidth ?? 300);
  const gap = 18;
  const axisW = 40;
  const margin = 16;
  const titleH = 34;
  const headH = 44;

  // Which held items each actor ever has: one gutter slot each, left of the boxes.
  const heldOf: string[][] = actors.map(() => []);
  for (const t of steps) {
    const slots = heldOf[actors.indexOf(t.actor)];
    for (const h of t.held) if (!slots.includes(h)) slots.push(h);
  }
  const slotW = 7;
  const gutterOf = (lane: number) => Math.min(heldOf[lane].length, 5) * slotW + 4;
  const laneX = (lane: number) => margin + axisW + lane * (laneW + gap);
  const boxX = (lane: number) => laneX(lane) + gutterOf(lane) + 4;
  const boxW = (lane: number) => laneW - gutterOf(lane) - 10;
  const totalW = margin * 2 + axisW + actors.length * laneW + Math.max(0, actors.length - 1) * gap;

  // Rows, in time order.
  const rows: Row[] = [];
  let y = margin + titleH + headH + 14;
  const lastHeld = new Map<string, string>();
  steps.forEach((t, i) => {
    const lane = actors.indexOf(t.actor);
    const cpl = Math.max(12, Math.floor((boxW(lane) - 16) / CHAR_W));
    const code = clip(t.step, cpl, MAX_CODE_LINES);
    const detail = t.detail ? clip(t.detail, cpl, MAX_DETAIL_LINES).lines : [];
    const held = t.held.join(', ');
    const holds = held !== (lastHeld.get(t.actor) ?? '') ? (held ? `holds ${held}` : 'holds nothing') : null;
    lastHeld.set(t.actor, held);
    const violating = i === steps.length - 1 && !!src.invariant;
    const h = 10 + code.lines.length * CODE_LH + (detail.length ? 4 + detail.length * DETAIL_LH : 0) + (holds ? 4 + DETAIL_LH : 0) + 8;
    rows.push({ index: i, step: t, lane, code: code.lines, codeCut: code.cut, detail, holds, y, h, violating });
    y += h + (violating ? 30 : 12);
  });
  const rowsEnd = y;

  // Spans: from the step that took an item to the step of the same actor that let it go.
  const spans: Span[] = [];
  actors.forEach((actor, lane) => {
    heldOf[lane].slice(0, 5).forEach((held, slot) => {
      let from = -1;
      for (const r of rows) {
        if (r.step.actor !== actor) continue;
        const has = r.step.held.includes(held);
        if (has && from < 0) from = r.index;
        if (!has && from >= 0) {
          spans.push({ lane, slot, held, kind: spanKind(held), from, to: r.index });
          from = -1;
        }
      }
      if (from >= 0) spans.push({ lane, slot, held, kind: spanKind(held), from, to: -1 });
    });
  });

  // Footer: the violated invariant in kernel terms, the observation, a legend.
  const footCpl = Math.max(40, Math.floor((totalW - 2 * margin) / 7.0));
  const violationLines = violation ? wrap(violation, footCpl) : [];
  const kinds = [...new Set(spans.map((s) => s.kind))];
  let fy = rowsEnd + 8;
  const footer: string[] = [];
  if (violationLines.length) {
    footer.push(`<g class="violation">`);
    violationLines.forEach((l, i) => footer.push(`<text x="${margin}" y="${fy + 14 + i * 17}" font-family="${SANS}" font-size="13" fill="${RED}"${i === 0 ? ' font-weight="600"' : ''}>${escapeXml(l)}</text>`));
    footer.push('</g>');
    fy += violationLines.length * 17 + 8;
  }
  if (src.observation) {
    footer.push(`<text class="observation" x="${margin}" y="${fy + 14}" font-family="${FONT}" font-size="12" fill="#24292f">${escapeXml(src.observation)}</text>`);
    fy += 24;
  }
  if (kinds.length || rows.some((r) => r.violating)) {
    fy += 6;
    let lx = margin;
    const legend: string[] = [`<g class="legend" font-family="${SANS}" font-size="12" fill="#57606a">`];
    for (const k of kinds) {
      legend.push(`<rect x="${lx}" y="${fy}" width="${slotW - 1}" height="14" rx="2" fill="${SPAN_COLOR[k]}"/>`);
      legend.push(`<text x="${lx + 12}" y="${fy + 11}">${escapeXml(SPAN_NAME[k])}</text>`);
      lx += 24 + SPAN_NAME[k].length * 6.6;
    }
    if (rows.some((r) => r.violating)) {
      legend.push(`<rect x="${lx}" y="${fy}" width="22" height="14" rx="3" fill="#fff5f5" stroke="${RED}" stroke-width="2.5"/>`);
      legend.push(`<text x="${lx + 28}" y="${fy + 11}">the step that violates the invariant</text>`);
    }
    legend.push('</g>');
    footer.push(...legend);
    fy += 22;
  }
  const totalH = Math.ceil(fy + margin);

  const desc = [
    `${heading}. ${actors.length} actors: ${actors.join('; ')}.`,
    ...rows.map((r) => `Step ${r.index + 1}, ${r.step.actor}: ${r.step.step}${r.step.detail ? ` [${r.step.detail}]` : ''}${r.holds ? ` (${r.holds})` : ''}${r.violating ? ` <- violates ${src.invariant}` : ''}.`),
    violation,
    src.observation ?? '',
  ]
    .filter(Boolean)
    .join(' ');

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="racebot-trace" width="${totalW}" height="${totalH}" viewBox="0 0 ${totalW} ${totalH}" role="img" aria-labelledby="${idp}-title ${idp}-desc" data-lanes="${actors.length}" data-steps="${rows.length}">`,
  );
  out.push(`<title id="${idp}-title">${escapeXml(heading)}</title>`);
  out.push(`<desc id="${idp}-desc">${escapeXml(desc)}</desc>`);
  out.push(`<rect x="0" y="0" width="${totalW}" height="${totalH}" fill="#ffffff"/>`);
  out.push(`<text class="heading" x="${margin}" y="${margin + 16}" font-family="${SANS}" font-size="16" font-weight="600" fill="#24292f">${escapeXml(heading)}</text>`);

  // Lanes: a tinted column, the actor's name on top, a dashed life line.
  const laneTop = margin + titleH;
  actors.forEach((a, lane) => {
    const x = laneX(lane);
    const name = clip(a, Math.floor((laneW - 16) / 8), 1).lines[0];
    out.push(`<g class="lane" data-actor="${escapeXml(a)}" data-lane="${lane}">`);
    out.push(`<rect class="lane-bg" x="${x}" y="${laneTop}" width="${laneW}" height="${rowsEnd - laneTop}" rx="6" fill="${LANE_FILL[lane % LANE_FILL.length]}"/>`);
    out.push(`<rect class="lane-head" x="${x}" y="${laneTop}" width="${laneW}" height="${headH - 10}" rx="6" fill="#24292f"/>`);
    out.push(`<text x="${x + laneW / 2}" y="${laneTop + 22}" text-anchor="middle" font-family="${SANS}" font-size="14" font-weight="600" fill="#ffffff"><title>${escapeXml(a)}</title>${escapeXml(name)}</text>`);
    out.push(`<line x1="${x + laneW / 2}" y1="${laneTop + headH - 10}" x2="${x + laneW / 2}" y2="${rowsEnd}" stroke="#afb8c1" stroke-width="1" stroke-dasharray="4 4"/>`);
    out.push('</g>');
  });

  // Time axis.
  out.push(`<g class="axis" font-family="${SANS}" font-size="11" fill="#57606a">`);
  out.push(`<text x="${margin + axisW / 2 - 4}" y="${laneTop + 22}" text-anchor="middle">time</text>`);
  out.push(`<line x1="${margin + axisW / 2 - 4}" y1="${laneTop + 30}" x2="${margin + axisW / 2 - 4}" y2="${rowsEnd - 6}" stroke="#d0d7de" stroke-width="1.5"/>`);
  out.push(`<path d="M ${margin + axisW / 2 - 8} ${rowsEnd - 12} L ${margin + axisW / 2 - 4} ${rowsEnd - 4} L ${margin + axisW / 2} ${rowsEnd - 12} Z" fill="#d0d7de"/>`);
  for (const r of rows) {
    out.push(`<circle cx="${margin + axisW / 2 - 4}" cy="${r.y + 13}" r="10" fill="${r.violating ? RED : '#ffffff'}" stroke="${r.violating ? RED : '#d0d7de'}"/>`);
    out.push(`<text x="${margin + axisW / 2 - 4}" y="${r.y + 17}" text-anchor="middle"${r.violating ? ' fill="#ffffff" font-weight="600"' : ''}>${r.index + 1}</text>`);
  }
  out.push('</g>');

  // Spans alongside the lanes.
  out.push('<g class="spans">');
  const mid = (i: number) => rows[i].y + Math.min(rows[i].h / 2, 14);
  for (const s of spans) {
    const x = laneX(s.lane) + 4 + s.slot * slotW;
    const y1 = mid(s.from);
    const y2 = s.to >= 0 ? mid(s.to) : rowsEnd - 4;
    const until = s.to >= 0 ? `until step ${s.to + 1}` : 'to the end';
    const tip = `${actors[s.lane]} holds ${s.held} from step ${s.from + 1} ${until}`;
    out.push(
      `<rect class="span span-${s.kind}" data-held="${escapeXml(s.held)}" data-actor="${escapeXml(actors[s.lane])}" x="${x}" y="${y1}" width="${slotW - 2}" height="${Math.max(4, y2 - y1)}" rx="2" fill="${SPAN_COLOR[s.kind]}"${s.to < 0 ? ' opacity="0.85"' : ''}><title>${escapeXml(tip)}</title></rect>`,
    );
  }
  out.push('</g>');

  // Steps.
  out.push('<g class="steps">');
  for (const r of rows) {
    const x = boxX(r.lane);
    const w = boxW(r.lane);
    const full = `${r.index + 1}. ${r.step.actor}: ${r.step.step}${r.step.fn ? ` (in ${r.step.fn}())` : ''}${r.step.detail ? `\n${r.step.detail}` : ''}${r.step.held.length ? `\nholds ${r.step.held.join(', ')}` : ''}`;
    out.push(`<g class="step${r.violating ? ' violating' : ''}" data-index="${r.index + 1}" data-actor="${escapeXml(r.step.actor)}" data-primitive="${escapeXml(r.step.primitive)}">`);
    out.push(`<title>${escapeXml(full)}</title>`);
    out.push(
      `<rect x="${x}" y="${r.y}" width="${w}" height="${r.h}" rx="5" fill="${r.violating ? '#fff5f5' : '#ffffff'}" stroke="${r.violating ? RED : '#8c959f'}" stroke-width="${r.violating ? 3 : 1}"/>`,
    );
    let ty = r.y + 8 + 12;
    for (const l of r.code) {
      out.push(`<text class="code" x="${x + 8}" y="${ty}" font-family="${FONT}" font-size="12" fill="#0b1f33" xml:space="preserve">${escapeXml(l)}</text>`);
      ty += CODE_LH;
    }
    if (r.detail.length) {
      ty += 3;
      for (const l of r.detail) {
        out.push(`<text class="detail" x="${x + 8}" y="${ty}" font-family="${SANS}" font-size="12" font-style="italic" fill="${r.violating ? '#a40e26' : '#57606a'}">${escapeXml(l)}</text>`);
        ty += DETAIL_LH;
      }
    }
    if (r.holds) {
      ty += 3;
      const cpl = Math.floor((w - 16) / 6.4);
      out.push(`<text class="holds" x="${x + 8}" y="${ty}" font-family="${SANS}" font-size="11" fill="#1f6feb">${escapeXml(clip(r.holds, cpl, 1).lines[0])}</text>`);
    }
    if (r.violating) {
      const label = `✗ violates ${src.invariant}`;
      const lw = 16 + label.length * 7;
      out.push(`<g class="violation-label"><rect x="${x + w - lw}" y="${r.y + r.h + 2}" width="${lw}" height="20" rx="4" fill="${RED}"/>`);
      out.push(`<text x="${x + w - lw / 2}" y="${r.y + r.h + 16}" text-anchor="middle" font-family="${SANS}" font-size="12" font-weight="600" fill="#ffffff">${escapeXml(label)}</text></g>`);
    }
    out.push('</g>');
  }
  out.push('</g>');
  out.push(...footer);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** A nodemailer attachment of a finding's trace (for the email reply). */
export function traceSvgAttachment(f: Finding, name?: string): { filename: string; contentType: string; content: string } {
  return {
    filename: name ?? `racebot-${(f.variant ?? f.scenario).replace(/[^A-Za-z0-9.]/g, '')}-${f.invariant ?? 'trace'}.svg`,
    contentType: 'image/svg+xml',
    content: renderTraceSvg(f),
  };
}
