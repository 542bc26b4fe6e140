import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// `ret` set from a try-get (true on success) and tested `if (!ret) return 0;`: read before as the
// error-code test (`!ret` is success), so the exit was always taken and everything after it was
// on no path: a patch that only adds a failure exit could read as closing the race after it.
// Now the test is not read as an error code: unmapped, with the reason.
const diff = countedHunk('mm/memory.c', 2990, 'static vm_fault_t wp_page_copy(struct vm_fault *vmf)', [
  ' \tstruct mmu_notifier_range range;',
  ' ',
  '+\tret = folio_try_get(old_folio);',
  '+\tif (!ret)',
  '+\t\treturn 0;',
  ' \tif (unlikely(anon_vma_prepare(vma)))',
  ' \t\tgoto oom;',
]);

describe('a try-get result kept in `ret` and tested', () => {
  it('is no error-code test: never a fix of the race after it (S1, S5, S8)', async () => {
    const r = await check('[PATCH] mm: give up the copy when the old folio is going', 'Tue, 19 Jan 2021 10:00:00 +0000', diff.join('\n'));
    for (const sc of ['S1', 'S5', 'S8']) {
      const f = finding(r, sc);
      expect(f.delta).not.toBe('fixes');
      expect(f.delta).toBe('unmapped');
      expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/`ret`, which wp_page_copy\(\) sets from folio_try_get\(\) \(true on success\), not an error code/);
    }
  });

  // GUP's count kept in `ret`, its failure test rewritten `if (!ret)`: read before as the
  // error-code test, so the break was always taken and the copy through the page never ran, a
  // false `fixes` of the 2016 race (S5).
  it("is no error-code test where `ret` is GUP's count of pages: no false fix (S5)", async () => {
    const gup = countedHunk('mm/memory.c', 3900, 'int __access_remote_vm(struct task_struct *tsk, struct mm_struct *mm,', [
      ' \t\tstruct page *page = NULL;',
      ' ',
      ' \t\tret = get_user_pages_remote(tsk, mm, addr, 1,',
      ' \t\t\t\tgup_flags, &page, &vma);',
      '-\t\tif (ret <= 0) {',
      '+\t\tif (!ret) {',
      ' #ifndef CONFIG_HAVE_IOREMAP_PROT',
      ' \t\t\tbreak;',
      ' #else',
    ]);
    const f = finding(await check('[PATCH] mm: a zero count is the only failure', 'Tue, 04 Oct 2016 10:00:00 +0000', gup.join('\n')), 'S5');
    expect(f.delta).not.toBe('fixes');
    expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/sets from get_user_pages_remote\(\) \(the count of pages it got\), not an error code/);
  });
});
