/**
 * A kernel-shaped mm/gup.c written for racebot's tests (not kernel source): the fast-GUP walk
 * over PTEs at four points of its history. v6.5 adds the re-check of the PTE after the folio is
 * grabbed; v6.6-rc1 adds a helper at the top of the file (every later line moves); `next` (an
 * untagged commit after v6.6-rc1) renames the walk.
 */

export const GUP_V6_4 = `// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockless walk of user page tables for pinning: a stand-in for racebot's tests.
 */
#include <linux/mm.h>
#include <linux/pagemap.h>

static inline bool pin_wanted(unsigned int flags)
{
	return flags & FOLL_PIN;
}

static struct folio *grab_one(struct page *page, unsigned int flags)
{
	struct folio *folio = page_folio(page);

	if (!folio_try_get(folio))
		return NULL;
	if (pin_wanted(flags))
		folio_pin_count_add(folio);
	return folio;
}

static int walk_ptes(pmd_t pmd, unsigned long addr, unsigned long end,
		     unsigned int flags, struct page **pages, int *nr)
{
	pte_t *ptep;
	int ret = 0;

	ptep = pte_offset_map(&pmd, addr);
	if (!ptep)
		return 0;
	do {
		pte_t pte = ptep_get_lockless(ptep);
		struct folio *folio;

		if (!pte_present(pte))
			goto out;
		folio = grab_one(pte_page(pte), flags);
		if (!folio)
			goto out;
		pages[(*nr)++] = pte_page(pte);
	} while (ptep++, addr += PAGE_SIZE, addr != end);
	ret = 1;
out:
	pte_unmap(ptep);
	return ret;
}

int pin_user_range(unsigned long start, int nr_pages, unsigned int flags,
		   struct page **pages)
{
	int nr = 0;

	local_irq_disable();
	walk_ptes(*pmd_at(start), start, start + nr_pages * PAGE_SIZE, flags, pages, &nr);
	local_irq_enable();
	return nr;
}
EXPORT_SYMBOL_GPL(pin_user_range);
`;

export const GUP_V6_5 = GUP_V6_4.replace(
  `		folio = grab_one(pte_page(pte), flags);
		if (!folio)
			goto out;
`,
  `		folio = grab_one(pte_page(pte), flags);
		if (!folio)
			goto out;
		if (unlikely(pte_val(pte) != pte_val(ptep_get(ptep)))) {
			folio_put(folio);
			goto out;
		}
`,
);

export const GUP_V6_6_RC1 = GUP_V6_5.replace(
  `static inline bool pin_wanted(unsigned int flags)`,
  `static inline bool longterm_wanted(unsigned int flags)
{
	return flags & FOLL_LONGTERM;
}

static inline bool pin_wanted(unsigned int flags)`,
);

export const GUP_NEXT = GUP_V6_6_RC1.replaceAll('walk_ptes', 'gup_fast_walk_ptes');

export const MEMORY_C = `// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>

vm_fault_t do_anon_fault(struct vm_fault *vmf)
{
	return 0;
}
`;
