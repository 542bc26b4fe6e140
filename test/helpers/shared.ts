/**
 * `../shared` beside the repository: the real patch emails (examples/) and review threads
 * (seeds/) the project's setup and CI provide. A clone outside that setup has no such folder:
 * the tests that read it are skipped there (`describe.skipIf(!HAVE_SHARED)`,
 * `test.skipIf(!HAVE_SHARED)`), and the run says why once (./shared-notice.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const SHARED_DIR = resolve(ROOT, '../shared');
export const SHARED_EXAMPLES = resolve(SHARED_DIR, 'examples');
export const SHARED_SEEDS = resolve(SHARED_DIR, 'seeds');

/** Whether ../shared/examples is there (it is in CI). */
export const HAVE_SHARED = existsSync(SHARED_EXAMPLES);

/** The one-line reason the tests of the shared examples are skipped. */
export const NO_SHARED_REASON = `${SHARED_EXAMPLES} is absent (a clone outside the project setup): the tests of the shared real patch emails are skipped; CI has the folder and runs them`;
