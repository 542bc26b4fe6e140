import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';
import { widenElseRuns } from '../../../src/lift/else-runs.js';

const diff = (lines: string[]) => parseUnifiedDiff(['diff --git a/mm/x.c b/mm/x.c', 'index 1111111..2222222 100644', '--- a/mm/x.c', '+++ b/mm/x.c', ...lines, ''].join('\n')).files;
const side = (f: ReturnType<typeof diff>, kind: 'del' | 'add' | 'context') => f[0].hunks[0].lines.filter((l) => l.kind === kind).map((l) => l.text.trim());

describe('an else added or removed under a kept if', () => {
  it('reads the whole if statement as the change: kept test and then-branch on both sides', () => {
    const out = widenElseRuns(
      diff([
        '@@ -20,8 +20,6 @@ static void shuffle(struct thing *t)',
        ' 	unlock_a(t);',
        ' 	if (urgent)',
        '-		kick_now(t);',
        '-	else',
        '-		t->later = true;',
        '+		kick_soon(t);',
        ' 	unlock_b(t);',
        ' }',
      ]),
    );
    expect(side(out, 'del')).toEqual(['if (urgent)', 'kick_now(t);', 'else', 't->later = true;']);
    expect(side(out, 'add')).toEqual(['if (urgent)', 'kick_soon(t);']);
    expect(side(out, 'context')).toEqual(['unlock_a(t);', 'unlock_b(t);', '}']);
    // Each side's C reads as before: old lines keep their old numbers, new lines their new ones.
    const h = out[0].hunks[0];
    expect(h.lines.filter((l) => l.kind === 'del').every((l) => l.oldLine !== null && l.newLine === null)).toBe(true);
    expect(h.lines.filter((l) => l.kind === 'add').every((l) => l.newLine !== null && l.oldLine === null)).toBe(true);
  });

  it('keeps the then-branch between the if and the else, and leaves other hunks as they are', () => {
    const files = diff([
      '@@ -20,5 +20,7 @@ static void shuffle(struct thing *t)',
      ' 	if (urgent)',
      ' 		kick_now(t);',
      '+	else',
      '+		t->later = true;',
      ' 	unlock_b(t);',
      '@@ -40,3 +42,3 @@ static void other(void)',
      ' 	a();',
      '-	b();',
      '+	c();',
    ]);
    const out = widenElseRuns(files);
    expect(side(out, 'add')).toEqual(['if (urgent)', 'kick_now(t);', 'else', 't->later = true;']);
    expect(out[0].hunks[1]).toBe(files[0].hunks[1]);
  });

  it('leaves a braced else alone (its block reads on its own), and a change reaching past the statement', () => {
    const braced = diff(['@@ -20,5 +20,7 @@ static void shuffle(struct thing *t)', ' 	if (urgent) {', ' 		kick_now(t);', '-	}', '+	} else {', '+		t->later = true;', '+	}', ' 	unlock_b(t);']);
    expect(widenElseRuns(braced)[0]).toBe(braced[0]);
    const past = diff(['@@ -20,5 +20,5 @@ static void shuffle(struct thing *t)', ' 	if (urgent)', ' 		kick_now(t);', '-	else', '-		t->later = true;', '-	unlock_b(t);', '+	unlock_c(t);', ' }']);
    expect(widenElseRuns(past)[0]).toBe(past[0]);
  });

  it('leaves a hunk alone when the else has no kept if of its own above it', () => {
    const files = diff(['@@ -20,5 +20,4 @@ static void shuffle(struct thing *t)', ' 	unlock_a(t);', '-	} else {', '-		t->later = true;', '+	} else {', ' 	unlock_b(t);']);
    expect(widenElseRuns(files)[0]).toBe(files[0]);
  });

  it("takes in a changed continuation of the if's header (a `{` dropped with the braces)", () => {
    const out = widenElseRuns(
      diff([
        '@@ -30,11 +30,9 @@ static int settle(struct thing *t)',
        ' \tentry = make_young(entry);',
        ' \tif (set_flags(t, entry,',
        '-\t\t\tt->flags & WANT_WRITE)) {',
        '+\t\t\tt->flags & WANT_WRITE))',
        ' \t\tupdate_cache(t);',
        '-\t} else {',
        '-\t\tif (t->flags & WANT_WRITE)',
        '-\t\t\tflush_one(t);',
        '-\t}',
        '+\telse',
        '+\t\tfix_spurious(t);',
        ' unlock:',
        ' \treturn 0;',
      ]),
    );
    expect(side(out, 'del')).toEqual(['if (set_flags(t, entry,', 't->flags & WANT_WRITE)) {', 'update_cache(t);', '} else {', 'if (t->flags & WANT_WRITE)', 'flush_one(t);', '}']);
    expect(side(out, 'add')).toEqual(['if (set_flags(t, entry,', 't->flags & WANT_WRITE))', 'update_cache(t);', 'else', 'fix_spurious(t);']);
    expect(side(out, 'context')).toEqual(['entry = make_young(entry);', 'unlock:', 'return 0;']);
  });

  it('an if given braces in the run before is the statement the else belongs to', () => {
    // (Sample 52's R28: the if line changed for its brace, the else branch rewritten.)
    const out = widenElseRuns(
      diff([
        '@@ -20,7 +20,9 @@ static void shuffle(struct thing *t)',
        ' discard:',
        '-	if (unlikely(huge))',
        '+	if (unlikely(huge)) {',
        ' 		drop_huge(t);',
        '-	else',
        '-		drop_one(t);',
        '+	} else {',
        '+		drop_many(t, n);',
        '+		put_many(t, n - 1);',
        '+	}',
        ' 	unlock_b(t);',
      ]),
    );
    expect(side(out, 'del')).toEqual(['if (unlikely(huge))', 'drop_huge(t);', 'else', 'drop_one(t);']);
    expect(side(out, 'add')).toEqual(['if (unlikely(huge)) {', 'drop_huge(t);', '} else {', 'drop_many(t, n);', 'put_many(t, n - 1);', '}']);
    expect(side(out, 'context')).toEqual(['discard:', 'unlock_b(t);']);
  });

});

