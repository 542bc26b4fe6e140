import { describe, expect, it } from 'vitest';
import { choiceLeavesOf, valuations, withChoicesDecided } from '../../../src/check/choices.js';
import { choiceCond, constCond, iff, not, op, type IfStmt } from '../../../src/model/code.js';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 123's L329 shape (2018, mremap's early flush decided by a helper): a test racebot does
// not model, explored both ways, lies on the race's path before and after the patch. Before, any
// such race was `unmapped` ("whether the race exists both before and after depends on ..."). Where
// both sides race with the test decided either way (the same value on both sides), the race is
// pre-existing whatever the test does, and the report says so; where one value closes the race on
// one side, it still depends on the test and stays `unmapped`.
const date = 'Tue, 5 Jun 2018 10:00:00 +0000';
const moveHunk = (lines: string[]) => countedHunk('mm/mremap.c', 160, 'static void move_ptes(struct vm_area_struct *vma, pmd_t *old_pmd,', lines).join('\n');

describe('a race through a test racebot does not model', () => {
  it('is pre-existing where both sides race whichever way the test goes', async () => {
    const diff = moveHunk([
      ' \t\tpte = ptep_get_and_clear(mm, old_addr, old_pte);',
      '-\t\tif (pte_present(pte) && pte_dirty(pte))',
      '+\t\tif (vma_is_urgent(vma))',
      ' \t\t\tforce_flush = true;',
      ' \t\tpte = move_pte(pte, new_vma->vm_page_prot, old_addr, new_addr);',
    ]);
    const f = finding(await check('[PATCH] mremap: ask the VMA whether to flush early', date, diff), 'S6');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).toBe('pre-existing');
    expect(f.assumptions.join('\n')).toMatch(/whichever way `vma_is_urgent\(vma\)` goes \(each way checked on both sides\)/);
  });

  it('still depends on the test where one way of it closes the race', async () => {
    const diff = moveHunk([
      ' \tarch_leave_lazy_mmu_mode();',
      '+\tif (vma_is_urgent(vma))',
      '+\t\tflush_tlb_range(vma, old_end - len, old_end);',
      ' \tif (new_ptl != old_ptl)',
      ' \t\tspin_unlock(new_ptl);',
    ]);
    const f = finding(await check('[PATCH] mremap: flush early when the VMA asks', date, diff), 'S6');
    expect(f.delta).toBe('unmapped');
    expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/depends on `if \(vma_is_urgent\(vma\)\)`/);
  });

  it('decides each undecided test by its C text, the same everywhere it stands', () => {
    const code = {
      f: [iff('if (a(x))', not(choiceCond('a(x)')), [op('s', 's()')]), iff('if (b)', op('b', 'b'), [iff('if (a(x) && c)', choiceCond('a(x)'), [])])],
      g: [iff('if (z())', choiceCond('z()'), [])],
    };
    expect(choiceLeavesOf([code], new Set(['if (a(x))']))).toEqual(['a(x)']);
    expect(choiceLeavesOf([code], new Set(['if (z())', 'if (b)']))).toEqual(['z()']);
    const decided = withChoicesDecided(code, new Map([['a(x)', true]]));
    expect((decided.f[0] as IfStmt).cond).toEqual(not(constCond('a(x)', true)));
    expect(((decided.f[1] as IfStmt).then[0] as IfStmt).cond).toEqual(constCond('a(x)', true));
    expect((decided.g[0] as IfStmt).cond).toEqual(choiceCond('z()'));
    expect(valuations(['p', 'q']).map((m) => [...m.values()])).toEqual([[true, true], [true, false], [false, true], [false, false]]);
  });
});
