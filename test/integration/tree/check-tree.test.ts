/**
 * racebot check with the base code from the patch's own tree: the whole functions the patch
 * changes are lifted on both sides by the same lifter. The tree's mm/gup.c is S3's reference
 * code written out as C (the project's own text), tagged like releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPatch } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/index.js';
import { resolveBaseAt } from '../../../src/tree/index.js';
import { gitDiff, makeRepo, patchMail, type TestRepo } from '../../helpers/git-tree.js';
import { V64, V7, V8 } from '../../helpers/s3-gup-c.js';

let repo: TestRepo;
beforeAll(() => {
  repo = makeRepo();
  repo.commit({ 'mm/gup.c': V64 }, 'Linux 6.4', '2023-06-25T20:00:00Z');
  repo.tag('v6.4', '2023-06-25T20:00:00Z');
});
afterAll(() => repo.remove());

async function check(pre: string, post: string, date = 'Tue, 4 Jul 2023 09:00:00 +0000') {
  const raw = patchMail({ subject: 'mm/gup: a change to GUP-fast', date, diff: gitDiff([{ path: 'mm/gup.c', pre, post }]) });
  const parsed = await parseMessage(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  const base = await resolveBaseAt(repo.dir, parsed.mail);
  return { base, report: checkPatch(parsed.mail, { base }) };
}

describe('check --tree: whole functions from the tree, both sides', () => {
  it('finds the pre-image by blob id and reports the v7 race as introduced', async () => {
    const { base, report } = await check(V64, V7);
    expect(base.how).toBe('blob');
    const f = report.findings.find((x) => x.scenario === 'S3')!;
    expect(f.delta).toBe('introduces');
    expect(f.invariant).toBe('I3.2');
    expect(f.assumptions[0]).toMatch(/lifted whole from the tree/);
    expect(f.trace.some((t) => t.primitive === 'read folio->mapping')).toBe(true);
  });

  it('a change racebot lifts to nothing on both sides (a comment before a modelled step) is unchanged by construction', async () => {
    const post = V64.replace('\tpte_t pte = ptep_get_lockless(ptep);', '\t/* the PTE as GUP-fast saw it */\n\tpte_t pte = ptep_get_lockless(ptep);');
    expect(post).not.toBe(V64);
    const { report } = await check(V64, post);
    const f = report.findings.find((x) => x.scenario === 'S3')!;
    expect(f.delta).toBe('unchanged');
  });

  it('the v8 fix against a tree that already has v7 starts from v7: fixes', async () => {
    repo.commit({ 'mm/gup.c': V7 }, 'mm/gup: v7', '2023-07-10T10:00:00Z');
    repo.tag('v6.5-rc2', '2023-07-10T10:00:00Z');
    const { base, report } = await check(V7, V8, 'Mon, 17 Jul 2023 09:00:00 +0000');
    expect(base.how).toBe('blob');
    const f = report.findings.find((x) => x.scenario === 'S3')!;
    expect(f.baseline).toBe('race');
    expect(f.delta).toBe('fixes');
  });

  it('a tree the patch does not apply to falls back to the reference, and says so', async () => {
    const other = V64.replace('local_irq_save(flags);', 'local_irq_disable();');
    const { base } = await check(other, other.replace('local_irq_restore(flags);', 'local_irq_enable();'), 'Tue, 4 Jul 2023 09:00:00 +0000');
    expect(base.how).toBe('reference');
    expect(base.code).not.toBeNull();
  });
});
