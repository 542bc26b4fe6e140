import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// Sample 78's R28 shape (2024): a patch defines an unmap flag of its own, reclaim sets it only
// for a PMD-mapped THP, and try_to_unmap_one() tests it above its rmap walk, with a helper that
// unmaps the huge PMD whole and returns early. The test and its early return stand between two
// lines the model has no step for (`TTU_SYNC`, `TTU_SPLIT_HUGE_PMD`), so they were placed
// everywhere and the verdict moved with them. No S2 page is a THP: the one set of the flag is on
// a branch no modelled reclaim takes, so the flag is clear and the test never true.

const newFlag = countedHunk('include/linux/rmap.h', 98, 'enum ttu_flags {', [
  ' \tTTU_BATCH_FLUSH\t\t= 0x40,\t/* batch TLB flushes where possible */',
  ' \tTTU_RMAP_LOCKED\t\t= 0x80,\t/* do not grab rmap lock: caller holds it */',
  '+\tTTU_WHOLE_PMD\t\t= 0x200,\t/* unmap a clean huge PMD without splitting it */',
  ' };',
]);

const helperAndTest = countedHunk('mm/rmap.c', 1600, 'void folio_remove_rmap_pmd(struct folio *folio, struct page *page,', [
  ' #endif',
  ' }',
  ' ',
  '+static bool unmap_clean_huge_pmd(struct vm_area_struct *vma, unsigned long addr,',
  '+\t\t\t\t struct folio *folio)',
  '+{',
  '+\tstruct mm_struct *mm = vma->vm_mm;',
  '+\tpmd_t *pmd = mm_find_pmd(mm, addr);',
  '+\tpmd_t old;',
  '+\tspinlock_t *ptl;',
  '+',
  '+\tif (!pmd || pmd_dirty(*pmd) || folio_test_dirty(folio))',
  '+\t\treturn false;',
  '+\tptl = pmd_lock(mm, pmd);',
  '+\told = pmdp_huge_get_and_clear(mm, addr, pmd);',
  '+\tfolio_remove_rmap_pmd(folio, pmd_page(old), vma);',
  '+\tspin_unlock(ptl);',
  '+\tfolio_put(folio);',
  '+\treturn true;',
  '+}',
  '+',
  ' /*',
  '  * @arg: enum ttu_flags will be passed to this argument',
  '  */',
]);

const earlyReturn = (setLines: string[]) => [
  ...countedHunk('mm/rmap.c', 1660, 'static bool try_to_unmap_one(struct folio *folio, struct vm_area_struct *vma,', [
    ' \tif (flags & TTU_SYNC)',
    ' \t\tpvmw.flags = PVMW_SYNC;',
    ' ',
    '+\tif ((flags & TTU_WHOLE_PMD) && unmap_clean_huge_pmd(vma, address, folio))',
    '+\t\treturn true;',
    '+',
    ' \tif (flags & TTU_SPLIT_HUGE_PMD)',
    ' \t\tsplit_huge_pmd_address(vma, address, false, folio);',
    ' ',
  ]),
  ...countedHunk('mm/vmscan.c', 1270, 'static unsigned int shrink_folio_list(struct list_head *folio_list,', [
    ' \t\t\tif (folio_test_pmd_mappable(folio))',
    ' \t\t\t\tflags |= TTU_SPLIT_HUGE_PMD;',
    ...setLines,
    ' ',
    ' \t\t\ttry_to_unmap(folio, flags);',
  ]),
];

const date = 'Mon, 15 Apr 2024 10:00:00 +0000';

describe("a flag of the patch's own, set only on a branch no model takes (R28 shape)", () => {
  it('S2 reads the flag as clear: the test is false wherever it stands, and nothing changes', async () => {
    const diff = [
      ...newFlag,
      ...helperAndTest,
      ...earlyReturn(['+\t\t\tif (folio_test_anon(folio) && (flags & TTU_SPLIT_HUGE_PMD))', '+\t\t\t\tflags |= TTU_WHOLE_PMD;']),
    ];
    const f = await mappedNoNewVerdict('S2', '[PATCH] mm/rmap: unmap a clean THP by its PMD', date, diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`flags & TTU_WHOLE_PMD` is false \(TTU_WHOLE_PMD is the patch's own flag/);
  });

  it('a flag set on the path reclaim takes is not decided', async () => {
    const diff = [...newFlag, ...helperAndTest, ...earlyReturn(['+\t\t\tflags |= TTU_WHOLE_PMD;'])];
    const f = finding(await check('[PATCH] mm/rmap: always try the whole PMD first', date, diff.join('\n')), 'S2');
    expect(f.assumptions.join('\n')).not.toMatch(/TTU_WHOLE_PMD is the patch's own flag/);
  });
});
