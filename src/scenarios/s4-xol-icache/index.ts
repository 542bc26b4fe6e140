/**
 * S4 xol-icache: uprobes writes instructions into the XOL page ("[uprobes]" special mapping)
 * through the page's kernel address (kmap_atomic). On MIPS/ARM the I-cache does not snoop the
 * D-cache: the bytes must be written back from the writer's D-cache and the I-cache lines that
 * may hold the page's old contents must be invalidated on every CPU that may execute them.
 *
 * Code (v4.9 baseline, M4a): kernel/events/uprobes.c (prepare_uretprobe -> get_xol_area ->
 * __create_xol_area writes slot 0, the uretprobe trampoline; pre_ssout -> xol_get_insn_slot
 * writes slot N through arch_uprobe_copy_ixol); arch/mips/kernel/uprobes.c (the MIPS
 * arch_uprobe_copy_ixol, the kmap + kstart body of [S2]); the fault path of the special mapping
 * (arch/mips/mm/fault.c, mm/memory.c do_read_fault -> __do_fault -> alloc_set_pte, MIPS
 * flush_icache_page / set_pte_at / __update_cache / update_mmu_cache).
 *
 * Machine (one slot = one cache line; slots 0 and 1 of one page):
 *   - memory: each slot holds the page's old bytes (STALE: alloc_page(GFP_HIGHUSER) does not
 *     zero it, the page is recycled) or what K wrote (NEW);
 *   - CPU0's D-cache (K runs on CPU0): a line is CLEAN or DIRTY with K's bytes; memory stays
 *     stale until a writeback (write-back, write-allocate). Writebacks are modelled as reaching
 *     memory whichever CPU issues them (L1D coherence / CM-globalised hit ops on MIPS SMP);
 *   - per-CPU I-caches (CPU0, CPU1): a line is INVALID, STALE or NEW. Initially STALE on both
 *     CPUs for both slots: the recycled page's old instructions may still sit in I-caches
 *     (spec S4 (b), inference). An I-cache miss fills from memory, never from a D-cache, unless
 *     `icache_coherent` (then it may also take a dirty D-cache line);
 *   - PG_dcache_dirty (MIPS PG_arch_1): the deferred-flush mark set by flush_dcache_page on a
 *     CPU without D-cache aliases, consumed by __update_cache when set_pte_at maps the page;
 *   - the XOL PTE (not present until the first fault), the PTL, mmap_sem.
 * Actors: K = the probed task in the kernel on CPU0 (first hit of a probe with a uretprobe
 * consumer: handler_chain -> prepare_uretprobe, then pre_ssout); U = user-mode execution from the
 * XOL page by tasks of this mm: a return through the trampoline (slot 0), possible as soon as the
 * area is published, then the single-step of the out-of-line copy in slot 1 once pre_ssout set
 * utask->xol_vaddr. Each return to user mode picks CPU0 or CPU1 (task migration).
 * I4.1 is asserted where U fetches an instruction: it must be what K wrote.
 */
import { call, iff, not, op, ret, compileActor, type CondSpec, type KernelCode, type Op, type Semantics, type StepSpec, type Stmt } from '../../model/code.js';
import {
  anchor,
  declRwSem,
  heldLocks,
  mmap_read_lock,
  mmap_read_unlock,
  mmap_write_lock,
  mmap_write_unlock,
  pte_offset_map_lock,
  pte_none,
  pte_present,
  pte_unmap_unlock,
  set_pte_at,
  type MmState,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model, Transition } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { insertBefore, remove, replace } from '../../model/edit.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

// Contents of one slot's bytes wherever they sit (memory, an I-cache line).
const INVALID = 0; // I-cache line not present
const STALE = 1; // the recycled page's old bytes: garbage for this mm
const NEW = 2; // what K wrote: BRK in slot 0, the out-of-line copy in slot 1

// D-cache line of CPU0 (K's CPU).
const CLEAN = 0;
const DIRTY = 1;

// How U's last fetch was served.
const HIT = 1;
const MISS = 2;

const SLOTS = [0, 1] as const;
const CPUS = [0, 1] as const;
/** What K writes into each slot. */
const INSN = ['BRK', 'the ixol copy'];

/** Marker primitive of U's "return to user mode" steps, forked into one alternative per CPU. */
const RUN_ON_CPU = 'return to user';

const UPROBES = 'kernel/events/uprobes.c';
const MIPS_UPROBES = 'arch/mips/kernel/uprobes.c';

const isCall = (fn: string) => (s: Stmt) => s.op === 'call' && (s as { fn?: string }).fn === fn;

// --- kernel code as data -------------------------------------------------------------------

const baseline: KernelCode = {
  // K's entry: handle_swbp -> handler_chain -> prepare_uretprobe (the first uretprobe of the mm).
  prepare_uretprobe: [
    call('get_xol_area', 'if (!get_xol_area())'),
    op('arch_uretprobe_hijack_return_addr', 'orig_ret_vaddr = arch_uretprobe_hijack_return_addr(trampoline_vaddr, regs)'),
  ],
  get_xol_area: [
    iff('if (!mm->uprobes_state.xol_area)', not(op('xol_area', 'mm->uprobes_state.xol_area')), [call('__create_xol_area', '__create_xol_area(0)')]),
    op('read_xol_area', 'area = mm->uprobes_state.xol_area'),
  ],
  __create_xol_area: [
    op('kmalloc', 'area = kmalloc(sizeof(*area), GFP_KERNEL)'),
    op('kzalloc', 'area->bitmap = kzalloc(BITS_TO_LONGS(UINSNS_PER_PAGE) * sizeof(long), GFP_KERNEL)'),
    op('alloc_page', 'area->pages[0] = alloc_page(GFP_HIGHUSER)'),
    op('set_bit', 'set_bit(0, area->bitmap)'),
    op('atomic_set', 'atomic_set(&area->slot_count, 1)'),
    call('copy_to_page', 'copy_to_page(area->pages[0], 0, &insn, UPROBE_SWBP_INSN_SIZE)'),
    call('xol_add_vma', 'xol_add_vma(mm, area)'),
  ],
  xol_add_vma: [
    op('down_write_killable', 'if (down_write_killable(&mm->mmap_sem))'),
    op('_install_special_mapping', 'vma = _install_special_mapping(mm, area->vaddr, PAGE_SIZE, VM_EXEC|VM_MAYEXEC|VM_DONTCOPY|VM_IO, &area->xol_mapping)'),
    op('smp_wmb', 'smp_wmb()'),
    op('publish_xol_area', 'mm->uprobes_state.xol_area = area'),
    op('up_write', 'up_write(&mm->mmap_sem)'),
  ],
  copy_to_page: [
    op('kmap_atomic', 'void *kaddr = kmap_atomic(page)'),
    op('memcpy', 'memcpy(kaddr + (vaddr & ~PAGE_MASK), src, len)'),
    op('kunmap_atomic', 'kunmap_atomic(kaddr)'),
  ],
  // K's second entry: handle_swbp -> pre_ssout (single-step the probed insn out of line).
  pre_ssout: [
    call('xol_get_insn_slot', 'xol_vaddr = xol_get_insn_slot(uprobe)'),
    op('set_utask_xol_vaddr', 'utask->xol_vaddr = xol_vaddr'),
  ],
  xol_get_insn_slot: [
    call('get_xol_area', 'area = get_xol_area()'),
    call('xol_take_insn_slot', 'xol_vaddr = xol_take_insn_slot(area)'),
    call('arch_uprobe_copy_ixol', 'arch_uprobe_copy_ixol(area->pages[0], xol_vaddr, &uprobe->arch.ixol, sizeof(uprobe->arch.ixol))'),
  ],
  xol_take_insn_slot: [
    op('find_first_zero_bit', 'slot_nr = find_first_zero_bit(area->bitmap, UINSNS_PER_PAGE)'),
    op('test_and_set_bit', 'if (!test_and_set_bit(slot_nr, area->bitmap))'),
    op('slot_addr', 'slot_addr = area->vaddr + (slot_nr * UPROBE_XOL_SLOT_BYTES)'),
    op('atomic_inc', 'atomic_inc(&area->slot_count)'),
  ],
  // The MIPS override ([S2]): flush through the kernel alias, so it works before the page is mapped.
  arch_uprobe_copy_ixol: [
    op('kmap_atomic', 'kaddr = (unsigned long)kmap_atomic(page)'),
    op('kstart', 'kstart = kaddr + (vaddr & ~PAGE_MASK)'),
    op('memcpy', 'memcpy((void *)kstart, src, len)'),
    op('flush_icache_range', 'flush_icache_range(kstart, kstart + len)'),
    op('kunmap_atomic', 'kunmap_atomic((void *)kaddr)'),
  ],

  // --- U's side: the first user access to the XOL page faults it in --------------------------
  __do_page_fault: [
    op('down_read', 'down_read(&mm->mmap_sem)'),
    call('do_read_fault', 'fault = handle_mm_fault(vma, address, flags)'),
    op('up_read', 'up_read(&mm->mmap_sem)'),
  ],
  do_read_fault: [
    call('__do_fault', 'ret = __do_fault(fe, pgoff, NULL, &fault_page, NULL)'),
    call('alloc_set_pte', 'ret |= alloc_set_pte(fe, NULL, fault_page)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(fe->pte, fe->ptl)'),
  ],
  __do_fault: [op('special_mapping_fault', 'ret = vma->vm_ops->fault(vma, &vmf)')],
  alloc_set_pte: [
    op('pte_alloc_one_map', 'ret = pte_alloc_one_map(fe)'),
    iff('if (unlikely(!pte_none(*fe->pte)))', not(op('pte_none', 'pte_none(*fe->pte)')), [ret('return VM_FAULT_NOPAGE')]),
    call('flush_icache_page', 'flush_icache_page(vma, page)'),
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    op('page_add_file_rmap', 'page_add_file_rmap(page, false)'),
    call('set_pte_at', 'set_pte_at(vma->vm_mm, fe->address, fe->pte, entry)'),
    call('update_mmu_cache', 'update_mmu_cache(vma, fe->address, fe->pte)'),
  ],
  // arch/mips/include/asm/cacheflush.h: an empty inline (Ralf, seed 004).
  flush_icache_page: [op('flush_icache_page', 'flush_icache_page(vma, page)')],
  // arch/mips/include/asm/pgtable.h since 37d22a0d798b ("MIPS: Sync icache & dcache in
  // set_pte_at"): the deferred flush runs before the PTE becomes visible. The early exits
  // (!pte_present(pteval), same pfn already present) never apply to this first fault.
  set_pte_at: [call('__update_cache', '__update_cache(addr, pteval)'), op('set_pte', 'set_pte(ptep, pteval)')],
  // arch/mips/mm/cache.c
  __update_cache: [
    iff('if (Page_dcache_dirty(page))', op('page_dcache_dirty', 'Page_dcache_dirty(page)'), [
      iff('if (exec || pages_do_alias(addr, address & PAGE_MASK))', op('exec_or_alias', 'exec || pages_do_alias(addr, address & PAGE_MASK)'), [
        op('flush_data_cache_page', 'flush_data_cache_page(addr)'),
      ]),
      op('ClearPageDcacheDirty', 'ClearPageDcacheDirty(page)'),
    ]),
  ],
  // MIPS: only the TLB (since 37d22a0d798b the cache work moved to set_pte_at).
  update_mmu_cache: [op('__update_tlb', '__update_tlb(vma, address, pte)')],

  // --- user mode (not kernel code: U's own steps) ---------------------------------------------
  uretprobe_return: [
    op('run_trampoline', 'return to user mode at trampoline_vaddr (slot 0)'),
    iff('if (!pte_present(*ptep)) /* TLB refill finds no PTE */', not(op('pte_present', 'pte_present(*ptep)')), [
      call('__do_page_fault', '__do_page_fault(regs, 0, address)'),
    ]),
    op('ifetch', 'fetch insn at area->vaddr (slot 0)', { slot: 0 }),
  ],
  xol_singlestep: [
    op('run_xol', 'return to user mode at utask->xol_vaddr (single-step slot 1)'),
    iff('if (!pte_present(*ptep)) /* TLB refill finds no PTE */', not(op('pte_present', 'pte_present(*ptep)')), [
      call('__do_page_fault', '__do_page_fault(regs, 0, address)'),
    ]),
    op('ifetch', 'fetch insn at utask->xol_vaddr (slot 1)', { slot: 1 }),
  ],
};

// --- variants as edits ---------------------------------------------------------------------

/** M4a: slot 0 through arch_uprobe_copy_ixol instead of a plain copy_to_page. */
const fixM4a = (b: KernelCode): KernelCode =>
  replace(b, '__create_xol_area', isCall('copy_to_page'), [
    call('arch_uprobe_copy_ixol', 'arch_uprobe_copy_ixol(area->pages[0], 0, &insn, UPROBE_SWBP_INSN_SIZE)'),
  ]);

/** The weak default of kernel/events/uprobes.c in place of the MIPS override. */
const weakDefault = (b: KernelCode): KernelCode => ({
  ...b,
  arch_uprobe_copy_ixol: [call('copy_to_page', 'copy_to_page(page, vaddr, src, len)'), op('flush_dcache_page', 'flush_dcache_page(page)')],
});

/**
 * Oleg's suggestion taken literally (seed 004): implement flush_icache_page on MIPS so that the
 * fault path writes the page back and invalidates its I-cache lines on every CPU. Hypothetical
 * (no such patch was merged); used by the tests to back S4.2's "safe only if implemented".
 */
const implementFlushIcachePage = (b: KernelCode): KernelCode => ({
  ...b,
  flush_icache_page: [
    iff('if (vma->vm_flags & VM_EXEC)', op('vm_exec', 'vma->vm_flags & VM_EXEC'), [
      op('flush_icache_page_all', 'flush_icache_range((unsigned long)page_address(page), (unsigned long)page_address(page) + PAGE_SIZE)'),
    ]),
  ],
});

export const s4: Scenario = {
  lexicon,
  id: 'S4',
  name: 'xol-icache',
  question: 'Is an instruction written through the kernel alias made visible to the I-cache of every CPU that may execute it?',
  actors: ['K: probed task in the kernel on CPU0 (prepare_uretprobe, pre_ssout)', 'U: user-mode execution from the XOL page on CPU0 or CPU1'],
  switches: [
    {
      name: 'icache_coherent',
      values: [false, true],
      default: false,
      doc: 'the I-cache snoops the D-cache (x86: stores are visible to instruction fetch) instead of needing explicit maintenance (MIPS, ARM)',
      phrases: { false: 'on architectures without coherent I-caches (MIPS, ARM)', true: 'on architectures with coherent I-caches (x86)' },
    },
  ],
  invariants: INVARIANTS.list,
  functions: [
    { name: 'prepare_uretprobe', file: UPROBES },
    { name: 'get_xol_area', file: UPROBES },
    { name: '__create_xol_area', file: UPROBES },
    { name: 'xol_add_vma', file: UPROBES },
    { name: 'copy_to_page', file: UPROBES },
    { name: 'pre_ssout', file: UPROBES },
    { name: 'xol_get_insn_slot', file: UPROBES },
    { name: 'xol_take_insn_slot', file: UPROBES },
    { name: 'arch_uprobe_copy_ixol', file: MIPS_UPROBES },
    { name: 'arch_uprobe_copy_ixol', file: UPROBES },
    { name: '__do_page_fault', file: 'arch/mips/mm/fault.c' },
    { name: 'do_read_fault', file: 'mm/memory.c' },
    { name: '__do_fault', file: 'mm/memory.c' },
    { name: 'alloc_set_pte', file: 'mm/memory.c' },
    { name: 'flush_icache_page', file: 'arch/mips/include/asm/cacheflush.h' },
    { name: 'set_pte_at', file: 'arch/mips/include/asm/pgtable.h' },
    { name: 'update_mmu_cache', file: 'arch/mips/include/asm/pgtable.h' },
    { name: '__update_cache', file: 'arch/mips/mm/cache.c' },
  ],
  baseline,
  baselineVariant: 'S4.0',
  variants: [
    {
      id: 'S4.0',
      title: 'v4.9 baseline: slot 0 via plain copy_to_page (no maintenance); slot N via arch_uprobe_copy_ixol',
      source: 'M4a',
      expected: 'race',
      invariants: ['I4.1'],
      code: (b) => b,
      note:
        'BRK is left dirty in CPU0\'s D-cache and nothing invalidates the I-caches: U executes a stale I-cache line, or misses and fills from memory that is still stale. ' +
        'The fault that maps the page does no I-cache maintenance (flush_icache_page is empty on MIPS). Safe with icache_coherent=true (x86).',
    },
    {
      id: 'S4.1',
      title: 'fix (M4a): slot 0 via arch_uprobe_copy_ixol (MIPS: flush_icache_range through the kernel alias)',
      source: 'M4a, seed 004',
      expected: 'safe',
      invariants: [],
      mergedIn: '4.10',
    code: fixM4a,
      note: 'flush_icache_range(kstart, kstart + len) writes the D-cache back and invalidates the line in every CPU\'s I-cache through the kernel address, so it works although the page is not mapped to user yet.',
    },
    {
      id: 'S4.2',
      title: 'Oleg\'s alternative: keep copy_to_page, rely on the fault path (flush_icache_page in alloc_set_pte)',
      source: 'seed 004',
      expected: 'race',
      invariants: ['I4.1'],
      code: (b) => b,
      note:
        'Same code as S4.0: the page is mapped lazily and the fault path is what this alternative relies on. On MIPS flush_icache_page is empty (Ralf); ' +
        'set_pte_at -> __update_cache only writes the D-cache back, and only if PG_dcache_dirty is set, which a plain copy_to_page never sets. ' +
        'Safe only if the architecture implements flush_icache_page (write back and invalidate the I-cache on every CPU): see _internal.implementFlushIcachePage.',
    },
    {
      id: 'S4.3',
      title: 'weak default arch_uprobe_copy_ixol (copy_to_page + flush_dcache_page) on MIPS, with the M4a call site',
      source: '[S1]',
      expected: null,
      invariants: ['I4.1'],
      code: (b) => weakDefault(fixM4a(b)),
      note:
        'The model finds a race (I4.1). flush_dcache_page on a MIPS CPU without D-cache aliases only sets PG_dcache_dirty; set_pte_at -> __update_cache at the first fault ' +
        'then writes the D-cache back (exec mapping) but invalidates no I-cache line, so a stale line left by the page\'s previous use is executed (shortest trace). ' +
        'Independently of stale lines, a slot written after the page is already mapped (xol_get_insn_slot) leaves PG_dcache_dirty set with no later fault to consume it: ' +
        'the bytes stay dirty in the D-cache and an I-cache miss reads stale memory; the same happens when the slot is written while a concurrent fault is between ' +
        'flush_data_cache_page and ClearPageDcacheDirty in __update_cache (test, flush, then a non-atomic clear that drops the new mark). On a CPU with D-cache aliases flush_dcache_page writes back at once (page_mapping() is NULL) ' +
        'but still leaves the I-cache alone. The verdict rests on the stale-I-cache premise only for slot 0.',
    },
    {
      id: 'S4.4',
      title: 'broken: flush_icache_range before the memcpy in arch_uprobe_copy_ixol (on top of M4a)',
      source: 'inference',
      expected: 'race',
      invariants: ['I4.1'],
      code: (b) =>
        insertBefore(remove(fixM4a(b), 'arch_uprobe_copy_ixol', 'flush_icache_range'), 'arch_uprobe_copy_ixol', 'memcpy', [
          op('flush_icache_range', 'flush_icache_range(kstart, kstart + len)'),
        ]),
      note: 'The invalidate runs before the bytes exist; the memcpy then leaves them dirty in the D-cache and the I-cache refills from stale memory.',
    },
    {
      id: 'S4.5',
      title: 'broken: local-CPU-only I-cache flush (local_flush_icache_range) in arch_uprobe_copy_ixol (on top of M4a)',
      source: 'inference',
      expected: 'race',
      invariants: ['I4.1'],
      code: (b) =>
        replace(fixM4a(b), 'arch_uprobe_copy_ixol', 'flush_icache_range', [op('local_flush_icache_range', 'local_flush_icache_range(kstart, kstart + len)')]),
      note: 'Racy under task migration: CPU0\'s line is invalidated, but the task returns to user mode on CPU1, whose I-cache still holds the stale line.',
    },
  ],
  build: (code, sw) => buildS4(code, sw),
};

export interface S4Options {
  /** I-cache lines of the XOL page start valid with the recycled page's old contents (default true). */
  readonly staleIcache?: boolean;
}

function buildS4(code: KernelCode, sw: Switches, opts: S4Options = {}): Model {
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
  const kCond = (o: Op): CondSpec | null => (o.op === 'xol_area' ? { test: (m) => m.get(published) === 1, reads: [published] } : null);

  // --- U's primitives ------------------------------------------------------------------------
  const uStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'run_trampoline':
        // U may only run once the area is installed and published (xol_add_vma).
        return { primitive: RUN_ON_CPU, guard: (m) => m.get(published) === 1, may: { reads: [published], writes: [uCpu] } };
      case 'run_xol':
        return { primitive: RUN_ON_CPU, guard: (m) => m.get(xolVaddr) === 1, may: { reads: [xolVaddr], writes: [uCpu] } };
      case 'down_read':
        return mmap_read_lock(mm, 1, 'down_read');
      case 'up_read':
        return mmap_read_unlock(mm, 1, 'up_read');
      case 'special_mapping_fault':
        return { primitive: 'special_mapping_fault', may: { reads: [], writes: [] }, note: () => 'vmf->page = area->pages[0]' };
      case 'pte_alloc_one_map':
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
function forkCpu(actor: Actor, uCpu: number): Actor {
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

export const _internal = { baseline, fixM4a, weakDefault, implementFlushIcachePage, build: buildS4 };
