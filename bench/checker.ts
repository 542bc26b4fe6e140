/**
 * The checker's benchmark (`npm run build && npm run bench`; `--quick` skips the two large
 * tlbmig configurations). Plain lines, numbers and ratios:
 *  (a) every variant of every registered canonical scenario, run as `racebot scenarios run`
 *      runs it (a full search first on these small models, so a race's trace is the shortest);
 *  (b) tlbmig (bench/tlbmig.pml re-expressed as a racebot model) on the README's
 *      configurations, reduction off (the differential check against Spin's state count) and on;
 *  (c) Spin itself on the same configurations in the same run, when `spin` and `gcc` exist,
 *      and the time ratios racebot / Spin.
 * This is an adapter: it owns the clock (performance.now) and the processes; the model core
 * has neither.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explore, type ExploreResult } from '../src/model/explorer.js';
import { SCENARIOS } from '../src/scenarios/index.js';
import { resolveSwitches, runVariant } from '../src/scenarios/run.js';
import { buildTlbmig } from '../src/scenarios/tlbmig.js';

const quick = process.argv.includes('--quick');
const now = (): number => performance.now();
const out = (s = ''): void => {
  process.stdout.write(s + '\n');
};

const TARGET_STATES_PER_S = 0.8e6;
const TARGET_BYTES_PER_STATE = 80;
/** Issue 8: all variants of all scenarios in one process, warm (JIT warmed up) and cold (the first run). */
const TARGET_WARM_MS = 100;
const TARGET_COLD_MS = 300;
/** Warm runs timed after the first; their median is the warm figure (one run is at the mercy of the machine's load). */
const WARM_RUNS = 5;

/** The README's table: NU, ND, EVICT, Spin's "states, stored" (K=3, BUG=0). */
const CONFIGS: readonly { nu: number; nd: number; evict: boolean; spinStored: number; big: boolean }[] = [
  { nu: 1, nd: 1, evict: false, spinStored: 1688, big: false },
  { nu: 2, nd: 1, evict: false, spinStored: 25787, big: false },
  { nu: 2, nd: 2, evict: false, spinStored: 429636, big: false },
  { nu: 3, nd: 1, evict: false, spinStored: 439240, big: false },
  { nu: 2, nd: 2, evict: true, spinStored: 2027142, big: true },
  { nu: 3, nd: 2, evict: false, spinStored: 7782269, big: true },
];

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string | number, n: number): string => String(s).padStart(n);
const padR = (s: string | number, n: number): string => String(s).padEnd(n);

// ---------------------------------------------------------------------------------------------
// (a) canonical scenarios

function canonical(): { totalMs: number; lines: string[]; variants: number } {
  const lines: string[] = [];
  let totalMs = 0;
  let variants = 0;
  for (const sc of SCENARIOS) {
    for (const v of sc.variants) {
      const r = runVariant(sc, v.id, {}, { clock: now });
      totalMs += r.ms;
      variants++;
      const perS = r.ms > 0 ? (r.states / r.ms) * 1000 : 0;
      lines.push(
        `${padR(r.id, 10)} ${padR(r.verdict, 12)} ${pad(r.states, 9)} ${pad(r.transitions, 11)} ${pad(f2(perS / 1e6), 9)} ${pad(f1(r.bytesPerState), 11)} ${pad(f2(r.ms), 8)}`,
      );
    }
  }
  return { totalMs, lines, variants };
}

/** The verdict searches alone (model built, explored with reduction on), all variants. */
function canonicalSearchMs(): number {
  let ms = 0;
  for (const sc of SCENARIOS) {
    for (const v of sc.variants) {
      const model = sc.build(v.code(sc.baseline), resolveSwitches(sc, v));
      const t0 = now();
      explore(model, { reduction: true });
      ms += now() - t0;
    }
  }
  return ms;
}

// ---------------------------------------------------------------------------------------------
// (b) tlbmig in racebot

interface Timed {
  readonly r: ExploreResult;
  readonly s: number;
}

/**
 * Reduction off is the differential check: local steps taken at once (`local`) are off too, as
 * they merge more than Spin's statement merging. Reduction on is the checker as it runs.
 */
function timedExplore(nu: number, nd: number, evict: boolean, reduction: boolean): Timed {
  const model = buildTlbmig({ nu, nd, k: 3, evict, bug: 0 });
  const t0 = now();
  const r = explore(model, { reduction, maxStates: 100_000_000, local: reduction });
  return { r, s: (now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// (c) Spin

interface SpinRun {
  readonly stored: number;
  readonly transitions: number;
  /** pan's own "elapsed time" (0.01 s resolution). */
  readonly s: number;
  /** Wall time of the pan process (allocation of its -w27 hash table included). */
  readonly wallS: number;
}

function which(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout + r.stderr).trim().split('\n')[0];
}

function findPml(): string | null {
  const candidates = [fileURLToPath(new URL('../../bench/tlbmig.pml', import.meta.url)), '/work/shared/bench/tlbmig.pml'];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function runSpin(pml: string, nu: number, nd: number, evict: boolean): SpinRun | string {
  const dir = mkdtempSync(join(tmpdir(), 'racebot-spin-'));
  try {
    copyFileSync(pml, join(dir, 'tlbmig.pml'));
    const gen = spawnSync('spin', [`-DNU=${nu}`, `-DND=${nd}`, '-DK=3', `-DEVICT=${evict ? 1 : 0}`, '-DBUG=0', '-a', 'tlbmig.pml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (gen.status !== 0) return `spin -a failed: ${(gen.stdout + gen.stderr).trim().slice(0, 200)}`;
    const cc = spawnSync('gcc', ['-O2', '-w', '-DMEMLIM=16000', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c'], { cwd: dir, encoding: 'utf8' });
    if (cc.status !== 0) return `gcc failed: ${(cc.stdout + cc.stderr).trim().slice(0, 200)}`;
    const t0 = now();
    const pan = spawnSync('./pan', ['-m1000000', '-w27'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
    const wallS = (now() - t0) / 1000;
    const text = pan.stdout + pan.stderr;
    const stored = /(\d+) states, stored/.exec(text);
    const trans = /(\d+) transitions/.exec(text);
    const el = /pan: elapsed time ([\d.e+-]+) seconds/.exec(text);
    if (!stored || !trans || !el) return `could not parse pan's output: ${text.trim().slice(0, 200)}`;
    return { stored: Number(stored[1]), transitions: Number(trans[1]), s: Number(el[1]), wallS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const cpu = cpus();
  out(`racebot checker benchmark: node ${process.version}, ${cpu.length} CPU(s) ${cpu[0]?.model ?? '?'}${quick ? ', --quick (NU=2 ND=2 EVICT=1 and NU=3 ND=2 skipped)' : ''}`);
  out();

  // (a)
  out('(a) canonical scenarios: every variant as `racebot scenarios run` runs it (full search first up to 100,000 states, so a race\'s trace is the shortest; local steps taken at once)');
  const cold = canonical();
  out(`${padR('id', 10)} ${padR('verdict', 12)} ${pad('states', 9)} ${pad('transitions', 11)} ${pad('M st/s', 9)} ${pad('bytes/state', 11)} ${pad('ms', 8)}`);
  for (const l of cold.lines) out(l);
  const warmRuns = Array.from({ length: WARM_RUNS }, () => canonical().totalMs).sort((a, b) => a - b);
  const warm = { totalMs: warmRuns[WARM_RUNS >> 1] };
  const search = canonicalSearchMs();
  out(
    `canonical total: ${cold.variants} variants of ${SCENARIOS.length} scenarios (${SCENARIOS.map((s) => s.id).join(' ')}) in ${f1(cold.totalMs)} ms ` +
      `(first run in this process, JIT cold; target < ${TARGET_COLD_MS} ms); warm, ${WARM_RUNS} more runs: median ${f1(warm.totalMs)} ms ` +
      `(min ${f1(warmRuns[0])}, max ${f1(warmRuns[WARM_RUNS - 1])}; target < ${TARGET_WARM_MS} ms)`,
  );
  out(`canonical verdict searches alone (explore, reduction on, no shortest-trace re-search, no trace): ${f1(search)} ms (after the warm runs)`);
  out('(ms: build + search + shortest-trace re-search for a race + trace; bytes/state: the store\'s used bytes over states, hash index included)');
  out();

  // (b) + (c), interleaved per configuration so that both checkers run under the same load
  const spinV = which('spin', ['-V']);
  const gccV = which('gcc', ['--version']);
  const pml = findPml();
  const spinOk = spinV !== null && gccV !== null && pml !== null;
  out('(b) tlbmig.pml as a racebot model (K=3, BUG=0): reduction off (and local steps not merged) must store Spin\'s count minus one (Spin counts a state before init runs); reduction on is the checker as it runs');
  if (spinOk) out(`(c) Spin on the same configurations in the same run: ${spinV}; spin -a, gcc -O2 -w -DMEMLIM=16000 -DSAFETY -DNOREDUCE, ./pan -m1000000 -w27`);
  else if (spinV === null) out('(c) spin is not installed (apt-get install spin): no Spin comparison in this run');
  else if (gccV === null) out('(c) gcc is not installed: no Spin comparison in this run');
  else out('(c) tlbmig.pml not found (bench/tlbmig.pml): no Spin comparison in this run');
  out();

  interface Row {
    cfg: string;
    off: Timed;
    on: Timed;
    spin: SpinRun | string | null;
    match: boolean;
  }
  const rows: Row[] = [];
  for (const c of CONFIGS) {
    const name = `NU=${c.nu} ND=${c.nd} EVICT=${c.evict ? 1 : 0}`;
    if (quick && c.big) {
      out(`tlbmig ${name}: skipped (--quick)`);
      out();
      continue;
    }
    const off = timedExplore(c.nu, c.nd, c.evict, false);
    const on = timedExplore(c.nu, c.nd, c.evict, true);
    const spin = spinOk ? runSpin(pml!, c.nu, c.nd, c.evict) : null;
    const expect = c.spinStored - 1;
    const match = off.r.states === expect && off.r.verdict === 'safe';
    rows.push({ cfg: name, off, on, spin, match });
    out(`tlbmig ${name}`);
    out(
      `  racebot off: ${off.r.verdict}, states ${off.r.states}, Spin-1 ${expect}, match ${match ? 'yes' : 'NO'}, transitions ${off.r.transitions}, ` +
        `${f2(off.r.states / off.s / 1e6)} M states/s, ${f1(off.r.bytes / off.r.states)} bytes/state (store allocated; ${f1(off.r.usedBytes / off.r.states)} used), ${f3(off.s)} s`,
    );
    out(
      `  racebot on:  ${on.r.verdict}, states ${on.r.states}, transitions ${on.r.transitions}, ${f3(on.s)} s ` +
        `(states ${f1(off.r.states / on.r.states)}x fewer, transitions ${f1(off.r.transitions / on.r.transitions)}x fewer)`,
    );
    if (typeof spin === 'string') out(`  spin: ${spin}`);
    else if (spin) {
      out(`  spin:        states ${spin.stored}, transitions ${spin.transitions}, ${f2(spin.s)} s (pan's clock), ${f2(spin.wallS)} s wall`);
      out(`  racebot/spin time: off ${ratio(off.s, spin.s)}, on ${ratio(on.s, spin.s)} (pan's clock); off ${ratio(off.s, spin.wallS)}, on ${ratio(on.s, spin.wallS)} (wall)`);
    }
    out();
  }

  // summary
  out('summary');
  out(`${padR('config', 22)} ${pad('off states', 10)} ${pad('match', 5)} ${pad('M st/s', 7)} ${pad('B/state', 7)} ${pad('off s', 6)} ${pad('on states', 9)} ${pad('on s', 6)} ${pad('spin s', 6)} ${pad('off/spin', 8)} ${pad('on/spin', 8)}`);
  for (const r of rows) {
    const sp = r.spin && typeof r.spin !== 'string' ? r.spin : null;
    out(
      `${padR(r.cfg, 22)} ${pad(r.off.r.states, 10)} ${pad(r.match ? 'yes' : 'NO', 5)} ${pad(f2(r.off.r.states / r.off.s / 1e6), 7)} ${pad(f1(r.off.r.bytes / r.off.r.states), 7)} ${pad(f3(r.off.s), 6)} ` +
        `${pad(r.on.r.states, 9)} ${pad(f3(r.on.s), 6)} ${pad(sp ? f2(sp.s) : '-', 6)} ${pad(sp ? ratio(r.off.s, sp.s) : '-', 8)} ${pad(sp ? ratio(r.on.s, sp.s) : '-', 8)}`,
    );
  }
  out();
  out('targets');
  out(
    `  canonical scenarios, all variants, cold: ${f1(cold.totalMs)} ms (target < ${TARGET_COLD_MS} ms): ${cold.totalMs < TARGET_COLD_MS ? 'met' : 'NOT met'}`,
  );
  out(
    `  canonical scenarios, all variants, warm: median ${f1(warm.totalMs)} ms of ${WARM_RUNS} runs (target < ${TARGET_WARM_MS} ms): ${warm.totalMs < TARGET_WARM_MS ? 'met' : 'NOT met'}`,
  );
  out(`  differential check (reduction off == Spin stored - 1): ${rows.every((r) => r.match) ? 'all' : 'NOT all'} ${rows.length} configurations match`);
  const big = rows.find((r) => r.cfg === 'NU=3 ND=2 EVICT=0');
  if (big) {
    const sps = big.off.r.states / big.off.s;
    const bps = big.off.r.bytes / big.off.r.states;
    out(`  NU=3 ND=2 reduction off: ${f2(sps / 1e6)} M states/s (target >= ${f2(TARGET_STATES_PER_S / 1e6)}): ${sps >= TARGET_STATES_PER_S ? 'met' : 'NOT met'}`);
    out(`  NU=3 ND=2 reduction off: ${f1(bps)} bytes/state (target <= ${TARGET_BYTES_PER_STATE}): ${bps <= TARGET_BYTES_PER_STATE ? 'met' : 'NOT met'}`);
    const sp = big.spin && typeof big.spin !== 'string' ? big.spin : null;
    if (sp) {
      out(`  NU=3 ND=2 reduction on vs Spin: ${f2(big.on.s)} s vs ${f2(sp.s)} s, ratio ${ratio(big.on.s, sp.s)} (target < 1): ${big.on.s < sp.s ? 'met' : 'NOT met'}`);
      out(`  NU=3 ND=2 reduction off vs Spin: ${f2(big.off.s)} s vs ${f2(sp.s)} s, ratio ${ratio(big.off.s, sp.s)}`);
    } else out('  NU=3 ND=2 reduction on vs Spin: no Spin run');
  } else out('  NU=3 ND=2: skipped (--quick): throughput, memory and Spin targets not measured');
  const onFaster = rows.filter((r) => r.spin && typeof r.spin !== 'string' && r.spin.s >= 0.05);
  if (onFaster.length) {
    out(`  reduction on faster than Spin on ${onFaster.filter((r) => r.on.s < (r.spin as SpinRun).s).length} of ${onFaster.length} configurations Spin takes >= 0.05 s on`);
  }
}

function ratio(a: number, b: number): string {
  if (!(b > 0)) return 'n/a';
  return f2(a / b);
}

main();
