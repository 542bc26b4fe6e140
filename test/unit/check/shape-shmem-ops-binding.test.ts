import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// UFFDIO_CONTINUE's page-cache lookup moved behind a hook of the VMA's operations, which the same
// patch fills for shmem (the 2025-2026 postings, each naming its member anew). Read before: the
// call through the member stood where the model's lookup step was, and racebot could not tell
// what it does (S2 unmapped). S2's VMA maps shmem: the call is the function the patch binds there.
const shmemFn = (at: number, header: string, lines: string[]) => countedHunk('mm/shmem.c', at, header, lines);
const helper = shmemFn(3260, 'int shmem_mfill_atomic_pte(pmd_t *dst_pmd,', [
  ' \treturn ret;',
  ' }',
  '+',
  '+static int shmem_lookup_locked(struct inode *inode, pgoff_t pgoff, struct folio **foliop)',
  '+{',
  '+\tint err;',
  '+',
  '+\terr = shmem_get_folio(inode, pgoff, 0, foliop, SGP_NOALLOC);',
  '+\treturn err;',
  '+}',
  ' #endif /* CONFIG_USERFAULTFD */',
]);
const binding = (file: string) => countedHunk(file, 5300, 'static const struct vm_operations_struct shmem_vm_ops = {', [
  ' \t.set_policy     = shmem_set_policy,',
  ' #endif',
  '+\t.lookup_locked\t= shmem_lookup_locked,',
  ' };',
]);
const caller = countedHunk('mm/userfaultfd.c', 388, 'static int mfill_atomic_pte_continue(pmd_t *dst_pmd,', [
  ' \tint ret;',
  ' ',
  '-\tret = shmem_get_folio(inode, pgoff, 0, &folio, SGP_NOALLOC);',
  '+\tret = dst_vma->vm_ops->lookup_locked(inode, pgoff, &folio);',
  ' \t/* Our caller expects us to return -EFAULT if we failed to find folio */',
  ' \tif (ret == -ENOENT)',
  ' \t\tret = -EFAULT;',
]);
const date = 'Mon, 16 Mar 2026 10:00:00 +0000';

describe("a lookup reached through a hook the patch binds in shmem's operations (S2)", () => {
  it('is the bound function: mapped, unchanged, and said', async () => {
    const f = await mappedFinding('S2', '[PATCH] userfaultfd: look the page up through a hook of the VMA', date, [...helper, ...binding('mm/shmem.c'), ...caller]);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`dst_vma->vm_ops->lookup_locked\(\)` is read as shmem_lookup_locked\(\), which the patch binds to that member in shmem's operations tables/);
  });
  it('a binding outside shmem is not the VMA\'s: the call stays unknown (unmapped)', async () => {
    const f = finding(await check('[PATCH] userfaultfd: look the page up through a hook of the VMA', date, [...helper, ...binding('mm/secretmem.c'), ...caller].join('\n')), 'S2');
    expect(f.delta).toBe('unmapped');
  });
  it('a binding to a function the patch does not define is left to the lexicon (the call stays unknown)', async () => {
    const bindsKernelFn = countedHunk('mm/shmem.c', 5300, 'static const struct vm_operations_struct shmem_vm_ops = {', [
      ' \t.set_policy     = shmem_set_policy,',
      ' #endif',
      '+\t.lookup_locked\t= shmem_get_folio_locked,',
      ' };',
    ]);
    const f = finding(await check('[PATCH] userfaultfd: look the page up through a hook of the VMA', date, [...bindsKernelFn, ...caller].join('\n')), 'S2');
    expect(f.assumptions.join('\n')).not.toMatch(/is read as shmem_get_folio_locked\(\)/);
    expect(f.delta).toBe('unmapped');
  });
});
