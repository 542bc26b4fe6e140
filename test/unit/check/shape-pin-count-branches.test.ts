import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 121's L208 shape (2023, try_grab_folio() reorganized): the pin count's two branches, an
// exact count for a large folio and the refcount bias for a small one, deleted in one place of
// the function and written again in another. S7's folio-form model had only the large folio's
// count (its page is an order-9 THP), so the deleted `if (folio_test_large(folio))` was "not where
// the model has it". The model now has both branches, as the kernel does; the test is the
// machine's own (always true for S7's THP), so no verdict of S7's variants changes.
const date = 'Tue, 13 Jun 2023 10:00:00 +0000';

describe("try_grab_folio()'s pin count, large and small", () => {
  it('is the model\'s: a hunk rewriting both branches lifts in S7 as in S3', async () => {
    const diff = countedHunk('mm/gup.c', 150, 'struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)', [
      ' \t\tif (!folio)',
      ' \t\t\treturn NULL;',
      ' ',
      '-\t\tif (folio_test_large(folio))',
      '-\t\t\tatomic_add(refs, &folio->_pincount);',
      '-\t\telse',
      '-\t\t\tfolio_ref_add(folio,',
      '-\t\t\t\t\trefs * (GUP_PIN_COUNTING_BIAS - 1));',
      '+\t\tcount_new_pins(folio, refs);',
      ' \t\t/*',
    ]);
    const r = await check('[PATCH] mm/gup: count pins in one helper', date, diff.join('\n'));
    for (const sc of ['S3', 'S7']) expect(finding(r, sc).unmapped.map((u) => u.reason).join('\n')).not.toMatch(/is not where the model has it/);
  });
});
