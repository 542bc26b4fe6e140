/** S1's invariants, declared once: `build` binds each to the state or asserts it in a step. */
import { declareInvariants } from '../../model/invariants.js';

export const INVARIANTS = declareInvariants([
  // I1.2 (act on the old page only after flushing a pending deferred flush) is the cause of
  // every I1.1 violation here: the model checks its consequence, the lost store, which is what
  // the spec's verdicts name. I1.3 (secondary MMUs) needs a secondary MMU actor (see S0).
  { id: 'I1.1', text: 'no lost write across COW: the page the PTE maps holds every completed store' },
  // What soft-dirty tracking promises (Documentation/admin-guide/mm/soft-dirty.rst): once the
  // write to clear_refs has returned, the next store to the page faults and sets the bit again.
  { id: 'I1.4', text: 'soft-dirty: once clear_refs_write() returns, no CPU holds a writable TLB entry for the PTE it write-protected (a store through it would leave the page clean)' },
]);
