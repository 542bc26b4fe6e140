import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 121's L206 shape (2023, try_grab_folio() reorganized): the long-term pin check moves
// after the reference, and its failure path puts the reference back through
// put_devmap_managed_page_refs(), which handles a ZONE_DEVICE page its driver manages and
// returns false for any other. No modelled page is one; S3 read the test as a call that may act
// on modelled state (`unmapped`). S7 already said so in its own lexicon: now every scenario does.
const date = 'Tue, 13 Jun 2023 10:00:00 +0000';

describe('put_devmap_managed_page_refs() tested', () => {
  it('is false in every scenario: the reference goes back through folio_put_refs()', async () => {
    const diff = countedHunk('mm/gup.c', 140, 'struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)', [
      ' \telse if (flags & FOLL_PIN) {',
      ' \t\tstruct folio *folio;',
      ' ',
      '-\t\tif (unlikely((flags & FOLL_LONGTERM) &&',
      '-\t\t\t     !is_longterm_pinnable_page(page)))',
      '-\t\t\treturn NULL;',
      '-',
      ' \t\tfolio = try_get_folio(page, refs);',
      ' \t\tif (!folio)',
      ' \t\t\treturn NULL;',
      '+',
      '+\t\tif (unlikely((flags & FOLL_LONGTERM) &&',
      '+\t\t\t     !folio_is_longterm_pinnable(folio))) {',
      '+\t\t\tif (!put_devmap_managed_page_refs(&folio->page, refs))',
      '+\t\t\t\tfolio_put_refs(folio, refs);',
      '+\t\t\treturn NULL;',
      '+\t\t}',
    ]);
    const r = await check('[PATCH] mm/gup: check the long-term pin after the reference', date, diff.join('\n'));
    for (const sc of ['S3', 'S7']) {
      expect(finding(r, sc).unmapped).toEqual([]);
      expect(finding(r, sc).delta).not.toMatch(/introduces|fixes/);
    }
  });
});
