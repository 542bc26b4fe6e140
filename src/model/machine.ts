/**
 * The mm machine: page table entries, TLBs (CPU and secondary), pages, locks, and the kernel
 * primitives over them, each with the semantics the kernel gives it. Scenarios declare the
 * parts they need on a Layout and get step specs back; the primitives are shared so that
 * `ptep_clear_flush` means the same thing in every scenario.
 */
import type { StepSpec } from './code.js';
import type { Layout } from './state.js';
import type { Mem } from './mem.js';

export const NONE = 0;

/** A page table entry. pfn 0 means none; the bits are separate bytes. */
export interface Pte {
  readonly name: string;
  readonly pfn: number;
  readonly present: number;
  readonly write: number;
  readonly dirty: number;
  readonly uffd_wp: number;
  readonly soft_dirty: number;
}

export interface PteInit {
  pfn?: number;
  present?: number;
  write?: number;
  dirty?: number;
  uffd_wp?: number;
  soft_dirty?: number;
}

export function declPte(L: Layout, name: string, init: PteInit = {}): Pte {
  return {
    name,
    pfn: L.v(`${name}.pfn`, init.pfn ?? NONE),
    present: L.v(`${name}.present`, init.present ?? 0, 1),
    write: L.v(`${name}.write`, init.write ?? 0, 1),
    dirty: L.v(`${name}.dirty`, init.dirty ?? 0, 1),
    uffd_wp: L.v(`${name}.uffd_wp`, init.uffd_wp ?? 0, 1),
    soft_dirty: L.v(`${name}.soft_dirty`, init.soft_dirty ?? 0, 1),
  };
}

export const pteVars = (p: Pte): number[] => [p.pfn, p.present, p.write, p.dirty, p.uffd_wp, p.soft_dirty];

/** A one-entry TLB for the scenario's virtual address: a CPU's, an IOMMU's IOTLB or a KVM sPTE. */
export interface Tlb {
  readonly name: string;
  readonly valid: number;
  readonly pfn: number;
  readonly write: number;
}

export function declTlb(L: Layout, name: string, init: { pfn?: number; write?: number } = {}): Tlb {
  const valid = init.pfn ? 1 : 0;
  return {
    name,
    valid: L.v(`${name}.valid`, valid, 1),
    pfn: L.v(`${name}.pfn`, init.pfn ?? NONE),
    write: L.v(`${name}.write`, init.write ?? 0, 1),
  };
}

export const tlbVars = (t: Tlb): number[] => [t.valid, t.pfn, t.write];

export function tlbInvalidate(m: Mem, t: Tlb): void {
  m.set(t.valid, 0);
  m.set(t.pfn, NONE);
  m.set(t.write, 0);
}

/** Hardware page-table walk filling the TLB from a present PTE. */
export function tlbFill(m: Mem, t: Tlb, pte: Pte): boolean {
  if (!m.get(pte.present)) return false;
  m.set(t.valid, 1);
  m.set(t.pfn, m.get(pte.pfn));
  m.set(t.write, m.get(pte.write));
  return true;
}

/** The translation an access would use: the TLB entry, or a walk on a miss (null: it faults). */
export function translate(m: Mem, t: Tlb, pte: Pte, write: boolean): number | null {
  if (m.get(t.valid)) {
    if (write && !m.get(t.write)) return null;
    return m.get(t.pfn);
  }
  if (!m.get(pte.present)) return null;
  if (write && !m.get(pte.write)) return null;
  return m.get(pte.pfn);
}

/** A spinlock (PTL, page lock): 0 free, else the holder's actor number + 1. */
export function spinLock(v: number, holder: number, label = 'lock'): StepSpec {
  return {
    primitive: label,
    guard: (m) => m.get(v) === 0,
    apply: (m) => m.set(v, holder + 1),
    may: { reads: [v], writes: [v] },
    quiet: false,
  };
}

export function spinUnlock(v: number, label = 'unlock'): StepSpec {
  return { primitive: label, apply: (m) => m.set(v, 0), may: { reads: [], writes: [v] } };
}

/**
 * An rw_semaphore (mmap_lock): `w` holds the writer's actor + 1, `r` a bit per reader.
 * Readers wait for no writer; a writer waits for no one.
 */
export interface RwSem {
  readonly w: number;
  readonly r: number;
}

export function declRwSem(L: Layout, name: string): RwSem {
  return { w: L.v(`${name}.writer`, 0), r: L.v(`${name}.readers`, 0) };
}

export function downRead(s: RwSem, actor: number, label: string): StepSpec {
  return {
    primitive: label,
    guard: (m) => m.get(s.w) === 0,
    apply: (m) => m.set(s.r, m.get(s.r) | (1 << actor)),
    may: { reads: [s.w, s.r], writes: [s.r] },
  };
}

export function upRead(s: RwSem, actor: number, label: string): StepSpec {
  return {
    primitive: label,
    apply: (m) => m.set(s.r, m.get(s.r) & ~(1 << actor)),
    may: { reads: [s.r], writes: [s.r] },
  };
}

export function downWrite(s: RwSem, actor: number, label: string): StepSpec {
  return {
    primitive: label,
    guard: (m) => m.get(s.w) === 0 && m.get(s.r) === 0,
    apply: (m) => m.set(s.w, actor + 1),
    may: { reads: [s.w, s.r], writes: [s.w] },
  };
}

export function upWrite(s: RwSem, label: string): StepSpec {
  return { primitive: label, apply: (m) => m.set(s.w, 0), may: { reads: [], writes: [s.w] } };
}

/** A step that changes nothing the model tracks: kept so a patch can be aligned against it. */
export function anchor(primitive = 'nop'): StepSpec {
  return { primitive, may: { reads: [], writes: [] }, quiet: true };
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

export function union(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())];
}
