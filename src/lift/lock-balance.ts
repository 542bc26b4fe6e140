/**
 * A lift's lock discipline against its base's. Lifting puts lines of a hunk among the model's
 * statements; a line put in the wrong place (after the unlock it preceded, on the other side of
 * a bail-out) can leave a path that ends holding a lock the base always drops, or drops one it
 * never took. The model would then explore a kernel nobody wrote, and its verdict would be
 * about that kernel. So every function a patch changes is walked, with the functions it calls
 * inlined, and what each path does to each lock (how many it needs held on entry, how many it
 * holds on exit) is compared with the same walk over the base: a path shape the base has on no
 * path makes the lift a stated outcome (`unmapped`), not a verdict.
 *
 * Relative to the base on purpose: a function entered with the PTL held (do_wp_page) and a
 * trylock whose failure path returns unlocked are the same on both sides.
 */
import { condLeaves, type Cond, type KernelCode, type Stmt } from '../model/code.js';
import { canonicalTests, primitiveOf } from '../mm/vocabulary.js';
import { constTruth } from './lexicon.js';

/** One lock's count along a path: its lowest point (below zero: held on entry) and its end. */
interface Count {
  readonly low: number;
  readonly net: number;
}
type PathLocks = ReadonlyMap<string, Count>;
/** A path: its lock counts, and the outcome of each test it took that the code makes again. */
interface Path {
  readonly locks: PathLocks;
  readonly tests: ReadonlyMap<string, boolean>;
  /** `pte = pte_offset_map_lock(...)` (6.5 on: NULL when the table went away, and then unlocked): pte -> its lock. */
  readonly mayFail?: ReadonlyMap<string, string>;
  /** How the path left the function the walk started in: its `return ...`, or null for the end of the body. */
  readonly exit?: string | null;
}

/** `X = pte_offset_map_lock(...)`: X, when a lock is taken by a call whose NULL result means it was not. */
function failableLock(c: string): string | null {
  const m = /^([\w>.-]+)\s*=\s*(\w+)\s*\(/.exec(c.trim());
  return m && primitiveOf(m[2]) === 'pte_lock' ? m[1] : null;
}

/** The last identifier of a lock expression: `&vmf->ptl` and `ptl` are the same PTL. */
function lockName(arg: string): string {
  const ids = arg.match(/[A-Za-z_]\w*/g);
  return ids ? ids[ids.length - 1] : arg.trim();
}

function argsOf(c: string, at: number): string[] {
  let depth = 0;
  let cur = '';
  const out: string[] = [];
  for (let i = at; i < c.length; i++) {
    const ch = c[i];
    if (ch === '(') {
      if (depth++ > 0) cur += ch;
    } else if (ch === ')') {
      if (--depth === 0) {
        out.push(cur);
        return out;
      }
      cur += ch;
    } else if (ch === ',' && depth === 1) {
      out.push(cur);
      cur = '';
    } else if (depth > 0) cur += ch;
  }
  return out;
}

/** What a C statement or condition does to locks: `[lock, +1 | -1]` per lock call in it. */
export function lockEffects(c: string): [string, number][] {
  const text = canonicalTests(c);
  const out: [string, number][] = [];
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1];
    const at = (m.index ?? 0) + m[0].length - 1;
    const prim = primitiveOf(name);
    if (prim === 'pte_lock' || prim === 'pte_unlock') {
      // pte_offset_map_lock(mm, pmd, addr, &ptl) / pte_unmap_unlock(pte, ptl); pte_map_lock(vmf) is vmf->ptl.
      const args = argsOf(text, at);
      const ptl = args.length >= 2 ? lockName(args[args.length - 1]) : 'ptl';
      out.push([`ptl:${ptl}`, prim === 'pte_lock' ? 1 : -1]);
    } else if (prim === 'page_lock' || prim === 'page_unlock') {
      out.push(['page_lock', prim === 'page_lock' ? 1 : -1]);
    } else if (prim === 'mmap_read_lock' || prim === 'mmap_read_unlock') {
      out.push(['mmap_read', prim === 'mmap_read_lock' ? 1 : -1]);
    } else if (prim === 'mmap_write_lock' || prim === 'mmap_write_unlock') {
      out.push(['mmap_write', prim === 'mmap_write_lock' ? 1 : -1]);
    } else if (/^(raw_)?spin_(un)?lock(_nested|_irq|_irqsave|_irqrestore|_bh)?$/.test(name)) {
      const args = argsOf(text, at);
      const lock = args[0] ?? '';
      const nm = lockName(lock);
      out.push([/ptl$/.test(nm) ? `ptl:${nm}` : `spin:${nm}`, name.includes('_unlock') ? -1 : 1]);
    } else if (/^(find_lock_page|find_lock_entry|filemap_lock_folio|shmem_getpage|shmem_get_folio|__SetPageLocked|__folio_set_locked)$/.test(name)) {
      // Page-cache lookups that return the page locked (shmem's too), and a new page marked locked before it is visible.
      out.push(['page_lock', 1]);
    } else if (name === 'pte_alloc_one_map') {
      // 4.8-5.9 mm/memory.c: allocates the PTE table if need be, then maps and locks the PTE (fe->ptl).
      out.push(['ptl:ptl', 1]);
    } else if (name === 'pmd_lock' || name === 'pud_lock') {
      // `old_ptl = pmd_lock(mm, pmd)`: the PMD's (or PUD's) PTL, by the name it is kept under.
      const assigned = /([A-Za-z_][\w>.-]*)\s*=\s*$/.exec(text.slice(0, m.index ?? 0));
      out.push([`ptl:${assigned ? lockName(assigned[1]) : 'ptl'}`, 1]);
    } else if (name === 'take_rmap_locks' || name === 'drop_rmap_locks') {
      out.push(['rmap_locks', name === 'take_rmap_locks' ? 1 : -1]);
    }
  }
  return out;
}

/**
 * What a test does to locks, read test by test: a test the lift decided (`__const`: a call that
 * succeeds, whose step if the model has one stands before the `if`, or that acts on nothing the
 * model holds) and a trylock of a lock the model abstracts away there (`noLock`) take nothing.
 */
function condLockEffects(c: Cond): [string, number][] {
  return condLeaves(c)
    .filter((l) => l.op !== '__const' && !(l.op === '__choice' && (l as { args?: { noLock?: boolean } }).args?.noLock === true))
    .flatMap((l) => lockEffects(l.c));
}

const MAX_PATHS = 256;
const MAX_DEPTH = 8;

function pathKey(p: Path): string {
  return key(p.locks) + '|' + [...p.tests].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, v]) => `${v ? '' : '!'}${t}`).join('&');
}

function key(p: PathLocks): string {
  return [...p]
    .filter(([, v]) => v.low !== 0 || v.net !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}:${v.low}/${v.net}`)
    .join(',');
}

function apply(path: Path, effects: readonly [string, number][]): Path {
  if (effects.length === 0) return path;
  const p = path.locks;
  const out = new Map(p);
  for (const [lock, d] of effects) {
    const cur = out.get(lock) ?? { low: 0, net: 0 };
    const net = cur.net + d;
    out.set(lock, { low: Math.min(cur.low, net), net });
  }
  return { ...path, locks: out };
}

/** A test as text, and whether it is negated: `!pte_same(a, b)` is pte_same(a, b) false. */
function testOf(c: Cond): [string, boolean] {
  let t = c.c.replace(/\s+/g, '');
  let sense = true;
  while (t.startsWith('!') && !t.startsWith('!=')) {
    t = t.slice(1);
    sense = !sense;
  }
  for (;;) {
    const inner = /^(?:un)?likely\((.*)\)$/.exec(t);
    if (inner) t = inner[1];
    else if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
    else break;
    while (t.startsWith('!') && !t.startsWith('!=')) {
      t = t.slice(1);
      sense = !sense;
    }
  }
  return [t, sense];
}

/** Tests the code makes more than once (with its callees): a path takes the same way at each. */
function repeatedTests(code: KernelCode): Set<string> {
  const seen = new Map<string, number>();
  const walk = (ss: readonly Stmt[]) => {
    for (const s of ss) {
      if (s.op !== 'if') continue;
      const st = s as { cond: Cond; then: readonly Stmt[]; else?: readonly Stmt[] };
      const [t] = testOf(st.cond);
      seen.set(t, (seen.get(t) ?? 0) + 1);
      walk(st.then);
      if (st.else) walk(st.else);
    }
  };
  for (const body of Object.values(code)) walk(body);
  return new Set([...seen].filter(([, n]) => n > 1).map(([t]) => t));
}

class Walk {
  overflow = false;
  private readonly repeated: Set<string>;
  constructor(private readonly code: KernelCode) {
    this.repeated = repeatedTests(code);
  }

  private dedup(ps: Path[]): Path[] {
    const seen = new Map<string, Path>();
    for (const p of ps) seen.set(pathKey(p), p);
    if (seen.size > MAX_PATHS) this.overflow = true;
    return [...seen.values()].slice(0, MAX_PATHS);
  }

  /** The path states leaving `fn` (by its end or a return), from the states entering it. */
  fn(name: string, entry: Path[], depth: number): Path[] {
    const body = this.code[name];
    if (!body || depth > MAX_DEPTH) return entry;
    const exits: Path[] = [];
    const fall = this.block(body, entry, exits, depth);
    // Only the outermost function's exits say how a path ends; a callee's return goes on in its caller.
    const ended = depth === 0 ? [...fall.map((p) => ({ ...p, exit: null })), ...exits] : [...fall, ...exits].map((p) => ({ ...p, exit: undefined }));
    return this.dedup(ended);
  }

  private block(stmts: readonly Stmt[], entry: Path[], exits: Path[], depth: number): Path[] {
    let cur = entry;
    for (const s of stmts) {
      if (cur.length === 0) break;
      if (s.op === 'return') {
        exits.push(...cur.map((p) => ({ ...p, exit: s.c })));
        return [];
      }
      if (s.op === 'call') {
        cur = this.fn((s as { fn: string }).fn, cur, depth + 1);
        continue;
      }
      if (s.op === 'if') {
        const st = s as { cond: Cond; then: readonly Stmt[]; else?: readonly Stmt[] };
        // A test the model decides goes its one way only: `if (vma->vm_file)` around the i_mmap
        // lock of a VMA that maps a file takes it on every path, and a decided lock call that
        // succeeds, `if (mmap_write_lock_killable(mm))` after the lock's own step, never runs its
        // failure branch (the lock is taken once, by that step).
        if (st.cond.op === '__const') {
          cur = constTruth(st.cond) ? this.block(st.then, cur, exits, depth) : st.else ? this.block(st.else, cur, exits, depth) : cur;
          continue;
        }
        const before = cur.map((p) => apply(p, condLockEffects(st.cond)));
        const [t, sense] = testOf(st.cond);
        const tracked = this.repeated.has(t);
        // Each path goes the way it went at this test before, or both ways (then remembered).
        const taking = (want: boolean) =>
          before.flatMap((p) => {
            const known = p.tests.get(t);
            if (known !== undefined) return known === (want === sense) ? [p] : [];
            return tracked ? [{ locks: p.locks, tests: new Map(p.tests).set(t, want === sense) }] : [p];
          });
        // `if (!pte)` after `pte = pte_offset_map_lock(...)`: on that branch the lock was not taken.
        const failed = (ps: Path[], isNull: boolean) =>
          ps.map((p) => {
            const lock = p.mayFail?.get(t);
            if (!lock || !isNull) return p;
            const cur = p.locks.get(lock);
            if (!cur) return p;
            const locks = new Map(p.locks).set(lock, { low: Math.min(cur.low, cur.net - 1), net: cur.net - 1 });
            const mayFail = new Map(p.mayFail);
            mayFail.delete(t);
            return { locks, tests: p.tests, mayFail };
          });
        const a = this.block(st.then, failed(taking(true), !sense), exits, depth);
        const elsePaths = failed(taking(false), sense);
        const b = st.else ? this.block(st.else, elsePaths, exits, depth) : elsePaths;
        cur = this.dedup([...a, ...b]);
        continue;
      }
      // A step the lexicon read as a locking page-cache lookup under another spelling (a hook
      // of the VMA, 2025's ->get_pagecache_folio()) locks the page as its op says; one read as
      // the mmap lock (S2's VMA read lock, uffd_mfill_lock()) takes or drops that; one read as the
      // rmap locks (S6's take_rmap_locks, spelled `mutex_lock(&mapping->i_mmap_mutex)` before 3.19) too.
      const said = lockEffects(s.c);
      const eff = said.length || !('op' in s) ? said : lockEffects(`${s.op}()`).filter(([k]) => k === 'page_lock' || k === 'mmap_read' || k === 'mmap_write' || k === 'rmap_locks');
      if (eff.length) {
        const v = eff.some(([, d]) => d > 0) ? failableLock(s.c) : null;
        const lock = eff.find(([, d]) => d > 0)?.[0];
        cur = cur.map((p) => {
          const q = apply(p, eff);
          return v && lock ? { ...q, mayFail: new Map(q.mayFail).set(v, lock) } : q;
        });
      }
    }
    return cur;
  }
}

/** Every path shape of `fn` in `code` (with its callees inlined); null when there are too many to compare. */
export function lockShapes(code: KernelCode, fn: string): Set<string> | null {
  const paths = lockPaths(code, fn);
  return paths && new Set(paths.keys());
}

/** Every path shape of `fn`, with how one path of that shape leaves (its `return`, or null for the end). */
function lockPaths(code: KernelCode, fn: string): Map<string, string | null> | null {
  const w = new Walk(code);
  const out = w.fn(fn, [{ locks: new Map(), tests: new Map() }], 0);
  if (w.overflow) return null;
  const m = new Map<string, string | null>();
  for (const p of out) if (!m.has(key(p.locks)) || (m.get(key(p.locks)) === null && p.exit)) m.set(key(p.locks), p.exit ?? null);
  return m;
}

export interface LockMismatch {
  readonly fn: string;
  /** A path shape the lift has and the base has on no path, e.g. `ptl:ptl:0/1` (ends holding the PTL). */
  readonly shape: string;
  /** How such a path leaves: its `return ...`, or null for the end of the function. */
  readonly exit?: string | null;
  /** The base's path shapes, for the report. */
  readonly base?: readonly string[];
}

function describe(shape: string): string {
  if (shape === '') return 'leaves every lock as it found it';
  return shape
    .split(',')
    .map((part) => {
      const m = /^(.*):(-?\d+)\/(-?\d+)$/.exec(part);
      if (!m) return part;
      const [, lock, low, net] = m;
      const name = lock.replace(/^ptl:/, 'PTL ').replace(/^spin:/, 'spinlock ').replace(/^page_lock$/, 'the page lock').replace(/^mmap_read$/, 'mmap_lock (read)').replace(/^mmap_write$/, 'mmap_lock (write)').replace(/^rmap_locks$/, 'the rmap locks');
      const l = Number(low);
      const n = Number(net);
      const entry = l < 0 ? `held ${-l}x on entry` : 'not held on entry';
      const exit = n - l === 0 ? 'dropped' : n < 0 ? `dropped ${-n}x more than taken` : `held ${n}x more at exit than on entry`;
      return `${name} ${entry}, ${exit}`;
    })
    .join('; ');
}

/** A mismatch, in words for a report. */
export function describeLockMismatch(m: LockMismatch): string {
  const ending = m.exit ? ` (leaving by \`${m.exit}\`)` : m.exit === null ? ' (to the end of the function)' : '';
  const was = m.base?.length ? ` (the base's paths: ${m.base.map(describe).join('; or ')})` : '';
  return `the lifted ${m.fn}() has a path${ending} that ${describe(m.shape)}, which no path of the base does${was}: either the patch leaves its locks so on that path (a lock leak or a double unlock, to be read by hand) or the hunks' lines were placed where they do not go (a mis-lift); no verdict is given on it`;
}

/**
 * The first function among `fns` whose lift has a lock path shape its base lacks. Functions
 * the base does not have (added by the patch) are compared through their callers.
 */
export function lockMismatch(base: KernelCode, lifted: KernelCode, fns: readonly string[]): LockMismatch | null {
  for (const fn of fns) {
    if (!base[fn]?.length || !lifted[fn]) continue;
    const was = lockShapes(base, fn);
    const now = lockPaths(lifted, fn);
    if (!was || !now) continue;
    for (const [shape, exit] of now) if (!was.has(shape)) return { fn, shape, exit, base: [...was] };
  }
  return null;
}
