/**
 * S4's model: memory, CPU0's D-cache, both CPUs' I-caches and the PG_dcache_dirty mark; K and U
 * over them, U forked onto either CPU at each return to user mode.
 */
import { compileActor, type CondSpec, type KernelCode, type Op, type Semantics, type StepSpec } from '../../model/code.js';
import { anchor, declRwSem, heldLocks, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, pte_offset_map_lock, pte_none, pte_present, pte_unmap_unlock, set_pte_at, type MmState } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model, Transition } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { INVARIANTS } from './invariants.js';
import type { Switches } from '../scenario.js';
import { INVALID, STALE, NEW, CLEAN, DIRTY, HIT, MISS, SLOTS, CPUS, INSN, RUN_ON_CPU } from './code.js';

export interface S4Options {
  /** I-cache lines of the XOL page start valid with the recycled page's old contents (default true). */
  readonly staleIcache?: boolean;
}

export function buildS4(code: KernelCode, sw: Switches, opts: S4Options = {}): Model {
  // Asserted by a step (a fetch of stale bytes).
  const staleFetch = INVARIANTS.id('I4.1');
  const coherent = sw.icache_coherent === true;
  const icInit = opts.staleIcache === false ? INVALID : STALE;
  const L = new Layout();
  const kPc = L.v('K.pc');
  const uPc = L.v('U.pc');
  const published = L.v('mm->uprobes_state.xol_area', 0, 1);
  const bitmap = L.v('area->bitmap', 0, 3);
  const slotCount = L.v('area->slot_count', 0, 2);
  const kSlot = L.v('K.slot_nr', 0, 1); // the slot K's `vaddr` argument names (0 until xol_take_insn_slot)
  const kmap = L.v('K.kmap', 0, 1);
  const xolVaddr = L.v('utask->xol_vaddr', 0, 1);
  const mem = L.arr('mem.slot', 2, STALE, NEW);
  const dc = L.arr('dcache.cpu0.slot', 2, CLEAN, DIRTY);
  const ic = CPUS.map((c) => L.arr(`icache.cpu${c}.slot`, 2, icInit, NEW));
  const pgDcacheDirty = L.v('PG_dcache_dirty', 0, 1);
  const ptePresent = L.v('pte.present', 0, 1);
  const ptl = L.v('ptl', 0, 2);
  const mmap = declRwSem(L, 'mmap_sem');
  const uCpu = L.v('U.cpu', 0, 1);
  const got = L.arr('U.fetched.slot', 2, INVALID, NEW);
  const how = L.v('U.how', 0, MISS);

  // The XOL page's PTE is modelled by whether it is present.
  const mm: MmState = { pte: { present: ptePresent }, ptl, mmap };
  const allIc = [...ic[0], ...ic[1]];
  const lineName = (v: number, slot: number) => (v === INVALID ? 'invalid' : v === STALE ? 'stale' : INSN[slot]);
  const memText = (m: Mem, slot: number) => (m.get(mem[slot]) === NEW ? `memory = ${INSN[slot]}` : 'memory still stale');
  const icText = (m: Mem, slot: number) => CPUS.map((c) => `CPU${c} ${lineName(m.get(ic[c][slot]), slot)}`).join(', ');

  // --- K's primitives ------------------------------------------------------------------------
  const quiet = (primitive: string, reads: number[] = [], writes: number[] = []): StepSpec => ({ primitive, may: { reads, writes }, quiet: true });

  const memcpy: StepSpec = {
    primitive: 'memcpy',
    apply: (m) => {
      const s = m.get(kSlot);
      if (coherent) {
        // x86: the store is visible to instruction fetch; snooping drops every I-cache copy.
        m.set(mem[s], NEW);
        m.set(dc[s], CLEAN);
        for (const c of CPUS) m.set(ic[c][s], INVALID);
      } else {
        m.set(dc[s], DIRTY);
      }
    },
    may: { reads: [kSlot], writes: [...mem, ...dc, ...allIc] },
    note: (m) => {
      const s = m.get(kSlot);
      return coherent
        ? `${INSN[s]} stored to slot ${s}: coherent, memory updated and every I-cache copy invalidated`
        : `${INSN[s]} sits dirty in CPU0's D-cache; ${memText(m, s)}`;
    },
  };

  /** Write back slot `s` from CPU0's D-cache if dirty. */
  const writeback = (m: Mem, s: number) => {
    if (m.get(dc[s]) === DIRTY) {
      m.set(mem[s], NEW);
      m.set(dc[s], CLEAN);
    }
  };

  const flushIcacheRange = (cpus: readonly number[]): StepSpec => ({
    primitive: cpus.length === 2 ? 'flush_icache_range' : 'local_flush_icache_range',
    apply: (m) => {
      const s = m.get(kSlot);
      writeback(m, s);
      for (const c of cpus) m.set(ic[c][s], INVALID);
    },
    may: { reads: [kSlot, ...dc], writes: [...mem, ...dc, ...cpus.flatMap((c) => ic[c])] },
    note: (m) => {
      const s = m.get(kSlot);
      const wb = m.get(mem[s]) === NEW ? `D-cache written back (memory = ${INSN[s]})` : 'nothing dirty to write back: memory still stale';
      return cpus.length === 2
        ? `${wb}; slot-${s} I-cache lines invalidated on CPU0 and CPU1`
        : `${wb}; slot-${s} I-cache line invalidated on CPU0 only (CPU1: ${lineName(m.get(ic[1][s]), s)})`;
    },
  });

  const kStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'kmalloc':
      case 'kzalloc':
      case 'smp_wmb':
      case 'kstart':
      case 'slot_addr':
        return anchor(o.op);
      case 'read_xol_area':
        return quiet('read', [published]);
      case 'alloc_page':
        return {
          primitive: 'alloc_page',
          may: { reads: [], writes: [] },
          note: () =>
            icInit === STALE
              ? 'a recycled page, not zeroed: memory and both CPUs\' I-caches still hold its old contents'
              : 'a recycled page, not zeroed: memory holds its old contents',
        };
      case 'set_bit':
        return { ...quiet('set_bit', [bitmap], [bitmap]), apply: (m) => m.set(bitmap, m.get(bitmap) | 1) };
      case 'atomic_set':
        return { ...quiet('atomic_set', [], [slotCount]), apply: (m) => m.set(slotCount, 1) };
      case 'kmap_atomic':
        return { primitive: 'kmap_atomic', apply: (m) => m.set(kmap, 1), may: { reads: [], writes: [kmap] }, note: () => 'page mapped at a kernel address' };
      case 'kunmap_atomic':
        return { primitive: 'kunmap_atomic', apply: (m) => m.set(kmap, 0), may: { reads: [], writes: [kmap] } };
      case 'memcpy':
        return memcpy;
      case 'flush_icache_range':
        return flushIcacheRange(CPUS);
      case 'local_flush_icache_range':
        return flushIcacheRange([0]);
      case 'flush_dcache_page':
        // MIPS, no D-cache aliases: `else if (!cpu_has_ic_fills_f_dc) SetPageDcacheDirty(page)`.
        return {
          primitive: 'flush_dcache_page',
          apply: (m) => m.set(pgDcacheDirty, 1),
          may: { reads: [], writes: [pgDcacheDirty] },
          note: (m) => `PG_dcache_dirty set: D-cache writeback deferred until set_pte_at maps the page; I-cache untouched; ${memText(m, m.get(kSlot))}`,
        };
      case 'down_write_killable':
        return mmap_write_lock(mm, 0, 'down_write');
      case 'up_write':
        return mmap_write_unlock(mm, 'up_write');
      case '_install_special_mapping':
        return { primitive: 'install_special_mapping', may: { reads: [], writes: [] }, note: () => '[uprobes] VMA (VM_EXEC) installed; no PTE: mapped on the first fault' };
      case 'publish_xol_area':
        return {
          primitive: 'publish',
          apply: (m) => m.set(published, 1),
          may: { reads: [], writes: [published] },
          note: (m) => `xol_area published: the trampoline is usable (slot 0: ${memText(m, 0)}; I-cache ${icText(m, 0)})`,
        };
      case 'arch_uretprobe_hijack_return_addr':
        return { primitive: 'hijack return address', may: { reads: [], writes: [] }, note: () => 'return address = trampoline (slot 0)' };
      case 'find_first_zero_bit':
        return {
          ...quiet('find_first_zero_bit', [bitmap], [kSlot]),
          apply: (m) => m.set(kSlot, (m.get(bitmap) & 1) === 0 ? 0 : 1),
        };
      case 'find_and_set_bit':
        return {
          ...quiet('find_and_set_bit', [bitmap], [kSlot, bitmap]),
          apply: (m) => {
            const slot = (m.get(bitmap) & 1) === 0 ? 0 : 1;
            m.set(kSlot, slot);
            m.set(bitmap, m.get(bitmap) | (1 << slot));
          },
        };
      case 'test_and_set_bit':
        return { ...quiet('test_and_set_bit', [bitmap, kSlot], [bitmap]), apply: (m) => m.set(bitmap, m.get(bitmap) | (1 << m.get(kSlot))) };
      case 'atomic_inc':
        return { ...quiet('atomic_inc', [slotCount], [slotCount]), apply: (m) => m.set(slotCount, Math.min(2, m.get(slotCount) + 1)) };
      case 'set_utask_xol_vaddr':
        return {
          primitive: 'utask->xol_vaddr',
          apply: (m) => m.set(xolVaddr, 1),
          may: { reads: [], writes: [xolVaddr] },
          note: (m) => `slot 1 ready for the single-step (${memText(m, 1)}; I-cache ${icText(m, 1)})`,
        };
      default:
        return null;
    }
  };
  const kCond = (o: Op): CondSpec | null => {
    if (o.op === 'xol_area') return { test: (m) => m.get(published) === 1, reads: [published] };
    // The slot already holds the probe's instruction, as CPU0 reads it (its D-cache, else
    // memory): a copy that compares before it writes (arm64, 2024 posting) sees this.
    if (o.op === 'slot_holds_insn') {
      return { test: (m) => { const s = m.get(kSlot); return m.get(dc[s]) === DIRTY || m.get(mem[s]) === NEW; }, reads: [kSlot, ...dc, ...mem] };
    }
    return null;
  };

  // --- U's primitives ------------------------------------------------------------------------
  const uStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'run_trampoline':
        // U may only run once the area is installed and published (xol_add_vma).
        return { primitive: RUN_ON_CPU, guard: (m) => m.get(published) === 1, may: { reads: [published], writes: [uCpu] } };
      case 'run_xol':
        return { primitive: RUN_ON_CPU, guard: (m) => m.get(xolVaddr) === 1, may: { reads: [xolVaddr], writes: [uCpu] } };
      // The model runs sequentially consistent: every step is ordered, so a barrier adds nothing.
      case 'smp_wmb':
        return anchor('smp_wmb');
      case 'down_read':
        return mmap_read_lock(mm, 1, 'down_read');
      case 'up_read':
        return mmap_read_unlock(mm, 1, 'up_read');
      case 'special_mapping_fault':
        return { primitive: 'special_mapping_fault', may: { reads: [], writes: [] }, note: () => 'vmf->page = area->pages[0]' };
      case 'pte_alloc_one_map':
      case 'pte_offset_map_lock':
        return pte_offset_map_lock(mm, 1, 'pte_offset_map_lock', { note: () => 'PTE mapped and locked' });
      case 'pte_unmap_unlock':
        return pte_unmap_unlock(mm);
      case 'flush_icache_page':
        return { primitive: 'flush_icache_page', may: { reads: [], writes: [] }, note: () => 'empty on MIPS: no D-cache writeback, no I-cache invalidation' };
      case 'flush_icache_page_all':
        // Hypothetical MIPS implementation (implementFlushIcachePage): whole page, every CPU.
        return {
          primitive: 'flush_icache_range',
          apply: (m) => {
            for (const s of SLOTS) writeback(m, s);
            for (const x of allIc) m.set(x, INVALID);
          },
          may: { reads: [...dc], writes: [...mem, ...dc, ...allIc] },
          note: (m) => `page written back (slot 0: ${memText(m, 0)}); its I-cache lines invalidated on CPU0 and CPU1`,
        };
      case 'mk_pte':
      case 'page_add_file_rmap':
        return anchor(o.op);
      case 'flush_data_cache_page':
        return {
          primitive: 'flush_data_cache_page',
          apply: (m) => {
            for (const s of SLOTS) writeback(m, s);
          },
          may: { reads: [...dc], writes: [...mem, ...dc] },
          // The S4.3 question: the deferred flush is a D-cache writeback only.
          note: (m) => `deferred flush: D-cache written back (slot 0: ${memText(m, 0)}); no I-cache line invalidated (slot 0: ${icText(m, 0)})`,
        };
      case 'ClearPageDcacheDirty':
        return {
          primitive: 'ClearPageDcacheDirty',
          apply: (m) => m.set(pgDcacheDirty, 0),
          may: { reads: [...dc], writes: [pgDcacheDirty] },
          // Test, flush, then clear: a SetPageDcacheDirty in between is lost with its flush.
          note: (m) => {
            const dirty = SLOTS.filter((s) => m.get(dc[s]) === DIRTY);
            return dirty.length
              ? `PG_dcache_dirty cleared, but ${dirty.map((s) => `slot ${s}`).join(', ')} was dirtied after the flush: its deferred writeback is lost`
              : 'PG_dcache_dirty cleared';
          },
        };
      case 'set_pte':
        return set_pte_at(mm, { present: 1 }, { primitive: 'set_pte', note: () => 'PTE present: XOL page mapped to user' });
      case '__update_tlb':
        return { primitive: 'update_mmu_cache', may: { reads: [], writes: [] }, note: () => 'TLB entry loaded; no cache maintenance' };
      case 'ifetch': {
        const slot = Number(o.args?.slot ?? 0);
        return {
          primitive: 'ifetch',
          apply: (m) => {
            const line = ic[m.get(uCpu)][slot];
            let v = m.get(line);
            if (v !== INVALID) m.set(how, HIT);
            else {
              v = m.get(mem[slot]) === NEW || (coherent && m.get(dc[slot]) === DIRTY) ? NEW : STALE;
              m.set(line, v);
              m.set(how, MISS);
            }
            m.set(got[slot], v);
            if (v !== NEW) return staleFetch;
          },
          may: { reads: [uCpu, ...ic[0], ...ic[1], mem[slot], dc[slot]], writes: [ic[0][slot], ic[1][slot], got[slot], how] },
          note: (m) => fetchText(m, slot),
        };
      }
      default:
        return null;
    }
  };
  const uCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'pte_present':
        return pte_present(mm);
      case 'pte_none':
      // (Before v4.8: pte_same() with the none orig_pte of the XOL page's first fault.)
      case 'pte_same':
        return pte_none(mm);
      case 'page_dcache_dirty':
        return { test: (m) => m.get(pgDcacheDirty) === 1, reads: [pgDcacheDirty] };
      case 'exec_or_alias':
      case 'vm_exec':
        // The XOL mapping is VM_EXEC and these CPUs' I-caches do not fill from the D-cache.
        return { test: () => true, reads: [] };
      default:
        return null;
    }
  };

  const fetchText = (m: Mem, slot: number): string => {
    const c = m.get(uCpu);
    const v = m.get(got[slot]);
    if (m.get(how) === HIT) {
      return v === NEW ? `I-cache hit on CPU${c}: ${INSN[slot]}` : `I-cache hit on a stale line (CPU${c}): executes garbage instead of ${INSN[slot]}`;
    }
    if (v === NEW) return `I-cache miss on CPU${c}: filled from memory: ${INSN[slot]}`;
    const dirty = m.get(dc[slot]) === DIRTY ? ` (${INSN[slot]} sits dirty in CPU0's D-cache)` : '';
    return `I-cache miss on CPU${c}: filled from memory, still stale${dirty}: executes garbage`;
  };

  const kSem: Semantics = { step: (o) => kStep(o), cond: (o) => kCond(o) };
  const uSem: Semantics = { step: (o) => uStep(o), cond: (o) => uCond(o) };
  const k = compileActor('K (CPU0)', kPc, code, ['prepare_uretprobe', 'pre_ssout'], kSem);
  const u = forkCpu(compileActor('U (user mode)', uPc, code, ['uretprobe_return', 'xol_singlestep'], uSem), uCpu);

  const invariants: Invariant[] = [
    // Asserted in the fetch step; kept as a state invariant too so the violation can be explained.
    INVARIANTS.check('I4.1', {
      reads: [...got],
      holds: (m) => got.every((g) => m.get(g) !== STALE),
      explain: (m) => {
        const slot = m.get(got[0]) === STALE ? 0 : 1;
        return `U executed stale bytes from slot ${slot} instead of ${INSN[slot]} (${m.get(how) === HIT ? 'stale I-cache line' : 'I-cache refilled from stale memory'})`;
      },
    }),
  ];

  return {
    name: 'S4 xol-icache',
    layout: L,
    actors: [k, u],
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_sem', s: mmap }]);
      if (a === 0 && m.get(kmap)) out.push('kmap');
      return out;
    },
  };
}

/**
 * Task migration: every "return to user mode" step becomes two alternatives, one per CPU (the
 * task resumes on CPU0, where K ran, or was migrated to CPU1).
 */
export function forkCpu(actor: Actor, uCpu: number): Actor {
  const locations = actor.locations.map((alts) =>
    alts.flatMap((t): Transition[] =>
      t.primitive !== RUN_ON_CPU
        ? [t]
        : CPUS.map((c) => ({
            ...t,
            label: `${t.label} on CPU${c}${c === 1 ? ' (migrated)' : ''}`,
            apply: (m: Mem) => m.set(uCpu, c),
            note: () => (c === 0 ? 'runs on CPU0, where K wrote the slot' : 'runs on CPU1: migrated away from K\'s CPU'),
          })),
    ),
  );
  return { ...actor, locations };
}
