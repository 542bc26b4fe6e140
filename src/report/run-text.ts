/**
 * A scenario run as text for a terminal or an email: the column diagram of the counterexample,
 * the violated invariant in kernel terms, and a herd7-style observation line.
 */
import { columnDiagram } from './layout.js';
import type { RunResult } from '../scenarios/run.js';
import type { Scenario, Switches } from '../scenarios/scenario.js';

export function observation(id: string, name: string, verdict: string, invariant: string | null): string {
  if (verdict === 'race') return `Observation ${id} ${name} Sometimes (${invariant})`;
  if (verdict === 'safe') return `Observation ${id} ${name} Never`;
  return `Observation ${id} ${name} Unknown (exploration budget hit)`;
}

export function switchesText(sw: Switches): string {
  return Object.entries(sw)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

export function renderRunText(sc: Scenario, r: RunResult, width = 100): string {
  const v = sc.variants.find((x) => x.id === r.id);
  const head = [
    `${r.id} ${sc.name}: ${v?.title ?? ''}`,
    `switches: ${switchesText(r.switches)}`,
    `verdict: ${r.verdict}${r.invariant ? ` (${r.invariant})` : ''}${r.expected ? `   spec: ${r.expected}` : ''}`,
    `explored ${r.states} states, ${r.transitions} transitions in ${r.ms.toFixed(1)} ms (reduction ${r.reduction ? 'on' : 'off'})`,
  ];
  if (r.budget) head.push(`inconclusive: the ${r.budget} budget was hit`);
  if (v?.note) head.push(`note: ${v.note}`);
  const obs = observation(r.id, sc.name, r.verdict, r.invariant);
  if (r.verdict !== 'race') return [...head, '', obs].join('\n');
  const footer = [r.violation ?? '', '', obs];
  return [...head, '', columnDiagram(r.trace, footer, { width })].join('\n');
}
