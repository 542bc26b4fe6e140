import { describe, expect, it } from 'vitest';
import { countedHunk, check, finding, mappedFinding } from '../../helpers/shape-checks.js';

// A local filled by an initializer list over several lines (`struct vm_fault vmf = {` on one
// line, a designated member a line, `};` on its own), inside a block the patch adds to
// change_pte_range() that drops the PTL, copies the page and retakes the PTL (2019 uffd-wp
// postings, under `if (uffd_wp_resolve)`). Read before: the initializer's `{` opened a block its
// `};` never closed, so the added test's body had no end, was not known to be never taken, and its
// unlock and relock were ordered against the model's (S2: unmapped). The list is one declaration.
const guardedCopy = (test: string) =>
  countedHunk('mm/mprotect.c', 114, 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,', [
    ' \t\t\t\t\tcontinue;',
    ' \t\t\t}',
    ' ',
    `+\t\t\tif (${test}) {`,
    '+\t\t\t\tstruct page *cpage = vm_normal_page(vma, addr, oldpte);',
    '+\t\t\t\tif (!cpage || page_mapcount(cpage) > 1) {',
    '+\t\t\t\t\tstruct vm_fault fault = {',
    '+\t\t\t\t\t\t.vma = vma,',
    '+\t\t\t\t\t\t.address = addr & PAGE_MASK,',
    '+\t\t\t\t\t\t.orig_pte = oldpte,',
    '+\t\t\t\t\t\t/* no PTL handed over */',
    '+\t\t\t\t\t};',
    '+',
    '+\t\t\t\t\tpte_unmap_unlock(pte, ptl);',
    '+\t\t\t\t\tif (wp_page_copy(&fault) != VM_FAULT_WRITE)',
    '+\t\t\t\t\t\treturn pages;',
    '+\t\t\t\t\tpte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);',
    '+\t\t\t\t}',
    '+\t\t\t}',
    ' ',
    ' \t\t\tptent = ptep_modify_prot_start(mm, addr, pte);',
    ' \t\t\tptent = pte_modify(ptent, newprot);',
  ]);

const date = 'Tue, 12 Feb 2019 10:00:00 +0800';

describe('a multi-line initializer list inside an added block change_pte_range() never runs in S2', () => {
  it('is one declaration: the block under `if (uffd_wp_resolve)` is never taken, mapped and unchanged', async () => {
    const f = await mappedFinding('S2', '[PATCH] mm: copy a shared page before resolving a wp fault', date, guardedCopy('uffd_wp_resolve'));
    expect(f.delta).toBe('unchanged');
    expect(f.ignored.join('\n')).toMatch(/`if \(uffd_wp_resolve\)` is never taken in the model/);
  });
  it('under a test the model does not decide, the block is read and still not placed (it calls a copy S2 does not model)', async () => {
    const f = finding(await check('[PATCH] mm: copy a shared page before a flagged change', date, guardedCopy('cp_flags & MM_CP_COPY_SHARED').join('\n')), 'S2');
    expect(f.delta).toBe('unmapped');
  });
});
