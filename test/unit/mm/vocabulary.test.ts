import { describe, expect, it } from 'vitest';
import { actsOnState, canonicalTests, isPredicate, isPure, mayTouchState, modelledFunctionFor, namesOf, newestName, noEffectClassOf, partOf, pinnedSpellings, primitiveOf, spinlockAction, SUCCESS_RETURNS, successReturnOf, walkDownTo, knownConfigBranch, ONLY_SMALL_PAGES, exclusionLockStep, NO_NONLINEAR } from '../../../src/mm/vocabulary.js';

describe('the mm vocabulary', () => {
  it("a call's success value by release: folio_isolate_lru() returns 0 on success until 6.4, true from 6.4; unknown release, undecided", () => {
    expect(successReturnOf('folio_isolate_lru', { major: 6, minor: 3 })).toBe('zero');
    expect(successReturnOf('folio_isolate_lru', { major: 6, minor: 4 })).toBe('true');
    expect(successReturnOf('isolate_lru_page', { major: 5, minor: 10 })).toBe('zero');
    expect(successReturnOf('folio_isolate_lru', null)).toBeNull();
    // (A call whose value never changed answers as SUCCESS_RETURNS does, whatever the release.)
    expect(successReturnOf('trylock_page', null)).toBe('true');
    expect(successReturnOf('mem_cgroup_charge', { major: 6, minor: 4 })).toBeUndefined();
  });

  it('a folio call is read in the page spelling its family started with, folio locals as the page locals', async () => {
    const { pageSpelling } = await import('../../../src/mm/vocabulary.js');
    expect(pageSpelling('folio_put(old_folio)')).toBe('put_page(old_page)');
    expect(pageSpelling('folio_test_anon(folio)')).toBe('PageAnon(page)');
    expect(pageSpelling('__folio_mark_uptodate(new_folio)')).toBe('__SetPageUptodate(new_page)');
    // No folio spelling of a primitive called: unchanged (a local alone is not respelled).
    expect(pageSpelling('folio_nr_pages(folio)')).toBe('folio_nr_pages(folio)');
    expect(pageSpelling('put_page(page)')).toBe('put_page(page)');
  });

  it('a walk never meets an empty or bad upper level, nor a shared PTE table', async () => {
    const { decidedTests } = await import('../../../src/mm/vocabulary.js');
    expect(decidedTests('pgd_none_or_clear_bad(pgd)').map((d) => d.value)).toEqual(['false']);
    expect(decidedTests('pud_none_or_clear_bad(pud) || x').map((d) => d.test)).toEqual(['pud_none_or_clear_bad(pud)']);
    expect(decidedTests('test_bit(MMF_COW_PTE, &mm->flags)').map((d) => d.value)).toEqual(['false']);
    // (pmd_none_or_trans_huge_or_clear_bad() is left alone: a huge PMD is a state some models have.)
    expect(decidedTests('pmd_none_or_trans_huge_or_clear_bad(pmd)')).toEqual([]);
  });

  it('memory protection keys, tmpfs block accounting and page-table page allocation change nothing a model holds', () => {
    expect(noEffectClassOf('mm_pkey_free')).toBe('pkey');
    expect(noEffectClassOf('shmem_inode_acct_block')).toBe('accounting');
    expect(noEffectClassOf('percpu_counter_inc')).toBe('accounting');
    expect(noEffectClassOf('pte_alloc_one')).toBe('slab');
    expect(noEffectClassOf('pte_free')).toBe(null);
    // (The reclaim-side deferred flush, its LRU aging look at accessed bits, fault accounting and
    // dirty throttling: state no model keeps. pte_needs_flush() only compares two values.)
    expect(noEffectClassOf('flush_tlb_batched_pending')).toBe('reclaim-tlb-batch');
    expect(noEffectClassOf('folio_check_references')).toBe('lru');
    expect(noEffectClassOf('mm_account_fault')).toBe('accounting');
    expect(noEffectClassOf('balance_dirty_pages_ratelimited')).toBe('scheduling');
    expect(noEffectClassOf('numa_migrate_check')).toBe(noEffectClassOf('numa_migrate_prep'));
    expect(noEffectClassOf('memalloc_pin_save')).toBe('alloc-scope');
    expect(isPure('pte_needs_flush')).toBe(true);
    expect(isPure('folio_batch_add')).toBe(true);
    expect(primitiveOf('page_cache_get')).toBe(primitiveOf('get_page'));
    expect(noEffectClassOf('flush_anon_page')).toBe('vivt-cache');
    // (Samples 56-59: a folio's kmap and index arithmetic, a VMA's policy and name lookups, a
    // VMA merge through the iterator, hugetlb's own VMA lock; 6.10's folio_release_kmap() puts.)
    for (const name of ['kmap_local_folio', 'folio_page_idx', 'folio_next_index', 'vma_policy', 'anon_vma_name']) expect(isPure(name)).toBe(true);
    expect(noEffectClassOf('vmi_vma_merge')).toBe('vma-tree');
    expect(noEffectClassOf('hugetlb_vma_unlock_write')).toBe('vma-lock');
    expect(primitiveOf('folio_release_kmap')).toBe(primitiveOf('put_page'));
  });

  it("sample 88-89's and their kin: pointers and values read or built off a page-table entry are pure", () => {
    for (const name of ['pmd_folio', 'pmd_pgtable', 'pte_pgprot', 'pmd_index', 'page_ptdesc', 'ptlock_ptr', 'pfn_pmd', 'mk_pmd', 'pte_advance_pfn', 'vm_normal_folio_pmd']) expect(isPure(name)).toBe(true);
    // (A PTE table's try-get and the mode switch of its count are pt-refcount, where no table is freed.)
    for (const name of ['pte_try_get', 'percpu_ref_switch_to_percpu']) expect(noEffectClassOf(name)).toBe('pt-refcount');
  });

  it("samples 82-85's calls: the swap cache let go of, a lock's own step, a zap's nonlinear VMA", () => {
    for (const name of ['try_to_free_swap', 'folio_free_swap', 'free_swap_cache']) expect(noEffectClassOf(name)).toBe('swap-cache');
    expect(exclusionLockStep('spin_lock(&vma->vm_file->f_lock)')).toEqual({ lock: '&vma->vm_file->f_lock', release: false });
    expect(exclusionLockStep('spin_unlock_irqrestore(&mm->lock, flags)')).toEqual({ lock: '&mm->lock', release: true });
    expect(exclusionLockStep('up_write(&x->sem)')).toEqual({ lock: '&x->sem', release: true });
    expect(exclusionLockStep('spin_lock(ptl)')).toBeNull();
    expect(NO_NONLINEAR.find((f) => f.re.test('details->nonlinear_vma'))?.value).toBe(false);
    expect(NO_NONLINEAR.find((f) => f.re.test('vma->vm_flags & VM_NONLINEAR'))?.value).toBe(false);
  });

  it("samples 77-80's calls: LRU flags and lists, PTE markers, hugetlb's PTE forms, the COW-PTE postings' owner", () => {
    for (const name of ['ClearPageReferenced', 'ClearPageActive', 'del_page_from_lru_list', 'add_page_to_lru_list_tail', 'trylock_page_lruvec_irq', 'unlock_page_lruvec_irq']) expect(noEffectClassOf(name)).toBe('lru');
    expect(isPure('make_pte_marker')).toBe(true);
    expect(primitiveOf('huge_ptep_clear_flush')).toBe(primitiveOf('ptep_clear_flush'));
    expect(primitiveOf('set_huge_pte_at')).toBe(primitiveOf('set_pte_at'));
    expect(primitiveOf('huge_ptep_get_and_clear')).toBe(primitiveOf('ptep_get_and_clear'));
    expect(noEffectClassOf('set_cow_pte_owner')).toBe('cow-pte');
    // (Sample 81: the PUD THP postings' split flag is as false as the PMD one where pages are small.)
    expect(ONLY_SMALL_PAGES.find((f) => f.re.test('flags & TTU_SPLIT_HUGE_PUD'))?.value).toBe(false);
  });

  it('page and folio spellings are one primitive', () => {
    expect(primitiveOf('folio_lock')).toBe(primitiveOf('lock_page'));
    expect(primitiveOf('folio_put')).toBe(primitiveOf('put_page'));
    expect(primitiveOf('folio_remove_rmap_pte')).toBe(primitiveOf('page_remove_rmap'));
    expect(primitiveOf('__wp_page_copy_user')).toBe(primitiveOf('cow_user_page'));
    expect(primitiveOf('folio_test_anon')).toBe(primitiveOf('PageAnon'));
    // References taken or dropped n at a time (a batch of PTEs of one folio): the model's page has one.
    expect(primitiveOf('folio_ref_add')).toBe(primitiveOf('get_page'));
    expect(primitiveOf('page_ref_sub')).toBe(primitiveOf('put_page'));
    // 4.19-6.5: the range end without the secondary-TLB invalidate a _notify clear already made.
    expect(primitiveOf('mmu_notifier_invalidate_range_only_end')).toBe(primitiveOf('mmu_notifier_invalidate_range_end'));
    expect(primitiveOf('no_such_call')).toBeNull();
  });

  it('renamed functions are the modelled one; a name reused for another function is not, from its release', () => {
    const s3 = new Set(['gup_pte_range', 'try_grab_folio']);
    expect(modelledFunctionFor('gup_fast_pte_range', s3, { major: 6, minor: 10 })).toBe('gup_pte_range');
    // An old tree's (or a backport's) name keeps its meaning whatever the date.
    expect(modelledFunctionFor('gup_pte_range', s3, { major: 6, minor: 12 })).toBe('gup_pte_range');
    expect(modelledFunctionFor('try_grab_compound_head', s3, { major: 5, minor: 15 })).toBe('try_grab_folio');
    expect(modelledFunctionFor('try_grab_folio_fast', s3, null)).toBe('try_grab_folio');
    // From 6.10 try_grab_folio is the slow path's grab.
    expect(modelledFunctionFor('try_grab_folio', s3, { major: 6, minor: 10 })).toBeNull();
    expect(modelledFunctionFor('try_grab_folio', s3, { major: 6, minor: 9 })).toBe('try_grab_folio');
    expect(namesOf('gup_pte_range').map((n) => n.name)).toEqual(['gup_pte_range', 'gup_fast_pte_range']);
    // 6.10 renamed the whole GUP-fast walk and its entry (b06's patch), not only the modelled levels.
    const s8 = new Set(['internal_get_user_pages_fast']);
    expect(modelledFunctionFor('gup_fast_fallback', s8, { major: 6, minor: 10 })).toBe('internal_get_user_pages_fast');
    expect(newestName('gup_pgd_range')).toBe('gup_fast_pgd_range');
    expect(newestName('unpin_user_pages_lockless')).toBe('gup_fast_unpin_user_pages');
  });

  it('calls are sorted: no effect, pure, may touch modelled state, acting', () => {
    expect(noEffectClassOf('count_vm_event')).toBe('accounting');
    expect(noEffectClassOf('mem_cgroup_charge')).toBe('cgroup');
    expect(noEffectClassOf('trace_mm_filemap_add')).toBe('tracing');
    // Per-task delay accounting around a COW copy (5.19) and its clock; a uprobe's own refcount.
    expect(noEffectClassOf('delayacct_wpcopy_start')).toBe('accounting');
    expect(noEffectClassOf('local_clock')).toBe('accounting');
    expect(noEffectClassOf('try_get_uprobe')).toBe('slab');
    // Reclaim's aging of the accessed bit is a primitive no model keeps state for.
    expect(primitiveOf('ptep_clear_flush_young_notify')).toBe(primitiveOf('ptep_test_and_clear_young'));
    expect(noEffectClassOf('spin_lock_init')).toBe('init');
    expect(isPure('pte_mkdirty')).toBe(true);
    // GUP-fast's lockless PTE read in each of its spellings (before 4.13, 4.13-5.8, 5.9 on).
    expect(canonicalTests('pte_t pte = READ_ONCE(*ptep)')).toBe('pte_t pte = ptep_get_lockless(ptep)');
    expect(canonicalTests('pte_t pte = gup_get_pte(ptep)')).toBe('pte_t pte = ptep_get_lockless(ptep)');
    expect(canonicalTests('pmd_t pmd = READ_ONCE(*pmdp)')).toBe('pmd_t pmd = READ_ONCE(*pmdp)');
    // The PTE-map calls that take no PTL, under their 2024 v1 names too; kmap_thread() of the PKS RFC.
    for (const name of ['pte_offset_map_rw_nolock', 'pte_offset_map_maywrite_nolock', 'pte_offset_map_readonly_nolock', 'kmap_thread', 'kunmap_thread']) expect(isPure(name)).toBe(true);
    // A PTE batch's width is a count read off the PTEs: the 2025 per-caller wrappers too.
    for (const name of ['folio_pte_batch', 'mprotect_folio_pte_batch', 'mremap_folio_pte_batch']) expect(isPure(name)).toBe(true);
    // mremap's lookups of the old range's PUD/PMD (l06's threaded-state rework passes them other arguments).
    for (const name of ['get_old_pud', 'get_old_pmd']) expect(isPure(name)).toBe(true);
    expect(primitiveOf('modify_prot_commit_ptes')).toBe(primitiveOf('ptep_modify_prot_commit'));
    // folio_mapping() reads ->mapping as page_mapping() does (its name holds 'pin' and 'mapping').
    expect(isPure('folio_mapping')).toBe(isPure('page_mapping'));
    expect(isPure('folio_mapping')).toBe(true);
    // Parts of zap_pte_range() in later trees, and copy_present_pte()'s 6.9 name.
    expect(partOf('zap_present_ptes', new Set(['zap_pte_range']))?.of).toBe('zap_pte_range');
    expect(partOf('zap_nonpresent_ptes', new Set(['zap_pte_range']))?.never).toBe(true);
    expect(partOf('zap_present_ptes', new Set(['do_wp_page']))).toBeNull();
    expect(namesOf('copy_present_pte').map((n) => n.name)).toContain('copy_present_ptes');
    expect(mayTouchState('folio_zap_ptes')).not.toBeNull();
    expect(mayTouchState('folio_estimated_sharers')).toBeNull();
    // A word that only contains a fragment says nothing: `default` is no fault, `clock` no lock;
    // the fragment itself still counts beside it.
    expect(mayTouchState('set_default_numa_policy')).toBeNull();
    expect(mayTouchState('sched_clock')).toBeNull();
    expect(mayTouchState('default_fault_around')).toBe('fault');
    // Calls that install PTEs or write-protect and clean them over the rmap, whose names hold no
    // page-table word: not assumed harmless.
    for (const name of ['vm_insert_page', 'vmf_insert_pfn', 'vmf_insert_mixed', 'folio_mkclean', 'page_mkclean']) expect(mayTouchState(name), name).not.toBeNull();
    expect(isPure('rcu_dereference')).toBe(true);
    // partOf() makes no part of a function the scenario models itself.
    expect(partOf('handle_pte_fault', new Set(['handle_mm_fault']))?.of).toBe('handle_mm_fault');
    expect(partOf('handle_pte_fault', new Set(['handle_mm_fault', 'handle_pte_fault']))).toBeNull();
    expect(actsOnState('folio_trylock')).toBe(true);
    expect(actsOnState('folio_test_anon')).toBe(false);
    expect(actsOnState('pte_same')).toBe(false);
    // `addr` is an address, not the verb `add`; a name with a real verb still acts.
    expect(actsOnState('ADDR_BEFORE_PREV')).toBe(false);
    expect(actsOnState('vma_addr_in_range')).toBe(false);
    expect(actsOnState('add_mm_counter')).toBe(true);
    // A frozen refcount and its unfreeze, in each family and the pre-4.6 spelling.
    for (const n of ['page_freeze_refs', 'page_ref_freeze', 'folio_ref_freeze']) expect(primitiveOf(n)).toBe('page_ref_freeze');
    for (const n of ['page_unfreeze_refs', 'page_ref_unfreeze', 'folio_ref_unfreeze']) expect(primitiveOf(n)).toBe('page_ref_unfreeze');
  });

  it('reads are undecided values, not actions; equivalent tests and newest names', () => {
    // A lockless PMD read in a test (`pmd_same(pmdval, pmdp_get_lockless(pmd))`) reads, it does not grab.
    expect(actsOnState('pmdp_get_lockless')).toBe(false);
    expect(actsOnState('ptep_get')).toBe(false);
    expect(actsOnState('folio_put')).toBe(true);
    expect(canonicalTests('return pte_access_permitted(pte, WRITE) || x')).toBe('return pte_write(pte) || x');
    // Another access than a write is not a write test.
    expect(canonicalTests('pte_access_permitted(pte, write_fault)')).toBe('pte_access_permitted(pte, write_fault)');
    expect(newestName('folio_fast_pin_allowed')).toBe('gup_fast_folio_allowed');
    expect(newestName('cow_user_page')).toBe('__wp_page_copy_user');
    expect(newestName('never_renamed')).toBe('never_renamed');
    // A success-reporting call is a step of its primitive the lifter can put before the test.
    for (const name of Object.keys(SUCCESS_RETURNS)) expect(primitiveOf(name) ?? name).toBeTruthy();
    expect(primitiveOf('pte_map_lock')).toBe('pte_lock');
    expect(primitiveOf('folio_is_secretmem')).toBe(primitiveOf('page_is_secretmem'));
    expect(primitiveOf('page_dup_file_rmap')).toBe(primitiveOf('page_dup_rmap'));
  });

  it('the i_mmap lock in its spellings before 3.19 is i_mmap_lock_write()/_read(), whatever the scenario', () => {
    expect(pinnedSpellings('spin_lock(&mapping->i_mmap_lock)')).toBe('i_mmap_lock_write(mapping)');
    expect(pinnedSpellings('spin_unlock(&mapping->i_mmap_lock)')).toBe('i_mmap_unlock_write(mapping)');
    expect(pinnedSpellings('mutex_lock(&vma->vm_file->f_mapping->i_mmap_mutex)')).toBe('i_mmap_lock_write(vma->vm_file->f_mapping)');
    expect(pinnedSpellings('down_write(&mapping->i_mmap_sem)')).toBe('i_mmap_lock_write(mapping)');
    expect(pinnedSpellings('up_read(&mapping->i_mmap_rwsem)')).toBe('i_mmap_unlock_read(mapping)');
    // Only the i_mmap lock: another spinlock or rwsem is left as written.
    expect(pinnedSpellings('spin_lock(&mm->page_table_lock)')).toBe('spin_lock(&mm->page_table_lock)');
    expect(pinnedSpellings('down_write(&mm->mmap_sem)')).toBe('down_write(&mm->mmap_sem)');
    // The 2023 ptep_get() series' v2 helper is the PTE read.
    expect(canonicalTests('pte_t ptent = ptep_deref(pte)')).toBe('pte_t ptent = ptep_get(pte)');
    // The vma_flags_t postings' tests of one flag are the vm_flags tests.
    expect(canonicalTests('bool writable = vma_test(dst_vma, VMA_WRITE_BIT)')).toBe('bool writable = (dst_vma->vm_flags & VM_WRITE)');
    expect(canonicalTests('test_bit((__force int)VMA_SHARED_BIT, ACCESS_PRIVATE(&vma->flags, __vma_flags))')).toBe('(vma->vm_flags & VM_SHARED)');
    expect(canonicalTests('if (!vma_flags_word_any(&vma->flags, VM_SHARED | VM_MAYSHARE))')).toBe('if (!(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))');
    // MADV_DONTNEED's zap in its spellings.
    expect(primitiveOf('zap_page_range_single_batched')).toBe(primitiveOf('zap_page_range'));
    expect(primitiveOf('zap_vma_range_batched')).toBe(primitiveOf('zap_page_range'));
  });

  it('the pre-5.8 rwsem calls on an mm are the mmap_lock primitives, no other rwsem', () => {
    expect(canonicalTests('down_read(&mm->mmap_sem)')).toBe('mmap_read_lock(mm)');
    // The mmap range-lock series' wrappers (2017-2018, unmerged) lock the whole range.
    expect(canonicalTests('mm_read_lock(current->mm, &range)')).toBe('mmap_read_lock(current->mm)');
    expect(canonicalTests('if (mm_write_lock_killable(mm, mmrange))')).toBe('if (mmap_write_lock_killable(mm))');
    expect(canonicalTests('mm_downgrade_write(mm, &range)')).toBe('mmap_write_downgrade(mm)');
    expect(canonicalTests('mm_read_lock(mm)')).toBe('mm_read_lock(mm)');
    expect(canonicalTests('if (down_read_killable(&mm->mmap_sem))')).toBe('if (mmap_read_lock_killable(mm))');
    expect(canonicalTests('up_write(&current->mm->mmap_sem)')).toBe('mmap_write_unlock(current->mm)');
    expect(canonicalTests('down_read(&anon_vma->rwsem)')).toBe('down_read(&anon_vma->rwsem)');
    expect(primitiveOf('mmap_read_lock_killable')).toBe('mmap_read_lock');
    expect(SUCCESS_RETURNS.mmap_read_lock_killable).toBe('zero');
    expect(noEffectClassOf('flush_cache_page')).toBe('vivt-cache');
    // Recording a range for the gather's later flush is not a flush.
    expect(noEffectClassOf('tlb_remove_tlb_entry')).toBe('gather');
    expect(noEffectClassOf('folio_throttle_swaprate')).toBe('cgroup');
    expect(noEffectClassOf('kfree')).toBe('slab');
    expect(noEffectClassOf('pagefault_disable')).toBe('scheduling');
    expect(primitiveOf('folio_move_anon_rmap')).toBe(primitiveOf('page_move_anon_rmap'));
    expect(primitiveOf('split_huge_pmd')).toBe(primitiveOf('split_huge_page_pmd'));
    expect(noEffectClassOf('tlb_flush_mmu')).toBeNull();
    expect(noEffectClassOf('task_numa_fault')).toBe('scheduling');
    expect(actsOnState('folio_maybe_dma_pinned')).toBe(false);
  });
});

describe('the kernel version a backport says it is for', () => {
  it('reads a backport note, not a stable Cc line of a mainline patch', async () => {
    const { versionFromBackportNote } = await import('../../../src/check/switches.js');
    expect(versionFromBackportNote('[someone: backport to 4.19 kernel]')).toEqual({ major: 4, minor: 19 });
    expect(versionFromBackportNote('Backported to the 5.10 stable tree.')).toEqual({ major: 5, minor: 10 });
    expect(versionFromBackportNote('Cc: stable@vger.kernel.org # 5.10+')).toBeNull();
    expect(versionFromBackportNote('This should be backported to stable.')).toBeNull();
  });

  it('nouns that start like a verb (`mapping`, `address`) do not make a test an action; the verbs still do', () => {
    expect(actsOnState('secretmem_mapping')).toBe(false);
    expect(actsOnState('check_stable_address_space')).toBe(false);
    expect(actsOnState('unmap_mapping_range')).toBe(true);
    expect(actsOnState('add_mm_counter')).toBe(true);
    expect(isPredicate('can_userfault')).toBe(true);
    expect(isPredicate('secretmem_mapping')).toBe(false);
  });

  it('the spellings of taking and dropping one spinlock', () => {
    expect(spinlockAction('spin_lock_nested')).toBe('acquire');
    expect(spinlockAction('spin_lock')).toBe('acquire');
    expect(spinlockAction('spin_unlock_irqrestore')).toBe('release');
    expect(spinlockAction('mutex_lock')).toBeNull();
  });

  it("the fault path's PTE install: alloc_set_pte() -> do_set_pte() (5.12) -> set_pte_range() (6.4)", () => {
    expect(namesOf('alloc_set_pte')).toEqual([
      { name: 'alloc_set_pte', since: null },
      { name: 'do_set_pte', since: '5.12' },
      { name: 'set_pte_range', since: '6.4' },
    ]);
    expect(primitiveOf('flush_icache_pages')).toBe(primitiveOf('flush_icache_page'));
    expect(primitiveOf('folio_add_file_rmap_range')).toBe(primitiveOf('page_add_file_rmap'));
  });
});

describe('tests the vocabulary decides outright', () => {
  it('names each decided test with its value and why; a respelling is not one', async () => {
    const { decidedTests, NO_USERFAULTFD } = await import('../../../src/mm/vocabulary.js');
    expect(decidedTests('(vmf->flags & FAULT_FLAG_VMA_LOCK) && !vma_is_anonymous(vma)')).toEqual([
      { test: '(vmf->flags & FAULT_FLAG_VMA_LOCK)', value: 'false', why: 'every modelled fault holds the mmap lock; none runs under a per-VMA lock' },
    ]);
    expect(canonicalTests('(vmf->flags & FAULT_FLAG_VMA_LOCK) && !vma_is_anonymous(vma)')).toBe('false && !vma_is_anonymous(vma)');
    // A respelling (`down_read(&mm->mmap_sem)` is `mmap_read_lock(mm)`) decides nothing.
    expect(decidedTests('down_read(&mm->mmap_sem)')).toEqual([]);
    // The registration tests a scenario without userfaultfd states false, and a PTE's uffd-wp bit
    // with them: only UFFDIO_WRITEPROTECT (and its markers) sets it, on a registered VMA. (No
    // model of such a scenario keeps the bit as state.) Other bits of the PTE are no fact.
    const isFact = (t: string) => NO_USERFAULTFD.some((f) => f.re.test(t));
    expect(['userfaultfd_wp(vma)', 'userfaultfd_pte_wp(vma, *vmf->pte)', 'userfaultfd_missing(vma)', 'vma->vm_flags & VM_UFFD_WP', 'vma->vm_userfaultfd_ctx.ctx', 'pte_uffd_wp(ptent)'].every(isFact)).toBe(true);
    expect(isFact('pte_write(ptent)')).toBe(false);
  });
});

describe('walkDownTo', () => {
  it('goes down to the first lower level of the same walk the set has', () => {
    const fns = new Set(['change_pte_range', 'gup_pmd_range', 'gup_pte_range']);
    expect(walkDownTo('change_pud_range', fns)).toBe('change_pte_range');
    expect(walkDownTo('change_p4d_range', fns)).toBe('change_pte_range');
    expect(walkDownTo('gup_pud_range', fns)).toBe('gup_pmd_range');
    expect(walkDownTo('gup_pmd_range', fns)).toBe('gup_pte_range');
  });
  it('is null for another walk, a non-level name or a missing lower level', () => {
    const fns = new Set(['change_pte_range']);
    expect(walkDownTo('zap_pud_range', fns)).toBeNull();
    expect(walkDownTo('change_pte_range', fns)).toBeNull();
    expect(walkDownTo('change_protection_range', fns)).toBeNull();
  });
});

describe('knownConfigBranch', () => {
  it('reads the tests of a known option, each way', () => {
    expect(knownConfigBranch('#ifdef CONFIG_MMU')).toBe(true);
    expect(knownConfigBranch('#ifndef CONFIG_HAVE_IOREMAP_PROT')).toBe(false);
    expect(knownConfigBranch('#if defined(CONFIG_MMU)')).toBe(true);
    expect(knownConfigBranch('#if !defined(CONFIG_MMU) /* nommu */')).toBe(false);
    expect(knownConfigBranch('#if IS_ENABLED(CONFIG_HAVE_IOREMAP_PROT)')).toBe(true);
  });
  it('is null for an unknown option or a compound test', () => {
    expect(knownConfigBranch('#ifdef CONFIG_TRANSPARENT_HUGEPAGE')).toBeNull();
    expect(knownConfigBranch('#if defined(CONFIG_MMU) && defined(CONFIG_NUMA)')).toBeNull();
    expect(knownConfigBranch('#if 0')).toBeNull();
  });
});

describe('vma-tree class and address arithmetic', () => {
  it('splitting and merging VMA structs is no step (vma-tree)', () => {
    for (const n of ['split_vma', '__split_vma', 'vma_merge', 'vma_modify_flags', 'vma_expand']) expect(noEffectClassOf(n)).toBe('vma-tree');
    expect(noEffectClassOf('vma_start_write')).toBe('vma-lock');
  });
  it('the end address of a page-table entry, in any level and spelling, is pure', () => {
    for (const n of ['pmd_addr_end', 'gup_pmd_addr_end', 'gup_pud_addr_end', 'pgd_addr_end_folded']) expect(isPure(n)).toBe(true);
    expect(isPure('addr_end_flush')).toBe(false);
  });
});
