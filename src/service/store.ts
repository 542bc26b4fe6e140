/**
 * What the bot remembers, in Redis. Every key starts with the configured prefix P (default
 * `racebot`); `h` is keyOf(Message-Id) (sha256, 32 hex), `s` a series key hash, `r` a reply id.
 *
 *   P:q:<queue>:*              BullMQ queues ingest, check, report, deliver
 *   P:seen:<key>               first arrival of a message (key = h, or raw:<sha1> without Message-Id)
 *   P:msg:<h>                  HASH  messageId subject from kind source receivedAt ingest(token)
 *                                    summary(JSON) series outcome reason subsystems reply
 *                                    checkedAt reportedAt repliedAt
 *   P:raw:<h>                  STRING the message as received
 *   P:report:<h>               STRING JSON {report (PatchReport), email (the full reply), followUp, check, at}
 *   P:family:<f>               HASH  version -> h: the versions of one patch (f = hash of author|subject)
 *   P:series:<s>               HASH  index -> h: the parts of a series that arrived
 *   P:series:<s>:meta          HASH  key total firstAt cover closed checked(JSON indexes)
 *   P:claim:<h>:<finding>      STRING owner: the reply to (patch, finding) is taken (at most once)
 *   P:cap:<subsystem>:<day>    counter of replies a subsystem got that day (UTC)
 *   P:outbox:<channel>:<r>     HASH  the outbox of every channel (src/channels/outbox.ts)
 *   P:outbox-index, P:outbox-about:<h>   its indexes
 *   P:news:<subsystem>:<scenario>:<invariant>:<release>
 *                              STRING the Message-Id of the first reply that reported this
 *                                    pre-existing race (later replies only link to it)
 *   P:optout                   SET   addresses that asked for no more mail
 *   P:mute:<subsystem>         SET   muted scenario ids
 *   P:killswitch               STRING "1": nothing is sent
 *   P:ingest:cursor:<source>   HASH  source commit at: the last public-inbox commit read
 *   P:fault:<name>             STRING set by a fault-injection point that was reached (tests)
 *
 * Everything but the queues, opt-outs, mutes and cursors expires after store.retentionDays.
 */
import type { Redis } from 'ioredis';
import { RedisOutbox } from '../channels/outbox.js';
import type { EmailMessage } from '../deliver/compose.js';
import type { EmailReply } from '../report/check-report.js';
import type { StoredReport } from './thread-tasks.js';
import type { MailSummary } from './types.js';
import { shortHash } from './summary.js';

export interface StoredCheck {
  readonly report: StoredReport;
  readonly email: EmailReply | null;
  readonly followUp: boolean;
  readonly check: string;
  readonly at: number;
}

const CLAIM = `
local owner = ARGV[1]
local n = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local mine, new = {}, {}
for i = 1, n do
  local v = redis.call('GET', KEYS[i])
  if not v then table.insert(new, i) elseif v == owner then table.insert(mine, i) end
end
if #new > 0 then
  for j = n + 1, #KEYS do
    local c = tonumber(redis.call('GET', KEYS[j]) or '0')
    if c >= tonumber(ARGV[3 + j - n]) then return {-1} end
  end
  for _, i in ipairs(new) do
    redis.call('SET', KEYS[i], owner, 'EX', ttl)
    table.insert(mine, i)
  end
  for j = n + 1, #KEYS do
    redis.call('INCR', KEYS[j])
    redis.call('EXPIRE', KEYS[j], 172800)
  end
end
return mine
`;

export class Store {
  readonly ttl: number;

  /** The outbox of the email channel (other channels open their own RedisOutbox on the same prefix). */
  readonly outbox: RedisOutbox<EmailMessage>;

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    retentionDays = 90,
  ) {
    this.ttl = Math.round(retentionDays * 86400);
    this.outbox = new RedisOutbox<EmailMessage>(redis, prefix, this.ttl);
  }

  k(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  // --- messages ---------------------------------------------------------------------------

  /** Marks a message key as seen; true the first time. */
  async markSeen(key: string, at: number): Promise<boolean> {
    return (await this.redis.set(this.k('seen', key), String(at), 'EX', this.ttl, 'NX')) === 'OK';
  }

  async seen(key: string): Promise<boolean> {
    return (await this.redis.exists(this.k('seen', key))) === 1;
  }

  /**
   * Claims the ingestion of message h for `token` (the ingest job's id and creation time):
   * 'first', 'self' (a retry of the same job) or 'duplicate'.
   */
  async claimIngest(h: string, token: string): Promise<'first' | 'self' | 'duplicate'> {
    const key = this.k('msg', h);
    const [[, set], [, cur]] = (await this.redis.multi().hsetnx(key, 'ingest', token).hget(key, 'ingest').expire(key, this.ttl).exec()) as [Error | null, unknown][];
    if (set === 1) return 'first';
    return cur === token ? 'self' : 'duplicate';
  }

  async putMessage(h: string, raw: Buffer, summary: MailSummary, source: string, receivedAt: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.k('raw', h), raw, 'EX', this.ttl)
      .hset(this.k('msg', h), {
        messageId: summary.messageId,
        subject: summary.subject,
        from: summary.from.address,
        kind: summary.kind,
        source,
        receivedAt: String(receivedAt),
        summary: JSON.stringify(summary),
      })
      .exec();
  }

  async getRaw(h: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.k('raw', h));
  }

  async getSummary(h: string): Promise<MailSummary | null> {
    const s = await this.redis.hget(this.k('msg', h), 'summary');
    return s ? (JSON.parse(s) as MailSummary) : null;
  }

  async getMessage(h: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.k('msg', h));
  }

  async setMessage(h: string, fields: Record<string, string | number>): Promise<void> {
    const f: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) f[k] = String(v);
    await this.redis.multi().hset(this.k('msg', h), f).expire(this.k('msg', h), this.ttl).exec();
  }

  async setOutcome(h: string, outcome: string, reason: string | null, extra: Record<string, string | number> = {}): Promise<void> {
    await this.setMessage(h, { outcome, reason: reason ?? '', outcomeAt: Date.now(), ...extra });
  }

  // --- versions ---------------------------------------------------------------------------

  async addVersion(familyKey: string, version: number, h: string): Promise<void> {
    const key = this.k('family', shortHash(familyKey));
    await this.redis.multi().hsetnx(key, String(version), h).expire(key, this.ttl).exec();
  }

  /** The patch of the highest version below `version` of the same family, if it was checked. */
  async previousVersion(familyKey: string, version: number): Promise<string | null> {
    const all = await this.redis.hgetall(this.k('family', shortHash(familyKey)));
    const vs = Object.keys(all)
      .map(Number)
      .filter((v) => v < version)
      .sort((a, b) => b - a);
    for (const v of vs) if (await this.redis.exists(this.k('report', all[String(v)]))) return all[String(v)];
    return null;
  }

  /**
   * Earlier versions of a patch (same family, lower version) that are on their way through the
   * pipeline: no report stored and no outcome recorded yet. A later version's check waits for
   * them, so that "v8 fixes the race reported on v7" can be said.
   */
  async earlierVersionsInFlight(familyKey: string, version: number, exclude: ReadonlySet<string>): Promise<string[]> {
    const all = await this.redis.hgetall(this.k('family', shortHash(familyKey)));
    const out: string[] = [];
    for (const [v, h] of Object.entries(all)) {
      if (Number(v) >= version || exclude.has(h)) continue;
      const [report, outcome] = await Promise.all([this.redis.exists(this.k('report', h)), this.redis.hget(this.k('msg', h), 'outcome')]);
      if (!report && !outcome) out.push(h);
    }
    return out;
  }

  // --- series -----------------------------------------------------------------------------

  /** Adds a part; returns how many parts are there and whether the series was already checked. */
  async addPart(s: string, seriesKey: string, index: number, h: string, total: number, now: number): Promise<{ count: number; closed: boolean; firstAt: number }> {
    const key = this.k('series', s);
    const meta = this.k('series', s, 'meta');
    const res = (await this.redis
      .multi()
      .hset(key, String(index), h)
      .hsetnx(meta, 'firstAt', String(now))
      .hsetnx(meta, 'total', String(total))
      .hsetnx(meta, 'key', seriesKey)
      .hget(meta, 'closed')
      .hlen(key)
      .hget(meta, 'firstAt')
      .expire(key, this.ttl)
      .expire(meta, this.ttl)
      .exec()) as [Error | null, unknown][];
    return { closed: res[4][1] === '1', count: Number(res[5][1]), firstAt: Number(res[6][1]) };
  }

  async setCover(s: string, h: string): Promise<void> {
    await this.redis.multi().hset(this.k('series', s, 'meta'), 'cover', h).expire(this.k('series', s, 'meta'), this.ttl).exec();
  }

  /** Closes the series for the check that starts now and returns its parts (index -> h). */
  async closeSeries(s: string): Promise<Map<number, string>> {
    const res = (await this.redis.multi().hset(this.k('series', s, 'meta'), 'closed', '1').hgetall(this.k('series', s)).exec()) as [Error | null, unknown][];
    const parts = res[1][1] as Record<string, string>;
    const out = new Map<number, string>();
    for (const [i, h] of Object.entries(parts)) out.set(Number(i), h);
    return out;
  }

  async seriesParts(s: string): Promise<Map<number, string>> {
    const parts = await this.redis.hgetall(this.k('series', s));
    return new Map(Object.entries(parts).map(([i, h]) => [Number(i), h]));
  }

  // --- reports ----------------------------------------------------------------------------

  async putReport(h: string, c: StoredCheck): Promise<void> {
    await this.redis.set(this.k('report', h), JSON.stringify(c), 'EX', this.ttl);
  }

  async getReport(h: string): Promise<StoredCheck | null> {
    const s = await this.redis.get(this.k('report', h));
    return s ? (JSON.parse(s) as StoredCheck) : null;
  }

  // --- replies ----------------------------------------------------------------------------

  /**
   * Takes the (patch, finding) pairs not yet taken, for `owner`; pairs `owner` took before (a
   * retry) count as taken now. Counts one reply against each cap when anything new is taken;
   * returns 'capped' when a cap is full.
   */
  async claimFindings(h: string, owner: string, findings: readonly string[], caps: readonly { subsystem: string; cap: number }[], day: string): Promise<string[] | 'capped'> {
    if (findings.length === 0) return [];
    const keys = [...findings.map((f) => this.k('claim', h, f)), ...caps.map((c) => this.k('cap', c.subsystem, day))];
    const res = (await this.redis.eval(CLAIM, keys.length, ...keys, owner, String(findings.length), String(this.ttl), ...caps.map((c) => String(c.cap)))) as number[];
    if (res.length === 1 && res[0] === -1) return 'capped';
    return res.map((i) => findings[i - 1]);
  }

  /**
   * The first reply to report each of these pre-existing races: a key taken now gets `reply`;
   * a key taken before keeps (and returns) the reply that took it.
   */
  async claimNews(keys: readonly string[], reply: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const k of keys) {
      const key = this.k('news', k);
      const res = (await this.redis.multi().set(key, reply, 'EX', this.ttl, 'NX').get(key).exec()) as [Error | null, unknown][];
      out.set(k, String(res[1][1]));
    }
    return out;
  }

  // --- opt-outs, mutes, kill switch -------------------------------------------------------

  async optOut(address: string): Promise<void> {
    await this.redis.sadd(this.k('optout'), address.toLowerCase());
  }

  async optedOut(): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.k('optout')));
  }

  async mute(subsystem: string, scenario: string): Promise<void> {
    await this.redis.sadd(this.k('mute', subsystem), scenario);
  }

  async muted(subsystems: readonly string[]): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const s of subsystems) out[s] = await this.redis.smembers(this.k('mute', s));
    return out;
  }

  async killSwitch(): Promise<boolean> {
    return (await this.redis.get(this.k('killswitch'))) === '1';
  }

  // --- ingest cursors ---------------------------------------------------------------------

  async getCursor(source: string): Promise<string | null> {
    return this.redis.hget(this.k('ingest', 'cursor', shortHash(source)), 'commit');
  }

  async setCursor(source: string, commit: string): Promise<void> {
    await this.redis.hset(this.k('ingest', 'cursor', shortHash(source)), { source, commit, at: String(Date.now()) });
  }
}
