import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// The speculative page fault postings (2017-2019) respell two steps of the COW fault: the new
// page's rmap through __page_add_new_anon_rmap() (no VMA-range assertion), and the fault's page
// lookup through __vm_normal_page() with two more arguments. Both are the model's steps; before,
// each made the fault `unmapped`. And zap_pte_range()'s tlb_remove_check_page_size_change()
// (tlb_change_page_size() from 5.1) flushes only when the gather's page size changes.
const date = 'Tue, 14 Aug 2018 10:00:00 +0000';

describe('respelled steps of the speculative page fault postings', () => {
  it('reads __page_add_new_anon_rmap() as the rmap of the new page', async () => {
    const diff = countedHunk('mm/memory.c', 2460, 'static int wp_page_copy(struct vm_fault *vmf)', [
      ' \t\tptep_clear_flush_notify(vma, vmf->address, vmf->pte);',
      '-\t\tpage_add_new_anon_rmap(new_page, vma, vmf->address, false);',
      '+\t\t__page_add_new_anon_rmap(new_page, vma, vmf->address, false);',
    ]);
    const f = finding(await check('[PATCH 12/20] mm: rmap without the VMA check', date, diff.join('\n')), 'S1');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).not.toMatch(/introduces|fixes/);
  });

  it('reads __vm_normal_page(vma, addr, pte, false, flags) as vm_normal_page(vma, addr, pte), and not with a device page', async () => {
    const hunk = (call: string) =>
      countedHunk('mm/memory.c', 2530, 'static int do_wp_page(struct vm_fault *vmf)', [
        ' \tstruct vm_area_struct *vma = vmf->vma;',
        ' ',
        '-\tvmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);',
        `+\tvmf->page = ${call};`,
        ' \tif (!vmf->page) {',
      ]).join('\n');
    const f = finding(await check('[PATCH 16/20] mm: introduce __vm_normal_page()', date, hunk('__vm_normal_page(vma, vmf->address, vmf->orig_pte, false, vmf->vma_flags)')), 'S1');
    expect(f.unmapped).toEqual([]);
    expect(f.delta).toBe('pre-existing');
    // (With a device page allowed, the lookup is not the model's: it stays a call racebot does not know.)
    const dev = finding(await check('[PATCH 16/20] mm: introduce __vm_normal_page() for devices', date, hunk('__vm_normal_page(vma, vmf->address, vmf->orig_pte, true, vmf->vma_flags)')), 'S1');
    expect(dev.unmapped.length).toBeGreaterThan(0);
  });

  it("reads zap_pte_range()'s tlb_remove_check_page_size_change() as no step", async () => {
    const diff = countedHunk('mm/memory.c', 1046, 'static unsigned long zap_pte_range(struct mmu_gather *tlb,', [
      ' \tswp_entry_t entry;',
      ' ',
      '-\ttlb_remove_check_page_size_change(tlb, PAGE_SIZE);',
      '+\ttlb_change_page_size(tlb, PAGE_SIZE);',
      ' \tinit_rss_vec(rss);',
      ' \tstart_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);',
    ]);
    const r = await check('[PATCH 02/18] asm-generic/tlb: page size of the gather', 'Tue, 19 Feb 2019 10:00:00 +0000', diff.join('\n'));
    for (const sc of ['S2', 'S5']) {
      expect(finding(r, sc).unmapped).toEqual([]);
      expect(finding(r, sc).delta).toBe('unchanged');
    }
  });
});
