/** The SVG swimlane's structure, without a browser: lanes, steps in order, the marked step, spans. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import type { TraceStep } from '../../src/model/trace.js';
import { renderTraceSvg, spanKind, traceSvgAttachment } from '../../src/report/svg.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const step = (actor: string, s: string, held: string[] = [], extra: Partial<TraceStep> = {}): TraceStep => ({ actor, step: s, primitive: s.split('(')[0], fn: 'f', detail: '', held, quiet: false, ...extra });

const all = (svg: string, re: RegExp) => [...svg.matchAll(re)];

describe('renderTraceSvg', () => {
  const trace: TraceStep[] = [
    step('CPU0 zap', 'spin_lock(ptl)', ['PTL'], { detail: 'PTL taken' }),
    step('CPU1 fault', 'pte = ptep_get(ptep)'),
    step('CPU0 zap', 'if (pte_none(pte))', ['PTL'], { quiet: true }),
    step('CPU0 zap', 'ptep_clear_flush(vma, addr, ptep)', ['PTL', 'TLB: P (W)']),
    step('CPU0 zap', 'spin_unlock(ptl)', ['TLB: P (W)']),
    step('CPU2 <user>', 'local_irq_disable()', ['IRQs off']),
    step('CPU1 fault', 'copy_user_highpage(new, old, addr, vma) /* a very long line of C that cannot fit in one box of a lane, so it is cut */', [], { detail: 'copies stale data & "more" <here>' }),
  ];
  const svg = renderTraceSvg({ trace, invariant: 'I9.1', violation: 'I9.1 violated: the copy is stale', observation: 'Observation S9 test Sometimes (I9.1)' });

  it('is one standalone SVG document with a title and a description for screen readers', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/role="img" aria-labelledby="rb-title rb-desc"/);
    expect(svg).toMatch(/<title id="rb-title">I9\.1 violated<\/title>/);
    expect(svg).toMatch(/<desc id="rb-desc">[^<]*Step 1, CPU0 zap: spin_lock\(ptl\)/);
    // No external resources: no fonts, stylesheets, images or scripts fetched.
    expect(svg).not.toMatch(/@import|url\(|<image|<script|href=/);
    // Balanced groups.
    expect(all(svg, /<g[ >]/g).length).toBe(all(svg, /<\/g>/g).length);
  });

  it('has one lane per actor, in order of appearance', () => {
    const lanes = all(svg, /<g class="lane" data-actor="([^"]*)"/g).map((m) => m[1]);
    expect(lanes).toEqual(['CPU0 zap', 'CPU1 fault', 'CPU2 &lt;user&gt;']);
    expect(svg).toContain('data-lanes="3"');
  });

  it('draws the shown steps in time order (quiet ones left out) and marks the last one', () => {
    const steps = all(svg, /<g class="step( violating)?" data-index="(\d+)" data-actor="([^"]*)"/g);
    expect(steps.map((m) => Number(m[2]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.filter((m) => m[1]).map((m) => m[2])).toEqual(['6']);
    const ys = all(svg, /<g class="step[^"]*"[^>]*>\n<title>[^<]*<\/title>\n<rect x="[\d.]+" y="([\d.]+)"/g).map((m) => Number(m[1]));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    // The violating step: a red outline and a label naming the invariant.
    expect(svg).toMatch(/stroke="#cf222e" stroke-width="3"/);
    expect(svg).toContain('✗ violates I9.1');
    expect(svg).toContain('Observation S9 test Sometimes (I9.1)');
    expect(svg).not.toContain('if (pte_none(pte))');
    expect(renderTraceSvg({ trace, invariant: 'I9.1' }, { all: true })).toContain('if (pte_none(pte))');
  });

  it('cuts long C with an ellipsis and keeps the full text in a tooltip, escaped', () => {
    expect(svg).toMatch(/<text class="code"[^>]*>[^<]*…<\/text>/);
    expect(svg).toContain('so it is cut */ (in f())');
    expect(svg).toContain('copies stale data &amp; &quot;more&quot; &lt;here&gt;');
  });

  it('draws what each actor holds as spans beside its lane, released where the actor lets go', () => {
    const spans = all(svg, /<rect class="span span-(\w+)" data-held="([^"]*)" data-actor="([^"]*)"[^>]*><title>([^<]*)<\/title>/g).map((m) => ({ kind: m[1], held: m[2], actor: m[3], tip: m[4] }));
    expect(spans).toEqual([
      { kind: 'lock', held: 'PTL', actor: 'CPU0 zap', tip: 'CPU0 zap holds PTL from step 1 until step 4' },
      { kind: 'flush', held: 'TLB: P (W)', actor: 'CPU0 zap', tip: 'CPU0 zap holds TLB: P (W) from step 3 to the end' },
      { kind: 'irq', held: 'IRQs off', actor: 'CPU2 &lt;user&gt;', tip: 'CPU2 &lt;user&gt; holds IRQs off from step 5 to the end' },
    ]);
    expect(['PTL', 'mmap_lock(w)', 'lock_page(P)', 'IRQs off', 'TLB: P (W)', 'folio ref'].map(spanKind)).toEqual(['lock', 'lock', 'lock', 'irq', 'flush', 'other']);
  });

  it.skipIf(!HAVE_SHARED)('draws a real finding: the v7 GUP-fast race, three lanes, the ->mapping read marked', async () => {
    const r = await parseMessage(readFileSync(resolve(process.cwd(), '../shared/examples/12-gup-fast-longterm-file-v7.eml')));
    if (!r.ok) throw new Error(r.reason);
    const f = checkPatch(r.mail).findings.find((x) => x.scenario === 'S3')!;
    const s = renderTraceSvg(f, { idPrefix: 'x1' });
    expect(all(s, /<g class="lane" data-actor="([^"]*)"/g).map((m) => m[1])).toEqual(['CPU0 gup-fast', 'CPU1 zap', 'CPU2 allocator']);
    expect(s).toMatch(/<g class="step violating" data-index="12" data-actor="CPU0 gup-fast" data-primitive="[^"]*">/);
    expect(s).toContain('<title id="x1-title">S3 gup-fast-pin (S3.1): I3.2 violated with the patch</title>');
    expect(s).toContain('Observation S3.1 gup-fast-pin Sometimes (I3.2)');
    expect(s).toMatch(/class="span span-irq" data-held="IRQs off" data-actor="CPU0 gup-fast"/);
    expect(s).toMatch(/class="span span-lock" data-held="mmap_lock\(r\)" data-actor="CPU1 zap"/);
    const a = traceSvgAttachment(f);
    expect([a.filename, a.contentType]).toEqual(['racebot-S3.1-I3.2.svg', 'image/svg+xml']);
  });

  it('an empty trace is still a valid picture', () => {
    const s = renderTraceSvg({ trace: [], invariant: null });
    expect(s).toContain('data-lanes="0"');
    expect(s).not.toMatch(/class="step[ "]/);
    expect(s).toContain('No interleaving to draw');
  });
});
