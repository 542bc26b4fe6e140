import { describe, expect, it } from 'vitest';
import { countedHunk, mappedNoNewVerdict } from '../../helpers/shape-checks.js';

// A page's refcount frozen and set back (page_ref_freeze()/page_ref_unfreeze(), folio_ref_*()
// from 5.16, page_freeze_refs() before 4.6) in reclaim: S2 holds no page refcount, so the freeze
// is a test it explores both ways and the unfreeze acts on nothing it holds. (Unknown to the
// vocabulary, both were calls whose names say they may touch modelled state: unmapped.)
const date = 'Mon, 14 Dec 2020 10:00:00 +0000';
const hunk = countedHunk('mm/vmscan.c', 1090, 'static unsigned int shrink_page_list(struct list_head *page_list,', [
  ' \t\tif (!trylock_page(page))',
  ' \t\t\tgoto keep;',
  ' ',
  '+\t\tif (page_ref_freeze(page, 2)) {',
  '+\t\t\t/* Nobody else holds it: let it go at once. */',
  '+\t\t\tpage_ref_unfreeze(page, 2);',
  '+\t\t}',
  '+',
  ' \t\tVM_BUG_ON_PAGE(PageActive(page), page);',
  ' ',
  ' \t\tnr_pages = compound_nr(page);',
]);

describe('a refcount freeze where the scenario holds no refcount', () => {
  it('S2: mapped, no new verdict', async () => {
    const f = await mappedNoNewVerdict('S2', '[PATCH] mm/vmscan: peek at the refcount of a page under reclaim', date, hunk);
    expect(f.unmapped).toEqual([]);
  });
});
