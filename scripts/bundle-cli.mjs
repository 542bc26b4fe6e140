// The CLI's own modules bundled into one file (plus chunks for what it loads on demand), so
// that `racebot check` does not resolve, read and link a hundred modules at start-up. Packages
// stay external (node_modules is loaded as usual). bin/racebot.js runs the bundle for the
// one-shot commands and falls back to dist/src/cli.js without it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/src/cli.js`],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  logLevel: 'warning',
});
