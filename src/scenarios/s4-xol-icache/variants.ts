/**
 * S4's variants: the spec's rows as edits of the baseline (the M4a fix, the alternatives discussed,
 * broken orderings), each with its verdict and source.
 */
import { call, constCond, iff, not, op, ret, type KernelCode } from '../../model/code.js';
import { insertBefore, remove, replace } from '../../model/edit.js';
import type { Scenario } from '../scenario.js';
import { isCall } from './code.js';

/** M4a: slot 0 through arch_uprobe_copy_ixol instead of a plain copy_to_page. */
export const fixM4a = (b: KernelCode): KernelCode =>
  replace(b, '__create_xol_area', isCall('copy_to_page'), [
    call('arch_uprobe_copy_ixol', 'arch_uprobe_copy_ixol(area->pages[0], 0, &insn, UPROBE_SWBP_INSN_SIZE)'),
  ]);

/** The weak default of kernel/events/uprobes.c in place of the MIPS override. */
export const weakDefault = (b: KernelCode): KernelCode => ({
  ...b,
  arch_uprobe_copy_ixol: [call('copy_to_page', 'copy_to_page(page, vaddr, src, len)'), op('flush_dcache_page', 'flush_dcache_page(page)')],
});

/**
 * Oleg's suggestion taken literally (seed 004): implement flush_icache_page on MIPS so that the
 * fault path writes the page back and invalidates its I-cache lines on every CPU. Hypothetical
 * (no such patch was merged); used by the tests to back S4.2's "safe only if implemented".
 */
export const implementFlushIcachePage = (b: KernelCode): KernelCode => ({
  ...b,
  flush_icache_page: [
    iff('if (vma->vm_flags & VM_EXEC)', op('vm_exec', 'vma->vm_flags & VM_EXEC'), [
      op('flush_icache_page_all', 'flush_icache_range((unsigned long)page_address(page), (unsigned long)page_address(page) + PAGE_SIZE)'),
    ]),
  ],
});

/**
 * The fault path from v3.15 to v4.7, before struct fault_env (bae473a423f6, v4.8): do_read_fault()
 * takes the PTE lock itself, re-checks the none orig_pte, and maps the page with do_set_pte(),
 * which does alloc_set_pte()'s I-cache hook, rmap and set_pte_at() with the lock held by its caller.
 */
export const beforeFaultEnv = (b: KernelCode): KernelCode => ({
  ...b,
  do_read_fault: [
    call('__do_fault', 'ret = __do_fault(vma, address, pgoff, flags, NULL, &fault_page, NULL)'),
    op('pte_offset_map_lock', 'pte = pte_offset_map_lock(mm, pmd, address, &ptl)'),
    iff('if (unlikely(!pte_same(*pte, orig_pte)))', not(op('pte_same', 'pte_same(*pte, orig_pte)')), [op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)'), ret('return ret')]),
    call('alloc_set_pte', 'do_set_pte(vma, address, fault_page, pte, false, false)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)'),
  ],
  // do_set_pte(vma, address, page, pte, write, anon)
  alloc_set_pte: [
    call('flush_icache_page', 'flush_icache_page(vma, page)'),
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    op('page_add_file_rmap', 'page_add_file_rmap(page)'),
    call('set_pte_at', 'set_pte_at(vma->vm_mm, address, pte, entry)'),
    call('update_mmu_cache', 'update_mmu_cache(vma, address, pte)'),
  ],
});

/**
 * 4.10 (9118c0cbd442): finish_fault() maps the page the fault prepared: alloc_set_pte(), then the
 * unlock of the PTE table it left locked.
 */
export const withFinishFault = (b: KernelCode): KernelCode => ({
  ...b,
  do_read_fault: [
    call('__do_fault', 'ret = __do_fault(vmf)'),
    call('finish_fault', 'ret |= finish_fault(vmf)'),
  ],
  finish_fault: [
    call('alloc_set_pte', 'ret = alloc_set_pte(vmf, vmf->memcg, page)'),
    iff('if (vmf->pte)', constCond('vmf->pte', true), [op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)')]),
  ],
});

/**
 * 5.12 (f9ce0be71d1f): finish_fault() takes the PTE lock and re-checks the entry itself;
 * alloc_set_pte() became do_set_pte(), which builds and sets the entry with the same I-cache
 * hook. (On MIPS update_mmu_tlb() is update_mmu_cache().)
 */
export const finishFaultLocks = (b: KernelCode): KernelCode => ({
  ...withFinishFault(b),
  finish_fault: [
    op('pte_offset_map_lock', 'vmf->pte = pte_offset_map_lock(vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff('if (likely(pte_none(*vmf->pte)))', op('pte_none', 'pte_none(*vmf->pte)'), [call('alloc_set_pte', 'do_set_pte(vmf, page, vmf->address)')]),
    call('update_mmu_cache', 'update_mmu_tlb(vma, vmf->address, vmf->pte)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  // do_set_pte(vmf, page, addr)
  alloc_set_pte: [
    call('flush_icache_page', 'flush_icache_page(vma, page)'),
    op('mk_pte', 'entry = mk_pte(page, vma->vm_page_prot)'),
    op('page_add_file_rmap', 'page_add_file_rmap(page, false)'),
    call('set_pte_at', 'set_pte_at(vma->vm_mm, addr, vmf->pte, entry)'),
  ],
});

export const variants: Scenario['variants'] = [
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
      id: 'S4.6', since: '3.15', until: '4.7',
      title: 'v3.15-v4.7: S4.0 on the fault path before struct fault_env (do_read_fault() locks the PTE and calls do_set_pte())',
      source: 'mm/memory.c v4.7; struct fault_env came with bae473a423f6 (v4.8)',
      expected: 'race',
      invariants: ['I4.1'],
      code: beforeFaultEnv,
      note: 'The same race as S4.0: only where the fault path takes the PTE lock differs, and do_set_pte() has the same empty flush_icache_page() hook.',
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
      id: 'S4.7',
      title: "S4.0 with 4.10's finish_fault(): alloc_set_pte() and the unlock in one helper do_read_fault() calls",
      source: '9118c0cbd442 (v4.10)',
      expected: 'race',
      invariants: ['I4.1'],
      mergedIn: '4.10',
      code: withFinishFault,
      note: "A refactor of the fault path: the race is S4.0's, which 4.10 also fixed (S4.1).",
    },
    {
      id: 'S4.8',
      title: "S4.0 with 5.12's finish_fault(): the PTE lock and re-check in finish_fault(), do_set_pte() only sets the entry",
      source: 'f9ce0be71d1f (v5.12)',
      expected: 'race',
      invariants: ['I4.1'],
      mergedIn: '5.12',
      code: finishFaultLocks,
      note: "A refactor of the fault path: the race is S4.0's, which 4.10 fixed (S4.1).",
    },
    {
      id: 'S4.2',
      posted: 'a review proposal',
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
];
