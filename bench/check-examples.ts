/**
 * `racebot check` on the shared examples, wall time including Node start-up: the command a
 * maintainer runs first. Each example is checked by its own process several times (the median
 * per example, then the median over the examples: target < 500 ms), and all of them by one
 * process (target < 1 s). Spawns the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const examples = resolve(root, '../shared/examples');
if (!existsSync(examples)) {
  console.log('check-examples: skipped (no ../shared/examples beside the checkout)');
  process.exit(0);
}
const files = readdirSync(examples).filter((f) => f.endsWith('.eml')).map((f) => join(examples, f));
const runs = Number(process.argv[2] ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin/racebot.js'), 'check', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`racebot check failed: ${r.stderr}`);
  return ms;
}

const per: number[] = [];
for (const f of files) {
  const times = Array.from({ length: runs }, () => wall([f]));
  const m = median(times);
  per.push(m);
  console.log(`check-examples: ${basename(f).padEnd(48)} median ${m.toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
}
const perMedian = median(per);
console.log(`check-examples: one example per process, median over ${files.length} examples ${perMedian.toFixed(0)} ms; target 500 ms, ratio ${(perMedian / 500).toFixed(2)} (${perMedian < 500 ? 'met' : 'NOT met'})`);
const all = Array.from({ length: runs }, () => wall(files));
const m = median(all);
console.log(`check-examples: all ${files.length} in one process, wall ms median ${m.toFixed(0)}, min ${Math.min(...all).toFixed(0)}, max ${Math.max(...all).toFixed(0)}; target 1000 ms, ratio ${(m / 1000).toFixed(2)} (${m < 1000 ? 'met' : 'NOT met'})`);
