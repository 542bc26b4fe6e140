/**
 * Fault injection for the crash tests: RACEBOT_FAULTS=check-after-run,deliver-before-send makes
 * the worker stop dead at that point of a job (after noting in Redis, `P:fault:<name>`, that it
 * got there), so a test can SIGKILL it mid-job. Empty in production: a point is then a no-op.
 */
import type { Store } from './store.js';

export type FaultPoint = 'ingest-after-store' | 'check-after-run' | 'report-after-claim' | 'deliver-before-send';

export class Faults {
  private readonly active: Set<string>;

  constructor(spec: string | undefined, private readonly store: Store) {
    this.active = new Set((spec ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  }

  async point(name: FaultPoint, detail: string): Promise<void> {
    if (!this.active.has(name)) return;
    this.active.delete(name); // once per process
    await this.store.redis.set(this.store.k('fault', name), detail);
    await new Promise<never>(() => {});
  }
}
