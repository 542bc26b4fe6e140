/**
 * PTE updates. Clearing zeroes every bit the scenario tracks; the `_flush` forms add the arch TLB
 * flush, the `_notify` forms the secondary-TLB callback (->invalidate_range) after it, and
 * set_pte_at_notify runs KVM's ->change_pte before the store. A new entry is given bit by bit,
 * each a constant or the byte a local `pte_t` lives in, so the footprint is read off the entry.
 */
import type { CondSpec, StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';
import { PTE_FIELDS, pteBitVars, type MmState, type PteBits, type PteField } from './state.js';
import { derived } from './derived.js';
import { flushArchTlbs } from './tlb.js';
import { invalidateSecondaryTlbs } from './notifier.js';
import { worded, type Wording } from './step.js';

function pteOf(mm: MmState): PteBits {
  if (!mm.pte) throw new Error('the scenario declares no PTE');
  return mm.pte;
}

function bit(mm: MmState, f: PteField): number {
  const v = pteOf(mm)[f];
  if (v === undefined) throw new Error(`the scenario's PTE has no ${f} bit`);
  return v;
}

/** Sets every byte of `vars` to 0 (a cleared PTE bit, an invalidated TLB entry's fields). */
export function zero(m: Mem, vars: readonly number[]): void {
  for (let i = 0; i < vars.length; i++) m.set(vars[i], 0);
}

/** Copies of the PTE's bits into the caller's bytes (`into[f]` gets bit f). */
function saves(mm: MmState, into: PteBits): { from: number; to: number }[] {
  return PTE_FIELDS.filter((f) => into[f] !== undefined).map((f) => ({ from: bit(mm, f), to: into[f]! }));
}

/** pte_clear() on the tracked bits, as an effect other primitives reuse. */
export function clearPte(mm: MmState): { apply: (m: Mem) => void; writes: number[] } {
  return derived(mm, 'clearPte', () => {
    const vars = pteBitVars(pteOf(mm));
    return { apply: (m: Mem) => zero(m, vars), writes: vars };
  });
}

/**
 * The PTE cleared, then the arch TLB flush (every CPU; from v6.6 the IOMMU's too). The bits of
 * the old entry named in `pteval` are kept in those bytes (the value the kernel returns).
 */
export function ptep_clear_flush(mm: MmState, opts: { readonly pteval?: PteBits } & Wording = {}): StepSpec {
  const { pteval, ...w } = opts;
  const saved = saves(mm, pteval ?? {});
  const cleared = [...clearPte(mm).writes, ...flushArchTlbs(mm).writes];
  return worded(
    {
      primitive: 'ptep_clear_flush',
      apply: saved.length
        ? (m) => {
            for (const s of saved) m.set(s.to, m.get(s.from));
            zero(m, cleared);
          }
        : (m) => zero(m, cleared),
      may: { reads: saved.map((s) => s.from), writes: [...saved.map((s) => s.to), ...cleared] },
    },
    w,
  );
}

/** ptep_clear_flush() followed by mmu_notifier_invalidate_range(), under the PTL. */
export function ptep_clear_flush_notify(mm: MmState, w: Wording = {}): StepSpec {
  const cleared = [...clearPte(mm).writes, ...flushArchTlbs(mm).writes, ...invalidateSecondaryTlbs(mm).writes];
  return worded({ primitive: 'ptep_clear_flush_notify', apply: (m) => zero(m, cleared), may: { reads: [], writes: cleared } }, w);
}

/**
 * ptep_get_and_clear(): the old entry's bits named in `into` are kept in those bytes (the
 * caller's `ptent`), and the PTE is cleared. No TLB flush: the caller batches it.
 */
export function ptep_get_and_clear(mm: MmState, into: PteBits, w: Wording = {}): StepSpec {
  const clear = clearPte(mm);
  const saved = saves(mm, into);
  return worded(
    {
      primitive: 'ptep_get_and_clear',
      apply: (m) => {
        for (const s of saved) m.set(s.to, m.get(s.from));
        clear.apply(m);
      },
      may: { reads: saved.map((s) => s.from), writes: [...saved.map((s) => s.to), ...clear.writes] },
    },
    w,
  );
}

/** One bit of a new entry: a constant, or the byte a local `pte_t` keeps it in. */
export type PteValue = number | { readonly from: number };
export type PteEntry = { readonly [F in PteField]?: PteValue };

const valueOf = (m: Mem, x: PteValue): number => (typeof x === 'number' ? x : m.get(x.from));

/**
 * set_pte_at(): the entry's bits stored into the PTE. With `notify` (set_pte_at_notify, before
 * v6.6), KVM's ->change_pte first points a present sPTE at the new page, read-only.
 */
export function set_pte_at(mm: MmState, entry: PteEntry, opts: { readonly notify?: boolean } & Wording = {}): StepSpec {
  const fields = PTE_FIELDS.filter((f) => entry[f] !== undefined);
  const consts = fields.filter((f) => typeof entry[f] === 'number').map((f) => ({ v: bit(mm, f), x: entry[f] as number }));
  const copies = fields.filter((f) => typeof entry[f] !== 'number').map((f) => ({ v: bit(mm, f), from: (entry[f] as { from: number }).from }));
  const kvm = opts.notify ? mm.secondary?.kvm : undefined;
  const pfn = entry.pfn;
  if (kvm && pfn === undefined) throw new Error('set_pte_at_notify needs the new pfn for ->change_pte');
  const { notify, ...w } = opts;
  const store = (m: Mem) => {
    for (const c of copies) m.set(c.v, m.get(c.from));
    for (const c of consts) m.set(c.v, c.x);
  };
  return worded(
    {
      primitive: notify ? 'set_pte_at_notify' : 'set_pte_at',
      apply: kvm
        ? (m) => {
            if (m.get(kvm.spte.valid)) {
              m.set(kvm.spte.pfn, valueOf(m, pfn!));
              m.set(kvm.spte.write, 0);
            }
            store(m);
          }
        : store,
      may: {
        reads: [...(kvm ? [kvm.spte.valid] : []), ...copies.map((c) => c.from)],
        writes: [...fields.map((f) => bit(mm, f)), ...(kvm ? [kvm.spte.pfn, kvm.spte.write] : [])],
      },
    },
    w,
  );
}

export function pte_present(mm: MmState): CondSpec {
  const v = bit(mm, 'present');
  return { test: (m) => m.get(v) === 1, reads: [v] };
}

export function pte_none(mm: MmState): CondSpec {
  const v = bit(mm, 'present');
  return { test: (m) => m.get(v) === 0, reads: [v] };
}

/**
 * ptep_modify_prot_start(): the old entry's bits named in `into` are read into the caller's
 * `oldpte`/`ptent` bytes. The PTE keeps its value in the model; the window up to the commit is
 * what the scenarios explore.
 */
export function ptep_modify_prot_start(mm: MmState, into: PteBits, w: Wording = {}): StepSpec {
  const copies = saves(mm, into);
  return worded(
    {
      primitive: 'ptep_modify_prot_start',
      apply: (m) => {
        for (const c of copies) m.set(c.to, m.get(c.from));
      },
      may: { reads: copies.map((c) => c.from), writes: copies.map((c) => c.to) },
    },
    w,
  );
}

/** ptep_modify_prot_commit(): the new entry's bits stored into the PTE (no flush: the caller owes it). */
export function ptep_modify_prot_commit(mm: MmState, entry: PteEntry, w: Wording = {}): StepSpec {
  return worded(set_pte_at(mm, entry), { primitive: 'ptep_modify_prot_commit', ...w });
}

// --- a pte_t value in a local (`ptent`, `_dst_pte`, `entry`): its bits are the caller's bytes ---

function setBits(ptent: PteBits, primitive: string, bits: PteEntry, w: Wording): StepSpec {
  const sets = PTE_FIELDS.filter((f) => bits[f] !== undefined && ptent[f] !== undefined).map((f) => ({ v: ptent[f]!, x: bits[f] as number }));
  if (sets.length === 0) throw new Error(`${primitive}: the local pte_t tracks none of ${Object.keys(bits).join(', ')}`);
  return worded(
    {
      primitive,
      apply: (m) => {
        for (const s of sets) m.set(s.v, s.x);
      },
      may: { reads: [], writes: sets.map((s) => s.v) },
    },
    w,
  );
}

export const pte_mkwrite = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_mkwrite', { write: 1 }, w);
export const pte_wrprotect = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_wrprotect', { write: 0 }, w);
/** pte_mkdirty() also marks the entry soft-dirty (x86), where the model tracks that bit. */
export const pte_mkdirty = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_mkdirty', { dirty: 1, soft_dirty: 1 }, w);
/** `pte_mkwrite(pte_mkdirty(x))`, one line in kernels before 5.7's userfaultfd.c: both bits at once. */
export const pte_mkwrite_mkdirty = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_mkwrite', { write: 1, dirty: 1, soft_dirty: 1 }, w);
export const pte_mkuffd_wp = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_mkuffd_wp', { uffd_wp: 1 }, w);
export const pte_clear_uffd_wp = (ptent: PteBits, w: Wording = {}): StepSpec => setBits(ptent, 'pte_clear_uffd_wp', { uffd_wp: 0 }, w);

function testBit(pte: PteBits, f: PteField): CondSpec {
  const v = pte[f];
  if (v === undefined) throw new Error(`the pte_t has no ${f} bit`);
  return { test: (m) => m.get(v) === 1, reads: [v] };
}

/** Tests of a PTE or of a local pte_t value. */
export const pte_write = (pte: PteBits): CondSpec => testBit(pte, 'write');
export const pte_dirty = (pte: PteBits): CondSpec => testBit(pte, 'dirty');
export const pte_soft_dirty = (pte: PteBits): CondSpec => testBit(pte, 'soft_dirty');
export const pte_uffd_wp = (pte: PteBits): CondSpec => testBit(pte, 'uffd_wp');
