/**
 * S2's machine state: the VMA and the userfaultfd request, the one PTE, the page-cache page P,
 * the locks, and each actor's locals, laid out once (their order is the model's identity); with
 * the page frames, the VMA configurations T_uffd chooses among, and the helpers the actors share.
 */
import { op, ret, type CondSpec, type Op, type Stmt, type StepSpec } from '../../model/code.js';
import { declPte, declRwSem, pte_offset_map_lock, pte_unmap_unlock, pteVars, type MmState, type Page } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import { Layout } from '../../model/state.js';
import type { Switches } from '../scenario.js';

// Page frames the PTE can map.
export const PG_NONE = 0;
export const PG_P = 1; // the shmem page-cache page
export const PG_C = 2; // the anon page UFFDIO_COPY allocates for a MAP_PRIVATE VMA
export const PG_A = 3; // the anon COW copy the GUP write fault makes

export const MODE_COPY = 1;
export const MODE_CONTINUE = 2;

export const FAULT_WRITE = 1; // VM_FAULT_WRITE
export const FAULT_RETRY = 2; // VM_FAULT_RETRY

export const PAGE_NAME = ['no page', 'page-cache page P', 'anon page C', 'anon COW copy A'];
export const pageName = (pfn: number): string => PAGE_NAME[pfn] ?? `pfn ${pfn}`;

export interface Config {
  readonly mode: number;
  readonly shared: number;
  readonly write: number;
  readonly wp: number;
}

export const CONFIGS: readonly Config[] = [
  { mode: MODE_COPY, shared: 1, write: 0, wp: 0 },
  { mode: MODE_COPY, shared: 1, write: 1, wp: 0 },
  { mode: MODE_COPY, shared: 1, write: 1, wp: 1 },
  { mode: MODE_COPY, shared: 0, write: 0, wp: 0 },
  { mode: MODE_COPY, shared: 0, write: 1, wp: 0 },
  { mode: MODE_COPY, shared: 0, write: 1, wp: 1 },
  { mode: MODE_CONTINUE, shared: 1, write: 0, wp: 0 },
  { mode: MODE_CONTINUE, shared: 1, write: 1, wp: 0 },
  { mode: MODE_CONTINUE, shared: 0, write: 0, wp: 0 },
  { mode: MODE_CONTINUE, shared: 0, write: 1, wp: 0 },
];

/** Counterexample B's configuration: T_gup and T_helper act only here. */
export const isExploitConfig = (c: Config) => c.mode === MODE_CONTINUE && !c.shared && !c.write;

export function configLabel(c: Config): string {
  const ioctl = c.mode === MODE_COPY ? (c.wp ? 'UFFDIO_COPY(UFFDIO_COPY_MODE_WP)' : 'UFFDIO_COPY') : 'UFFDIO_CONTINUE';
  const prot = c.write ? 'PROT_READ|PROT_WRITE' : 'PROT_READ';
  const reg = c.mode === MODE_COPY ? (c.wp ? 'MISSING|WP' : 'MISSING') : 'MINOR';
  const pre = isExploitConfig(c) ? '; page P already mapped R/O by an earlier read' : '';
  return `${ioctl} on shmem mmap(${c.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'}, ${prot}), UFFDIO_REGISTER_MODE_${reg}${pre}`;
}

export const ACTOR_NAMES = ['T_uffd', 'T_reclaim', 'T_mprotect', 'T_gup', 'T_helper'] as const;
export const UFFD = 0;
export const RECLAIM = 1;
export const MPROTECT = 2;
export const GUP = 3;
export const HELPER = 4;

/** `return false` of a modelled predicate: sets its result, leaves the function. */
export const returnFalse = (what: string): Stmt[] => [op(what, 'return false', { value: 0 }), ret('return false')];

/** Declares S2's state for switch values `sw` and the helpers over it. */
export function declareState(sw: Switches) {
  const follCowDirtyRule = sw.foll_cow_dirty_rule !== false;
  const dirtyAcct = sw.dirty_accountable === true;

  const L = new Layout();
  const pc = ACTOR_NAMES.map((a) => L.v(`${a}.pc`));
  // The VMA and the userfaultfd request (chosen by T_uffd's first step).
  const vShared = L.v('vma.VM_SHARED', 0, 1);
  const vWrite = L.v('vma.VM_WRITE', 0, 1);
  const vUffdWp = L.v('vma.VM_UFFD_WP', 0, 1);
  const mode = L.v('uffd.mode', 0, 2);
  const wpCopy = L.v('uffd.wp_copy', 0, 1);
  // The one PTE, and the page-cache page P.
  const pte = declPte(L, 'pte');
  const pCache = L.v('P.in_page_cache', 0, 1);
  const pData = L.v('P.uffdio_data', 0, 1); // holds UFFDIO_COPY data that exists nowhere else
  const pDirty = L.v('P.PageDirty', 0, 1);
  const pLocked = L.v('P.locked', 0);
  const pLru = L.v('P.lru', 0, 1);
  const ptl = L.v('ptl', 0);
  const mmap = declRwSem(L, 'mmap_lock');
  // T_uffd's locals.
  const uPage = L.v('uffd.page', 0, 3);
  const uWritable = L.v('uffd.writable', 0, 1);
  const nWrite = L.v('uffd._dst_pte.write', 0, 1);
  const nDirty = L.v('uffd._dst_pte.dirty', 0, 1);
  const nSoft = L.v('uffd._dst_pte.soft_dirty', 0, 1);
  const nWp = L.v('uffd._dst_pte.uffd_wp', 0, 1);
  // T_reclaim's.
  const rDirty = L.v('reclaim.pteval.dirty', 0, 1);
  // T_mprotect's.
  const mAcct = L.v('mprotect.dirty_accountable', 0, 1);
  const mW = L.v('mprotect.ptent.write', 0, 1);
  const mD = L.v('mprotect.ptent.dirty', 0, 1);
  const mSd = L.v('mprotect.ptent.soft_dirty', 0, 1);
  const mWp = L.v('mprotect.ptent.uffd_wp', 0, 1);
  const mCan = L.v('mprotect.can_change', 0, 1);
  // T_gup's.
  const gPage = L.v('gup.page', 0, 3);
  const gCan = L.v('gup.can_follow', 0, 1);
  const gCow = L.v('gup.FOLL_COW', 0, 1);
  const gRet = L.v('gup.fault_ret', 0, 2);
  const gOrigPfn = L.v('gup.orig_pte.pfn', 0, 3);
  const gOrigDirty = L.v('gup.orig_pte.dirty', 0, 1);
  const gOrigWrite = L.v('gup.orig_pte.write', 0, 1);
  const gEntryWrite = L.v('gup.entry.write', 0, 1);
  // T_helper's.
  const hPfn = L.v('helper.ptent.pfn', 0, 3);
  const hDirty = L.v('helper.ptent.dirty', 0, 1);

  const PTE = pteVars(pte);
  const none: number[] = [];
  const fp = (reads: readonly number[], writes: readonly number[]) => ({ reads, writes });

  // vm_page_prot carries write only for a shared writable VMA that wants no write-notify.
  const protReads = [vShared, vWrite, vUffdWp];
  const vmPageProtWrite = (m: Mem): number => (m.get(vShared) && m.get(vWrite) && !(dirtyAcct || m.get(vUffdWp)) ? 1 : 0);
  const mapsP = (m: Mem) => m.get(pte.present) === 1 && m.get(pte.pfn) === PG_P;
  const isAnon = (pfn: number) => pfn === PG_C || pfn === PG_A;
  const pteText = (m: Mem): string => {
    if (!m.get(pte.present)) return 'pte none';
    const bits = [m.get(pte.write) ? 'writable' : 'R/O'];
    if (m.get(pte.dirty)) bits.push('dirty');
    if (m.get(pte.uffd_wp)) bits.push('uffd-wp');
    return `${bits.join(', ')}, maps ${pageName(m.get(pte.pfn))}`;
  };
  const gate = (s: StepSpec, reads: readonly number[], ok: (m: Mem) => boolean): StepSpec => ({
    ...s,
    guard: (m) => ok(m) && (!s.guard || s.guard(m)),
    may: fp([...reads, ...s.may.reads], s.may.writes),
  });
  const cfgReads = [mode, vShared, vWrite];
  const exploitCfg = (m: Mem) => m.get(mode) === MODE_CONTINUE && !m.get(vShared) && !m.get(vWrite);
  const mprotectCfg = (m: Mem) => m.get(mode) !== 0 && m.get(vShared) === 1;
  const constant = (v: boolean): CondSpec => ({ test: () => v, reads: [] });
  const flag = (v: number): CondSpec => ({ test: (m) => m.get(v) === 1, reads: [v] });
  /** `return true/false` of a modelled predicate: bookkeeping, the `if` that reads it is shown. */
  const setLocal = (v: number, o: Op): StepSpec => ({
    apply: (m) => m.set(v, Number(o.args?.value ?? 0)),
    may: fp(none, [v]),
    quiet: true,
  });
  const mm: MmState = { pte, ptl, mmap };
  const P: Page = { name: 'P', lock: pLocked };
  // The PTL's every spelling (pte_offset_map_lock, page_vma_mapped_walk, spin_lock(vmf->ptl)).
  const ptlLock = (a: number) => pte_offset_map_lock(mm, a, 'spin_lock(ptl)');
  const ptlUnlock = pte_unmap_unlock(mm, 'spin_unlock(ptl)');
  return { follCowDirtyRule, dirtyAcct, L, pc, vShared, vWrite, vUffdWp, mode, wpCopy, pte, pCache, pData, pDirty, pLocked, pLru, ptl, mmap, uPage, uWritable, nWrite, nDirty, nSoft, nWp, rDirty, mAcct, mW, mD, mSd, mWp, mCan, gPage, gCan, gCow, gRet, gOrigPfn, gOrigDirty, gOrigWrite, gEntryWrite, hPfn, hDirty, PTE, none, fp, protReads, vmPageProtWrite, mapsP, isAnon, pteText, gate, cfgReads, exploitCfg, mprotectCfg, constant, flag, setLocal, mm, P, ptlLock, ptlUnlock };
}

export type S2State = ReturnType<typeof declareState>;
