import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';
import { functionAtLines } from '../../../src/lift/lift.js';
import { readRenamedParams } from '../../../src/lift/param-renames.js';

const diff = (lines: string[]) => parseUnifiedDiff(['diff --git a/mm/x.c b/mm/x.c', 'index 1111111..2222222 100644', '--- a/mm/x.c', '+++ b/mm/x.c', ...lines, ''].join('\n')).files;

describe('parameters a patch renames', () => {
  const files = diff([
    '@@ -10,12 +10,12 @@ static int helper(void)',
    ' int install_one(struct vm_area_struct *vma,',
    '-		bool fresh, bool wp_copy)',
    '+		bool fresh, bool wp_mode)',
    ' {',
    ' 	pte_t pte;',
    ' ',
    '-	if (wp_copy)',
    '+	if (wp_mode)',
    ' 		pte = pte_mkuffd_wp(pte);',
    ' 	set_pte_at(mm, addr, ptep, pte);',
    ' 	return other->wp_mode;',
    ' }',
  ]);

  it('reads the new name as the old one on the added lines of that function, fields left alone', () => {
    const { files: out, renames } = readRenamedParams(files, functionAtLines);
    expect(renames).toEqual([{ fn: 'install_one', from: 'wp_copy', to: 'wp_mode' }]);
    const added = out[0].hunks[0].lines.filter((l) => l.kind === 'add').map((l) => l.text.trim());
    expect(added).toEqual(['bool fresh, bool wp_copy)', 'if (wp_copy)']);
    // The context line's `other->wp_mode` is a field, not the parameter.
    expect(out[0].hunks[0].lines[10].text).toContain('other->wp_mode');
  });

  it('a new name the old code already uses in that function is no rename', () => {
    const clash = diff([
      '@@ -10,6 +10,6 @@ static int helper(void)',
      ' int install_one(struct vm_area_struct *vma,',
      '-		bool fresh, bool wp_copy)',
      '+		bool fresh, bool wp_mode)',
      ' {',
      ' 	bool wp_mode = fresh;',
      ' ',
    ]);
    expect(readRenamedParams(clash, functionAtLines).renames).toEqual([]);
  });

  it('a changed type, or a second name changed on the line, is no rename', () => {
    const typed = diff([
      '@@ -10,4 +10,4 @@ static int helper(void)',
      ' int install_one(struct vm_area_struct *vma,',
      '-		bool fresh, bool wp_copy)',
      '+		bool fresh, int wp_mode)',
      ' {',
    ]);
    expect(readRenamedParams(typed, functionAtLines).renames).toEqual([]);
  });
});

describe('the function each line of a hunk is in', () => {
  it('lines the old side deletes after a helper the patch adds are still the old function\'s', () => {
    const [f] = diff([
      '@@ -20,9 +20,16 @@ static int copy_one(struct mm_struct *mm)',
      ' 	pte = pte_clear_flags(pte);',
      '-	get_page(page);',
      '+	set_pte_at(mm, addr, dst, pte);',
      '+	return 0;',
      '+}',
      '+',
      '+static inline struct page *',
      '+prealloc_one(struct vm_area_struct *vma)',
      '+{',
      '+	return alloc_page_vma(GFP_KERNEL, vma, 0);',
      ' }',
      '-	set_pte_at(mm, addr, dst, pte);',
      '-}',
      ' ',
      ' static int copy_range(struct mm_struct *mm)',
      ' {',
    ]);
    const at = functionAtLines(f.hunks[0]);
    const by = (text: string, kind: string) => at[f.hunks[0].lines.findIndex((l) => l.kind === kind && l.text.includes(text))];
    expect(by('get_page', 'del')).toBe('copy_one');
    expect(by('return 0', 'add')).toBe('copy_one');
    // A definition whose name starts its line (the type on the line before) is seen.
    expect(by('prealloc_one(', 'add')).toBe('prealloc_one');
    expect(by('alloc_page_vma', 'add')).toBe('prealloc_one');
    expect(by('set_pte_at', 'del')).toBe('copy_one');
    expect(at[f.hunks[0].lines.length - 1]).toBe('copy_range');
  });

  it("a `}` at column 0 ends the header's function; what follows is in none until a definition", () => {
    const [f] = diff([
      '@@ -40,10 +40,7 @@ static int walk_one(struct mm_struct *mm)',
      ' \treturn err;',
      ' }',
      ' ',
      '-static int old_helper(struct mm_struct *mm)',
      '-{',
      '-\treturn 0;',
      '-}',
      '+#define HELPER_FLAGS 0',
      ' ',
      ' int walk_all(struct mm_struct *mm)',
      ' {',
    ]);
    const at = functionAtLines(f.hunks[0]);
    const by = (text: string, kind: string) => at[f.hunks[0].lines.findIndex((l) => l.kind === kind && l.text.includes(text))];
    expect(by('return err', 'context')).toBe('walk_one');
    expect(by('HELPER_FLAGS', 'add')).toBeNull();
    expect(by('return 0', 'del')).toBe('old_helper');
    expect(at[f.hunks[0].lines.length - 1]).toBe('walk_all');
  });
});
