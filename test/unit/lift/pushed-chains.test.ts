import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { unfoldPushedChains } from '../../../src/lift/pushed-chains.js';

const hunk = (cond: string, extra: string[] = []): string =>
  [
    'diff --git a/mm/shmem.c b/mm/shmem.c',
    'index 1111111..2222222 100644',
    '--- a/mm/shmem.c',
    '+++ b/mm/shmem.c',
    `@@ -10,4 +10,${8 + extra.length} @@ static int f(void)`,
    ' \tlock();',
    '-\tif (!*pagep) {',
    `+\tif (${cond}) {`,
    '+\t\tpage = lookup(pgoff);',
    ...extra,
    '+\t\tif (!page)',
    '+\t\t\tgoto out;',
    '+\t} else if (!*pagep) {',
    ' \t\tpage = alloc(pgoff);',
    ' \t\tif (!page)',
    '',
  ].join('\n');

const newSide = (text: string): string[] => unfoldPushedChains(parseUnifiedDiff(text).files)[0].hunks[0].lines.filter((l) => l.kind !== 'del').map((l) => l.text);

describe('a kept test pushed down a chain the patch adds before it', () => {
  it('is read as the chain unfolded: the new test, then the kept one where the new one is false', () => {
    expect(newSide(hunk('is_continue'))).toEqual(['\tlock();', '\tif (is_continue) {', '\t\tpage = lookup(pgoff);', '\t\tif (!page)', '\t\t\tgoto out;', '\t}', '\tif (!(is_continue) && (!*pagep)) {', '\t\tpage = alloc(pgoff);', '\t\tif (!page)']);
  });

  it('but not where the new test calls something (it would be read twice)', () => {
    expect(newSide(hunk('vma_is_shmem(vma)'))).toContain('\t} else if (!*pagep) {');
  });

  it('nor where the chain has another branch before the kept test', () => {
    expect(newSide(hunk('is_continue', ['+\t} else if (is_poison) {', '+\t\tpage = NULL;']))).toContain('\t} else if (!*pagep) {');
  });
});

describe('a kept test pushed down a chain whose first branch sets what the new test reads', () => {
  it('is left as it is (the unfolded test would read the new value)', () => {
    expect(newSide(hunk('is_continue', ['+\t\tis_continue = false;']))).toContain('\t} else if (!*pagep) {');
  });
});
