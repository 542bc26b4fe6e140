/** Vitest global setup: says once per run why the tests of ../shared are skipped, when they are. */
import { HAVE_SHARED, NO_SHARED_REASON } from './shared.js';

export default function sharedNotice(): void {
  if (!HAVE_SHARED) process.stdout.write(`note: ${NO_SHARED_REASON}\n`);
}
