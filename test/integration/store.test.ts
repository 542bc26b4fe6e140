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

test('an outbox entry is created once and moves between states atomically', async () => {
  const entry = { id: 'r1', kind: 'report' as const, patch: 'p1', message: { to: 'a@b', cc: null, subject: 'Re: x', inReplyTo: '<x@y>', references: '<x@y>', headers: [] as [string, string][], text: 'hi\n' }, notBefore: 0, createdAt: 1, receivedAt: 1 };
  expect(await store.createOutbox(entry)).toBe(true);
  expect(await store.createOutbox({ ...entry, message: { ...entry.message, text: 'other\n' } })).toBe(false);
  expect((await store.getOutbox('r1'))?.message.text).toBe('hi\n');
  expect(await store.transitionOutbox('r1', 'pending', 'sending', { attempts: 1 })).toBe(true);
  expect(await store.transitionOutbox('r1', 'pending', 'sending', { attempts: 2 })).toBe(false);
  expect(await store.getOutbox('r1')).toMatchObject({ status: 'sending', attempts: 1 });
  expect(await store.outboxIds()).toEqual(['r1']);
});
