/**
 * S1's kernel code as data (v5.10): the write fault and COW path of mm/memory.c, and the PTE
 * changers that run under the mmap read lock (mm/mprotect.c, mm/userfaultfd.c, mm/mempolicy.c,
 * fs/proc/task_mmu.c) with their batched TLB flush.
 */
import { and, call, iff, not, op, ret, type KernelCode } from '../../model/code.js';

export const OLD = 1;
export const PAGE_NAMES = ['none', 'old_page', 'new_page (CPU1)', 'new_page (CPU2)'];

export const faultCode: KernelCode = {
  // The write access of a user thread: through its TLB, or a fault when the PTE is not writable.
  // A NUMA hinting fault restores the PTE and the store faults again, now as a write fault.
  user_write: [
    op('user_store', 'store to addr'),
    iff('if (store faulted)', op('store_faulted', 'store faulted'), [
      call('handle_mm_fault', 'handle_mm_fault(vma, address, FAULT_FLAG_WRITE, regs)'),
      op('user_store_retry', 'store to addr (retry)'),
      iff('if (store faulted again)', op('store_faulted', 'store faulted'), [
        call('handle_mm_fault', 'handle_mm_fault(vma, address, FAULT_FLAG_WRITE, regs)'),
        op('user_store_retry', 'store to addr (second retry)'),
      ]),
    ]),
  ],
  handle_mm_fault: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    op('read_orig_pte', 'vmf->orig_pte = *vmf->pte'),
    iff('if (pte_protnone(vmf->orig_pte) && vma_is_accessible(vmf->vma))', op('orig_protnone', 'pte_protnone(vmf->orig_pte)'), [
      call('do_numa_page', 'return do_numa_page(vmf)'),
      op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
      ret('return'),
    ]),
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, entry)))', not(op('pte_same', 'pte_same(*vmf->pte, entry)')), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
      ret('goto unlock'),
    ]),
    iff('if (!pte_write(entry))', not(op('orig_pte_write', 'pte_write(entry)')), [call('do_wp_page', 'return do_wp_page(vmf)')], [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    ]),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  do_numa_page: [
    op('spin_lock', 'spin_lock(vmf->ptl)'),
    iff('if (unlikely(!pte_same(*vmf->pte, vmf->orig_pte)))', not(op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)')), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      ret('goto out'),
    ]),
    op('numa_restore_pte', 'pte = pte_modify(old_pte, vma->vm_page_prot); if (was_writable) pte = pte_mkwrite(pte); ptep_modify_prot_commit(vma, vmf->address, vmf->pte, old_pte, pte)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  do_wp_page: [
    iff('if (userfaultfd_pte_wp(vma, *vmf->pte))', op('userfaultfd_pte_wp', 'userfaultfd_pte_wp(vma, *vmf->pte)'), [
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      op('handle_userfault', 'return handle_userfault(vmf, VM_UFFD_WP)'),
      ret('return handle_userfault(vmf, VM_UFFD_WP)'),
    ]),
    op('vm_normal_page', 'vmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte)'),
    iff('if (PageKsm(page) || page_count(page) != 1)', op('page_shared', 'page_count(page) != 1'), [
      op('get_page_old', 'get_page(vmf->page)'),
      op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      call('wp_page_copy', 'return wp_page_copy(vmf)'),
    ], [call('wp_page_reuse', 'wp_page_reuse(vmf)')]),
  ],
  wp_page_reuse: [
    op('wp_page_reuse', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma); ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
  ],
  wp_page_copy: [
    op('anon_vma_prepare', 'if (unlikely(anon_vma_prepare(vma)))'),
    op('alloc_page_vma', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vmf->address)'),
    op('cow_user_page', 'if (!cow_user_page(new_page, old_page, vmf))'),
    op('mem_cgroup_charge', 'if (mem_cgroup_charge(new_page, mm, GFP_KERNEL))'),
    op('__SetPageUptodate', '__SetPageUptodate(new_page)'),
    op('mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_start(&range)'),
    op('spin_lock', 'vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl)'),
    iff(
      'if (likely(pte_same(*vmf->pte, vmf->orig_pte)))',
      op('pte_same', 'pte_same(*vmf->pte, vmf->orig_pte)'),
      [
        op('flush_cache_page', 'flush_cache_page(vma, vmf->address, pte_pfn(vmf->orig_pte))'),
        op('mk_pte', 'entry = maybe_mkwrite(pte_mkdirty(entry), vma)'),
        op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, vmf->address, vmf->pte)'),
        op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(new_page, vma, vmf->address, false)'),
        op('lru_cache_add_inactive_or_unevictable', 'lru_cache_add_inactive_or_unevictable(new_page, vma)'),
        op('set_pte_at_notify', 'set_pte_at_notify(mm, vmf->address, vmf->pte, entry)'),
        op('update_mmu_cache', 'update_mmu_cache(vma, vmf->address, vmf->pte)'),
        op('page_remove_rmap', 'page_remove_rmap(old_page, false)'),
      ],
      [op('update_mmu_tlb', 'update_mmu_tlb(vma, vmf->address, vmf->pte)')],
    ),
    op('put_page_new', 'put_page(new_page)'),
    op('spin_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
    op('mmu_notifier_invalidate_range_only_end', 'mmu_notifier_invalidate_range_only_end(&range)'),
    op('put_page_old', 'put_page(old_page)'),
  ],
};

export const changerCode: KernelCode = {
  mwriteprotect_range: [
    op('mmap_read_lock', 'mmap_read_lock(dst_mm)'),
    op('find_dst_vma', 'dst_vma = find_dst_vma(dst_mm, start, len)'),
    op('vm_get_page_prot', 'newprot = vm_get_page_prot(dst_vma->vm_flags)'),
    call('change_protection_range', 'change_protection(dst_vma, start, start + len, newprot, enable_wp ? MM_CP_UFFD_WP : MM_CP_UFFD_WP_RESOLVE)'),
    op('mmap_read_unlock', 'mmap_read_unlock(dst_mm)'),
  ],
  change_protection_range: [
    op('flush_cache_range', 'flush_cache_range(vma, addr, end)'),
    op('inc_tlb_flush_pending', 'inc_tlb_flush_pending(mm)'),
    call('change_pte_range', 'pages += change_pte_range(vma, pmd, addr, next, newprot, cp_flags)'),
    op('flush_tlb_range', 'if (pages) flush_tlb_range(vma, start, end)'),
    op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)'),
  ],
  change_pte_range: [
    op('spin_lock', 'pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl)'),
    op('flush_tlb_batched_pending', 'flush_tlb_batched_pending(vma->vm_mm)'),
    iff('if (prot_numa)', op('prot_numa', 'prot_numa'), [
      // Pages NUMA hinting skips (zero page, KSM, shared file pages, already PROT_NONE, same node).
      op('numa_skip_checks', 'if (pte_protnone(oldpte)) continue; if (target_node == page_to_nid(page)) continue'),
    ]),
    op('ptep_modify_prot_start', 'oldpte = ptep_modify_prot_start(vma, addr, pte)'),
    op('pte_modify', 'ptent = pte_modify(oldpte, newprot)'),
    iff('if (preserve_write)', and('prot_numa && pte_write(oldpte)', op('prot_numa', 'prot_numa'), op('oldpte_write', 'pte_write(oldpte)')), [
      op('pte_mk_savedwrite', 'ptent = pte_mk_savedwrite(ptent)'),
    ]),
    iff('if (uffd_wp)', op('cp_uffd_wp', 'uffd_wp'), [op('pte_wrprotect', 'ptent = pte_wrprotect(ptent)'), op('pte_mkuffd_wp', 'ptent = pte_mkuffd_wp(ptent)')], [
      iff('else if (uffd_wp_resolve)', op('cp_uffd_wp_resolve', 'uffd_wp_resolve'), [op('pte_clear_uffd_wp', 'ptent = pte_clear_uffd_wp(ptent)')]),
    ]),
    op('ptep_modify_prot_commit', 'ptep_modify_prot_commit(vma, addr, pte, oldpte, ptent)'),
    op('spin_unlock', 'pte_unmap_unlock(pte - 1, ptl)'),
  ],
  // NUMA balancing (task_numa_work): change_prot_numa() -> change_protection(MM_CP_PROT_NUMA) under the read lock.
  change_prot_numa: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    call('change_protection_range', 'nr_updated = change_protection(vma, addr, end, PAGE_NONE, MM_CP_PROT_NUMA)'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  // clear_refs soft-dirty before 29a951dfb3c3: under the mmap read lock, flush batched.
  clear_refs_write: [
    op('mmap_read_lock', 'mmap_read_lock(mm)'),
    op('inc_tlb_flush_pending', 'tlb_gather_mmu(&tlb, mm, 0, -1)'),
    op('spin_lock', 'pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl)'),
    op('ptep_modify_prot_start', 'old_pte = ptep_modify_prot_start(vma, addr, pte)'),
    op('pte_wrprotect', 'ptent = pte_wrprotect(old_pte)'),
    op('pte_clear_soft_dirty', 'ptent = pte_clear_soft_dirty(ptent)'),
    op('ptep_modify_prot_commit', 'ptep_modify_prot_commit(vma, addr, pte, old_pte, ptent)'),
    op('spin_unlock', 'pte_unmap_unlock(pte - 1, ptl)'),
    // tlb_finish_mmu() flushes, then drops the pending count: two steps of one line.
    op('flush_tlb_range', 'tlb_finish_mmu(&tlb, 0, -1)'),
    op('dec_tlb_flush_pending', 'tlb_finish_mmu(&tlb, 0, -1)  /* then dec_tlb_flush_pending(mm) */'),
    op('mmap_read_unlock', 'mmap_read_unlock(mm)'),
  ],
  // Another monitor thread write-protecting a different range: only the pending-flush counter is shared.
  mwriteprotect_range_other: [
    op('inc_tlb_flush_pending', 'inc_tlb_flush_pending(mm)'),
    op('flush_tlb_range_other', 'flush_tlb_range(vma, start, end)'),
    op('dec_tlb_flush_pending', 'dec_tlb_flush_pending(mm)'),
  ],
};

export const baseline: KernelCode = { ...faultCode, ...changerCode };
