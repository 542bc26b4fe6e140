import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// A local declared with a value, then given the result of a call the model reads as a step, then
// tested (2024's lazy-unmap-flush postings: `bool can_luf = false;` ... `can_luf =
// try_to_unmap(folio, flags);` ... `if (can_luf) {`, try_to_unmap() made to return whether every
// mapping was read-only). Read before: the test still read the declared value, and the report
// said the new branch was never taken. After the call the local holds what the call returned.
const date = 'Mon, 20 May 2024 10:00:00 +0000';
const vmscan = (at: number, lines: string[]) => countedHunk('mm/vmscan.c', at, 'static unsigned int shrink_folio_list(struct list_head *folio_list,', lines);
const diff = [
  ...countedHunk('mm/rmap.c', 2237, 'static int folio_not_mapped(struct folio *folio)', [
    ' *',
    ' * Context: Caller must hold the folio lock.',
    ' */',
    '-void try_to_unmap(struct folio *folio, enum ttu_flags flags)',
    '+bool try_to_unmap(struct folio *folio, enum ttu_flags flags)',
    ' {',
  ]),
  ...vmscan(1050, [
    ' \t\tenum folio_references references = FOLIOREF_RECLAIM;',
    ' \t\tbool dirty, writeback;',
    ' \t\tunsigned int nr_pages;',
    '+\t\tbool only_read = false;',
    ' ',
    ' \t\tcond_resched();',
  ]),
  ...vmscan(1290, [
    ' \t\t\t\tflags |= TTU_SYNC;',
    ' ',
    '-\t\t\ttry_to_unmap(folio, flags);',
    '+\t\t\tonly_read = try_to_unmap(folio, flags);',
    ' \t\t\tif (folio_mapped(folio)) {',
  ]),
  ...vmscan(1460, [
    ' \t\t    folio_test_large_rmappable(folio))',
    ' \t\t\tfolio_undo_large_rmappable(folio);',
    '+',
    '+\t\tif (only_read) {',
    '+\t\t\tlist_add(&folio->lru, &lazy_free_list);',
    '+\t\t\tcontinue;',
    '+\t\t}',
    ' \t\tif (folio_batch_add(&free_folios, folio) == 0) {',
  ]),
].join('\n');

describe('a local given the result of a modelled call, then tested (S2 reclaim)', () => {
  it('is not read with its declared value', async () => {
    const f = finding(await check('[PATCH] mm, vmscan: free read-only folios lazily', date, diff), 'S2');
    expect(f.ignored.join('\n')).not.toMatch(/`if \(only_read\)` is never taken in the model/);
    expect(f.delta).not.toMatch(/introduces|fixes/);
  });
});
