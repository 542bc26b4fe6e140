/**
 * Kernel C made parseable for a plain C grammar, without moving a character: every rewrite keeps
 * the text's length and its newlines, so a node's lines in the masked text are its lines in the
 * original.
 *  - Annotation macros that generate no code (`__must_hold(...)`, `__always_inline`, `__user`,
 *    `__free(...)`, ...) become spaces.
 *  - `SYSCALL_DEFINEn(name, ...)` at file level becomes `long sys_name(...)`.
 *  - File-level conditional directives become spaces: every branch's definitions are kept.
 * Inside function bodies only:
 *  - a conditional block (`#ifdef` ... `#else` ... `#endif`) keeps its first branch: the
 *    directives and the other branches become spaces, so a condition split by `#ifdef` parses;
 *  - a loop macro (`list_for_each_entry(...) {`, `for_each_cpu(c, m) stmt;`, `scoped_guard(...) {`)
 *    becomes a `for(;;)` of the same length.
 * The parse only gives names and extents; callers read the original text.
 */

/** Annotations with no operand (sparse, section and inlining attributes). */
const BARE = new Set([
  '__always_inline', '__inline', 'noinline', '__noinline', '__init', '__exit', '__ref', '__refdata', '__initdata',
  '__meminit', '__meminitdata', '__cold', '__hot', '__weak', '__pure', '__must_check', '__maybe_unused',
  '__always_unused', '__used', '__user', '__kernel', '__iomem', '__rcu', '__percpu', '__force', '__nocast',
  '__safe', '__bitwise', '__sched', '__latent_entropy', '__visible', 'asmlinkage', 'notrace', 'noinstr',
  '__noreturn', '__noclone', '__flatten', '__malloc', '__ro_after_init', '__read_mostly', '__private',
  '__attribute_const__', '__no_sanitize_address', '__no_kcsan', '__no_sanitize_thread', '__fastpath_inline',
  '__cpuidle', '__irq_entry', '__kprobes', 'nokprobe_inline', '__no_context_analysis', 'noinline_for_stack',
  '__init_or_module', '__initconst', '__exitdata', '__devinit', '__devexit', '__cpuinit', '__lockfunc',
  '__deprecated', '__packed', '__randomize_layout', '__no_randomize_layout', '__designated_init', '__nocfi',
  '__noinline_for_stack', '__always_used',
]);

/** Annotations with an operand list: `name(...)` goes whole. */
const WITH_ARGS = new Set([
  '__acquires', '__releases', '__must_hold', '__must_not_hold', '__cond_acquires', '__cond_releases',
  '__acquires_shared', '__releases_shared', '__must_hold_shared', '__guarded_by', '__pt_guarded_by',
  '__printf', '__scanf', '__section', '__aligned', '__alloc_size', '__assume_aligned', '__free', '__cleanup',
  '__counted_by', '__nonstring', '__diag_ignore',
]);

/** Words that may be followed by `(...)` and then a name or a block without being a loop macro. */
const NOT_LOOP = new Set([
  'if', 'while', 'for', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', '__typeof', 'typeof_unqual',
  '_Generic', 'alignof', '_Alignof', '__alignof__', '_Alignas', 'asm', '__asm__', '__asm', '__attribute__',
  '__attribute', 'case', 'do', 'else', 'goto', 'defined', '__builtin_offsetof', '_Static_assert', 'static_assert',
]);

const isIdStart = (c: string) => /[A-Za-z_]/.test(c);
const isId = (c: string) => /[A-Za-z0-9_]/.test(c);

export function maskKernelC(src: string): string {
  const out = src.split('');
  const n = src.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  /** Index after a comment or literal starting at i, or -1 when there is none. */
  const skipLiteral = (i: number): number => {
    const c = src[i];
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      return e < 0 ? n : e + 2;
    }
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      return e < 0 ? n : e;
    }
    if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < n && src[k] !== c && src[k] !== '\n') k += src[k] === '\\' ? 2 : 1;
      return Math.min(n, k + 1);
    }
    return -1;
  };
  /** Index of the `)` closing the `(` at i, or -1. */
  const closeParen = (i: number): number => {
    let d = 0;
    for (let k = i; k < n; ) {
      const s = skipLiteral(k);
      if (s >= 0) {
        k = s;
        continue;
      }
      if (src[k] === '(') d++;
      else if (src[k] === ')' && --d === 0) return k;
      else if (src[k] === ';' || src[k] === '{' || src[k] === '}') return -1;
      k++;
    }
    return -1;
  };
  /** Next index at or after i that is not blank or a comment. */
  const significant = (i: number): number => {
    for (let k = i; k < n; ) {
      if (/\s/.test(src[k])) k++;
      else if (src[k] === '/' && (src[k + 1] === '*' || src[k + 1] === '/')) k = skipLiteral(k);
      else return k;
    }
    return n;
  };

  let depth = 0;
  let lineStart = true;
  // Conditional blocks opened inside a body: whether the current branch is dropped.
  const conds: { dropping: boolean }[] = [];
  const dropping = () => conds.length > 0 && conds[conds.length - 1].dropping;
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#' && lineStart) {
      // A directive runs to the end of its logical line.
      let e = i;
      while (e < n && src[e] !== '\n') e += src[e] === '\\' && src[e + 1] === '\n' ? 2 : 1;
      const word = /^#\s*(\w+)/.exec(src.slice(i, Math.min(e, i + 40)))?.[1] ?? '';
      const inBody = depth > 0 || conds.length > 0;
      if (inBody && /^(if|ifdef|ifndef)$/.test(word)) {
        conds.push({ dropping: dropping() });
        blank(i, e);
      } else if (inBody && conds.length > 0 && /^(elif|else|elifdef|elifndef)$/.test(word)) {
        const top = conds[conds.length - 1];
        top.dropping = true;
        blank(i, e);
      } else if (inBody && conds.length > 0 && word === 'endif') {
        conds.pop();
        blank(i, e);
      } else if (dropping()) blank(i, e);
      else if (!inBody && /^(if|ifdef|ifndef|elif|else|elifdef|elifndef|endif)$/.test(word)) {
        // File level: every branch's definitions are kept, one after the other, so that a piece
        // of the file parses without the directive that opened its branch.
        blank(i, e);
      }
      i = e;
      continue;
    }
    lineStart = false;
    if (dropping()) {
      const s = skipLiteral(i);
      const e = s >= 0 ? s : i + 1;
      blank(i, e);
      i = e;
      continue;
    }
    const lit = skipLiteral(i);
    if (lit >= 0) {
      i = lit;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (isIdStart(c) && (i === 0 || !isId(src[i - 1]))) {
      let e = i;
      while (e < n && isId(src[e])) e++;
      const word = src.slice(i, e);
      const open = significant(e);
      const sys = depth === 0 ? /^(COMPAT_)?SYSCALL_DEFINE\d$/.exec(word) : null;
      if (sys && src[open] === '(') {
        // `SYSCALL_DEFINE2(munlock, unsigned long, start, ...)` defines `sys_munlock(...)`.
        const close = closeParen(open);
        const name = /^\([ \t]*(\w+)/.exec(src.slice(open, open + 80))?.[1];
        if (close >= 0 && name) {
          blank(i, close);
          const head = `long ${sys[1] ? 'compat_' : ''}sys_${name}(`;
          for (let k = 0; k < head.length; k++) out[i + k] = head[k];
          e = close;
        }
      } else if (BARE.has(word)) blank(i, e);
      else if (WITH_ARGS.has(word) && src[open] === '(') {
        const close = closeParen(open);
        if (close >= 0) {
          blank(i, close + 1);
          e = close + 1;
        }
      } else if (depth > 0 && src[open] === '(' && !NOT_LOOP.has(word)) {
        const close = closeParen(open);
        const next = close >= 0 ? significant(close + 1) : n;
        // The last three characters of `(...)` that are not newlines get `;;)`.
        const tail: number[] = [];
        for (let k = close; close >= 0 && k > i + 3 && tail.length < 3; k--) if (src[k] !== '\n') tail.push(k);
        if (close >= 0 && next < n && (src[next] === '{' || isIdStart(src[next])) && word.length >= 4 && tail.length === 3) {
          // `name(args) {` or `name(args) stmt;` is a loop macro: make it `for(    ;;)`, newlines kept.
          blank(i, close + 1);
          out[i] = 'f';
          out[i + 1] = 'o';
          out[i + 2] = 'r';
          out[i + 3] = '(';
          out[tail[2]] = ';';
          out[tail[1]] = ';';
          out[tail[0]] = ')';
          e = close + 1;
        }
      }
      i = e;
      continue;
    }
    i++;
  }
  return out.join('');
}
