import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// A lock the model has no step for, taken and dropped in one block around lines that make no
// step of the model (a per-file flag set under the file's spinlock in the write-reuse path,
// 2016). Read before: any such lock in a function two actors run was unmapped ("the lock may
// order them"), though a section with no modelled step orders nothing the model explores.
// A section that holds a modelled step still goes to that check.
const reuse = (lines: string[]) =>
  countedHunk('mm/memory.c', 2318, 'static inline void wp_page_reuse(struct vm_fault *vmf)', lines);

const counted = reuse([
  ' \tif (ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1))',
  ' \t\tupdate_mmu_cache(vma, vmf->address, vmf->pte);',
  ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  '+\tif (vma->vm_file && !(vma->vm_file->f_mode & FMODE_REUSED)) {',
  '+\t\tspin_lock(&vma->vm_file->f_lock);',
  '+\t\tvma->vm_file->f_mode |= FMODE_REUSED;',
  '+\t\tspin_unlock(&vma->vm_file->f_lock);',
  '+\t}',
  ' }',
  ' ',
  ' /*',
]);

const aroundStep = reuse([
  ' \tentry = pte_mkyoung(vmf->orig_pte);',
  ' \tentry = maybe_mkwrite(pte_mkdirty(entry), vma);',
  '+\tspin_lock(&vma->reuse_lock);',
  ' \tif (ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1))',
  ' \t\tupdate_mmu_cache(vma, vmf->address, vmf->pte);',
  '+\tspin_unlock(&vma->reuse_lock);',
  ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ' }',
]);

describe('a lock the model lacks, around no step of the model (S5: two actors run wp_page_reuse())', () => {
  it('is no step and needs no check: the patch is mapped and changes nothing', async () => {
    const f = await mappedFinding('S5', '[PATCH] mm: mark a file reused on a write fault', 'Mon, 11 Jan 2016 10:00:00 +0000', counted);
    expect(f.delta).toBe('pre-existing');
    expect(f.ignored.join('\n')).toMatch(/spin_lock\(&vma->vm_file->f_lock\)` \.\.\. `spin_unlock\(&vma->vm_file->f_lock\)` \(a lock around no step of the S5 model/);
  });
  it("S1 reads it the same: a file's spinlock is no page-table lock", async () => {
    // (S1's own PTL rows took any spin_lock() for the PTL.)
    const f = await mappedFinding('S1', '[PATCH] mm: mark a file reused on a write fault', 'Mon, 11 Jan 2016 10:00:00 +0000', counted);
    expect(f.ignored.join('\n')).toMatch(/\(a lock around no step of the S1 model/);
    expect(f.assumptions.join('\n')).not.toMatch(/checked at each of the \d+ places/);
  });
  it('around a modelled step, the lock still goes to the actor check: unmapped', async () => {
    const r = await check('[PATCH] mm: take a reuse lock around the PTE update', 'Mon, 11 Jan 2016 10:00:00 +0000', aroundStep.join('\n'));
    const f = finding(r, 'S5');
    expect(f.delta).toBe('unmapped');
    expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/`spin_lock\(&vma->reuse_lock\)` takes or drops a lock the S5 model has no step for/);
  });
});
