import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// do_wp_page() until 5.9 computed a `reuse` flag from reuse_swap_page() and tested it further
// down; the models written from later releases test reuse_swap_page() (or the refcount) in place.
// A patch that computes the flag otherwise changes that test. (Diffs written for these tests.)
const reuseHunk = (added: string[]) =>
  countedHunk('mm/memory.c', 2101, 'static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,', [
  ' 				goto unlock;',
  ' 			page_cache_release(old_page);',
  ' 		}',
  '-		reuse = reuse_swap_page(old_page);',
  ...added,
  ' 		unlock_page(old_page);',
  ' 	} else if (unlikely((vma->vm_flags & (VM_WRITE|VM_SHARED)) ==',
  ' 					(VM_WRITE|VM_SHARED))) {',
  ]);

describe('a flag computed from a modelled test (reuse = reuse_swap_page(...))', () => {
  it('`if (T) reuse = E;` makes the model\'s test `T && E`: reusing only an unreferenced page closes S8\'s race', async () => {
    const r = await check(
      '[PATCH] mm: do not reuse a COW page somebody else holds a reference on',
      'Wed, 14 Apr 2010 10:00:00 +0000',
      reuseHunk(['+		/* a GUP reference keeps the page shared */', '+		if (reuse_swap_page(old_page))', '+			reuse = page_count(old_page) == 1;', '+', '+']).join('\n'),
    );
    const s8 = finding(r, 'S8');
    expect(s8.unmapped).toEqual([]);
    expect(s8.delta).toBe('fixes');
    expect(s8.assumptions.join('\n')).toMatch(/`reuse` is now `reuse_swap_page\(old_page\) && page_count\(old_page\) == 1`/);
    // S1 and S2 read reuse_swap_page() as a fact of their page (mapped twice after fork; T_gup's own copy).
    for (const id of ['S1', 'S2']) {
      const f = finding(r, id);
      expect(f.unmapped).toEqual([]);
      expect(f.delta).toBe('unchanged');
    }
    // S5's anon copy is mapped once and referenced by nobody else: the refcount test holds, and
    // its race (before 4.9) stays.
    expect(finding(r, 'S5').unmapped).toEqual([]);
    expect(finding(r, 'S5').delta).toBe('pre-existing');
  });

  it('a flag given the refcount test alone is the same fix; given the old test again, nothing changes', async () => {
    const fixed = await check('[PATCH] mm: reuse by refcount', 'Wed, 14 Apr 2010 10:00:00 +0000', reuseHunk(['+		reuse = page_count(old_page) == 1;']).join('\n'));
    expect(finding(fixed, 'S8').delta).toBe('fixes');
    const same = await check('[PATCH] mm: respell the reuse test', 'Wed, 14 Apr 2010 10:00:00 +0000', reuseHunk(['+		reuse = reuse_swap_page(old_page) ;']).join('\n'));
    // (S8's base until 5.7 is racy: the race stays.)
    expect(finding(same, 'S8').unmapped).toEqual([]);
    expect(finding(same, 'S8').delta).toBe('pre-existing');
  });

  it('a flag the hunk shows declared true is not read so', async () => {
    const r = await check(
      '[PATCH] mm: reuse by refcount',
      'Wed, 14 Apr 2010 10:00:00 +0000',
      countedHunk('mm/memory.c', 2060, 'static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,', [
        ' \tstruct page *old_page, *new_page;',
        ' \tpte_t entry;',
        ' \tint reuse = 1, ret = 0;',
        ' \tint page_mkwrite = 0;',
        ' \tstruct page *dirty_page = NULL;',
        '-\treuse = reuse_swap_page(old_page);',
        '+\tif (reuse_swap_page(old_page))',
        '+\t\treuse = page_count(old_page) == 1;',
        ' \tunlock_page(old_page);',
      ]).join('\n'),
    );
    expect(finding(r, 'S8').assumptions.join('\n')).not.toMatch(/`reuse` is now/);
  });

  it("a function's result local given a test is no flag the model's if stands for", async () => {
    const r = await check('[PATCH] mm: return the refcount test', 'Wed, 14 Apr 2010 10:00:00 +0000', reuseHunk(['+\t\tret = page_count(old_page) == 1;']).join('\n').replace('-\t\treuse = reuse_swap_page(old_page);', '-\t\tret = reuse_swap_page(old_page);'));
    expect(finding(r, 'S8').assumptions.join('\n')).not.toMatch(/`ret` is now/);
  });

  it('a local given the test the function also makes in place (kept in the hunk) is no flag the model\'s if stands for', async () => {
    const r = await check(
      '[PATCH] mm: drop an unused local',
      'Mon, 13 Apr 2020 10:00:00 +0000',
      countedHunk('mm/memory.c', 2780, 'static vm_fault_t do_wp_page(struct vm_fault *vmf)', [
        ' \t\t\tput_page(vmf->page);',
        ' \t\t}',
        '-\t\tmapped_once = reuse_swap_page(vmf->page, NULL);',
        '+\t\tmapped_once = false;',
        ' \t\tif (reuse_swap_page(vmf->page, &total_map_swapcount)) {',
        ' \t\t\tif (total_map_swapcount == 1) {',
      ]).join('\n'),
    );
    const s8 = finding(r, 'S8');
    expect(s8.assumptions.join('\n')).not.toMatch(/`mapped_once` is now/);
    expect(s8.delta).not.toBe('fixes');
  });
});
