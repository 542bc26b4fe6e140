/**
 * Which block each line of one side of a hunk is in, by its braces: to tell whether a changed line
 * stands in the same block as a later kept line, or inside blocks the side itself opens (changed
 * lines) within that block. (`if (x) { ... }` added just before `return do_swap_page(...)`: its
 * inner lines are in a block the patch opens beside that return; a line inside the block closed
 * before it, `if (pte_none(entry)) { ... }`, is not.)
 */

/**
 * The braces of a line of C, in order, outside its comments. (Braces in a string are rare enough
 * in these stretches not to be parsed.)
 */
export function bracesOf(t: string): string[] {
  return t.replace(/\/\*.*?\*\/|\/\/.*$/g, '').match(/[{}]/g) ?? [];
}

/** For each line, the index of the line that opened its block (or a negative id for blocks opened above the hunk). */
export function enclosingBlocks(lines: readonly string[]): number[] {
  let outer = -1;
  const stack: number[] = [outer];
  const out: number[] = [];
  for (const [i, t] of lines.entries()) {
    const braces = bracesOf(t);
    // (A line opening with `}` — `} else {`, a lone close — stands in the block after that close.)
    let k = 0;
    for (; k < braces.length && braces[k] === '}'; k++) {
      if (stack.length > 1) stack.pop();
      else stack[0] = --outer;
    }
    out.push(stack[stack.length - 1]);
    for (; k < braces.length; k++) {
      if (braces[k] === '{') stack.push(i);
      else if (stack.length > 1) stack.pop();
      else stack[0] = --outer;
    }
  }
  return out;
}

/**
 * Whether line `i` is in the block of line `f`, or in blocks opened by changed lines (`changed(j)`)
 * that are themselves, in the end, in that block.
 */
export function withinBlockOf(blocks: readonly number[], i: number, f: number, changed: (j: number) => boolean): boolean {
  let o = blocks[i];
  for (let guard = 0; guard < blocks.length + 1; guard++) {
    if (o === blocks[f]) return true;
    if (o < 0 || !changed(o)) return false;
    o = blocks[o];
  }
  return false;
}
