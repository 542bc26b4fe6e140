/**
 * T_uffd: the UFFDIO_COPY / UFFDIO_CONTINUE ioctl path (mm/userfaultfd.c as in M2a v4, mm/shmem.c
 * thin): the page is found or allocated, `_dst_pte` built from vm_page_prot, and installed under
 * the PTL. Its first step chooses the VMA configuration (see CONFIGS).
 */
import { and, call, iff, not, op, ret, type CondSpec, type KernelCode, type Op, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import {
  anchor,
  mmap_read_lock,
  mmap_read_unlock,
  pte_mkdirty,
  pte_mkuffd_wp,
  pte_mkwrite,
  pte_mkwrite_mkdirty,
  pte_wrprotect,
  pte_clear_uffd_wp,
  pte_none,
  set_pte_at,
  __SetPageLocked,
  unlock_page,
  type PteBits,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Transition } from '../../model/program.js';
import { ACTOR_NAMES, CONFIGS, MODE_CONTINUE, PG_C, PG_P, UFFD, configLabel, isExploitConfig, pageName, type S2State } from './state.js';

/** T_uffd: mm/userfaultfd.c (M2a v4) */
export const uffdCode: KernelCode = {
  __mcopy_atomic: [
    op('mmap_read_lock', 'mmap_read_lock(dst_mm)'),
    call('mfill_atomic_pte', 'err = mfill_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, &page, mcopy_mode, wp_copy)'),
    op('mmap_read_unlock', 'mmap_read_unlock(dst_mm)'),
  ],
  mfill_atomic_pte: [
    iff('if (mode == MCOPY_ATOMIC_CONTINUE)', op('mode_continue', 'mode == MCOPY_ATOMIC_CONTINUE'), [
      call('mcontinue_atomic_pte', 'err = mcontinue_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, wp_copy)'),
      ret('goto out'),
    ]),
    iff(
      'if (!(dst_vma->vm_flags & VM_SHARED))',
      not(op('vm_shared', 'dst_vma->vm_flags & VM_SHARED')),
      [call('mcopy_atomic_pte', 'err = mcopy_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, page, mode, wp_copy)')],
      [call('shmem_mcopy_atomic_pte', 'err = shmem_mcopy_atomic_pte(dst_mm, dst_pmd, dst_vma, dst_addr, src_addr, mode, page)')],
    ),
  ],
  mcopy_atomic_pte: [
    op('alloc_page_copy', 'page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, dst_vma, dst_addr); copy_from_user(page_kaddr, (const void __user *) src_addr, PAGE_SIZE)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, mode, wp_copy)'),
  ],
  // mm/shmem.c, thin: the page-cache page is allocated, filled, added to the cache, then the PTE
  // goes in through the same install helper (as from v5.13 on). M2a v4's own shmem PTE code had
  // the same `VM_WRITE ? pte_mkwrite(pte_mkdirty()) : set_page_dirty(page)` split.
  shmem_mcopy_atomic_pte: [
    op('shmem_alloc_page_copy', 'page = shmem_alloc_page(gfp, info, pgoff); copy_from_user(page_kaddr, (const void __user *)src_addr, PAGE_SIZE)'),
    op('__SetPageLocked', '__SetPageLocked(page)'),
    op('shmem_add_to_page_cache', 'ret = shmem_add_to_page_cache(page, mapping, pgoff, NULL, gfp & GFP_RECLAIM_MASK, dst_mm)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, mode, wp_copy)'),
    op('unlock_page', 'unlock_page(page)'),
  ],
  mcontinue_atomic_pte: [
    op('find_lock_page', 'page = find_lock_page(mapping, pgoff)'),
    call('mcopy_atomic_install_ptes', 'ret = mcopy_atomic_install_ptes(dst_mm, dst_pmd, dst_vma, dst_addr, page, MCOPY_ATOMIC_CONTINUE, wp_copy)'),
    op('unlock_page', 'unlock_page(page)'),
  ],
  mcopy_atomic_install_ptes: [
    op('mk_pte', '_dst_pte = mk_pte(page, dst_vma->vm_page_prot)'),
    op('vma_writable', 'writable = dst_vma->vm_flags & VM_WRITE'),
    iff(
      'if (is_continue && !vm_shared)',
      and('is_continue && !vm_shared', op('is_continue', 'is_continue'), not(op('vm_shared', 'vm_shared'))),
      [op('clear_writable', 'writable = 0')],
    ),
    iff(
      'if (writable)',
      op('writable', 'writable'),
      [
        op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)'),
        iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
          op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
        ]),
      ],
      [iff('else if (vm_shared)', op('vm_shared', 'vm_shared'), [op('set_page_dirty', 'set_page_dirty(page)')])],
    ),
    op('pte_offset_map_lock', 'dst_pte = pte_offset_map_lock(dst_mm, dst_pmd, dst_addr, &ptl)'),
    op('i_size_check', 'max_off = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE); if (unlikely(offset >= max_off)) goto out_unlock'),
    iff('if (!pte_none(*dst_pte))', not(op('pte_none', 'pte_none(*dst_pte)')), [
      op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)'),
      ret('goto out_unlock  /* -EEXIST */'),
    ]),
    op('inc_mm_counter', 'inc_mm_counter(dst_mm, mm_counter(page))'),
    iff('if (is_file_backed)', op('is_file_backed', 'is_file_backed'), [op('page_add_file_rmap', 'page_add_file_rmap(page, false)')], [
      op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(page, dst_vma, dst_addr, false)'),
    ]),
    iff('if (!is_continue)', not(op('is_continue', 'is_continue')), [op('lru_cache_add', 'lru_cache_add_inactive_or_unevictable(page, dst_vma)')]),
    op('set_pte_at', 'set_pte_at(dst_mm, dst_addr, dst_pte, _dst_pte)'),
    op('update_mmu_cache', 'update_mmu_cache(dst_vma, dst_addr, dst_pte)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)'),
  ],
};

/** T_uffd over S2's state: its ops' meaning, compiled from `code`. */
export function uffdActor(code: KernelCode, st: S2State): Actor {
  const { pc, vShared, vWrite, vUffdWp, mode, wpCopy, pte, pCache, pData, pDirty, pLocked, pLru, uPage, uWritable, nWrite, nDirty, nSoft, nWp, PTE, none, fp, protReads, vmPageProtWrite, pteText, constant, flag, mm, P, ptlLock, ptlUnlock } = st;
  // _dst_pte, the entry the ioctl builds before installing it.
  const dstPte: PteBits = { write: nWrite, dirty: nDirty, soft_dirty: nSoft, uffd_wp: nWp };
  const uffdStep = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_read_lock':
        return mmap_read_lock(mm, UFFD);
      case 'mmap_read_unlock':
        return mmap_read_unlock(mm, UFFD);
      case 'alloc_page_copy':
        return {
          primitive: 'alloc_page',
          apply: (m) => m.set(uPage, PG_C),
          may: fp(none, [uPage]),
          note: () => 'anon page C allocated, UFFDIO_COPY data copied into it',
        };
      case 'shmem_alloc_page_copy':
        return {
          primitive: 'alloc_page',
          apply: (m) => {
            m.set(uPage, PG_P);
            m.set(pData, 1);
          },
          may: fp(none, [uPage, pData]),
          note: () => 'shmem page P allocated, UFFDIO_COPY data copied into it',
        };
      case '__SetPageLocked':
        return __SetPageLocked(P, UFFD);
      case 'shmem_add_to_page_cache':
        return {
          primitive: 'add_to_page_cache',
          apply: (m) => m.set(pCache, 1),
          may: fp(none, [pCache]),
          note: (m) => `P in the page cache, ${m.get(pDirty) ? 'PageDirty' : 'clean (PageDirty not set)'}`,
        };
      case 'find_lock_page':
        return {
          primitive: 'lock_page',
          guard: (m) => m.get(pLocked) === 0 && m.get(pCache) === 1,
          apply: (m) => {
            m.set(pLocked, UFFD + 1);
            m.set(uPage, PG_P);
          },
          may: fp([pLocked, pCache], [pLocked, uPage]),
          note: () => 'page-cache page P found and locked',
        };
      case 'unlock_page':
        return unlock_page(P);
      // The error tail of the inline shmem install (v5.12 and before): P leaves the cache again.
      case 'ClearPageDirty':
        return { apply: (m) => m.set(pDirty, 0), may: fp(none, [pDirty]), note: () => 'PageDirty(P) cleared' };
      case 'delete_from_page_cache':
        return { primitive: 'delete_from_page_cache', apply: (m) => m.set(pCache, 0), may: fp(none, [pCache]), note: () => 'P deleted from the page cache' };
      case 'mk_pte':
        return {
          primitive: 'mk_pte',
          apply: (m) => {
            m.set(nWrite, vmPageProtWrite(m));
            m.set(nDirty, 0);
            m.set(nSoft, 0);
            m.set(nWp, 0);
          },
          may: fp(protReads, [nWrite, nDirty, nSoft, nWp]),
          note: (m) => `_dst_pte ${m.get(nWrite) ? 'writable (vm_page_prot has write)' : 'R/O'}, clean, maps ${pageName(m.get(uPage))}`,
        };
      case 'vma_writable':
        return { apply: (m) => m.set(uWritable, m.get(vWrite)), may: fp([vWrite], [uWritable]), note: (m) => `writable = ${m.get(uWritable)}` };
      case 'clear_writable':
        return { apply: (m) => m.set(uWritable, 0), may: fp(none, [uWritable]) };
      case 'pte_mkdirty':
        return pte_mkdirty(dstPte, { note: () => '_dst_pte dirty (and soft-dirty)' });
      case 'pte_mkuffd_wp':
        return pte_mkuffd_wp(dstPte, { note: () => '_dst_pte uffd-wp' });
      case 'pte_mkwrite':
        return pte_mkwrite(dstPte, { note: () => '_dst_pte writable' });
      case 'pte_mkwrite_mkdirty':
        return pte_mkwrite_mkdirty(dstPte, { note: () => '_dst_pte dirty and writable' });
      case 'pte_wrprotect':
        return pte_wrprotect(dstPte, { note: () => '_dst_pte R/O' });
      case 'pte_clear_uffd_wp':
        return pte_clear_uffd_wp(dstPte, { note: () => '_dst_pte not uffd-wp' });
      case 'set_page_dirty':
        return {
          apply: (m) => {
            if (m.get(uPage) === PG_P) m.set(pDirty, 1);
          },
          may: fp([uPage], [pDirty]),
          note: (m) => (m.get(uPage) === PG_P ? 'PageDirty(P) set' : `${pageName(m.get(uPage))} marked dirty`),
        };
      case 'pte_offset_map_lock':
        return ptlLock(UFFD);
      case 'pte_unmap_unlock':
        return ptlUnlock;
      case 'i_size_check':
      case 'inc_mm_counter':
      case 'page_add_file_rmap':
      case 'page_add_new_anon_rmap':
      case 'update_mmu_cache':
        return anchor(o.op);
      case 'lru_cache_add':
        return {
          primitive: 'lru_cache_add',
          apply: (m) => {
            if (m.get(uPage) === PG_P) m.set(pLru, 1);
          },
          may: fp([uPage], [pLru]),
          quiet: true,
        };
      case 'set_pte_at':
        return set_pte_at(
          mm,
          { pfn: { from: uPage }, present: 1, write: { from: nWrite }, dirty: { from: nDirty }, soft_dirty: { from: nSoft }, uffd_wp: { from: nWp } },
          { note: (m) => `pte installed ${pteText(m)}` },
        );
      default:
        return null;
    }
  };
  const uffdCond = (o: Op): CondSpec | null => {
    switch (o.op) {
      case 'mode_continue':
      case 'is_continue':
        return { test: (m) => m.get(mode) === MODE_CONTINUE, reads: [mode] };
      case 'vm_shared':
        return flag(vShared);
      case 'writable':
        return flag(uWritable);
      case 'wp_copy':
        return flag(wpCopy);
      case 'pte_none':
        return pte_none(mm);
      case 'is_file_backed':
        return constant(true); // every VMA here maps the shmem file
      default:
        return null;
    }
  };

  // The configuration is chosen by a first step, then the ioctl runs.
  const uffdBody = compileActor(ACTOR_NAMES[UFFD], pc[UFFD], code, ['__mcopy_atomic'], { step: (o) => uffdStep(o), cond: (o) => uffdCond(o) });
  const setupWrites = [vShared, vWrite, vUffdWp, mode, wpCopy, pCache, pDirty, ...PTE];
  const setup: Transition[] = CONFIGS.map((c) => ({
    label: configLabel(c),
    primitive: 'uffd_setup',
    next: 1,
    may: fp(none, setupWrites),
    apply: (m: Mem) => {
      m.set(vShared, c.shared);
      m.set(vWrite, c.write);
      m.set(vUffdWp, c.wp);
      m.set(wpCopy, c.wp);
      m.set(mode, c.mode);
      if (c.mode === MODE_CONTINUE) {
        // The monitor wrote the data through another mapping earlier: the page is in the page
        // cache and dirty from that write.
        m.set(pCache, 1);
        m.set(pDirty, 1);
      }
      if (isExploitConfig(c)) {
        m.set(pte.pfn, PG_P);
        m.set(pte.present, 1);
      }
    },
    note: (m: Mem) =>
      `${m.get(vShared) ? 'VM_SHARED' : 'MAP_PRIVATE'}, ${m.get(vWrite) ? 'VM_WRITE' : '!VM_WRITE'}${m.get(vUffdWp) ? ', VM_UFFD_WP' : ''}${
        m.get(pte.present) ? `; pte ${pteText(m)}` : ''
      }`,
  }));
  const uffd: Actor = {
    name: uffdBody.name,
    pc: uffdBody.pc,
    locations: [setup, ...uffdBody.locations.map((alts) => alts.map((t) => ({ ...t, next: t.next + 1 })))],
  };
  if (uffd.locations.length > 255) throw new Error('T_uffd: too many locations');
  return uffd;
}
