import { describe, expect, it } from 'vitest';
import { fileHeader, mappedFinding } from '../../helpers/shape-checks.js';

// A flag the patch defines (a new enumerator of enum ttu_flags) and passes to try_to_unmap() only
// from a function it adds in a file no model runs (a device driver helper asking for exclusive
// access, 2021's device-exclusive postings), tested in a new branch of try_to_unmap_one(): no
// modelled path calls that function, so no modelled path carries the flag, and the branch, with
// its PTE writes, is never taken. (Before, the caller outside the model kept the flag undecided,
// and the branch's set_pte_at() had no step in S2's try_to_unmap_one(): unmapped.)
const date = 'Fri, 19 Feb 2021 13:07:47 +1100';
const diff = [
  ...fileHeader('include/linux/rmap.h'),
  '@@ -98,6 +98,7 @@ enum ttu_flags {',
  ' \tTTU_RMAP_LOCKED\t\t= 0x80,\t/* do not grab rmap lock:',
  ' \t\t\t\t\t * caller holds it */',
  ' \tTTU_SPLIT_FREEZE\t= 0x100,\t\t/* freeze pte under splitting thp */',
  '+\tTTU_GRANT_DEVICE\t= 0x200,\t\t/* hand the page to a device */',
  ' };',
  ' ',
  ' #ifdef CONFIG_MMU',
  ...fileHeader('mm/hmm.c'),
  '@@ -593,3 +593,17 @@ int hmm_range_fault(struct hmm_range *range)',
  ' \treturn ret;',
  ' }',
  ' EXPORT_SYMBOL(hmm_range_fault);',
  '+',
  '+int hmm_grant_device_pages(struct page **pages, unsigned long npages)',
  '+{',
  '+\tunsigned long i;',
  '+',
  '+\tfor (i = 0; i < npages; i++) {',
  '+\t\tif (!try_to_unmap(pages[i], TTU_GRANT_DEVICE | TTU_IGNORE_MLOCK))',
  '+\t\t\treturn -EBUSY;',
  '+\t}',
  '+\treturn 0;',
  '+}',
  '+EXPORT_SYMBOL(hmm_grant_device_pages);',
  '+',
  '+/* The device side of the grant lives in the driver. */',
  ...fileHeader('mm/rmap.c'),
  '@@ -1591,6 +1591,14 @@ static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,',
  ' \t\t\t/* We have to invalidate as we cleared the pte */',
  ' \t\t\tmmu_notifier_invalidate_range(mm, address,',
  ' \t\t\t\t\t\t      address + PAGE_SIZE);',
  '+\t\t} else if (flags & TTU_GRANT_DEVICE) {',
  '+\t\t\tpte_t granted;',
  '+',
  '+\t\t\tgranted = swp_entry_to_pte(make_device_grant_entry(subpage, pte_write(pteval)));',
  '+\t\t\tif (pte_soft_dirty(pteval))',
  '+\t\t\t\tgranted = pte_swp_mksoft_dirty(granted);',
  '+\t\t\tget_page(page);',
  '+\t\t\tset_pte_at(mm, address, pvmw.pte, granted);',
  ' \t\t} else if (IS_ENABLED(CONFIG_MIGRATION) &&',
  ' \t\t\t\t(flags & (TTU_MIGRATION|TTU_SPLIT_FREEZE))) {',
  ' \t\t\tswp_entry_t entry;',
];

describe('a flag of the patch passed only from a function no modelled path calls', () => {
  it('S2: the branch testing it is never taken; mapped, unchanged', async () => {
    const f = await mappedFinding('S2', '[PATCH] mm: grant a device exclusive use of pages', date, diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`flags & TTU_GRANT_DEVICE` is false \(TTU_GRANT_DEVICE is the patch's own flag, set only where no modelled path goes/);
  });
});
