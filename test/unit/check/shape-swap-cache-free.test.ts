import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// The COW copy path lets go of the old page's swap-cache entry once it has copied it and no PTE
// maps it any more (2021): a trylock of the old page around try_to_free_swap(). Read before: the
// call's name says it may free, so every scenario that runs wp_page_copy() was unmapped. It drops
// only the swap cache's own entry and reference, and no model keeps a swap cache.
const lines = [
  ' \t\t\tunlock_page(old_page);',
  ' \t\t}',
  '+\t\tif (page_copied && PageSwapCache(old_page) && !page_mapped(old_page)) {',
  '+\t\t\tif (trylock_page(old_page)) {',
  '+\t\t\t\ttry_to_free_swap(old_page);',
  '+\t\t\t\tunlock_page(old_page);',
  '+\t\t\t}',
  '+\t\t}',
  ' \t\tput_page(old_page);',
  ' \t}',
  ' \treturn page_copied ? VM_FAULT_WRITE : 0;',
];
const diff = countedHunk('mm/memory.c', 2990, 'static vm_fault_t wp_page_copy(struct vm_fault *vmf)', lines);

describe("the COW copy dropping the old page's swap-cache entry", () => {
  it('is no step in S1, S5 and S8: mapped, and no new verdict', async () => {
    for (const sc of ['S1', 'S5', 'S8']) {
      const f = await mappedFinding(sc, '[PATCH] mm: let go of the swap cache of a page the COW copied', 'Tue, 19 Jan 2021 10:00:00 +0000', diff);
      expect(f.delta).not.toMatch(/introduces|fixes/);
      expect(f.ignored.join('\n')).toMatch(/try_to_free_swap\(\) changes nothing the race depends on \(swap-cache\)/);
    }
  });
});
