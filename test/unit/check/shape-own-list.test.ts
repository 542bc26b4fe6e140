import { describe, expect, it } from 'vitest';
import { check, fileHeader, finding, mappedFinding } from '../../helpers/shape-checks.js';

// A reclaim patch that gathers some pages on a list of its own and hands them on in one batch
// after the loop (2019's demotion postings had this shape): the list is filled only in the
// branch for anonymous pages, and S2's reclaimer handles P, a shmem page. The batch step after
// the loop (a migration, an action on pages) was unmapped though the list is empty there.
const date = 'Fri, 14 Jun 2019 10:00:00 +0000';

const gather = [
  '+\t\t\t\tif (slow_tier_has_room(page_to_nid(page))) {',
  '+\t\t\t\t\tlist_add(&page->lru, &slow_tier);',
  '+\t\t\t\t\tunlock_page(page);',
  '+\t\t\t\t\tcontinue;',
  '+\t\t\t\t}',
];

const diff = (handOn: string[], everyPage = false) => [
  ...fileHeader('mm/vmscan.c'),
  '@@ -1106,6 +1106,7 @@ static unsigned long shrink_page_list(struct list_head *page_list,',
  ' {',
  ' \tLIST_HEAD(ret_pages);',
  ' \tLIST_HEAD(free_pages);',
  '+\tLIST_HEAD(slow_tier);',
  ' \tunsigned nr_reclaimed = 0;',
  ' \tunsigned pgactivate = 0;',
  ' ',
  '@@ -1269,6 +1270,11 @@ static unsigned long shrink_page_list(struct list_head *page_list,',
  ' \t\t */',
  ...(everyPage ? gather.map((l) => l.replace(/\t\t\t/, '')) : []),
  ' \t\tif (PageAnon(page) && PageSwapBacked(page)) {',
  ' \t\t\tif (!PageSwapCache(page)) {',
  ...(everyPage ? [] : gather),
  ' \t\t\t\tif (!(sc->gfp_mask & __GFP_IO))',
  ' \t\t\t\t\tgoto keep_locked;',
  ' \t\t\t\tif (PageTransHuge(page)) {',
  `@@ -1480,6 +1486,${6 + handOn.length} @@ static unsigned long shrink_page_list(struct list_head *page_list,`,
  ' \t\tVM_BUG_ON_PAGE(PageLRU(page) || PageUnevictable(page), page);',
  ' \t}',
  ' ',
  ...handOn,
  ' \tmem_cgroup_uncharge_list(&free_pages);',
  ' \ttry_to_unmap_flush();',
  ' \tfree_unref_page_list(&free_pages);',
];

const batch = [
  '+\tif (!list_empty(&slow_tier)) {',
  '+\t\tunsigned int moved = 0;',
  '+',
  '+\t\tif (migrate_pages(&slow_tier, alloc_slow_tier_page, NULL, 0,',
  '+\t\t\t\t  MIGRATE_ASYNC, MR_NUMA_MISPLACED, &moved))',
  '+\t\t\tputback_movable_pages(&slow_tier);',
  '+\t\tnr_reclaimed += moved;',
  '+\t}',
  '+',
];

describe("a list the patch declares in reclaim and fills only on a path S2's page never takes", () => {
  it('is empty on every modelled path: the batch step after the loop never runs (S2 mapped, unchanged)', async () => {
    const f = await mappedFinding('S2', '[PATCH 5/9] mm: vmscan: move anonymous pages to a slower tier', date, diff(batch));
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`slow_tier` is a list the patch adds to shrink_page_list\(\), filled only where no modelled path goes/);
  });

  it('is not known empty where the patch passes it on a modelled path to a call that may fill it', async () => {
    const filled = ['+\tgather_slow_tier_candidates(&slow_tier);', ...batch];
    const f = finding(await check('[PATCH 5/9] mm: vmscan: move anonymous pages to a slower tier (v2)', date, diff(filled).join('\n')), 'S2');
    expect(f.assumptions.join('\n')).not.toMatch(/`slow_tier` is a list the patch adds/);
  });

  it('is not known empty where it is filled on a path the model takes (every page, before the anonymous-page branch)', async () => {
    const f = finding(await check('[PATCH 5/9] mm: vmscan: move every page to a slower tier', date, diff(batch, true).join('\n')), 'S2');
    expect(f.assumptions.join('\n')).not.toMatch(/`slow_tier` is a list the patch adds/);
  });
});
