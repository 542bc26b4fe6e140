import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { primitiveRedefinitions } from '../../../src/lift/redefinitions.js';

/** A header hunk that changes one inline helper's return line. */
const hunk = (fn: string, from: string, to: string): string =>
  [
    'diff --git a/arch/x86/include/asm/pgtable.h b/arch/x86/include/asm/pgtable.h',
    '--- a/arch/x86/include/asm/pgtable.h',
    '+++ b/arch/x86/include/asm/pgtable.h',
    '@@ -300,6 +300,6 @@ static inline int pte_young(pte_t pte)',
    ' ',
    ` static inline pte_t ${fn}(pte_t pte)`,
    ' {',
    `-\treturn ${from};`,
    `+\treturn ${to};`,
    ' }',
    '',
  ].join('\n');

describe('primitiveRedefinitions', () => {
  it('reads a builder whose return now wraps the old value in another builder', () => {
    const files = parseUnifiedDiff(hunk('pte_mkuffd_wp', 'pte_set_flags(pte, _PAGE_UFFD_WP)', 'pte_wrprotect(pte_set_flags(pte, _PAGE_UFFD_WP))')).files;
    expect(primitiveRedefinitions(files)).toEqual([{ name: 'pte_mkuffd_wp', adds: 'pte_wrprotect', file: 'arch/x86/include/asm/pgtable.h' }]);
  });
  it('reads no new meaning into a raw rewrite of the value, or a return that drops the old one', () => {
    expect(primitiveRedefinitions(parseUnifiedDiff(hunk('pte_mkuffd_wp', 'pte_set_flags(pte, _PAGE_UFFD_WP)', '__pte(pte_val(pte_set_flags(pte, _PAGE_UFFD_WP)))')).files)).toEqual([]);
    expect(primitiveRedefinitions(parseUnifiedDiff(hunk('pte_mkuffd_wp', 'pte_set_flags(pte, _PAGE_UFFD_WP)', 'pte_wrprotect(pte)')).files)).toEqual([]);
  });
});
