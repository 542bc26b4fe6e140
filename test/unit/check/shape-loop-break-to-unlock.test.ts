import { describe, expect, it } from 'vitest';
import { countedHunk, liftedFunction, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// Sample 79's R09 shape (2023): a function that looked up one VMA under the mmap read lock now
// walks every VMA of the range in a loop, and its bail-outs become `break`s of that loop. After
// the loop's `}` the hunk shows the label the old bail-outs jumped to, the unlock and the return.
// A `break` goes on past the loop, to that unlock; it was read as leaving the function with the
// lock still held (a lock leak the lock-balance walk then refused).

const diff = countedHunk('mm/userfaultfd.c', 760, 'int mwriteprotect_range(struct mm_struct *dst_mm, unsigned long start,', [
  ' \tif (mmap_changing && atomic_read(mmap_changing))',
  ' \t\tgoto out_unlock;',
  ' ',
  '-\terr = -ENOENT;',
  '-\tdst_vma = find_dst_vma(dst_mm, start, len);',
  '-\tif (!dst_vma)',
  '-\t\tgoto out_unlock;',
  '-\tif (!userfaultfd_wp(dst_vma))',
  '-\t\tgoto out_unlock;',
  '-',
  '-\tuffd_wp_range(dst_mm, dst_vma, start, len, enable_wp);',
  '-\terr = 0;',
  '+\tfor_each_vma_range(vmi, dst_vma, start + len) {',
  '+\t\tif (!dst_vma->vm_userfaultfd_ctx.ctx) {',
  '+\t\t\terr = -ENOENT;',
  '+\t\t\tbreak;',
  '+\t\t}',
  '+\t\tif (!userfaultfd_wp(dst_vma)) {',
  '+\t\t\terr = -EPERM;',
  '+\t\t\tbreak;',
  '+\t\t}',
  '+\t\tuffd_wp_range(dst_mm, dst_vma, start, len, enable_wp);',
  '+\t\terr = 0;',
  '+\t}',
  ' out_unlock:',
  ' \tmmap_read_unlock(dst_mm);',
  ' \treturn err;',
]);
const subject = '[PATCH] mm/userfaultfd: write-protect a range over several VMAs';
const date = 'Wed, 15 Feb 2023 10:00:00 +0000';

describe('a `break` out of a loop whose end the hunk shows, then the unlock after the loop', () => {
  it('the `break` runs the unlock after the loop before it leaves', async () => {
    const code = await liftedFunction('S1', date, diff.join('\n'), 'mwriteprotect_range');
    expect(code).toMatch(/if \(!dst_vma->vm_userfaultfd_ctx\.ctx\) \{\n\s*mmap_read_unlock\(dst_mm\);\n\s*return err;\n\s*\}/);
  });
  it('S1 places it, with no new verdict', async () => {
    await mappedNoNewVerdict('S1', subject, date, diff);
  });
});
