/** The store's atomic operations against the real Redis: reply claims with daily caps, the outbox. */
import { Redis } from 'ioredis';
import { afterAll, expect, test } from 'vitest';
import { Store } from '../../src/service/store.js';
import { REDIS_URL, cleanupPrefix, uniquePrefix } from './helpers.js';

const prefix = uniquePrefix('store');
const redis = new Redis(REDIS_URL);
const store = new Store(redis, prefix, 1);

afterAll(async () => {
  await redis.quit();
  await cleanupPrefix(prefix);
});

test('a (patch, finding) reply is claimed once; a retry of the same owner keeps its claims; caps count replies', async () => {
  const caps = [{ subsystem: 'mm', cap: 2 }];
  expect(await store.claimFindings('p1', 'job-a', ['S3:introduces:I3.2', 'S0:unchanged'], caps, '2026-01-01')).toEqual(['S3:introduces:I3.2', 'S0:unchanged']);
  // The same job again (a retry after a crash): its claims, no second count against the cap.
  expect(await store.claimFindings('p1', 'job-a', ['S3:introduces:I3.2', 'S0:unchanged'], caps, '2026-01-01')).toEqual(['S3:introduces:I3.2', 'S0:unchanged']);
  // Another job (a recheck) finds them taken; only the new finding is its.
  expect(await store.claimFindings('p1', 'job-b', ['S3:introduces:I3.2', 'S1:fixes:I1.1'], caps, '2026-01-01')).toEqual(['S1:fixes:I1.1']);
  // The cap (2 replies that day) is full now.
  expect(await store.claimFindings('p2', 'job-c', ['S3:introduces:I3.2'], caps, '2026-01-01')).toBe('capped');
  expect(await store.claimFindings('p2', 'job-c', ['S3:introduces:I3.2'], caps, '2026-01-02')).toEqual(['S3:introduces:I3.2']);
});

test('an outbox entry is created once per (channel, id) and moves between states atomically', async () => {
  const payload = { to: 'a@b', cc: null, subject: 'Re: x', inReplyTo: '<x@y>', references: '<x@y>', headers: [] as [string, string][], text: 'hi\n' };
  const draft = { id: 'r1', kind: 'report', about: 'p1', payload, notBefore: 0 };
  expect(await store.outbox.create('email', draft, 1)).toBe(true);
  expect(await store.outbox.create('email', { ...draft, payload: { ...payload, text: 'other\n' } }, 2)).toBe(false);
  // Another channel's entry with the same id is another entry.
  expect(await store.outbox.create('github', { ...draft, payload: { ...payload, text: 'gh\n' } }, 3)).toBe(true);
  expect((await store.outbox.get('email', 'r1'))?.payload.text).toBe('hi\n');
  expect(await store.outbox.transition('email', 'r1', 'pending', 'sending', { attempts: 1 })).toBe(true);
  expect(await store.outbox.transition('email', 'r1', 'pending', 'sending', { attempts: 2 })).toBe(false);
  expect(await store.outbox.get('email', 'r1')).toMatchObject({ state: 'sending', attempts: 1, channel: 'email', about: 'p1' });
  expect((await store.outbox.list()).map((e) => `${e.channel}:${e.id}`)).toEqual(['github:r1', 'email:r1']);
  expect((await store.outbox.list({ about: 'p1', channel: 'email' })).map((e) => e.state)).toEqual(['sending']);
  expect((await store.outbox.list({ state: 'pending' })).map((e) => e.channel)).toEqual(['github']);
  expect(await store.outbox.get('email', 'no such id')).toBeNull();
});

test('a pre-existing race is news once: the first reply keeps the key', async () => {
  expect([...(await store.claimNews(['mm:S1:I1.1:6.4'], '<first@x>')).values()]).toEqual(['<first@x>']);
  expect([...(await store.claimNews(['mm:S1:I1.1:6.4', 'mm:S1:I1.1:6.5'], '<second@x>')).values()]).toEqual(['<first@x>', '<second@x>']);
});
