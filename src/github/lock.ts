/**
 * One report at a time per pull request, across every worker: the summary comment is looked up
 * and then created or edited, which two workers doing at once would do twice. A Redis lock
 * (`SET key token NX PX ttl`, released only by its holder) for the service; an in-process chain
 * for the App run in one process without Redis.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { GithubError } from './errors.js';

export interface PrLock {
  /** Runs `fn` holding the lock of `key`; waits for it at most `waitMs`, else a retryable lock-timeout. */
  with<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export class RedisPrLock implements PrLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** The lock lapses this long after its holder stops renewing it (a crashed worker). */
    private readonly ttlMs = 120_000,
    private readonly waitMs = ttlMs,
  ) {}

  async with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const k = `${this.prefix}:lock:${key}`;
    const token = randomUUID();
    const end = Date.now() + this.waitMs;
    let pause = 20;
    while ((await this.redis.set(k, token, 'PX', this.ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > end) throw new GithubError('lock-timeout', `another worker is reporting on ${key}`, true);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(500, pause * 2);
    }
    // Renewed while held, so a long check does not let a second worker in.
    const renew = setInterval(() => void this.redis.eval(EXTEND, 1, k, token, String(this.ttlMs)).catch(() => undefined), Math.max(1000, this.ttlMs / 3));
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, k, token).catch(() => undefined);
    }
  }
}

export class MemoryPrLock implements PrLock {
  private readonly lanes = new Map<string, Promise<unknown>>();

  with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.lanes.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.lanes.set(key, next);
    void next
      .finally(() => {
        if (this.lanes.get(key) === next) this.lanes.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  get busy(): number {
    return this.lanes.size;
  }
}
