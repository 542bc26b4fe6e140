import { describe, expect, it } from 'vitest';
import { check, countedHunk, fileHeader, finding } from '../../helpers/shape-checks.js';

// A helper the patch adds whose tests go through a function-like macro the same patch defines
// (`#define NAME(a, b) (expression)`, continued over lines): the macro's body is a test over the
// call's arguments, read like a boolean helper the patch adds, not an unknown call that may act
// on modelled state (it was unmapped). Here: a move that widens its range to whole PMDs when the
// neighbouring VMAs leave room (2020's mremap alignment postings had this shape).
const date = 'Thu, 16 Jul 2020 10:00:00 +0000';

const mremap = [
  ...fileHeader('mm/mremap.c'),
  '@@ -254,6 +254,25 @@ static bool move_normal_pmd(struct vm_area_struct *vma, unsigned long old_addr,',
  ' ',
  ' \treturn true;',
  ' }',
  '+',
  '+#define ADDR_INSIDE_LOWER_VMA(where, v) \\',
  '+\t((v)->vm_prev && \\',
  '+\t (where) < (v)->vm_prev->vm_end)',
  '+',
  '+static inline void widen_move_to_pmd(unsigned long *len,',
  '+\t\tstruct vm_area_struct *src, unsigned long *src_addr,',
  '+\t\tstruct vm_area_struct *dst, unsigned long *dst_addr)',
  '+{',
  '+\tif ((*src_addr ^ *dst_addr) & ~PMD_MASK)',
  '+\t\treturn;',
  '+\tif (ADDR_INSIDE_LOWER_VMA(*src_addr & PMD_MASK, src))',
  '+\t\treturn;',
  '+\tif (ADDR_INSIDE_LOWER_VMA(*dst_addr & PMD_MASK, dst))',
  '+\t\treturn;',
  '+\t*len += *src_addr & ~PMD_MASK;',
  '+\t*src_addr &= PMD_MASK;',
  '+\t*dst_addr &= PMD_MASK;',
  '+}',
  ' #endif',
  ' ',
  ' unsigned long move_page_tables(struct vm_area_struct *vma,',
  '@@ -272,6 +291,8 @@ unsigned long move_page_tables(struct vm_area_struct *vma,',
  ' \t\t\t\told_addr, old_end);',
  ' \tmmu_notifier_invalidate_range_start(&range);',
  ' ',
  '+\twiden_move_to_pmd(&len, vma, &old_addr, new_vma, &new_addr);',
  '+',
  ' \tfor (; old_addr < old_end; old_addr += extent, new_addr += extent) {',
  ' \t\tcond_resched();',
  ' \t\tnext = (old_addr + PMD_SIZE) & PMD_MASK;',
];

describe('a test through a function-like macro the patch defines, in a helper the patch adds', () => {
  it('reads the macro body over the call\'s arguments (explored), not an unknown call: S6 is mapped', async () => {
    const r = await check('[PATCH] mm/mremap: widen a mutually aligned move to whole PMDs', date, mremap.join('\n'));
    const s6 = finding(r, 'S6');
    expect(s6.unmapped).toEqual([]);
    expect(s6.delta).not.toMatch(/introduces|fixes/);
  });

  it('still leaves a statement macro (a `do { } while (0)` body) unread as a test', async () => {
    const stmt = countedHunk('mm/mremap.c', 254, 'static bool move_normal_pmd(struct vm_area_struct *vma, unsigned long old_addr,', [
      ' }',
      '+#define NOTE_MOVE(a, b) do { (a) = (b); } while (0)',
      '+',
      '+static inline bool moved_below(unsigned long a, unsigned long b)',
      '+{',
      '+\tif (NOTE_MOVE(a, b))',
      '+\t\treturn true;',
      '+\treturn false;',
      '+}',
      ' #endif',
    ]);
    // (No modelled function is touched; what matters is that the statement macro is no helper test.)
    const r = await check('[PATCH] mm/mremap: note moves', date, stmt.join('\n'));
    expect(r.outcome).not.toBe('rejected');
  });
});
