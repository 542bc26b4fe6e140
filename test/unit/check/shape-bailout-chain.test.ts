import { describe, expect, it } from 'vitest';
import { check, fileHeader, finding } from '../../helpers/shape-checks.js';

// do_wp_page() from 5.9 to 5.18 leaves for the copy by a chain of bail-outs (the refcount test,
// the page lock tried, the same test again under it); the models keep one test for the chain.
// A posting that rewrites the chain (a 2022 review sketch had this shape; the lines here are
// written for the test) was unmapped: the re-check is nowhere in the models. It rewrites the
// model's one test: the `||` of the new chain.
const chain = (recheck: string[], label: string[]) => {
  const body = [
  ' \tif (PageAnon(vmf->page)) {',
  ' \t\tstruct page *page = vmf->page;',
  ' ',
  '-\t\t/* PageKsm() doesn\'t necessarily raise the page refcount */',
  '-\t\tif (PageKsm(page) || page_count(page) != 1)',
  '+\t\tif (PageKsm(page) || page_count(page) > 2)',
  ' \t\t\tgoto copy;',
  ' \t\tif (!trylock_page(page))',
  ' \t\t\tgoto copy;',
  '-\t\tif (PageKsm(page) || page_mapcount(page) != 1 || page_count(page) != 1) {',
  '-\t\t\tunlock_page(page);',
  '-\t\t\tgoto copy;',
  '-\t\t}',
  ...recheck,
  ' \t\t/*',
  ' \t\t * Ok, we\'ve got the only map reference, and the only',
  ' \t\t * page count reference, and the page is locked,',
  ];
  const olds = body.filter((l) => !l.startsWith('+')).length;
  const news = body.filter((l) => !l.startsWith('-')).length;
  return [...fileHeader('mm/memory.c'), `@@ -3150,${olds} +3150,${news} @@ static vm_fault_t do_wp_page(struct vm_fault *vmf)`, ...body, ...label];
};
const relabel = [
  '@@ -3172,6 +3169,8 @@ static vm_fault_t do_wp_page(struct vm_fault *vmf)',
  ' \t\t\t\t\t(VM_WRITE|VM_SHARED))) {',
  ' \t\treturn wp_page_shared(vmf);',
  ' \t}',
  '+copy_unlock:',
  '+\tunlock_page(page);',
  ' copy:',
  ' \t/*',
  ' \t * Ok, we need to copy. Oh, well..',
];
const subject = '[PATCH] mm: reuse an anon page mapped once with few references';
const date = 'Mon, 17 Jan 2022 10:00:00 +0000';

describe("do_wp_page()'s bail-outs to the copy, rewritten", () => {
  it('reuse by mapcount with a looser refcount bound introduces S8\'s race (a GUP reference no longer forces the copy)', async () => {
    const r = await check(subject, date, chain(['+\t\tif (page_mapcount(page) != 1)', '+\t\t\tgoto copy_unlock;'], relabel).join('\n'));
    const s8 = finding(r, 'S8');
    expect(s8.unmapped).toEqual([]);
    expect(s8.delta).toBe('introduces');
    expect(s8.assumptions.join('\n')).toMatch(/the bail-outs to `copy:` at @@ -3150,15 \+3150,12 @@, which the model keeps as its one test `if \(PageKsm\(page\) \|\| page_count\(page\) != 1\) goto copy`, are now/);
    // (S1 has no test of a count above 2: it is explored both ways, not read as S1's own
    // `page_count(page) != 1` because the same count is compared.)
    expect(finding(r, 'S1').assumptions.join('\n')).toMatch(/`page_count\(page\) ?> ?2` explored both ways/);
    // (And S1's page is mapped twice after fork: its mapcount test holds in do_wp_page(); S1's
    // rule for the NUMA scan's skips, where a mapcount test is false, is change_pte_range()'s own.)
    expect(finding(r, 'S1').assumptions.join('\n')).toMatch(/`page_mapcount\(page\) ?!= ?1` is true \(S1's page is mapped by the parent and the child after fork\)/);
    for (const id of ['S1', 'S5']) {
      const f = finding(r, id);
      expect(f.unmapped, id).toEqual([]);
      expect(f.delta, id).not.toMatch(/introduces|fixes/);
    }
  });

  it('a re-check that still asks for one reference keeps S8 safe', async () => {
    const r = await check(subject, date, chain(['+\t\tif (page_count(page) != 1) {', '+\t\t\tunlock_page(page);', '+\t\t\tgoto copy;', '+\t\t}'], []).join('\n'));
    const s8 = finding(r, 'S8');
    expect(s8.unmapped).toEqual([]);
    expect(s8.delta).toBe('unchanged');
  });

  it('a bail-out the model lacks, folded into the first test, is no fix', async () => {
    // (The old chain's third test is none of S8's: the model's one test does not stand for the
    // old chain, so the rewrite is not read as a new `||`, which would make S8's base reuse where
    // the kernel copied and read the fold as a fix.)
    const body = [
      ' \tif (PageAnon(vmf->page)) {',
      ' \t\tstruct page *page = vmf->page;',
      ' ',
      '-\t\tif (PageKsm(page) || page_count(page) != 1)',
      '+\t\tif (PageKsm(page) || page_count(page) != 1 || PageSwapCache(page))',
      ' \t\t\tgoto copy;',
      ' \t\tif (!trylock_page(page))',
      ' \t\t\tgoto copy;',
      '-\t\tif (PageSwapCache(page)) {',
      '-\t\t\tunlock_page(page);',
      '-\t\t\tgoto copy;',
      '-\t\t}',
      ' \t\t/*',
      ' \t\t * Ok, we\'ve got the only map reference, and the only',
    ];
    const r = await check(subject, date, countedHunkOf(body).join('\n'));
    const s8 = finding(r, 'S8');
    expect(s8.delta).not.toBe('fixes');
    expect(s8.assumptions.join('\n')).not.toMatch(/the bail-outs to `copy:`/);
  });
});

function countedHunkOf(body: string[]): string[] {
  const olds = body.filter((l) => !l.startsWith('+')).length;
  const news = body.filter((l) => !l.startsWith('-')).length;
  return [...fileHeader('mm/memory.c'), `@@ -3150,${olds} +3150,${news} @@ static vm_fault_t do_wp_page(struct vm_fault *vmf)`, ...body];
}

// (A 2022 sketch's shape, sample 118's L004: a test whose block only makes no step, here
// dropping the swap cache's reference, stands between two bail-outs of the new chain.)
describe('a test between two bail-outs whose block makes no step and does not leave', () => {
  it('goes with the chain: the bail-outs are read as the model\'s one test, as before', async () => {
    const body = [
      ' \tif (PageAnon(vmf->page)) {',
      ' \t\tstruct page *page = vmf->page;',
      ' ',
      ' \t\tif (PageKsm(page) || page_count(page) != 1)',
      ' \t\t\tgoto copy;',
      ' \t\tif (!trylock_page(page))',
      ' \t\t\tgoto copy;',
      '-\t\tif (PageKsm(page) || page_mapcount(page) != 1 || page_count(page) != 1) {',
      '+\t\tif (PageSwapCache(page))',
      '+\t\t\ttry_to_free_swap(page);',
      '+\t\tif (PageKsm(page) || page_count(page) != 1) {',
      ' \t\t\tunlock_page(page);',
      ' \t\t\tgoto copy;',
      ' \t\t}',
      ' \t\t/*',
    ];
    const olds = body.filter((l) => !l.startsWith('+')).length;
    const news = body.filter((l) => !l.startsWith('-')).length;
    const diff = [...fileHeader('mm/memory.c'), `@@ -3150,${olds} +3150,${news} @@ static vm_fault_t do_wp_page(struct vm_fault *vmf)`, ...body];
    const s8 = finding(await check('[PATCH] mm: drop the swap cache before the re-check', date, diff.join('\n')), 'S8');
    expect(s8.unmapped).toEqual([]);
    expect(s8.delta).not.toMatch(/introduces|fixes/);
    expect(s8.assumptions.join('\n')).toMatch(/which the model keeps as its one test/);
  });
});
