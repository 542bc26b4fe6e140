/** S4's invariants, declared once: `build` binds each to the state or asserts it in a step. */
import { declareInvariants } from '../../model/invariants.js';

export const INVARIANTS = declareInvariants([
  {
    id: 'I4.1',
    text: 'an instruction U fetches from the XOL page is the one K wrote there (written back from the D-cache and invalidated in the I-cache of every CPU that may execute it)',
  },
]);
