/** S0's invariants, declared once: `build` binds each to the state or asserts it in a step. */
import { declareInvariants } from '../../model/invariants.js';

export const INVARIANTS = declareInvariants([
  { id: 'I0.1', text: 'no lost write: the page the PTE maps holds every store that completed' },
  { id: 'I0.2', text: 'no TLB, IOTLB or sPTE keeps a translation to old_page once it is freed' },
  { id: 'I0.3', text: 'no agent keeps using old_page once the PTE maps new_page' },
]);
