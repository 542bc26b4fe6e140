import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A test the model does not have whose call inside `unlikely()` is another call: read before as
// "the same test with other arguments" (the shape dropped the nested call's name), now as what it
// is, a test the model does not have, explored both ways on both sides.
const diff = countedHunk('mm/memory.c', 2990, 'static vm_fault_t wp_page_copy(struct vm_fault *vmf)', [
  ' \tstruct mmu_notifier_range range;',
  ' ',
  '-\tif (unlikely(vma_checked_once(vma)))',
  '+\tif (unlikely(vma_checked_twice(vma)))',
  ' \t\tgoto oom;',
  ' ',
]);

describe('another call inside unlikely() in a test the model does not have', () => {
  it('is not the same test with other arguments (S1)', async () => {
    const f = await mappedFinding('S1', '[PATCH] mm: check the vma twice', 'Tue, 19 Jan 2021 10:00:00 +0000', diff);
    const said = [...f.assumptions, ...f.ignored].join('\n');
    expect(said).not.toMatch(/the same test with other arguments/);
    expect(said).toMatch(/a test the model does not have, explored both ways before and after/);
  });
});
