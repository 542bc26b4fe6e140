/**
 * The two faces beside email, wired into the service: the findings dashboard (fed by the check
 * stage, served by `racebot serve`) and the GitHub App (src/github/service.ts: webhooks on
 * `racebot serve`, jobs run by workers from the `github` queue).
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Processor } from 'bullmq';
import { createDashboardHandler, RedisFindingStore, serviceGate, type FindingStore, type PolicyReaders } from '../dashboard/index.js';
import { githubProcessor, type ProcessorContext } from '../github/service.js';

export function findingStore(cfg: Config, redis: Redis): FindingStore {
  return new RedisFindingStore(redis, { prefix: `${cfg.redis.prefix}:dash`, retentionDays: cfg.store.retentionDays });
}

/** The dashboard behind the mail's policy gate (opt-in, kill switch, opt-outs, embargo, dry-run). */
export function dashboardHandler(cfg: Config, store: FindingStore, policy: PolicyReaders) {
  return createDashboardHandler(store, { publicUrl: cfg.serve.publicUrl, gate: serviceGate(cfg, policy, { showDryRun: cfg.serve.dashboardShowsDryRun }) });
}

/** The worker's half of the GitHub App: the `github` queue's processor, null without the App's credentials. */
export async function githubApp(_cfg: Config, findings: FindingStore): Promise<{ processor(ctx: Omit<ProcessorContext, 'findings'>): Processor | null }> {
  return { processor: (ctx) => githubProcessor({ ...ctx, findings }) };
}
