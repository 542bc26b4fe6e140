/**
 * Just enough C for lifting: the lines of one side of a hunk become items (statements joined
 * across continuation lines, comments dropped) with their brace depth, and a run of items
 * becomes a tree of if/else blocks, jumps and plain statements.
 */

export type ItemKind = 'if' | 'elseif' | 'else' | 'open' | 'close' | 'jump' | 'label' | 'decl' | 'stmt' | 'fndef' | 'preproc';

export interface CItem {
  readonly kind: ItemKind;
  /** Normalised text: whitespace folded, no trailing `;` or `{`. */
  readonly text: string;
  /** For if/elseif: the condition text without the outer parentheses. */
  readonly cond?: string;
  /** The if's body is a single statement on the following item (no brace). */
  readonly braceless?: boolean;
  /** Brace depth before the item, relative to the start of the hunk. */
  readonly depth: number;
  /** Index of the first source line of the item within the hunk side. */
  readonly line: number;
  /** Index of its last source line (a statement or test over several lines). */
  readonly end?: number;
  readonly origin: 'ctx' | 'del' | 'add';
}

export interface SourceLine {
  readonly text: string;
  readonly origin: 'ctx' | 'del' | 'add';
}

/** Removes comments; `state.inComment` carries a block comment across lines. */
function stripComments(line: string, state: { inComment: boolean }): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (state.inComment) {
      const end = line.indexOf('*/', i);
      if (end < 0) return out;
      state.inComment = false;
      i = end + 2;
      continue;
    }
    const open = line.indexOf('/*', i);
    const sl = line.indexOf('//', i);
    if (sl >= 0 && (open < 0 || sl < open)) return out + line.slice(i, sl);
    if (open < 0) return out + line.slice(i);
    out += line.slice(i, open) + ' ';
    state.inComment = true;
    i = open + 2;
  }
  return out;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

export function parenBalance(s: string): number {
  let b = 0;
  for (const ch of s) {
    if (ch === '(') b++;
    else if (ch === ')') b--;
  }
  return b;
}

/** `if (x) foo();` -> ['if (x)', 'foo()']; splits the condition off at its closing parenthesis. */
function splitIf(s: string): { cond: string; rest: string } | null {
  const m = /^(?:\}\s*)?(?:else\s+)?if\s*\(/.exec(s);
  if (!m) return null;
  let b = 0;
  for (let i = m[0].length - 1; i < s.length; i++) {
    if (s[i] === '(') b++;
    else if (s[i] === ')') {
      b--;
      if (b === 0) return { cond: s.slice(m[0].length, i).trim(), rest: s.slice(i + 1).trim() };
    }
  }
  return null;
}

const TYPE_WORDS = /^(?:const\s+|static\s+|unsigned\s+|signed\s+|struct\s+\w+\s*\*?|enum\s+\w+|bool|int|long|char|void|pte_t|pmd_t|pud_t|spinlock_t|vm_fault_t|gfp_t|pgprot_t|size_t|unsigned|u\d+|s\d+|\w+_t)\b/;

/** Attributes a definition may start with, before its type. */
const DEFINITION_ATTRIBUTES = /^(?:(?:__must_check|__weak|__maybe_unused|noinline_for_stack|noinline|__always_inline|__cold|__init|notrace|__sched|static|inline|extern)\s+)+/;

function classify(text: string): { kind: ItemKind; cond?: string; rest?: string } {
  if (text.startsWith('#')) return { kind: 'preproc' };
  if (text === '{') return { kind: 'open' };
  if (/^\}\s*;?$/.test(text)) return { kind: 'close' };
  if (/^\}?\s*else$/.test(text) || /^\}\s*else\s*\{?$/.test(text)) return { kind: 'else' };
  const iff = splitIf(text);
  if (iff) return { kind: /else\s+if/.test(text) ? 'elseif' : 'if', cond: iff.cond, rest: iff.rest };
  if (/^(return\b|goto\b|break\b|continue\b)/.test(text)) return { kind: 'jump' };
  if (/^\w+:$/.test(text) && !/^default:$/.test(text)) return { kind: 'label' };
  // A function definition header: type words then name(args) with no `=` and no `;`.
  // (The type may follow attributes: `__must_check struct page *f(...)`, `__weak void f(...)`.)
  if (/^[\w\s*]+\b\w+\s*\([^;]*\)$/.test(text) && TYPE_WORDS.test(text.replace(DEFINITION_ATTRIBUTES, '')) && !/=/.test(text)) {
    return { kind: 'fndef' };
  }
  if (TYPE_WORDS.test(text) && /^[\w\s*]+\b\w+(\s*=|\s*;|\s*\[|$)/.test(text)) return { kind: 'decl' };
  return { kind: 'stmt' };
}

/** Braces of an initializer list (`= {`, `= (struct x){`) the buffered statement leaves open, or not yet ended by its `;`. */
function initializerOpen(buf: string): boolean {
  const m = /=\s*(?:\(\s*(?:struct\s+)?\w+\s*\)\s*)?\{/.exec(buf);
  if (!m || /^(?:\}\s*)?(?:else\b|if\b|for\b|while\b|switch\b|do\b)/.test(buf)) return false;
  let b = 0;
  for (const ch of buf.slice(m.index)) {
    if (ch === '{') b++;
    else if (ch === '}') b--;
  }
  return b > 0 || !/;$/.test(buf);
}

/**
 * Items of one side of a hunk, in order. Statements spanning several lines are joined; a line
 * holding `if (x) y;` gives two items (the if, braceless, and its statement).
 */
export function parseItems(lines: readonly SourceLine[]): CItem[] {
  const items: CItem[] = [];
  const st = { inComment: false };
  let depth = 0;
  let buf = '';
  let bufLine = 0;
  let bufOrigin: SourceLine['origin'] = 'ctx';
  const emit = (raw: string, line: number, origin: SourceLine['origin']) => {
    let text = fold(raw);
    if (!text) return;
    // Leading closing braces close blocks before the item.
    while (text.startsWith('}') && !/^\}\s*else\b/.test(text)) {
      items.push({ kind: 'close', text: '}', depth, line, origin });
      depth = Math.max(depth - 1, -50);
      text = fold(text.slice(1).replace(/^;/, ''));
      if (!text) return;
    }
    const opens = text.endsWith('{');
    if (opens) text = fold(text.slice(0, -1));
    // `void f(struct page *, bool);` declares f: a prototype, not a definition whose body follows.
    const prototype = !opens && /;$/.test(text);
    text = text.replace(/;$/, '').trim();
    if (!text && opens) {
      items.push({ kind: 'open', text: '{', depth, line, origin });
      depth++;
      return;
    }
    const c = classify(text);
    if ((c.kind === 'else' || c.kind === 'elseif') && text.startsWith('}')) {
      items.push({ kind: 'close', text: '}', depth, line, origin });
      depth--;
      text = text.replace(/^\}\s*/, '');
    }
    if ((c.kind === 'if' || c.kind === 'elseif') && c.rest) {
      const rest = c.rest.replace(/;$/, '').trim();
      items.push({ kind: c.kind, text: `if (${c.cond})`, cond: c.cond, braceless: true, depth, line, origin });
      if (rest) {
        const rc = classify(rest);
        items.push({ kind: rc.kind === 'jump' ? 'jump' : 'stmt', text: rest, depth: depth + 1, line, origin });
      }
      if (opens) depth++;
      return;
    }
    const kind = c.kind === 'fndef' && prototype ? 'decl' : c.kind;
    items.push({
      kind,
      text: kind === 'if' || kind === 'elseif' ? `if (${c.cond})` : text.replace(/^\}\s*/, ''),
      ...(c.cond !== undefined ? { cond: c.cond } : {}),
      ...((kind === 'if' || kind === 'elseif' || kind === 'else') && !opens ? { braceless: true } : {}),
      depth,
      line,
      origin,
    });
    if (opens) depth++;
  };
  lines.forEach((l, i) => {
    const code = stripComments(l.text, st);
    // Sparse's lock annotations between a definition's header and its brace say nothing to run.
    const t = code.trim().replace(/^(?:(?:__releases|__acquires|__must_hold)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*)+$/, '');
    if (!t && !buf) return;
    if (!buf) {
      bufLine = i;
      bufOrigin = l.origin;
    } else if (l.origin !== 'ctx') bufOrigin = l.origin;
    buf = buf ? `${buf} ${t}` : t;
    if (buf.startsWith('#')) {
      emit(buf, bufLine, bufOrigin);
      buf = '';
      return;
    }
    const bal = parenBalance(buf);
    // An initializer list over several lines (`struct vm_fault vmf = {` ... `};`) is one
    // declaration: its braces open no block, so it ends only at the `;` after its close.
    if (initializerOpen(buf)) return;
    const done = bal <= 0 && (/[;{}:]$/.test(buf) || /^\}/.test(buf) || /^(if|else)\b.*\)$/.test(buf) || /^else$/.test(buf) || (/\)$/.test(buf) && classify(buf).kind === 'fndef'));
    if (done) {
      const from = items.length;
      emit(buf, bufLine, bufOrigin);
      for (let k = from; k < items.length; k++) (items[k] as { end?: number }).end = i;
      buf = '';
    }
  });
  if (buf) emit(buf, bufLine, bufOrigin);
  return items;
}

/** A statement tree parsed from a balanced run of items. */
export type CNode =
  | { readonly t: 'if'; readonly cond: string; readonly text: string; readonly then: CNode[]; readonly else?: CNode[] }
  | { readonly t: 'stmt'; readonly text: string; readonly kind: ItemKind };

export class CParseError extends Error {
  readonly code = 'c-parse';
}

/** Parse items into a tree; throws CParseError when braces do not balance within the run. */
export function parseTree(items: readonly CItem[]): CNode[] {
  let i = 0;
  const block = (stopAtClose: boolean): CNode[] => {
    const out: CNode[] = [];
    while (i < items.length) {
      const it = items[i];
      if (it.kind === 'close') {
        if (!stopAtClose) throw new CParseError('unbalanced `}`');
        i++;
        return out;
      }
      if (it.kind === 'open') {
        i++;
        out.push(...block(true));
        continue;
      }
      if (it.kind === 'if' || it.kind === 'elseif') {
        i++;
        const then = body(it);
        let els: CNode[] | undefined;
        const nx = items[i];
        if (nx && (nx.kind === 'else' || nx.kind === 'elseif')) {
          if (nx.kind === 'else') {
            i++;
            els = body(nx);
          } else {
            els = [parseElseIf()];
          }
        }
        out.push({ t: 'if', cond: it.cond ?? '', text: it.text, then, ...(els ? { else: els } : {}) });
        continue;
      }
      if (it.kind === 'else') throw new CParseError('`else` without `if`');
      i++;
      out.push({ t: 'stmt', text: it.text, kind: it.kind });
    }
    if (stopAtClose) throw new CParseError('unbalanced `{`');
    return out;
  };
  const body = (head: CItem): CNode[] => {
    if (!head.braceless) return block(true);
    const nx = items[i];
    // (A close is the enclosing block's, an `else` the test's own: either way the test's one
    // statement is not among the items.)
    if (!nx || nx.kind === 'close' || nx.kind === 'else' || nx.kind === 'elseif') return [];
    if (nx.kind === 'if') {
      const saved = block1();
      return saved;
    }
    if (nx.kind === 'open') {
      i++;
      return block(true);
    }
    i++;
    return [{ t: 'stmt', text: nx.text, kind: nx.kind }];
  };
  const block1 = (): CNode[] => {
    // A single nested if statement as a braceless body.
    const it = items[i];
    i++;
    const then = body(it);
    return [{ t: 'if', cond: it.cond ?? '', text: it.text, then }];
  };
  const parseElseIf = (): CNode => {
    const it = items[i];
    i++;
    const then = body(it);
    let els: CNode[] | undefined;
    const nx = items[i];
    if (nx && nx.kind === 'else') {
      i++;
      els = body(nx);
    } else if (nx && nx.kind === 'elseif') els = [parseElseIf()];
    return { t: 'if', cond: it.cond ?? '', text: it.text, then, ...(els ? { else: els } : {}) };
  };
  return block(false);
}

// --- boolean expressions ---------------------------------------------------------------------

export type BoolExpr =
  | { readonly t: 'and' | 'or'; readonly args: BoolExpr[]; readonly text: string }
  | { readonly t: 'not'; readonly arg: BoolExpr; readonly text: string }
  | { readonly t: 'atom'; readonly text: string };

/** Strips one pair of parentheses enclosing the whole expression. */
function unwrap(s: string): string {
  s = s.trim();
  for (;;) {
    const m = /^(unlikely|likely)\s*\((.*)\)$/s.exec(s);
    if (m && parenBalance(m[2]) === 0 && enclosing(s.slice(m[1].length).trim())) {
      s = m[2].trim();
      continue;
    }
    if (s.startsWith('(') && enclosing(s)) {
      s = s.slice(1, -1).trim();
      continue;
    }
    return s;
  }
}

/** Whether the first `(` of s closes at its last character. */
function enclosing(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') b++;
    else if (s[i] === ')') {
      b--;
      if (b === 0 && i < s.length - 1) return false;
    }
  }
  return true;
}

function splitTop(s: string, op: '&&' | '||'): string[] {
  const parts: string[] = [];
  let b = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') b++;
    else if (ch === ')') b--;
    else if (b === 0 && s.startsWith(op, i)) {
      parts.push(s.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

export function parseBool(src: string): BoolExpr {
  const s = unwrap(src);
  const ors = splitTop(s, '||');
  if (ors.length > 1) return { t: 'or', args: ors.map(parseBool), text: s };
  const ands = splitTop(s, '&&');
  if (ands.length > 1) return { t: 'and', args: ands.map(parseBool), text: s };
  if (s.startsWith('!') && !s.startsWith('!=')) {
    const inner = s.slice(1).trim();
    const u = unwrap(inner);
    if (u === inner ? /^[\w>.\-*&\[\]]+(\s*\(.*\))?$/s.test(inner) || enclosing(inner) : true) {
      return { t: 'not', arg: parseBool(inner), text: s };
    }
  }
  return { t: 'atom', text: s };
}

/** `t` with the name of every call in it passed through `to` (`f(x)` -> `to('f')(x)`). */
export function renameCalls(t: string, to: (name: string) => string): string {
  return t.replace(/\b[A-Za-z_]\w*(?=\s*\()/g, to);
}

/** Identifiers called in `s` (`foo(` ...), outermost first. */
export function calledNames(s: string): string[] {
  const out: string[] = [];
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1]);
  return out;
}

/** The index of the `)` that closes the `(` at `open`, or -1 when it never closes. */
export function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The calls in `s` as written (`name(args)`, parentheses balanced), whitespace folded; outermost first. */
export function callTexts(s: string): string[] {
  const out: string[] = [];
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (['if', 'while', 'for', 'switch', 'return', 'sizeof'].includes(m[1])) continue;
    const end = closingParen(s, m.index + m[0].length - 1);
    if (end >= 0) out.push(fold(s.slice(m.index, end + 1)));
  }
  return out;
}

/** Sparse's lock annotations on a definition (`__releases(vmf->ptl)`), which are not its name. */
export const withoutAnnotations = (t: string): string => t.replace(/\b(__acquires|__releases|__must_hold)\s*\([^)]*\)/g, '');

/** A line that starts a function definition at column 0 (kernel style): `static int f(...` . */
// (The name alone at column 0 is a definition too, its type on the line before: `static inline
// struct page *` / `page_copy_prealloc(struct mm_struct *src_mm, ...`.)
export const isDefinitionLine = (t: string): boolean => /^(?:[A-Za-z_][\w\s*]*\b)?[A-Za-z_]\w*\s*\(/.test(t) && !/;\s*$/.test(t) && !/^(if|for|while|return|else)\b/.test(t);

/** The name of the function a definition line (or a hunk header) starts. */
export function functionNameOf(header: string | null): string | null {
  if (!header) return null;
  const m = /\b([A-Za-z_]\w*)\s*\(/.exec(withoutAnnotations(header));
  if (!m) return null;
  if (['if', 'for', 'while', 'switch', 'return', 'sizeof'].includes(m[1])) return null;
  return m[1];
}

/**
 * Where the branch `items[k]` opens (an `if`, `else if` or `else` item) ends: its one item when
 * braceless, else the index of its close brace (an item's depth is the depth before it, so the
 * block's own close is one deeper than its head); -1 where the items do not hold it whole.
 */
export function branchEnd(items: readonly CItem[], k: number): number {
  const head = items[k];
  if (head.braceless) return k + 1 < items.length ? k + 1 : -1;
  for (let j = k + 1; j < items.length; j++) {
    const x = items[j];
    if (x.depth <= head.depth) return -1;
    if (x.kind === 'close' && x.depth === head.depth + 1) return j;
  }
  return -1;
}

/** Whitespace-free text of a test, `if (unlikely(x))` read as `if (x)`. */
export const norm = (s: string) => s.replace(/\s+/g, '').replace(/^if\((unlikely|likely)\((.*)\)\)$/, 'if($2)');
