import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMails, seriesFacts } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import type { PatchMail } from '../../src/mail/types.js';

const DIR = resolve(process.cwd(), 'test/fixtures/series');

async function load(f: string): Promise<PatchMail> {
  const r = await parseMessage(readFileSync(resolve(DIR, f)));
  if (!r.ok) throw new Error(r.reason);
  return r.mail;
}

describe('a series can change what a primitive means', () => {
  it('1/2 moves secondary-TLB invalidation into the arch flush (M0e): a switch for the rest of the series', async () => {
    expect(seriesFacts(await load('1-x86-secondary-tlbs.eml'))).toEqual({ secondary_tlb_in_arch_flush: true });
  });

  it('2/2 alone is the pre-v6.6 S0.4 race; after 1/2 it is S0.7 and safe', async () => {
    const p1 = await load('1-x86-secondary-tlbs.eml');
    const p2 = await load('2-uprobes-plain-flush.eml');
    const alone = checkMails([p2])[0].findings.find((f) => f.scenario === 'S0')!;
    expect(alone.delta).toBe('introduces');
    expect(alone.variant).toBe('S0.4');
    expect(['I0.3', 'I0.2']).toContain(alone.invariant);
    const [inSeries] = checkMails([p2, p1]); // out of order on input: still checked as 1/2 then 2/2
    const f = inSeries.findings.find((x) => x.scenario === 'S0')!;
    expect(f.switches.secondary_tlb_in_arch_flush).toBe(true);
    expect(f.delta).toBe('unchanged');
    expect(f.variant).toBe('S0.7');
  });
});
