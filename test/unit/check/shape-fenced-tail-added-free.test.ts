import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 123's L310 shape (2013, a VMA preallocated for the XOL area): the success path gets its
// own unlock and `return 0;` above the kept error label, and the error path below the label also
// frees what the patch allocated. The label is reached only from tests the model decides false,
// so its tail is pruned from the model; a line the patch adds to that tail stopped the pruning,
// though it is no step (a slab free), and the kept unlock after the new return was `unmapped`.
const date = 'Tue, 14 Mar 2017 10:00:00 +0000';
const hunk = (added: string) =>
  countedHunk('kernel/events/uprobes.c', 1120, 'static int xol_add_vma(struct mm_struct *mm, struct xol_area *area)', [
    ' \tsmp_wmb();\t/* pairs with get_xol_area() */',
    ' \tmm->uprobes_state.xol_area = area;',
    ' \tret = 0;',
    '+',
    '+\tup_write(&mm->mmap_sem);',
    '+\treturn 0;',
    '  fail:',
    ' \tup_write(&mm->mmap_sem);',
    '-',
    `+\t${added}`,
    ' \treturn ret;',
    ' }',
  ]).join('\n');

describe("an error path's tail with a line the patch adds", () => {
  it('is pruned with the label where the added line is no step', async () => {
    const f = finding(await check('[PATCH] uprobes: free the preallocated bitmap on failure', date, hunk('kfree(area->bitmap);')), 'S4');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).not.toMatch(/introduces|fixes/);
  });

  it('is not pruned where the added line is a step of the model', async () => {
    const f = finding(await check('[PATCH] uprobes: publish on failure too', date, hunk('mm->uprobes_state.xol_area = area;')), 'S4');
    expect(f.unmapped.length).toBeGreaterThan(0);
  });
});
