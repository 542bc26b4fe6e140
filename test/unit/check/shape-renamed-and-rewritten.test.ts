import { describe, expect, it } from 'vitest';
import { check, countedHunk } from '../../helpers/shape-checks.js';

// Sample 121's L233 shape (2023, fork's PTE copy batched): the patch renames copy_present_pte()
// to copy_present_ptes(), inserts a parameter, and rewrites its body, so the diff shows the new
// header and body over the old ones. Read as a new function the patch adds (a helper nothing
// modelled calls), the patch "touched no modelled function". It is the modelled function, changed.
const date = 'Mon, 4 Dec 2023 10:00:00 +0000';
const diff = countedHunk('mm/memory.c', 924, 'copy_present_page(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma', [
  ' static inline int',
  '-copy_present_pte(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,',
  '-\t\t pte_t *dst_pte, pte_t *src_pte, unsigned long addr, int *rss,',
  '-\t\t struct folio **prealloc)',
  '+copy_present_ptes(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,',
  '+\t\t  pte_t *dst_pte, pte_t *src_pte, unsigned long addr,',
  '+\t\t  unsigned long end, int *rss, struct folio **prealloc)',
  ' {',
  '-\treturn copy_one_present(dst_vma, src_vma, dst_pte, src_pte, addr, rss, prealloc);',
  '+\tint nr = count_batch(src_pte, addr, end);',
  '+',
  '+\treturn copy_batch_present(dst_vma, src_vma, dst_pte, src_pte, addr, nr, rss, prealloc);',
  ' }',
]);

describe('a modelled function the patch renames and rewrites', () => {
  it('is still the modelled function, changed', async () => {
    const r = await check('[PATCH] mm: batch-copy PTE ranges during fork()', date, diff.join('\n'));
    expect(r.reason ?? '').not.toMatch(/touches no modelled function/);
    expect(r.findings.find((f) => f.scenario === 'S8')?.touched).toContain('copy_present_pte');
  });
});
