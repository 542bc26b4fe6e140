/** S3's invariants, declared once: `build` binds each to the state or asserts it in a step. */
import { declareInvariants } from '../../model/invariants.js';

export const INVARIANTS = declareInvariants([
  { id: 'I3.1', text: 'GUP-fast returns a page only if PMD and PTE still mapped it after the reference was taken' },
  { id: 'I3.2', text: 'owner-dependent fields (->mapping) are read only after the PMD/PTE re-check confirmed the folio' },
  { id: 'I3.3', text: 'GUP-fast keeps no pin on a base page that THP collapse copied and discarded' },
]);
