/**
 * When a checked patch may appear on the public dashboard: the same gate as its email. The
 * subsystems that claim it must have opted in, the kill switch be off and the author not opted
 * out; the strictest policy of the opted-in subsystems decides (a dry-run subsystem's findings
 * stay off the dashboard unless `showDryRun`), and nothing shows before the longest embargo has
 * passed since the patch was checked. (Mutes are a maintainer's choice of what to be mailed
 * about, not a secret: they do not hide findings here.)
 *
 * Pure: the policy state (kill switch, opt-outs, mutes) and the time are passed in. Built on
 * the service's policy module (claimingSubsystems, optedIn) so that the two cannot disagree on
 * who claims a patch.
 */
import type { Policy, Subsystem, SubsystemsConfig } from '../config.js';
import { claimingSubsystems, optedIn, type PolicyState } from '../service/policy.js';
import type { StoredPatch } from './store.js';

/** The most restrictive first, as the mail's policy resolution ranks them. */
const STRICTNESS: readonly Policy[] = ['off', 'dry-run', 'author', 'list'];

/** The most restrictive policy of some subsystems (`off` for none). */
export function strictestPolicy(subsystems: readonly Pick<Subsystem, 'policy'>[]): Policy {
  let best: Policy | null = null;
  for (const s of subsystems) if (best === null || STRICTNESS.indexOf(s.policy) < STRICTNESS.indexOf(best)) best = s.policy;
  return best ?? 'off';
}

export type Publication =
  /** Never shown while the configuration and the policy state stay as they are. */
  | { readonly visible: false; readonly until: null; readonly reason: string }
  /** Shown from `from` (ms since the epoch); `visible` says whether that time has come. */
  | { readonly visible: boolean; readonly until: number; readonly reason: string | null };

export interface GateInput {
  readonly subsystems: SubsystemsConfig;
  readonly state: Pick<PolicyState, 'killSwitch' | 'optedOut'>;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** Show findings of subsystems whose policy is dry-run (default: no, like the mail). */
  readonly showDryRun?: boolean;
}

export const EMPTY_POLICY_STATE: GateInput['state'] = { killSwitch: false, optedOut: new Set() };

const never = (reason: string): Publication => ({ visible: false, until: null, reason });

/** Whether (and from when) a stored patch may be shown. Pull requests are not mail: their repository's settings govern them. */
export function publication(p: StoredPatch, g: GateInput): Publication {
  if (p.source !== 'mail') return { visible: true, until: 0, reason: null };
  const a = p.audience;
  // An entry stored without what the gate needs cannot be shown to be allowed.
  if (!a) return never('stored without its recipients and files');
  const claiming = claimingSubsystems(g.subsystems, { lists: a.addresses, files: a.files });
  const opted = claiming.filter(optedIn);
  if (opted.length === 0) return never(claiming.length ? `not opted in (${claiming.map((s) => s.name).join(', ')})` : 'no subsystem claims it');
  if (g.subsystems.killSwitch || g.state.killSwitch) return never('kill switch');
  if (a.author && g.state.optedOut.has(a.author.toLowerCase())) return never('the author opted out');
  const policy = strictestPolicy(opted);
  if (policy === 'off') return never('policy off');
  if (policy === 'dry-run' && !g.showDryRun) return never('dry-run: replies go to the maintainers only');
  const checked = Date.parse(p.receivedAt);
  const until = (Number.isFinite(checked) ? checked : g.now) + Math.max(0, ...opted.map((s) => s.embargo)) * 1000;
  return { visible: g.now >= until, until, reason: g.now >= until ? null : `embargoed until ${new Date(until).toISOString()}` };
}
