/**
 * S2's variants: the spec's rows as edits of the baseline code (the fixes, the broken
 * versions, the series that changed the rules), each with its verdict and source.
 */
import { and, call, constCond, iff, not, op, ret, type IfStmt, type KernelCode, type Stmt } from '../../model/code.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
import { CAN_FOLLOW_WRITE_PTE_5535BE } from './gup.js';
import type { Scenario } from '../scenario.js';

// Statements the edits find by their C.
const isWritableIf = (s: Stmt) => s.op === 'if' && s.c === 'if (writable)';
const isContinuePrivateIf = (s: Stmt) => s.op === 'if' && s.c === 'if (is_continue && !vm_shared)';
const isDirtyAccountableIf = (s: Stmt) => s.op === 'if' && s.c.startsWith('if (dirty_accountable');
const isOldFollowRule = (s: Stmt) => s.op === 'if' && s.c.includes('FOLL_COW');
const isFollowCheck = (s: Stmt) => s.op === 'if' && s.c.startsWith('if ((flags & FOLL_WRITE) && !can_follow_write_pte');
const isFollCowIf = (s: Stmt) => s.op === 'if' && s.c.includes('VM_FAULT_WRITE');

/**
 * 9ae0f87d009c: pte_mkdirty() for every install; the set_page_dirty() branch goes. (Applied to
 * code that has it already, as when S2.2 is merged on top of S2.1, the pte_mkdirty() stays one.)
 */
export const s21 = (b: KernelCode): KernelCode =>
  // (Code whose install makes every PTE dirty has S2.1 already, and maybe the later rewrites of
  // its writable block, S2.11 and S2.12, which S2.1's block must not undo.)
  (b.mcopy_atomic_install_ptes ?? []).some((s) => s.op === 'pte_mkdirty') ? b : replace(insertAfter(b, 'mcopy_atomic_install_ptes', 'mk_pte', [op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)')]), 'mcopy_atomic_install_ptes', isWritableIf, [
    iff('if (writable)', op('writable', 'writable'), [
      iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
        op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
      ]),
    ]),
  ]);

/** 5535be309971 on top of S2.1: the new can_follow_write_pte(), FOLL_COW gone. */
export const s22 = (b: KernelCode): KernelCode => {
  let c = s21(b);
  c = replace(c, 'can_follow_write_pte', isOldFollowRule, CAN_FOLLOW_WRITE_PTE_5535BE);
  c = remove(c, 'follow_page_pte', 'vm_normal_page');
  c = insertBefore(c, 'follow_page_pte', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'can_follow_write_pte', [
    op('vm_normal_page', 'page = vm_normal_page(vma, address, pte)'),
  ]);
  c = replace(c, 'follow_page_pte', (s) => s.op === 'call' && (s as { fn?: string }).fn === 'can_follow_write_pte', [
    call('can_follow_write_pte', 'can_follow_write_pte(pte, page, vma, flags)'),
  ]);
  c = replace(c, 'follow_page_pte', isFollowCheck, [
    iff('if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags))', not(op('can_follow', 'can_follow_write_pte(pte, page, vma, flags)')), [
      op('gup_page_null', 'page = NULL'),
      op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)'),
      ret('goto out'),
    ]),
  ]);
  c = remove(c, 'faultin_page', isFollCowIf);
  return c;
};

/** Broken: the !writable && VM_SHARED branch loses its set_page_dirty(). */
export const s23 = (b: KernelCode): KernelCode =>
  replace(b, 'mcopy_atomic_install_ptes', isWritableIf, [
    iff('if (writable)', op('writable', 'writable'), [
      op('pte_mkdirty', '_dst_pte = pte_mkdirty(_dst_pte)'),
      iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
        op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)'),
      ]),
    ]),
  ]);

/** M2a v1: no `writable = 0` for CONTINUE on a MAP_PRIVATE VMA. */
export const s24 = (b: KernelCode): KernelCode => remove(b, 'mcopy_atomic_install_ptes', isContinuePrivateIf);

/** 64fe24a3e05e: can_change_pte_writable() replaces the dirty_accountable test. */
export const s26 = (b: KernelCode): KernelCode => {
  let c = replace(b, 'mprotect_fixup', 'vma_wants_writenotify', [
    op('vma_wants_manual_pte_write_upgrade', 'if (vma_wants_manual_pte_write_upgrade(vma)) mm_cp_flags |= MM_CP_TRY_CHANGE_WRITABLE'),
  ]);
  c = replace(c, 'change_pte_range', isDirtyAccountableIf, [
    call('can_change_pte_writable', 'can_change_pte_writable(vma, addr, ptent)'),
    iff(
      'if ((cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) && can_change_pte_writable(vma, addr, ptent))',
      and(
        '(cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) && can_change_pte_writable(vma, addr, ptent)',
        op('try_change_writable', 'cp_flags & MM_CP_TRY_CHANGE_WRITABLE'),
        not(op('ptent_write', 'pte_write(ptent)')),
        op('can_change', 'can_change_pte_writable(vma, addr, ptent)'),
      ),
      [op('pte_mkwrite', 'ptent = pte_mkwrite(ptent)')],
    ),
  ]);
  return c;
};

/**
 * v5.7 to v5.12: mcopy_atomic_pte() builds and installs the anonymous PTE itself, dirty always,
 * writable (or uffd-wp, 292924b26024) on a VM_WRITE VMA; f619147104c8 (5.13) moved the install
 * into mcopy_atomic_install_ptes(). (The checks under the PTL are the same.)
 */
export const s27 = (b: KernelCode): KernelCode => {
  // The steps the 5.13 helper has too, as the helper has them (one C text per step for the lexicon).
  const install = b.mcopy_atomic_install_ptes ?? [];
  const step = (o: string) => {
    const x = install.find((y) => y.op === o);
    if (!x) throw new Error(`S2.7: no ${o} in mcopy_atomic_install_ptes`);
    return x;
  };
  const isPteNoneIf = (x: Stmt) => x.op === 'if' && x.c === 'if (!pte_none(*dst_pte))';
  const shmem = b.shmem_mcopy_atomic_pte ?? [];
  const shmemStep = (o: string) => {
    const x = shmem.find((y) => y.op === o);
    if (!x) throw new Error(`S2.7: no ${o} in shmem_mcopy_atomic_pte`);
    return x;
  };
  return {
    ...b,
    // mm/shmem.c, v4.20 to v5.12 (the worker shmem_mfill_atomic_pte() behind the
    // shmem_mcopy_atomic_pte() wrapper): the page is allocated and filled unless a retry brings
    // it (`*pagep`, only after a failed copy, which the model's copy never is), locked, added to
    // the cache, then the PTE is built and installed inline: dirty and writable on a VM_WRITE
    // VMA, else the page is marked dirty (dcf7fe9d8976, v4.20). An existing PTE sends it to the
    // error tail, which takes the page out of the cache again.
    // UFFDIO_CONTINUE and the shared install helper came with 5.13 (f619147104c8 and its
    // series): not in these trees, so the CONTINUE configuration installs nothing, and a patch
    // to them does not place here (the check looks for the code that has them).
    mcontinue_atomic_pte: [],
    mcopy_atomic_install_ptes: [],
    // The mode was a `bool zeropage` then: each branch tests it before its copy (the ZEROPAGE
    // calls are not modelled, the model's modes being COPY and CONTINUE).
    mfill_atomic_pte: (b.mfill_atomic_pte ?? []).map((x) =>
      x.op === 'if' && x.c === 'if (!(dst_vma->vm_flags & VM_SHARED))'
        ? iff(x.c, (x as IfStmt).cond, [iff('if (!zeropage)', constCond('!zeropage', true), (x as IfStmt).then)], [iff('if (!zeropage)', constCond('!zeropage', true), (x as IfStmt).else ?? [])])
        : x,
    ),
    shmem_mcopy_atomic_pte: [
      // (UFFDIO_ZEROPAGE, `zeropage`, clears the page instead of the copy: not a mode the model runs.)
      iff('if (!*pagep)', constCond('!*pagep', true), [shmemStep('shmem_alloc_page_copy'), iff('if (!zeropage)', constCond('!zeropage', true), [])]),
      shmemStep('__SetPageLocked'),
      shmemStep('shmem_add_to_page_cache'),
      step('mk_pte'),
      op('vma_writable', 'dst_vma->vm_flags & VM_WRITE'),
      iff('if (dst_vma->vm_flags & VM_WRITE)', op('writable', 'dst_vma->vm_flags & VM_WRITE'), [op('pte_mkwrite_mkdirty', '_dst_pte = pte_mkwrite(pte_mkdirty(_dst_pte))')], [
        op('set_page_dirty', 'set_page_dirty(page)'),
      ]),
      step('pte_offset_map_lock'),
      step('i_size_check'),
      iff('if (!pte_none(*dst_pte))', not(op('pte_none', 'pte_none(*dst_pte)')), [
        op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)'),
        op('ClearPageDirty', 'ClearPageDirty(page)'),
        op('delete_from_page_cache', 'delete_from_page_cache(page)'),
        op('unlock_page', 'unlock_page(page)'),
        ret('goto out_release_unlock  /* -EEXIST */'),
      ]),
      op('lru_cache_add', 'lru_cache_add(page)'),
      step('inc_mm_counter'),
      op('page_add_file_rmap', 'page_add_file_rmap(page, false)'),
      step('set_pte_at'),
      step('update_mmu_cache'),
      install[install.length - 1],
      shmemStep('unlock_page'),
    ],
    mcopy_atomic_pte: [
      ...(b.mcopy_atomic_pte ?? []).filter((x) => x.op === 'alloc_page_copy'),
      step('mk_pte'),
      op('pte_mkdirty', '_dst_pte = pte_mkdirty(mk_pte(page, dst_vma->vm_page_prot))'),
      op('vma_writable', 'dst_vma->vm_flags & VM_WRITE'),
      iff('if (dst_vma->vm_flags & VM_WRITE)', op('writable', 'dst_vma->vm_flags & VM_WRITE'), [
        iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)')]),
      ]),
      step('pte_offset_map_lock'),
      iff('if (dst_vma->vm_file)', constCond('dst_vma->vm_file', true), [step('i_size_check')]),
      install.find(isPteNoneIf)!,
      step('inc_mm_counter'),
      op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(page, dst_vma, dst_addr, false)'),
      op('lru_cache_add', 'lru_cache_add_active_or_unevictable(page, dst_vma)'),
      step('set_pte_at'),
      step('update_mmu_cache'),
      install[install.length - 1],
    ],
  };
};

/**
 * v4.11 to v5.6: before 292924b26024 (5.7) taught it uffd-wp, mcopy_atomic_pte() made the new
 * PTE dirty only together with writable, on a VM_WRITE VMA (`pte_mkwrite(pte_mkdirty())`); the
 * rest as in v5.7.
 */
export const s28 = (b: KernelCode): KernelCode => {
  const c = s27(b);
  const body = c.mcopy_atomic_pte ?? [];
  const i = body.findIndex((x) => x.op === 'pte_mkdirty');
  const j = body.findIndex((x) => x.op === 'if' && x.c === 'if (dst_vma->vm_flags & VM_WRITE)');
  if (i < 0 || j !== i + 2) throw new Error('S2.8: S2.7 has no dirty-then-writable block in mcopy_atomic_pte');
  return {
    ...c,
    mcopy_atomic_pte: [
      ...body.slice(0, i),
      op('vma_writable', 'dst_vma->vm_flags & VM_WRITE'),
      iff('if (dst_vma->vm_flags & VM_WRITE)', op('writable', 'dst_vma->vm_flags & VM_WRITE'), [
        op('pte_mkwrite_mkdirty', '_dst_pte = pte_mkwrite(pte_mkdirty(_dst_pte))'),
      ]),
      ...body.slice(j + 1),
    ],
  };
};

/**
 * v4.11 to v4.19: __mcopy_atomic() sent the copy to the anonymous path only for an anonymous VMA
 * (`vma_is_anonymous(dst_vma)`, inline until 4.13, in mfill_atomic_pte() after), so a
 * UFFDIO_COPY into a MAP_PRIVATE shmem VMA filled the shmem file's page-cache page and mapped it,
 * writable on a VM_WRITE VMA; and shmem_mcopy_atomic_pte() had no `set_page_dirty()` for a
 * read-only one. 5b51072e97d5 (route by VM_SHARED) and dcf7fe9d8976 (the dirty page) fixed both
 * in v4.20.
 */
export const s29 = (b: KernelCode): KernelCode => {
  const c = s28(b);
  const route = (c.mfill_atomic_pte ?? []).findIndex((x) => x.op === 'if' && x.c === 'if (!(dst_vma->vm_flags & VM_SHARED))');
  if (route < 0) throw new Error('S2.9: S2.8 has no VM_SHARED routing in mfill_atomic_pte');
  const r = c.mfill_atomic_pte![route] as IfStmt;
  const shmem = c.shmem_mcopy_atomic_pte ?? [];
  const w = shmem.findIndex((x) => x.op === 'if' && x.c === 'if (dst_vma->vm_flags & VM_WRITE)');
  if (w < 0) throw new Error('S2.9: S2.8 has no VM_WRITE test in shmem_mcopy_atomic_pte');
  return {
    ...c,
    mfill_atomic_pte: c.mfill_atomic_pte!.map((x, i) => (i === route ? iff('if (vma_is_anonymous(dst_vma))', constCond('vma_is_anonymous(dst_vma)', false), r.then, r.else) : x)),
    shmem_mcopy_atomic_pte: shmem.map((x, i) => (i === w ? iff((x as IfStmt).c, (x as IfStmt).cond, (x as IfStmt).then) : x)),
  };
};

/**
 * d84887739d5c (6.5): can_change_pte_writable() asks for a dirty PTE only in a shared VMA; in a
 * private one it returns whether the page is an exclusive anonymous page, clean or not.
 */
export const s210 = (b: KernelCode): KernelCode => {
  const setResult = (text: string, cond: Parameters<typeof iff>[1]): Stmt[] => [
    iff(text, cond, [op('set_can_change', 'return true', { value: 1 })], [op('set_can_change', 'return false', { value: 0 })]),
    ret(text),
  ];
  // (The soft-dirty and uffd-wp tests of 5.19's form stay as they are.)
  const [, softDirty, uffdWp] = b.can_change_pte_writable;
  return {
    ...b,
    can_change_pte_writable: [
      iff('if (pte_protnone(pte))', op('pte_protnone', 'pte_protnone(pte)'), [op('set_can_change', 'return false', { value: 0 }), ret('return false')]),
      softDirty,
      uffdWp,
      iff('if (!(vma->vm_flags & VM_SHARED))', not(op('vma_shared', 'vma->vm_flags & VM_SHARED')), [
        op('vm_normal_page', 'page = vm_normal_page(vma, addr, pte)'),
        ...setResult('return page && PageAnon(page) && PageAnonExclusive(page)', op('page_anon_exclusive', 'page && PageAnon(page) && PageAnonExclusive(page)')),
      ]),
      ...setResult('return pte_dirty(pte)', op('ptent_dirty', 'pte_dirty(pte)')),
    ],
  };
};

const isWpCopyIf = (s: Stmt) => s.op === 'if' && s.c === 'if (wp_copy)';

/**
 * 8ee79edff6d3 (5.19, on top of S2.1): a UFFDIO_COPY_MODE_WP install is uffd-wp and read-only
 * whatever VM_WRITE says, and a read-only install clears the write bit mk_pte() may have taken
 * from vm_page_prot (`pte_wrprotect()`).
 */
export const s211 = (b: KernelCode): KernelCode => {
  const c = s21(b);
  if ((c.mcopy_atomic_install_ptes ?? []).some(isWpCopyIf)) return c;
  return replace(c, 'mcopy_atomic_install_ptes', isWritableIf, [
    iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)'), op('clear_writable', 'writable = false')]),
    iff('if (writable)', op('writable', 'writable'), [op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)')], [op('pte_wrprotect', '_dst_pte = pte_wrprotect(_dst_pte)')]),
  ]);
};

/**
 * f1eb1bacfba9 (6.2, on top of S2.11): pte_mkuffd_wp() clears the write bit itself, so the
 * install is `if (wp_copy) uffd-wp; else if (writable) writable`, with no pte_wrprotect().
 */
export const s212 = (b: KernelCode): KernelCode => {
  const c = s211(b);
  const body = c.mcopy_atomic_install_ptes ?? [];
  const i = body.findIndex(isWpCopyIf);
  if (i < 0 || !isWritableIf(body[i + 1]) || !(body[i] as IfStmt).then.some((s) => s.op === 'clear_writable')) return c;
  return {
    ...c,
    mcopy_atomic_install_ptes: [
      ...body.slice(0, i),
      iff('if (wp_copy)', op('wp_copy', 'wp_copy'), [op('pte_mkuffd_wp', '_dst_pte = pte_mkuffd_wp(_dst_pte)')], [
        iff('else if (writable)', op('writable', 'writable'), [op('pte_mkwrite', '_dst_pte = pte_mkwrite(_dst_pte)')]),
      ]),
      ...body.slice(i + 2),
    ],
  };
};

/** Whether change_pte_range() calls can_change_pte_writable() (S2.6 is in the code). */
function callsCanChange(b: KernelCode): boolean {
  const calls = (x: Stmt): boolean => {
    const s = x as Stmt & { fn?: string; then?: Stmt[]; else?: Stmt[] };
    return (s.op === 'call' && s.fn === 'can_change_pte_writable') || [...(s.then ?? []), ...(s.else ?? [])].some(calls);
  };
  return (b.change_pte_range ?? []).some(calls);
}

export const variants: Scenario['variants'] = [
    {
      id: 'S2.0',
      title: 'M2a v4: writable -> pte_mkdirty (+ pte_mkwrite or uffd-wp); !writable && VM_SHARED -> set_page_dirty',
      source: 'M2a',
      expected: 'safe',
      invariants: [],
      code: (b) => b,
    },
    {
      id: 'S2.1',
      title: '9ae0f87d009c: unconditional pte_mkdirty, set_page_dirty dropped',
      source: 'M2b',
      expected: 'race',
      invariants: ['I2.3'],
      switches: { foll_cow_dirty_rule: true },
      mergedIn: '5.16',
    code: s21,
      note: 'CVE-2022-2590: UFFDIO_CONTINUE maps the page-cache page R/O and dirty; FOLL_FORCE after FOLL_COW trusts pte_dirty. Safe with foll_cow_dirty_rule=false',
    },
    {
      id: 'S2.2',
      title: '5535be309971: can_follow_write_pte no longer trusts pte_dirty (on top of S2.1)',
      source: 'M2c',
      expected: 'safe',
      invariants: [],
      switches: { foll_cow_dirty_rule: false },
      mergedIn: '6.0',
      // (In 6.0-rc1: a patch posted from then on, for 6.0 or the mm tree, has it.)
      mergedOn: '2022-08-14',
    code: s22,
    },
    {
      id: 'S2.3',
      title: 'broken: no set_page_dirty in the !writable && VM_SHARED branch',
      source: 'inference from the M2a comment',
      expected: 'race',
      invariants: ['I2.1'],
      code: s23,
    },
    {
      id: 'S2.4',
      posted: 'v1 of the CONTINUE fix',
      title: 'M2a v1: pte_mkwrite for UFFDIO_CONTINUE on a !VM_SHARED VMA',
      source: 'M2a changelog',
      expected: 'race',
      invariants: ['I2.4'],
      code: s24,
      note: 'incorrect rather than a timing race: the private mapping writes the shared page-cache page without COW',
    },
    {
      id: 'S2.5',
      title: 'change_pte_range dirty_accountable makes a dirty R/O uffd-wp PTE writable',
      source: '[S4]; M2d adds the uffd-wp check',
      expected: 'race',
      invariants: ['I2.2'],
      switches: { dirty_accountable: true },
      code: (b) => b,
    },
    {
      id: 'S2.6',
      title: '64fe24a3e05e: can_change_pte_writable() replaces the dirty_accountable test',
      source: 'M2d',
      expected: 'safe',
      invariants: [],
      switches: { dirty_accountable: true },
      mergedIn: '5.19',
    code: s26,
    },
    {
      id: 'S2.7',
      title: 'v5.7-v5.12: mcopy_atomic_pte() installs the anonymous PTE itself (dirty; writable or uffd-wp on a VM_WRITE VMA)',
      source: 'v5.7 mm/userfaultfd.c (292924b26024); f619147104c8 moved the install out in v5.13',
      expected: 'safe',
      invariants: [],
      until: '5.12',
      code: s27,
      note: 'the UFFDIO_COPY of a MAP_PRIVATE VMA: a fresh anonymous page, mapped dirty',
    },
    {
      id: 'S2.8',
      title: 'v4.11-v5.6: mcopy_atomic_pte() maps the anonymous page dirty and writable on a VM_WRITE VMA, clean and R/O otherwise',
      source: 'v5.6 mm/userfaultfd.c; 292924b26024 (v5.7) made the PTE dirty always and added uffd-wp',
      expected: 'safe',
      invariants: [],
      until: '5.6',
      code: s28,
      note: 'the UFFDIO_COPY of a MAP_PRIVATE VMA before uffd-wp',
    },
    {
      id: 'S2.9',
      title: 'v4.11-v4.19: routed by vma_is_anonymous(), a MAP_PRIVATE shmem UFFDIO_COPY maps the page-cache page (writable on VM_WRITE); no set_page_dirty on a read-only one',
      source: 'v4.19 mm/userfaultfd.c and mm/shmem.c; 5b51072e97d5 and dcf7fe9d8976 (v4.20) fixed both',
      expected: 'race',
      invariants: ['I2.4'],
      since: '4.11',
      until: '4.19',
      replacedOn: '2018-11-30',
      code: s29,
      note: 'the private mapping writes the shmem file (I2.4); a read-only VMA also maps the page clean (no set_page_dirty)',
    },
    {
      id: 'S2.10',
      title: 'd84887739d5c: can_change_pte_writable() asks for a dirty PTE only in a shared VMA (a private one: an exclusive anonymous page, clean or dirty)',
      source: 'v6.5 mm/mprotect.c (d84887739d5c)',
      expected: 'safe',
      invariants: [],
      switches: { dirty_accountable: true },
      mergedIn: '6.5',
      // (On top of S2.6, which a tree of 6.5 has merged already; run alone, S2.6 first.)
      code: (b) => s210(callsCanChange(b) ? b : s26(b)),
    },
    {
      id: 'S2.11',
      title: '8ee79edff6d3: UFFDIO_COPY_MODE_WP installs uffd-wp and read-only whatever VM_WRITE says; a read-only install gets pte_wrprotect() (on top of S2.1)',
      source: 'v5.19 mm/userfaultfd.c (8ee79edff6d3)',
      expected: 'race',
      invariants: ['I2.3'],
      switches: { foll_cow_dirty_rule: true },
      mergedIn: '5.19',
      code: s211,
      note: 'the CONTINUE install is as in S2.1 (dirty, read-only): CVE-2022-2590 still, until 5535be309971',
    },
    {
      id: 'S2.12',
      title: 'f1eb1bacfba9: `if (wp_copy) pte_mkuffd_wp() else if (writable) pte_mkwrite()`, pte_mkuffd_wp() write-protecting itself (on top of S2.11)',
      source: 'v6.2 mm/userfaultfd.c (f1eb1bacfba9)',
      expected: 'safe',
      invariants: [],
      switches: { foll_cow_dirty_rule: false },
      mergedIn: '6.2',
      code: s212,
    },
];
