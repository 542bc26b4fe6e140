import { describe, expect, it } from 'vitest';
import { check, countedHunk, fileHeader, finding } from '../../helpers/shape-checks.js';

// A block moved from below an unchanged stretch of a function to above it: one hunk adds it, the
// next deletes it, and the lines between are in neither. The pte_numa era's change_pte_range()
// (3.8 to 3.19) had the dirty-accountable upgrade and the commit after its `if (!prot_numa) {
// ... } else { ... }`, the commit under a second `if (!prot_numa)`; a cleanup moves both into the
// first branch. The head of that branch is above both hunks; its kept NUMA-hint clear says which
// branch it is. Read before: unmapped in S1 and S2 (each hunk alone is no place in the models).
const fn = 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,';
const date = 'Wed, 12 Feb 2014 09:30:00 +0000';

const firstHunk = (body: string[]) =>
  countedHunk('mm/mprotect.c', 60, fn, [
    ' \t\t\t\tif (pte_numa(ptent))',
    ' \t\t\t\t\tptent = pte_mknonnuma(ptent);',
    ...body,
    ' \t\t\t\tupdated = true;',
    ' \t\t\t} else {',
    ' \t\t\t\tstruct page *page;',
  ]).slice(4);

// (The second hunk's new start: 72 less the first hunk's net lines.)
const secondHunk = (grown: number) => {
  const lines = [
    ' \t\t\t\t\t}',
    ' \t\t\t\t}',
    ' \t\t\t}',
    '-\t\t\t/* make known-dirty entries writable at once */',
    '-\t\t\tif (dirty_accountable && pte_dirty(ptent)) {',
    '-\t\t\t\tptent = pte_mkwrite(ptent);',
    '-\t\t\t\tupdated = true;',
    '-\t\t\t}',
    ' \t\t\tif (updated)',
    ' \t\t\t\tpages++;',
    '-\t\t\tif (!prot_numa)',
    '-\t\t\t\tptep_modify_prot_commit(mm, addr, pte, ptent);',
    ' \t\t} else if (IS_ENABLED(CONFIG_MIGRATION) && !pte_file(oldpte)) {',
  ];
  const olds = lines.filter((l) => !l.startsWith('+')).length;
  const news = lines.filter((l) => !l.startsWith('-')).length;
  return [`@@ -74,${olds} +${74 + grown},${news} @@ ${fn}`, ...lines];
};

const movedUp = [
  ' \t\t\t\tptent = pte_modify(ptent, newprot);',
  '+\t\t\t\tif (dirty_accountable && pte_dirty(ptent))',
  '+\t\t\t\t\tptent = pte_mkwrite(ptent);',
  '+\t\t\t\tptep_modify_prot_commit(mm, addr, pte, ptent);',
];

// The commit put before the modify it follows: a change of order, not the same steps.
const aheadOfModify = [
  '+\t\t\t\tif (dirty_accountable && pte_dirty(ptent))',
  '+\t\t\t\t\tptent = pte_mkwrite(ptent);',
  '+\t\t\t\tptep_modify_prot_commit(mm, addr, pte, ptent);',
  ' \t\t\t\tptent = pte_modify(ptent, newprot);',
];

const diffOf = (body: string[]) => [...fileHeader('mm/mprotect.c'), ...firstHunk(body), ...secondHunk(3)].join('\n');

describe('a block moved into an earlier hunk of the function, across lines in no hunk', () => {
  it('reads the two hunks together: the same steps in S1 and S2, unchanged', async () => {
    const r = await check('[PATCH] mm: mprotect: commit inside the non-NUMA branch', date, diffOf(movedUp));
    for (const sc of ['S1', 'S2']) {
      const f = finding(r, sc);
      expect(f.unmapped).toEqual([]);
      expect(f.delta).toBe('unchanged');
      expect(f.assumptions.join('\n')).toMatch(/read together .*`if \(!prot_numa\)`.*the model is unchanged there/s);
    }
  });
  it('a commit moved ahead of the modify is no such move: never read as unchanged', async () => {
    const r = await check('[PATCH] mm: mprotect: commit before the modify', date, diffOf(aheadOfModify));
    for (const sc of ['S1', 'S2']) {
      const f = finding(r, sc);
      expect(f.assumptions.join('\n')).not.toMatch(/read together/);
      expect(f.delta).not.toBe('unchanged');
    }
  });
  it('without the kept line that names the branch, the else after it is not taken for `if (!prot_numa)`', async () => {
    const r = await check('[PATCH] mm: mprotect: commit inside the first branch', date, [...fileHeader('mm/mprotect.c'), ...firstHunk(movedUp).filter((l) => !/pte_numa|pte_mknonnuma/.test(l)).map((l) => l.replace(/^@@ -60,(\d+) \+60,(\d+)/, (_m, a, b) => `@@ -60,${Number(a) - 2} +60,${Number(b) - 2}`)), ...secondHunk(3)].join('\n'));
    expect(finding(r, 'S2').assumptions.join('\n')).not.toMatch(/read together/);
  });
});
