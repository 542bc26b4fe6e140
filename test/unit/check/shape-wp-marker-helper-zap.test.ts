import { describe, expect, it } from 'vitest';
import { check, countedHunk, fileHeader, finding } from '../../helpers/shape-checks.js';

// A zap that keeps a write-protect marker in the PTE it clears, through a helper the patch adds
// (the 2021-2022 file-backed uffd-wp postings): the helper writes a marker entry only for a PTE
// that had the uffd-wp bit, or for a swap entry or marker that had it; zap_pte_range() calls it
// after each clear, also at the end of the device-entry branch.
//
// Two shapes were not read:
// - the device-entry branch's head is above the hunk, in the patch's earlier hunk, with its test
//   continued on a second line (`if (A ||` over `    B) {`): the branch (never entered) was not
//   seen, and the call added at its end was compared with the one the earlier hunk placed in the
//   present-PTE branch (unmapped: "the lift puts ... before ...");
// - pte_swp_uffd_wp_any() (5.19), true only of a swap entry or marker with the uffd-wp bit, was
//   not known as such a test: where no VMA is registered with a userfaultfd (S5), the helper's
//   marker write still stood as a PTE write the model has no step for (unmapped).
const date = 'Mon, 15 Nov 2021 10:00:00 +0000';
const zap = (at: number, lines: string[]) => [`@@ -${at},${lines.filter((l) => !l.startsWith('+')).length} +${at},${lines.filter((l) => !l.startsWith('-')).length} @@ static unsigned long zap_pte_range(struct mmu_gather *tlb,`, ...lines];

const helper = countedHunk('include/linux/mm_inline.h', 135, 'static __always_inline void del_page_from_lru_list(struct page *page,', [
  ' }',
  '+',
  '+static inline void install_uffd_wp_keeper(struct vm_area_struct *vma, unsigned long addr,',
  '+\t\t\t\t  pte_t *pte, pte_t old)',
  '+{',
  '+\tbool want = false;',
  '+',
  '+\tif (vma_is_anonymous(vma))',
  '+\t\treturn;',
  '+\tif (pte_present(old) && pte_uffd_wp(old))',
  '+\t\twant = true;',
  '+\tif (pte_swp_uffd_wp_any(old))',
  '+\t\twant = true;',
  '+\tif (want)',
  '+\t\tset_pte_at(vma->vm_mm, addr, pte, make_pte_marker(PTE_MARKER_UFFD_WP));',
  '+}',
  ' #endif',
]);

const memory = [
  ...fileHeader('mm/memory.c'),
  ...zap(1343, [
    ' \t\t\tptent = ptep_get_and_clear_full(mm, addr, pte,',
    ' \t\t\t\t\t\t\ttlb->fullmm);',
    ' \t\t\ttlb_remove_tlb_entry(tlb, pte, addr);',
    '+\t\t\tinstall_uffd_wp_keeper(vma, addr, pte, ptent);',
    ' \t\t\tif (unlikely(!page))',
    ' \t\t\t\tcontinue;',
  ]),
  ...zap(1366, [
    ' \t\t\tcontinue;',
    ' \t\t}',
    ' ',
    ' \t\tentry = pte_to_swp_entry(ptent);',
    ' \t\tif (is_device_private_entry(entry) ||',
    ' \t\t    is_device_exclusive_entry(entry)) {',
  ]),
  ...zap(1380, [
    ' \t\t\t\tpage_remove_rmap(page, false);',
    ' ',
    ' \t\t\tput_page(page);',
    '+\t\t\tinstall_uffd_wp_keeper(vma, addr, pte, ptent);',
    ' \t\t\tcontinue;',
    ' \t\t}',
    ' ',
  ]),
];

describe('a zap helper that leaves a uffd-wp marker, called in a branch whose two-line head is in the earlier hunk', () => {
  it('reads the call at the end of the device-entry branch as never run, and the marker write as dead where no VMA is registered with a userfaultfd (S5)', async () => {
    const r = await check('[PATCH] mm: keep the uffd-wp marker of a zapped file pte', date, [...helper, ...memory].join('\n'));
    const s5 = finding(r, 'S5');
    expect(s5.unmapped).toEqual([]);
    expect(s5.delta).toBe('unchanged');
    expect(s5.assumptions.join('\n')).toMatch(/`pte_swp_uffd_wp_any\(old\)` is false \(no modelled PTE is a swap, migration, device or marker entry\)/);
    const s2 = finding(r, 'S2');
    expect(s2.unmapped.map((u) => u.reason).join('\n')).not.toMatch(/the lift puts/);
    expect(s2.ignored.join('\n')).toMatch(/is inside `if \(is_device_private_entry\(entry\) \|\| is_device_exclusive_entry\(entry\)\) \{` \(above, in the patch's earlier hunk\), a block the model never enters/);
  });

  // S2's reclaim unmaps P from a VMA that may be registered for uffd-wp (UFFDIO_COPY with WP on
  // the shared shmem VMA), so there the marker is written; but after the unmap no S2 actor reads
  // it other than as an empty entry: it is no step, by an assumption the report states.
  const rmap = (call: string) => countedHunk('mm/rmap.c', 1517, 'static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,', [
    ' \t\t\tpteval = ptep_clear_flush(vma, address, pvmw.pte);',
    ' \t\t}',
    ' ',
    `+\t\t${call}(vma, address, pvmw.pte, pteval);`,
    '+',
    ' \t\t/* Move the dirty bit to the page. Now the pte is gone. */',
    ' \t\tif (pte_dirty(pteval))',
    ' \t\t\tset_page_dirty(page);',
  ]);
  it("is no step in S2 when reclaim calls it, by a stated assumption (no S2 actor reads the marker after the unmap)", async () => {
    const r = await check('[PATCH] mm: keep the uffd-wp marker of an unmapped file pte', date, [...helper, ...memory, ...rmap('install_uffd_wp_keeper')].join('\n'));
    const s2 = finding(r, 'S2');
    expect(s2.unmapped).toEqual([]);
    expect(s2.delta).not.toMatch(/introduces|fixes/);
    expect(s2.assumptions.join('\n')).toMatch(/install_uffd_wp_keeper: `set_pte_at\(.*make_pte_marker\(PTE_MARKER_UFFD_WP\)\)` is no step \(a uffd-wp marker where reclaim unmapped P/);
  });

  it('a helper that writes a present entry there is still a PTE write S2 has no step for', async () => {
    const writer = countedHunk('include/linux/mm_inline.h', 135, 'static __always_inline void del_page_from_lru_list(struct page *page,', [
      ' }',
      '+',
      '+static inline void put_back_entry(struct vm_area_struct *vma, unsigned long addr,',
      '+\t\t\t\t  pte_t *pte, pte_t old)',
      '+{',
      '+\tset_pte_at(vma->vm_mm, addr, pte, pte_mkclean(old));',
      '+}',
      ' ',
    ]);
    const r = await check('[PATCH] mm: put the unmapped entry back', date, [...writer, ...rmap('put_back_entry')].join('\n'));
    expect(finding(r, 'S2').delta).toBe('unmapped');
  });
});
