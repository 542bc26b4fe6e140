import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAVE_SHARED, SHARED_EXAMPLES } from '../../helpers/shared.js';

export { HAVE_SHARED };

/** Repository root (tests run from it, but do not rely on the cwd). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The shared real patch emails: ../shared/examples relative to the repo root. */
export const EXAMPLES_DIR = SHARED_EXAMPLES;

/** The shared examples' file names (none when ../shared is absent: their tests are skipped). */
export function exampleNames(): string[] {
  if (!HAVE_SHARED) return [];
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}

export function readExample(name: string): string {
  return readFileSync(path.join(EXAMPLES_DIR, name), 'utf8');
}
