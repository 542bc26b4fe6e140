/**
 * The shape of a test with its calls' arguments left out: the calls it makes (by name, nested
 * calls in the arguments too) and the operators between them. Two tests of one shape differ only
 * in what they pass, which no model reads. A grouping parenthesis keeps what it holds (`!(a && b)`
 * and `!(a || b)` are two shapes), and a call inside an argument keeps its name
 * (`unlikely(__pte_alloc(x))` and `unlikely(__pte_alloc_get(x))` are two shapes).
 */
export function callShape(test: string): string {
  return shapeOf(test.replace(/\s+/g, ' ').trim(), false);
}

/** `args`: inside a call's arguments, where only the calls made there are kept. */
function shapeOf(s: string, args: boolean): string {
  let out = '';
  const calls: string[] = [];
  let i = 0;
  while (i < s.length) {
    const name = /^[A-Za-z_]\w*/.exec(s.slice(i))?.[0];
    if (name) {
      let k = i + name.length;
      while (s[k] === ' ') k++;
      if (s[k] === '(') {
        const end = closing(s, k);
        if (end < 0) return s; // unbalanced: the text as it is (no two such tests match unless equal)
        const call = `${name}(${shapeOf(s.slice(k + 1, end), true)})`;
        if (args) calls.push(call);
        else out += call;
        i = end + 1;
        continue;
      }
      if (!args) out += name;
      i += name.length;
      continue;
    }
    if (s[i] === '(') {
      const end = closing(s, i);
      if (end < 0) return s;
      const inner = shapeOf(s.slice(i + 1, end), args);
      if (args) {
        if (inner) calls.push(inner);
      } else out += `(${inner})`;
      i = end + 1;
      continue;
    }
    if (!args) out += s[i];
    i++;
  }
  return args ? calls.join(',') : out;
}

/** The index of the parenthesis that closes the one at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j;
  }
  return -1;
}
