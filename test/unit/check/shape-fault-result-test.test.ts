import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Samples 121's L244 and 123's L344 shape (2014, do_read_fault() and do_cow_fault() split out of
// __do_fault()): the caller tests what the fault handler returned, `if (unlikely(ret &
// (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)))`, and leaves on it. S5's fault is on a
// private read-only file mapping, whose handler returns its page-cache page: the test is false
// there. Explored both ways, the race rested on it and the verdict was `unmapped`.
const date = 'Mon, 12 Sep 2016 10:00:00 +0000';

describe("a test of the fault handler's result in __do_fault()'s caller", () => {
  it('is false in S5: the file mapping\'s fault returns its page', async () => {
    const diff = countedHunk('mm/memory.c', 3180, 'static int do_cow_fault(struct fault_env *fe, pgoff_t pgoff)', [
      ' \tret = __do_fault(fe, pgoff, new_page, &fault_page, NULL);',
      '+\tif (unlikely(ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)))',
      '+\t\tgoto uncharge_out;',
      ' \tcopy_user_highpage(new_page, fault_page, fe->address, vma);',
    ]);
    const f = finding(await check('[PATCH] mm: leave do_cow_fault() on a failed fault', date, diff.join('\n')), 'S5');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).toBe('pre-existing');
    expect(f.assumptions.join('\n')).toMatch(/VM_FAULT_ERROR.* is false \(the private file mapping's fault/);
  });
});
