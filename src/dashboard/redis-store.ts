/**
 * The dashboard's FindingStore in Redis (ioredis), so that `racebot serve` shows what any
 * worker checked. Keys under `<prefix>` (default `racebot:dash`):
 *
 *   <prefix>:patch:<id>          STRING JSON StoredPatch
 *   <prefix>:index               ZSET   id by receivedAt (ms)
 *   <prefix>:series:<seriesId>   SET    ids of the parts of a series
 *   <prefix>:family:<family>     SET    ids of the versions of a patch
 *   <prefix>:lists, :subsystems  SET    values for the filters
 *
 * `list` reads the newest `scan` entries (default 2000) and filters them here; `page` walks the
 * whole index from a cursor (ZREVRANK of the entry it follows), a chunk at a time, so every
 * entry is reachable however many there are.
 */
import type { Redis } from 'ioredis';
import { byIndex, byVersion, cursorOrder, matches, newestFirst, pageFrom, type FindingStore, type Page, type PageRequest, type PatchFilter, type StoredPatch } from './store.js';

export interface RedisFindingStoreOptions {
  readonly prefix?: string;
  /** How many of the newest entries a filtered list looks at (default 2000). */
  readonly scan?: number;
  /** Expire entries after this many days (default: never). */
  readonly retentionDays?: number | null;
}

export class RedisFindingStore implements FindingStore {
  readonly #redis: Redis;
  readonly #p: string;
  readonly #scan: number;
  readonly #ttl: number | null;

  constructor(redis: Redis, opts: RedisFindingStoreOptions = {}) {
    this.#redis = redis;
    this.#p = opts.prefix ?? 'racebot:dash';
    this.#scan = opts.scan ?? 2000;
    this.#ttl = opts.retentionDays ? Math.round(opts.retentionDays * 86400) : null;
  }

  async put(p: StoredPatch): Promise<void> {
    const tx = this.#redis.multi();
    const key = `${this.#p}:patch:${p.id}`;
    if (this.#ttl) tx.set(key, JSON.stringify(p), 'EX', this.#ttl);
    else tx.set(key, JSON.stringify(p));
    tx.zadd(`${this.#p}:index`, Date.parse(p.receivedAt) || Date.now(), p.id);
    tx.sadd(`${this.#p}:series:${p.seriesId}`, p.id);
    tx.sadd(`${this.#p}:family:${p.family}`, p.id);
    if (p.lists.length) tx.sadd(`${this.#p}:lists`, ...p.lists);
    if (p.subsystem) tx.sadd(`${this.#p}:subsystems`, p.subsystem);
    await tx.exec();
  }

  async get(id: string): Promise<StoredPatch | null> {
    const v = await this.#redis.get(`${this.#p}:patch:${id}`);
    return v ? (JSON.parse(v) as StoredPatch) : null;
  }

  async #many(ids: readonly string[]): Promise<StoredPatch[]> {
    if (!ids.length) return [];
    const vals = await this.#redis.mget(...ids.map((id) => `${this.#p}:patch:${id}`));
    return vals.filter((v): v is string => !!v).map((v) => JSON.parse(v) as StoredPatch);
  }

  async list(filter: PatchFilter = {}): Promise<StoredPatch[]> {
    const ids = await this.#redis.zrevrange(`${this.#p}:index`, 0, this.#scan - 1);
    const out = (await this.#many(ids)).filter((p) => matches(p, filter)).sort(newestFirst);
    return filter.limit ? out.slice(0, filter.limit) : out;
  }

  async page(req: PageRequest): Promise<Page> {
    return pageFrom(this.#walk(req.after ?? null, Math.min(1000, Math.max(50, req.size * 2))), req);
  }

  /** Entries in cursor order (score, then id, both descending), strictly after `after`. */
  async *#walk(after: { at: number; id: string } | null, chunk: number): AsyncGenerator<StoredPatch> {
    const index = `${this.#p}:index`;
    let start = 0;
    let skipUpTo: { at: number; id: string } | null = null;
    if (after) {
      const rank = await this.#redis.zrevrank(index, after.id);
      // The entry is gone (expired): start at the first one not newer than it, skip up to it below.
      if (rank !== null) start = rank + 1;
      else {
        start = await this.#redis.zcount(index, `(${after.at}`, '+inf');
        skipUpTo = after;
      }
    }
    for (;;) {
      const flat = await this.#redis.zrevrange(index, start, start + chunk - 1, 'WITHSCORES');
      if (flat.length === 0) return;
      const ids: string[] = [];
      for (let i = 0; i < flat.length; i += 2) if (!skipUpTo || cursorOrder(skipUpTo, { at: Number(flat[i + 1]), id: flat[i] }) < 0) ids.push(flat[i]);
      for (const p of await this.#many(ids)) yield p;
      start += flat.length / 2;
    }
  }

  async series(seriesId: string): Promise<StoredPatch[]> {
    return (await this.#many(await this.#redis.smembers(`${this.#p}:series:${seriesId}`))).sort(byIndex);
  }

  async family(family: string): Promise<StoredPatch[]> {
    return (await this.#many(await this.#redis.smembers(`${this.#p}:family:${family}`))).sort(byVersion);
  }

  async facets(): Promise<{ lists: string[]; subsystems: string[] }> {
    const [lists, subsystems] = await Promise.all([this.#redis.smembers(`${this.#p}:lists`), this.#redis.smembers(`${this.#p}:subsystems`)]);
    return { lists: lists.sort(), subsystems: subsystems.sort() };
  }
}
