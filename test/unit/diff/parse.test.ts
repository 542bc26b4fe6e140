import { describe, expect, it } from 'vitest';
import { extractDiffText, parseUnifiedDiff, type DiffProblemCode } from '../../../src/diff/index.js';
import { exampleNames, readExample } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

function codes(text: string): DiffProblemCode[] {
  return parseUnifiedDiff(text).problems.map((p) => p.code);
}

describe.skipIf(!HAVE_SHARED)('parseUnifiedDiff on the shared examples', () => {
  it.each(exampleNames())('%s parses without problems', (name) => {
    const res = parseUnifiedDiff(extractDiffText(readExample(name)));
    expect(res.problems).toEqual([]);
    expect(res.files.length).toBeGreaterThan(0);
    for (const f of res.files) {
      expect(f.status).toBe('modified');
      expect(f.hunks.length).toBeGreaterThan(0);
      for (const h of f.hunks) {
        expect(h.lines.filter((l) => l.kind !== 'add')).toHaveLength(h.oldLines);
        expect(h.lines.filter((l) => l.kind !== 'del')).toHaveLength(h.newLines);
      }
    }
  });

  it('12 (v7) has the mm/gup.c hunks with their function context', () => {
    const { files } = parseUnifiedDiff(extractDiffText(readExample('12-gup-fast-longterm-file-v7.eml')));
    expect(files.map((f) => f.path)).toEqual(['mm/gup.c']);
    const gup = files[0];
    expect(gup.oldHash).toBe('6e209ca10967');
    expect(gup.newHash).toBe('93b4aa39e5a5');
    expect(gup.oldMode).toBe('100644');
    expect(gup.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [18, 6, 18, 7],
      [95, 6, 96, 52],
      [123, 6, 170, 8],
      [136, 8, 185, 7],
      [148, 6, 196, 16],
    ]);
    expect(gup.hunks.map((h) => h.functionName)).toEqual([
      null,
      'static inline struct folio *try_get_folio(struct page *page, int refs)',
      'static inline struct folio *try_get_folio(struct page *page, int refs)',
      'struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)',
      'struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)',
    ]);
    const h = gup.hunks[0];
    expect(h.lines[3]).toEqual({ kind: 'add', text: '#include <linux/shmem_fs.h>', oldLine: null, newLine: 21 });
    expect(h.lines[4]).toEqual({ kind: 'context', text: '', oldLine: 21, newLine: 22 });
    // The mapping is read inside try_grab_folio() in v7.
    const added = gup.hunks[4].lines.filter((l) => l.kind === 'add').map((l) => l.text.trim());
    expect(added).toContain('!folio_longterm_write_pin_allowed(folio)) {');
    const del = gup.hunks[3].lines.find((l) => l.kind === 'del');
    expect(del).toMatchObject({ text: '\t\tif (unlikely((flags & FOLL_LONGTERM) &&', oldLine: 139 });
  });

  it('13 (v8) adds folio_fast_pin_allowed() calls in the gup_*_range/huge paths', () => {
    const { files } = parseUnifiedDiff(extractDiffText(readExample('13-gup-fast-longterm-file-v8.eml')));
    expect(files[0].hunks.map((h) => h.functionName?.match(/(\w+)\(/)?.[1] ?? null)).toEqual([
      null,
      'try_get_folio',
      'gup_pte_range',
      'gup_hugepte',
      'gup_huge_pmd',
      'gup_huge_pud',
      'gup_huge_pgd',
    ]);
  });

  it('05 touches mm/mprotect.c and mm/userfaultfd.c', () => {
    const { files } = parseUnifiedDiff(extractDiffText(readExample('05-uffd-wp-mmap-write-lock-v1.eml')));
    expect(files.map((f) => [f.path, f.hunks.length])).toEqual([
      ['mm/mprotect.c', 1],
      ['mm/userfaultfd.c', 2],
    ]);
    expect(files[1].hunks[0].functionName).toBe('int mwriteprotect_range(struct mm_struct *dst_mm, unsigned long start,');
  });

  it('08 (an excerpt ending with "--" instead of "-- ") ends cleanly', () => {
    const text = extractDiffText(readExample('08-uffd-shmem-continue-install-ptes-v4.eml'));
    expect(text.endsWith(' \n')).toBe(true);
    expect(text).not.toContain('2.31.0');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files[0].hunks).toHaveLength(5);
  });
});

describe('parseUnifiedDiff: file headers', () => {
  it('new, deleted, renamed, copied, mode change and binary files', () => {
    const text = [
      'diff --git a/mm/new.c b/mm/new.c',
      'new file mode 100644',
      'index 0000000..e69de29',
      '--- /dev/null',
      '+++ b/mm/new.c',
      '@@ -0,0 +1,2 @@',
      '+int x;',
      '+int y;',
      'diff --git a/mm/old.c b/mm/old.c',
      'deleted file mode 100644',
      'index e69de29..0000000',
      '--- a/mm/old.c',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-int x;',
      'diff --git a/mm/a.c b/mm/b.c',
      'similarity index 90%',
      'rename from mm/a.c',
      'rename to mm/b.c',
      'index 1111111..2222222 100644',
      '--- a/mm/a.c',
      '+++ b/mm/b.c',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+c',
      'diff --git a/x.c b/y.c',
      'similarity index 100%',
      'copy from x.c',
      'copy to y.c',
      'diff --git a/script.sh b/script.sh',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/fw.bin b/fw.bin',
      'index 3333333..4444444 100644',
      'GIT binary patch',
      'literal 12',
      'zcmZQzU|?imU|<4b',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git a/img.png b/img.png',
      'index 5555555..6666666 100644',
      'Binary files a/img.png and b/img.png differ',
      '',
    ].join('\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.status, f.oldPath, f.newPath, f.path, f.binary])).toEqual([
      ['added', null, 'mm/new.c', 'mm/new.c', false],
      ['deleted', 'mm/old.c', null, 'mm/old.c', false],
      ['renamed', 'mm/a.c', 'mm/b.c', 'mm/b.c', false],
      ['copied', 'x.c', 'y.c', 'y.c', false],
      ['modified', 'script.sh', 'script.sh', 'script.sh', false],
      ['modified', 'fw.bin', 'fw.bin', 'fw.bin', true],
      ['modified', 'img.png', 'img.png', 'img.png', true],
    ]);
    expect(files[0].newMode).toBe('100644');
    expect(files[0].hunks[0].lines.map((l) => l.newLine)).toEqual([1, 2]);
    expect(files[1].hunks[0]).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 0, newLines: 0 });
    expect(files[2].similarity).toBe(90);
    expect(files[4]).toMatchObject({ oldMode: '100644', newMode: '100755', hunks: [] });
  });

  it('reads quoted paths and paths with spaces', () => {
    const text = [
      'diff --git "a/dir/caf\\303\\251 \\"x\\".c" "b/dir/caf\\303\\251 \\"x\\".c"',
      '--- "a/dir/caf\\303\\251 \\"x\\".c"',
      '+++ "b/dir/caf\\303\\251 \\"x\\".c"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/my file.c b/my file.c',
      '--- a/my file.c',
      '+++ b/my file.c',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ].join('\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.path)).toEqual(['dir/café "x".c', 'my file.c']);
  });

  it('reads plain `diff -u` and quilt `Index:` diffs (-p1 paths, timestamps)', () => {
    const text = [
      'Index: linux-2.6/mm/memory.c',
      '===================================================================',
      '--- linux-2.6.orig/mm/memory.c\t2009-01-01 10:00:00.000000000 +0100',
      '+++ linux-2.6/mm/memory.c\t2009-01-02 10:00:00.000000000 +0100',
      '@@ -10,3 +10,3 @@ int do_wp_page(void)',
      ' a',
      '-b',
      '+c',
      ' d',
      '--- a/mm/x.c',
      '+++ b/mm/x.c',
      '@@ -1 +1,2 @@',
      ' x',
      '+y',
    ].join('\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.path, f.git, f.hunks.length])).toEqual([
      ['mm/memory.c', false, 1],
      ['mm/x.c', false, 1],
    ]);
    expect(files[0].hunks[0].functionName).toBe('int do_wp_page(void)');
  });
});

describe('parseUnifiedDiff: a diff between two trees', () => {
  // Sample 14's W35 (2016): `diff --git` made between two unpacked trees, the same path under
  // two top directories (what `git apply -p1` strips).
  it('reads the path under the two top directories', () => {
    const text = [
      'diff --git v4.5-rc5-mmotm/mm/gup.c v4.5-rc5-mmotm_patched/mm/gup.c',
      'index 1111111..2222222 100644',
      '--- v4.5-rc5-mmotm/mm/gup.c',
      '+++ v4.5-rc5-mmotm_patched/mm/gup.c',
      '@@ -10,3 +10,4 @@ static int gup_pmd_range(pmd_t pud, unsigned long addr, unsigned long end,',
      ' \tpmd_t pmd = READ_ONCE(*pmdp);',
      '+\t/* a check */',
      ' \tnext = pmd_addr_end(addr, end);',
      ' \tif (pmd_none(pmd))',
    ].join('\n');
    const r = parseUnifiedDiff(text);
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => [f.oldPath, f.newPath])).toEqual([['mm/gup.c', 'mm/gup.c']]);
  });
});

describe('parseUnifiedDiff: line details', () => {
  it('handles "\\ No newline at end of file" on both sides', () => {
    const text = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file', ''].join('\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files[0].hunks[0].lines).toEqual([
      { kind: 'context', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'del', text: 'b', oldLine: 2, newLine: null, noNewline: true },
      { kind: 'add', text: 'c', oldLine: null, newLine: 2, noNewline: true },
    ]);
  });

  it('tolerates CRLF line endings and blank context lines without their space', () => {
    const text = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@ fn', ' a', '', '-b', '+c', ''].join('\r\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems).toEqual([]);
    expect(files[0].hunks[0].functionName).toBe('fn');
    expect(files[0].hunks[0].lines.map((l) => [l.kind, l.text])).toEqual([
      ['context', 'a'],
      ['context', ''],
      ['del', 'b'],
      ['add', 'c'],
    ]);
  });

  it('omitted counts default to 1', () => {
    const { files } = parseUnifiedDiff('--- a/f\n+++ b/f\n@@ -5 +5 @@\n-x\n+y\n');
    expect(files[0].hunks[0]).toMatchObject({ oldStart: 5, oldLines: 1, newStart: 5, newLines: 1 });
  });
});

describe('parseUnifiedDiff: malformed input is reported', () => {
  const head = 'diff --git a/mm/f.c b/mm/f.c\n--- a/mm/f.c\n+++ b/mm/f.c\n';

  it('truncated hunk', () => {
    const res = parseUnifiedDiff(head + '@@ -1,4 +1,4 @@\n a\n-b\n+c\n');
    expect(res.problems).toMatchObject([{ code: 'truncated-hunk', file: 'mm/f.c', fileIndex: 0, hunkIndex: 0 }]);
    expect(res.files[0].hunks[0].lines).toHaveLength(3);
  });

  it('hunk shorter than its header (followed by another file)', () => {
    const res = parseUnifiedDiff(head + '@@ -1,5 +1,5 @@\n a\n-b\n+c\n' + 'diff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-x\n+y\n');
    expect(res.problems.map((p) => [p.code, p.fileIndex, p.hunkIndex])).toEqual([['hunk-count-mismatch', 0, 0]]);
    expect(res.files.map((f) => f.path)).toEqual(['mm/f.c', 'g']);
    expect(res.files[1].hunks[0].lines).toHaveLength(2);
  });

  it('hunk longer than its header', () => {
    const res = parseUnifiedDiff(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n+d\n e\n');
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n+d\n e\n')).toEqual(['excess-hunk-lines']);
    expect(res.files[0].hunks[0].lines).toHaveLength(3);
  });

  // Sample 21's J06 (2021): a reply pastes a debug diff, then a rule of dashes, then a log.
  it('a rule of dashes or a scissors line after a complete hunk ends the diff', () => {
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n-------------------------------------\n[   27.50] log line\n')).toEqual([]);
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n---8<---\nmore text\n')).toEqual([]);
    // (A removed line is still a removed line.)
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n-x;\n')).toEqual(['excess-hunk-lines']);
  });

  // Sample 41's R43 (2007): a line of one space after a complete hunk, before the next file's
  // headers. git apply skips it looking for the next header; so does the parser. A stray blank
  // line followed by more diff lines is still an undercount.
  it('a line of blanks alone after a complete hunk is stray whitespace, not an undercount', () => {
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n \n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-x\n+y\n')).toEqual([]);
    expect(parseUnifiedDiff(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n \n').files[0].hunks[0].lines).toHaveLength(3);
    expect(codes(head + '@@ -1,2 +1,2 @@\n a\n-b\n+c\n \n+d\n')).toEqual(['excess-hunk-lines']);
  });

  it('a line that cannot be in the hunk (e.g. a + line when no new lines remain)', () => {
    // One problem per broken hunk: the lines after the break are not reported again.
    const res = parseUnifiedDiff(head + '@@ -1,2 +1,1 @@\n a\n+b\n-c\n');
    expect(res.problems.map((p) => [p.code, p.line, p.hunkIndex])).toEqual([['hunk-count-mismatch', 6, 0]]);
  });

  it('bad hunk header, hunk outside a file, missing ---/+++ lines, hunks out of order', () => {
    expect(codes(head + '@@ -x +1 @@\n-a\n+b\n')).toEqual(['bad-hunk-header']);
    expect(codes('@@ -1 +1 @@\n-a\n+b\n')).toEqual(['hunk-outside-file']);
    expect(codes('diff --git a/f b/f\n@@ -1 +1 @@\n-a\n+b\n')).toEqual(['missing-file-header']);
    expect(codes(head + '@@ -10 +10 @@\n-a\n+b\n@@ -5 +5 @@\n-a\n+b\n')).toEqual(['hunk-out-of-order']);
    expect(codes('diff --git nonsense\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n')).toEqual(['bad-file-header']);
    expect(codes('diff --cc f\n@@@ -1,1 -1,1 +1,1 @@@\n- a\n +b\n')).toEqual(['unsupported-combined-diff']);
    expect(codes(head + '@@ -0,0 +0,0 @@\n')).toEqual(['bad-hunk-header']);
  });

  it('a bad file header still yields its paths from ---/+++', () => {
    const res = parseUnifiedDiff('diff --git nonsense\n--- a/mm/f.c\n+++ b/mm/f.c\n@@ -1 +1 @@\n-a\n+b\n');
    expect(res.files[0].path).toBe('mm/f.c');
  });

  it('empty and non-diff input give no files and no problems', () => {
    expect(parseUnifiedDiff('')).toEqual({ files: [], problems: [] });
    expect(parseUnifiedDiff('hello\nworld\n')).toEqual({ files: [], problems: [] });
  });
});

describe('a hunk header a mailer wrapped', () => {
  // Sample 38's R36 (2021): the header's function context cut inside its parentheses, the rest on
  // the next line, unindented.
  const diff = [
    'diff --git a/fs/fuse/virtio_fs.c b/fs/fuse/virtio_fs.c',
    'index 1111111..2222222 100644',
    '--- a/fs/fuse/virtio_fs.c',
    '+++ b/fs/fuse/virtio_fs.c',
    '@@ -748,3 +748,3 @@ static long virtio_fs_direct_access(struct dax_device *dax_dev,',
    'pgoff_t pgoff,',
    ' \tif (pfn)',
    '-\t\t*pfn = phys_to_pfn_t(addr, PFN_DEV | PFN_MAP);',
    '+\t\t*pfn = phys_to_pfn_t(addr, PFN_DEV | PFN_MAP | PFN_SPECIAL);',
    ' \treturn nr_pages;',
    '',
  ].join('\n');

  it('takes the next line as the rest of the function context', () => {
    const { files, problems } = parseUnifiedDiff(diff);
    expect(problems).toEqual([]);
    const h = files[0].hunks[0];
    expect(h.functionName).toBe('static long virtio_fs_direct_access(struct dax_device *dax_dev, pgoff_t pgoff,');
    expect(h.lines.map((l) => l.kind)).toEqual(['context', 'del', 'add', 'context']);
  });

  it('but not after a header whose parentheses are closed', () => {
    expect(codes(diff.replace('(struct dax_device *dax_dev,', '(void)'))).toContain('hunk-count-mismatch');
  });
});

describe('a hunk header with an open parenthesis whose body line is missing', () => {
  // The property test's counterexample: `@@ -44,0 +45,1 @@ (` with its one line gone, the next
  // hunk's header right after it. That header is no wrapped rest of the first one.
  it('is reported, and the next hunk is read', () => {
    const text = [
      'diff --git a/x.c b/x.c',
      'index 1111111..2222222 100644',
      '--- a/x.c',
      '+++ b/x.c',
      '@@ -44,0 +45,1 @@ (',
      '@@ -81,2 +82,2 @@ f(void)',
      ' a',
      '-b',
      '+c',
      '',
    ].join('\n');
    const { files, problems } = parseUnifiedDiff(text);
    expect(problems.map((p) => p.code)).toContain('hunk-count-mismatch');
    expect(files[0].hunks.map((h) => h.header)).toContain('@@ -81,2 +82,2 @@ f(void)');
  });
});
