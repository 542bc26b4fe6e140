import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import { HAVE_SHARED, SHARED_EXAMPLES } from '../helpers/shared.js';

// Bad input ends in a stated outcome, never an exception: patch emails with lines dropped,
// duplicated or swapped (hunk counts then disagree, statements are cut in half, braces no longer
// balance), checked end to end.
// The shared real patch emails join the project's corpus when ../shared is there (CI).
const DIRS = [...(HAVE_SHARED ? [SHARED_EXAMPLES] : []), ...['S0', 'S1', 'S2', 'S3', 'S4'].map((s) => resolve(process.cwd(), 'test/corpus', s))];
const FILES = DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.eml')).map((f) => join(d, f)));
const OUTCOMES = ['checked', 'rejected', 'no-patch'];
const DELTAS = ['introduces', 'fixes', 'pre-existing', 'unchanged', 'unmapped', 'inconclusive'];

const edit = fc.record({
  // drop/dup/strip-sign break the hunk counts (rejected); cut/swap keep them (the lifter sees it).
  kind: fc.constantFrom('drop', 'dup', 'strip-sign', 'cut', 'cut', 'swap', 'swap'),
  at: fc.nat(),
});

function mangle(text: string, edits: { kind: string; at: number }[]): string {
  const lines = text.split('\n');
  const body = lines.findIndex((l) => l.startsWith('diff --git'));
  for (const e of edits) {
    const lo = body > 0 ? body : 0;
    const i = lo + (e.at % Math.max(1, lines.length - lo));
    if (e.kind === 'drop') lines.splice(i, 1);
    else if (e.kind === 'dup') lines.splice(i, 0, lines[i] ?? '');
    else if (e.kind === 'swap' && i + 1 < lines.length && (lines[i] ?? '')[0] === (lines[i + 1] ?? '')[0]) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
    else if (e.kind === 'strip-sign') lines[i] = (lines[i] ?? '').replace(/^[-+ ]/, '');
    else if (e.kind === 'cut') {
      const l = lines[i] ?? '';
      if (/^[-+ ]/.test(l)) lines[i] = l.slice(0, Math.max(1, Math.floor(l.length / 2)));
    }
  }
  return lines.join('\n');
}

describe('robustness', () => {
  it('mangled patch emails end in a stated outcome, never a crash', async () => {
    const texts = FILES.map((f) => readFileSync(f, 'utf8'));
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), async (k, edits) => {
        const r = await parseMessage(mangle(texts[k], edits));
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          return;
        }
        const report = checkPatch(r.mail, { sweep: false, maxStates: 200_000 });
        expect(OUTCOMES).toContain(report.outcome);
        if (report.outcome === 'checked') checked++;
        if (report.outcome !== 'checked') expect(report.reason?.length ?? 0).toBeGreaterThan(0);
        for (const f of report.findings) {
          expect(DELTAS).toContain(f.delta);
          if (f.delta === 'unmapped') expect(f.unmapped.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150, seed: 20261122 },
    );
    // The mangling must reach the lifter, not only the diff parser.
    expect(checked).toBeGreaterThan(20);
  });
});
