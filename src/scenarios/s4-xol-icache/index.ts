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
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario } from '../scenario.js';
import { UPROBES, MIPS_UPROBES, baseline } from './code.js';
import { fixM4a, weakDefault, implementFlushIcachePage, variants } from './variants.js';
import { buildS4 } from './model.js';

export const s4: Scenario = {
  lexicon,
  id: 'S4',
  name: 'xol-icache',
  question: 'Is an instruction written through the kernel alias made visible to the I-cache of every CPU that may execute it?',
  since: { version: '3.5', what: "uprobes and its XOL area" },
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
    { name: 'arch_uprobe_copy_ixol', file: UPROBES, overriddenBy: MIPS_UPROBES },
    { name: '__do_page_fault', file: 'arch/mips/mm/fault.c' },
    { name: 'do_read_fault', file: 'mm/memory.c' },
    { name: '__do_fault', file: 'mm/memory.c' },
    { name: 'finish_fault', file: 'mm/memory.c' },
    { name: 'alloc_set_pte', file: 'mm/memory.c' },
    { name: 'flush_icache_page', file: 'arch/mips/include/asm/cacheflush.h' },
    { name: 'set_pte_at', file: 'arch/mips/include/asm/pgtable.h' },
    { name: 'update_mmu_cache', file: 'arch/mips/include/asm/pgtable.h' },
    { name: '__update_cache', file: 'arch/mips/mm/cache.c' },
  ],
  baseline,
  baselineVariant: 'S4.0',
  variants,
  build: (code, sw) => buildS4(code, sw),
};

export const _internal = { baseline, fixM4a, weakDefault, implementFlushIcachePage, build: buildS4 };
