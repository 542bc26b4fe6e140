/**
 * The dashboard's gate as `racebot serve` builds it: the subsystems of the configuration and
 * the policy state the mail path reads from Redis (the kill switch, the authors who opted out),
 * read once per request. `policy` is anything with the service Store's two readers.
 *
 *   createDashboardHandler(findings, { publicUrl, gate: serviceGate(cfg, store) })
 */
import type { Config } from '../config.js';
import type { DashboardGate } from './handler.js';

export interface PolicyReaders {
  killSwitch(): Promise<boolean>;
  optedOut(): Promise<Set<string>>;
}

export function serviceGate(cfg: Pick<Config, 'subsystems'>, policy: PolicyReaders, opts: { readonly showDryRun?: boolean } = {}): DashboardGate {
  return {
    subsystems: cfg.subsystems,
    state: async () => {
      const [killSwitch, optedOut] = await Promise.all([policy.killSwitch(), policy.optedOut()]);
      return { killSwitch, optedOut };
    },
    showDryRun: opts.showDryRun ?? false,
  };
}
