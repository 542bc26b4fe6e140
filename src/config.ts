/**
 * Service configuration: config/default.yaml (or --config / RACEBOT_CONFIG) and the opt-in file
 * of the subsystems next to it, environment overrides on top, validated with zod. Anything that
 * does not validate stops the process with the path of the bad key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { GithubSettingsSchema, githubEnv } from './github/settings.js';

/** `2h`, `30m`, `45s`, `1d` or a number of seconds -> seconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(v);
  if (!m) throw new Error(`not a duration: ${v} (use e.g. 90, 30s, 15m, 2h, 1d)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[unit]!;
}

const duration = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const POLICIES = ['off', 'dry-run', 'author', 'list'] as const;
export type Policy = (typeof POLICIES)[number];

export const SubsystemSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  optIn: z.boolean().default(false),
  lists: z.array(z.string()).default([]),
  files: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
  maintainers: z.array(z.string()).default([]),
  policy: z.enum(POLICIES).default('off'),
  sendNoIssue: z.boolean().default(false),
  /** Seconds after the patch arrived before the reply may go out. */
  embargo: duration.default(0),
  dailyCap: z.number().int().nonnegative().default(20),
});
export type Subsystem = z.infer<typeof SubsystemSchema>;

export const SubsystemsSchema = z.object({
  killSwitch: z.boolean().default(false),
  subsystems: z.array(SubsystemSchema).default([]),
});
export type SubsystemsConfig = z.infer<typeof SubsystemsSchema>;

const listen = (port: number) => z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(port) });

export const ConfigSchema = z.object({
  redis: z.object({
    url: z.string().default('redis://127.0.0.1:6379'),
    prefix: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only').default('racebot'),
  }).prefault({}),
  bot: z.object({
    from: z.string().default('racebot <racebot@localhost>'),
    contact: z.string().default('the racebot maintainers (see the racebot README)'),
    ignore: z.array(z.string()).default([]),
  }).prefault({}),
  serve: z.object({
    smtp: listen(2525).extend({
      lmtp: z.boolean().default(false),
      recipients: z.array(z.string()).default([]),
      maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
    }).prefault({}),
    http: listen(9464).prefault({}),
    /** Absolute URL of the dashboard, for links and trace images in replies and check runs. */
    publicUrl: z.string().url().nullable().default(null),
    /** Show dry-run subsystems' findings on the dashboard (the mail of dry-run is never sent). */
    dashboardShowsDryRun: z.boolean().default(false),
  }).prefault({}),
  /** The GitHub App (docs/github.md, src/github/settings.ts): webhooks with a secret, reports with an app id and key. */
  github: GithubSettingsSchema.prefault({}),
  worker: z.object({
    threads: z.number().int().nonnegative().default(0),
    concurrency: z.object({
      ingest: z.number().int().positive().default(8),
      check: z.number().int().positive().default(4),
      report: z.number().int().positive().default(8),
      deliver: z.number().int().positive().default(4),
      github: z.number().int().positive().default(2),
    }).prefault({}),
    lockDurationMs: z.number().int().positive().default(30000),
    stalledIntervalMs: z.number().int().positive().default(15000),
    maxStalledCount: z.number().int().nonnegative().default(5),
    http: listen(0).prefault({}),
  }).prefault({}),
  check: z.object({
    maxStates: z.number().int().positive().nullable().default(null),
    maxMs: z.number().int().positive().nullable().default(20000),
    kernelVersion: z.string().nullable().default(null),
    switches: z.record(z.string(), z.union([z.boolean(), z.string()])).default({}),
  }).prefault({}),
  series: z.object({ waitSeconds: z.number().nonnegative().default(600) }).prefault({}),
  /** The kernel git clone the base code of patches is read from (src/tree/); null = the scenarios' reference code. */
  kernel: z.object({
    tree: z.string().min(1).nullable().default(null),
    /** How often the clone is fetched by a TreeRefresher (0 = never). */
    fetchInterval: duration.default(3600),
    /** Remote to fetch (null = the clone's default). */
    remote: z.string().regex(/^[A-Za-z0-9_./-]+$/, 'a remote name').nullable().default(null),
    /** Release tags tried at most when neither the blobs nor the base-commit are in the tree. */
    maxTags: z.number().int().positive().default(12),
    /** Files larger than this are not read from the tree. */
    maxFileBytes: z.number().int().positive().default(8 * 1024 * 1024),
  }).prefault({}),
  jobs: z.object({
    attempts: z.number().int().positive().default(5),
    backoffMs: z.number().int().nonnegative().default(2000),
    keepCompleted: z.number().int().nonnegative().default(10000),
    keepFailed: z.number().int().nonnegative().default(100000),
  }).prefault({}),
  deliver: z.object({
    smtp: z.object({
      url: z.string().optional(),
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(25),
      secure: z.boolean().default(false),
      ignoreTLS: z.boolean().default(false),
      auth: z.object({ user: z.string(), pass: z.string() }).optional(),
      connectionTimeoutMs: z.number().int().positive().default(30000),
    }).prefault({}),
    attempts: z.number().int().positive().default(40),
    backoffMs: z.number().int().nonnegative().default(5000),
    backoffMaxMs: z.number().int().nonnegative().default(30 * 60 * 1000),
    messageIdDomain: z.string().nullable().default(null),
  }).prefault({}),
  ingest: z.object({
    pollSeconds: z.number().positive().default(300),
    sources: z.array(z.object({
      path: z.string(),
      kind: z.enum(['auto', 'mbox', 'maildir', 'eml', 'public-inbox']).default('auto'),
      list: z.string().optional(),
    })).default([]),
  }).prefault({}),
  store: z.object({ retentionDays: z.number().positive().default(90) }).prefault({}),
  subsystemsFile: z.string().default('subsystems.yaml'),
});

export type Config = z.infer<typeof ConfigSchema> & { subsystems: SubsystemsConfig; configFile: string | null };
export type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The package's config/default.yaml (found upward from this file: src/ or dist/src/). */
export function defaultConfigFile(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const f = resolve(dir, 'config', 'default.yaml');
    if (existsSync(f)) return f;
    dir = dirname(dir);
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = v === undefined ? out[k] : isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : v;
  return out as T;
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    throw new ConfigError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
}

function issues(file: string, err: z.ZodError): string {
  return `${file}: ${err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`;
}

const truthy = (v: string) => /^(1|true|yes|on)$/i.test(v.trim());

function hostPort(v: string, name: string): { host?: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(v.trim());
  if (!m) throw new ConfigError(`${name}: expected [host:]port, not ${v}`);
  return { ...(m[1] ? { host: m[1].replace(/^\[|\]$/g, '') } : {}), port: Number(m[2]) };
}

/** Environment overrides as a partial config. */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const set = (path: string[], v: unknown) => {
    let cur = o;
    for (const p of path.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[path[path.length - 1]] = v;
  };
  if (env.REDIS_URL) set(['redis', 'url'], env.REDIS_URL);
  if (env.RACEBOT_REDIS_PREFIX) set(['redis', 'prefix'], env.RACEBOT_REDIS_PREFIX);
  if (env.RACEBOT_FROM) set(['bot', 'from'], env.RACEBOT_FROM);
  if (env.RACEBOT_CONTACT) set(['bot', 'contact'], env.RACEBOT_CONTACT);
  if (env.RACEBOT_SMTP_URL) set(['deliver', 'smtp', 'url'], env.RACEBOT_SMTP_URL);
  if (env.RACEBOT_LISTEN) {
    const hp = hostPort(env.RACEBOT_LISTEN, 'RACEBOT_LISTEN');
    if (hp.host) set(['serve', 'smtp', 'host'], hp.host);
    set(['serve', 'smtp', 'port'], hp.port);
  }
  if (env.RACEBOT_LMTP) set(['serve', 'smtp', 'lmtp'], truthy(env.RACEBOT_LMTP));
  if (env.RACEBOT_HTTP_LISTEN) {
    const hp = hostPort(env.RACEBOT_HTTP_LISTEN, 'RACEBOT_HTTP_LISTEN');
    if (hp.host) set(['serve', 'http', 'host'], hp.host);
    set(['serve', 'http', 'port'], hp.port);
  }
  if (env.RACEBOT_WORKER_THREADS) set(['worker', 'threads'], Number(env.RACEBOT_WORKER_THREADS));
  if (env.RACEBOT_PUBLIC_URL) set(['serve', 'publicUrl'], env.RACEBOT_PUBLIC_URL);
  const github = githubEnv(env);
  if (Object.keys(github).length) o.github = github;
  if (env.RACEBOT_SERIES_WAIT) set(['series', 'waitSeconds'], parseDuration(env.RACEBOT_SERIES_WAIT));
  if (env.RACEBOT_KERNEL_TREE) set(['kernel', 'tree'], env.RACEBOT_KERNEL_TREE);
  return o;
}

export interface LoadOptions {
  /** The YAML file; default RACEBOT_CONFIG, else the package's config/default.yaml. */
  readonly file?: string | null;
  /** Environment (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Applied last (tests, command-line options). */
  readonly overrides?: DeepPartial<z.input<typeof ConfigSchema>>;
  /** Subsystems given directly instead of the subsystems file. */
  readonly subsystems?: z.input<typeof SubsystemsSchema>;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const file = opts.file === undefined ? env.RACEBOT_CONFIG ?? defaultConfigFile() : opts.file;
  let raw: unknown = file ? readYaml(file) : {};
  if (!isPlainObject(raw)) throw new ConfigError(`${file}: the top level must be a mapping`);
  raw = deepMerge(raw, envOverrides(env));
  raw = deepMerge(raw, opts.overrides ?? {});
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(issues(file ?? '(config)', parsed.error));
  let subsRaw: unknown = opts.subsystems;
  let subsFile = '(subsystems)';
  if (subsRaw === undefined) {
    subsFile = env.RACEBOT_SUBSYSTEMS ?? resolve(file ? dirname(file) : process.cwd(), parsed.data.subsystemsFile);
    subsRaw = existsSync(subsFile) ? readYaml(subsFile) : {};
  }
  const subs = SubsystemsSchema.safeParse(subsRaw ?? {});
  if (!subs.success) throw new ConfigError(issues(subsFile, subs.error));
  const names = new Set<string>();
  for (const s of subs.data.subsystems) {
    if (names.has(s.name)) throw new ConfigError(`${subsFile}: subsystem ${s.name} is listed twice`);
    names.add(s.name);
    if (s.lists.length === 0 && s.files.length === 0) throw new ConfigError(`${subsFile}: subsystem ${s.name} has neither lists nor files`);
  }
  if (env.RACEBOT_KILL_SWITCH && truthy(env.RACEBOT_KILL_SWITCH)) subs.data.killSwitch = true;
  return { ...parsed.data, subsystems: subs.data, configFile: file ?? null };
}

/** The address part of `Name <addr>` (lowercased). */
export function bareAddress(s: string): string {
  const m = /<([^<>]+)>/.exec(s);
  return (m ? m[1] : s).trim().toLowerCase();
}

/** Domain of the bot's address, for the Message-Id of replies. */
export function messageIdDomain(cfg: Config): string {
  return cfg.deliver.messageIdDomain ?? (bareAddress(cfg.bot.from).split('@')[1] || 'racebot.invalid');
}
