/**
 * Locks: spinlocks (the PTL), the mmap rw_semaphore, the page lock. A lock byte holds its
 * holder's actor number + 1, so a diagram can say who holds what; an rw_semaphore keeps the
 * writer that way and one bit per reader. Readers wait for no writer; a writer for no one.
 */
import type { StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';
import type { MmState, Page, RwSem } from './state.js';
import { stepSpec, worded, type Wording } from './step.js';

/** spin_lock(): waits until free, then holds it. */
export function spin_lock(v: number, actor: number, spelling = 'spin_lock'): StepSpec {
  return stepSpec({
    primitive: spelling,
    guard: (m) => m.get(v) === 0,
    apply: (m) => m.set(v, actor + 1),
    may: { reads: [v], writes: [v] },
    quiet: false,
  });
}

export function spin_unlock(v: number, spelling = 'spin_unlock'): StepSpec {
  return stepSpec({ primitive: spelling, apply: (m) => m.set(v, 0), may: { reads: [], writes: [v] } });
}

function ptlOf(mm: MmState): number {
  if (mm.ptl === undefined) throw new Error('the scenario declares no PTL');
  return mm.ptl;
}

function mmapOf(mm: MmState): RwSem {
  if (!mm.mmap) throw new Error('the scenario declares no mmap_lock');
  return mm.mmap;
}

/**
 * Takes the PTL of the PTE's table. Every path that takes it (pte_offset_map_lock,
 * page_vma_mapped_walk, a bare spin_lock(vmf->ptl)) is this one step; `spelling` is the one
 * the trace shows.
 */
export function pte_offset_map_lock(mm: MmState, actor: number, spelling = 'pte_offset_map_lock', w: Wording = {}): StepSpec {
  return worded(spin_lock(ptlOf(mm), actor, spelling), w);
}

export function pte_unmap_unlock(mm: MmState, spelling = 'pte_unmap_unlock'): StepSpec {
  return spin_unlock(ptlOf(mm), spelling);
}

export function mmap_read_lock(mm: MmState, actor: number, spelling = 'mmap_read_lock'): StepSpec {
  const s = mmapOf(mm);
  return stepSpec({
    primitive: spelling,
    guard: (m) => m.get(s.w) === 0,
    apply: (m) => m.set(s.r, m.get(s.r) | (1 << actor)),
    may: { reads: [s.w, s.r], writes: [s.r] },
  });
}

export function mmap_read_unlock(mm: MmState, actor: number, spelling = 'mmap_read_unlock'): StepSpec {
  const s = mmapOf(mm);
  return stepSpec({
    primitive: spelling,
    apply: (m) => m.set(s.r, m.get(s.r) & ~(1 << actor)),
    may: { reads: [s.r], writes: [s.r] },
  });
}

export function mmap_write_lock(mm: MmState, actor: number, spelling = 'mmap_write_lock'): StepSpec {
  const s = mmapOf(mm);
  return stepSpec({
    primitive: spelling,
    guard: (m) => m.get(s.w) === 0 && m.get(s.r) === 0,
    apply: (m) => m.set(s.w, actor + 1),
    may: { reads: [s.w, s.r], writes: [s.w] },
  });
}

export function mmap_write_unlock(mm: MmState, spelling = 'mmap_write_unlock'): StepSpec {
  const s = mmapOf(mm);
  return stepSpec({ primitive: spelling, apply: (m) => m.set(s.w, 0), may: { reads: [], writes: [s.w] } });
}

function lockOf(page: Page): number {
  if (page.lock === undefined) throw new Error(`${page.name}: the scenario declares no page lock`);
  return page.lock;
}

/** lock_page() / folio_lock(): sleeps until PG_locked is clear, then sets it. */
export function lock_page(page: Page, actor: number, spelling = 'lock_page'): StepSpec {
  return spin_lock(lockOf(page), actor, spelling);
}

/** trylock_page() that succeeds: the caller's path past a failed trylock is not modelled. */
export function trylock_page(page: Page, actor: number): StepSpec {
  const v = lockOf(page);
  return stepSpec({ primitive: 'trylock_page', guard: (m) => m.get(v) === 0, apply: (m) => m.set(v, actor + 1), may: { reads: [v], writes: [v] } });
}

/** __SetPageLocked() on a page nobody else can see yet: no wait, non-atomic. */
export function __SetPageLocked(page: Page, actor: number): StepSpec {
  const v = lockOf(page);
  return stepSpec({ primitive: 'lock_page', apply: (m) => m.set(v, actor + 1), may: { reads: [], writes: [v] } });
}

export function unlock_page(page: Page, spelling = 'unlock_page'): StepSpec {
  return spin_unlock(lockOf(page), spelling);
}

/** Names of the locks an actor holds, for the column diagram. */
export function heldLocks(
  m: Mem,
  actor: number,
  spins: readonly { name: string; v: number }[],
  sems: readonly { name: string; s: RwSem }[],
): string[] {
  const out: string[] = [];
  for (const l of spins) if (m.get(l.v) === actor + 1) out.push(l.name);
  for (const l of sems) {
    if (m.get(l.s.w) === actor + 1) out.push(`${l.name}(w)`);
    if ((m.get(l.s.r) >> actor) & 1) out.push(`${l.name}(r)`);
  }
  return out;
}
