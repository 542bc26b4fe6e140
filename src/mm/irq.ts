/**
 * Local interrupts. GUP-fast relies on them: with IRQs off on its CPU, a TLB flush that waits
 * for an IPI cannot complete, so page tables it walks cannot be freed under it.
 */
import type { StepSpec } from '../model/code.js';
import { worded, type Wording } from './step.js';

/** `irqsOff`: the byte that is 1 while this CPU runs with interrupts disabled. */
export function local_irq_save(irqsOff: number, w: Wording = {}): StepSpec {
  return worded({ primitive: 'local_irq_save', apply: (m) => m.set(irqsOff, 1), may: { reads: [], writes: [irqsOff] }, note: () => 'IRQs off' }, w);
}

export function local_irq_restore(irqsOff: number, w: Wording = {}): StepSpec {
  return worded({ primitive: 'local_irq_restore', apply: (m) => m.set(irqsOff, 0), may: { reads: [], writes: [irqsOff] }, note: () => 'IRQs on' }, w);
}
