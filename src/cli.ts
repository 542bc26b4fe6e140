/**
 * The command line. `racebot scenarios list|run` runs the simulator on the canonical scenarios;
 * `racebot check` runs the whole pipeline on patch emails in one process.
 * Exit codes: 0 ok (safe / nothing introduced), 1 a race (introduced), 2 bad input or usage,
 * 3 inconclusive.
 */
import { Command, CommanderError } from 'commander';
import { SCENARIOS, scenarioOfVariant } from './scenarios/index.js';
import { parseSwitchValue, runVariant, ScenarioError } from './scenarios/run.js';
import type { SwitchValue } from './scenarios/scenario.js';
import { renderRunText } from './report/run-text.js';
import { checkMails, type PatchReport } from './check/check.js';
import { parseKernelVersion } from './check/switches.js';
import { checkJson, emailToString, renderCheckText, renderEmail } from './report/check-report.js';
import { InputError, parseMessage, readInput } from './mail/index.js';
import type { PatchMail } from './mail/types.js';
import { bareDiffMail, looksLikeBareDiff } from './mail/bare-diff.js';
import type { BasesByMessageId } from './tree/types.js';

const SERVICE_COMMANDS = new Set(['serve', 'worker', 'ingest', 'replay', 'status', 'outbox']);

export class UsageError extends Error {
  readonly code = 'usage';
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
};

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

function parseSwitches(list: string[]): Record<string, SwitchValue> {
  const out: Record<string, SwitchValue> = {};
  for (const s of list) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--switch takes name=value, not ${s}`);
    out[s.slice(0, eq)] = parseSwitchValue(s.slice(eq + 1));
  }
  return out;
}

function format(v: string): 'json' | 'text' {
  if (v !== 'json' && v !== 'text') throw new UsageError(`--format takes json or text, not ${v}`);
  return v;
}

export function scenarioListJson() {
  return SCENARIOS.map((sc) => ({
    id: sc.id,
    name: sc.name,
    question: sc.question,
    actors: sc.actors,
    invariants: sc.invariants,
    switches: sc.switches.map((s) => ({ name: s.name, values: s.values, default: s.default, doc: s.doc })),
    functions: sc.functions,
    variants: sc.variants.map((v) => ({ id: v.id, title: v.title, source: v.source, expected: v.expected, invariants: v.invariants, switches: v.switches ?? {} })),
  }));
}

/**
 * The base code of each mail from the kernel tree of `--tree`, RACEBOT_KERNEL_TREE or the
 * config's kernel.tree (read only when --config or RACEBOT_CONFIG says where: the packaged
 * default has no tree). Each base is said on stderr. Loaded lazily: without a tree, `check`
 * does not load git or the C parser.
 */
async function treeBases(opts: { tree?: string; config?: string }, mails: PatchMail[], io: Io): Promise<BasesByMessageId | null> {
  let path = opts.tree ?? process.env.RACEBOT_KERNEL_TREE ?? null;
  let limits = {};
  if (!opts.tree && (opts.config || process.env.RACEBOT_CONFIG)) {
    const { loadConfig, ConfigError } = await import('./config.js');
    try {
      const cfg = loadConfig({ file: opts.config });
      path = cfg.kernel.tree;
      limits = { maxTags: cfg.kernel.maxTags, maxFileBytes: cfg.kernel.maxFileBytes };
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (!path || mails.length === 0) return null;
  const { resolveBases } = await import('./tree/bases.js');
  const bases = await resolveBases(path, mails, limits);
  // A cover letter or a review has no base to speak of.
  for (const m of mails) if (m.diff.length > 0) io.err(`racebot: ${m.subject || m.messageId}: base: ${bases.get(m.messageId)!.detail}`);
  return bases;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('racebot')
    .description('Model-checks Linux mm patches against canonical kernel race scenarios')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const scenarios = program.command('scenarios').description('the canonical scenario library');
  scenarios
    .command('list')
    .description('every scenario and variant id with its one-line description')
    .option('--format <format>', 'json or text', 'text')
    .action((opts: { format: string }) => {
      if (format(opts.format) === 'json') {
        io.out(JSON.stringify(scenarioListJson(), null, 2));
        return;
      }
      for (const sc of SCENARIOS) {
        io.out(`${sc.id} ${sc.name}: ${sc.question}`);
        for (const v of sc.variants) io.out(`  ${v.id.padEnd(5)} ${(v.expected ?? '-').padEnd(5)} ${v.title}`);
        io.out(`  switches: ${sc.switches.map((s) => `${s.name}=${s.values.join('|')} (default ${String(s.default)})`).join('; ')}`);
      }
    });
  scenarios
    .command('run <id>')
    .description('explore every interleaving of a variant (e.g. S3.1) and print the verdict and trace')
    .option('--switch <name=value>', 'set a switch (repeatable)', collect, [])
    .option('--format <format>', 'json or text', 'text')
    .option('--no-reduction', 'explore without partial-order reduction')
    .option('--max-states <n>', 'state budget', (v) => Number.parseInt(v, 10))
    .option('--max-ms <n>', 'time budget in milliseconds', (v) => Number.parseInt(v, 10))
    .action((id: string, opts: { switch: string[]; format: string; reduction: boolean; maxStates?: number; maxMs?: number }) => {
      const fmt = format(opts.format);
      const sc = scenarioOfVariant(id);
      if (!sc) throw new ScenarioError('unknown-scenario', `no scenario ${id}; scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`);
      const vid = id.includes('.') ? id : sc.baselineVariant;
      const r = runVariant(sc, vid, parseSwitches(opts.switch), {
        // Default: full search first on small models, reduction past FULL_FIRST_STATES.
        reduction: opts.reduction ? undefined : false,
        maxStates: opts.maxStates,
        maxMs: opts.maxMs,
        clock: () => performance.now(),
      });
      if (fmt === 'json') io.out(JSON.stringify({ ...r, name: sc.name }, null, 2));
      else io.out(renderRunText(sc, r));
      code = r.verdict === 'race' ? 1 : r.verdict === 'inconclusive' ? 3 : 0;
    });

  program
    .command('check <files...>')
    .description('check patch emails (.eml, mbox, maildir, or - for stdin) or bare diffs against the scenarios')
    .option('--format <format>', 'text, json or email', 'text')
    .option('--switch <name=value>', 'set a switch for every scenario that has it (repeatable)', collect, [])
    .option('--kernel-version <version>', 'the kernel the patches are for (e.g. 6.5): sets version switches')
    .option('--max-states <n>', 'state budget per exploration', (v) => Number.parseInt(v, 10))
    .option('--max-ms <n>', 'time budget per exploration in milliseconds', (v) => Number.parseInt(v, 10))
    .option('--from <address>', 'From: of email replies', process.env.RACEBOT_FROM ?? 'racebot <racebot@localhost>')
    .option('--contact <text>', 'how to reach the bot maintainers (email footer)', process.env.RACEBOT_CONTACT ?? 'the racebot maintainers (see the racebot README)')
    .option('--tree <path>', 'a kernel git clone to read the base code from (only read; default RACEBOT_KERNEL_TREE, else kernel.tree of --config)')
    .option('--config <file>', 'config file for kernel.tree (default RACEBOT_CONFIG)')
    .action(async (files: string[], opts: { format: string; switch: string[]; kernelVersion?: string; maxStates?: number; maxMs?: number; from: string; contact: string; tree?: string; config?: string }) => {
      if (!['text', 'json', 'email'].includes(opts.format)) throw new UsageError(`--format takes text, json or email, not ${opts.format}`);
      const kv = opts.kernelVersion ? parseKernelVersion(opts.kernelVersion) : null;
      if (opts.kernelVersion && !kv) throw new UsageError(`--kernel-version takes a version like 6.5, not ${opts.kernelVersion}`);
      const overrides = parseSwitches(opts.switch);
      const mails: (PatchMail | null)[] = [];
      const reports: PatchReport[] = [];
      let unreadable = false;
      for (const f of files) {
        let raws;
        try {
          raws = await readInput(f);
        } catch (e) {
          if (e instanceof InputError || (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') {
            io.err(`racebot: ${f}: ${(e as Error).message}`);
            unreadable = true;
            continue;
          }
          throw e;
        }
        for (const raw of raws) {
          // A bare diff (git diff, git show, quilt) is checked as a patch mailed without headers.
          if (looksLikeBareDiff(raw.raw.toString('utf8'))) {
            mails.push(bareDiffMail(raw.raw.toString('utf8'), raw.source));
            reports.push(null as unknown as PatchReport);
            continue;
          }
          const parsed = await parseMessage(raw.raw);
          if (!parsed.ok) {
            mails.push(null);
            reports.push({ messageId: '', subject: raw.source, from: '', version: 0, outcome: 'rejected', reason: `${parsed.code}: ${parsed.reason}`, findings: [], outOfScope: [], kernelVersion: null, sinceLastVersion: null });
            continue;
          }
          mails.push(parsed.mail);
          reports.push(null as unknown as PatchReport); // filled below, in series order
        }
      }
      const okIdx = mails.map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
      const base = await treeBases(opts, okIdx.map((i) => mails[i]!), io);
      const checked = checkMails(okIdx.map((i) => mails[i]!), { overrides, kernelVersion: kv, maxStates: opts.maxStates, maxMs: opts.maxMs, clock: () => performance.now(), ...(base ? { base } : {}) });
      okIdx.forEach((i, k) => (reports[i] = checked[k]));
      if (opts.format === 'json') io.out(JSON.stringify(checkJson(reports), null, 2));
      else if (opts.format === 'text') io.out(renderCheckText(reports));
      else {
        reports.forEach((r, i) => {
          const m = mails[i];
          if (!m || r.outcome === 'no-patch') return;
          io.out(emailToString(renderEmail(m, r, { from: opts.from, contact: opts.contact })));
        });
      }
      const introduces = reports.some((r) => r.findings.some((f) => f.delta === 'introduces'));
      const bad = unreadable || reports.some((r) => r.outcome === 'rejected');
      code = introduces ? 1 : bad ? 2 : 0;
    });

  // serve, worker, ingest, replay: the mailing-list service (docs/service.md). Its modules (BullMQ,
  // SMTP, Probot) are loaded only when a service command or the help is asked for, so that
  // `racebot check` starts fast.
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  if (first === undefined || SERVICE_COMMANDS.has(first) || first === 'help') {
    const { registerServiceCommands } = await import('./cli-service.js');
    registerServiceCommands(program, io, (c) => (code = c));
  }

  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof ScenarioError || e instanceof UsageError) {
      io.err(`racebot: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
