#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the prepare script).
import { existsSync } from 'node:fs';

// The one-shot commands (check, scenarios) run from the bundle (scripts/bundle-cli.mjs): one
// file to load instead of a hundred modules. The service commands and the help run from the
// modules as compiled, as does everything when the bundle is not built.
const first = process.argv.slice(2).find((a) => !a.startsWith('-'));
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const oneShot = first === 'check' || first === 'scenarios';
const { main } = await import(oneShot && existsSync(bundle) ? bundle.href : '../dist/src/cli.js');

// `racebot ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`racebot: internal error: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  },
);
