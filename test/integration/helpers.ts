/**
 * Shared pieces of the integration tests: a unique Redis key prefix per run (cleaned up), a real
 * SMTP peer (smtp-server) that records what it receives and can refuse, the test config, patch
 * emails from ../shared/examples addressed as a test needs, and waiting for conditions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { stringify as toYaml } from 'yaml';
import { loadConfig, type Config, type DeepPartial, type ConfigSchema, type SubsystemsSchema } from '../../src/config.js';
import type { z } from 'zod';
import { QUEUES } from '../../queues/schemas.js';
import type { Queues } from '../../src/service/context.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES = resolve(ROOT, '../shared/examples');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(name: string): string {
  return `racebot-test:${name}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function cleanupPrefix(prefix: string): Promise<number> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    await r.quit();
  }
  return n;
}

export const TEST_SUBSYSTEMS: z.input<typeof SubsystemsSchema> = {
  killSwitch: false,
  subsystems: [
    {
      name: 'mm',
      optIn: true,
      lists: ['linux-mm@kvack.org'],
      files: ['mm/', 'kernel/events/uprobes.c'],
      maintainers: ['Andrew Morton <akpm@linux-foundation.org>'],
      policy: 'list',
      sendNoIssue: false,
      embargo: 0,
      dailyCap: 10000,
    },
    // A subsystem that did not opt in: it claims everything sent to its list.
    { name: 'netdev', optIn: false, lists: ['netdev@vger.kernel.org'], files: [], maintainers: ['Jakub Kicinski <kuba@kernel.org>'], policy: 'list' },
  ],
};

export function testConfig(prefix: string, sinkPort: number, overrides: DeepPartial<z.input<typeof ConfigSchema>> = {}, subsystems = TEST_SUBSYSTEMS): Config {
  const base: DeepPartial<z.input<typeof ConfigSchema>> = {
    redis: { url: REDIS_URL, prefix },
    bot: { from: 'racebot <racebot@example.org>', contact: 'racebot-admins@example.org', ignore: ['stable@vger.kernel.org'] },
    serve: { smtp: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } },
    worker: { threads: 1, lockDurationMs: 4000, stalledIntervalMs: 1000, maxStalledCount: 5 },
    series: { waitSeconds: 1 },
    jobs: { attempts: 5, backoffMs: 200 },
    deliver: { smtp: { host: '127.0.0.1', port: sinkPort, ignoreTLS: true, connectionTimeoutMs: 10000 }, attempts: 20, backoffMs: 200, backoffMaxMs: 1000 },
  };
  return loadConfig({ file: resolve(ROOT, 'config/default.yaml'), env: {}, overrides: deepMergePlain(base, overrides), subsystems });
}

function deepMergePlain<T>(a: T, b: unknown): T {
  if (typeof a !== 'object' || a === null || Array.isArray(a) || typeof b !== 'object' || b === null || Array.isArray(b)) return (b === undefined ? a : b) as T;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) out[k] = deepMergePlain(out[k], v);
  return out as T;
}

// --- the SMTP peer ---------------------------------------------------------------------------

export interface Received {
  readonly envelopeFrom: string;
  readonly envelopeTo: string[];
  readonly raw: Buffer;
  readonly mail: ParsedMail;
  readonly at: number;
}

export interface Sink {
  readonly port: number;
  readonly received: Received[];
  /** Messages refused so far. */
  refusals: number;
  /** Refuse this many more messages (451) before accepting. */
  refuseNext: number;
  /** Messages in reply to a Message-Id (without brackets). */
  repliesTo(messageId: string): Received[];
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const received: Received[] = [];
  const sink = {
    port: 0,
    received,
    refusals: 0,
    refuseNext: 0,
    repliesTo(id: string) {
      return received.filter((r) => (r.mail.inReplyTo ?? '').includes(`<${id}>`));
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (sink.refuseNext > 0) {
          sink.refuseNext--;
          sink.refusals++;
          return cb(Object.assign(new Error('4.3.2 try again later (test)'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              mail,
              at: Date.now(),
            });
            cb(null, 'ok');
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((r) => server.close(() => r()));
  return sink;
}

// --- mail ------------------------------------------------------------------------------------

/** Header fields of a raw message, unfolded-aware: [name, full field text incl. continuation lines]. */
function splitHeaders(text: string): { fields: [string, string][]; body: string } {
  const nl = text.indexOf('\n\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  const body = nl < 0 ? '' : text.slice(nl + 2);
  const fields: [string, string][] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1][1] += '\n' + line;
    else fields.push([line.slice(0, Math.max(0, line.indexOf(':'))).toLowerCase(), line]);
  }
  return { fields, body };
}

export interface Rewrite {
  readonly messageId?: string;
  readonly to?: string;
  readonly cc?: string | null;
  readonly from?: string;
  readonly subject?: string;
  readonly inReplyTo?: string | null;
  readonly references?: string | null;
  readonly extra?: readonly string[];
}

/** A message with some header fields replaced (null removes one). */
export function rewrite(raw: string, r: Rewrite): string {
  const text = raw.replace(/\r\n/g, '\n');
  const { fields, body } = splitHeaders(text);
  const repl: Record<string, string | null | undefined> = {
    'message-id': r.messageId === undefined ? undefined : `Message-Id: <${r.messageId}>`,
    to: r.to === undefined ? undefined : `To: ${r.to}`,
    cc: r.cc === undefined ? undefined : r.cc === null ? null : `Cc: ${r.cc}`,
    from: r.from === undefined ? undefined : `From: ${r.from}`,
    subject: r.subject === undefined ? undefined : `Subject: ${r.subject}`,
    'in-reply-to': r.inReplyTo === undefined ? undefined : r.inReplyTo === null ? null : `In-Reply-To: <${r.inReplyTo}>`,
    references: r.references === undefined ? undefined : r.references === null ? null : `References: ${r.references}`,
  };
  const out: string[] = [];
  const done = new Set<string>();
  for (const [name, line] of fields) {
    if (name in repl && repl[name] !== undefined) {
      if (!done.has(name) && repl[name] !== null) out.push(repl[name] as string);
      done.add(name);
      continue;
    }
    out.push(line);
  }
  for (const [name, v] of Object.entries(repl)) if (v && !done.has(name)) out.push(v);
  out.push(...(r.extra ?? []));
  return `${out.join('\n')}\n\n${body}`;
}

export function example(file: string, r: Rewrite = {}): string {
  return rewrite(readFileSync(resolve(EXAMPLES, file), 'utf8'), r);
}

export function uniqueId(tag: string): string {
  return `${tag}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}@test.racebot`;
}

/** Delivers a raw message over SMTP; returns the server's response line. */
export async function sendRaw(port: number, raw: string | Buffer, to: string[] = ['racebot@example.org'], from = 'list-bounces@kvack.org'): Promise<string> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await t.sendMail({ envelope: { from, to }, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, '\r\n')) });
    return String(info.response);
  } finally {
    t.close();
  }
}

// --- waiting ---------------------------------------------------------------------------------

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** True when no job is waiting, active, delayed or prioritized in any queue. */
export async function idle(queues: Queues): Promise<boolean> {
  for (const q of QUEUES) {
    const c = await queues[q].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).some((n) => n > 0)) return false;
  }
  return true;
}

// --- worker processes ------------------------------------------------------------------------


/** Writes a config (and its subsystems) as YAML files a worker process can load. */
export function writeConfig(cfg: Config): string {
  const dir = mkdtempSync(join(tmpdir(), 'racebot-cfg-'));
  const { subsystems, configFile: _f, ...rest } = cfg;
  writeFileSync(join(dir, 'subsystems.yaml'), toYaml(subsystems));
  writeFileSync(join(dir, 'config.yaml'), toYaml({ ...rest, subsystemsFile: 'subsystems.yaml' }));
  return join(dir, 'config.yaml');
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** `node --import tsx src/service/worker-main.ts` with the config file and fault points. */
export function spawnWorker(configFile: string, faults = ''): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/service/worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, RACEBOT_CONFIG: configFile, RACEBOT_FAULTS: faults, RACEBOT_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) res();
    });
    child.once('exit', (code) => rej(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, ready, exited, stderr: () => err };
}
