/** The canonical scenario library, by id. */
import type { Scenario, SwitchValue } from './scenario.js';
import { s0 } from './s0-uprobes-replace-page/index.js';
import { s1 } from './s1-cow-wp-copy/index.js';
import { s2 } from './s2-uffd-install-pte/index.js';
import { s3 } from './s3-gup-fast-pin/index.js';
import { s4 } from './s4-xol-icache/index.js';
import { s5 } from './s5-dirty-cow/index.js';
import { s6 } from './s6-mremap-flush/index.js';
import { s7 } from './s7-gup-fast-split/index.js';
import { s8 } from './s8-gup-cow-fork/index.js';

export const SCENARIOS: readonly Scenario[] = [s0, s1, s2, s3, s4, s5, s6, s7, s8];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** `S3.1` -> S3's scenario; `S3` -> S3. */
export function scenarioOfVariant(id: string): Scenario | undefined {
  return scenarioById(id.split('.')[0]);
}

/** What a switch value means, in the words of the scenario that declares the switch. */
export function switchPhrase(name: string, value: SwitchValue): string {
  for (const sc of SCENARIOS) {
    const p = sc.switches.find((d) => d.name === name)?.phrases?.[String(value)];
    if (p) return p;
  }
  return `with ${name}=${String(value)}`;
}
