import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMails, seriesFacts } from '../../src/check/check.js';
import { renderCheckText, renderEmail } from '../../src/report/check-report.js';
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

  it('the series\' own spelling before 6.6 renamed it, mmu_notifier_invalidate_range() in the arch flush, is the same fact', async () => {
    const mail = [
      'From: A <a@example.org>',
      'Subject: [PATCH v3 3/5] x86: invalidate secondary TLBs with the CPU TLB',
      'Date: Thu, 20 Jul 2023 10:00:00 +0000',
      'Message-ID: <series-old-spelling@example.org>',
      '',
      'x',
      '---',
      'diff --git a/arch/x86/include/asm/tlbflush.h b/arch/x86/include/asm/tlbflush.h',
      'index 1111111..2222222 100644',
      '--- a/arch/x86/include/asm/tlbflush.h',
      '+++ b/arch/x86/include/asm/tlbflush.h',
      '@@ -290,6 +290,7 @@ static inline void arch_tlbbatch_add_pending(struct arch_tlbflush_unmap_batch *batch,',
      ' {',
      ' 	inc_mm_tlb_gen(mm);',
      ' 	cpumask_or(&batch->cpumask, &batch->cpumask, mm_cpumask(mm));',
      '+	mmu_notifier_invalidate_range(mm, 0, -1UL);',
      ' }',
      ' ',
      ' static inline bool pte_flags_need_flush(unsigned long oldflags,',
      '',
    ].join('\n');
    const r = await parseMessage(mail);
    if (!r.ok) throw new Error(r.reason);
    expect(seriesFacts(r.mail)).toEqual({ secondary_tlb_in_arch_flush: true });
  });

  // Sample 40's R02 (2023): the last patch of the series, checked alone. Its context already
  // spells the hook by its 6.6 name, which came with the arch flush calling it.
  it('a pre-image that spells mmu_notifier_arch_invalidate_secondary_tlbs() is a tree with the hook', async () => {
    const mail = [
      'From: A <a@example.org>',
      'Subject: [PATCH 4/4] mm: drop the _notify form of the PTE clear',
      'Date: Tue, 18 Jul 2023 10:00:00 +0000',
      'Message-ID: <series-new-name-context@example.org>',
      '',
      'x',
      '---',
      'diff --git a/include/linux/mmu_notifier.h b/include/linux/mmu_notifier.h',
      'index 1111111..2222222 100644',
      '--- a/include/linux/mmu_notifier.h',
      '+++ b/include/linux/mmu_notifier.h',
      '@@ -580,9 +580,6 @@ static inline void mmu_notifier_range_init_owner(',
      ' ',
      '-#define ptep_clear_flush_notify(__vma, __address, __ptep) \\',
      '-\tmmu_notifier_arch_invalidate_secondary_tlbs((__vma)->vm_mm, (__address), (__address) + PAGE_SIZE)',
      '-',
      ' /*',
      '  * set_pte_at_notify() sets the pte _after_ running the notifier.',
      '  */',
      '',
    ].join('\n');
    const r = await parseMessage(mail);
    if (!r.ok) throw new Error(r.reason);
    expect(seriesFacts(r.mail)).toEqual({ secondary_tlb_in_arch_flush: true });
  });

  // 2/2 alone would introduce the pre-v6.6 S0.4 race, but only where the arch flush does not
  // reach secondary TLBs, which is what 1/2 (not given) may change: no verdict, and why. (Sample
  // 42's R02, the last patch of the 6.6 series checked by itself, was a false alarm before.)
  it('2/2 alone has no verdict: its race rests on what 1/2 may change; after 1/2 it is S0.7 and safe', async () => {
    const p1 = await load('1-x86-secondary-tlbs.eml');
    const p2 = await load('2-uprobes-plain-flush.eml');
    const alone = checkMails([p2])[0].findings.find((f) => f.scenario === 'S0')!;
    expect(alone.delta).toBe('inconclusive');
    expect(alone.variant).toBe('S0.4');
    expect(['I0.3', 'I0.2']).toContain(alone.invariant);
    expect(alone.pending).toMatch(/holds only on kernels before v6\.6 \(secondary_tlb_in_arch_flush=false\), and patch 1\/2 of its series, not given to racebot, may change that/);
    expect(renderCheckText(checkMails([p2]))).toMatch(/No verdict in S0 uprobes-replace-page: the race this patch would introduce/);
    const [inSeries] = checkMails([p2, p1]); // out of order on input: still checked as 1/2 then 2/2
    const f = inSeries.findings.find((x) => x.scenario === 'S0')!;
    expect(f.switches.secondary_tlb_in_arch_flush).toBe(true);
    expect(f.delta).toBe('unchanged');
    expect(f.variant).toBe('S0.7');
  });

  it('a verdict on 2/2 checked without 1/2 says so, in the reply and the text; checked after 1/2 it does not', async () => {
    const p1 = await load('1-x86-secondary-tlbs.eml');
    const p2 = await load('2-uprobes-plain-flush.eml');
    const [alone] = checkMails([p2]);
    expect(alone.seriesAlone).toMatch(/patch 2\/2 was checked without patch 1\/2 of its series/);
    const email = renderEmail(p2, alone, { from: 'racebot <racebot@localhost>', contact: 'the maintainers' }).text;
    expect(email).toMatch(/Note: Patch 2\/2 was checked without patch 1\/2/);
    expect(renderCheckText([alone])).toMatch(/note: patch 2\/2 was checked without/);
    const [, inSeries] = checkMails([p1, p2]);
    expect(inSeries.seriesAlone ?? null).toBeNull();
  });

  it('a race that rests on nothing an earlier patch of the series may change stands when the patch is checked alone', async () => {
    const raw = readFileSync(resolve(process.cwd(), 'examples/gup-fast-pin-before-recheck.eml'), 'utf8').replace(/^Subject: \[PATCH v2\]/m, 'Subject: [PATCH v2 2/2]');
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mail.tags.index).toBe(2);
    const [alone] = checkMails([r.mail]);
    const f = alone.findings.find((x) => x.scenario === 'S3')!;
    expect(f.delta).toBe('introduces');
    expect(alone.seriesAlone).toMatch(/patch 2\/2 was checked without patch 1\/2/);
  });
});
