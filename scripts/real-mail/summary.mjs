// One verdict line per mail, for measuring racebot on real list mail (docs/measuring-real-mail.md):
//   node scripts/real-mail/summary.mjs [--bin path/to/racebot.js] [--verbose] mail.eml...
// Each line: the file, the outcome, the kernel version, and each scenario's delta with
// [U n] unmapped hunks and [A n] assumptions. --verbose adds the unmapped reasons, and for a
// mail with no finding what it touches instead (its out-of-scope functions).
import { spawnSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--bin');
const bin = at >= 0 ? resolve(args.splice(at, 2)[1]) : resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/racebot.js');
const verbose = args.includes('--verbose');
const files = args.filter((a) => a !== '--verbose');
if (files.length === 0) {
  console.error('usage: node scripts/real-mail/summary.mjs [--bin racebot.js] [--verbose] mail.eml...');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  const run = spawnSync(process.execPath, [bin, 'check', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.log(`${basename(file)}\tCRASH\texit ${run.status}: ${run.stderr.trim().slice(0, 200)}`);
    failed = true;
    continue;
  }
  for (const p of report.patches) {
    const findings = p.findings.map((f) => `${f.scenario}:${f.delta}${f.unmapped.length ? `[U${f.unmapped.length}]` : ''}${f.assumptions.length ? `[A${f.assumptions.length}]` : ''}`);
    console.log([basename(file), p.outcome, p.kernelVersion ?? '-', findings.join(' '), p.reason ? `reason=${p.reason.slice(0, 160)}` : ''].join('\t').trimEnd());
    if (verbose) for (const f of p.findings) for (const u of f.unmapped) console.log(`    ${f.scenario} unmapped: ${u.header}: ${u.reason}`);
    // (What a mail that touches no modelled function touches instead: the functions to read
    // against the rows, to tell a right "no modelled function" from a wrong one.)
    if (verbose && p.findings.length === 0 && p.outOfScope?.length) console.log(`    out of scope: ${p.outOfScope.join('; ').slice(0, 400)}`);
  }
}
process.exit(failed ? 1 : 0);
