/**
 * S6 mremap-flush: mremap() moves a present PTE (or, on the PMD-level fast path, a whole page
 * table) from old_addr to new_addr. Unlike an unmap, it frees nothing itself, so nothing orders
 * its TLB flush for old_addr before somebody else frees the page: only the page-table locks do.
 * Once the lock that makes the page reachable at new_addr is dropped, reclaim (or truncate) can
 * unmap the page there, flush new_addr, and free it, while another CPU still holds a TLB entry
 * for old_addr (CVE-2018-18281, eb66ae030829); on the PMD-level move the same happens when the
 * rmap walk reaches the moved table through old_addr and flushes the wrong address (97113eb39fa7).
 *
 * Code: mm/mremap.c v4.18 (move_page_tables, move_ptes, with the deferred `need_flush`); the
 * variants add the fix (v4.19), the PMD-level fast move of 2c91bd4a4e2e (v4.20, move_normal_pmd)
 * and its rmap-lock fix. The reclaimer is mm/rmap.c try_to_unmap_one() over the file's i_mmap
 * tree (old vma before new vma, the order mremap relies on when it skips the rmap locks).
 *
 * Machine: page P, mapped from one PTE; page tables A (maps old_addr at first, holds that PTE,
 * its PTL moves with it) and B (allocated for new_addr by the PTE-level move); the two PMD
 * entries; CPU2's TLB entries for old_addr (valid at first: the thread touched the page before
 * the move) and new_addr. P is clean and file-backed, so reclaim frees it once no PTE maps it.
 */
import { and, call, compileActor, constCond, iff, not, op, ret, type CondSpec, type KernelCode, type Op, type StepSpec, type Stmt } from '../../model/code.js';
import { anchor, declRwSem, heldLocks, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, spin_lock, spin_unlock } from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Invariant, Model } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { insertAfter, insertBefore, remove, replace } from '../../model/edit.js';
import { lexicon } from './lexicon.js';
import { pmdMoveUnderRmapLocks } from './rmap-locks.js';
import type { Scenario, Switches } from '../scenario.js';

// What a PMD entry points to.
const PMD_NONE = 0;
const TABLE_A = 1; // the page table that held old_addr's PTE
const TABLE_B = 2; // the table pte_alloc() gives new_addr on the PTE-level path

// Which virtual address a TLB entry, a flush or an rmap visit is about.
const OLD = 0;
const NEW = 1;
const VA = ['old_addr', 'new_addr'];

const MREMAP = 'mm/mremap.c';

const isCall = (fn: string) => (s: Stmt) => s.op === 'call' && (s as { fn?: string }).fn === fn;
const isIf = (c: string) => (s: Stmt) => s.op === 'if' && s.c === c;

// --- kernel code as data (v4.18) -----------------------------------------------------------

const MOVE_PTES_CALL = 'move_ptes(vma, old_pmd, old_addr, old_addr + extent, new_vma, new_pmd, new_addr, need_rmap_locks, &need_flush)';

const baseline: KernelCode = {
  move_page_tables: [
    op('flush_cache_range', 'flush_cache_range(vma, old_addr, old_end)'),
    op('mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_start(vma->vm_mm, mmun_start, mmun_end)'),
    // One loop iteration: either one page, or (when both ranges are PMD-aligned) a whole PMD.
    op('extent', 'extent = next - old_addr'),
    op('get_old_pmd', 'old_pmd = get_old_pmd(vma->vm_mm, old_addr)'),
    op('alloc_new_pmd', 'new_pmd = alloc_new_pmd(vma->vm_mm, vma, new_addr)'),
    iff('if (pte_alloc(new_vma->vm_mm, new_pmd, new_addr))', op('pte_alloc', 'pte_alloc(new_vma->vm_mm, new_pmd, new_addr)'), [ret('break')]),
    call('move_ptes', MOVE_PTES_CALL),
    iff('if (need_flush)', op('need_flush', 'need_flush'), [op('flush_tlb_range', 'flush_tlb_range(vma, old_end-len, old_addr)')]),
    op('mmu_notifier_invalidate_range_end', 'mmu_notifier_invalidate_range_end(vma->vm_mm, mmun_start, mmun_end)'),
  ],
  move_ptes: [
    iff('if (need_rmap_locks)', op('need_rmap_locks', 'need_rmap_locks'), [op('take_rmap_locks', 'take_rmap_locks(vma)')]),
    op('pte_offset_map_lock', 'old_pte = pte_offset_map_lock(mm, old_pmd, old_addr, &old_ptl)'),
    op('pte_offset_map', 'new_pte = pte_offset_map(new_pmd, new_addr)'),
    op('pte_lockptr', 'new_ptl = pte_lockptr(mm, new_pmd)'),
    iff('if (new_ptl != old_ptl)', op('ptl_differ', 'new_ptl != old_ptl'), [op('spin_lock_nested', 'spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING)')]),
    op('flush_tlb_batched_pending', 'flush_tlb_batched_pending(vma->vm_mm)'),
    op('arch_enter_lazy_mmu_mode', 'arch_enter_lazy_mmu_mode()'),
    // The loop over the range runs once (one PTE); `continue` on a none PTE skips its body.
    iff('if (pte_none(*old_pte))', op('pte_none', 'pte_none(*old_pte)'), [], [
      op('ptep_get_and_clear', 'pte = ptep_get_and_clear(mm, old_addr, old_pte)'),
      iff(
        'if (pte_present(pte) && pte_dirty(pte))',
        and('pte_present(pte) && pte_dirty(pte)', op('pte_present', 'pte_present(pte)'), op('pte_dirty', 'pte_dirty(pte)')),
        [op('set_force_flush', 'force_flush = true')],
      ),
      op('move_pte', 'pte = move_pte(pte, new_vma->vm_page_prot, old_addr, new_addr)'),
      op('move_soft_dirty_pte', 'pte = move_soft_dirty_pte(pte)'),
      op('set_pte_at', 'set_pte_at(mm, new_addr, new_pte, pte)'),
    ]),
    op('arch_leave_lazy_mmu_mode', 'arch_leave_lazy_mmu_mode()'),
    iff('if (new_ptl != old_ptl)', op('ptl_differ', 'new_ptl != old_ptl'), [op('spin_unlock_new', 'spin_unlock(new_ptl)')]),
    op('pte_unmap', 'pte_unmap(new_pte - 1)'),
    iff('if (force_flush)', op('force_flush', 'force_flush'), [op('flush_tlb_range', 'flush_tlb_range(vma, old_end - len, old_end)')], [
      op('set_need_flush', '*need_flush = true'),
    ]),
    op('pte_unmap_unlock', 'pte_unmap_unlock(old_pte - 1, old_ptl)'),
    iff('if (need_rmap_locks)', op('need_rmap_locks', 'need_rmap_locks'), [op('drop_rmap_locks', 'drop_rmap_locks(vma)')]),
  ],
  // Not in this tree (v4.20 on): empty, so that a patch to it does not place here and the check
  // looks for the variant that has it.
  move_normal_pmd: [],
};

const forceFlushIf = isIf('if (force_flush)');
const flushOld = op('flush_tlb_range', 'flush_tlb_range(vma, old_end - len, old_end)');

/** eb66ae030829: flush every present PTE before either PTL is dropped; `need_flush` is gone. */
const fix = (b: KernelCode): KernelCode => {
  let c = replace(b, 'move_ptes', isIf('if (pte_present(pte) && pte_dirty(pte))'), [
    iff('if (pte_present(pte))', op('pte_present', 'pte_present(pte)'), [op('set_force_flush', 'force_flush = true')]),
  ]);
  c = remove(c, 'move_ptes', forceFlushIf);
  c = insertAfter(c, 'move_ptes', 'arch_leave_lazy_mmu_mode', [iff('if (force_flush)', op('force_flush', 'force_flush'), [flushOld])]);
  c = replace(c, 'move_page_tables', isCall('move_ptes'), [call('move_ptes', 'move_ptes(vma, old_pmd, old_addr, old_addr + extent, new_vma, new_pmd, new_addr, need_rmap_locks)')]);
  return remove(c, 'move_page_tables', isIf('if (need_flush)'));
};

/**
 * The code before 7b6efc2bc4f1 ("mremap: avoid sending one IPI per page", posted August 2011):
 * every PTE is cleared and flushed at once by ptep_clear_flush() while both PTLs are held, so no
 * flush is left for later; the file's i_mmap lock is held around the whole move (a mutex from
 * 3.0, a spinlock before), and the mmu notifier brackets move_ptes() itself.
 */
const perPteFlush = (b: KernelCode): KernelCode => ({
  ...b,
  move_page_tables: [
    op('flush_cache_range', 'flush_cache_range(vma, old_addr, old_end)'),
    op('extent', 'extent = next - old_addr'),
    op('get_old_pmd', 'old_pmd = get_old_pmd(vma->vm_mm, old_addr)'),
    op('alloc_new_pmd', 'new_pmd = alloc_new_pmd(vma->vm_mm, vma, new_addr)'),
    call('move_ptes', 'move_ptes(vma, old_pmd, old_addr, old_addr + extent, new_vma, new_pmd, new_addr)'),
  ],
  move_ptes: [
    op('mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_start(vma->vm_mm, old_start, old_end)'),
    iff('if (vma->vm_file)', constCond('vma->vm_file', true), [op('take_rmap_locks', 'mutex_lock(&mapping->i_mmap_mutex)')]),
    op('pte_offset_map_lock', 'old_pte = pte_offset_map_lock(mm, old_pmd, old_addr, &old_ptl)'),
    op('pte_offset_map', 'new_pte = pte_offset_map(new_pmd, new_addr)'),
    op('pte_lockptr', 'new_ptl = pte_lockptr(mm, new_pmd)'),
    iff('if (new_ptl != old_ptl)', op('ptl_differ', 'new_ptl != old_ptl'), [op('spin_lock_nested', 'spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING)')]),
    op('arch_enter_lazy_mmu_mode', 'arch_enter_lazy_mmu_mode()'),
    iff('if (pte_none(*old_pte))', op('pte_none', 'pte_none(*old_pte)'), [], [
      op('ptep_clear_flush', 'pte = ptep_clear_flush(vma, old_addr, old_pte)'),
      op('move_pte', 'pte = move_pte(pte, new_vma->vm_page_prot, old_addr, new_addr)'),
      op('set_pte_at', 'set_pte_at(mm, new_addr, new_pte, pte)'),
    ]),
    op('arch_leave_lazy_mmu_mode', 'arch_leave_lazy_mmu_mode()'),
    iff('if (new_ptl != old_ptl)', op('ptl_differ', 'new_ptl != old_ptl'), [op('spin_unlock_new', 'spin_unlock(new_ptl)')]),
    op('pte_unmap', 'pte_unmap(new_pte - 1)'),
    op('pte_unmap_unlock', 'pte_unmap_unlock(old_pte - 1, old_ptl)'),
    iff('if (mapping)', constCond('mapping', true), [op('drop_rmap_locks', 'mutex_unlock(&mapping->i_mmap_mutex)')]),
    op('mmu_notifier_invalidate_range_end', 'mmu_notifier_invalidate_range_end(vma->vm_mm, old_start, old_end)'),
  ],
});

/** The flush of the fixed code, moved to a place `at` in move_ptes. */
const fixWithFlushAt = (b: KernelCode, after: string): KernelCode =>
  insertAfter(remove(fix(b), 'move_ptes', forceFlushIf), 'move_ptes', after, [iff('if (force_flush)', op('force_flush', 'force_flush'), [flushOld])]);

const moveNormalPmd: readonly Stmt[] = [
  op('pmd_lock', 'old_ptl = pmd_lock(vma->vm_mm, old_pmd)'),
  op('pmd_lockptr', 'new_ptl = pmd_lockptr(mm, new_pmd)'),
  // One PMD lock covers both entries (mm->page_table_lock without split PMD locks).
  iff('if (new_ptl != old_ptl)', op('pmd_ptl_differ', 'new_ptl != old_ptl'), [op('spin_lock_nested', 'spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING)')]),
  op('pmd_read', 'pmd = *old_pmd'),
  op('pmd_clear', 'pmd_clear(old_pmd)'),
  op('set_pmd_at', 'set_pmd_at(mm, new_addr, new_pmd, pmd)'),
  op('flush_tlb_range', 'flush_tlb_range(vma, old_addr, old_addr + PMD_SIZE)'),
  iff('if (new_ptl != old_ptl)', op('pmd_ptl_differ', 'new_ptl != old_ptl'), [op('spin_unlock_new_pmd', 'spin_unlock(new_ptl)')]),
  op('spin_unlock_pmd', 'spin_unlock(old_ptl)'),
  op('set_moved', 'return true', { value: 1 }),
  ret('return true'),
];

/**
 * 2c91bd4a4e2e (v4.20) on the fixed tree: a PMD-sized, PMD-aligned extent moves the whole page
 * table; the flush is under the PMD lock, the rmap locks are taken only if need_rmap_locks.
 */
const pmdFastPath = (b: KernelCode, rmapLocks: 'if-needed' | 'always' = 'if-needed'): KernelCode => {
  const c = insertBefore(fix(b), 'move_page_tables', isIf('if (pte_alloc(new_vma->vm_mm, new_pmd, new_addr))'), [
    iff('} else if (extent == PMD_SIZE) {', op('extent_is_pmd', 'extent == PMD_SIZE'), [
      ...pmdMoveUnderRmapLocks(rmapLocks === 'always'),
      iff('if (moved)', op('pmd_moved', 'moved'), [ret('continue')]),
    ]),
  ]);
  return { ...c, move_normal_pmd: moveNormalPmd };
};

export const s6: Scenario = {
  lexicon,
  id: 'S6',
  name: 'mremap-flush',
  question:
    'Does mremap() flush the TLB for old_addr before it drops the last page-table lock (or rmap lock) that keeps the moved page from being unmapped at new_addr and freed?',
  actors: ['CPU0 mremap (move_page_tables)', 'CPU1 reclaim (try_to_unmap over i_mmap)', 'CPU2 user thread reading through its TLB'],
  switches: [
    {
      name: 'have_move_pmd',
      values: [true, false],
      default: true,
      doc: 'the architecture selects HAVE_MOVE_PMD (x86 since v4.20, arm64 later): a PMD-aligned, PMD-sized move takes the page-table-level fast path',
      phrases: {
        true: 'on architectures with the PMD-level mremap fast path (HAVE_MOVE_PMD: x86, arm64)',
        false: 'on architectures without HAVE_MOVE_PMD (every move goes through move_ptes())',
      },
    },
  ],
  invariants: [{ id: 'I6.1', text: 'no CPU reads or writes a page through a TLB entry after the page was freed' }],
  functions: ['move_page_tables', 'move_ptes', 'move_normal_pmd'].map((name) => ({ name, file: MREMAP })),
  baseline,
  baselineVariant: 'S6.0',
  variants: [
    {
      id: 'S6.0',
      title: 'v4.18: clean PTEs leave the flush to move_page_tables(), dirty ones flush after the new PTL is dropped',
      source: 'mm/mremap.c v4.18; eb66ae030829 (CVE-2018-18281)',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => b,
    },
    {
      id: 'S6.1',
      title: 'fix eb66ae030829: flush every present PTE before dropping the new and the old PTL',
      source: 'eb66ae030829 "mremap: properly flush TLB before releasing the page"',
      expected: 'safe',
      invariants: [],
      mergedIn: '4.19',
      code: fix,
    },
    {
      id: 'S6.2',
      title: 'wrong fix: flush every present PTE, but still after spin_unlock(new_ptl)',
      source: 'inference (the half of eb66ae030829 that is about the condition)',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => fixWithFlushAt(b, 'pte_unmap'),
    },
    {
      id: 'S6.3',
      title: 'wrong fix: flush under both PTLs, but only for dirty PTEs (clean ones still deferred)',
      source: 'inference (the half of eb66ae030829 that is about the placement)',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => {
        const c = remove(b, 'move_ptes', forceFlushIf);
        return insertAfter(c, 'move_ptes', 'arch_leave_lazy_mmu_mode', [
          iff('if (force_flush)', op('force_flush', 'force_flush'), [flushOld], [op('set_need_flush', '*need_flush = true')]),
        ]);
      },
    },
    {
      id: 'S6.4',
      title: 'v4.20 PMD-level fast move (2c91bd4a4e2e): rmap locks only if need_rmap_locks',
      source: '2c91bd4a4e2e "mm: speed up mremap by 20x on large regions"; race in 97113eb39fa7',
      expected: 'race',
      invariants: ['I6.1'],
      mergedIn: '4.20',
      code: (b) => pmdFastPath(b),
    },
    {
      id: 'S6.5',
      title: 'fix 97113eb39fa7: always hold the rmap locks around the PMD-level move',
      source: '97113eb39fa7 "mm/mremap: hold the rmap lock in write mode when moving page table entries"',
      expected: 'safe',
      invariants: [],
      // Taken into the -mm tree on 17 June 2021 (after 5.13-rc6) and sent to Linus in the batch of
      // 7 July 2021 (PDT) for the 5.14 merge window: 5.14, from two days after that batch (an inference
      // from those two mails, not read from a tag; stable trees took it later).
      mergedIn: '5.14',
      mergedOn: '2021-07-09',
      code: (b) => pmdFastPath(b, 'always'),
    },
    {
      id: 'S6.6',
      title: 'broken: PMD-level move whose flush runs after the PMD and rmap locks are dropped',
      source: 'inference; the deferred `*need_flush = true` of the v2 posting of 2c91bd4a4e2e',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => {
        const c = pmdFastPath(b, 'always');
        const m = remove(c, 'move_normal_pmd', 'flush_tlb_range');
        return insertAfter(m, 'move_page_tables', 'drop_rmap_locks', [op('flush_tlb_range', 'flush_tlb_range(vma, old_addr, old_addr + PMD_SIZE)')]);
      },
    },
    {
      id: 'S6.8',
      title: 'PMD-level move that flushes before the new PMD is visible, rmap locks still only if needed',
      source: 'the interleaving of 97113eb39fa7 (reclaim holds the moved table\'s PTL, reached through old_addr)',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => {
        const c = pmdFastPath(b);
        const m = remove(c, 'move_normal_pmd', 'flush_tlb_range');
        return insertAfter(m, 'move_normal_pmd', 'pmd_clear', [op('flush_tlb_range', 'flush_tlb_range(vma, old_addr, old_addr + PMD_SIZE)')]);
      },
    },
    {
      id: 'S6.9',
      title: 'v3.2 and before: ptep_clear_flush() of every PTE under both PTLs, no deferred flush',
      source: 'mm/mremap.c v3.1 (read from a copy of that release); replaced by 7b6efc2bc4f1 "mremap: avoid sending one IPI per page" (posted 6 Aug 2011; merged for v3.3, an inference from the thp mremap series it came with)',
      expected: 'safe',
      invariants: [],
      until: '3.2',
      replacedOn: '2012-01-10',
      code: perPteFlush,
    },
    {
      id: 'S6.7',
      title: 'broken refactor: one flush per move_ptes() call, after both PTLs are released',
      source: 'inference (a latency "optimisation" that re-opens CVE-2018-18281)',
      expected: 'race',
      invariants: ['I6.1'],
      code: (b) => fixWithFlushAt(b, 'pte_unmap_unlock'),
    },
  ],
  build,
};

// --- the machine ---------------------------------------------------------------------------

function build(code: KernelCode, sw: Switches): Model {
  const haveMovePmd = sw.have_move_pmd !== false;
  const L = new Layout();
  const pc = [L.v('cpu0.pc'), L.v('cpu1.pc'), L.v('cpu2.pc')];
  const pmdOld = L.v('pmd[old_addr]', TABLE_A, 2);
  const pmdNew = L.v('pmd[new_addr]', PMD_NONE, 2);
  // pte[t]: table t's entry for the page's offset maps P (1) or is none (0).
  const pte = [0, L.v('tableA.pte', 1, 1), L.v('tableB.pte', 0, 1)];
  const ptl = [0, L.v('tableA.ptl', 0), L.v('tableB.ptl', 0)];
  const pmdPtl = L.v('pmd_ptl', 0);
  const rmap = declRwSem(L, 'i_mmap_rwsem');
  const freed = L.v('page.freed', 0, 1);
  // mremap moves the PTE but never the rmap: P stays mapped once whatever the walk finds.
  const mapcount = L.v('page.mapcount', 1, 1);
  const tlb = [L.v('cpu2.tlb[old_addr]', 1, 1), L.v('cpu2.tlb[new_addr]', 0, 1)];
  // CPU2 read P after it was freed, through the entry for old_addr (1) or new_addr (2).
  const uaf = L.v('cpu2.used_freed', 0, 2);
  // How CPU2's last access to each address was served: 0 fault, 1 TLB hit, 2 walk + fill.
  const how = [L.v('cpu2.how[old_addr]', 0, 2), L.v('cpu2.how[new_addr]', 0, 2)];
  // CPU0's locals.
  const extentPmd = L.v('cpu0.extent_pmd', 0, 1);
  const ptev = L.v('cpu0.pte', 0, 1);
  const pmdv = L.v('cpu0.pmd', PMD_NONE, 2);
  const forceFlush = L.v('cpu0.force_flush', 0, 1);
  const needFlush = L.v('cpu0.need_flush', 0, 1);
  const moved = L.v('cpu0.moved', 0, 1);
  // The PTE table whose PTL `pte_lockptr(mm, old_pmd)` named (the 2021 mremap-vs-pageout
  // posting takes it around the new PMD's populate): the lock travels with the table.
  const ptePtlTable = L.v('cpu0.pte_ptl_table', PMD_NONE, 2);
  // CPU1's locals: the table its walk found, and whether it holds that table's PTL.
  const walkTable = L.v('cpu1.table', PMD_NONE, 2);
  const walkLocked = L.v('cpu1.locked', 0, 1);

  const tableName = (t: number) => ['none', 'table A', 'table B'][t];

  // --- CPU0: move_page_tables / move_ptes / move_normal_pmd --------------------------------
  const flushOldRange: StepSpec = {
    primitive: 'flush_tlb_range',
    apply: (m) => m.set(tlb[OLD], 0),
    may: { reads: [], writes: [tlb[OLD]] },
    note: () => 'TLB entries for old_addr flushed on every CPU',
  };
  const cpu0Step = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'extent':
        return {
          may: { reads: [], writes: [extentPmd] },
          alternatives: [
            { label: '/* one page */', apply: (m) => m.set(extentPmd, 0), may: { reads: [], writes: [extentPmd] }, note: () => 'extent < PMD_SIZE: one page' },
            { label: '/* PMD-aligned 2 MiB */', apply: (m) => m.set(extentPmd, 1), may: { reads: [], writes: [extentPmd] }, note: () => 'old and new range PMD-aligned: extent == PMD_SIZE' },
          ],
        };
      case 'take_rmap_locks':
        return mmap_write_lock({ mmap: rmap }, 0, 'take_rmap_locks');
      case 'drop_rmap_locks':
        return mmap_write_unlock({ mmap: rmap }, 'drop_rmap_locks');
      // The 2014 i_mmap rwsem posting's shared form of the same lock (never merged: a walker
      // holding it for read is then not excluded).
      case 'take_rmap_locks_read':
        return mmap_read_lock({ mmap: rmap }, 0, 'i_mmap_lock_read');
      case 'drop_rmap_locks_read':
        return mmap_read_unlock({ mmap: rmap }, 0, 'i_mmap_unlock_read');
      case 'pte_offset_map_lock':
        return spin_lock(ptl[TABLE_A], 0, 'pte_offset_map_lock');
      case 'spin_lock_nested':
        return spin_lock(ptl[TABLE_B], 0, 'spin_lock(new_ptl)');
      case 'spin_unlock_new':
        return spin_unlock(ptl[TABLE_B], 'spin_unlock(new_ptl)');
      case 'pte_unmap_unlock':
        return spin_unlock(ptl[TABLE_A], 'pte_unmap_unlock(old_ptl)');
      case 'ptep_get_and_clear':
        return {
          apply: (m) => { m.set(ptev, m.get(pte[TABLE_A])); m.set(pte[TABLE_A], 0); },
          may: { reads: [pte[TABLE_A]], writes: [pte[TABLE_A], ptev] },
          note: () => 'old_addr\'s PTE cleared (CPU2 may still hold it in its TLB)',
        };
      // Before 3.3: the PTE is cleared and old_addr flushed while both PTLs are held, so no CPU
      // keeps the entry past the point where anyone else can reach the page at new_addr.
      case 'ptep_clear_flush':
        return {
          primitive: 'ptep_clear_flush',
          apply: (m) => { m.set(ptev, m.get(pte[TABLE_A])); m.set(pte[TABLE_A], 0); m.set(tlb[OLD], 0); },
          may: { reads: [pte[TABLE_A]], writes: [pte[TABLE_A], ptev, tlb[OLD]] },
          note: () => "old_addr's PTE cleared and its TLB entries flushed on every CPU",
        };
      case 'set_force_flush':
        return { apply: (m) => m.set(forceFlush, 1), may: { reads: [], writes: [forceFlush] }, quiet: true };
      case 'set_need_flush':
        return { apply: (m) => m.set(needFlush, 1), may: { reads: [], writes: [needFlush] }, note: () => 'TLB flush for old_addr deferred to move_page_tables()' };
      // pte_alloc() hooked the empty table B at new_addr earlier; an empty table and no table
      // look the same to every walker, so B becomes visible here, with its first PTE.
      case 'set_pte_at':
        return {
          apply: (m) => {
            m.set(pte[TABLE_B], m.get(ptev));
            if (m.get(pmdNew) === PMD_NONE) m.set(pmdNew, TABLE_B);
          },
          may: { reads: [ptev, pmdNew], writes: [pte[TABLE_B], pmdNew] },
          note: (m) => (m.get(pte[TABLE_B]) ? 'new_addr\'s PTE maps P' : 'nothing to move'),
        };
      case 'flush_tlb_range':
        return flushOldRange;
      case 'pmd_lock':
        return spin_lock(pmdPtl, 0, 'pmd_lock');
      case 'spin_unlock_pmd':
        return spin_unlock(pmdPtl, 'spin_unlock(pmd_ptl)');
      case 'spin_unlock_new_pmd':
        return spin_unlock(pmdPtl, 'spin_unlock(pmd_ptl)');
      case 'pte_lockptr_old_pmd':
        return { apply: (m) => m.set(ptePtlTable, m.get(pmdOld)), may: { reads: [pmdOld], writes: [ptePtlTable] }, quiet: true };
      case 'spin_lock_pte_ptl':
        return {
          primitive: 'spin_lock',
          guard: (m) => m.get(ptePtlTable) === PMD_NONE || m.get(ptl[m.get(ptePtlTable)]) === 0,
          apply: (m) => {
            if (m.get(ptePtlTable) !== PMD_NONE) m.set(ptl[m.get(ptePtlTable)], 1);
          },
          may: { reads: [ptePtlTable, ptl[TABLE_A], ptl[TABLE_B]], writes: [ptl[TABLE_A], ptl[TABLE_B]] },
          note: (m) => `${tableName(m.get(ptePtlTable))}'s PTL taken (pte_ptl)`,
        };
      case 'spin_unlock_pte_ptl':
        return {
          primitive: 'spin_unlock',
          apply: (m) => {
            if (m.get(ptePtlTable) !== PMD_NONE) m.set(ptl[m.get(ptePtlTable)], 0);
          },
          may: { reads: [ptePtlTable], writes: [ptl[TABLE_A], ptl[TABLE_B]] },
          note: (m) => `${tableName(m.get(ptePtlTable))}'s PTL dropped (pte_ptl)`,
        };
      case 'pmd_read':
        return { apply: (m) => m.set(pmdv, m.get(pmdOld)), may: { reads: [pmdOld], writes: [pmdv] }, quiet: true };
      case 'pmd_clear':
        return { apply: (m) => m.set(pmdOld, PMD_NONE), may: { reads: [], writes: [pmdOld] }, note: () => 'pmd[old_addr] cleared' };
      case 'set_pmd_at':
        return {
          apply: (m) => m.set(pmdNew, m.get(pmdv)),
          may: { reads: [pmdv], writes: [pmdNew] },
          note: (m) => `pmd[new_addr] -> ${tableName(m.get(pmdNew))}: the page table (and its PTL) now serves new_addr`,
        };
      case 'set_moved':
        return { apply: (m) => m.set(moved, Number(o.args?.value ?? 0)), may: { reads: [], writes: [moved] }, quiet: true };
      case 'flush_cache_range':
      case 'mmu_notifier_invalidate_range_start':
      case 'mmu_notifier_invalidate_range_end':
      case 'get_old_pmd':
      case 'alloc_new_pmd':
      case 'pte_offset_map':
      case 'pte_lockptr':
      case 'pmd_lockptr':
      case 'flush_tlb_batched_pending':
      case 'arch_enter_lazy_mmu_mode':
      case 'arch_leave_lazy_mmu_mode':
      case 'move_pte':
      case 'move_soft_dirty_pte':
      case 'pte_unmap':
        return anchor(o.op);
      default:
        return null;
    }
  };
  const cpu0Cond = (o: Op): CondSpec | null => {
    switch (o.op) {
      // mremap places the new vma after the old one in rmap order: no rmap locks needed.
      case 'need_rmap_locks':
        return { test: () => false, reads: [] };
      case 'ptl_differ':
        return { test: () => true, reads: [] };
      case 'pmd_ptl_differ':
        return { test: () => false, reads: [] };
      // Allocations succeed in the model.
      case 'pte_alloc':
        return { test: () => false, reads: [] };
      case 'pte_none':
        return { test: (m) => m.get(pte[TABLE_A]) === 0, reads: [pte[TABLE_A]] };
      case 'pte_present':
        return { test: (m) => m.get(ptev) === 1, reads: [ptev] };
      // The same test of old_addr's PTE as read before the clear (`pte_present(old_pte)`, 6.16's
      // batching): under the PTL nothing else changes it, so it is the PTE itself.
      case 'pte_present_locked':
        return { test: (m) => m.get(pte[TABLE_A]) === 1, reads: [pte[TABLE_A]] };
      // P is clean: the thread only reads it, and reclaim frees it without writeback.
      case 'pte_dirty':
        return { test: () => false, reads: [] };
      case 'force_flush':
        return { test: (m) => m.get(forceFlush) === 1, reads: [forceFlush] };
      case 'need_flush':
        return { test: (m) => m.get(needFlush) === 1, reads: [needFlush] };
      case 'extent_is_pmd':
        return haveMovePmd ? { test: (m) => m.get(extentPmd) === 1, reads: [extentPmd] } : { test: () => false, reads: [] };
      case 'pmd_moved':
        return { test: (m) => m.get(moved) === 1, reads: [moved] };
      default:
        return null;
    }
  };
  const cpu0 = compileActor('CPU0 mremap', pc[0], code, ['move_page_tables'], { step: cpu0Step, cond: cpu0Cond });

  // --- CPU1: shrink_page_list -> try_to_unmap -> rmap_walk_file -> try_to_unmap_one --------
  // The i_mmap tree holds the old vma before the new one (mremap's new_vma->vm_pgoff is not
  // smaller): the walk visits old_addr, then new_addr.
  const visit = (va: number): Stmt[] => [
    op(`pvmw_pmd_${va}`, `pvmw.pmd = pmd_offset(pud, ${VA[va]})`),
    iff('if (!pmd_present(pmde))', not(op('walk_pmd_present', 'pmd_present(pmde)')), [], [
      // map_pte(): an unlocked look first; the PTL only for a PTE that may map the page.
      iff('if (!pte_present(*pvmw->pte))', not(op('walk_pte_present', 'pte_present(*pvmw->pte)')), [], [
        op('pvmw_lock', 'spin_lock(pvmw->ptl)'),
        iff('if (!check_pte(pvmw))', not(op('check_pte', 'check_pte(pvmw)')), [op('pvmw_unlock', 'page_vma_mapped_walk_done(&pvmw)')], [
          op(`ptep_clear_flush_${va}`, `pteval = ptep_clear_flush(vma, ${VA[va]}, pvmw.pte)`),
          op('page_remove_rmap', 'page_remove_rmap(subpage, PageHuge(page))'),
          op('pvmw_unlock', 'page_vma_mapped_walk_done(&pvmw)'),
        ]),
      ]),
    ]),
  ];
  const cpu1Code: KernelCode = {
    shrink_page_list: [
      op('i_mmap_lock_read', 'i_mmap_lock_read(mapping)'),
      ...visit(OLD),
      ...visit(NEW),
      op('i_mmap_unlock_read', 'i_mmap_unlock_read(mapping)'),
      iff('if (page_mapped(page))', op('page_mapped', 'page_mapped(page)'), [], [op('free_page', 'free_unref_page_list(&free_pages)')]),
    ],
  };
  const walkPmd = (va: number): StepSpec => {
    const pmd = va === OLD ? pmdOld : pmdNew;
    return {
      primitive: 'page_vma_mapped_walk',
      apply: (m) => m.set(walkTable, m.get(pmd)),
      may: { reads: [pmd], writes: [walkTable] },
      note: (m) => `try_to_unmap_one(vma for ${VA[va]}): pmd -> ${tableName(m.get(walkTable))}`,
    };
  };
  const tablePte = (m: Mem) => (m.get(walkTable) === PMD_NONE ? 0 : m.get(pte[m.get(walkTable)]));
  const clearFlush = (va: number): StepSpec => ({
    primitive: 'ptep_clear_flush',
    apply: (m) => {
      const t = m.get(walkTable);
      if (t !== PMD_NONE) m.set(pte[t], 0);
      m.set(tlb[va], 0);
    },
    may: { reads: [walkTable], writes: [pte[TABLE_A], pte[TABLE_B], tlb[va]] },
    note: (m) => `${tableName(m.get(walkTable))}'s PTE cleared; TLB entries for ${VA[va]} flushed (only ${VA[va]})`,
  });
  const cpu1 = compileActor('CPU1 reclaim', pc[1], cpu1Code, ['shrink_page_list'], {
    step: (o) => {
      switch (o.op) {
        case 'i_mmap_lock_read':
          return mmap_read_lock({ mmap: rmap }, 1, 'i_mmap_lock_read');
        case 'i_mmap_unlock_read':
          return mmap_read_unlock({ mmap: rmap }, 1, 'i_mmap_unlock_read');
        case `pvmw_pmd_${OLD}`:
          return walkPmd(OLD);
        case `pvmw_pmd_${NEW}`:
          return walkPmd(NEW);
        case 'pvmw_lock':
          return {
            primitive: 'spin_lock',
            guard: (m) => m.get(ptl[m.get(walkTable)]) === 0,
            apply: (m) => { m.set(ptl[m.get(walkTable)], 2); m.set(walkLocked, 1); },
            may: { reads: [walkTable, ptl[TABLE_A], ptl[TABLE_B]], writes: [ptl[TABLE_A], ptl[TABLE_B], walkLocked] },
            note: (m) => `${tableName(m.get(walkTable))}'s PTL taken`,
          };
        case 'pvmw_unlock':
          return {
            primitive: 'spin_unlock',
            apply: (m) => { m.set(ptl[m.get(walkTable)], 0); m.set(walkLocked, 0); },
            may: { reads: [walkTable], writes: [ptl[TABLE_A], ptl[TABLE_B], walkLocked] },
          };
        case `ptep_clear_flush_${OLD}`:
          return clearFlush(OLD);
        case `ptep_clear_flush_${NEW}`:
          return clearFlush(NEW);
        case 'page_remove_rmap':
          return { apply: (m) => m.set(mapcount, 0), may: { reads: [], writes: [mapcount] }, quiet: true };
        case 'free_page':
          return { primitive: 'free_page', apply: (m) => m.set(freed, 1), may: { reads: [], writes: [freed] }, note: () => 'page P unmapped everywhere rmap looked: freed' };
        default:
          return null;
      }
    },
    cond: (o) => {
      switch (o.op) {
        case 'walk_pmd_present':
          return { test: (m) => m.get(walkTable) !== PMD_NONE, reads: [walkTable] };
        case 'walk_pte_present':
        case 'check_pte':
          return { test: (m) => tablePte(m) === 1, reads: [walkTable, pte[TABLE_A], pte[TABLE_B]] };
        case 'page_mapped':
          return { test: (m) => m.get(mapcount) === 1, reads: [mapcount] };
        default:
          return null;
      }
    },
  });

  // --- CPU2: a thread of the same mm reading old_addr, then new_addr (twice) -----------------
  const cpu2Code: KernelCode = {
    user_thread: [
      op('load_old', 'val = *(volatile int *)old_addr'),
      op('load_new', 'val = *(volatile int *)new_addr'),
      op('load_new', 'val = *(volatile int *)new_addr'),
    ],
  };
  const load = (va: number): StepSpec => {
    const pmd = va === OLD ? pmdOld : pmdNew;
    return {
      primitive: 'load',
      apply: (m) => {
        if (m.get(tlb[va])) m.set(how[va], 1);
        else {
          const t = m.get(pmd);
          if (t === PMD_NONE || !m.get(pte[t])) {
            m.set(how[va], 0);
            return;
          }
          m.set(tlb[va], 1);
          m.set(how[va], 2);
        }
        if (m.get(freed)) m.set(uaf, va + 1);
      },
      may: { reads: [tlb[va], pmd, pte[TABLE_A], pte[TABLE_B], freed], writes: [tlb[va], how[va], uaf] },
      note: (m) =>
        [
          `page fault: ${VA[va]} is not mapped (the thread refaults later)`,
          `TLB hit: ${VA[va]} -> page P${m.get(freed) ? ' (P WAS FREED: stale entry)' : ''}`,
          `TLB miss: walk -> page P, TLB entry for ${VA[va]} filled${m.get(freed) ? ' (P WAS FREED)' : ''}`,
        ][m.get(how[va])],
    };
  };
  const cpu2 = compileActor('CPU2 user', pc[2], cpu2Code, ['user_thread'], {
    step: (o) => (o.op === 'load_old' ? load(OLD) : o.op === 'load_new' ? load(NEW) : null),
    cond: () => null,
  });

  const invariants: Invariant[] = [
    {
      id: 'I6.1',
      text: 'no CPU reads or writes a page through a TLB entry after the page was freed',
      reads: [uaf],
      holds: (m) => m.get(uaf) === 0,
      explain: (m) => `CPU2 read page P through its TLB entry for ${VA[m.get(uaf) - 1]} after reclaim freed P (use after free: P may already belong to someone else)`,
    },
  ];

  return {
    name: 'S6 mremap-flush',
    layout: L,
    actors: [cpu0, cpu1, cpu2],
    invariants,
    held: (m, a) => {
      const out = heldLocks(
        m,
        a,
        [
          { name: 'PTL(table A)', v: ptl[TABLE_A] },
          { name: 'PTL(table B)', v: ptl[TABLE_B] },
          { name: 'PMD lock', v: pmdPtl },
        ],
        [{ name: 'i_mmap_rwsem', s: rmap }],
      );
      if (a === 0 && m.get(needFlush)) out.push('TLB flush for old_addr pending');
      return out;
    },
  };
}

export const _internal = { fix, pmdFastPath };
