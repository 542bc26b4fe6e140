/**
 * The dashboard beside email, wired into the service (fed by the check stage, served by
 * `racebot serve`). The GitHub App's halves are in src/github/service.ts.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createDashboardHandler, RedisFindingStore, type FindingStore } from '../dashboard/index.js';

export function findingStore(cfg: Config, redis: Redis): FindingStore {
  return new RedisFindingStore(redis, { prefix: `${cfg.redis.prefix}:dash`, retentionDays: cfg.store.retentionDays });
}

export function dashboardHandler(cfg: Config, store: FindingStore) {
  return createDashboardHandler(store, { publicUrl: cfg.serve.publicUrl });
}
