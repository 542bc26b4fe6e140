/**
 * tlbmig: the reference benchmark model (/work/shared/bench/tlbmig.pml) re-expressed exactly as a
 * racebot Model, for the differential check against Spin and for the explorer's benchmark.
 *
 * Page migration of one user page races with NU user threads (private 1-entry TLB, K non-atomic
 * increments of their own word) and ND devices behind an IOMMU (1-entry IOTLB, K DMA
 * read-modify-write increments). Mig: lock PTL; clear PTE; IPIs; wait for acks; invalidate the
 * IOTLBs; unlock; copy; lock; set PTE -> new page; unlock; free old page; check no write was lost.
 *
 * Correspondence with the Promela:
 *   - one actor per Spin process (User i, Dev j, Mig); `init` is not an actor: our initial state
 *     is the state after init's atomic block ran (so we store Spin's count minus one);
 *   - every atomic{} / d_step{} block is one Transition: guard = the block's first statement,
 *     apply = the rest; the looping User/Dev processes are one location with several
 *     alternatives; Mig's sequence is successive locations, its copy loops one location each;
 *   - every global and every local (n, tmp, st, w) is a Layout byte, reset exactly as the .pml
 *     does (tmp = 0 after a store, w = 0 after each loop), so states are identified as in Spin;
 *   - the assertions are `apply` results: 'A1' (access to the freed page), 'A2' (lost write).
 */
import type { Mem } from '../model/mem.js';
import type { Actor, Model, Transition } from '../model/program.js';
import { Layout } from '../model/state.js';
import type { Scenario, Switches } from './scenario.js';

export interface TlbmigConfig {
  /** User threads (CPUs with a private TLB). */
  readonly nu: number;
  /** Devices behind the IOMMU (each with an IOTLB). */
  readonly nd: number;
  /** Increments per writer. */
  readonly k: number;
  /** TLB/IOTLB entries may be dropped at any time. */
  readonly evict: boolean;
  /** 0 correct; 1 copy before unmapping; 2 no IOTLB invalidation; 3 no wait for IPI acks. */
  readonly bug: 0 | 1 | 2 | 3;
}

/** pte_pfn value of a migration entry (not present). */
const NONE = 2;

export function buildTlbmig(cfg: TlbmigConfig): Model {
  const { nu: NU, nd: ND, k: K, evict: EVICT, bug: BUG } = cfg;
  if (!(NU >= 1 && ND >= 0 && NU + ND <= 30 && K >= 1 && K <= 100)) throw new Error(`tlbmig: bad configuration ${JSON.stringify(cfg)}`);
  const NW = NU + ND;
  const L = new Layout();

  // --- globals, in the order of the .pml --------------------------------------------------
  const ptePfn = L.v('pte_pfn', 0, NONE);
  const ptl = L.v('ptl', 0, 1);
  const data = L.arr('data', 2 * NW, 0, K);
  const freed0 = L.v('freed0', 0, 1);
  const tlbPfn = L.arr('tlb_pfn', NU, 0, 1);
  const tlbValid = L.arr('tlb_valid', NU, 0, 1);
  const iotlbPfn = L.arr('iotlb_pfn', ND, 0, 1);
  const iotlbValid = L.arr('iotlb_valid', ND, 0, 1);
  const flushReq = L.arr('flush_req', NU, 0, 1);
  const pending = L.v('pending', 0, NU);
  const fin = L.v('fin', 0, NW);

  // --- processes: their pc and locals (Spin's _p, n, tmp, st; Mig's w) ---------------------
  interface Writer {
    readonly name: string;
    readonly pc: number;
    readonly n: number;
    readonly tmp: number;
    readonly st: number;
    /** Its word on page 0 (page p: word + p*NW). */
    readonly word: number;
    readonly pfn: number;
    readonly valid: number;
  }
  // A User's or Dev's do-loop is one location: their pc never changes (Spin's _p stays at the
  // loop head), so they share one constant pc byte instead of carrying one each.
  const loopPc = L.v('loop.pc', 0, 0);
  const writers: Writer[] = [];
  for (let i = 0; i < NU; i++) {
    writers.push({
      name: `User${i}`,
      pc: loopPc,
      n: L.v(`User${i}.n`, 0, K),
      tmp: L.v(`User${i}.tmp`, 0, K),
      st: L.v(`User${i}.st`, 0, 1),
      word: i,
      pfn: tlbPfn[i],
      valid: tlbValid[i],
    });
  }
  for (let j = 0; j < ND; j++) {
    writers.push({
      name: `Dev${j}`,
      pc: loopPc,
      n: L.v(`Dev${j}.n`, 0, K),
      tmp: L.v(`Dev${j}.tmp`, 0, K),
      st: L.v(`Dev${j}.st`, 0, 1),
      word: NU + j,
      pfn: iotlbPfn[j],
      valid: iotlbValid[j],
    });
  }
  // lock, clear, IPIs, [wait], [IOTLB], unlock, copy loop, lock, set, unlock, free, check, end.
  const migCount = 11 + (BUG !== 3 ? 1 : 0) + (BUG !== 2 ? 1 : 0);
  const migPc = L.v('Mig.pc', 0, migCount - 1);
  const w = L.v('Mig.w', 0, NW);
  const migLocs: Transition[][] = [];
  const at = (): number => migLocs.length;

  // --- User / Dev: one location, the do-loop's alternatives ---------------------------------
  const writerActor = (wr: Writer, user: number | null): Actor => {
    const { pc, n, tmp, st, word, pfn, valid } = wr;
    const wordVars = [data[word], data[NW + word]];
    /** U_CAN / D_CAN: the TLB hits, or the PTE is present so a walk can fill it. */
    const can = (m: Mem): boolean => m.get(valid) !== 0 || m.get(ptePfn) !== NONE;
    /** U_XLATE then NOT_FREED: returns the page, or -1 when it was freed (A1). */
    const xlate = (m: Mem): number => {
      if (m.get(valid) === 0) {
        m.set(pfn, m.get(ptePfn));
        m.set(valid, 1);
      }
      const p = m.get(pfn);
      if (p === 0 && m.get(freed0) !== 0) return -1;
      return p;
    };
    const xlateReads = [valid, ptePfn, pfn, freed0];
    const xlateWrites = [pfn, valid];
    const kind = user === null ? 'DMA' : 'CPU';
    const alts: Transition[] = [];
    if (user !== null) {
      const req = flushReq[user];
      alts.push({
        label: `IPI handler: flush TLB of CPU${user}, ack`,
        primitive: 'flush_tlb_ipi',
        guard: (m) => m.get(req) !== 0,
        apply: (m) => {
          m.set(valid, 0);
          m.set(pfn, 0);
          m.set(req, 0);
          m.set(pending, m.get(pending) - 1);
        },
        next: 0,
        may: { reads: [req, pending], writes: [valid, pfn, req, pending] },
        note: (m) => `TLB flushed, ${m.get(pending)} IPI(s) still pending`,
      });
    }
    if (EVICT) {
      alts.push({
        label: user !== null ? `TLB eviction on CPU${user}` : `IOTLB eviction`,
        primitive: 'tlb_evict',
        guard: (m) => m.get(valid) !== 0,
        apply: (m) => {
          m.set(valid, 0);
          m.set(pfn, 0);
        },
        next: 0,
        may: { reads: [valid], writes: [valid, pfn] },
        note: () => 'entry dropped',
      });
    }
    alts.push({
      label: `tmp = ${user === null ? 'dma_read' : 'load'}(word ${word})`,
      primitive: `${kind} load`,
      guard: (m) => m.get(st) === 0 && m.get(n) < K && can(m),
      apply: (m) => {
        const p = xlate(m);
        if (p < 0) return 'A1';
        m.set(tmp, m.get(data[p * NW + word]));
        m.set(st, 1);
      },
      next: 0,
      may: { reads: [st, n, ...xlateReads, ...wordVars], writes: [...xlateWrites, tmp, st] },
      note: (m) => `read ${m.get(tmp)} from ${pageName(m.get(pfn))}`,
    });
    alts.push({
      label: `${user === null ? 'dma_write' : 'store'}(word ${word}, tmp + 1)`,
      primitive: `${kind} store`,
      guard: (m) => m.get(st) !== 0 && can(m),
      apply: (m) => {
        const p = xlate(m);
        if (p < 0) return 'A1';
        m.set(data[p * NW + word], m.get(tmp) + 1);
        m.set(tmp, 0);
        m.set(st, 0);
        const k = m.get(n) + 1;
        m.set(n, k);
        if (k === K) m.set(fin, m.get(fin) + 1);
      },
      next: 0,
      may: { reads: [st, n, tmp, fin, ...xlateReads], writes: [...xlateWrites, ...wordVars, tmp, st, n, fin] },
      note: (m) => `wrote ${m.get(data[m.get(pfn) * NW + word])} to ${pageName(m.get(pfn))}`,
    });
    return { name: wr.name, pc, locations: [alts], description: `${K} read-modify-write increments of word ${word}` };
  };

  // --- Mig: successive locations ----------------------------------------------------------
  const copyLoop = (): void => {
    const here = at();
    migLocs.push([
      {
        label: 'data[new][w] = data[old][w]; w++',
        primitive: 'copy_page',
        fn: 'migrate_folio',
        guard: (m) => m.get(w) < NW,
        apply: (m) => {
          const x = m.get(w);
          m.set(data[NW + x], m.get(data[x]));
          m.set(w, x + 1);
        },
        next: here,
        may: { reads: [w, ...data.slice(0, NW)], writes: [w, ...data.slice(NW)] },
        note: (m) => `word ${m.get(w) - 1} copied`,
      },
      {
        label: 'copy done',
        primitive: 'copy_page',
        fn: 'migrate_folio',
        guard: (m) => m.get(w) === NW,
        apply: (m) => m.set(w, 0),
        next: here + 1,
        may: { reads: [w], writes: [w] },
        quiet: true,
      },
    ]);
  };
  const step = (t: Omit<Transition, 'next'>): void => {
    migLocs.push([{ ...t, next: at() + 1 }]);
  };
  const lock = (label: string): void =>
    step({
      label,
      primitive: 'spin_lock',
      guard: (m) => m.get(ptl) === 0,
      apply: (m) => m.set(ptl, 1),
      may: { reads: [ptl], writes: [ptl] },
      quiet: true,
    });
  const unlock = (label: string): void =>
    step({ label, primitive: 'spin_unlock', apply: (m) => m.set(ptl, 0), may: { reads: [], writes: [ptl] }, quiet: true });

  if (BUG === 1) copyLoop();
  lock('spin_lock(ptl)');
  step({
    label: 'ptep_clear: pte = migration entry',
    primitive: 'ptep_clear',
    apply: (m) => m.set(ptePfn, NONE),
    may: { reads: [], writes: [ptePfn] },
    note: () => 'pte not present',
  });
  step({
    label: 'flush_tlb_mm: send IPIs',
    primitive: 'flush_tlb_ipi',
    apply: (m) => {
      m.set(w, 0);
      for (let i = 0; i < NU; i++) {
        m.set(flushReq[i], 1);
        m.set(pending, m.get(pending) + 1);
      }
      m.set(w, 0);
    },
    may: { reads: [pending], writes: [w, pending, ...flushReq] },
    note: (m) => `${m.get(pending)} IPI(s) pending`,
  });
  if (BUG !== 3) {
    step({
      label: 'wait for all IPI acks',
      primitive: 'flush_tlb_wait',
      guard: (m) => m.get(pending) === 0,
      may: { reads: [pending], writes: [] },
      note: () => 'every CPU flushed its TLB',
    });
  }
  if (BUG !== 2) {
    step({
      label: 'mmu_notifier: invalidate IOTLBs',
      primitive: 'mmu_notifier_invalidate_range',
      apply: (m) => {
        m.set(w, 0);
        for (let j = 0; j < ND; j++) {
          m.set(iotlbValid[j], 0);
          m.set(iotlbPfn[j], 0);
        }
        m.set(w, 0);
      },
      may: { reads: [], writes: [w, ...iotlbValid, ...iotlbPfn] },
      note: () => 'IOTLBs invalidated',
    });
  }
  unlock('spin_unlock(ptl)');
  if (BUG !== 1) copyLoop();
  lock('spin_lock(ptl)');
  step({
    label: 'set_pte: pte -> new page',
    primitive: 'set_pte_at',
    apply: (m) => m.set(ptePfn, 1),
    may: { reads: [], writes: [ptePfn] },
    note: () => 'pte maps the new page',
  });
  unlock('spin_unlock(ptl)');
  step({
    label: 'put_page(old)',
    primitive: 'put_page',
    apply: (m) => m.set(freed0, 1),
    may: { reads: [], writes: [freed0] },
    note: () => 'old page freed',
  });
  step({
    label: 'wait for all writers; check every word == K',
    primitive: 'check',
    guard: (m) => m.get(fin) === NW,
    apply: (m) => {
      m.set(w, 0);
      const base = m.get(ptePfn) * NW;
      for (let x = 0; x < NW; x++) {
        if (m.get(data[base + x]) !== K) return 'A2';
        m.set(w, x + 1);
      }
      m.set(w, 0);
    },
    // pte_pfn is 1 whenever Mig is here (only Mig writes it, and it set it to 1 above), but the
    // index is computed from it: declare both pages.
    may: { reads: [fin, ptePfn, w, ...data], writes: [w] },
    note: () => `every word == ${K}`,
  });
  migLocs.push([]); // end: false
  if (migLocs.length !== migCount) throw new Error('tlbmig: Mig pc range');

  const actors: Actor[] = [];
  for (let i = 0; i < NU; i++) actors.push(writerActor(writers[i], i));
  for (let j = 0; j < ND; j++) actors.push(writerActor(writers[NU + j], null));
  actors.push({ name: 'Mig', pc: migPc, locations: migLocs, description: 'page migration' });

  return {
    name: `tlbmig NU=${NU} ND=${ND} K=${K} EVICT=${EVICT ? 1 : 0} BUG=${BUG}`,
    layout: L,
    actors,
    invariants: [],
    held: (m, a) => (a === actors.length - 1 && m.get(ptl) !== 0 ? ['PTL'] : []),
    describe: (v, value) => {
      if (v === ptePfn || tlbPfn.includes(v) || iotlbPfn.includes(v)) return pageName(value);
      return String(value);
    },
  };
}

function pageName(p: number): string {
  return p === 0 ? 'old page' : p === 1 ? 'new page' : 'none';
}

const SMALL = ['1', '2', '3', '4'] as const;

/** Switches -> configuration (numbers are given as strings; a CLI may turn '0'/'1' into booleans). */
export function tlbmigConfig(sw: Switches): TlbmigConfig {
  const num = (name: string, dflt: number): number => {
    const v = sw[name];
    if (v === undefined) return dflt;
    if (v === true) return 1;
    if (v === false) return 0;
    const x = Number(v);
    if (!Number.isInteger(x)) throw new Error(`tlbmig: switch ${name} must be a number, not ${String(v)}`);
    return x;
  };
  const bug = num('bug', 0);
  if (bug !== 0 && bug !== 1 && bug !== 2 && bug !== 3) throw new Error(`tlbmig: bug must be 0..3, not ${bug}`);
  const evict = sw.evict;
  return {
    nu: num('nu', 1),
    nd: num('nd', 1),
    k: num('k', 3),
    evict: evict === true || evict === '1' || evict === 'true',
    bug,
  };
}

const BUGS = [
  { title: 'correct ordering: unmap, flush and wait, invalidate IOTLB, copy, remap, free', expected: 'safe' as const, invariants: [] },
  { title: 'BUG=1: copy before unmapping/flushing (lost write)', expected: 'race' as const, invariants: ['A2'] },
  { title: 'BUG=2: no IOTLB invalidation (DMA to the freed page)', expected: 'race' as const, invariants: ['A1'] },
  { title: 'BUG=3: do not wait for IPI acks (stale TLB)', expected: 'race' as const, invariants: ['A1', 'A2'] },
];

export const tlbmigScenario: Scenario = {
  id: 'tlbmig',
  name: 'tlb-migration benchmark',
  // A benchmark model, not a kernel patch target: no spellings of its own.
  lexicon: { stmtRules: [], condRules: [], constants: {} },
  question: 'Can a write through a stale TLB/IOTLB entry be lost, or reach the freed page, while a page migrates?',
  actors: ['User i (CPU with a TLB)', 'Dev j (DMA through an IOTLB)', 'Mig (page migration)'],
  switches: [
    { name: 'nu', values: [...SMALL], default: '1', doc: 'user threads (CPUs with a private TLB)' },
    { name: 'nd', values: ['0', ...SMALL], default: '1', doc: 'devices behind the IOMMU' },
    { name: 'k', values: [...SMALL], default: '3', doc: 'increments per writer' },
    { name: 'evict', values: [false, true], default: false, doc: 'TLB/IOTLB entries may be dropped at any time' },
    { name: 'bug', values: ['0', '1', '2', '3'], default: '0', doc: 'planted race (tlbmig.pml BUG=n)' },
  ],
  invariants: [
    { id: 'A1', text: 'no access (CPU or DMA) to a freed page' },
    { id: 'A2', text: 'after everything, every word of the mapped page == K (no lost write)' },
  ],
  functions: [],
  baseline: {},
  baselineVariant: 'tlbmig.bug0',
  variants: BUGS.map((b, i) => ({
    id: `tlbmig.bug${i}`,
    title: b.title,
    source: '/work/shared/bench/tlbmig.pml',
    expected: b.expected,
    invariants: b.invariants,
    switches: { bug: String(i) },
    code: (c) => c,
  })),
  build: (_code, sw) => buildTlbmig(tlbmigConfig(sw)),
};
