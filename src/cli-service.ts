/**
 * The service commands of the command line: `racebot serve`, `racebot worker`, `racebot ingest`,
 * `racebot replay`, and for operators `racebot status` and `racebot outbox list|resend|cancel`. src/cli.ts registers them with registerServiceCommands(program, io, setExit).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PAYLOADS, ReplayFile, jobIds } from '../queues/schemas.js';
import { ConfigError, loadConfig, type Config, type DeepPartial, type ConfigSchema } from './config.js';
import { emailToString } from './report/check-report.js';
import { closeQueues, jsonLogger, openQueues, openRedis, whenReady } from './service/context.js';
import { startServe } from './service/serve.js';
import { Store } from './service/store.js';
import { checkSettings, runTask } from './service/thread-tasks.js';
import { OperatorError, cancelEntry, entryLine, listEntries, messageStatus, resendEntry, statusText } from './service/operator.js';
import type { EntryState } from './channels/channel.js';
import { startWorker } from './service/worker.js';
import { ingestSource } from './ingest/ingest.js';
import { listAddress } from './ingest/list-id.js';
import { botAddress } from './deliver/compose.js';
import type { z } from 'zod';

export interface ServiceIo {
  out(s: string): void;
  err(s: string): void;
}

/** Resolves on SIGINT/SIGTERM (or when `stop` is called). */
export function untilSignal(): { done: Promise<string>; stop: () => void } {
  let stop!: () => void;
  const done = new Promise<string>((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    stop = on('stop');
  });
  return { done, stop };
}

function hostPort(v: string): { host?: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(v.trim());
  if (!m) throw new ConfigError(`expected [host:]port, not ${v}`);
  return { ...(m[1] ? { host: m[1] } : {}), port: Number(m[2]) };
}

function configFrom(opts: { config?: string }, overrides: DeepPartial<z.input<typeof ConfigSchema>> = {}): Config {
  return loadConfig({ file: opts.config, overrides });
}

export function registerServiceCommands(program: Command, io: ServiceIo, setExit: (code: number) => void): void {
  const fail = (e: unknown) => {
    if (e instanceof OperatorError) {
      io.err(`racebot: ${e.message}`);
      setExit(1);
      return;
    }
    if (e instanceof ConfigError || (e as NodeJS.ErrnoException)?.code === 'ECONNREFUSED' || (e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      io.err(`racebot: ${(e as Error).message}`);
      setExit(2);
      return;
    }
    throw e;
  };

  program
    .command('serve')
    .description('listen for list mail (SMTP or LMTP) and serve /healthz and /metrics over HTTP')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--listen <[host:]port>', 'SMTP/LMTP listener')
    .option('--lmtp', 'speak LMTP instead of SMTP')
    .option('--http <[host:]port>', 'HTTP listener for /healthz and /metrics')
    .action(async (opts: { config?: string; listen?: string; lmtp?: boolean; http?: string }) => {
      try {
        const cfg = configFrom(opts, {
          serve: {
            smtp: { ...(opts.listen ? hostPort(opts.listen) : {}), ...(opts.lmtp ? { lmtp: true } : {}) },
            http: opts.http ? hostPort(opts.http) : {},
          },
        });
        const sig = untilSignal();
        const h = await startServe(cfg, { log: jsonLogger('serve', io.err) });
        io.out(`racebot serve: ${cfg.serve.smtp.lmtp ? 'LMTP' : 'SMTP'} on ${cfg.serve.smtp.host}:${h.smtpPort}, HTTP on ${cfg.serve.http.host}:${h.http?.port ?? '-'}`);
        await sig.done;
        await h.close();
        setExit(0);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('worker')
    .description('run the ingest, check, report and deliver stages (any number, on any machine sharing the Redis)')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--threads <n>', 'threads for the checks (default: one per CPU, minus one)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { config?: string; threads?: number }) => {
      try {
        const cfg = configFrom(opts, opts.threads ? { worker: { threads: opts.threads } } : {});
        const sig = untilSignal();
        const h = await startWorker(cfg, { log: jsonLogger('worker', io.err) });
        io.out(`racebot worker: ${h.ctx.pool.size} thread(s), Redis ${cfg.redis.url} prefix ${cfg.redis.prefix}`);
        await sig.done;
        await h.close();
        setExit(0);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('ingest [sources...]')
    .description('queue the messages of mbox files, maildirs, .eml files or public-inbox archives (default: ingest.sources of the config)')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--list <address>', 'the list these sources are archives of (for the opt-in)')
    .option('--poll [seconds]', 'keep reading new messages every so many seconds')
    .action(async (sources: string[], opts: { config?: string; list?: string; poll?: string | boolean }) => {
      try {
        const cfg = configFrom(opts);
        const specs = sources.length ? sources.map((path) => ({ path, kind: 'auto' as const, list: opts.list })) : cfg.ingest.sources.map((s) => ({ ...s, list: opts.list ?? s.list }));
        for (const s of specs) {
          if (!s.list) continue;
          try {
            listAddress(s.list);
          } catch (e) {
            io.err(`racebot: ingest: --list: ${(e as Error).message}`);
            setExit(2);
            return;
          }
        }
        if (specs.length === 0) {
          io.err('racebot: ingest: no source given and none in ingest.sources of the config');
          setExit(2);
          return;
        }
        const redis = openRedis(cfg);
        const store = new Store(redis, cfg.redis.prefix, cfg.store.retentionDays);
        const queues = openQueues(cfg, redis);
        if (!(await whenReady(redis, 10000))) {
          io.err(`racebot: ingest: cannot reach Redis at ${cfg.redis.url}`);
          await closeQueues(queues);
          redis.disconnect();
          setExit(2);
          return;
        }
        const every = opts.poll === undefined || opts.poll === false ? 0 : opts.poll === true ? cfg.ingest.pollSeconds : Number(opts.poll);
        const sig = every ? untilSignal() : null;
        let stopped = false;
        void sig?.done.then(() => (stopped = true));
        let bad = false;
        try {
          do {
            for (const s of specs) {
              try {
                const st = await ingestSource({ store, queues }, s);
                io.out(`racebot ingest: ${st.source}: read ${st.read}, queued ${st.queued}, duplicates ${st.duplicates}`);
              } catch (e) {
                io.err(`racebot: ingest: ${s.path}: ${(e as Error).message}`);
                bad = true;
              }
            }
            if (!every) break;
            await Promise.race([new Promise((r) => setTimeout(r, every * 1000)), sig!.done]);
          } while (!stopped);
        } finally {
          await closeQueues(queues);
          await redis.quit().catch(() => undefined);
        }
        setExit(bad ? 2 : 0);
      } catch (e) {
        fail(e);
      }
    });

  /** Runs `fn` with the store and queues of the configured Redis (exit 2 when it is not reachable). */
  const withStore = async (opts: { config?: string }, fn: (cfg: Config, store: Store, queues: ReturnType<typeof openQueues>) => Promise<void>) => {
    const cfg = configFrom(opts);
    const redis = openRedis(cfg, { failFast: true });
    redis.on('error', () => undefined);
    const store = new Store(redis, cfg.redis.prefix, cfg.store.retentionDays);
    const queues = openQueues(cfg, redis);
    try {
      if (!(await whenReady(redis, 5000))) {
        io.err(`racebot: cannot reach Redis at ${cfg.redis.url}`);
        setExit(2);
        return;
      }
      await fn(cfg, store, queues);
    } finally {
      await closeQueues(queues);
      await redis.quit().catch(() => redis.disconnect());
    }
  };

  program
    .command('status <message-id>')
    .description("what racebot did with a message: its outcome, findings, and the replies (outbox entries) with their states")
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--json', 'print JSON')
    .action(async (messageId: string, opts: { config?: string; json?: boolean }) => {
      try {
        await withStore(opts, async (cfg, store) => {
          const st = await messageStatus(cfg, store, messageId);
          io.out(opts.json ? JSON.stringify(st, null, 2) : statusText(st));
          setExit(0);
        });
      } catch (e) {
        fail(e);
      }
    });

  const outbox = program.command('outbox').description('the replies racebot queued, for operators: list, resend, cancel');
  outbox
    .command('list')
    .description('outbox entries, newest first')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--state <state>', 'only entries in this state (pending, sending, sent, failed, uncertain, cancelled)')
    .option('--channel <name>', 'only this channel (email, ...)')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; state?: string; channel?: string; limit: number; json?: boolean }) => {
      try {
        const states = ['pending', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'];
        if (opts.state && !states.includes(opts.state)) throw new OperatorError('bad-argument', `--state takes ${states.join(', ')}, not ${opts.state}`);
        await withStore(opts, async (_cfg, store) => {
          const list = await listEntries(store, { state: opts.state as EntryState | undefined, channel: opts.channel, limit: opts.limit });
          if (opts.json) io.out(JSON.stringify(list, null, 2));
          else io.out(list.length ? list.map(entryLine).join('\n') : 'racebot outbox: no entries');
          setExit(0);
        });
      } catch (e) {
        fail(e);
      }
    });
  outbox
    .command('resend <entry>')
    .description('deliver an uncertain, failed or cancelled entry again (an email keeps its Message-Id)')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .action(async (ref: string, opts: { config?: string }) => {
      try {
        await withStore(opts, async (_cfg, store, queues) => {
          io.out(`racebot outbox: queued again: ${entryLine(await resendEntry(store, queues, ref))}`);
          setExit(0);
        });
      } catch (e) {
        fail(e);
      }
    });
  outbox
    .command('cancel <entry>')
    .description('never deliver a pending, uncertain or failed entry')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .action(async (ref: string, opts: { config?: string }) => {
      try {
        await withStore(opts, async (_cfg, store) => {
          io.out(`racebot outbox: cancelled: ${entryLine(await cancelEntry(store, ref))}`);
          setExit(0);
        });
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('replay <job>')
    .description('run a job from its payload ({"queue": "ingest", "data": {...}}): an ingest payload is checked in-process and its reply printed; --enqueue puts it back on its queue')
    .option('--config <file>', 'config file (default RACEBOT_CONFIG or config/default.yaml)')
    .option('--enqueue', 'add the payload to its queue under a new job id')
    .action(async (file: string, opts: { config?: string; enqueue?: boolean }) => {
      try {
        const cfg = configFrom(opts);
        let parsedFile: z.infer<typeof ReplayFile>;
        try {
          const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
          const guess = json.queue ? json : { queue: json.queueName ?? (typeof json.name === 'string' && json.name === 'mail' ? 'ingest' : undefined), data: json.data, id: json.id };
          parsedFile = ReplayFile.parse(guess);
        } catch (e) {
          io.err(`racebot: replay: ${file}: not a job payload (${(e as Error).message.split('\n')[0]})`);
          setExit(2);
          return;
        }
        const payload = PAYLOADS[parsedFile.queue].safeParse(parsedFile.data);
        if (!payload.success) {
          io.err(`racebot: replay: ${file}: the ${parsedFile.queue} payload is invalid: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          setExit(2);
          return;
        }
        if (opts.enqueue) {
          const redis = openRedis(cfg);
          const queues = openQueues(cfg, redis);
          try {
            const id = `replay-${Date.now().toString(36)}`;
            const job = await queues[parsedFile.queue].add('replay', payload.data, { jobId: parsedFile.queue === 'deliver' ? jobIds.deliver(`${(payload.data as { reply: string }).reply}-${id}`) : id });
            io.out(`racebot replay: queued ${parsedFile.queue} job ${job.id}`);
          } finally {
            await closeQueues(queues);
            await redis.quit().catch(() => undefined);
          }
          setExit(0);
          return;
        }
        if (parsedFile.queue !== 'ingest') {
          io.err(`racebot: replay: a ${parsedFile.queue} payload refers to the store; replay it with --enqueue`);
          setExit(2);
          return;
        }
        const data = PAYLOADS.ingest.parse(parsedFile.data);
        const sum = await runTask({ kind: 'summarize', raw: data.raw, botAddress: botAddress(cfg), lists: data.lists });
        if (!('ok' in (sum as object)) || !(sum as { ok: boolean }).ok) {
          io.out(`rejected: ${JSON.stringify(sum)}`);
          setExit(2);
          return;
        }
        const checked = (await runTask({
          kind: 'check',
          mails: [{ h: 'replay', raw: data.raw }],
          previous: [],
          check: checkSettings(cfg),
          email: { from: cfg.bot.from, contact: cfg.bot.contact, ignore: cfg.bot.ignore },
        })) as { report: { outcome: string; findings: { delta: string }[] }; email: Parameters<typeof emailToString>[0] | null }[];
        for (const c of checked) {
          if (c.email) io.out(emailToString(c.email));
          else io.out(`${c.report.outcome}`);
        }
        setExit(checked.some((c) => c.report.findings.some((f) => f.delta === 'introduces')) ? 1 : 0);
      } catch (e) {
        fail(e);
      }
    });
}
