/**
 * What a `goto LABEL` (or a `break`/`continue` of a loop the model runs once) runs in a kernel
 * function when the label is outside the hunk: the C after the label, up to the exit. A fact
 * about the kernel's function, so one row serves every scenario that models the function; the
 * lines are C, lifted by each scenario's own lexicon (S1 calls the PTL drop `spin_unlock`, S2
 * `pte_unmap_unlock`). A tail with no `return` goes on after the loop. A scenario's own
 * lexicon row (`gotoTails`) wins where the scenario reads the label differently.
 */
export const KERNEL_GOTO_TAILS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  // mm/gup.c, every release with follow_page_pte(): `out: pte_unmap_unlock(ptep, ptl); return page;`
  follow_page_pte: { out: ['pte_unmap_unlock(ptep, ptl);', 'return page;'] },
  // mm/memory.c handle_pte_fault(): `unlock:` drops the PTL the function took after the PTE
  // re-check (`pte_unmap_unlock(vmf->pte, vmf->ptl)`; `(pte, ptl)` before 4.8) and returns 0.
  handle_pte_fault: { unlock: ['pte_unmap_unlock(vmf->pte, vmf->ptl);', 'return 0;'] },
  // mm/memory.c: zap_pte_range()'s loop over the PTEs, which every model runs once: a `break` or
  // `continue` in it goes on after the loop, to `pte_unmap_unlock(start_pte, ptl)` (the rss and
  // lazy-MMU bookkeeping before it change nothing modelled).
  zap_pte_range: {
    break: ['pte_unmap_unlock(start_pte, ptl);', 'return addr;'],
    continue: ['pte_unmap_unlock(start_pte, ptl);', 'return addr;'],
  },
  // mm/mprotect.c: change_pte_range()'s loop over the PTEs, run once: a `continue` goes on after
  // the loop, to `pte_unmap_unlock(pte - 1, ptl)` (arch_leave_lazy_mmu_mode() changes nothing modelled).
  change_pte_range: { continue: ['pte_unmap_unlock(pte - 1, ptl);', 'return pages;'] },
  // kernel/events/uprobes.c: xol_take_insn_slot()'s loop until a slot is free, which the model
  // runs once (a slot is always free): a `break` goes on after the loop, to the slot's address.
  xol_take_insn_slot: { break: [] },
  // mm/userfaultfd.c __mcopy_atomic(): `out_unlock:` drops the mmap lock the copy loop holds
  // (`up_read(&dst_mm->mmap_sem)`, mmap_read_unlock() from 5.8), then leaves.
  // `out:` (after that unlock) only drops the copy's own leftover page and returns.
  __mcopy_atomic: { out_unlock: ['mmap_read_unlock(dst_mm);', 'return copied ? copied : err;'], out: ['return copied ? copied : err;'] },
  // mm/userfaultfd.c mcontinue_atomic_pte() (5.13 on): the page came back locked from the page
  // cache; `out_release: unlock_page(page); put_page(page); goto out;` (folio_unlock() and
  // folio_put() from 6.0), and `out: return ret;`.
  mcontinue_atomic_pte: { out_release: ['unlock_page(page);', 'put_page(page);', 'return ret;'] },
  // mm/mprotect.c do_mprotect_pkey() (4.6 on; mprotect() itself before): `out:` drops the mmap lock
  // taken for write (`up_write(&current->mm->mmap_sem)`, mmap_write_unlock() from 5.8), then leaves.
  do_mprotect_pkey: { out: ['mmap_write_unlock(current->mm);', 'return error;'] },
  // kernel/events/uprobes.c __replace_page() (4.17 on, and page_check_address()'s before it): a
  // lookup that finds no PTE leaves by `unlock:`, which ends the notifier range and drops the old
  // page's lock (`unlock_page(old_page)`, folio_unlock(old_folio) from 6.1).
  __replace_page: { unlock: ['mmu_notifier_invalidate_range_end(&range);', 'unlock_page(old_page);', 'return err;'] },
  // mm/mremap.c since 6.5 (a PTE table may vanish under move_ptes: `err = -EAGAIN; goto out;`):
  // `out: if (need_rmap_locks) drop_rmap_locks(vma); return err;`
  move_ptes: { out: ['if (need_rmap_locks)', 'drop_rmap_locks(vma);', 'return err;'] },
};
