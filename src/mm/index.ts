/**
 * The mm primitives, one semantics each, bound to the state a scenario declares (`MmState`,
 * `Page`). A scenario's `build()` maps its ops to these; only what is genuinely its own (a
 * user store through a TLB, a scenario's local variables) stays in the scenario.
 */
export * from './state.js';
export * from './step.js';
export * from './locks.js';
export * from './tlb.js';
export * from './notifier.js';
export * from './pte.js';
export * from './page.js';
export * from './irq.js';
