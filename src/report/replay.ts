/**
 * The command that replays the trace a finding's page draws. For `introduces` and
 * `pre-existing` that is the patched code's trace, the spec variant the patch is; for `fixes`
 * it is the race before the patch, so the baseline's variant. Both under the switches the
 * verdict was computed with. Null when the code drawn is no spec variant (a lifted patch, a
 * series on top of earlier parts), since `racebot scenarios run` could not reproduce it.
 */
import type { Finding } from '../check/check.js';
import { scenarioOfVariant } from '../scenarios/index.js';

type ReplayInput = Pick<Finding, 'delta' | 'variant' | 'baselineVariant' | 'switches'>;

/** The variant whose exploration the shown trace is. */
export function tracedVariant(f: ReplayInput): string | null {
  const id = f.delta === 'fixes' ? f.baselineVariant : f.variant;
  if (!id) return null;
  return scenarioOfVariant(id)?.variants.some((v) => v.id === id) ? id : null;
}

export function traceReplayCommand(f: ReplayInput): string | null {
  const id = tracedVariant(f);
  if (!id) return null;
  const sw = Object.entries(f.switches).map(([k, v]) => ` --switch ${k}=${String(v)}`).join('');
  return `racebot scenarios run ${id}${sw}`;
}
