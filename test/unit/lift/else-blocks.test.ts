import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { elseIfAsElseBlock, elseOfUntakenTest } from '../../../src/lift/else-blocks.js';

const hunkOf = (lines: string[], at = 10) => {
  const olds = lines.filter((l) => !l.startsWith('+')).length;
  const news = lines.filter((l) => !l.startsWith('-')).length;
  const text = ['diff --git a/mm/x.c b/mm/x.c', '--- a/mm/x.c', '+++ b/mm/x.c', `@@ -${at},${olds} +${at},${news} @@ int f(void)`, ...lines, ''].join('\n');
  return parseUnifiedDiff(text).files[0].hunks[0];
};
const shown = (h: ReturnType<typeof hunkOf>) => h.lines.map((l) => `${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}${l.text.trim()}`);

describe('elseOfUntakenTest', () => {
  // The hunk above holds the head of the test, at the indentation of the `} else {`.
  const above = hunkOf([' \tx = 1;', ' \tif (page_is_big(p)) {', '+\t\tbig_note(p);', ' \t\tbig_a(p);'], 2);
  // The then-branch gains a line; the statements after the else move into it.
  const h = hunkOf([
    ' \t\tbig_b(p);',
    '+\t\tbig_clear(p);',
    ' \t} else {',
    ' \t\tsmall_a(p);',
    '-\t}',
    '-\tif (t) {',
    '-\t\tsmall_b(p);',
    '+\t\tif (t) {',
    '+\t\t\tsmall_b(p);',
    '+\t\t}',
    ' \t}',
    ' \treturn 0;',
  ], 30);
  it('keeps only the else-branch; a kept close that closes another block on the old side stays there', () => {
    expect(shown(elseOfUntakenTest(h, above, (t) => (t === 'page_is_big(p)' ? false : null))!.hunk)).toEqual([
      ' small_a(p);',
      '-if (t) {',
      '-small_b(p);',
      '-}',
      '+if (t) {',
      '+small_b(p);',
      '+}',
      ' return 0;',
    ]);
  });
  it('is no rewrite where the test is not decided false, or the head is not above', () => {
    expect(elseOfUntakenTest(h, above, () => true)).toBeNull();
    expect(elseOfUntakenTest(h, above, () => null)).toBeNull();
    expect(elseOfUntakenTest(h, undefined, () => false)).toBeNull();
  });
});

describe('elseIfAsElseBlock', () => {
  it('reads `} else if (C)` made `} else { if (C) ...; more; }` as the kept else with its test changed inside', () => {
    const h = hunkOf([
      ' \t\t\treturn 0;',
      '-\t\t} else if (!walk_next(p))',
      '-\t\t\treturn 0;',
      '+\t\t} else {',
      '+\t\t\tif (!walk_next(p))',
      '+\t\t\t\treturn 0;',
      '+\t\t\tmark_walked(p);',
      '+\t\t}',
      ' \t} while (p++ != end);',
    ]);
    expect(shown(elseIfAsElseBlock(h)!)).toEqual([
      ' return 0;',
      ' } else {',
      '-if (!walk_next(p))',
      '-return 0;',
      '+if (!walk_next(p))',
      '+return 0;',
      '+mark_walked(p);',
      ' }',
      ' } while (p++ != end);',
    ]);
  });
  it('leaves other hunks alone', () => {
    expect(elseIfAsElseBlock(hunkOf([' a();', '-} else if (x)', '+} else if (y)', ' \tb();']))).toBeNull();
  });
});

describe('elseOfUntakenTest, a branch with no else', () => {
  const above = hunkOf([' \tx = 1;', ' \tif (page_is_big(p)) {', '+\t\tbig_note(p);', ' \t\tbig_a(p);'], 2);
  it('keeps only the lines after the close of the untaken branch the hunk starts in', () => {
    const h = hunkOf([' \t\tbig_b(p);', '+\t\tbig_clear(p);', ' \t}', ' \tsmall_a(p);', '+\tsmall_b(p);', ' \treturn 0;'], 30);
    expect(shown(elseOfUntakenTest(h, above, (t) => (t === 'page_is_big(p)' ? false : null))!.hunk)).toEqual([' small_a(p);', '+small_b(p);', ' return 0;']);
  });
  it('is no rewrite when the hunk changes nothing in that branch, or the branch is taken', () => {
    const h = hunkOf([' \t\tbig_b(p);', ' \t}', ' \tsmall_a(p);', '+\tsmall_b(p);'], 30);
    expect(elseOfUntakenTest(h, above, () => false)).toBeNull();
    expect(elseOfUntakenTest(hunkOf([' \t\tbig_b(p);', '+\t\tbig_clear(p);', ' \t}', ' \tsmall_a(p);'], 30), above, () => true)).toBeNull();
  });
  it('an else after a decided-false `} else if` is not read as always taken (an earlier test may hold)', () => {
    const chain = hunkOf([' \tif (a(p)) {', ' \t\tdo_a(p);', ' \t} else if (page_is_big(p)) {', ' \t\tbig_a(p);'], 2);
    const h = hunkOf([' \t\tbig_b(p);', '+\t\tbig_clear(p);', ' \t} else {', ' \t\tsmall_a(p);', '+\t\tsmall_b(p);', ' \t}'], 30);
    expect(elseOfUntakenTest(h, chain, (t) => (t === 'page_is_big(p)' ? false : null))).toBeNull();
  });
});
