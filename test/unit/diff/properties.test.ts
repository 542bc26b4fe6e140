import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatHunkHeader,
  parseUnifiedDiff,
  renderUnifiedDiff,
  type DiffFile,
  type DiffHunk,
  type DiffLine,
  type DiffParseResult,
  type DiffProblemCode,
} from '../../../src/diff/index.js';

// ---------------------------------------------------------------------------------------
// Generators

const segment = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z0-9_][a-z0-9_.-]{0,7}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z ]{0,6}[a-z]$/) },
  { weight: 1, arbitrary: fc.constantFrom('café', 'naïve.c', 'q"uote', 'back\\slash') },
);
const pathArb = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const hashArb = fc.stringMatching(/^[0-9a-f]{7,12}$/);
const textArb = fc
  .oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 8 }))
  .filter((s) => !/[\r\n]/.test(s));
const fnArb = fc.option(
  textArb.map((s) => s.trim()).filter((s) => s.length > 0),
  { nil: null },
);

type Kind = DiffLine['kind'];
interface RawHunk {
  gap: number;
  fn: string | null;
  lines: { kind: Kind; text: string }[];
}

const kindFor = (allowed: Kind[]) => fc.constantFrom(...allowed);

function rawHunks(allowed: Kind[]) {
  return fc.array(
    fc.record({
      gap: fc.nat(40),
      fn: fnArb,
      lines: fc.array(fc.record({ kind: kindFor(allowed), text: textArb }), { minLength: 1, maxLength: 8 }),
    }),
    { minLength: 0, maxLength: 4 },
  );
}

/** Builds hunks with consistent headers and line numbers, the way git lays them out. */
function buildHunks(raw: RawHunk[], noNewlineAtEnd: boolean): DiffHunk[] {
  let oldPos = 1;
  let newPos = 1;
  const hunks: DiffHunk[] = [];
  raw.forEach((r, idx) => {
    const gap = idx === 0 ? r.gap : r.gap + 1; // hunks of one file never touch
    oldPos += gap;
    newPos += gap;
    let o = oldPos;
    let n = newPos;
    const lines: DiffLine[] = r.lines.map(({ kind, text }) => {
      if (kind === 'context') return { kind, text, oldLine: o++, newLine: n++ };
      if (kind === 'del') return { kind, text, oldLine: o++, newLine: null };
      return { kind, text, oldLine: null, newLine: n++ };
    });
    const oldLines = o - oldPos;
    const newLines = n - newPos;
    const h = {
      oldStart: oldLines === 0 ? oldPos - 1 : oldPos,
      oldLines,
      newStart: newLines === 0 ? newPos - 1 : newPos,
      newLines,
      functionName: r.fn,
    };
    hunks.push({ header: formatHunkHeader(h), ...h, lines });
    oldPos = o;
    newPos = n;
  });
  if (noNewlineAtEnd && hunks.length > 0) {
    const last = hunks[hunks.length - 1];
    last.lines[last.lines.length - 1].noNewline = true;
  }
  return hunks;
}

const statusArb = fc.constantFrom('modified', 'modified', 'added', 'deleted', 'renamed', 'copied', 'mode', 'binary');

const gitFileArb: fc.Arbitrary<DiffFile> = fc
  .record({
    status: statusArb,
    p1: pathArb,
    p2: pathArb,
    hashes: fc.option(fc.tuple(hashArb, hashArb), { nil: null }),
    similarity: fc.integer({ min: 0, max: 100 }),
    exec: fc.boolean(),
    mixed: rawHunks(['context', 'add', 'del']),
    adds: rawHunks(['add']),
    dels: rawHunks(['del']),
    noNewline: fc.boolean(),
  })
  .filter((r) => r.status !== 'renamed' && r.status !== 'copied' ? true : r.p1 !== r.p2)
  .map((r): DiffFile => {
    const mode = r.exec ? '100755' : '100644';
    const base: DiffFile = {
      oldPath: r.p1,
      newPath: r.p1,
      path: r.p1,
      status: 'modified',
      binary: false,
      oldMode: null,
      newMode: null,
      oldHash: r.hashes ? r.hashes[0] : null,
      newHash: r.hashes ? r.hashes[1] : null,
      similarity: null,
      git: true,
      hunks: [],
    };
    switch (r.status) {
      case 'added':
        return { ...base, oldPath: null, status: 'added', newMode: mode, hunks: buildHunks(r.adds.slice(0, 1).map((h) => ({ ...h, gap: 0 })), r.noNewline) };
      case 'deleted':
        return { ...base, newPath: null, status: 'deleted', oldMode: mode, hunks: buildHunks(r.dels.slice(0, 1).map((h) => ({ ...h, gap: 0 })), r.noNewline) };
      case 'renamed':
      case 'copied':
        return {
          ...base,
          newPath: r.p2,
          path: r.p2,
          status: r.status,
          similarity: r.similarity,
          oldMode: r.hashes ? mode : null,
          newMode: r.hashes ? mode : null,
          hunks: buildHunks(r.mixed, r.noNewline),
        };
      case 'mode':
        return { ...base, oldMode: '100644', newMode: '100755', hunks: buildHunks(r.mixed, r.noNewline) };
      case 'binary':
        return { ...base, binary: true, oldMode: r.hashes ? mode : null, newMode: r.hashes ? mode : null };
      default:
        return { ...base, oldMode: r.hashes ? mode : null, newMode: r.hashes ? mode : null, hunks: buildHunks(r.mixed, r.noNewline) };
    }
  });

const plainFileArb: fc.Arbitrary<DiffFile> = fc
  .record({
    status: fc.constantFrom('modified', 'added', 'deleted'),
    p: pathArb,
    mixed: rawHunks(['context', 'add', 'del']).filter((h) => h.length > 0),
    adds: rawHunks(['add']).filter((h) => h.length > 0),
    dels: rawHunks(['del']).filter((h) => h.length > 0),
  })
  .map((r): DiffFile => {
    const base: DiffFile = {
      oldPath: r.p,
      newPath: r.p,
      path: r.p,
      status: 'modified',
      binary: false,
      oldMode: null,
      newMode: null,
      oldHash: null,
      newHash: null,
      similarity: null,
      git: false,
      hunks: buildHunks(r.mixed, false),
    };
    if (r.status === 'added') return { ...base, oldPath: null, status: 'added', hunks: buildHunks(r.adds.slice(0, 1).map((h) => ({ ...h, gap: 0 })), false) };
    if (r.status === 'deleted') return { ...base, newPath: null, status: 'deleted', hunks: buildHunks(r.dels.slice(0, 1).map((h) => ({ ...h, gap: 0 })), false) };
    return base;
  });

// Plain (non-git) paths are read with -p1, so they need no spaces at the ends; they also
// cannot express renames, modes or binary files.
const gitDiffArb = fc.array(gitFileArb, { minLength: 0, maxLength: 5 });
const plainDiffArb = fc.array(plainFileArb, { minLength: 1, maxLength: 4 });

// ---------------------------------------------------------------------------------------
// Invariants that hold for any input

const LENGTH_CODES: DiffProblemCode[] = ['truncated-hunk', 'hunk-count-mismatch', 'excess-hunk-lines'];

function checkInvariants(res: DiffParseResult, inputLines: number): void {
  res.files.forEach((f, fi) => {
    expect(f.path).toBe(f.newPath ?? f.oldPath ?? '');
    f.hunks.forEach((h, hi) => {
      let o = h.oldStart;
      let n = h.newStart;
      let oldCount = 0;
      let newCount = 0;
      for (const l of h.lines) {
        if (l.kind !== 'add') {
          expect(l.oldLine).toBe(o++);
          oldCount++;
        } else expect(l.oldLine).toBeNull();
        if (l.kind !== 'del') {
          expect(l.newLine).toBe(n++);
          newCount++;
        } else expect(l.newLine).toBeNull();
      }
      expect(oldCount).toBeLessThanOrEqual(h.oldLines);
      expect(newCount).toBeLessThanOrEqual(h.newLines);
      const flagged = res.problems.some((p) => p.fileIndex === fi && p.hunkIndex === hi && LENGTH_CODES.includes(p.code));
      if (!flagged) {
        expect(oldCount).toBe(h.oldLines);
        expect(newCount).toBe(h.newLines);
      }
    });
  });
  for (const p of res.problems) {
    expect(typeof p.code).toBe('string');
    expect(p.line).toBeGreaterThanOrEqual(0);
    expect(p.line).toBeLessThanOrEqual(inputLines + 1);
    if (p.fileIndex !== null) {
      expect(p.fileIndex).toBeLessThan(res.files.length);
      if (p.hunkIndex !== null) expect(p.hunkIndex).toBeLessThan(res.files[p.fileIndex].hunks.length);
    }
  }
}

// ---------------------------------------------------------------------------------------

describe('diff properties', () => {
  it('a generated git diff rendered to text parses back to the same structure', () => {
    fc.assert(
      fc.property(gitDiffArb, (files) => {
        const res = parseUnifiedDiff(renderUnifiedDiff(files));
        expect(res.problems).toEqual([]);
        expect(res.files).toEqual(files);
      }),
      { numRuns: 400 },
    );
  });

  it('a generated plain diff (---/+++ only) parses back to the same structure', () => {
    fc.assert(
      fc.property(plainDiffArb, (files) => {
        const res = parseUnifiedDiff(renderUnifiedDiff(files));
        expect(res.problems).toEqual([]);
        expect(res.files).toEqual(files);
      }),
      { numRuns: 200 },
    );
  });

  it('CRLF rendering parses to the same structure', () => {
    fc.assert(
      fc.property(gitDiffArb, (files) => {
        const res = parseUnifiedDiff(renderUnifiedDiff(files).replace(/\n/g, '\r\n'));
        expect(res.problems).toEqual([]);
        expect(res.files).toEqual(files);
      }),
      { numRuns: 100 },
    );
  });

  it('deleting one hunk body line is always reported', () => {
    const arb = gitDiffArb
      .map((files) => ({ files, lines: renderUnifiedDiff(files).split('\n').slice(0, -1) }))
      .chain(({ files, lines }) => {
        const body: number[] = [];
        let inHunk = false;
        lines.forEach((l, i) => {
          if (l.startsWith('@@')) inHunk = true;
          else if (l.startsWith('diff --git')) inHunk = false;
          else if (inHunk && !l.startsWith('\\')) body.push(i);
        });
        return body.length === 0 ? fc.constant(null) : fc.constantFrom(...body).map((i) => ({ files, lines, i }));
      });
    fc.assert(
      fc.property(arb, (c) => {
        if (c === null) return;
        const mutated = c.lines.filter((_, j) => j !== c.i);
        const res = parseUnifiedDiff(mutated.join('\n') + '\n');
        checkInvariants(res, mutated.length);
        expect(res.problems.some((p) => p.code === 'truncated-hunk' || p.code === 'hunk-count-mismatch')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('truncating a diff anywhere never throws and keeps line numbers consistent', () => {
    fc.assert(
      fc.property(gitDiffArb, fc.double({ min: 0, max: 1, noNaN: true }), (files, frac) => {
        const text = renderUnifiedDiff(files);
        const cut = text.slice(0, Math.floor(text.length * frac));
        const res = parseUnifiedDiff(cut);
        checkInvariants(res, cut.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  const vocabulary = fc.oneof(
    fc.constantFrom(
      'diff --git a/x b/x',
      'diff --git a/x b/y',
      'diff --git "a/q" b/q',
      'diff --cc x',
      '--- a/x',
      '+++ b/x',
      '--- /dev/null',
      '+++ /dev/null',
      '@@ -1,2 +1,2 @@',
      '@@ -1 +1 @@ fn',
      '@@ -0,0 +1,3 @@',
      '@@ -3,0 +4 @@',
      '@@ -99999999999,1 +1 @@',
      '@@ junk',
      ' ctx',
      '',
      '+add',
      '-del',
      '-- ',
      '\\ No newline at end of file',
      'GIT binary patch',
      'literal 3',
      'Binary files a/x and b/x differ',
      'rename from x',
      'rename to "y',
      'new file mode 100644',
      'deleted file mode 100644',
      'similarity index 50%',
      'index 1234567..89abcde 100644',
      'Index: x',
      '====',
    ),
    fc.string({ maxLength: 20 }),
  );

  it('random garbage never throws and yields well-formed results', () => {
    fc.assert(
      fc.property(fc.array(vocabulary, { maxLength: 40 }), fc.boolean(), (lines, crlf) => {
        const text = lines.join(crlf ? '\r\n' : '\n');
        const res = parseUnifiedDiff(text);
        checkInvariants(res, lines.length);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const res = parseUnifiedDiff(s);
        checkInvariants(res, s.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });
});
