/** S2's invariants, declared once: `build` binds each to the state or asserts it in a step. */
import { declareInvariants } from '../../model/invariants.js';

export const INVARIANTS = declareInvariants([
  { id: 'I2.1', text: 'reclaim never drops P while it holds UFFDIO data and is neither PageDirty nor dirty in a PTE' },
  { id: 'I2.2', text: 'no write permission without a fault: a uffd-wp PTE is never writable, no PTE is writable in a VMA without VM_WRITE' },
  { id: 'I2.3', text: 'FOLL_FORCE never writes a page-cache page through a R/O MAP_PRIVATE mapping' },
  { id: 'I2.4', text: 'a MAP_PRIVATE mapping never gets a writable PTE to a page-cache page' },
]);
