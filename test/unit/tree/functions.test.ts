/**
 * Whole functions out of kernel-shaped C (written for these tests): names and extents through
 * the kernel's annotation macros, `#ifdef` inside bodies, loop macros, gotos and nested braces,
 * and unreadable code as a stated outcome.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadedFunctionParser, loadFunctionParser, type FunctionParser } from '../../../src/tree/functions.js';
import { maskKernelC } from '../../../src/tree/c-mask.js';
import { GUP_V6_4, GUP_V6_5 } from '../../helpers/kernel-fixture.js';

const MEMORY = `// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>
#include <linux/rmap.h>

static DEFINE_SPINLOCK(fault_stats_lock);

/*
 * Copy the old page into the new one under the page table lock.
 */
static vm_fault_t wp_copy_locked(struct vm_fault *vmf, struct folio *old)
	__must_hold(vmf->ptl)
{
	struct vm_area_struct *vma = vmf->vma;
	struct folio *new;
	int retries = 3;

again:
	new = folio_prealloc(vma->vm_mm, vma, vmf->address, false);
	if (!new) {
		if (--retries)
			goto again;
		return VM_FAULT_OOM;
	}
	if (copy_mc_user_highpage(&new->page, &old->page, vmf->address, vma)) {
		folio_put(new);
		return VM_FAULT_HWPOISON;
	}
#ifdef CONFIG_MEM_SOFT_DIRTY
	if (vma->vm_flags & VM_SOFTDIRTY) {
		vmf->flags |= FAULT_FLAG_SOFT;
#else
	if (0) {
#endif
		count_vm_event(PGFAULT_SOFT);
	}
	list_for_each_entry(old, &vma->anon_list,
			    lru)
		touch_folio(old);
	return 0;
}

static __always_inline void lock_pte(struct vm_fault *vmf) __acquires(vmf->ptl)
{
	spin_lock(vmf->ptl);
}

static noinline int __maybe_unused
unlock_pte(struct vm_fault *vmf, spinlock_t *ptl)
	__releases(ptl)
{
	spin_unlock(ptl);
	return 0;
}
EXPORT_SYMBOL(unlock_pte);

#ifdef CONFIG_NUMA
static int pick_node(struct folio *folio)
{
	return folio_nid(folio);
}
#else
static int pick_node(struct folio *folio)
{
	return 0;
}
#endif

SYSCALL_DEFINE2(mpin, unsigned long, start, size_t, len)
{
	struct mm_struct *mm = current->mm;

	scoped_guard(mmap_read_lock, mm) {
		if (!find_vma(mm, start))
			return -ENOMEM;
	}
	return 0;
}

int (*pick_hook(void))(struct folio *)
{
	return pick_node;
}

#if defined(CONFIG_HUGE_WALK) && defined(CONFIG_DEVMAP)
static int huge_walk(pud_t orig, pud_t *pudp, unsigned long addr)
{
	struct dev_pagemap *pgmap = NULL;

	do {
		pgmap = get_dev_pagemap(pud_pfn(orig), pgmap);
		if (unlikely(!pgmap))
			break;
	} while (addr += PAGE_SIZE, addr & ~PUD_MASK);
	return pud_val(orig) == pud_val(*pudp);
}
#else
static int huge_walk(pud_t orig, pud_t *pudp, unsigned long addr)
{
	BUILD_BUG();
	return 0;
}
#endif /* CONFIG_HUGE_WALK && CONFIG_DEVMAP */
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

let fp: FunctionParser;
beforeAll(async () => {
  fp = await loadFunctionParser();
});

test('one parser per process, also for synchronous callers once loaded', async () => {
  expect(await loadFunctionParser()).toBe(fp);
  expect(loadedFunctionParser()).toBe(fp);
});

describe('maskKernelC', () => {
  test('keeps every character position and newline', () => {
    for (const text of [MEMORY, GUP_V6_5]) {
      const m = maskKernelC(text);
      expect(m.length).toBe(text.length);
      expect([...m].map((c, i) => (c === '\n') === (text[i] === '\n')).every(Boolean)).toBe(true);
    }
    const m = maskKernelC(MEMORY);
    expect(m).not.toContain('__must_hold');
    expect(m).not.toContain('list_for_each_entry');
    expect(m).toContain('long sys_mpin(');
    // The #else branch inside the body is dropped, the first branch is kept.
    expect(m).not.toContain('if (0)');
    expect(m).toContain('vmf->flags |= FAULT_FLAG_SOFT;');
  });
});

describe('FunctionParser', () => {
  test('every definition with its name and whole extent', () => {
    const fns = fp.all(MEMORY).map((f) => [f.name, f.startLine, f.endLine, f.hasError]);
    expect(fns).toEqual([
      ['wp_copy_locked', lineOf(MEMORY, 'static vm_fault_t wp_copy_locked'), lineOf(MEMORY, 'list_for_each_entry') + 4, false],
      ['lock_pte', lineOf(MEMORY, 'void lock_pte('), lineOf(MEMORY, 'void lock_pte(') + 3, false],
      ['unlock_pte', lineOf(MEMORY, 'static noinline int'), lineOf(MEMORY, 'EXPORT_SYMBOL(unlock_pte)') - 1, false],
      ['pick_node', lineOf(MEMORY, '#ifdef CONFIG_NUMA') + 1, lineOf(MEMORY, '#ifdef CONFIG_NUMA') + 4, false],
      ['pick_node', lineOf(MEMORY, '#ifdef CONFIG_NUMA') + 6, lineOf(MEMORY, '#ifdef CONFIG_NUMA') + 9, false],
      ['sys_mpin', lineOf(MEMORY, 'SYSCALL_DEFINE2'), lineOf(MEMORY, 'int (*pick_hook') - 2, false],
      ['pick_hook', lineOf(MEMORY, 'int (*pick_hook'), lineOf(MEMORY, 'int (*pick_hook') + 3, false],
      ['huge_walk', lineOf(MEMORY, '#if defined(CONFIG_HUGE_WALK)') + 1, lineOf(MEMORY, 'return pud_val(orig) == pud_val') + 1, false],
      ['huge_walk', lineOf(MEMORY, 'BUILD_BUG();') - 2, lineOf(MEMORY, 'BUILD_BUG();') + 2, false],
    ]);
  });

  test('the text is the definition as written, from its first specifier to its closing brace', () => {
    const [f] = fp.byName(MEMORY, ['wp_copy_locked']).functions;
    expect(f.text.startsWith('static vm_fault_t wp_copy_locked(struct vm_fault *vmf, struct folio *old)\n\t__must_hold(vmf->ptl)\n{')).toBe(true);
    expect(f.text.endsWith('\t\ttouch_folio(old);\n\treturn 0;\n}')).toBe(true);
    expect(f.text).toContain('#ifdef CONFIG_MEM_SOFT_DIRTY');
    expect(f.text).toBe(MEMORY.split('\n').slice(f.startLine - 1, f.endLine).join('\n'));
  });

  test('the functions containing changed lines, each once; lines outside any function are said', () => {
    const lines = [lineOf(MEMORY, 'goto again;'), lineOf(MEMORY, 'count_vm_event'), lineOf(MEMORY, 'spin_unlock(ptl)'), lineOf(MEMORY, 'DEFINE_SPINLOCK')];
    const r = fp.atLines(MEMORY, lines);
    expect(r.functions.map((f) => f.name)).toEqual(['wp_copy_locked', 'unlock_pte']);
    expect(r.problems).toEqual([{ code: 'outside-function', line: lineOf(MEMORY, 'DEFINE_SPINLOCK'), name: null, message: expect.stringContaining('outside any function') }]);
  });

  test('by name: both #ifdef alternatives of a function, and a name with no definition', () => {
    const r = fp.byName(MEMORY, ['pick_node', 'do_wp_page']);
    expect(r.functions.map((f) => f.text.split('\n')[2])).toEqual(['\treturn folio_nid(folio);', '\treturn 0;']);
    expect(r.problems).toEqual([{ code: 'not-found', line: null, name: 'do_wp_page', message: 'no definition of do_wp_page()' }]);
  });

  test('changed(): a change inside one function gives that function whole on both sides', () => {
    const at = lineOf(GUP_V6_5, 'if (unlikely(pte_val(pte)');
    const c = fp.changed(GUP_V6_4, GUP_V6_5, [], [at, at + 1, at + 2, at + 3]);
    expect(c.names).toEqual(['walk_ptes']);
    expect(c.pre.map((f) => [f.name, f.startLine, f.endLine])).toEqual([['walk_ptes', lineOf(GUP_V6_4, 'static int walk_ptes'), lineOf(GUP_V6_4, 'return ret;') + 1]]);
    expect(c.post[0].text).toContain('folio_put(folio);');
    expect(c.pre[0].text).not.toContain('folio_put(folio);');
    expect(c.problems).toEqual([]);
  });

  test('a function the grammar cannot read is returned with hasError and where', () => {
    const text = 'static int good(void)\n{\n\treturn 1;\n}\n\nstatic int bad(int a)\n{\n\tif (a > ) {\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n';
    const fns = fp.all(text);
    expect(fns.map((f) => [f.name, f.hasError])).toEqual([
      ['good', false],
      ['bad', true],
    ]);
    expect(fns[1].error).toEqual({ line: 8, column: expect.any(Number) });
    expect([fns[1].startLine, fns[1].endLine]).toEqual([6, 12]);
  });

  test('an unreadable function does not take the next one with it', () => {
    // A brace left open in one body: parsed whole, the file would be one broken definition
    // running into the next; each file-level piece is parsed on its own.
    const text = 'static int first(void)\n{\n\tif (a) {\n\t\tb();\n\telse\n\t\tc();\n}\n\nstatic int second(struct page *page)\n{\n\treturn page_count(page);\n}\n';
    const r = fp.atLines(text, [11]);
    expect(r.functions.map((f) => [f.name, f.startLine, f.endLine, f.hasError])).toEqual([['second', 9, 12, false]]);
    expect(fp.byName(text, ['second', 'first']).functions.map((f) => [f.name, f.hasError])).toEqual([
      ['first', true],
      ['second', false],
    ]);
  });

  test('a closing brace in column 0 inside a comment does not cut the file there', () => {
    const text = 'static int third(int a)\n{\n\t/*\n}\n\t */\n\treturn a;\n}\n';
    expect(fp.atLines(text, [6]).functions.map((f) => [f.name, f.startLine, f.endLine, f.hasError])).toEqual([['third', 1, 7, false]]);
  });

  test('a changed line in code that is no readable definition at all is a parse-error, not a guess', () => {
    const text = 'int ok(void)\n{\n\treturn 0;\n}\n\nint ) garbled ( {\n\tfoo(;\n}\n';
    const r = fp.atLines(text, [7]);
    expect(r.functions).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['parse-error']);
    expect(fp.byName(text, ['garbled']).problems.map((p) => p.code)).toEqual(['parse-error']);
  });
});
