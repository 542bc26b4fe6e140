/**
 * The durable outbox of every channel, in Redis (the Outbox of channel.ts). One hash per entry,
 * keyed by channel and idempotency key; creating an entry whose key exists is a no-op, and every
 * state change is a compare-and-set, so two workers never both send one entry.
 *
 *   P:outbox:<channel>:<id>   HASH  state kind about payload(JSON) notBefore attempts lastError
 *                                   errorClass createdAt sentAt receipt
 *   P:outbox-index            ZSET  <channel>:<id> by creation time
 *   P:outbox-about:<about>    SET   <channel>:<id> of the entries about one checked thing
 */
import type { Redis } from 'ioredis';
import type { Draft, EntryState, Outbox, OutboxEntry, RetryClass } from './channel.js';

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
if KEYS[3] then
  redis.call('SADD', KEYS[3], ARGV[3])
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[2]))
end
return 1
`;

const TRANSITION = `
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], unpack(ARGV, 3))
return 1
`;

const STATES: readonly EntryState[] = ['pending', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'];

export class OutboxError extends Error {
  constructor(
    readonly code: 'bad-channel' | 'bad-id' | 'corrupt-entry',
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

const NAME = /^[a-z][a-z0-9-]*$/;
const ID = /^[A-Za-z0-9_.-]{1,128}$/;

export class RedisOutbox<M> implements Outbox<M> {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    readonly ttlSeconds: number,
  ) {}

  private key(channel: string, id: string): string {
    if (!NAME.test(channel)) throw new OutboxError('bad-channel', `not a channel name: ${channel}`);
    if (!ID.test(id)) throw new OutboxError('bad-id', `not an outbox entry id: ${id.slice(0, 80)}`);
    return `${this.prefix}:outbox:${channel}:${id}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:outbox-index`;
  }

  private aboutKey(about: string): string {
    return `${this.prefix}:outbox-about:${about}`;
  }

  async create(channel: string, d: Draft<M>, now: number): Promise<boolean> {
    const fields: Record<string, string> = {
      state: 'pending',
      kind: d.kind,
      about: d.about,
      payload: JSON.stringify(d.payload),
      notBefore: String(d.notBefore),
      attempts: '0',
      createdAt: String(now),
    };
    const keys = [this.key(channel, d.id), this.indexKey, ...(d.about ? [this.aboutKey(d.about)] : [])];
    const r = await this.redis.eval(CREATE, keys.length, ...keys, String(now), String(this.ttlSeconds), `${channel}:${d.id}`, ...Object.entries(fields).flat());
    return r === 1;
  }

  async get(channel: string, id: string): Promise<OutboxEntry<M> | null> {
    let key: string;
    try {
      key = this.key(channel, id);
    } catch {
      return null;
    }
    const f = await this.redis.hgetall(key);
    if (!f.state) return null;
    if (!STATES.includes(f.state as EntryState)) throw new OutboxError('corrupt-entry', `${channel}:${id} has the unknown state ${f.state}`);
    let payload: M;
    try {
      payload = JSON.parse(f.payload) as M;
    } catch {
      throw new OutboxError('corrupt-entry', `${channel}:${id} has an unreadable payload`);
    }
    return {
      id,
      channel,
      kind: f.kind,
      about: f.about ?? '',
      payload,
      notBefore: Number(f.notBefore),
      state: f.state as EntryState,
      attempts: Number(f.attempts ?? 0),
      lastError: f.lastError || null,
      errorClass: (f.errorClass || null) as RetryClass | null,
      createdAt: Number(f.createdAt),
      sentAt: f.sentAt ? Number(f.sentAt) : null,
      receipt: f.receipt || null,
    };
  }

  async transition(
    channel: string,
    id: string,
    from: EntryState,
    to: EntryState,
    fields: Partial<Pick<OutboxEntry<M>, 'attempts' | 'lastError' | 'errorClass' | 'sentAt' | 'receipt'>> = {},
  ): Promise<boolean> {
    const flat = Object.entries(fields).flatMap(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]);
    return (await this.redis.eval(TRANSITION, 1, this.key(channel, id), from, to, ...flat)) === 1;
  }

  async list(filter: { readonly channel?: string; readonly state?: EntryState; readonly about?: string; readonly limit?: number } = {}): Promise<OutboxEntry<M>[]> {
    const limit = filter.limit ?? 50;
    const members = filter.about ? await this.redis.smembers(this.aboutKey(filter.about)) : await this.redis.zrevrange(this.indexKey, 0, -1);
    const out: OutboxEntry<M>[] = [];
    for (const m of members) {
      const i = m.indexOf(':');
      const channel = m.slice(0, i);
      if (filter.channel && channel !== filter.channel) continue;
      const e = await this.get(channel, m.slice(i + 1));
      if (!e || (filter.state && e.state !== filter.state)) continue;
      out.push(e);
      if (!filter.about && out.length >= limit) break;
    }
    if (filter.about) out.sort((a, b) => b.createdAt - a.createdAt);
    return out.slice(0, limit);
  }
}
