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
        reduction: opts.reduction,
        maxStates: opts.maxStates,
        maxMs: opts.maxMs,
        clock: () => performance.now(),
      });
      if (fmt === 'json') io.out(JSON.stringify({ ...r, name: sc.name }, null, 2));
      else io.out(renderRunText(sc, r));
      code = r.verdict === 'race' ? 1 : r.verdict === 'inconclusive' ? 3 : 0;
    });

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
