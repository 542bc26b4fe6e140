import { describe, expect, it } from 'vitest';
import { fileHeader, mappedFinding } from '../../helpers/shape-checks.js';

// 4.6-4.11's shrink_page_list() frees a lazily freed (MADV_FREE) anonymous page on a case of its
// own, SWAP_LZFREE, and keeps a `lazyfree` local for it. The 2016-2017 MADV_FREE postings
// changed both: a refcount freeze in that case, and a page-flag clear under `if (lazyfree)`. S2's
// reclaimed page is a shmem page, which is never such a page: the case is a path the model does
// not take, and the local is false. (Unmapped before: page_ref_unfreeze() and the posting's
// flag helper were read as calls that may act on modelled state.)
const date = 'Fri, 24 Feb 2017 10:00:00 -0800';
const diff = [
  ...fileHeader('mm/vmscan.c'),
  '@@ -1154,7 +1154,12 @@ static unsigned long shrink_page_list(struct list_head *page_list,',
  ' \t\t\tcase SWAP_MLOCK:',
  ' \t\t\t\tgoto cull_mlocked;',
  ' \t\t\tcase SWAP_LZFREE:',
  '-\t\t\t\tgoto lazyfree;',
  '+\t\t\t\tif (!page_ref_freeze(page, 1))',
  '+\t\t\t\t\tgoto keep_locked;',
  '+\t\t\t\tif (!PageDirty(page))',
  '+\t\t\t\t\tgoto lazyfree;',
  '+\t\t\t\tpage_ref_unfreeze(page, 1);',
  '+\t\t\t\tgoto keep_locked;',
  ' \t\t\tcase SWAP_SUCCESS:',
  ' \t\t\t\t; /* try to free the page below */',
  ' \t\t\t}',
  '@@ -1294,6 +1299,8 @@ static unsigned long shrink_page_list(struct list_head *page_list,',
  ' cull_mlocked:',
  ' \t\tif (PageSwapCache(page))',
  ' \t\t\ttry_to_free_swap(page);',
  '+\t\tif (lazyfree)',
  '+\t\t\tclear_page_lazyfree(page);',
  ' \t\tunlock_page(page);',
  ' \t\tlist_add(&page->lru, &ret_pages);',
  ' \t\tcontinue;',
];

describe("shrink_page_list()'s lazily freed anonymous page, in S2 (a shmem page)", () => {
  it('the SWAP_LZFREE case is on no modelled path and `lazyfree` is false: mapped and unchanged', async () => {
    const f = await mappedFinding('S2', '[PATCH] mm: free a clean lazyfree page only once its references are frozen', date, diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/case of a lazily freed \(MADV_FREE\) anonymous page, which P, a shmem page, never is/);
  });
});
