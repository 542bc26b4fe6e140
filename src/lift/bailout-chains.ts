/**
 * Bail-outs to one label that a model keeps as one test. do_wp_page() from 5.9 to 5.18 leaves
 * for the copy by `if (PageKsm(page) || page_count(page) != 1) goto copy;`, then tries the page
 * lock (`goto copy` on failure) and tests again under it (`{ unlock_page(page); goto copy; }`);
 * the models have the first test once, its branch the copy and its fall-through the reuse. A hunk
 * that rewrites the chain of bail-outs rewrites that one test: it becomes the `||` of the new
 * chain's tests. The old chain stands for the model's test as the model has it.
 */
import type { DiffHunk } from '../diff/types.js';
import { condSignature, constCond, or, type Cond, type IfStmt, type Stmt } from '../model/code.js';
import { branchEnd, norm, type CItem } from './cparse.js';
import { sideItems, sideLines } from './hunk-reading.js';
import { plainTest } from './decided-tests.js';
import { constTruth, isConstCond, liftStatement, type LexContext } from './lexicon.js';

const sideLength = (h: DiffHunk, side: 'old' | 'new') => sideLines(h, side).length;

export interface BailoutChain {
  /** The label the chain leaves to. */
  readonly label: string;
  readonly oldTests: readonly string[];
  readonly newTests: readonly string[];
}

interface Link {
  readonly test: string;
  readonly label: string;
  /** Items of the link: its test, the lines of its block, its jump, its close. */
  readonly items: readonly CItem[];
}

/**
 * The links of a chain in `items` from index `i`: tests at one depth whose block is lines that
 * `quiet` says make no step, ending in `goto LABEL`. Null where a link's block runs past the end
 * of the hunk: the chain may go on below (a re-check the hunk shows only the head of).
 */
function chainAt(items: readonly CItem[], i: number, quiet: (text: string) => boolean): Link[] | null {
  const out: Link[] = [];
  // (Between two links, a test whose block only makes no step and does not leave, `if
  // (PageSwapCache(page)) try_to_free_swap(page);` in a 2022 sketch, is no link: it goes with the
  // link after it.)
  let between: CItem[] = [];
  let k = i;
  const depth = items[i]?.depth;
  while (k < items.length) {
    const head = items[k];
    if (head.kind !== 'if' || head.depth !== depth) break;
    const end = branchEnd(items, k);
    if (end < 0) return null;
    const inner = head.braceless ? [items[end]] : items.slice(k + 1, end);
    const jump = inner[inner.length - 1];
    if (inner.length && inner.every((it) => it.kind === 'stmt' && quiet(it.text))) {
      between = [...between, ...items.slice(k, end + 1)];
      k = end + 1;
      continue;
    }
    if (inner.slice(0, -1).some((it) => it.kind !== 'stmt' || !quiet(it.text))) return out;
    const label = jump?.kind === 'jump' ? /^goto (\w+)$/.exec(jump.text)?.[1] : undefined;
    if (!label) break;
    out.push({ test: head.cond ?? '', label, items: [...between, ...items.slice(k, end + 1)] });
    between = [];
    k = end + 1;
  }
  return out;
}

/** Labels the patch adds that fall into `label` through lines that make no step (`unlock: unlock_page(page); copy:`). */
function labelsInto(label: string, hunks: readonly DiffHunk[], quiet: (text: string) => boolean): Set<string> {
  const out = new Set([label]);
  for (const h of hunks) {
    const items = sideItems(h, 'new');
    for (let i = 0; i < items.length; i++) {
      const m = items[i].kind === 'label' && items[i].origin === 'add' ? /^(\w+):$/.exec(items[i].text) : null;
      if (!m) continue;
      for (let j = i + 1; j < items.length; j++) {
        const it = items[j];
        if (it.kind === 'label') {
          if (it.text === `${label}:`) out.add(m[1]);
          break;
        }
        if (it.kind !== 'stmt' || !quiet(it.text)) break;
      }
    }
  }
  return out;
}

/**
 * The chain of bail-outs a hunk rewrites, when every line the hunk changes is in it: the same
 * label on both sides (or a label the patch adds that falls into it), at least one test on each.
 */
function chainRewrittenIn(h: DiffHunk, fnHunks: readonly DiffHunk[], quiet: (text: string) => boolean): BailoutChain | null {
  const olds = sideItems(h, 'old');
  const news = sideItems(h, 'new');
  const firstChanged = (items: readonly CItem[]) => items.findIndex((it) => it.origin !== 'ctx');
  const fo = firstChanged(olds);
  const fn = firstChanged(news);
  if (fo < 0 || fn < 0) return null;
  // The chain starts at the first changed test, or at the kept test just before it.
  const start = (items: readonly CItem[], f: number) => (items[f].kind === 'if' ? f : items.slice(0, f).map((it) => it.kind).lastIndexOf('if'));
  const so = start(olds, fo);
  const sn = start(news, fn);
  if (so < 0 || sn < 0) return null;
  // (Or at a kept link above it of the same chain: a hunk that changes only the re-check under
  // the page lock still rewrites the whole chain the model keeps as one test.)
  const from = (items: readonly CItem[], s0: number) => {
    for (let j = 0; j < s0; j++) {
      if (items[j].kind !== 'if' || items[j].depth !== items[s0].depth) continue;
      const c = chainAt(items, j, quiet);
      if (c?.some((l) => l.items.includes(items[s0]))) return j;
    }
    return s0;
  };
  const oldChain = chainAt(olds, from(olds, so), quiet);
  const newChain = chainAt(news, from(news, sn), quiet);
  if (!oldChain?.length || !newChain?.length) return null;
  // (And the hunk shows a line after the chain on each side: where it ends at the chain's last
  // jump, a kept test below may go on with it.)
  const lastLine = (chain: readonly Link[]) => Math.max(...chain.flatMap((l) => l.items.map((it) => it.end ?? it.line)));
  if (lastLine(oldChain) >= sideLength(h, 'old') - 1 || lastLine(newChain) >= sideLength(h, 'new') - 1) return null;
  const label = oldChain[0].label;
  if (oldChain.some((l) => l.label !== label)) return null;
  const into = labelsInto(label, fnHunks, quiet);
  if (newChain.some((l) => !into.has(l.label))) return null;
  // Every changed line of the hunk is in one of the chains.
  const inChain = (chain: readonly Link[]) => new Set(chain.flatMap((l) => l.items));
  const oc = inChain(oldChain);
  const nc = inChain(newChain);
  if (olds.some((it) => it.origin !== 'ctx' && !oc.has(it)) || news.some((it) => it.origin !== 'ctx' && !nc.has(it))) return null;
  const oldTests = oldChain.map((l) => norm(l.test));
  const newTests = newChain.map((l) => norm(l.test));
  if (oldTests.join('\n') === newTests.join('\n')) return null;
  return { label, oldTests, newTests };
}

/** Every `if` of a model function's body, nested ones too. */
function ifsOf(body: readonly Stmt[]): IfStmt[] {
  return body.flatMap((s) => (s.op === 'if' ? [s as IfStmt, ...ifsOf((s as IfStmt).then), ...ifsOf((s as IfStmt).else ?? [])] : []));
}

/**
 * The model's one test for a chain of bail-outs that `h` rewrites, given the new chain's tests:
 * exactly one `if` of the function's model `body` is one of the old chain's tests (by what it
 * tests), the old chain stands for it (below), and every test of the new chain lifts without
 * steps of its own. Changes that `if` in place; returns what it was ('' where the model takes
 * none of the bail-outs, before and after, and nothing changes), or null.
 */
export function rewriteBailoutChain(h: DiffHunk, body: readonly Stmt[], lc: LexContext, fnHunks: readonly DiffHunk[]): (BailoutChain & { was: string }) | null {
  const quietCtx = { ...lc, assume: () => {} };
  const quiet = (t: string): boolean => {
    const r = liftStatement(t, 'stmt', quietCtx);
    return (r.kind === 'ignore' && !r.lock && !r.unknown) || (r.kind === 'stmts' && r.stmts.length === 0);
  };
  const chain = chainRewrittenIn(h, fnHunks, quiet);
  if (!chain) return null;
  const olds = chain.oldTests.map((t) => plainTest(t, quietCtx));
  const oldSigs = new Set(olds.filter((c): c is Cond => !!c && !isConstCond(c)).map((c) => condSignature(c)));
  const ifs = ifsOf(body).filter((s) => oldSigs.has(condSignature(s.cond)));
  const news = chain.newTests.map((t) => plainTest(t, lc));
  if (news.some((c) => !c)) return null;
  // Bail-outs the model never takes, before and after (it has the fall-through in place): no change.
  const never = (c: Cond | null) => !!c && isConstCond(c) && !constTruth(c);
  if (ifs.length === 0 && olds.every(never) && news.every(never)) return { ...chain, was: '' };
  if (ifs.length !== 1) return null;
  // The old chain is what the model's test stands for only where each of its tests is that test
  // or one the model never takes. (A bail-out the model lacks would leave the base model reusing
  // where the kernel copied: a rewrite that folds it in would read as a fix.)
  // (Or an `||` of such tests and of tests the scenario says imply it: S8's re-check under the
  // page lock, `page_mapcount(page) != 1 || page_count(page) != 1`, is its count test.)
  const sigM = condSignature(ifs[0].cond);
  const implies = (c: Cond) => !!lc.lexicon.implications?.some((i) => i.from === condSignature(c) && i.to === sigM);
  const standsForM = (c: Cond | null): boolean => never(c) || (!!c && (condSignature(c) === sigM || implies(c)));
  if (!olds.every((c) => standsForM(c) || (c?.op === 'or' && (c as { args: readonly Cond[] }).args.every(standsForM)))) return null;
  // (A test the model never takes drops out; one it always takes makes the whole test true.)
  const live = (news as Cond[]).filter((c) => !isConstCond(c) || constTruth(c));
  const text = chain.newTests.join(' || ');
  const cond: Cond = live.length === 0 ? constCond(text, false) : live.length === 1 ? live[0] : or(text, ...live);
  const target = ifs[0] as { cond: Cond; c: string };
  const was = target.c;
  target.cond = cond;
  target.c = `if (${text})`;
  return { ...chain, was };
}
