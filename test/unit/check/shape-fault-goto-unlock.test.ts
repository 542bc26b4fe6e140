import { describe, expect, it } from 'vitest';
import { countedHunk, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// An exit added to handle_pte_fault() after the PTE re-check, under the PTL: `goto unlock`, whose
// label is below the hunk (`unlock: pte_unmap_unlock(vmf->pte, vmf->ptl); return 0;`, in every
// release). Without that tail the jump was read as leaving with the PTL held, a lock imbalance,
// and S8 gave no verdict (unmapped).
const date = 'Mon, 18 May 2020 10:00:00 +0800';
const hunk = countedHunk('mm/memory.c', 4241, 'static vm_fault_t handle_pte_fault(struct vm_fault *vmf)', [
  ' \tif (vmf->flags & FAULT_FLAG_WRITE) {',
  ' \t\tif (!pte_write(entry))',
  ' \t\t\treturn do_wp_page(vmf);',
  ' \t\tentry = pte_mkdirty(entry);',
  ' \t}',
  '+\t/* A retried fault found the PTE as the first try left it: nothing to update. */',
  '+\tif (vmf->flags & FAULT_FLAG_TRIED)',
  '+\t\tgoto unlock;',
  ' \tentry = pte_mkyoung(entry);',
  ' \tif (ptep_set_access_flags(vmf->vma, vmf->address, vmf->pte, entry,',
  ' \t\t\t\tvmf->flags & FAULT_FLAG_WRITE)) {',
]);

describe("a `goto unlock` added to handle_pte_fault() goes to the label's PTL drop", () => {
  for (const sc of ['S8', 'S1']) {
    it(`${sc}: mapped, no new verdict`, async () => {
      const f = await mappedNoNewVerdict(sc, '[PATCH] mm: skip the access-flag update of a retried fault', date, hunk);
      expect(f.unmapped).toEqual([]);
    });
  }
});
