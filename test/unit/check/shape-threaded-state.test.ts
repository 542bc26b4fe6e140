import { describe, expect, it } from 'vitest';
import { check, countedHunk, expectUnchangedIn, fileHeader, finding, mappedFinding } from '../../helpers/shape-checks.js';

// Shapes of refactors that thread state through a helper or change how an allocation reports
// its result (2021-2025 postings), written here from scratch.

describe('the same test with other arguments, in a run that changes more', () => {
  // madvise's state struct threaded through: the VMA check now takes the struct. The run also
  // rewrites the `prev` bookkeeping beside it, so the test is no lone pair; the check's name has
  // `free` in it (MADV_FREE), which reads as an action where the call is new.
  const diff = countedHunk('mm/madvise.c', 950, 'static long madvise_dontneed_free(struct vm_area_struct *vma,', [
    ' \tint behavior = madv_behavior->behavior;',
    ' \tstruct mm_struct *mm = vma->vm_mm;',
    ' ',
    '-\t*prev = vma;',
    '-\tif (!madvise_dontneed_free_valid_vma(vma, start, &end, behavior))',
    '+\tmadv_behavior->prev = vma;',
    '+\tif (!madvise_dontneed_free_valid_vma(madv_behavior, vma))',
    ' \t\treturn -EINVAL;',
    ' ',
    ' \tif (start == end)',
  ]);

  it('S5: the check the model does not have, given a struct instead of its fields, is no change', async () => {
    const f = await mappedFinding('S5', '[PATCH] mm/madvise: pass the behaviour struct to the VMA check', 'Fri, 20 Jun 2025 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/madvise_dontneed_free_valid_vma\(madv_behavior, vma\)\)`: the same test with other arguments/);
  });

  it('S5: a test that gains a flag is not the same test', async () => {
    const flagged = diff.map((l) => l.replace('madvise_dontneed_free_valid_vma(madv_behavior, vma))', 'madvise_dontneed_free_valid_vma(madv_behavior, vma) || (vma->vm_flags & VM_LOCKED))'));
    const f = finding(await check('[PATCH] mm/madvise: refuse locked VMAs in the VMA check', 'Fri, 20 Jun 2025 10:00:00 +0000', flagged.join('\n')), 'S5');
    expect(f.assumptions.join('\n')).not.toMatch(/the same test with other arguments/);
  });
});

describe('a PTE table allocation whose result is kept in a local', () => {
  it('S2: `int ret = __pte_alloc(...)` under the empty-PMD test is no step, and its failure test is never taken', async () => {
    const diff = countedHunk('mm/userfaultfd.c', 590, 'static __always_inline ssize_t __mcopy_atomic(struct mm_struct *dst_mm,', [
      ' \t\t\terr = -EEXIST;',
      ' \t\t\tbreak;',
      ' \t\t}',
      '-\t\tif (unlikely(pmd_none(dst_pmdval)) &&',
      '-\t\t    unlikely(__pte_alloc(dst_mm, dst_pmd))) {',
      '-\t\t\terr = -ENOMEM;',
      '-\t\t\tbreak;',
      '+\t\tif (unlikely(pmd_none(dst_pmdval))) {',
      '+\t\t\tint ret = __pte_alloc(dst_mm, dst_pmd);',
      '+',
      '+\t\t\tif (ret < 0) {',
      '+\t\t\t\terr = -ENOMEM;',
      '+\t\t\t\tbreak;',
      '+\t\t\t}',
      ' \t\t}',
      ' \t\t/* If an huge pmd materialized from under us fail */',
      ' \t\tif (unlikely(pmd_trans_huge(*dst_pmd))) {',
    ]);
    const f = await mappedFinding('S2', '[PATCH] mm/userfaultfd: keep the table allocation result', 'Wed, 10 Nov 2021 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/__pte_alloc\(\) allocates a PTE table for an empty PMD/);
  });

  it('S6, whose model has the allocation as a step (the table a move fills): the open-coded macro is that step, not a success that makes no step', async () => {
    const diff = countedHunk('mm/mremap.c', 540, 'unsigned long move_page_tables(struct vm_area_struct *vma,', [
      ' \t\t\t\tcontinue;',
      ' \t\t}',
      ' ',
      '-\t\tif (pte_alloc(new_vma->vm_mm, new_pmd))',
      '+\t\tif (unlikely(pmd_none(*new_pmd)) && __pte_alloc(new_vma->vm_mm, new_pmd))',
      ' \t\t\tbreak;',
      ' \t\tmove_ptes(vma, old_pmd, old_addr, old_addr + extent, new_vma,',
      ' \t\t\t  new_pmd, new_addr, need_rmap_locks);',
    ]);
    const f = finding(await check('[PATCH] mm/mremap: open-code the table allocation', 'Wed, 10 Nov 2021 10:00:00 +0000', diff.join('\n')), 'S6');
    // (Read as success, the model's pte_alloc() step would go unseen with the old test: it is
    // pte_alloc() written out, the same step, so nothing changes.)
    expect(f.unmapped).toEqual([]);
    expect(f.delta).not.toMatch(/introduces|fixes/);
    expect(f.assumptions.join('\n')).not.toMatch(/__pte_alloc.*succeeds|is false \(a PTE table allocated/);
  });
});

describe('a macro the patch turns into a function of the same name, where the model has it as a step', () => {
  const header = [
    ...fileHeader('include/linux/mm.h'),
    '@@ -2200,7 +2200,13 @@ static inline void pgtable_pte_page_dtor(struct page *page)',
    ' \tdec_lruvec_page_state(page, NR_PAGETABLE);',
    ' }',
    ' ',
    '-#define pte_alloc(mm, pmd) (unlikely(pmd_none(*(pmd))) && __pte_alloc(mm, pmd))',
    '+static inline int pte_alloc(struct mm_struct *mm, pmd_t *pmd)',
    '+{',
    '+\tif (!pmd_none(*pmd))',
    '+\t\treturn 0;',
    '+\treturn __pte_alloc(mm, pmd);',
    '+}',
    '+#define pte_alloc pte_alloc',
    ' ',
    ' #define pte_alloc_map(mm, pmd, address)\t\t\t\\',
    ' \t(pte_alloc(mm, pmd) ? NULL : pte_offset_map(pmd, address))',
  ];
  const caller = (test: string) => countedHunk('mm/mremap.c', 540, 'unsigned long move_page_tables(struct vm_area_struct *vma,', [
    ' \t\t\t\tcontinue;',
    ' \t\t}',
    ' ',
    '-\t\tif (pte_alloc(new_vma->vm_mm, new_pmd))',
    `+\t\tif (${test})`,
    ' \t\t\tbreak;',
    ' \t\tmove_ptes(vma, old_pmd, old_addr, old_addr + extent, new_vma,',
    ' \t\t\t  new_pmd, new_addr, need_rmap_locks);',
  ]);
  const date = 'Wed, 10 Nov 2021 10:00:00 +0000';

  it('S6: the model keeps its pte_alloc() step, and the failure read as `< 0` is the same test', async () => {
    const f = await mappedFinding('S6', '[PATCH] mm: make pte_alloc() a function', date, [...header, ...caller('pte_alloc(new_vma->vm_mm, new_pmd) < 0')]);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/pte_alloc\(\) is a function now, no longer a macro/);
  });

  it('S6: `!= 0` is the bare test too', async () => {
    await expectUnchangedIn(['S6'], '[PATCH] mm: make pte_alloc() a function (v2)', date, [...header, ...caller('pte_alloc(new_vma->vm_mm, new_pmd) != 0')]);
  });

  it('S6: a comparison other than a failure test is not the model\'s test', async () => {
    const f = finding(await check('[PATCH] mm: make pte_alloc() a function (v3)', date, [...header, ...caller('pte_alloc(new_vma->vm_mm, new_pmd) > 0')].join('\n')), 'S6');
    expect(f.delta).not.toBe('unchanged');
  });
});
