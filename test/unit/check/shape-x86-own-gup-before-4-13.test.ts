import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// Sample 121's L209 and L210 shape (2019, a 4.9 stable-only fix): x86's own GUP-fast, which x86
// kept in arch/x86/mm/gup.c until 4.13, took a plain get_page() where the generic mm/gup.c code
// the models follow takes a speculative reference and re-checks the PTE. The fix gives x86 its
// own try_get_compound_head() and the re-check. Lifted onto the generic model, the new lines
// landed beside the model's own speculative reference and S7 said `fixes` for code as racy as
// before. The reference is not the model's code there: the hunk is `unmapped`, and says why.
const date = 'Fri, 2 Aug 2019 10:00:00 +0000';
const diff = [
  ...countedHunk('arch/x86/mm/gup.c', 98, 'static inline int pte_allows_gup(unsigned long pteval, int write)', [
    ' }',
    ' ',
    '+static inline struct page *try_get_compound_head(struct page *page, int refs)',
    '+{',
    '+\tstruct page *head = compound_head(page);',
    '+\tif (unlikely(!page_cache_add_speculative(head, refs)))',
    '+\t\treturn NULL;',
    '+\treturn head;',
    '+}',
    '+',
    ' /*',
  ]),
  ...countedHunk('arch/x86/mm/gup.c', 150, 'static noinline int gup_pte_range(pmd_t pmd, unsigned long addr,', [
    ' \t\tpage = pte_page(pte);',
    '-\t\tget_page(page);',
    '+\t\thead = try_get_compound_head(page, 1);',
    '+\t\tif (!head)',
    '+\t\t\treturn 0;',
    '+\t\tif (unlikely(pte_val(pte) != pte_val(*ptep))) {',
    '+\t\t\tput_page(head);',
    '+\t\t\treturn 0;',
    '+\t\t}',
    ' \t\tSetPageReferenced(page);',
  ]).slice(4),
];

describe("x86's own GUP-fast before 4.13, its page reference changed", () => {
  it('is not the model\'s reference: unmapped, with the reason, and no fix is claimed', async () => {
    const r = await check('[PATCH STABLE 4.9] x86, mm, gup: re-check the PTE after the reference', date, diff.join('\n'));
    for (const sc of ['S3', 'S7']) {
      const f = finding(r, sc);
      expect(f.delta).toBe('unmapped');
      expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/`get_page\(page\);`: x86's own GUP-fast before 4\.13 takes a plain page reference/);
    }
  });
});
