import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// 4.12-4.14's handle_mm_fault() fails a fault on an mm the OOM reaper has torn down
// (MMF_UNSTABLE) after the fault ran; a patch that reworks that test (written for this test)
// was unmapped: the test is nowhere in the models. No modelled mm is an OOM victim.
const lines = [
  ' \tif (flags & FAULT_FLAG_USER)',
  ' \t\tmem_cgroup_oom_disable();',
  ' ',
  '-\tif (unlikely((current->flags & PF_KTHREAD) && !(ret & VM_FAULT_ERROR) &&',
  '-\t\t     test_bit(MMF_UNSTABLE, &vma->vm_mm->flags)))',
  '+\tif (unlikely(!(ret & VM_FAULT_ERROR) && test_bit(MMF_UNSTABLE, &vma->vm_mm->flags))) {',
  '+\t\tif (ret & VM_FAULT_RETRY)',
  '+\t\t\tup_read(&vma->vm_mm->mmap_sem);',
  ' \t\tret = VM_FAULT_SIGBUS;',
  '+\t}',
  ' ',
  ' \treturn ret;',
  ' }',
];
const diff = countedHunk('mm/memory.c', 3940, 'int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,', lines);

describe("handle_mm_fault()'s test of an mm the OOM reaper tore down", () => {
  it('is never taken in S1: mapped, no new verdict', async () => {
    const f = await mappedFinding('S1', '[PATCH] mm, oom: fail every fault on a reaped mm', 'Mon, 7 Aug 2017 10:00:00 +0000', diff);
    expect(f.delta).not.toMatch(/introduces|fixes/);
  });
});
