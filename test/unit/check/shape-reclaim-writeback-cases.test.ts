import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// shrink_page_list() of 2.6.3x: a change in the branch for a page under writeback, in a hunk
// that starts below that branch's test, and a change in the cases of pageout()'s result (written
// for this test; a 2010 lumpy-reclaim series had both). P is never under writeback when S2's
// reclaim takes it, and the model keeps P after its own writeback whatever the case says.
const writeback = countedHunk('mm/vmscan.c', 700, 'static unsigned long shrink_page_list(struct list_head *page_list,', [
  ' \t\t\t * for any page for which writeback has already',
  ' \t\t\t * started.',
  ' \t\t\t */',
  '-\t\t\tif (sync_writeback == PAGEOUT_IO_SYNC && may_enter_fs)',
  '+\t\t\tif (sc->reclaim_sync && may_enter_fs)',
  ' \t\t\t\twait_on_page_writeback(page);',
  '-\t\t\telse',
  '-\t\t\t\tgoto keep_locked;',
  '+\t\t\telse {',
  '+\t\t\t\tunlock_page(page);',
  '+\t\t\t\tgoto keep_reclaim;',
  '+\t\t\t}',
  ' \t\t}',
  ' ',
  ' \t\treferences = page_check_references(page, sc);',
]);
const cases = countedHunk('mm/vmscan.c', 760, 'static unsigned long shrink_page_list(struct list_head *page_list,', [
  ' \t\t\tswitch (pageout(page, mapping, sync_writeback)) {',
  ' \t\t\tcase PAGE_KEEP:',
  ' \t\t\t\tgoto keep_locked;',
  ' \t\t\tcase PAGE_ACTIVATE:',
  ' \t\t\t\tgoto activate_locked;',
  ' \t\t\tcase PAGE_SUCCESS:',
  '-\t\t\t\tif (PageWriteback(page) || PageDirty(page))',
  '+\t\t\t\tif (PageWriteback(page))',
  '+\t\t\t\t\tgoto keep_reclaim;',
  '+\t\t\t\tif (PageDirty(page))',
  ' \t\t\t\t\tgoto keep;',
  ' \t\t\t\t/*',
]);

describe("reclaim's writeback branch and pageout()'s cases (2.6)", () => {
  for (const [what, diff] of [['the writeback branch', writeback], ["pageout()'s cases", cases]] as const) {
    it(`${what}: mapped in S2, unchanged`, async () => {
      const f = finding(await check('[PATCH] vmscan: keep a page under writeback for the next pass', 'Thu, 5 Aug 2010 10:00:00 +0000', diff.join('\n')), 'S2');
      expect(f.unmapped).toEqual([]);
      expect(f.delta).toBe('unchanged');
    });
  }
});
