import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (tests run from it, but do not rely on the cwd). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The shared real patch emails: ../shared/examples relative to the repo root. */
export const EXAMPLES_DIR = path.resolve(REPO_ROOT, '../shared/examples');

export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}

export function readExample(name: string): string {
  return readFileSync(path.join(EXAMPLES_DIR, name), 'utf8');
}
