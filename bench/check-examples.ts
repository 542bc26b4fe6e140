/**
 * `racebot check` on all shared examples, wall time including Node start-up (target < 1 s):
 * the command a maintainer runs first. Spawns the built CLI several times and prints the median.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const examples = resolve(root, '../shared/examples');
const files = readdirSync(examples).filter((f) => f.endsWith('.eml')).map((f) => join(examples, f));
const runs = Number(process.argv[2] ?? 7);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin/racebot.js'), 'check', ...files], { encoding: 'utf8' });
  times.push(performance.now() - t0);
  if (r.status !== 0 && r.status !== 1) throw new Error(`racebot check failed: ${r.stderr}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`check-examples: files ${files.length}, runs ${runs}`);
console.log(`check-examples: wall ms median ${median.toFixed(0)}, min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}`);
console.log(`check-examples: target 1000 ms, ratio ${(median / 1000).toFixed(2)} (${median < 1000 ? 'met' : 'NOT met'})`);
