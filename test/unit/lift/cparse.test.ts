import { describe, expect, it } from 'vitest';
import { parseItems, parseTree } from '../../../src/lift/cparse.js';

const tree = (lines: string[]) => parseTree(parseItems(lines.map((text, line) => ({ text, line, origin: 'ctx' as const }))));

describe("a braceless test whose one statement is not among a run's lines", () => {
  // Sample 40's R24 (2006): `-if (X) {` `-if (Y)` over a kept `return -ENOMEM;` and a kept `}`.
  it('before a close: the close is the enclosing block\'s, the test has no statement', () => {
    expect(tree(['\tif (a) {', '\t\tif (b)', '\t}'])).toEqual([{ t: 'if', cond: 'a', text: 'if (a)', then: [{ t: 'if', cond: 'b', text: 'if (b)', then: [] }] }]);
  });

  // Sample 42's R19 (2021): `-if (X)` over a kept statement, then `-else`.
  it("before an `else`: the `else` is the test's own, not its statement", () => {
    expect(tree(['\tif (a)', '\telse', '\t\tx = 1;'])).toEqual([{ t: 'if', cond: 'a', text: 'if (a)', then: [], else: [{ t: 'stmt', text: 'x = 1', kind: 'stmt' }] }]);
  });

  it('with its statement, as ever', () => {
    expect(tree(['\tif (a)', '\t\tx = 1;', '\telse', '\t\tx = 2;'])).toEqual([{ t: 'if', cond: 'a', text: 'if (a)', then: [{ t: 'stmt', text: 'x = 1', kind: 'stmt' }], else: [{ t: 'stmt', text: 'x = 2', kind: 'stmt' }] }]);
  });
});

describe('an initializer list over several lines', () => {
  const items = (lines: string[]) => parseItems(lines.map((text) => ({ text, origin: 'ctx' as const })));
  it('is one declaration whose braces open no block', () => {
    const got = items(['\tif (a) {', '\t\tstruct foo f = {', '\t\t\t.x = 1,', '\t\t\t/* .y left 0 */', '\t\t};', '\t\tuse(&f);', '\t}', '\tafter();']);
    expect(got.map((x) => [x.kind, x.depth, x.text])).toEqual([
      ['if', 0, 'if (a)'],
      ['decl', 1, 'struct foo f = { .x = 1, }'],
      ['stmt', 1, 'use(&f)'],
      ['close', 1, '}'],
      ['stmt', 0, 'after()'],
    ]);
  });
  it('a compound literal assigned, with a nested list', () => {
    const got = items(['\tf = (struct foo){', '\t\t.r = { 1, 2 },', '\t};', '\tuse(&f);']);
    expect(got.map((x) => [x.kind, x.depth])).toEqual([['stmt', 0], ['stmt', 0]]);
  });
});
