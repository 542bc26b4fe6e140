/**
 * Whole C function definitions out of a file's text, with a real C parser (web-tree-sitter and
 * the tree-sitter-c grammar's .wasm: no native build). Kernel macros are masked first
 * (c-mask.ts) so that names and extents come out right; a definition the grammar still cannot
 * read is returned with `hasError` and the place of the first error, never guessed at. Pure of
 * git: it takes text and line numbers.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { maskKernelC } from './c-mask.js';

export interface CFunction {
  readonly name: string;
  /** The definition as written, from its first specifier to its closing brace, whole lines. */
  readonly text: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The grammar could not read part of it: the text is whole, the model of it may not be. */
  readonly hasError: boolean;
  /** 1-based line and column of the first unreadable token, when `hasError`. */
  readonly error: { readonly line: number; readonly column: number } | null;
}

export type FunctionProblemCode =
  /** A changed line, or a function asked for by name, is in code the grammar cannot read. */
  | 'parse-error'
  /** A changed line is outside any function (a declaration, a macro, a comment at file level). */
  | 'outside-function'
  /** No definition of a function asked for by name. */
  | 'not-found';

export interface FunctionProblem {
  readonly code: FunctionProblemCode;
  /** The changed line, or null for a name. */
  readonly line: number | null;
  readonly name: string | null;
  readonly message: string;
}

export interface FunctionsFound {
  readonly functions: readonly CFunction[];
  readonly problems: readonly FunctionProblem[];
}

/** The functions a change touches on both sides of one file. */
export interface ChangedFunctions {
  /** Names of the functions changed, on either side. */
  readonly names: readonly string[];
  /** Their definitions in the pre-image (a function the patch adds is absent). */
  readonly pre: readonly CFunction[];
  /** Their definitions in the post-image (a function the patch removes is absent). */
  readonly post: readonly CFunction[];
  readonly problems: readonly FunctionProblem[];
}

/** Where the grammar is: resolved from the package, not from the working directory. */
export function treeSitterCWasm(): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm');
}

let loading: Promise<FunctionParser> | null = null;
let loaded: FunctionParser | null = null;

/** The parser if `loadFunctionParser()` has finished: for synchronous callers that loaded it first. */
export function loadedFunctionParser(): FunctionParser | null {
  return loaded;
}

/** The parser, initialised once per process (the .wasm load is async; everything after is sync). */
export function loadFunctionParser(): Promise<FunctionParser> {
  loading ??= (async () => {
    await Parser.init();
    const lang = await Language.load(treeSitterCWasm());
    const p = new Parser();
    p.setLanguage(lang);
    return (loaded = new FunctionParser(p));
  })().catch((e) => {
    loading = null; // a failed load is retried by the next caller
    throw e;
  });
  return loading;
}

interface Def {
  fn: CFunction;
  start: number;
  end: number;
}

interface Parsed {
  defs: Def[];
  /** Line ranges of file-level code the grammar could not read. */
  errors: { start: number; end: number; line: number; column: number }[];
}

/**
 * A file cut at its file-level closing braces (a `}` in column 0 that ends no macro line: the
 * end of a function, struct or initializer in kernel style). Each piece starts at file level,
 * so it parses alone: a change is parsed with its piece only, not with the whole file (a
 * 6,000-line mm/memory.c takes about a second to parse whole in WebAssembly).
 */
interface Pieces {
  lines: string[];
  /** 1-based first and last line of each piece. */
  spans: [number, number][];
  parsed: (Parsed | undefined)[];
}

/** Whether a block comment is open at the end of `line` (literals skipped). */
function endsInComment(line: string, open: boolean): boolean {
  for (let k = 0; k < line.length; k++) {
    if (open) {
      if (line[k] === '*' && line[k + 1] === '/') {
        open = false;
        k++;
      }
    } else if (line[k] === '/' && line[k + 1] === '*') {
      open = true;
      k++;
    } else if (line[k] === '/' && line[k + 1] === '/') return false;
    else if (line[k] === '"' || line[k] === "'") {
      const q = line[k];
      for (k++; k < line.length && line[k] !== q; k++) if (line[k] === '\\') k++;
    }
  }
  return open;
}

function cut(text: string): Pieces {
  const lines = text.split('\n');
  const spans: [number, number][] = [];
  let from = 1;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const commented = inComment;
    inComment = endsInComment(lines[i], inComment);
    if (!commented && lines[i].startsWith('}') && !(i > 0 && lines[i - 1].endsWith('\\'))) {
      spans.push([from, i + 1]);
      from = i + 2;
    }
  }
  if (from <= lines.length) spans.push([from, lines.length]);
  return { lines, spans, parsed: new Array(spans.length) };
}

/** The identifier a declarator declares, through pointers, parentheses and attributes. */
function declaredName(d: Node | null): string | null {
  for (let k = 0; d && k < 32; k++) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
    d = d.childForFieldName('declarator') ?? (d.type === 'parenthesized_declarator' ? d.namedChild(0) : null);
  }
  return null;
}

function firstError(n: Node): Node | null {
  if (n.isError || n.isMissing) return n;
  if (!n.hasError) return null;
  for (const c of n.children) {
    const e = c ? firstError(c) : null;
    if (e) return e;
  }
  return null;
}

/** Braces balance outside comments and literals, and the text ends with the closing one. */
function balanced(masked: string): boolean {
  let d = 0;
  const t = masked.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, ' ');
  for (const c of t) {
    if (c === '{') d++;
    else if (c === '}' && --d < 0) return false;
  }
  return d === 0 && t.trimEnd().endsWith('}');
}

export class FunctionParser {
  /** The last few texts cut: `changed()` asks for each side twice. */
  private cache: { text: string; pieces: Pieces }[] = [];

  constructor(private readonly parser: Parser) {}

  private pieces(text: string): Pieces {
    const hit = this.cache.find((c) => c.text === text);
    if (hit) return hit.pieces;
    const pieces = cut(text);
    this.cache.unshift({ text, pieces });
    this.cache.length = Math.min(this.cache.length, 4);
    return pieces;
  }

  /** The definitions and errors of piece k, parsed on first use. */
  private piece(p: Pieces, k: number): Parsed {
    const done = p.parsed[k];
    if (done) return done;
    const [first, last] = p.spans[k];
    const lines = p.lines.slice(first - 1, last);
    const masked = maskKernelC(lines.join('\n'));
    const tree = this.parser.parse(masked);
    if (!tree) throw new Error('tree-sitter returned no tree');
    const at = (row: number) => first + row;
    const defs: Def[] = [];
    const errors: Parsed['errors'] = [];
    try {
      const visit = (n: Node): void => {
        if (n.type === 'function_definition') {
          const start = at(n.startPosition.row);
          const end = at(n.endPosition.row);
          const err = firstError(n);
          const name = declaredName(n.childForFieldName('declarator'));
          const ok = !err && name !== null && balanced(masked.slice(n.startIndex, n.endIndex));
          defs.push({
            start,
            end,
            fn: {
              name: name ?? '',
              text: p.lines.slice(start - 1, end).join('\n'),
              startLine: start,
              endLine: end,
              hasError: !ok,
              error: ok ? null : err ? { line: at(err.startPosition.row), column: err.startPosition.column + 1 } : { line: start, column: 1 },
            },
          });
          return; // no nested definitions in C
        }
        if (n.isError) errors.push({ start: at(n.startPosition.row), end: at(n.endPosition.row), line: at(n.startPosition.row), column: n.startPosition.column + 1 });
        for (const c of n.namedChildren) if (c) visit(c);
      };
      visit(tree.rootNode);
    } finally {
      tree.delete(); // the tree lives in the .wasm heap
    }
    return (p.parsed[k] = { defs, errors });
  }

  private pieceAt(p: Pieces, line: number): number {
    return p.spans.findIndex(([a, b]) => a <= line && line <= b);
  }

  /** Every function definition in the text, in order. */
  all(text: string): CFunction[] {
    const p = this.pieces(text);
    return p.spans.flatMap((_, k) => this.piece(p, k).defs.map((d) => d.fn));
  }

  /** The functions containing the given 1-based lines (each once), and the lines in none. */
  atLines(text: string, lines: readonly number[]): FunctionsFound {
    const p = this.pieces(text);
    const out = new Map<number, CFunction>();
    const problems: FunctionProblem[] = [];
    for (const line of [...new Set(lines)].sort((a, b) => a - b)) {
      const k = this.pieceAt(p, line);
      const parsed = k >= 0 ? this.piece(p, k) : { defs: [], errors: [] };
      const d = parsed.defs.find((x) => x.start <= line && line <= x.end);
      if (d) {
        out.set(d.start, d.fn);
        continue;
      }
      const e = parsed.errors.find((x) => x.start <= line && line <= x.end);
      problems.push(
        e
          ? { code: 'parse-error', line, name: null, message: `line ${line} is in code the C parser cannot read (from line ${e.line} column ${e.column})` }
          : { code: 'outside-function', line, name: null, message: `line ${line} is outside any function` },
      );
    }
    return { functions: [...out.values()].sort((a, b) => a.startLine - b.startLine), problems };
  }

  /** The definitions of the named functions (an `#ifdef`ed function may have several). */
  byName(text: string, names: readonly string[]): FunctionsFound {
    const p = this.pieces(text);
    const functions: CFunction[] = [];
    const problems: FunctionProblem[] = [];
    for (const name of names) {
      // Only the pieces that mention `name(` are parsed (a syscall by its SYSCALL_DEFINE line).
      const id = name.replace(/[^\w]/g, '');
      const re = new RegExp(`\\b${id}\\s*\\(|SYSCALL_DEFINE\\d\\(\\s*${id.replace(/^(compat_)?sys_/, '')}\\b`);
      const ks = p.spans.map((span, k) => (p.lines.slice(span[0] - 1, span[1]).some((l) => re.test(l)) ? k : -1)).filter((k) => k >= 0);
      const parsed = ks.map((k) => this.piece(p, k));
      const found = parsed.flatMap((x) => x.defs.filter((d) => d.fn.name === name).map((d) => d.fn));
      if (found.length) {
        functions.push(...found);
        continue;
      }
      // Not a definition the grammar saw: say whether it is hiding in code it could not read.
      const inError = parsed.flatMap((x) => x.errors).find((e) => p.lines.slice(e.start - 1, e.end).some((l) => re.test(l)));
      problems.push(
        inError
          ? { code: 'parse-error', line: null, name, message: `${name}() is in code the C parser cannot read (from line ${inError.line} column ${inError.column})` }
          : { code: 'not-found', line: null, name, message: `no definition of ${name}()` },
      );
    }
    return { functions: functions.sort((a, b) => a.startLine - b.startLine), problems };
  }

  /**
   * The functions a change touches, whole, on both sides: those containing a deleted line of
   * `pre` or an added line of `post`, each looked up by name on both sides (so a function whose
   * change is a pure insertion or deletion is found on the side without changed lines too).
   */
  changed(pre: string, post: string, changedPre: readonly number[], changedPost: readonly number[]): ChangedFunctions {
    const a = this.atLines(pre, changedPre);
    const b = this.atLines(post, changedPost);
    const names = [...new Set([...a.functions, ...b.functions].map((f) => f.name).filter(Boolean))];
    const preFns = this.byName(pre, names);
    const postFns = this.byName(post, names);
    // A name missing on one side is a function added or removed: not a problem.
    return {
      names,
      pre: preFns.functions,
      post: postFns.functions,
      problems: [...a.problems.map((p) => ({ ...p, message: `pre-image: ${p.message}` })), ...b.problems.map((p) => ({ ...p, message: `post-image: ${p.message}` }))],
    };
  }
}
