import { describe, expect, it } from 'vitest';
import { fileHeader, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// A function split at a point of its body where the tail keeps the old name and the head takes a
// new one, which the callers now call (`do_wp_page()` -> `do_wp_page_entry()` ending in `return
// do_wp_page(vmf);`, over a new definition of do_wp_page() holding the rest). The new name is the
// whole function renamed; read as a split (the old name a wrapper of the new one), the callers'
// call was a call of nothing the model has, and the PTL the fault holds stayed held (unmapped).
const date = 'Tue, 23 Apr 2019 11:00:30 +0800';
const diff = [
  ...fileHeader('mm/memory.c'),
  '@@ -2480,11 +2480,19 @@ static vm_fault_t wp_page_shared(struct vm_fault *vmf)',
  '  * but allow concurrent faults), with pte both mapped and locked.',
  '  * We return with mmap_sem still held, but pte unmapped and unlocked.',
  '  */',
  '-static vm_fault_t do_wp_page(struct vm_fault *vmf)',
  '+static vm_fault_t do_wp_page_entry(struct vm_fault *vmf)',
  ' \t__releases(vmf->ptl)',
  ' {',
  ' \tstruct vm_area_struct *vma = vmf->vma;',
  ' ',
  '+\treturn do_wp_page(vmf);',
  '+}',
  '+',
  '+static vm_fault_t do_wp_page(struct vm_fault *vmf)',
  '+\t__releases(vmf->ptl)',
  '+{',
  '+\tstruct vm_area_struct *vma = vmf->vma;',
  '+',
  ' \tvmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);',
  ' \tif (!vmf->page) {',
  ' \t\t/*',
  '@@ -3831,7 +3839,7 @@ static vm_fault_t handle_pte_fault(struct vm_fault *vmf)',
  ' \t\tgoto unlock;',
  ' \tif (vmf->flags & FAULT_FLAG_WRITE) {',
  ' \t\tif (!pte_write(entry))',
  '-\t\t\treturn do_wp_page(vmf);',
  '+\t\t\treturn do_wp_page_entry(vmf);',
  ' \t\tentry = pte_mkdirty(entry);',
  ' \t}',
  ' \tentry = pte_mkyoung(entry);',
];

describe('a function split whose tail keeps the old name', () => {
  for (const sc of ['S1', 'S8']) {
    it(`${sc}: the new name is the function renamed; mapped, no new verdict`, async () => {
      const f = await mappedNoNewVerdict(sc, '[PATCH] mm: give do_wp_page() an entry point', date, diff);
      expect(f.unmapped).toEqual([]);
    });
  }
});
