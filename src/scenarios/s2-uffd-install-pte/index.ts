/**
 * S2 uffd-install-pte: UFFDIO_COPY / UFFDIO_CONTINUE install a PTE for a shmem page. Is the
 * data kept dirty (PageDirty or a dirty PTE that reclaim harvests), and can a dirty read-only
 * PTE later become writable without a write fault: through mprotect's `dirty_accountable`
 * shortcut in change_pte_range(), or through FOLL_FORCE trusting `pte_dirty` after FOLL_COW?
 *
 * Code: mm/userfaultfd.c as in M2a v4 (mcopy_atomic_install_ptes), mm/mprotect.c v5.10
 * (change_pte_range), mm/gup.c and mm/memory.c v5.10 (follow_page_pte, can_follow_write_pte,
 * faultin_page, do_wp_page), reclaim (shrink_page_list, try_to_unmap_one).
 *
 * Modelling decisions (see also the comments at each):
 * - The VMA configuration (VM_SHARED or MAP_PRIVATE, VM_WRITE or not, UFFDIO_COPY or
 *   UFFDIO_CONTINUE, UFFDIO_COPY_MODE_WP or not) is a nondeterministic first step of T_uffd,
 *   so a verdict covers every configuration. wp_copy is offered only for UFFDIO_COPY into a
 *   VM_WRITE VMA (UFFDIO_CONTINUE passes wp_copy = false; without VM_WRITE wp_copy has no effect).
 * - The other actors act only where they can matter: T_reclaim on the page-cache page P once
 *   UFFDIO_COPY put data in it (UFFDIO_CONTINUE maps a page whose data was written earlier
 *   through another mapping, so it is PageDirty already); T_mprotect on VM_SHARED VMAs (on a
 *   private VMA vma_wants_writenotify() is false and vm_page_prot never has write, so
 *   change_pte_range cannot make a PTE writable); T_gup and T_helper on the MAP_PRIVATE,
 *   !VM_WRITE, UFFDIO_CONTINUE configuration of counterexample B, where P is already mapped R/O.
 * - vm_page_prot has the write bit iff VM_SHARED && VM_WRITE && !vma_wants_writenotify(), where
 *   vma_wants_writenotify() is the `dirty_accountable` switch or uffd-wp registration (v5.19's
 *   `if (userfaultfd_wp(vma)) return 1`; earlier kernels refused uffd-wp on shmem entirely).
 *   mk_pte() and pte_modify() take the write bit from it.
 * - pte_mkdirty() also sets the soft-dirty bit (x86); VM_SOFTDIRTY is set (a fresh mmap).
 * - GUP retries are unrolled to two attempts (follow, fault, follow).
 */
import type { KernelCode } from '../../model/code.js';
import { heldLocks } from '../../mm/index.js';
import type { Invariant, Model } from '../../model/program.js';
import type { Scenario, Switches } from '../scenario.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import { CONFIGS, GUP, declareState, pageName } from './state.js';
import { uffdActor, uffdCode } from './uffd.js';
import { mprotectActor, mprotectCode } from './mprotect.js';
import { gupActor, gupCode } from './gup.js';
import { helperActor, helperCode } from './zap.js';
import { reclaimActor, reclaimCode } from './reclaim.js';
import { s21, s22, s23, s24, s26, variants } from './variants.js';

/** The baseline: each actor's functions, in the order the listing shows them. */
const baseline: KernelCode = { ...uffdCode, ...mprotectCode, ...gupCode, ...helperCode, ...reclaimCode };

const FUNCTIONS: readonly { name: string; file: string }[] = [
  { name: '__mcopy_atomic', file: 'mm/userfaultfd.c' },
  { name: 'mfill_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcopy_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcontinue_atomic_pte', file: 'mm/userfaultfd.c' },
  { name: 'mcopy_atomic_install_ptes', file: 'mm/userfaultfd.c' },
  { name: 'shmem_mcopy_atomic_pte', file: 'mm/shmem.c' },
  { name: 'do_mprotect_pkey', file: 'mm/mprotect.c' },
  { name: 'mprotect_fixup', file: 'mm/mprotect.c' },
  { name: 'change_pte_range', file: 'mm/mprotect.c' },
  { name: 'can_change_pte_writable', file: 'mm/mprotect.c' },
  { name: '__get_user_pages', file: 'mm/gup.c' },
  { name: 'follow_page_pte', file: 'mm/gup.c' },
  { name: 'can_follow_write_pte', file: 'mm/gup.c' },
  { name: 'faultin_page', file: 'mm/gup.c' },
  { name: '__access_remote_vm', file: 'mm/memory.c' },
  { name: 'handle_pte_fault', file: 'mm/memory.c' },
  { name: 'do_wp_page', file: 'mm/memory.c' },
  { name: 'wp_page_reuse', file: 'mm/memory.c' },
  { name: 'wp_page_copy', file: 'mm/memory.c' },
  { name: 'zap_pte_range', file: 'mm/memory.c' },
  { name: 'madvise_dontneed_single_vma', file: 'mm/madvise.c' },
  { name: 'shrink_page_list', file: 'mm/vmscan.c' },
  { name: 'try_to_unmap_one', file: 'mm/rmap.c' },
];

export const s2: Scenario = {
  lexicon,
  id: 'S2',
  name: 'uffd-install-pte',
  question:
    'When UFFDIO_COPY/CONTINUE installs a PTE, is the data kept dirty, and can a dirty read-only PTE later become writable (mprotect dirty_accountable, FOLL_FORCE) without a fault?',
  actors: [
    'T_uffd: UFFDIO_COPY / UFFDIO_CONTINUE into a shmem VMA (mmap_lock read)',
    'T_reclaim: kswapd shrinking the page-cache page P',
    'T_mprotect: mprotect(PROT_READ|PROT_WRITE) -> change_pte_range (mmap_lock write)',
    'T_gup: write(/proc/self/mem) -> GUP with FOLL_FORCE|FOLL_WRITE',
    'T_helper: madvise(MADV_DONTNEED) zapping the PTE',
  ],
  switches: [
    {
      name: 'foll_cow_dirty_rule',
      values: [true, false],
      default: true,
      doc: 'before 5535be309971: can_follow_write_pte() lets FOLL_FORCE write through a R/O PTE that is dirty after FOLL_COW; false: the new rule (COW mapping, !VM_WRITE, exclusive anon page)',
      phrases: { true: 'on kernels that still trust pte_dirty with FOLL_COW (before 5535be309971)', false: 'since 5535be309971' },
      release: { version: '6.0', commit: '5535be309971', before: true, after: false },
    },
    {
      name: 'dirty_accountable',
      values: [false, true],
      default: false,
      doc: 'vma_wants_writenotify() holds for the shared VMA, so mprotect passes MM_CP_DIRTY_ACCT (shmem does not take part in dirty accounting: false)',
      phrases: { true: 'when the VMA takes part in dirty accounting', false: 'without dirty accounting' },
    },
  ],
  invariants: INVARIANTS.list,
  functions: FUNCTIONS,
  baseline,
  baselineVariant: 'S2.0',
  variants,
  build,
};

/** The model: S2's state, one actor per file over it, and the invariants checked in every state. */
function build(code: KernelCode, sw: Switches): Model {
  const st = declareState(sw);
  const { L, pte, vShared, vWrite, mapsP, ptl, mmap, pLocked, gCow, uPage, gPage, gOrigPfn, hPfn } = st;
  const uffd = uffdActor(code, st);
  const reclaim = reclaimActor(code, st);
  const mprotect = mprotectActor(code, st);
  const gup = gupActor(code, st);
  const helper = helperActor(code, st);

  const invariants: Invariant[] = [
    INVARIANTS.check('I2.4', {
      reads: [pte.present, pte.write, pte.pfn, vShared],
      holds: (m) => !(mapsP(m) && m.get(pte.write) === 1 && m.get(vShared) === 0),
    }),
    INVARIANTS.check('I2.2', {
      reads: [pte.present, pte.write, pte.uffd_wp, vWrite],
      holds: (m) => !(m.get(pte.present) === 1 && m.get(pte.write) === 1 && (m.get(pte.uffd_wp) === 1 || m.get(vWrite) === 0)),
    }),
  ];

  const pfnVars = new Set([pte.pfn, uPage, gPage, gOrigPfn, hPfn]);
  return {
    name: 'S2 uffd-install-pte',
    layout: L,
    actors: [uffd, reclaim, mprotect, gup, helper],
    invariants,
    held: (m, a) => {
      const out = heldLocks(m, a, [{ name: 'PTL', v: ptl }], [{ name: 'mmap_lock', s: mmap }]);
      if (m.get(pLocked) === a + 1) out.push('lock_page(P)');
      if (a === GUP && m.get(gCow)) out.push('FOLL_COW');
      return out;
    },
    describe: (v, value) => (pfnVars.has(v) ? pageName(value) : String(value)),
  };
}

export const _internal = { s21, s22, s23, s24, s26, CONFIGS };
