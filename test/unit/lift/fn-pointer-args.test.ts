import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/parse.js';
import { fnPointerArgs, fnPointerNames } from '../../../src/lift/fn-pointer-args.js';

const diff = (calls: string[]) =>
  parseUnifiedDiff(
    [
      'diff --git a/kernel/events/uprobes.c b/kernel/events/uprobes.c',
      '--- a/kernel/events/uprobes.c',
      '+++ b/kernel/events/uprobes.c',
      `@@ -10,3 +10,${9 + calls.length} @@`,
      ' int write_opcode(struct mm_struct *mm, unsigned long vaddr, uprobe_opcode_t opcode)',
      '+{',
      ...calls.map((c) => `+\t${c}`),
      '+}',
      '+',
      '+int write_checked(struct mm_struct *mm, unsigned long vaddr, uprobe_opcode_t *opcode,',
      '+\t\t  int (*check)(struct page *, unsigned long, uprobe_opcode_t *), int tries)',
      ' {',
      '+\tret = check(page, vaddr, opcode);',
      '+\treturn tries;',
      ' }',
    ].join('\n'),
  ).files;

describe('fnPointerArgs', () => {
  it('a function-pointer parameter every call fills with one function is that function', () => {
    const files = diff(['return write_checked(mm, vaddr, &opcode, check_opcode, 1);']);
    expect(fnPointerArgs(files).get('write_checked')).toEqual(new Map([['check', 'check_opcode']]));
    expect(fnPointerNames(files).get('check')).toBe('check_opcode');
  });
  it('two calls passing different functions decide nothing', () => {
    const files = diff(['write_checked(mm, vaddr, &opcode, check_opcode, 1);', 'return write_checked(mm, vaddr, &opcode, check_other, 1);']);
    expect(fnPointerNames(files).has('check')).toBe(false);
  });
  it('a parameter the function does not call is no function pointer', () => {
    const files = diff(['return write_checked(mm, vaddr, &opcode, check_opcode, retries);']);
    expect(fnPointerArgs(files).get('write_checked')?.has('tries') ?? false).toBe(false);
  });
});
