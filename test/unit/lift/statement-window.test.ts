import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { wholeStatementHunk } from '../../../src/lift/statement-window.js';

const hunkOf = (lines: string[]) => {
  const olds = lines.filter((l) => !l.startsWith('+')).length;
  const news = lines.filter((l) => !l.startsWith('-')).length;
  const text = ['diff --git a/mm/x.c b/mm/x.c', '--- a/mm/x.c', '+++ b/mm/x.c', `@@ -10,${olds} +10,${news} @@ int f(void)`, ...lines, ''].join('\n');
  return parseUnifiedDiff(text).files[0].hunks[0];
};
const shown = (h: ReturnType<typeof hunkOf>) => h.lines.map((l) => `${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}${l.text.trim()}`);

describe('wholeStatementHunk', () => {
  it('widens a braceless test whose statement is context, and a kept else branch, to the whole statements', () => {
    const h = hunkOf([' a();', '-if (x) {', '+if (x)', ' \tb();', '-\tc();', '-}', '-if (y)', '+else if (y)', ' \td();', '-else', '-\te();', ' f();']);
    expect(shown(wholeStatementHunk(h)!)).toEqual([' a();', '-if (x) {', '-b();', '-c();', '-}', '-if (y)', '-d();', '-else', '-e();', '+if (x)', '+b();', '+else if (y)', '+d();', ' f();']);
  });
  it('leaves a hunk whose changed lines are whole statements alone', () => {
    expect(wholeStatementHunk(hunkOf([' a();', '-b();', '+c();', ' d();']))).toBeNull();
  });
  it('takes context above when the change ends a block the hunk opens', () => {
    const h = hunkOf([' if (x) {', ' \ta();', '-\tb();', '-}', '+}', '+c();']);
    const w = wholeStatementHunk(h)!;
    expect(shown(w)).toEqual(['-if (x) {', '-a();', '-b();', '-}', '+if (x) {', '+a();', '+}', '+c();']);
  });
});
