/** The canonical scenario library, by id. */
import type { Scenario } from './scenario.js';
import { s3 } from './s3-gup-fast-pin.js';

export const SCENARIOS: readonly Scenario[] = [s3];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** `S3.1` -> S3's scenario; `S3` -> S3. */
export function scenarioOfVariant(id: string): Scenario | undefined {
  return scenarioById(id.split('.')[0]);
}
