import { describe, expect, it } from 'vitest';
import { callShape } from '../../../src/lift/test-shape.js';

describe('callShape: a test with its calls\' arguments left out', () => {
  it('drops what a call is passed', () => {
    expect(callShape('!can_follow_write_pte(pte, flags)')).toBe(callShape('!can_follow_write_pte(pte, flags, vma)'));
    expect(callShape('page_count(page) != 1')).toBe('page_count() != 1');
  });
  it('keeps the name of a call made in the arguments', () => {
    expect(callShape('unlikely(__pte_alloc(mm, pmd))')).toBe('unlikely(__pte_alloc())');
    expect(callShape('unlikely(__pte_alloc(mm, pmd))')).not.toBe(callShape('unlikely(__pte_alloc_get(mm, pmd))'));
  });
  it("keeps a grouping parenthesis' operators and names", () => {
    expect(callShape('!(pte_write(pte) && pte_dirty(pte))')).not.toBe(callShape('!(pte_write(pte) || pte_dirty(pte))'));
    expect(callShape('a && (b || c(x))')).toBe('a && (b || c())');
  });
  it('reads an unbalanced text as itself', () => {
    expect(callShape('f(a')).toBe('f(a');
  });
});
