/**
 * A PTE value built in several statements where the model has one (`entry = pte_mkdirty(entry);`
 * then `entry = maybe_mkwrite(entry, vma);` for the step `entry = maybe_mkwrite(pte_mkdirty(entry),
 * vma)`): the statement is composed into the one after it, which reads the value once. Before an
 * `if` that does not read the value, it goes into both branches (it computes a local, so running
 * it at the head of each branch is the same), where it meets the branch's first statement.
 * Used only where the statement alone cannot be placed: a build the model already reads stays
 * as it is.
 */
import { calledNames, type CNode } from './cparse.js';
import { PTE_BIT_BUILDERS, PTE_VALUES } from './lexicon.js';

const ASSIGN = /^([A-Za-z_]\w*)\s*=\s*(?!=)([\s\S]+)$/;

/** `x = <builder>(... x ...)`: the variable it rebuilds and the value, or null. */
function build(text: string): { x: string; value: string } | null {
  const m = ASSIGN.exec(text.trim().replace(/;$/, ''));
  if (!m || !PTE_VALUES.test(m[1])) return null;
  const value = m[2].trim();
  if (!calledNames(value).some((n) => PTE_BIT_BUILDERS.test(n))) return null;
  return occurrences(value, m[1]) > 0 ? { x: m[1], value } : null;
}

/** `x = <builder>(... x ...)`: the variable it rebuilds, or null. */
export function pteValueBuild(text: string): string | null {
  return build(text)?.x ?? null;
}

function occurrences(text: string, name: string): number {
  return text.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
}

/**
 * `text` (a build of `x`) composed with the node after it: the statement `x = E` with `x`'s one
 * use in E replaced by this build's value; or the `if` with this statement at the head of both
 * branches. Null when they do not compose.
 */
export function composeIntoNext(text: string, next: CNode | undefined): CNode | null {
  const b = build(text);
  if (!b || !next) return null;
  const { x, value } = b;
  if (next.t === 'stmt') {
    const m = ASSIGN.exec(next.text.trim().replace(/;$/, ''));
    if (!m || m[1] !== x || occurrences(m[2], x) !== 1) return null;
    return { t: 'stmt', kind: next.kind, text: `${x} = ${m[2].trim().replace(new RegExp(`\\b${x}\\b`), value)}` };
  }
  if (occurrences(next.cond, x) > 0) return null;
  const self: CNode = { t: 'stmt', kind: 'stmt', text };
  return { ...next, then: [self, ...next.then], else: [self, ...(next.else ?? [])] };
}
