import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { EmailChannel } from '../channels/email/channel.js';
import type { Mailer } from '../deliver/smtp.js';
import type { Logger, Queues } from './context.js';
import type { Faults } from './faults.js';
import type { Metrics } from './metrics.js';
import type { ThreadPool } from './pool.js';
import type { Store } from './store.js';
import type { FindingStore } from '../dashboard/index.js';

/** Everything a stage's processor uses. */
export interface WorkerCtx {
  readonly cfg: Config;
  readonly redis: Redis;
  readonly store: Store;
  readonly queues: Queues;
  readonly pool: ThreadPool;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly faults: Faults;
  readonly mailer: Mailer;
  /** The email channel (its outbox is store.outbox). */
  readonly email: EmailChannel;
  /** Where checked patches are kept for the dashboard. */
  readonly findings: FindingStore;
}
