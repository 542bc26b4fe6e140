/**
 * The PMD-level move as move_page_tables() runs it: the rmap locks taken around
 * move_normal_pmd(), only if need_rmap_locks (2c91bd4a4e2e, v4.20) or always (97113eb39fa7). One
 * spelling for the variants and for the lexicon row that reads 5.11's move_pgt_entry(), so the
 * lifted steps match the model's anchors.
 */
import { call, iff, op, type Stmt } from '../../model/code.js';

export function pmdMoveUnderRmapLocks(always: boolean): Stmt[] {
  const around = (step: Stmt): Stmt => (always ? step : iff('if (need_rmap_locks)', op('need_rmap_locks', 'need_rmap_locks'), [step]));
  return [
    around(op('take_rmap_locks', 'take_rmap_locks(vma)')),
    call('move_normal_pmd', 'moved = move_normal_pmd(vma, old_addr, new_addr, old_end, old_pmd, new_pmd)'),
    around(op('drop_rmap_locks', 'drop_rmap_locks(vma)')),
  ];
}
