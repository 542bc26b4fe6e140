/** The service's configuration and the opt-in policy (pure parts). */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../../src/config.js';
import { reportMessage } from '../../src/deliver/compose.js';
import { claimingSubsystems, decide, fileMatches } from '../../src/service/policy.js';
import type { MailSummary } from '../../src/service/types.js';
import { ROOT } from './helpers.js';

const DEFAULT = resolve(ROOT, 'config/default.yaml');

describe('config', () => {
  test('config/default.yaml and config/subsystems.yaml load and validate; the default is silent', () => {
    const cfg = loadConfig({ file: DEFAULT, env: {} });
    expect(cfg.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'racebot' });
    expect(cfg.serve.smtp.port).toBe(2525);
    expect(cfg.subsystems.killSwitch).toBe(false);
    expect(cfg.subsystems.subsystems.every((s) => !s.optIn || s.policy === 'off')).toBe(true);
  });

  test('environment overrides', () => {
    const cfg = loadConfig({
      file: DEFAULT,
      env: { REDIS_URL: 'redis://redis.internal:6380/2', RACEBOT_REDIS_PREFIX: 'rb', RACEBOT_FROM: 'bot <bot@example.org>', RACEBOT_LISTEN: '0.0.0.0:24', RACEBOT_LMTP: '1', RACEBOT_SMTP_URL: 'smtp://relay:25', RACEBOT_KILL_SWITCH: 'yes', RACEBOT_SERIES_WAIT: '2m' },
    });
    expect(cfg.redis).toEqual({ url: 'redis://redis.internal:6380/2', prefix: 'rb' });
    expect(cfg.bot.from).toBe('bot <bot@example.org>');
    expect(cfg.serve.smtp).toMatchObject({ host: '0.0.0.0', port: 24, lmtp: true });
    expect(cfg.deliver.smtp.url).toBe('smtp://relay:25');
    expect(cfg.subsystems.killSwitch).toBe(true);
    expect(cfg.series.waitSeconds).toBe(120);
  });

  test('invalid settings are refused with their path', () => {
    expect(() => loadConfig({ file: DEFAULT, env: {}, overrides: { serve: { smtp: { port: 70000 } } } })).toThrow(/serve\.smtp\.port/);
    expect(() => loadConfig({ file: DEFAULT, env: {}, subsystems: { subsystems: [{ name: 'mm', policy: 'loud' as never, lists: ['x@y'] }] } })).toThrow(/subsystems\.0\.policy/);
    expect(() => loadConfig({ file: DEFAULT, env: {}, subsystems: { subsystems: [{ name: 'mm' }] } })).toThrow(ConfigError);
    expect(() => loadConfig({ file: DEFAULT, env: {}, subsystems: { subsystems: [{ name: 'mm', lists: ['a@b'], embargo: 'soon' }] } })).toThrow(/embargo/);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration(90)).toBe(90);
  });
});

const mail = (over: Partial<MailSummary> = {}): MailSummary => ({
  h: 'h',
  messageId: 'p@x',
  subject: '[PATCH] mm: x',
  normalizedSubject: 'mm: x',
  version: 1,
  index: null,
  total: null,
  isCover: false,
  from: { name: 'A', address: 'a@example.org' },
  author: { name: 'A', address: 'a@example.org' },
  to: [],
  cc: [],
  date: null,
  inReplyTo: null,
  references: [],
  kind: 'patch',
  autoSubmitted: null,
  quotesDiff: false,
  files: ['mm/gup.c'],
  lists: ['linux-mm@kvack.org'],
  own: false,
  commands: [],
  familyKey: 'a|mm: x',
  seriesKey: null,
  ...over,
});

describe('opt-in policy', () => {
  const subs = loadConfig({
    file: DEFAULT,
    env: {},
    subsystems: {
      subsystems: [
        { name: 'mm', optIn: true, policy: 'list', lists: ['linux-mm@kvack.org'], files: ['mm/'], exclude: ['mm/kasan/'], maintainers: ['Andrew Morton <akpm@linux-foundation.org>'], embargo: '1h', dailyCap: 3 },
        { name: 'gup', optIn: true, policy: 'dry-run', lists: [], files: ['mm/gup*.c'], maintainers: ['jhubbard@nvidia.com'] },
        { name: 'fs', optIn: false, policy: 'list', lists: ['linux-fsdevel@vger.kernel.org'], files: ['fs/'] },
      ],
    },
  }).subsystems;
  const state = { killSwitch: false, optedOut: new Set<string>(), muted: {} };
  const racy = { outcome: 'checked', followUp: false, findings: [{ scenario: 'S3', name: 'gup-fast-pin', delta: 'introduces', invariant: 'I3.2' }] };

  test('MAINTAINERS patterns', () => {
    expect(fileMatches('mm/', 'mm/gup.c')).toBe(true);
    expect(fileMatches('mm/', 'mm/kasan/common.c')).toBe(true);
    expect(fileMatches('mm/gup*.c', 'mm/gup.c')).toBe(true);
    expect(fileMatches('mm/*.c', 'mm/kasan/common.c')).toBe(false);
    expect(fileMatches('kernel/events/uprobes.c', 'kernel/events/uprobes.c')).toBe(true);
    expect(fileMatches('include/linux/mm.h', 'include/linux/mm_types.h')).toBe(false);
    expect(claimingSubsystems(subs, mail({ files: ['mm/kasan/common.c'] })).map((s) => s.name)).toEqual([]);
    expect(claimingSubsystems(subs, mail({ lists: ['<linux-mm.kvack.org>'.slice(1, -1)], files: ['mm/memory.c'] })).map((s) => s.name)).toEqual(['mm']);
  });

  test('the most restrictive policy of the claiming subsystems wins; embargo and caps of all apply', () => {
    const d = decide(subs, state, mail(), racy);
    expect(d).toMatchObject({ send: true, policy: 'dry-run', subsystems: ['mm', 'gup'], findings: ['S3:introduces:I3.2'], embargoSeconds: 3600 });
    if (!d.send) throw new Error('unreachable');
    expect(d.maintainers).toEqual(['Andrew Morton <akpm@linux-foundation.org>', 'jhubbard@nvidia.com']);
    expect(d.ignore).toContain('linux-fsdevel@vger.kernel.org');
    const msg = reportMessage({ headers: [['To', 'A <a@example.org>'], ['Cc', 'linux-mm@kvack.org'], ['Subject', 'Re: [PATCH] mm: x'], ['In-Reply-To', '<p@x>'], ['References', '<p@x>'], ['X-Racebot-Finding', 'S3:introduces:I3.2']], text: 'body\n' }, 'dry-run', d.maintainers);
    expect(msg.to).toBe('Andrew Morton <akpm@linux-foundation.org>, jhubbard@nvidia.com');
    expect(msg.cc).toBeNull();
    expect(msg.text).toMatch(/^\[racebot dry run/);
    expect(msg.headers).toContainEqual(['Auto-Submitted', 'auto-generated']);
  });

  test('silence: not opted in, kill switch, opted-out author, muted, no issue', () => {
    expect(decide(subs, state, mail({ files: ['fs/namei.c'], lists: ['linux-fsdevel@vger.kernel.org'] }), racy)).toMatchObject({ send: false, reason: 'not opted in (fs)' });
    expect(decide(subs, state, mail({ files: ['kernel/sched/core.c'], lists: ['linux-kernel@vger.kernel.org'] }), racy)).toMatchObject({ send: false, reason: 'no subsystem claims it' });
    expect(decide({ ...subs, killSwitch: true }, state, mail(), racy)).toMatchObject({ send: false, reason: 'kill switch' });
    expect(decide(subs, { ...state, killSwitch: true }, mail(), racy)).toMatchObject({ send: false, reason: 'kill switch' });
    expect(decide(subs, { ...state, optedOut: new Set(['a@example.org']) }, mail(), racy)).toMatchObject({ send: false, reason: 'the author opted out' });
    expect(decide(subs, { ...state, muted: { gup: ['S3'] } }, mail(), racy)).toMatchObject({ send: false, reason: 'every finding is muted' });
    const benign = { ...racy, findings: [{ ...racy.findings[0], delta: 'unchanged', invariant: null }] };
    expect(decide(subs, state, mail(), benign)).toMatchObject({ send: false, outcome: 'no-finding' });
    expect(decide(subs, state, mail(), { ...benign, followUp: true })).toMatchObject({ send: true });
  });
});
