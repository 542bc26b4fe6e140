/**
 * The running bot end to end: N patch emails mailed to `racebot serve`'s SMTP listener, checked
 * by 1 and then 2 worker processes, replies received by an SMTP server started here. Reports the
 * throughput and the latency from receipt (the listener's 250) to the reply's arrival, p50/p99.
 * Needs Redis (REDIS_URL, default 127.0.0.1:6379); uses its own key prefix and removes it.
 *
 *   npm run bench:pipeline -- [--count 1000] [--rate 10] [--workers 1,2] [--burst] [--source distinct|shared]
 *
 * --rate is patches per second (paced, the latency figure); --burst also sends everything at
 * once per worker count (the throughput ceiling). Target: p99 < 5 s at 10 patches/s, 2 workers.
 * --source distinct (the default) mails `count` different patches made from the project's own
 * corpus (./patch-mails.ts: every author, subject, commit message and diff different, each
 * keeping its base's verdict); --source shared mails copies of ../shared/examples.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { stringify as toYaml } from 'yaml';
import { loadConfig, type Config } from '../src/config.js';
import { getHeader, parseMessageId, readHeaderBlock } from '../src/mail/headers.js';
import { startServe } from '../src/service/serve.js';
import { checkPatch } from '../src/check/check.js';
import { parseMessage } from '../src/mail/index.js';
import { baseMails, generate } from './patch-mails.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = resolve(ROOT, '../shared/examples');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : dflt;
}
const COUNT = Number(arg('count', '1000'));
const RATE = Number(arg('rate', '10'));
const WORKERS = arg('workers', '1,2').split(',').map(Number);
const BURST = process.argv.includes('--burst');
const SOURCE = arg('source', 'distinct');
if (SOURCE !== 'distinct' && SOURCE !== 'shared') throw new Error('--source is distinct or shared');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The shared examples as single patches to linux-mm (no n/m: nothing waits for a series). */
function corpus(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(join(EXAMPLES, f), 'utf8').replace(/\r\n/g, '\n'));
}

function variant(text: string, i: number, run: string): { raw: Buffer; id: string } {
  const id = `bench.${run}.${i}@bench.racebot`;
  const cut = text.indexOf('\n\n');
  const head = text.slice(0, cut).split('\n');
  const out: string[] = [];
  let skip = false;
  for (const line of head) {
    if (/^[ \t]/.test(line)) {
      if (!skip) out.push(line);
      continue;
    }
    const name = line.slice(0, line.indexOf(':')).toLowerCase();
    skip = ['message-id', 'to', 'cc', 'in-reply-to', 'references'].includes(name);
    if (name === 'subject') {
      out.push(line.replace(/\s\d+\/\d+\]/, ']'));
      continue;
    }
    if (!skip) out.push(line);
  }
  out.push(`Message-Id: <${id}>`, 'To: linux-mm@kvack.org');
  return { raw: Buffer.from(`${out.join('\r\n')}\r\n\r\n${text.slice(cut + 2).replace(/\n/g, '\r\n')}`), id };
}

function sharedMails(tag: string): { raw: Buffer; id: string }[] {
  const texts = corpus();
  return Array.from({ length: COUNT }, (_, i) => variant(texts[i % texts.length], i, tag));
}

/** The corpus mails that get a reply (checked, with a finding; the bench's subsystem has sendNoIssue on). */
let usable: { name: string; text: string }[] | null = null;
async function bases(): Promise<{ name: string; text: string }[]> {
  if (usable) return usable;
  const out: { name: string; text: string }[] = [];
  for (const b of baseMails(ROOT)) {
    const p = await parseMessage(Buffer.from(b.text));
    if (!p.ok) continue;
    const r = checkPatch(p.mail);
    if (r.outcome === 'checked' && r.findings.length) out.push(b);
  }
  usable = out;
  return out;
}

interface Sink {
  readonly port: number;
  readonly replies: Map<string, number>;
  close(): Promise<void>;
}

async function startSink(onReply: () => void): Promise<Sink> {
  const replies = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const irt = parseMessageId(getHeader(readHeaderBlock(Buffer.concat(chunks)).headers, 'in-reply-to'));
        if (irt && !replies.has(irt)) replies.set(irt, performance.now());
        onReply();
        cb(null, 'ok');
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, replies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function spawnWorker(configFile: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/service/worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, RACEBOT_CONFIG: configFile, RACEBOT_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res());
    child.once('exit', (c) => rej(new Error(`worker exited with ${c}`)));
  });
  return { child, ready };
}

async function cleanup(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await r.del(...keys);
  } while (cursor !== '0');
  await r.quit();
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function procCpu(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime (fields 14-17 of stat; 12-15 after pid and comm)
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

async function redisCpu(): Promise<number> {
  const r = new Redis(REDIS_URL);
  const info = await r.info('cpu');
  await r.quit();
  const v = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return v('used_cpu_sys') + v('used_cpu_user');
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];

interface RunResult {
  readonly workers: number;
  readonly mode: string;
  readonly count: number;
  readonly replies: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /**
   * CPU seconds per patch over the whole pipeline (workers, serve with the sending and receiving
   * SMTP ends of this process, Redis): what it costs whatever the machine's load. An upper
   * bound where the Redis is shared with other users.
   */
  readonly cpuPerPatch: number | null;
}

async function run(workers: number, rate: number | null): Promise<RunResult> {
  const tag = `${workers}w${rate ? `-${rate}ps` : '-burst'}-${Date.now().toString(36)}`;
  const prefix = `racebot-bench:${tag}`;
  let waiting: (() => void) | null = null;
  const sink = await startSink(() => waiting?.());
  const cfg: Config = loadConfig({
    file: resolve(ROOT, 'config/default.yaml'),
    env: {},
    overrides: {
      redis: { url: REDIS_URL, prefix },
      bot: { from: 'racebot <racebot@bench.racebot>' },
      serve: { smtp: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } },
      worker: { threads: 1 },
      deliver: { smtp: { host: '127.0.0.1', port: sink.port, ignoreTLS: true }, backoffMs: 200, backoffMaxMs: 2000 },
    },
    subsystems: {
      subsystems: [{ name: 'mm', optIn: true, policy: 'list', lists: ['linux-mm@kvack.org'], files: ['mm/', 'kernel/events/uprobes.c', 'arch/', 'include/', 'fs/'], sendNoIssue: true, dailyCap: 1_000_000, maintainers: ['akpm@linux-foundation.org'] }],
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'racebot-bench-'));
  const { subsystems, configFile: _c, ...rest } = cfg;
  writeFileSync(join(dir, 'subsystems.yaml'), toYaml(subsystems));
  writeFileSync(join(dir, 'config.yaml'), toYaml({ ...rest, subsystemsFile: 'subsystems.yaml' }));
  const serve = await startServe(cfg, { http: false });
  const procs = Array.from({ length: workers }, () => spawnWorker(join(dir, 'config.yaml')));
  await Promise.all(procs.map((p) => p.ready));

  const mails = SOURCE === 'shared' ? sharedMails(tag) : generate(await bases(), COUNT, tag);
  const sentAt = new Map<string, number>();
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: serve.smtpPort, ignoreTLS: true, pool: true, maxConnections: 8, maxMessages: Infinity });
  const cpu0 = { self: process.cpuUsage(), redis: await redisCpu(), workers: procs.map((p) => procCpu(p.child.pid)) };
  const t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < mails.length; i++) {
    if (rate) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const m = mails[i];
    sends.push(
      client.sendMail({ envelope: { from: 'bounces@kvack.org', to: ['racebot@bench.racebot'] }, raw: m.raw }).then(() => {
        sentAt.set(m.id, performance.now());
      }),
    );
  }
  await Promise.all(sends);
  const deadline = Date.now() + Math.max(120_000, COUNT * 500);
  while (sink.replies.size < COUNT && Date.now() < deadline) await new Promise<void>((r) => ((waiting = r), setTimeout(r, 1000)));
  const end = performance.now();
  client.close();
  const lat = mails
    .map((m) => (sink.replies.has(m.id) ? sink.replies.get(m.id)! - sentAt.get(m.id)! : null))
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  const last = Math.max(...[...sink.replies.values()]);
  const workerCpu = procs.map((p, i) => {
    const now = procCpu(p.child.pid);
    const before = cpu0.workers[i];
    return now === null || before === null ? null : now - before;
  });
  const self = process.cpuUsage(cpu0.self);
  const cpu = workerCpu.every((x) => x !== null) ? (workerCpu as number[]).reduce((a, b) => a + b, 0) + (self.user + self.system) / 1e6 + ((await redisCpu()) - cpu0.redis) : null;
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))));
  await serve.close();
  await sink.close();
  await cleanup(prefix);
  rmSync(dir, { recursive: true, force: true });
  const seconds = ((sink.replies.size ? last : end) - t0) / 1000;
  return {
    workers,
    mode: rate ? `${rate}/s` : 'burst',
    count: COUNT,
    replies: sink.replies.size,
    seconds,
    throughput: sink.replies.size / seconds,
    p50: pct(lat, 50) / 1000,
    p99: pct(lat, 99) / 1000,
    max: lat[lat.length - 1] / 1000,
    cpuPerPatch: cpu === null ? null : cpu / COUNT,
  };
}

const results: RunResult[] = [];
if (SOURCE === 'distinct') {
  const b = await bases();
  const sample = generate(b, COUNT, 'probe');
  const distinct = (xs: readonly string[]) => new Set(xs).size;
  console.log(
    `pipeline: ${COUNT} distinct patch mails from ${b.length} corpus mails: ${distinct(sample.map((m) => m.diff))} different diffs, ${distinct(sample.map((m) => m.raw.toString().match(/^From: .*$/m)![0]))} authors, ${distinct(sample.map((m) => m.raw.toString().match(/^Subject: .*$/m)![0]))} subjects`,
  );
}
console.log(`pipeline: ${COUNT} patch emails (${SOURCE}) through SMTP in and replies out; ${availableParallelism()} CPUs; Redis ${REDIS_URL}`);
for (const w of WORKERS) {
  const modes: (number | null)[] = [RATE, ...(BURST ? [null] : [])];
  for (const rate of modes) {
    const r = await run(w, rate);
    results.push(r);
    console.log(
      `pipeline: workers ${r.workers}, ${r.mode.padEnd(6)}: replies ${r.replies}/${r.count} in ${r.seconds.toFixed(1)} s, ${r.throughput.toFixed(1)} replies/s, receipt->reply p50 ${r.p50.toFixed(2)} s, p99 ${r.p99.toFixed(2)} s, max ${r.max.toFixed(2)} s`,
    );
    if (r.cpuPerPatch !== null)
      console.log(`pipeline:   CPU ${(r.cpuPerPatch * 1000).toFixed(0)} ms per patch (workers, serve, Redis): at most ${(availableParallelism() / r.cpuPerPatch).toFixed(1)} patches/s on ${availableParallelism()} idle CPUs; load average ${loadavg()[0].toFixed(1)} now`);
  }
}
const target = results.find((r) => r.workers === 2 && r.mode === `${RATE}/s`);
if (target && RATE === 10) console.log(`pipeline: target p99 < 5 s at 10 patches/s with 2 workers: ${target.p99.toFixed(2)} s (${target.p99 < 5 && target.replies === target.count ? 'met' : 'NOT met'})`);
mkdirSync(resolve(ROOT, 'test-artifacts'), { recursive: true });
writeFileSync(resolve(ROOT, 'test-artifacts/bench-pipeline.json'), JSON.stringify({ at: new Date().toISOString(), cpus: availableParallelism(), source: SOURCE, results }, null, 2));
process.exit(0);
