/**
 * The mm state a scenario declares: its PTE, the TLBs that cache it (CPU and secondary), the
 * locks, the pages. A scenario lays the bytes out on its own Layout (their order is part of the
 * model's identity) and hands the primitives an `MmState` naming them; the primitives of `mm/`
 * read and write only what the descriptor names, so their footprints are exact by construction.
 */
import type { Layout } from '../model/state.js';

export const NONE = 0;

/** The bits of a page table entry the models can track, one byte each. */
export type PteField = 'pfn' | 'present' | 'write' | 'dirty' | 'uffd_wp' | 'soft_dirty';
export const PTE_FIELDS: readonly PteField[] = ['pfn', 'present', 'write', 'dirty', 'uffd_wp', 'soft_dirty'];

/** The PTE bits one scenario tracks (a model that only asks "is it mapped" keeps `present`). */
export type PteBits = { readonly [F in PteField]?: number };

/** A page table entry with every bit declared. pfn 0 means none. */
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

/** The declared bytes of `bits`, in PTE_FIELDS order. */
export const pteBitVars = (bits: PteBits): number[] => PTE_FIELDS.flatMap((f) => (bits[f] === undefined ? [] : [bits[f]!]));

/** Only `fields` of `pte`: what a model that abstracts the other bits away hands the primitives. */
export function trackedBits(pte: Pte, ...fields: PteField[]): PteBits {
  const out: { [F in PteField]?: number } = {};
  for (const f of fields) out[f] = pte[f];
  return out;
}

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

/**
 * An rw_semaphore (mmap_lock, formerly mmap_sem): `w` holds the writer's actor + 1, `r` a bit
 * per reader.
 */
export interface RwSem {
  readonly w: number;
  readonly r: number;
}

export function declRwSem(L: Layout, name: string): RwSem {
  return { w: L.v(`${name}.writer`, 0), r: L.v(`${name}.readers`, 0) };
}

/**
 * Secondary MMUs attached through mmu notifiers. The two kinds differ in which callbacks they
 * register, and that is what the notifier primitives turn on.
 */
export interface SecondaryMmus {
  /** An IOMMU sharing the page tables (SVA): its IOTLB is invalidated only by ->invalidate_range. */
  readonly iotlb?: Tlb;
  /**
   * KVM: its sPTE is zapped by ->invalidate_range_start, refaults wait while `invalidating`
   * (until ->invalidate_range_end), and ->change_pte updates a present sPTE in place.
   */
  readonly kvm?: { readonly spte: Tlb; readonly invalidating: number };
  /**
   * v6.6 and later: the arch TLB flush itself invalidates secondary TLBs
   * (arch_invalidate_secondary_tlbs), and ->invalidate_range is gone from _range_end.
   */
  readonly archFlushReaches: boolean;
}

/** `mm->tlb_flush_pending`: a counter from v4.13 (16af97dc5a89; a flag before, the S1 switch). */
export interface TlbFlushPending {
  readonly v: number;
  readonly counter: boolean;
}

/** What of the mm a scenario models; every part is optional and the primitives use what is there. */
export interface MmState {
  /** The PTE for the modelled address: the bits the model tracks. */
  readonly pte?: PteBits;
  /** CPU TLBs the architecture's flush reaches. */
  readonly tlbs?: readonly Tlb[];
  readonly secondary?: SecondaryMmus;
  /** The page-table lock of the PTE's table. */
  readonly ptl?: number;
  readonly mmap?: RwSem;
  readonly tlbFlushPending?: TlbFlushPending;
}

/**
 * A page (or folio) the model follows. `refcount` is its reference count; on the put that drops
 * it to 0, `onFree.v` is set to `onFree.value` (a `freed` flag, or an owner going to "free").
 */
export interface Page {
  readonly name: string;
  /** Absent where the model does not count references to this page. */
  readonly refcount?: number;
  readonly onFree?: { readonly v: number; readonly value: number };
  /** 1 while some PTE maps it (rmap), when the model tracks that. */
  readonly mapcount?: number;
  /** PG_locked: 0 free, else the holder's actor number + 1. */
  readonly lock?: number;
}

export function union(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())];
}
