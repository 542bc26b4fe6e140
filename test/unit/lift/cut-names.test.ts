import { describe, expect, it } from 'vitest';
import { completeCutNames, cutName } from '../../../src/lift/cut-names.js';
import type { DiffFile, DiffHunk } from '../../../src/diff/types.js';

const hunk = (functionName: string): DiffHunk => ({ header: `@@ -613,7 +613,7 @@ ${functionName}`, oldStart: 613, oldLines: 7, newStart: 613, newLines: 7, functionName, lines: [] });
const file = (path: string, h: DiffHunk): DiffFile => ({ path, oldPath: path, newPath: path, status: 'modified', binary: false, hunks: [h] }) as unknown as DiffFile;

describe('hunk headers cut by the diff tool', () => {
  it('a 40-character header ending mid-name (GNU diff -p) is cut; a shorter one or one with its parenthesis is whole', () => {
    expect(cutName('static __always_inline ssize_t __mcopy_a')).toBe('__mcopy_a');
    expect(cutName('static unsigned long change_pte_range(st')).toBeNull();
    expect(cutName('static int faultin_page')).toBeNull();
    expect(cutName(null)).toBeNull();
  });

  it('completes a cut name that begins one modelled function of the file, and says so', () => {
    const fns = [
      { name: '__mcopy_atomic', file: 'mm/userfaultfd.c' },
      { name: 'mcopy_atomic_pte', file: 'mm/userfaultfd.c' },
    ];
    const { files, notes } = completeCutNames([file('mm/userfaultfd.c', hunk('static __always_inline ssize_t __mcopy_a'))], fns);
    expect(files[0].hunks[0].functionName).toBe('static __always_inline ssize_t __mcopy_atomic(');
    expect(notes.join('\n')).toMatch(/cut at 40 characters \(`__mcopy_a`\); read as __mcopy_atomic\(\)/);
  });

  it('leaves a cut name alone in another file, or where two modelled names begin with it', () => {
    const fns = [
      { name: 'mcopy_atomic_pte', file: 'mm/userfaultfd.c' },
      { name: 'mcontinue_atomic_pte', file: 'mm/userfaultfd.c' },
    ];
    const cut = 'static __always_inline ssize_t mc012345m';
    expect(cutName(cut)).toBe('mc012345m');
    const h = hunk('static __always_inline ssize_t __mcopy_a');
    expect(completeCutNames([file('mm/shmem.c', h)], [{ name: '__mcopy_atomic', file: 'mm/userfaultfd.c' }]).files[0].hunks[0]).toBe(h);
    const h2 = hunk('static inline int foo_bar_baz_quux_mc(int');
    expect(cutName(h2.functionName)).toBeNull();
    const h3 = hunk('static __always_inline long long long mc');
    expect(completeCutNames([file('mm/userfaultfd.c', h3)], fns).files[0].hunks[0]).toBe(h3);
  });
});
