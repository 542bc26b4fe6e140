import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatch, linkVersions, type PatchReport } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import type { PatchMail } from '../../src/mail/types.js';
import { renderCheckText, renderEmail, checkJson } from '../../src/report/check-report.js';
import { replay } from '../../src/model/replay.js';
import { scenarioById } from '../../src/scenarios/index.js';
import { resolveSwitches } from '../../src/scenarios/run.js';
import { HAVE_SHARED } from '../helpers/shared.js';

// The real patch emails of ../shared/examples and what EXPECTED.md says the bot must report.
const DIR = resolve(process.cwd(), '../shared/examples');

const EXPECTED: Record<string, { scenario: string; delta: string; variant?: string; invariant?: string }> = {
  '01-uprobes-set-pte-at-rfc.eml': { scenario: 'S0', delta: 'unchanged', variant: 'S0.1' },
  '05-uffd-wp-mmap-write-lock-v1.eml': { scenario: 'S1', delta: 'fixes', invariant: 'I1.1' },
  '08-uffd-shmem-continue-install-ptes-v4.eml': { scenario: 'S2', delta: 'unchanged' },
  '12-gup-fast-longterm-file-v7.eml': { scenario: 'S3', delta: 'introduces', variant: 'S3.1', invariant: 'I3.2' },
  '13-gup-fast-longterm-file-v8.eml': { scenario: 'S3', delta: 'unchanged' },
  '16-uprobes-xol-arch-copy-ixol.eml': { scenario: 'S4', delta: 'fixes', variant: 'S4.1', invariant: 'I4.1' },
};

async function load(file: string): Promise<PatchMail> {
  const r = await parseMessage(readFileSync(resolve(DIR, file)));
  if (!r.ok) throw new Error(`${file}: ${r.reason}`);
  return r.mail;
}

describe.skipIf(!HAVE_SHARED)('shared examples (EXPECTED.md)', () => {
  const mails: PatchMail[] = [];
  const reports: PatchReport[] = [];

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`${file}: ${want.scenario} ${want.delta}`, async () => {
      const mail = await load(file);
      const report = checkPatch(mail);
      mails.push(mail);
      reports.push(report);
      expect(report.outcome).toBe('checked');
      const f = report.findings.find((x) => x.scenario === want.scenario);
      expect(f, `no ${want.scenario} finding`).toBeDefined();
      expect(f!.unmapped).toEqual([]);
      expect(f!.delta).toBe(want.delta);
      if (want.variant) expect(f!.variant).toBe(want.variant);
      if (want.invariant) expect(f!.invariant).toBe(want.invariant);
      // The text report names the invariant and shows the interleaving for races it reports.
      const text = renderCheckText([report]);
      if (want.delta === 'introduces' || want.delta === 'fixes') {
        expect(text).toContain(want.invariant!);
        expect(text).toMatch(/Observation \S+ \S+ Sometimes/);
        expect(f!.trace.length).toBeGreaterThan(3);
      }
    });
  }

  it('01: the copy is racy if the VMA can be written, which the patch neither causes nor fixes', async () => {
    const r = checkPatch(await load('01-uprobes-set-pte-at-rfc.eml'));
    const f = r.findings.find((x) => x.scenario === 'S0')!;
    const note = f.notes.find((n) => n.switches.uprobe_op === 'unregister');
    expect(note?.delta).toBe('pre-existing');
    expect(note?.invariant).toBe('I0.1');
  });

  it('12: the trace is real: it replays on the patched model to I3.2', async () => {
    const r = checkPatch(await load('12-gup-fast-longterm-file-v7.eml'));
    const f = r.findings.find((x) => x.scenario === 'S3')!;
    const sc = scenarioById('S3')!;
    const v = sc.variants.find((x) => x.id === 'S3.1')!;
    const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v, f.switches));
    const res = replay(model, f.trace.map((t) => ({ actor: t.actor, step: t.step })));
    expect(res.violated).toBe('I3.2');
    expect(f.dependsOn.tlb_flush_ipi).toBe(false);
  });

  it('v8 against v7: "fixes the race reported on v7"', async () => {
    const m7 = await load('12-gup-fast-longterm-file-v7.eml');
    const m8 = await load('13-gup-fast-longterm-file-v8.eml');
    const linked = linkVersions([m7, m8], [checkPatch(m7), checkPatch(m8)]);
    expect(linked[1].sinceLastVersion).toContain('v8 fixes the race reported on v7');
  });

  it('renders the v7 reply as a threaded, bottom-posted, 72-column plain-text email', async () => {
    const mail = await load('12-gup-fast-longterm-file-v7.eml');
    const e = renderEmail(mail, checkPatch(mail), { from: 'racebot <racebot@example.org>', contact: 'racebot-maint@example.org' });
    const h = new Map(e.headers);
    expect(h.get('Subject')).toBe(`Re: ${mail.subject}`);
    expect(h.get('In-Reply-To')).toBe(`<${mail.messageId}>`);
    expect(h.get('References')).toContain(`<${mail.messageId}>`);
    expect(h.get('Auto-Submitted')).toBe('auto-generated');
    expect(h.get('Content-Type')).toMatch(/^text\/plain/);
    const lines = e.text.split('\n');
    expect(lines[0]).toMatch(/wrote:$/);
    expect(lines[1]).toMatch(/^> @@/); // the quoted hunk comes first, the answer below it
    // Prose and the diagram are wrapped at 72; quoted code is quoted as it was.
    for (const l of lines) if (!l.startsWith('>')) expect(l.length, l).toBeLessThanOrEqual(72);
    expect(e.text).toContain('Observation S3.1 gup-fast-pin Sometimes (I3.2)');
    expect(e.text).toMatch(/\n-- \n/);
    expect(e.text).not.toMatch(/<html|<\/?[a-z]+>/i);
  });

  it('produces racebot.check/1 JSON', async () => {
    const mail = await load('16-uprobes-xol-arch-copy-ixol.eml');
    const j = checkJson([checkPatch(mail)]);
    expect(j.schema).toBe('racebot.check/1');
    const f = j.patches[0].findings[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['scenario', 'variant', 'baseline', 'patched', 'delta', 'invariant', 'dependsOn', 'trace']));
    expect(f.baseline).toBe('race');
    expect(f.patched).toBe('safe');
    expect(f.dependsOn).toEqual({ icache_coherent: false });
  });
});
