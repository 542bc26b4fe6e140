/**
 * The two faces beside email, wired into the service: the findings dashboard (fed by the check
 * stage, served by `racebot serve`) and the GitHub App (webhooks on `racebot serve`, checks run
 * by workers from the `github` queue).
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createDashboardHandler, RedisFindingStore, type FindingStore } from '../dashboard/index.js';
import { createGithubApp, type GithubApp, type GithubCheckJob } from '../github/index.js';

export function findingStore(cfg: Config, redis: Redis): FindingStore {
  return new RedisFindingStore(redis, { prefix: `${cfg.redis.prefix}:dash`, retentionDays: cfg.store.retentionDays });
}

export function dashboardHandler(cfg: Config, store: FindingStore) {
  return createDashboardHandler(store, { publicUrl: cfg.serve.publicUrl });
}

/** The GitHub App, when configured (`github.appId`, key and webhook secret); else null. */
export async function githubApp(cfg: Config, store: FindingStore, submitCheck?: (job: GithubCheckJob) => Promise<void>): Promise<GithubApp | null> {
  const g = cfg.github;
  if (!g.appId) return null;
  if (!g.privateKey || !g.webhookSecret) throw new Error('github.appId is set but github.privateKey or github.webhookSecret is not');
  return createGithubApp({
    appId: g.appId,
    privateKey: g.privateKey,
    secret: g.webhookSecret,
    ...(g.baseUrl ? { baseUrl: g.baseUrl } : {}),
    store,
    publicUrl: cfg.serve.publicUrl,
    check: { maxStates: cfg.check.maxStates ?? undefined, maxMs: cfg.check.maxMs ?? undefined },
    logLevel: 'warn',
    ...(submitCheck ? { submitCheck } : {}),
  });
}
