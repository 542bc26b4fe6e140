/**
 * S2's lexicon rows: the spellings the shared vocabulary cannot decide alone in this scenario's
 * functions (what a `return` means in a helper, identifiers the scenario fixes).
 */
import { and, call, constCond, iff, not, op, or, ret } from '../../model/code.js';
import type { ScenarioLexicon } from '../../mm/lexicon.js';
import { FOLL } from '../../mm/gup-flags.js';
import { VM } from '../../mm/vm-flags.js';
import { changePteRangeNonPresent, changePteRangeNumaBlock, NO_PROTNONE, ONLY_SMALL_PAGES, PTE_MAP_SUCCEEDS, NO_NONLINEAR, ZAP_WITHIN_ONE_PMD } from '../../mm/vocabulary.js';


/** The PTE install of UFFDIO_COPY/CONTINUE under each of its names. */
const INSTALL_FNS = /^(mcopy_atomic_install_ptes?|mfill_atomic_install_pte)$/;

/** T_gup's functions (its FOLL_FORCE write through the MAP_PRIVATE CONTINUE mapping). */
const T_GUP_FNS = /^(follow_page_pte|can_follow_write_pte|__get_user_pages|faultin_page|handle_pte_fault|do_wp_page|wp_page_reuse|wp_page_copy)$/;

/** The functions that build the ioctl's `_dst_pte` (shmem's own install before 5.13, too). */
const PTE_BUILD_FNS = /^(?:mcopy_atomic_install_ptes?|mfill_atomic_install_pte|shmem_mcopy_atomic_pte|shmem_mfill_atomic_pte|mcopy_atomic_pte|mcontinue_atomic_pte)$/;
const BUILDER = 'pte_mkdirty|pte_mkwrite|pte_wrprotect|pte_mkuffd_wp|pte_clear_uffd_wp';
/**
 * `_dst_pte = b1(b2(... _dst_pte ...))`: one bit builder or several nested (a lone
 * `pte_wrprotect()` clears the write bit mk_pte() may have set from vm_page_prot).
 */
const INSTALL_BUILDERS = new RegExp(`^_dst_pte\\s*=\\s*(?:(?:${BUILDER})\\s*\\(\\s*)+_dst_pte\\s*\\)(?:\\s*\\))*$`);

function builderSteps(text: string): ReturnType<typeof op>[] {
  const names = [...text.matchAll(new RegExp(`(${BUILDER})\\s*\\(`, 'g'))].map((m) => m[1]);
  return names.reverse().map((n) => op(n, `_dst_pte = ${n}(_dst_pte)`));
}

export const lexicon: ScenarioLexicon = {
  stmtRules: [
    { re: /^put_page\s*\(\s*page\s*\)$/, stmts: () => [] },
    // try_to_unmap_one()'s PTE clear with the TLB flush deferred to the batch (4.3 on, for
    // reclaim's TTU_BATCH_FLUSH) or done at once after a batched clear (2025): S2 keeps no TLB, so
    // the clear is the model's ptep_clear_flush step and the flush, now or batched, no step.
    { re: /^pteval\s*=\s*(?:ptep_get_and_clear|get_and_clear_full_ptes|get_and_clear_ptes)\s*\(\s*mm\s*,\s*address\s*,\s*pvmw\.pte\b/, fn: /^try_to_unmap_one$/, stmts: (t) => [op('ptep_clear_flush', t)] },
    { re: /^(?:set_tlb_ubc_flush_pending|flush_tlb_range|flush_tlb_page)\s*\(/, fn: /^try_to_unmap_one$/, stmts: () => [] },
    // The free of the batch of folios reclaim took out of the page cache: what I2.1 asks is
    // settled at __remove_mapping(), so the free after it is no step.
    { re: /^(?:free_unref_folios|free_unref_page_list|free_hot_cold_page_list)\s*\(/, fn: /^(?:shrink_page_list|shrink_folio_list)$/, stmts: () => [] },
    // The ioctl's PTE value given or stripped bits by builders, alone or nested (`_dst_pte =
    // pte_mkuffd_wp(pte_wrprotect(_dst_pte))`): each builder a step on `_dst_pte`, innermost first.
    { re: INSTALL_BUILDERS, fn: PTE_BUILD_FNS, stmts: (t) => builderSteps(t) },
    // 2025's vm_uffd_ops posting: a shared VMA's UFFDIO_COPY goes through its ops' ->uffd_copy(),
    // which for the model's shmem VMA is shmem_mfill_atomic_pte() (the series sets it so), with
    // the arguments that call had.
    { re: /^err\s*=\s*\w+->uffd_copy\s*\(\s*dst_pmd\s*,\s*dst_vma\s*,/, fn: /^mfill_atomic_pte$/, stmts: (t) => [call('shmem_mcopy_atomic_pte', t)] },
    // UFFDIO_COPY under the VMA's read lock (the 2024 per-VMA lock postings, 6.9's
    // uffd_mfill_lock()): T_mprotect, the one actor that changes the VMA, write-locks it
    // (vma_start_write() in mprotect_fixup(), from 6.4) while it holds the mmap lock for write, so
    // the VMA's read lock excludes it as the mmap read lock does, and nothing else here. The model
    // takes the VMA lock's path (lock_vma_under_rcu() finds the VMA: no mmap lock fallback).
    { re: /^(?:(?:struct\s+\w+\s*\*\s*)?[\w>.-]+\s*=\s*)?(?:lock_vma_under_rcu|uffd_lock_vma|uffd_mfill_lock|lock_vma)\s*\(/, stmts: (t) => [op('mmap_read_lock', t)] },
    { re: /^(?:vma_end_read|uffd_mfill_unlock|unlock_vma)\s*\(/, stmts: (t) => [op('mmap_read_unlock', t)] },
    // T_mprotect's walk: mprotect_fixup() gives the VMA its new flags (VM_WRITE here) before it,
    // so maybe_mkwrite() makes the PTE writable (the 2021 shadow-stack postings' spelling).
    { re: /^ptent\s*=\s*maybe_mkwrite\s*\(\s*ptent\s*,\s*vma\s*\)$/, fn: /^change_pte_range$/, stmts: (t) => [op('pte_mkwrite', t)] },
    { re: /^return (true|false)$/, fn: /^can_follow_write_pte$/, stmts: (t, m) => [op('set_can_follow', t, { value: m[1] === 'true' ? 1 : 0 }), ret(t)] },
    { re: /^return !userfaultfd_pte_wp\s*\(/, fn: /^can_follow_write_pte$/, stmts: (t) => [op('set_can_follow_not_uffd_wp', t), ret(t)] },
    {
      // (5.8's 17839856fd58 form has no `(flags & FOLL_FORCE) &&`: T_gup always has FOLL_FORCE.)
      re: /^return pte_write\(pte\)\s*\|\|\s*\((?:\(flags & FOLL_FORCE\)\s*&&\s*)?\(flags & FOLL_COW\)\s*&&\s*pte_dirty\(pte\)\)$/,
      fn: /^can_follow_write_pte$/,
      stmts: (t) => [
        iff(t, or(t, op('pte_write', 'pte_write(pte)'), op('foll_force_cow_dirty', '(flags & FOLL_FORCE) && (flags & FOLL_COW) && pte_dirty(pte)')), [op('set_can_follow', 'return true', { value: 1 })], [
          op('set_can_follow', 'return false', { value: 0 }),
        ]),
        ret(t),
      ],
    },
    { re: /^page = NULL$/, fn: /^follow_page_pte$/, stmts: (t) => [op('gup_page_null', t)] },
    // P is a shmem page: its mapping's set_page_dirty sets PG_dirty and no more, so the flag set
    // alone (shmem's worker after the install, 5.13 on; the zap's file-page branch in the 2023
    // rmap series) is the model's set_page_dirty.
    { re: /^SetPageDirty\(page\)$|^folio_set_dirty\(folio\)$/, fn: /^(?:shmem_mcopy_atomic_pte|zap_pte_range)$/, stmts: (t) => [op('set_page_dirty', t)] },
    // mcontinue_atomic_pte() looks the page up in shmem's page cache, which returns it locked
    // (shmem_getpage() in 5.13-5.19, shmem_get_folio() from 6.0): the model's find_lock_page.
    // (No other actor of the model looks a page up without allocating: a hook the patch adds for
    // it, inlined, is that lookup too. A 2023 posting passes the length to read as well.)
    { re: /^(?:ret|err) = shmem_get(?:page|_folio)\(inode, pgoff, (?:0, )?(?:&(?:page|folio)|foliop), SGP_(?:READ|NOALLOC)(?:, [^()]*)?\)$/, stmts: (t) => [op('find_lock_page', t)] },
    // The postings that let another backing (guest_memfd) serve UFFDIO_CONTINUE reach that same
    // lookup through a hook of the VMA; the model's VMA maps shmem, whose hook is the lookup
    // above (the folio comes back locked and referenced): 2025's vm_ops->userfaultfd_request()
    // and ->get_pagecache_folio(), 2026's vm_uffd_ops->get_folio_noalloc().
    // (Also 2025's vm_uffd_ops v2, ->uffd_get_folio(inode, pgoff, &folio), and its v4,
    // ->minor_get_folio(inode, pgoff, &folio).)
    { re: /^ret = \w+(?:->\w+)*->(?:userfaultfd_request\(UFFD_REQ_FAULT_RESOLVE,.*&folio\)|uffd_get_folio\(|minor_get_folio\()|^folio = \w+(?:->\w+)*->(?:get_pagecache_folio|get_folio_noalloc)\(/, fn: /^mcontinue_atomic_pte$/, stmts: (t) => [op('find_lock_page', t)] },
  ],
  helpers: [
    { fn: /^can_change_pte_writable$/, result: 'can_change', set: 'set_can_change' },
    { fn: /^can_follow_write_pte$/, result: 'can_follow', set: 'set_can_follow' },
  ],
  // The model picks the UFFDIO mode as the actor's first step; the C dispatch on `mode` that
  // leads to mcopy_atomic_pte / shmem / zeropage is that choice (ZEROPAGE is not modelled).
  ignoreLines: [
    // A file's i_mmap lock: reclaim's rmap walk of P holds it for read, and no other actor of the
    // model takes it (the uffd ioctl, mprotect, GUP and the zap go by the page tables of their own
    // mm), so taking it, for read or write, orders nothing among them.
    { re: /^(?:if \([^()]*\)\s*)?i_mmap_(?:un)?lock_(?:read|write)\s*\(/, why: "the file's i_mmap lock, which no S2 actor but reclaim's rmap walk takes" },
    // The uffd-wp marker reclaim leaves where it unmaps a uffd-wp PTE of a VMA registered for
    // uffd-wp (the 2021-2022 postings' pte_install_uffd_wp_if_needed(), merged in 5.19): only
    // UFFDIO_COPY with WP on the shared shmem VMA gives P such a PTE, and it was installed before
    // reclaim could unmap it. After the unmap no S2 actor reads the marker as other than an empty
    // entry: mprotect() leaves markers as they are, the ioctl has installed already, and GUP and the
    // zap act only in the CONTINUE configuration, whose PTE is never uffd-wp.
    { re: /^set_pte_at\s*\(.*\b(?:make_pte_marker\s*\(\s*PTE_MARKER_UFFD_WP\s*\)|pte_swp_mkuffd_wp_special\s*\()/, fn: /^(?:try_to_unmap_one|zap_pte_range|\w*install_uffd_wp\w*)$/, assumed: true, why: 'a uffd-wp marker where reclaim unmapped P: no S2 actor after the unmap reads it other than as an empty entry' },
    { re: /^switch \(mode\)$|^case M(?:COPY|FILL)_ATOMIC_\w+:?$|^break$|^default:?$/, fn: /^mfill_atomic_pte$/, why: 'dispatch on the UFFDIO mode (the model chooses the mode)' },
    { re: /^if \(mode == M(?:COPY_ATOMIC_(?:NORMAL|ZEROPAGE)|FILL_ATOMIC_(?:COPY|ZEROPAGE))\)$|^if \(uffd_flags_mode_is\(flags, MFILL_ATOMIC_(?:COPY|ZEROPAGE)\)\)$/, fn: /^mfill_atomic_pte$/, why: 'dispatch on the UFFDIO mode (the model chooses the mode)' },
    { re: /^(err = )?(?:shmem_)?mfill_zeropage_pte\(|^err = -EINVAL$/, fn: /^mfill_atomic_pte$/, why: 'UFFDIO_ZEROPAGE is not modelled' },
    // The user's data goes into the page the ioctl allocated, before any PTE maps it (also on
    // the retry after a fault in the copy): part of the model's allocate-and-copy step. (The 2020
    // iov_iter posting copies with copy_page_from_iter() instead of copy_from_user().)
    // (The 2025-2026 mfill_state series wraps that copy in mfill_copy_folio_locked().)
    { re: /^(?:\w+\s*=\s*)?(?:(?:__)?copy_from_user(?:_inatomic)?|(?:__)?copy_page_from_iter(?:_atomic)?|mfill_copy_folio_locked)\s*\(/, fn: /^(mcopy_atomic_pte|shmem_mcopy_atomic_pte|__mcopy_atomic)$/, why: "the UFFDIO_COPY data copied into the ioctl's own page (the model's allocate-and-copy step)" },
  ],
  condRules: [
    // T_gup's VMA maps shmem (the CONTINUE configuration): it has vm_ops, with a ->fault handler
    // (the none-PTE fault goes to do_fault(), never do_anonymous_page()).
    { re: /^(?:vmf->)?vma->vm_ops(?:->fault)?$/, fn: T_GUP_FNS, cond: (t) => ({ cond: constCond(t, true) }) },
    // 6.1's can_change_pte_writable() asks vma_soft_dirty_enabled() (76aefad628aa): tracking is
    // off on the model's VMA, which has VM_SOFTDIRTY from mmap and no clear_refs write after.
    { re: /^vma_soft_dirty_enabled\s*\(/, fn: /^can_change_pte_writable$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // (6.10's pte_needs_soft_dirty_wp(vma, pte): that test and the PTE's soft-dirty bit together.)
    { re: /^pte_needs_soft_dirty_wp\s*\(/, fn: /^can_change_pte_writable$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // T_gup's GUP is a FOLL_FORCE access, never a read-only FOLL_PIN: nothing to unshare (5.17+).
    { re: /^gup_must_unshare\s*\(/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The install function in mainline's words (5.14 on) where the model has the series' v4 ones:
    // `newly_allocated` is false only for UFFDIO_CONTINUE (its page is already in the cache), and
    // `page_in_cache` (`page->mapping`) is read as the model's is_file_backed, every VMA of the
    // model mapping the shmem file, so both sides of a patch read it alike.
    { re: /^newly_allocated$/, fn: INSTALL_FNS, cond: (t) => ({ cond: not(op('is_continue', 'is_continue'), t) }) },
    { re: /^page_in_cache$/, fn: INSTALL_FNS, cond: (t) => ({ cond: op('is_file_backed', t) }) },
    // Its test for a page-cache page in a private mapping (5.14 on, `is_continue && !vm_shared`
    // before): in the model only UFFDIO_CONTINUE maps a page-cache page into a VMA that is not
    // VM_SHARED (a private UFFDIO_COPY installs a fresh anonymous page), so it is the same test.
    { re: /^page_in_cache\s*&&\s*!vm_shared$/, fn: INSTALL_FNS, whole: true, cond: (t) => ({ cond: and(t, op('is_continue', 'is_continue'), not(op('vm_shared', 'vm_shared'))) }) },
    // The ioctl's refusal of a WP copy into a VMA not registered for uffd-wp: the model asks for
    // a WP copy only on a VMA that is (the configurations are the ioctl calls that proceed).
    { re: /^\(?\s*(?:wp_copy|\(?\s*\w*flags\s*&\s*MFILL_ATOMIC_WP\s*\)?|uffd_flags_wp\s*\(\s*\w*flags\s*\))\s*\)?\s*&&\s*!\s*\(\s*dst_vma->vm_flags\s*&\s*VM_UFFD_WP\s*\)$/, fn: /^__mcopy_atomic$/, whole: true, cond: (t) => ({ cond: constCond(t, false) }) },
    // 6.4 spells the modes MFILL_ATOMIC_* (NORMAL became COPY), in a `mode` or as the mode bits
    // of a uffd_flags_t (`uffd_flags_mode_is(flags, ...)`), and the WP request as a flag bit
    // (the 2023 postings' `mode_flags` too).
    { re: /^mode\s*==\s*MFILL_ATOMIC_CONTINUE$|^uffd_flags_mode_is\s*\(\s*\w*flags\s*,\s*MFILL_ATOMIC_CONTINUE\s*\)$|^\(\s*\w*flags\s*&\s*MFILL_ATOMIC_MODE_MASK\s*\)\s*==\s*MFILL_ATOMIC_CONTINUE$/, cond: (t) => ({ cond: op('mode_continue', t) }) },
    { re: /^mode\s*(?:==\s*(?:MCOPY_ATOMIC_NORMAL|MFILL_ATOMIC_COPY)|!=\s*M(?:COPY|FILL)_ATOMIC_CONTINUE)$|^uffd_flags_mode_is\s*\(\s*\w*flags\s*,\s*MFILL_ATOMIC_COPY\s*\)$|^\(\s*\w*flags\s*&\s*MFILL_ATOMIC_MODE_MASK\s*\)\s*==\s*MFILL_ATOMIC_COPY$/, cond: (t) => ({ cond: not(op('mode_continue', 'mode == MCOPY_ATOMIC_CONTINUE'), t) }) },
    { re: /^\(?\s*\w*flags\s*&\s*MFILL_ATOMIC_WP\s*\)?$/, cond: (t) => ({ cond: op('wp_copy', t) }) },
    // The modes the model does not run: UFFDIO_ZEROPAGE, and UFFDIO_POISON (6.6).
    // (Until 5.12 the mode was a `bool zeropage` parameter, passed down to the shmem worker.)
    { re: /^zeropage$/, fn: /^(?:__mcopy_atomic|mfill_atomic_pte|shmem_mcopy_atomic_pte)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^uffd_flags_mode_is\s*\(\s*\w*flags\s*,\s*MFILL_ATOMIC_(?:ZEROPAGE|POISON)\s*\)$|^\(\s*\w*flags\s*&\s*MFILL_ATOMIC_MODE_MASK\s*\)\s*==\s*MFILL_ATOMIC_(?:ZEROPAGE|POISON)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // Every VMA of the model maps the shmem file that holds P (MAP_SHARED or MAP_PRIVATE).
    { re: /^vma_is_anonymous\s*\(\s*(dst_)?vma\s*\)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    { re: /^vma_is_shmem\s*\(\s*(dst_)?vma\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // (So none is a guest_memfd VMA, the 2025 series' other backing for UFFDIO_CONTINUE.)
    { re: /^kvm_gmem_vma_is_gmem\s*\(\s*(dst_)?vma\s*\)$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The i_size check passes in the scenario (the address is inside the file).
    // (shmem_mfill_atomic_pte() until 5.12 reads the page index, pgoff.)
    { re: /^(?:offset|pgoff)\s*>=\s*max_off$/, cond: (t) => ({ cond: constCond(t, false) }) },
    // The VMA's uffd-wp registration (UFFDIO_REGISTER_MODE_WP), part of the configuration.
    { re: /^userfaultfd_wp\s*\(\s*(?:vmf->)?vma\s*\)$/, fn: /^change_pte_range$/, cond: (t) => ({ cond: op('vma_uffd_wp', t) }) },
    // T_mprotect's new PTE value carries the uffd-wp bit of the old one.
    { re: /^pte_uffd_wp\s*\(\s*ptent\s*\)$/, fn: /^change_pte_range$/, cond: (t) => ({ cond: op('ptent_uffd_wp', t) }) },
    // T_gup writes through a MAP_PRIVATE mapping (the CONTINUE configuration): never a shared
    // writable one.
    { re: /vm_flags\s*&\s*\(\s*VM_WRITE\s*\|\s*VM_SHARED\s*\)\s*\)?\s*==\s*\(?\s*VM_WRITE\s*\|\s*VM_SHARED\s*\)?$/, fn: T_GUP_FNS, cond: (t) => ({ cond: constCond(t, false) }) },
    // (Nor a shared mapping at all: 2022's do_wp_page() splits on VM_SHARED | VM_MAYSHARE first.)
    { re: /^\(?\s*(?:vmf->)?vma->vm_flags\s*&\s*\(?\s*VM_SHARED(?:\s*\|\s*VM_MAYSHARE)?\s*\)?\s*\)?$/, fn: T_GUP_FNS, cond: (t) => ({ cond: constCond(t, false) }) },
    // T_gup's page (elsewhere, in T_helper's zap, another actor's test: explored both ways).
    // (do_wp_page()'s own test of the faulting page, by either name, is its orig_page_anon.)
    { re: /^(?:PageAnon\s*\(\s*(?:vmf->page|old_page)|folio_test_anon\s*\(\s*folio)\s*\)$/, fn: /^do_wp_page$/, cond: (t) => ({ cond: op('orig_page_anon', t) }) },
    { re: /^(?:PageAnonExclusive|PageAnon|folio_test_anon(?:_exclusive)?)\s*\(/, fn: T_GUP_FNS, cond: (t) => ({ cond: op('gup_page_anon_exclusive', t) }) },
    // The one fault of the scenario is T_gup's, a FOLL_WRITE fault.
    { re: /^vmf->flags\s*&\s*FAULT_FLAG_WRITE$/, cond: (t) => ({ cond: constCond(t, true) }) },
    // x86, a fresh mmap: soft-dirty tracking is built in and VM_SOFTDIRTY is set.
    { re: /^IS_ENABLED\s*\(\s*CONFIG_MEM_SOFT_DIRTY\s*\)$/, cond: (t) => ({ cond: constCond(t, true) }) },
    { re: /^vma->vm_flags\s*&\s*VM_SOFTDIRTY$/, cond: (t) => ({ cond: constCond(t, true) }) },
  ],
  // T_gup faults only on the UFFDIO_CONTINUE configuration, whose VMA is registered for minor
  // faults alone: its fault never meets a uffd-wp VMA or PTE.
  // A page this model frees goes at its last put; no page table is freed: RCU readers wait for nothing here.
  // T_mprotect is mprotect(), not UFFDIO_WRITEPROTECT: on a none PTE its walk installs no
  // marker or zero page (that branch acts only for a uffd-wp change), and no PTE of the model is
  // a swap or migration entry.
  unmodelledPaths: [
    changePteRangeNonPresent("S2's mprotect() is no uffd-wp change, so it installs nothing in a none PTE, and no PTE of the model is a swap or migration entry"),
    changePteRangeNumaBlock("S2's mprotect() is no NUMA hinting scan (prot_numa is 0)"),
    // try_to_unmap_one()'s branch for an anonymous page, which stores its swap entry in the PTE:
    // reclaim's page here is P, a shmem page. A hunk may open inside it, below its head: its
    // swap-entry steps occur nowhere else in the function.
    {
      fn: /^try_to_unmap_one$/,
      from: /^(?:\}\s*)?else if \((?:PageAnon\((?:sub)?page\)|folio_test_anon\(folio\))\)\s*\{$/,
      to: 'block-end',
      inside: /\bswap_duplicate\(|\bswp_entry_to_pte\(|\bfolio_dup_swap\(|\bswap_dup_entry_direct\(|\bMM_SWAPENTS\b/,
      why: "try_to_unmap_one()'s branch for an anonymous page (its swap entry), which P, a shmem page, never takes",
    },
    // 4.6-4.11's shrink_page_list(): try_to_unmap()'s answer for a lazily freed (MADV_FREE)
    // anonymous page, up to the case of a page unmapped for good, the one the model takes.
    {
      fn: /^shrink_page_list$/,
      from: /^case SWAP_LZFREE:$/,
      to: /^case SWAP_SUCCESS:$/,
      why: "shrink_page_list()'s case of a lazily freed (MADV_FREE) anonymous page, which P, a shmem page, never is",
    },
    // A page reclaim finds under writeback (waited on, or kept): P never is when reclaim takes it
    // (the PageWriteback() fact above). Witnessed, where the hunk starts inside the branch, by the
    // wait for the writeback, found only there.
    {
      fn: /^(?:shrink_page_list|shrink_folio_list)$/,
      from: /^if \((?:PageWriteback\(page\)|folio_test_writeback\(folio\))\)\s*\{$/,
      to: 'block-end',
      inside: /^(?:wait_on_page_writeback\(page\)|folio_wait_writeback\(folio\));$/,
      insideBefore: /^(?:wait_on_page_writeback\(page\)|folio_wait_writeback\(folio\));$/,
      why: 'the branch for a page under writeback, which P never is when reclaim takes it',
    },
    // The cases of pageout()'s result: the model's writeback of P ends reclaim's pass over it
    // (its `goto keep`), whatever the case says next.
    {
      fn: /^(?:shrink_page_list|shrink_folio_list)$/,
      from: /^case PAGE_KEEP:$/,
      to: 'block-end',
      why: "the cases of pageout()'s result, after P's writeback (the model keeps P there: its `goto keep`)",
    },
  ],
  rcuFreesNothing: 'its pages are freed by their last put, never after an RCU grace period, and it frees no page table',
  freesNoPageTable: true,
  // Its mm has no KVM guest or device behind an IOMMU: wp_page_copy()'s notifier calls are quiet too.
  noMmuNotifierSubscribers: 'no secondary MMU subscribes to the S2 mm',
  // Its facts say P is order 0 (ONLY_SMALL_PAGES).
  onlySmallPages: true,
  // (The model's mprotect never makes the PTE PROT_NONE: change_pte_range()'s own pte_protnone
  // test is constant false, and stays the model's step there.)
  facts: [
    ...NO_NONLINEAR,
    // 4.6-4.11's `lazyfree` local (true once an anonymous page went to swap; the MADV_FREE
    // postings' page_is_lazyfree()): P is a shmem page.
    { re: /^(?:lazyfree|page_is_lazyfree\s*\(\s*page\s*\))$/, fn: /^shrink_page_list$/, value: false, why: 'P is a shmem page: reclaim neither frees it lazily (MADV_FREE) nor sends it to swap as an anonymous page' },
    // Before 5.9 do_wp_page() reused an anon page mapped once (reuse_swap_page()): the only anon
    // page T_gup's fault meets is its own COW copy of P, mapped once (the model's reuse).
    { re: /^(?:reuse_swap_page|can_share_swap_page)\s*\(\s*(?:vmf->page|old_page|page)\s*(?:,\s*[^()]*)?\)$/, fn: /^do_wp_page$/, value: true, why: "the only anon page T_gup's write fault meets is its own COW copy of P, mapped once" },
    { re: /^userfaultfd_(?:wp|pte_wp)\s*\(/, fn: /^(handle_pte_fault|do_wp_page|wp_page_reuse|wp_page_copy)$/, value: false, why: "T_gup's VMA, the UFFDIO_CONTINUE configuration's, is registered for minor faults only" },
    { re: /^pte_uffd_wp\s*\(/, fn: /^(handle_pte_fault|do_wp_page|wp_page_reuse|wp_page_copy)$/, value: false, why: "T_gup's VMA is registered for minor faults only: no PTE it faults on is uffd-wp" },
    ...NO_PROTNONE.map((f) => ({ ...f, fn: /^(?!change_pte_range$)/ })),
    ...PTE_MAP_SUCCEEDS,
    // The monitor asks for no non-cooperative events (fork, mremap, remove, unmap): nothing raises
    // ctx->mmap_changing, so the copy never bails out with -EAGAIN for it.
    { re: /^(?:atomic_read\s*\(\s*&\s*|READ_ONCE\s*\(\s*)?(?:\w+->)*ctx->mmap_changing\s*\)?$/, fn: /./, value: false, why: 'the S2 monitor registers no non-cooperative events: ctx->mmap_changing stays 0' },
    // (And shmem's ops have that hook: the posting's refusal of a VMA without one is not taken.)
    { re: /^WARN_ON_ONCE\s*\(\s*!uffd_ops\s*\|\|\s*!uffd_ops->(?:uffd_copy|uffd_get_folio|minor_get_folio)\s*\)$|^!uffd_ops\s*\|\|\s*!uffd_ops->(?:uffd_copy|uffd_get_folio|minor_get_folio)$/, fn: /^(?:mfill_atomic_pte|mcontinue_atomic_pte)$/, value: false, why: "the model's shared VMA maps shmem, whose vm_uffd_ops have ->uffd_copy() and ->uffd_get_folio()" },
    // The modelled UFFDIO_COPY is one that proceeds: its range lies in one VMA, registered with
    // the userfaultfd (the lookup's refusals, -ENOENT, are not taken).
    { re: /^range_in_vma\s*\(/, fn: /./, value: true, why: "the UFFDIO_COPY range lies in the one VMA the ioctl finds" },
    { re: /^(?:\w+->)*vm_userfaultfd_ctx\.ctx$/, fn: /./, value: true, why: 'the UFFDIO_COPY VMA is registered with the userfaultfd' },
    // (The 2024 per-VMA lock postings' spelling of the range test, and their lookup's -ENOMEM
    // when the VMA's anon_vma cannot be allocated: the lookup proceeds.)
    { re: /^dst_start\s*\+\s*len\s*>\s*dst_vma->vm_end$/, fn: /./, value: false, why: 'the UFFDIO_COPY range lies in the one VMA the ioctl finds' },
    { re: /^PTR_ERR\s*\(\s*dst_vma\s*\)\s*==\s*-ENOMEM$/, fn: /./, value: false, why: "the UFFDIO_COPY lookup finds its VMA and prepares its anon_vma (no -ENOMEM)" },
    // (The per-VMA lock path: the VMA lock taken, so the fallback's flag stays false.)
    { re: /^\*?\s*mmap_locked$/, fn: /./, value: false, why: 'UFFDIO_COPY holds the VMA\'s read lock (lock_vma_under_rcu() finds the VMA), not the mmap lock' },
    // T_mprotect is mprotect(), not UFFDIO_WRITEPROTECT: it passes no uffd-wp change flag.
    // (Also the locals change_pte_range() keeps of those two flags, 5.7 on: `uffd_wp`, `uffd_wp_resolve`.)
    { re: /^\(?\s*cp_flags\s*&\s*MM_CP_UFFD_WP(?:_RESOLVE)?\s*\)?$|^uffd_wp(?:_resolve)?$/, fn: /^change_pte_range$/, value: false, why: "S2's mprotect() is no uffd-wp change (it passes neither MM_CP_UFFD_WP nor MM_CP_UFFD_WP_RESOLVE)" },
    // T_reclaim's page is P, a shmem page in the page cache of a VMA that is not VM_LOCKED: not
    // anonymous, never in the swap cache (its writeback keeps it, the model's `goto keep`), not
    // mlocked, evictable.
    ...[
      { re: /^(?:PageSwapCache|folio_test_swapcache)\s*\(/, value: false, why: 'P is a shmem page in the page cache, never in the swap cache at reclaim\'s tests' },
      // (Nor under writeback when reclaim comes to it: the model's own writeback, pageout(), ends
      // reclaim's pass over P.)
      { re: /^(?:PageWriteback|folio_test_writeback)\s*\(/, value: false, why: "P is under no writeback when reclaim takes it (the model's pageout() ends reclaim's pass over P)" },
      { re: /^(?:PageMlocked|folio_test_mlocked)\s*\(/, value: false, why: 'no VMA of the model is VM_LOCKED: P is not mlocked' },
      { re: /^(?:page_evictable|folio_evictable)\s*\(/, value: true, why: 'P is an evictable page (no VMA of the model is VM_LOCKED)' },
      { re: /^(?:PageAnon|folio_test_anon)\s*\(/, value: false, why: 'P, the page reclaim unmaps, is a shmem page, not an anonymous one' },
      // (The kernel defers it here: TTU_BATCH_FLUSH, the mm in use on other CPUs. S2 keeps no
      // TLB, so both branches are one step; the reference code has the immediate one.)
      { re: /^should_defer_flush\s*\(/, value: false, why: 'S2 keeps no TLB: a deferred flush and an immediate one are the same step for it, read as the immediate one (ptep_clear_flush)' },
      ...ONLY_SMALL_PAGES.map((f) => ({ re: f.re, value: f.value, why: 'P is a small page (the UFFDIO_COPY page, order 0): no THP to split' })),
    ].map((f) => ({ ...f, fn: /^(?:shrink_page_list|shrink_folio_list|try_to_unmap_one)$/ })),
    // (Its range is that one page, so the zap never reclaims the PTE table: ZAP_WITHIN_ONE_PMD.)
    ...ZAP_WITHIN_ONE_PMD,
    // T_helper's MADV_DONTNEED zaps P's PTE: the same order-0 page.
    ...ONLY_SMALL_PAGES.map((f) => ({ re: f.re, value: f.value, fn: /^zap_pte_range$/, why: 'P, the page the zap unmaps, is a small page (the UFFDIO_COPY page, order 0)' })),
  ],
  // T_gup's flags: a FOLL_FORCE write (FOLL_COW is state: set by faultin_page).
  // T_mprotect's `newflags`: PROT_READ|PROT_WRITE on a MAP_SHARED VMA (shared mappings are not
  // VM_ACCOUNT).
  constants: {
    flags: FOLL.FOLL_WRITE | FOLL.FOLL_FORCE | FOLL.FOLL_GET,
    FOLL_WRITE: FOLL.FOLL_WRITE,
    FOLL_FORCE: FOLL.FOLL_FORCE,
    FOLL_GET: FOLL.FOLL_GET,
    FOLL_PIN: FOLL.FOLL_PIN,
    newflags: VM.VM_READ | VM.VM_WRITE | VM.VM_SHARED | VM.VM_MAYREAD | VM.VM_MAYWRITE | VM.VM_MAYSHARE,
    // T_mprotect is mprotect(), not a NUMA hinting scan (change_prot_numa() passes 1 until 5.x's cp_flags).
    prot_numa: 0,
    ...VM,
  },
};
