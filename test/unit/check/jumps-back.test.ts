import { describe, expect, it } from 'vitest';
import { jumpsBackUp } from '../../../src/check/check.js';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';

// Sample 53's R05 (2021) gave do_numa_page() a label near its top and, after `out:`, a jump back
// to it: a loop, which the model's code cannot hold. The lock-balance rejection names it.
const files = parseUnifiedDiff(
  [
    'diff --git a/mm/memory.c b/mm/memory.c',
    'index 1111111..2222222 100644',
    '--- a/mm/memory.c',
    '+++ b/mm/memory.c',
    '@@ -20,4 +20,6 @@ static vm_fault_t do_numa_page(struct vm_fault *vmf)',
    ' \tpte_t pte, old_pte;',
    ' ',
    '+again:',
    '+\tflags = 0;',
    ' \tspin_lock(vmf->ptl);',
    ' \tif (unlikely(!pte_same(*vmf->pte, vmf->orig_pte))) {',
    '@@ -60,4 +62,6 @@ static vm_fault_t do_numa_page(struct vm_fault *vmf)',
    ' out:',
    ' \ttask_numa_fault(last_cpupid, page_nid, 1, flags);',
    '+\tif (next_pte_is_hinting(vmf))',
    '+\t\tgoto again;',
    ' \treturn 0;',
    ' out_map:',
    '',
  ].join('\n'),
).files;

describe('a goto back up to a label above it', () => {
  it('is a loop in the function that has both', () => {
    expect(jumpsBackUp(files, 'do_numa_page', 'goto again')).toBe('again');
  });

  it('is not one for a forward jump, another label or another function', () => {
    expect(jumpsBackUp(files, 'do_numa_page', 'goto out_map')).toBe(null);
    expect(jumpsBackUp(files, 'do_numa_page', 'return 0')).toBe(null);
    expect(jumpsBackUp(files, 'do_wp_page', 'goto again')).toBe(null);
    expect(jumpsBackUp(files, 'do_numa_page', null)).toBe(null);
  });
});
