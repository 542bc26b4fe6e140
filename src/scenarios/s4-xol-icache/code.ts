/**
 * S4's kernel code as data: the XOL area creation and slot writes of kernel/events/uprobes.c and
 * arch/mips/kernel/uprobes.c (v4.9), and the fault path that maps the XOL page to user; with the
 * values a slot's bytes and cache lines take.
 */
import { call, constCond, iff, not, op, ret, type KernelCode, type Stmt } from '../../model/code.js';

// Contents of one slot's bytes wherever they sit (memory, an I-cache line).
export const INVALID = 0; // I-cache line not present
export const STALE = 1; // the recycled page's old bytes: garbage for this mm
export const NEW = 2; // what K wrote: BRK in slot 0, the out-of-line copy in slot 1

// D-cache line of CPU0 (K's CPU).
export const CLEAN = 0;
export const DIRTY = 1;

// How U's last fetch was served.
export const HIT = 1;
export const MISS = 2;

export const SLOTS = [0, 1] as const;
export const CPUS = [0, 1] as const;
/** What K writes into each slot. */
export const INSN = ['BRK', 'the ixol copy'];

/** Marker primitive of U's "return to user mode" steps, forked into one alternative per CPU. */
export const RUN_ON_CPU = 'return to user';

export const UPROBES = 'kernel/events/uprobes.c';
export const MIPS_UPROBES = 'arch/mips/kernel/uprobes.c';

export const isCall = (fn: string) => (s: Stmt) => s.op === 'call' && (s as { fn?: string }).fn === fn;

// --- kernel code as data -------------------------------------------------------------------

export const baseline: KernelCode = {
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
    // (alloc_set_pte() leaves the PTE table mapped and locked on every path: the test holds.)
    iff('if (fe->pte)', constCond('fe->pte', true), [op('pte_unmap_unlock', 'pte_unmap_unlock(fe->pte, fe->ptl)')]),
  ],
  __do_fault: [op('special_mapping_fault', 'ret = vma->vm_ops->fault(vma, &vmf)')],
  // 4.10's finish_fault(): empty and not called in v4.9 (see S4.7, S4.8).
  finish_fault: [],
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
