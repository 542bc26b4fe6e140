import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A folio conversion of do_numa_page() (2023): the reference the NUMA fault drops when it will not
// migrate, `put_page(page)`, becomes `folio_put(folio)`. The model keeps no such put in
// do_numa_page() (nor the get numa_migrate_prep() takes): the deletion was read as no step, but
// the same put added back in its folio spelling had no modelled statement to stand by (S1
// unmapped) where the hunk also converts the migration below it. Both sides are one primitive: no step on either side.
const lines = [
  ' \tif (target_nid == NUMA_NO_NODE) {',
  '-\t\tput_page(page);',
  '+\t\tfolio_put(folio);',
  ' \t\tgoto out_map;',
  ' \t}',
  ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ' \twritable = false;',
  ' ',
  '-\tif (migrate_misplaced_page(page, vma, target_nid)) {',
  '-\t\tpage_nid = target_nid;',
  '+\tif (migrate_misplaced_folio(folio, vma, target_nid)) {',
  '+\t\tnid = target_nid;',
  ' \t\tflags |= TNF_MIGRATED;',
  ' \t} else {',
];
const diff = countedHunk('mm/memory.c', 4810, 'static vm_fault_t do_numa_page(struct vm_fault *vmf)', lines);

describe('a put the model does not keep, respelled for folios (S1, do_numa_page())', () => {
  it('is no step on either side: mapped and unchanged', async () => {
    const f = await mappedFinding('S1', '[PATCH] mm: memory: drop the NUMA fault reference with folio_put()', 'Mon, 18 Sep 2023 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.ignored.join('\n')).toMatch(/`folio_put\(folio\)` \(the removed `put_page\(page\)` respelled: no such step in the model either\)/);
  });
});
