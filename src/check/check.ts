/**
 * The check of one patch: which scenarios its hunks touch, the patched model lifted from the
 * diff, baseline and patched verdicts under the same switches, the delta, the switches the
 * verdict depends on (each switch flipped once), and the trace. Runs in-process; the clock is
 * injected so the core stays deterministic.
 */
import type { IfStmt, KernelCode, Stmt } from '../model/code.js';
import { isModelBuildError, walkStmts } from '../model/code.js';
import type { Verdict } from '../model/explorer.js';
import type { TraceStep } from '../model/trace.js';
import type { PatchMail } from '../mail/types.js';
import type { DiffFile } from '../diff/types.js';
import { baseForMail, type BasesByMessageId, type ResolvedBase } from '../tree/types.js';
import { liftFunctions, liftPatch, MAX_PLACEMENTS, placements, type HunkRef, type LiftResult } from '../lift/lift.js';
import { describeLockMismatch, lockMismatch } from '../lift/lock-balance.js';
import { modelledFunctionFor } from '../mm/vocabulary.js';
import { functionAtLines, functionNameOf } from '../lift/lift.js';
import { anchorKey, scenarioCodes } from '../lift/lexicon.js';
import { SCENARIOS, switchPhrase } from '../scenarios/index.js';
import type { Scenario, Switches, SwitchValue } from '../scenarios/scenario.js';
import { actorsThatFinish, deltaOf, run, violationDelta, type Delta, type DeltaResult } from './delta.js';
import { keyText } from './violations.js';
import { modelledTexts, nameBareHunks } from './bare-hunks.js';
import { choiceLeavesOf, valuations, withChoicesDecided } from './choices.js';
import { parseKernelVersion, releaseDate, versionFromDate, switchesFor, switchesForVersion, versionAtLeast, versionFromBaseCommit, versionFromTags, versionFromBackportNote, upstreamCommitOf, type KernelVersion, type SwitchSource } from './switches.js';

export type { Delta } from './delta.js';
export { deltaOf } from './delta.js';

export interface SwitchNote {
  readonly switches: Readonly<Record<string, SwitchValue>>;
  readonly baseline: Verdict;
  readonly patched: Verdict;
  readonly delta: Delta;
  readonly invariant: string | null;
  /**
   * The release from which the switch has this value, where it is later than the patch's kernel
   * (UFFDIO_WRITEPROTECT, 5.7, under a 4.20 patch of the series that adds it): said with the note.
   */
  readonly since?: string;
}

export interface Finding {
  readonly scenario: string;
  readonly name: string;
  /** The spec variant the patched code is, when it is one. */
  readonly variant: string | null;
  /** The spec variant of the unpatched code (S0.0, S1.0, ...). */
  readonly baselineVariant: string;
  /** How that base was chosen: the release's code, the best fit, the series, the tree. */
  readonly baseHow: string;
  readonly baseline: Verdict | null;
  readonly patched: Verdict | null;
  readonly delta: Delta;
  /** The violated invariant the report is about (the patched code's, else the baseline's). */
  readonly invariant: string | null;
  readonly violation: string | null;
  readonly switches: Switches;
  /** Switch values under which the delta differs from the reported one. */
  readonly dependsOn: Readonly<Record<string, SwitchValue>>;
  readonly notes: readonly SwitchNote[];
  /** Counterexample: of the patched code for a race, else of the baseline for `fixes`. */
  readonly trace: readonly TraceStep[];
  readonly touched: readonly string[];
  readonly hunks: readonly HunkRef[];
  /** Hunks without which the patched verdict would be the baseline's: what the finding is about. */
  readonly responsible: readonly HunkRef[];
  readonly unmapped: readonly { readonly file: string; readonly header: string; readonly reason: string }[];
  readonly ignored: readonly string[];
  /** Which budget ended an `inconclusive` run. */
  readonly budget: string | null;
  /**
   * Why an `inconclusive` finding has no verdict when no budget ended it: the race it found rests
   * on what earlier patches of its series, not given, may change.
   */
  readonly pending?: string;
  readonly states: number;
  /**
   * What the lift assumed (calls outside the vocabulary taken as effect-free, conditions
   * explored both ways, functions found under another release's name): the verdict holds
   * under these.
   */
  readonly assumptions: readonly string[];
  /** Violations (invariant, actor, step) the patched code has and the base does not, and the reverse. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Violations both sides have (shown as pre-existing beside a new or fixed one). */
  readonly kept: readonly string[];
}

export type Outcome = 'checked' | 'rejected' | 'no-patch';

export interface PatchReport {
  readonly messageId: string;
  readonly subject: string;
  readonly from: string;
  readonly version: number;
  readonly outcome: Outcome;
  readonly reason: string | null;
  readonly findings: readonly Finding[];
  /** Hunks in no scenario's modelled functions. */
  readonly outOfScope: readonly string[];
  readonly kernelVersion: string | null;
  /** Where that release was read from: --kernel-version, a subject tag, base-commit, the tree, the mail's date. */
  readonly kernelVersionFrom?: string | null;
  /** What changed since the previous version of the same patch ("v8 fixes the race reported on v7"). */
  readonly sinceLastVersion: string | null;
  /**
   * Said when patch n/m (n > 1) got a verdict without the earlier patches of its series applied
   * first (racebot was not given them): a verdict may rest on code an earlier patch changes.
   */
  readonly seriesAlone?: string | null;
  /**
   * Said for a stable backport (`commit <sha> upstream.`) that names no branch: the release was
   * read from the mail's date, and the branch it is for may be older.
   */
  readonly stableBackport?: string | null;
  /** What the check made of a damaged or partial diff: lines a mail client wrapped, joined back; a reply's excerpts or hunks cut short, left out. */
  readonly diffSkipped?: string | null;
  /** The patched code per scenario, for the next patch of the same series (not serialised). */
  readonly lifted?: Readonly<Record<string, PriorCode>>;
}

/** Code an earlier patch of the same series left a scenario in. */
export interface PriorCode {
  readonly code: KernelCode;
  readonly variant: string;
}

export interface CheckOptions {
  readonly overrides?: Readonly<Record<string, SwitchValue>>;
  readonly kernelVersion?: KernelVersion | null;
  readonly maxStates?: number;
  readonly maxMs?: number;
  readonly clock?: () => number;
  /** Flip each switch once to find what the verdict depends on (default true). */
  readonly sweep?: boolean;
  /**
   * The base code read from the patch's own kernel tree (src/tree/): one for every mail, or one
   * per Message-Id when several mails are checked (`baseForMail` picks). Absent: no tree.
   */
  readonly base?: ResolvedBase | BasesByMessageId;
}

function parseV(s: string): KernelVersion {
  const [major, minor] = s.split('.').map(Number);
  return { major, minor };
}

// --- which variant a patched model is -----------------------------------------------------

function signature(code: KernelCode, fns: readonly string[]): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const body = (b: readonly Stmt[], depth: number): void => {
    if (depth > 6) return;
    for (const s of b) {
      if (s.op === 'return') continue;
      if (s.op === 'call') {
        const fn = (s as { fn: string }).fn;
        parts.push(`call:${fn}{`);
        body(code[fn] ?? [], depth + 1);
        parts.push('}');
        continue;
      }
      if (s.op === 'if') {
        const i = s as IfStmt;
        parts.push(`if(${condOps(i.cond).sort().join(',')}){`);
        body(i.then, depth);
        parts.push('}else{');
        body(i.else ?? [], depth);
        parts.push('}');
        continue;
      }
      parts.push(s.op);
    }
  };
  for (const fn of fns) {
    if (seen.has(fn)) continue;
    seen.add(fn);
    parts.push(`${fn}:`);
    body(code[fn] ?? [], 0);
  }
  return parts.join(' ');
}

function condOps(c: IfStmt['cond']): string[] {
  if (c.op === 'not') return condOps((c as { arg: IfStmt['cond'] }).arg);
  if (c.op === 'and' || c.op === 'or') return (c as { args: readonly IfStmt['cond'][] }).args.flatMap(condOps);
  if (c.op === '__const') return [];
  return [c.op];
}

const variantSigs = new Map<string, { id: string; sig: string; switches: Switches }[]>();

function variantOf(sc: Scenario, code: KernelCode, sw: Switches): string | null {
  const fns = sc.functions.map((f) => f.name);
  let sigs = variantSigs.get(sc.id);
  if (!sigs) {
    sigs = sc.variants.map((v) => ({ id: v.id, sig: signature(v.code(sc.baseline), fns), switches: v.switches ?? {} }));
    variantSigs.set(sc.id, sigs);
  }
  const mine = signature(code, fns);
  const matches = sigs.filter((v) => v.sig === mine);
  const consistent = matches.find((v) => Object.entries(v.switches).every(([k, val]) => sw[k] === val));
  return (consistent ?? matches.find((v) => Object.keys(v.switches).length === 0) ?? null)?.id ?? null;
}

// --- the check ----------------------------------------------------------------------------

/**
 * The tree a patch applies to is not always the scenario's baseline: a patch on top of a merged
 * fix has the fix in its context. The candidates are the baseline and the code of every spec
 * variant; the one whose statements the patch's old side finds best (and that lifts without
 * unmapped hunks) is the base, the scenario's baseline winning ties.
 */
type BaseChoice = { lift: LiftResult; base: KernelCode; baseVariant: string; baseHow: string };

/** `how`, plus what a reversed lift did to the base. */
const withReversal = (how: string, l: LiftResult) => (l.base ? `${how}; hunks whose result that code already has were lifted in reverse (their old side added to the base)` : how);

function bestBase(sc: Scenario, mail: PatchMail, version: KernelVersion | null, prior?: PriorCode, mainlineDate?: string | null): BaseChoice {
  // An earlier patch of the same series: this one applies on top of it.
  if (prior) {
    const l = liftPatch(sc, mail.diff, prior.code, { version });
    if (l.touched.length === 0 || (l.unmapped.length === 0 && !l.floating)) return { lift: l, base: l.base ?? prior.code, baseVariant: prior.variant, baseHow: withReversal('the code after the earlier patches of this series', l) };
  }
  // With a known version, the tree has every change merged by then, applied in merge order.
  // (A release read from the mail's date also has what mainline merged before that day.)
  const onMainline = (v: Scenario['variants'][number]) => !!(mainlineDate && v.mergedOn && Date.parse(mainlineDate) >= Date.parse(`${v.mergedOn}T00:00:00Z`));
  // A stable series that took the fix has it from the day of that stable release on.
  const inStable = (v: Scenario['variants'][number]) => {
    const day = version ? v.stable?.[`${version.major}.${version.minor}`] : undefined;
    return !!(day && mail.date && Date.parse(mail.date) >= Date.parse(`${day}T00:00:00Z`));
  };
  const merged = version ? sc.variants.filter((v) => v.mergedIn && (versionAtLeast(version, v.mergedIn) || onMainline(v) || inStable(v))) : [];
  merged.sort((a, b) => (versionAtLeast(parseV(a.mergedIn!), b.mergedIn!) ? 1 : -1));
  // A release older than the reference code: the code that release had, a variant from a tree
  // that says until when it lasted (`until`), the first to last that long (S7.6 for 4.19, S7.1
  // for 5.6, S7.2 for 5.15).
  const ver = version ? `${version.major}.${version.minor}` : null;
  const older = ver
    ? sc.variants
        .filter((v) => v.until && versionAtLeast(parseV(v.until), ver) && (!v.since || versionAtLeast(version!, v.since)) && !v.switches && !v.posted && !/^inference\b/.test(v.source) && !(mainlineDate && v.replacedOn && Date.parse(mainlineDate) >= Date.parse(`${v.replacedOn}T00:00:00Z`)))
        .sort((a, b) => (versionAtLeast(parseV(a.until!), b.until!) ? 1 : -1))[0]
    : undefined;
  let start = older ? { base: older.code(sc.baseline), baseVariant: older.id } : { base: sc.baseline, baseVariant: sc.baselineVariant };
  for (const v of merged) {
    // (The code until a release may be a merged change itself, S8.1 for 5.8: it is applied once.)
    if (older && v.id === older.id) continue;
    try {
      start = { base: v.code(start.base), baseVariant: start.baseVariant === sc.baselineVariant ? v.id : `${start.baseVariant}+${v.id}` };
    } catch {
      // A variant that already contains the earlier ones (written against the baseline).
      start = { base: v.code(sc.baseline), baseVariant: v.id };
    }
  }
  const first = liftPatch(sc, mail.diff, start.base, { version });
  const releaseHow = version && merged.length
    ? `the code of ${version.major}.${version.minor}, with ${merged.map((v) => v.id).join(', ')} merged by then`
    : version && older
      ? `the code of ${version.major}.${version.minor} (${older.id}, the code until ${older.until})`
      : version
      ? `racebot's reference code (nothing merged by ${version.major}.${version.minor} changes it)`
      : `racebot's reference code (the release is not known)`;
  const deadTouched = uncalledChanged(sc, mail, version);
  // A lift whose paths take or drop locks as no path of its base does placed lines where they do
  // not go (the check says `unmapped`): as bad a fit as a hunk with no place.
  const lockOff = (l: LiftResult, code: KernelCode) => (l.unmapped.length === 0 && !l.floating && lockMismatch(l.base ?? code, l.code, l.touched) ? 1 : 0);
  if (first.touched.length === 0 || (first.misses === 0 && first.unmapped.length === 0 && !first.floating && first.already === 0 && !first.base && deadTouched(first, start.base) === 0 && lockOff(first, start.base) === 0)) {
    return { lift: first, ...start, baseHow: releaseHow };
  }
  let best: BaseChoice = { lift: first, ...start, baseHow: releaseHow };
  // A patch is not posted against a tree that already has its result: such a base fits worse.
  // A hunk lifted in reverse (the model has its result) fits worse than one placed forward.
  // Added lines with no place (checked wherever they could go) fit as badly as an unmapped hunk.
  const score = (l: LiftResult, code: KernelCode) => (l.unmapped.length + (l.floating?.length ?? 0) + lockOff(l, code)) * 1000 + l.already * 900 + (l.base ? 300 : 0) + deadTouched(l, code) * 100 + l.misses * 10 - l.hits;
  // With a known release, the code of that release (its merged fixes applied) is the tree the
  // patch was written against: another variant must fit clearly better to be taken instead, or
  // a patch for 6.6 would be compared with the 2020 code and told of a race fixed long ago.
  const offRelease = version && (merged.length || older) ? 45 : 0;
  const seen = new Set<string>([signature(start.base, sc.functions.map((f) => f.name))]);
  for (const v of [{ id: sc.baselineVariant, code: () => sc.baseline } as const, ...sc.variants]) {
    // Code that release no longer had is not its base.
    const spec = sc.variants.find((x) => x.id === v.id);
    if (version && spec?.until && !versionAtLeast(parseV(spec.until), `${version.major}.${version.minor}`)) continue;
    // Nor is code that came after it.
    if (version && spec?.since && !versionAtLeast(version, spec.since)) continue;
    // Nor a change mainline released more than 150 days after the mail: no tree of that day,
    // mainline, linux-next (a cycle or two ahead) or stable, had it (a 2014 posting is not written
    // on 5.8's fix; a 2021 posting for 5.4 stable may be, as a backport).
    if (spec?.mergedIn && postedLongBefore(mail.date, spec.mergedOn ?? releaseDate(spec.mergedIn))) continue;
    // Code no tree ever had (a variant the spec infers: a wrong fix, a broken refactor) is what a
    // patch may turn the code into, never what it was written against.
    if (spec && (/^inference\b/.test(spec.source) || spec.posted)) continue;
    const code = v.code(sc.baseline);
    const sig = signature(code, sc.functions.map((f) => f.name));
    if (seen.has(sig)) continue;
    seen.add(sig);
    const l = liftPatch(sc, mail.diff, code, { version });
    if (score(l, code) + offRelease < score(best.lift, best.base)) best = { lift: l, base: code, baseVariant: v.id, baseHow: `the spec variant the patch's hunks fit best (${releaseHow.replace(/ \(.*\)$/, '')} fit worse)` };
  }
  return { ...best, base: best.lift.base ?? best.base, baseHow: withReversal(best.baseHow, best.lift) };
}

/** The modelled functions' C texts per file (nameBareHunks()), read from the scenarios once. */
let textsOnce: ReturnType<typeof modelledTexts> | null = null;
const modelledTextsOnce = () => (textsOnce ??= modelledTexts(SCENARIOS));

/** Whether a mail dated `date` was posted more than 150 days before the day `merged`. */
function postedLongBefore(date: string | null | undefined, merged: string | null): boolean {
  const posted = date ? Date.parse(date) : NaN;
  const landed = merged ? Date.parse(`${merged}T00:00:00Z`) : NaN;
  return !Number.isNaN(posted) && !Number.isNaN(landed) && landed - posted > 150 * 86_400_000;
}

/**
 * The base code from the patch's own tree: the whole functions the patch changes, pre-image and
 * post-image, lifted by the same lifter into the reference code of that release. What lifts
 * alike on both sides is the same model, so a refactor is `unchanged` by construction. Null when
 * the patch changes none of the scenario's functions there; a lift that fails on either side
 * falls back to the hunks placed on the reference code, and says why.
 */
function treeLift(sc: Scenario, tb: ResolvedBase, version: KernelVersion | null, hunk: BaseChoice): BaseChoice | null {
  const modelled = new Set(sc.functions.map((f) => f.name));
  const pre = new Map<string, string>();
  const post = new Map<string, string>();
  const problems: string[] = [];
  let touches = false;
  for (const f of tb.files) {
    const fx = f.functions;
    if (!fx) continue;
    for (const name of fx.names) if (modelledFunctionFor(name, modelled, version)) touches = true;
    for (const [side, into] of [[fx.pre, pre], [fx.post, post]] as const) {
      for (const cf of side) {
        if (cf.hasError) problems.push(`${cf.name}() in ${f.path} does not parse${cf.error ? ` (line ${cf.error.line})` : ''}`);
        else into.set(cf.name, cf.text);
      }
    }
    for (const p of fx.problems) if (p.name && modelledFunctionFor(p.name, modelled, version)) problems.push(p.message);
  }
  if (!touches) return null;
  const fallback = (why: string) => ({ ...hunk, lift: { ...hunk.lift, assumptions: [`base code: ${tb.detail}; ${why}: the hunks were placed on racebot's reference code instead`, ...hunk.lift.assumptions] } });
  if (problems.length) return fallback(problems.join('; '));
  const start = hunk.base;
  const b = liftFunctions(sc, start, pre, { version });
  const p = liftFunctions(sc, start, post, { version });
  // Helpers outside the model only matter when modelled code calls them.
  const bad = [...b.unmapped.filter((u) => modelled.has(u.fn) || calledIn(b.code).has(u.fn)), ...p.unmapped.filter((u) => modelled.has(u.fn) || calledIn(p.code).has(u.fn))];
  if (bad.length) return fallback(`the whole functions did not lift (${bad.map((u) => `${u.fn}(): ${u.reason}`).join('; ')})`);
  const names = [...new Set([...pre.keys(), ...post.keys()].map((n) => modelledFunctionFor(n, modelled, version)).filter((n): n is string => !!n))];
  return {
    base: b.code,
    baseVariant: `${tb.release ?? tb.rev?.slice(0, 12) ?? 'tree'} (${tb.how})`,
    baseHow: `the kernel tree: ${tb.detail}`,
    lift: {
      ...hunk.lift,
      touched: names,
      code: p.code,
      unmapped: [],
      ignored: [...new Set([...b.ignored, ...p.ignored])],
      assumptions: [`base code: ${tb.detail}; ${names.map((n) => `${n}()`).join(', ')} lifted whole from the tree, before and after the patch`, ...new Set([...b.assumptions, ...p.assumptions])],
    },
  };
}

function* walkCalls(body: readonly Stmt[]): Generator<string> {
  for (const s of body) {
    if (s.op === 'call') yield (s as { fn: string }).fn;
    if (s.op === 'if') {
      yield* walkCalls((s as IfStmt).then);
      yield* walkCalls((s as IfStmt).else ?? []);
    }
  }
}

/** The functions modelled code calls. */
function calledIn(code: KernelCode): Set<string> {
  return new Set(Object.values(code).flatMap((body) => [...walkCalls(body)]));
}

/**
 * For a candidate base: how many functions the patch changes lines of (not ones it adds whole)
 * that this code never calls while a spec variant does. A patch to should_force_cow_break() was
 * written against a tree where it runs, not against the code before 17839856fd58.
 */
function uncalledChanged(sc: Scenario, mail: PatchMail, version: KernelVersion | null): (l: LiftResult, code: KernelCode) => number {
  // (The variants' code, built once per scenario: scenarioCodes() is the baseline, then them.)
  const calledSomewhere = new Set(scenarioCodes(sc).slice(1).flatMap((code) => [...calledIn(code)]));
  const modelled = new Set(sc.functions.map((f) => f.name));
  const changed = new Set(
    mail.diff.flatMap((f) =>
      f.hunks.flatMap((h) => {
        const at = functionAtLines(h);
        return h.lines.flatMap((ln, i) => (ln.kind === 'del' && at[i] ? [modelledFunctionFor(at[i]!, modelled, version) ?? at[i]!] : []));
      }),
    ),
  );
  return (l, code) => {
    const called = calledIn(code);
    // (Only a function this code has no body for at all: one it has but no longer calls on the
    // modelled path, S4.1's copy_to_page(), is still in that tree for other callers, and a patch
    // to it is no sign of an older base.)
    return l.touched.filter((fn) => changed.has(fn) && calledSomewhere.has(fn) && !called.has(fn) && !code[fn]?.length).length;
  };
}

/**
 * Which hunks make the difference: lift the patch without each applied hunk in turn; if the
 * verdict goes back to the baseline's, that hunk is responsible. (A hunk whose removal leaves
 * the patch unliftable, such as a helper another hunk calls, is not judged.)
 */
function responsibleHunks(sc: Scenario, lift: LiftResult, files: readonly DiffFile[], baseCode: KernelCode, sw: Switches, delta: Delta, opts: CheckOptions, version: KernelVersion | null): HunkRef[] {
  if (lift.applied.length < 2) return [...lift.applied];
  const out: HunkRef[] = [];
  for (const h of lift.applied) {
    const without = files.map((f) => (f.path === h.file ? { ...f, hunks: f.hunks.filter((x) => x.header !== h.header) } : f));
    const l = liftPatch(sc, without, baseCode, { version });
    if (l.unmapped.length) continue;
    try {
      // Without this hunk the patch no longer introduces (or fixes) what it does.
      if (violationDelta(sc, baseCode, l.code, sw, opts, false, 1).delta !== delta) out.push(h);
    } catch (e) {
      if (!isModelBuildError(e)) throw e;
    }
  }
  return out;
}

/**
 * Mails that carry a diff but are not a patch submitted for review: a syzbot test request (the
 * diff is a debugging experiment sent to the bot) and an mm-commits notice about a patch already
 * posted (it is checked where it was posted). Replying to either would be noise.
 */
export function notASubmission(mail: PatchMail): string | null {
  const firstLine = mail.body.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  if (/^#syz\s+test\b/i.test(firstLine)) return 'a syzbot test request (#syz test), not a patch submitted for review';
  const toCommits = [...mail.to, ...mail.cc].some((a) => a.address.toLowerCase() === 'mm-commits@vger.kernel.org');
  if (toCommits && /(added to|removed from) (the )?-?mm(-\w+)? (tree|branch)|^\[(merged|to-be-updated|obsolete|folded-merged|withdrawn)\]/i.test(mail.subject)) {
    return 'an mm-commits notice about a patch posted elsewhere (checked where it was posted)';
  }
  return null;
}

/**
 * The delta under another switch value, for a note: the shortest race of each side first (cheap);
 * a note that would claim a new or a fixed race is confirmed with every violation enumerated.
 */
function sweepDelta(sc: Scenario, base: KernelCode, patched: KernelCode, sw: Switches, opts: CheckOptions): DeltaResult {
  const quick = violationDelta(sc, base, patched, sw, opts, false, 1);
  return quick.delta === 'introduces' || quick.delta === 'fixes' ? violationDelta(sc, base, patched, sw, opts, false) : quick;
}

/** At most this many undecided tests are decided one way at a time (2^n runs on each side). */
const MAX_DECIDED_CHOICES = 3;

/**
 * The undecided tests behind the `if`s `labels`, when each side races with every way of deciding
 * them (one value for a test on both sides); null when some way leaves a side without the race,
 * or there are too many to try.
 */
function racyEitherWay(sc: Scenario, base: KernelCode, patched: KernelCode, sw: Switches, opts: CheckOptions, labels: readonly string[]): string[] | null {
  const tests = choiceLeavesOf([base, patched], new Set(labels));
  if (tests.length === 0 || tests.length > MAX_DECIDED_CHOICES) return null;
  for (const v of valuations(tests)) {
    if (run(sc, withChoicesDecided(base, v), sw, opts, false).verdict !== 'race') return null;
    if (run(sc, withChoicesDecided(patched, v), sw, opts, false).verdict !== 'race') return null;
  }
  return tests;
}

/** Whether a counterexample took a branch the model could not decide (explored both ways). */
function choicesIn(trace: readonly TraceStep[]): string[] {
  return [...new Set(trace.filter((t) => t.primitive === 'choice' && !t.quiet).map((t) => t.step))];
}

/**
 * A lock the model has no step for was lifted as no step, which holds while only one actor runs
 * the function that takes it: the first such lock in a function more than one actor of the model
 * runs (under any one switch changed from `sw`), or null.
 */
function lockedByMoreThanOneActor(sc: Scenario, code: KernelCode, sw: Switches, locks: ReadonlyMap<string, string>): { fn: string; reason: string } | null {
  const tries: Switches[] = [sw];
  for (const d of sc.switches) for (const v of d.values) if (sw[d.name] !== v) tries.push({ ...sw, [d.name]: v });
  for (const s of tries) {
    let model;
    try {
      model = sc.build(code, s);
    } catch (e) {
      if (isModelBuildError(e)) continue;
      throw e;
    }
    for (const [text, fn] of locks) {
      // An actor runs fn when it runs a step of fn or of anything fn calls (a function whose
      // body is only calls has no step of its own); the callees may have other callers, so this
      // can count an actor that does not run fn: never one too few.
      const reach = new Set([fn, ...[...walkStmts(code, fn)].map((x) => x.fn)]);
      const runners = model.actors.filter((a) => a.locations.some((l) => l.some((t) => t.fn !== undefined && reach.has(t.fn)))).map((a) => a.name);
      if (runners.length > 1) return { fn: `${fn}()`, reason: `\`${text}\` takes or drops a lock the ${sc.id} model has no step for, and ${runners.join(' and ')} both run ${fn}(): the lock may order them, which the model cannot show` };
    }
  }
  return null;
}

/**
 * Whether some release up to `version` had switch value `v` (uffd-wp is no PTE changer of a 4.x
 * tree): the oldest value, or the value from one of the switch's changes up to that release.
 */
function valueHadBy(sc: Scenario, decl: Scenario['switches'][number], v: SwitchValue, version: KernelVersion | null): boolean {
  if (!version || !decl.release) return true;
  const changes = switchChanges(decl).filter((c) => versionAtLeast(version, c));
  return [{ major: 0, minor: 0 }, ...changes.map((c) => parseKernelVersion(c)!)].some((at) => switchesForVersion(sc, at)[decl.name] === v);
}

/** The releases at which switch `decl` changes value. */
const switchChanges = (decl: Scenario['switches'][number]): string[] => (decl.release ? [decl.release.version, ...(decl.earlier ?? []).map((e) => e.version)] : []);

/** The first release whose switch `decl` has value `v`, where no release up to `version` had it. */
function laterReleaseWith(sc: Scenario, decl: Scenario['switches'][number], v: SwitchValue, version: KernelVersion | null): string | undefined {
  if (valueHadBy(sc, decl, v, version)) return undefined;
  const changes = switchChanges(decl).sort((a, b) => (versionAtLeast(parseKernelVersion(a)!, b) ? 1 : -1));
  return changes.find((c) => switchesForVersion(sc, parseKernelVersion(c)!)[decl.name] === v);
}

/**
 * The switch values the report leads with: the release's, unless no actor runs a function the
 * patch changes under them while one does under another value of one switch. A patch to
 * clear_refs_write() is about the clear_refs PTE changer, whatever changer the release makes the
 * default: under the default the patched code would not run at all. Values the caller set stay.
 */
function runningSwitches(sc: Scenario, sw: Switches, code: KernelCode, touched: readonly string[], fixed: Readonly<Record<string, SwitchValue>>, version: KernelVersion | null): { sw: Switches; why: string | null } {
  if (touched.length === 0) return { sw, why: null };
  const hadBy = (decl: Scenario['switches'][number], v: SwitchValue): boolean => valueHadBy(sc, decl, v, version);
  const runs = (s: Switches): boolean => {
    let model;
    try {
      model = sc.build(code, s);
    } catch (e) {
      if (isModelBuildError(e)) return false;
      throw e;
    }
    return touched.some((fn) => {
      const reach = new Set([fn, ...[...walkStmts(code, fn)].map((x) => x.fn)]);
      return model.actors.some((a) => a.locations.some((l) => l.some((t) => t.fn !== undefined && reach.has(t.fn))));
    });
  };
  if (runs(sw)) return { sw, why: null };
  for (const decl of sc.switches) {
    if (decl.name in fixed) continue;
    for (const v of decl.values) {
      if (v === sw[decl.name] || !hadBy(decl, v)) continue;
      const alt = { ...sw, [decl.name]: v };
      if (runs(alt)) return { sw: alt, why: `${decl.name}=${String(v)}: with ${decl.name}=${String(sw[decl.name])} no actor runs ${touched.map((f) => `${f}()`).join(', ')}, which the patch changes` };
    }
  }
  return { sw, why: null };
}

/**
 * A change merged into the base before the release that ships it (a fix in mainline from its
 * -rc1, or in a stable series) brings the values of the release switches it sets: the tree that
 * has it behaves as its release does (a September 2022 posting has 5535be309971, whose switch
 * says "since 6.0"). In merge order; what the caller fixed stays.
 */
function withMergedSwitches(sc: Scenario, sw: Switches, baseVariant: string, fixed: Readonly<Record<string, SwitchValue>>): Switches {
  const out = { ...sw };
  for (const id of baseVariant.split('+')) {
    const v = sc.variants.find((x) => x.id === id);
    if (!v?.mergedIn || !v.switches) continue;
    for (const [k, val] of Object.entries(v.switches)) if (!(k in fixed) && sc.switches.some((d) => d.name === k && d.release)) out[k] = val;
  }
  return out;
}

function checkScenario(sc: Scenario, lift: LiftResult, src: SwitchSource, opts: CheckOptions, baseCode: KernelCode = sc.baseline, baseVariant = sc.baselineVariant, files: readonly DiffFile[] = [], version: KernelVersion | null = null, baseHow = "racebot's reference code"): Finding {
  const chosen = runningSwitches(sc, withMergedSwitches(sc, switchesFor(sc, src), baseVariant, src.overrides), lift.code, lift.touched, src.overrides, src.version);
  const sw = chosen.sw;
  const base = {
    scenario: sc.id,
    name: sc.name,
    baselineVariant: baseVariant,
    baseHow,
    switches: sw,
    touched: lift.touched,
    hunks: lift.applied,
    ignored: lift.ignored,
    assumptions: chosen.why ? [...lift.assumptions, chosen.why] : lift.assumptions,
    unmapped: lift.unmapped.map((u) => ({ file: u.hunk.file, header: u.hunk.header, reason: u.reason })),
  };
  const empty = { responsible: [], variant: null, baseline: null, patched: null, invariant: null, violation: null, dependsOn: {}, notes: [], trace: [], budget: null, states: 0, added: [], removed: [], kept: [] };
  if (lift.unmapped.length > 0) return { ...base, ...empty, delta: 'unmapped' };
  const shared = lift.otherLocks ? lockedByMoreThanOneActor(sc, lift.code, sw, lift.otherLocks) : null;
  if (shared) return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: shared.fn, reason: shared.reason }] };
  if (lift.floating?.length) {
    // Added lines with no modelled statement around them: checked wherever they could go.
    const what = lift.floating.map((f) => `${f.fn}: \`${f.stmts.map((x) => x.c).join('; ')}\` (${f.header.replace(/ @@.*$/, ' @@')})`).join('; ');
    const all = placements(lift.code, lift.floating);
    // A place where the lines would leave a path taking or dropping locks as no path of the base does is not where they go.
    const places = all && all.filter((pl) => !lockMismatch(baseCode, pl, lift.touched));
    if (all && places && places.length === 0) {
      const off = lockMismatch(baseCode, all[0], lift.touched)!;
      return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: what, reason: `the added lines have no modelled statement around them to place them against, and at each of the ${all.length} places they could go ${describeLockMismatch(off)}` }] };
    }
    if (!places) {
      return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: what, reason: `the added lines have no modelled statement around them to place them against, and more than ${MAX_PLACEMENTS} places they could go` }] };
    }
    const each = places.map((pl) => checkScenario(sc, { ...lift, code: pl, floating: undefined }, src, opts, baseCode, baseVariant, files, version, baseHow));
    const deltas = new Map<Delta, number>();
    for (const f of each) deltas.set(f.delta, (deltas.get(f.delta) ?? 0) + 1);
    const first = each[0];
    // The same verdict wherever they go, a new or a fixed race included: where they go does not
    // decide it (the lines go somewhere, and every place gives it).
    if (deltas.size === 1 && first.delta !== 'unmapped' && first.delta !== 'inconclusive') {
      // A note on another machine or kernel holds only if it holds wherever the lines go.
      const noteKey = (n: SwitchNote) => JSON.stringify([n.switches, n.delta]);
      const everywhere = first.notes.filter((n) => each.every((f) => f.notes.some((m) => noteKey(m) === noteKey(n))));
      const dropped = first.notes.length - everywhere.length;
      return {
        ...first,
        notes: everywhere,
        assumptions: [
          ...first.assumptions,
          `the added ${what} have no modelled statement around them; checked at each of the ${places.length} places they could go${places.length < all!.length ? ` (of ${all!.length}; at the others the locks would not balance as in the base)` : ''}: ${first.delta} at every one` +
            (dropped ? ` (with other switch values the verdict depends on where they go: ${dropped} note(s) left out)` : ''),
        ],
      };
    }
    // Unmapped wherever they go: that finding's own reason is the answer, not where they go.
    if (deltas.size === 1 && first.delta === 'unmapped') return first;
    const counts = [...deltas].map(([dl, n]) => `${dl} at ${n}`).join(', ');
    return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: what, reason: `the added lines have no modelled statement around them to place them against, and the verdict depends on where they go (of ${places.length} places: ${counts})` }] };
  }
  // A lift whose paths take or drop locks as no path of its base does placed lines where they do not go.
  const lockOff = lockMismatch(baseCode, lift.code, lift.touched);
  if (lockOff) {
    // The path's exit is a line the patch adds: the maintainer should look there first.
    const added = lockOff.exit && files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.kind === 'add' && anchorKey(l.text) === anchorKey(lockOff.exit!))));
    const back = jumpsBackUp(files, lockOff.fn, lockOff.exit);
    const reason = (back ? `the patch jumps back up to \`${back}:\` (a loop), which racebot does not follow; ` : '') + describeLockMismatch(lockOff) + (added ? ` (\`${lockOff.exit}\` is a line the patch adds)` : '');
    return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: lockOff.fn, reason }] };
  }
  let d: DeltaResult;
  try {
    d = violationDelta(sc, baseCode, lift.code, sw, opts);
  } catch (e) {
    if (isModelBuildError(e)) {
      return { ...base, ...empty, delta: 'unmapped', unmapped: [{ file: '', header: e.fn, reason: e.message }] };
    }
    throw e;
  }
  let delta = d.delta;
  const b = d.baseline;
  const p = d.patched;
  // The trace shown: a new violation's for `introduces`, a removed one's for `fixes`.
  const shownTrace = delta === 'introduces' && d.added[0] ? d.added[0].trace : delta === 'fixes' && d.removed[0] ? d.removed[0].trace : p.verdict === 'race' ? p.trace : b.trace;
  const shownRun = delta === 'fixes' || (p.verdict !== 'race' && b.verdict === 'race') ? b : p;
  const shownInvariant = delta === 'introduces' && d.added[0] ? d.added[0].key.invariant : delta === 'fixes' && d.removed[0] ? d.removed[0].key.invariant : shownRun.invariant;
  let violation = shownRun.violation;
  if ((delta === 'introduces' || delta === 'fixes') && shownInvariant && shownInvariant !== shownRun.invariant) {
    const last = shownTrace[shownTrace.length - 1];
    const text = sc.invariants.find((i) => i.id === shownInvariant)?.text ?? shownInvariant;
    violation = last ? `${shownInvariant} violated: ${last.actor} runs \`${last.step}\`${last.detail ? ` (${last.detail})` : ''}, but ${text}` : `${shownInvariant} violated: ${text}`;
  }
  // A verdict that rests on a branch the model cannot decide is not claimed: it is said, with the
  // trace, as a question for the author (a false `introduces` costs the bot its readers).
  const unmappedHere: { file: string; header: string; reason: string }[] = [];
  const assumptionsHere: string[] = [];
  // A fix is only a fix if the patched code still runs: safe because an actor can never finish
  // (a lock taken twice in the lifted model) fixes nothing.
  if (delta === 'fixes') {
    const before = actorsThatFinish(sc, baseCode, sw, opts);
    const after = actorsThatFinish(sc, lift.code, sw, opts);
    const stuck = before && after ? [...before].filter((a) => !after.has(a)) : null;
    if (stuck === null || stuck.length) {
      const why = stuck === null ? 'whether every actor can still finish could not be settled within the budget' : `${stuck.join(', ')} can never finish in racebot's reading of the patched code (a lock taken twice, a wait nobody ends)`;
      unmappedHere.push({ file: '', header: 'the patched model', reason: `the patched code is safe, but ${why}: not claimed as a fix` });
      delta = 'unmapped';
    }
  }
  if (delta === 'introduces' || delta === 'fixes') {
    const choices = choicesIn(shownTrace);
    if (choices.length) {
      unmappedHere.push({ file: '', header: choices.join('; '), reason: `the ${delta === 'introduces' ? 'race' : 'fix'} racebot finds depends on ${choices.map((c) => `\`${c}\``).join(', ')}, which it does not model (explored both ways)` });
      delta = 'unmapped';
    }
  } else if (delta === 'pre-existing') {
    // "Before and after" must hold on both sides: a side racy only through an undecided branch
    // might not be racy at all (then the patch introduces or fixes).
    const choices = [...new Set([...choicesIn(b.trace), ...choicesIn(p.trace)])];
    // Unless both sides race whichever way each such test goes (the same value on both sides).
    const holds = choices.length ? racyEitherWay(sc, baseCode, lift.code, sw, opts, choices) : null;
    if (holds) {
      assumptionsHere.push(`the race is there before and after the patch whichever way ${holds.map((c) => `\`${c}\``).join(', ')} goes (each way checked on both sides)`);
    } else if (choices.length) {
      unmappedHere.push({ file: '', header: choices.join('; '), reason: `whether the race exists both before and after the patch depends on ${choices.map((c) => `\`${c}\``).join(', ')}, which racebot does not model (explored both ways)` });
      delta = 'unmapped';
    }
  }
  const notes: SwitchNote[] = [];
  const dependsOn: Record<string, SwitchValue> = {};
  if (opts.sweep !== false && delta !== 'inconclusive' && delta !== 'unmapped') {
    // (Whether the patch changed the code at all: once, not per switch value.)
    const codeChanged = JSON.stringify(baseCode) !== JSON.stringify(lift.code);
    for (const decl of sc.switches) {
      for (const v of decl.values) {
        if (v === sw[decl.name]) continue;
        const alt = { ...sw, [decl.name]: v };
        // Only the verdicts matter here: no shortest-trace re-search. Violations are compared
        // where both sides are racy: under this value the patch may still add or remove a race
        // of its own beside one both have (clear_refs' soft-dirty flush, fixed beside S1's COW race).
        const bb = run(sc, baseCode, alt, opts, false);
        const pp = run(sc, lift.code, alt, opts, false);
        const plain = deltaOf(bb.verdict, pp.verdict);
        const dd: { delta: Delta; baseline: { verdict: Verdict; invariant: string | null }; patched: { verdict: Verdict; invariant: string | null }; added: readonly { key: { invariant: string } }[]; removed?: readonly { key: { invariant: string } }[] } =
          plain === 'pre-existing' && codeChanged ? sweepDelta(sc, baseCode, lift.code, alt, opts) : { delta: plain, baseline: bb, patched: pp, added: [] };
        if (dd.delta !== delta) {
          const since = decl.name in src.overrides ? undefined : laterReleaseWith(sc, decl, v, src.version);
          notes.push({ switches: { [decl.name]: v }, baseline: dd.baseline.verdict, patched: dd.patched.verdict, delta: dd.delta, invariant: dd.added[0]?.key.invariant ?? (dd.delta === 'fixes' ? dd.removed?.[0]?.key.invariant : undefined) ?? dd.patched.invariant ?? dd.baseline.invariant, ...(since ? { since } : {}) });
          // The reported delta holds with the current value of this switch.
          dependsOn[decl.name] = sw[decl.name];
        }
      }
    }
  }
  const responsible = delta === 'introduces' || delta === 'fixes' ? responsibleHunks(sc, lift, files, baseCode, sw, delta, opts, version) : [];
  return {
    ...base,
    assumptions: [...base.assumptions, ...assumptionsHere],
    unmapped: unmappedHere,
    responsible,
    variant: variantOf(sc, lift.code, sw),
    baseline: b.verdict,
    patched: p.verdict,
    delta,
    invariant: shownInvariant,
    violation,
    dependsOn,
    notes,
    trace: shownTrace,
    budget: p.budget ?? b.budget,
    states: p.states,
    added: d.added.map((x) => keyText(x.key)),
    removed: d.removed.map((x) => keyText(x.key)),
    kept: d.kept.map(keyText),
  };
}

/** Hunks of the patch outside every scenario, named by file and function. */
function outOfScope(mail: PatchMail, lifts: readonly LiftResult[]): string[] {
  const inScope = new Set(lifts.flatMap((l) => [...l.applied, ...l.unmapped.map((u) => u.hunk)].map((h) => `${h.file}|${h.header}`)));
  const out: string[] = [];
  for (const f of mail.diff) {
    if (f.binary) {
      out.push(`${f.path} (binary)`);
      continue;
    }
    for (const h of f.hunks) {
      if (inScope.has(`${f.path}|${h.header}`)) continue;
      // The functions the changed lines are in (a hunk may start in one and change the next).
      const at = functionAtLines(h);
      const fns = [...new Set(h.lines.map((l, i) => (l.kind !== 'context' ? at[i] : null)).filter((n): n is string => !!n))];
      const fn = fns.length ? fns.join('(), ') : h.functionName ? functionNameOf(h.functionName) : null;
      out.push(`${f.path} ${fn ? `${fn}()` : h.lines.some((l) => l.kind !== 'context' && /^#\s*include/.test(l.text)) ? '(#include)' : h.header}`);
    }
  }
  return [...new Set(out)];
}

export function checkPatch(mail: PatchMail, opts: CheckOptions = {}, prior: Readonly<Record<string, PriorCode>> = {}): PatchReport {
  const tb = baseForMail(opts.base, mail.messageId);
  const fromTree = tb && tb.how !== 'reference' && tb.release ? parseKernelVersion(tb.release) : null;
  // A pull request's date is its push, not the tree it is for: only mails say it this way.
  const fromDate = mail.messageIdSynthesized ? null : versionFromDate(mail.date);
  const backport = versionFromBackportNote(mail.commitMessage);
  const version = opts.kernelVersion ?? versionFromTags(mail.tags.prefixes) ?? backport ?? versionFromBaseCommit(mail.baseCommit) ?? fromTree ?? fromDate;
  const versionFrom = opts.kernelVersion
    ? '--kernel-version'
    : versionFromTags(mail.tags.prefixes)
      ? 'subject tag'
      : backport
        ? 'backport note'
        : versionFromBaseCommit(mail.baseCommit)
          ? 'base-commit'
          : fromTree
            ? 'kernel tree'
            : fromDate
              ? 'mail date'
              : null;
  const upstream = upstreamCommitOf(mail.commitMessage);
  const head = {
    messageId: mail.messageId,
    subject: mail.subject,
    from: mail.author.name ? `${mail.author.name} <${mail.author.address}>` : mail.author.address,
    version: mail.tags.version,
    kernelVersion: version ? `${version.major}.${version.minor}` : null,
    kernelVersionFrom: versionFrom,
    stableBackport: versionFrom === 'mail date' && version && upstream ? `this is a stable backport of upstream commit ${upstream}, and the mail does not name the stable branch it is for: the release used (${version.major}.${version.minor}) is the one the mail's date gives, and the branch may be older` : null,
    sinceLastVersion: null,
    diffSkipped:
      [
        mail.diffNoBreakSpaces ? `the mail's diff is whitespace-damaged (${mail.diffNoBreakSpaces} line${mail.diffNoBreakSpaces === 1 ? '' : 's'} with no-break spaces where the patch has spaces, read as spaces before the check; as sent it will not apply)` : null,
        mail.diffRejoinedLines ? `the mail's diff is line-wrapped (${mail.diffRejoinedLines} wrapped line${mail.diffRejoinedLines === 1 ? '' : 's'} joined back before the check; as sent it will not apply)` : null,
        mail.diffExcerptsSkipped?.length
          ? `left out of the check: ${mail.diffExcerptsSkipped.join('; ')}; the mail's whole diff after it is what was checked`
          : mail.diffCutHunks?.length
            ? `left out of the check: ${cutHunksSaid(mail.diffCutHunks)}, cut short in the mail; its whole hunks are what was checked`
            : null,
      ]
        .filter((x) => x !== null)
        .join('; ') || null,
  };
  const notSubmission = notASubmission(mail);
  if (notSubmission) return { ...head, outcome: 'no-patch', reason: notSubmission, findings: [], outOfScope: [] };
  if (mail.headlessHunks && mail.diff.length === 0) {
    // (A reply's own sketch, or a mail whose diff lost its `---`/`+++` lines: either way no file.)
    return { ...head, outcome: 'no-patch', reason: 'its hunks name no file (no `diff --git` or `---`/`+++` lines before them): a sketch, nothing to apply', findings: [], outOfScope: [] };
  }
  if (mail.quotesDiff && mail.diff.length === 0) {
    return { ...head, outcome: 'no-patch', reason: 'a review reply quoting a diff, not a patch', findings: [], outOfScope: [] };
  }
  if (mail.diff.length === 0) {
    return { ...head, outcome: 'no-patch', reason: mail.tags.isCover ? 'a cover letter (no diff)' : 'no diff in the message', findings: [], outOfScope: [] };
  }
  if (mail.diffProblems.length > 0) {
    const p = mail.diffProblems[0];
    return {
      ...head,
      outcome: 'rejected',
      reason: `the diff is malformed (${p.code}${p.file ? ` in ${p.file}` : ''}: ${p.message})${mail.diffProblems.length > 1 ? ` and ${mail.diffProblems.length - 1} more problem(s)` : ''}`,
      findings: [],
      outOfScope: [],
    };
  }
  // Hunks whose header names no function, read as in the modelled function their lines are of.
  const bare = nameBareHunks(mail.diff, modelledTextsOnce);
  if (bare.said.length) mail = { ...mail, diff: bare.files };
  const said = bare.said.length ? { diffSkipped: [head.diffSkipped, ...bare.said].filter((x) => !!x).join('; ') } : {};
  const src: SwitchSource = {
    overrides: opts.overrides ?? {},
    version,
    versionFrom,
  };
  // A scenario whose code came after the patch's kernel is not its business (S2's userfaultfd on
  // shmem for a 2015 patch to reclaim): said among what is out of scope.
  // (Nor one whose code a later release replaced: S0's __replace_page() for a 6.16 patch.)
  const tooOld = (sc: Scenario) => !!(version && ((sc.since && !versionAtLeast(version, sc.since.version)) || (sc.until && versionAtLeast(version, sc.until.version))));
  const olderThan = SCENARIOS.filter((sc) => tooOld(sc) && liftPatch(sc, mail.diff, sc.baseline, { version }).touched.length > 0).map((sc) =>
    sc.since && !versionAtLeast(version!, sc.since.version)
      ? `${sc.id} ${sc.name} (the race needs ${sc.since.what}, from ${sc.since.version}; this patch is for ${version!.major}.${version!.minor})`
      : `${sc.id} ${sc.name} (the race needs ${sc.until!.what}, until ${sc.until!.version}; this patch is for ${version!.major}.${version!.minor})`,
  );
  const lifts = SCENARIOS.filter((sc) => !tooOld(sc)).map((sc) => {
    try {
      const hunk = bestBase(sc, mail, version, prior[sc.id], versionFrom === 'mail date' ? mail.date : null);
      const whole = tb && tb.how !== 'reference' && !prior[sc.id] ? treeLift(sc, tb, version, hunk) : null;
      return withCutHunks(sc, { sc, ...(whole ?? hunk) }, mail.diffCutHunks ?? [], version);
    } catch (e) {
      return { sc, ...liftFailed(sc, mail.diff, e) };
    }
  }).filter((x) => x.lift.touched.length > 0);
  const findings = lifts.map(({ sc, lift, base, baseVariant, baseHow }) => {
    try {
      return checkScenario(sc, lift, src, opts, base, baseVariant, mail.diff, version, baseHow);
    } catch (e) {
      // A fault of racebot's on one scenario is that scenario's stated outcome, not the end of the
      // mail: the other scenarios are still checked and reported.
      const why = e instanceof Error ? e.message : String(e);
      const failed: LiftResult = { ...lift, unmapped: [{ hunk: { file: '', header: lift.touched.join(', '), fn: lift.touched[0] ?? '', text: '' }, reason: `racebot failed on this scenario (${why}); this is a bug in racebot, not a verdict on the patch` }] };
      return checkScenario(sc, failed, src, opts, base, baseVariant, mail.diff, version, baseHow);
    }
  });
  const lifted: Record<string, PriorCode> = { ...prior };
  for (const { sc, lift, baseVariant } of lifts) {
    if (lift.unmapped.length === 0) lifted[sc.id] = { code: lift.code, variant: `${baseVariant}+${mail.tags.index ?? ''}`.replace(/\+$/, '+patch') };
  }
  const reason = findings.length ? null : olderThan.length ? `touches modelled functions only in releases without the code their scenarios need: ${olderThan.join('; ')}` : 'touches no modelled function';
  return { ...head, ...said, outcome: 'checked', reason, findings, outOfScope: [...olderThan, ...outOfScope(mail, lifts.map((x) => x.lift))], lifted };
}

/**
 * A fault of racebot's while lifting the patch into one scenario (a bug, never a verdict): that
 * scenario is unmapped, with the fault said, where the patch touches a function it models by
 * name; the other scenarios go on.
 */
function liftFailed(sc: Scenario, files: readonly DiffFile[], e: unknown): BaseChoice {
  const modelled = new Set(sc.functions.map((f) => f.name));
  const touched = [...new Set(files.flatMap((f) => f.hunks.flatMap((h) => functionAtLines(h).filter((n): n is string => !!n && modelled.has(n)))))];
  const why = e instanceof Error ? e.message : String(e);
  const lift: LiftResult = {
    scenario: sc.id,
    touched,
    code: sc.baseline,
    unmapped: [{ hunk: { file: '', header: touched.join(', '), fn: touched[0] ?? '', text: '' }, reason: `racebot failed to lift the patch into this scenario (${why}); this is a bug in racebot, not a verdict on the patch` }],
    applied: [],
    ignored: [],
    misses: 0,
    hits: 0,
    already: 0,
    assumptions: [],
  };
  return { lift, base: sc.baseline, baseVariant: sc.baselineVariant, baseHow: "racebot's reference code" };
}

/** The hunks a reply cut short, said by file and header (`mm/memblock.c @@ -834,15 +834,26 @@`). */
function cutHunksSaid(files: readonly DiffFile[]): string {
  const each = files.flatMap((f) => f.hunks.map((h) => `${f.path} ${h.header.replace(/ @@.*$/, ' @@')}`));
  return `${each.length === 1 ? 'the hunk' : 'the hunks'} ${each.join(', ')}`;
}

/**
 * A scenario's lift with the hunks the mail cut short: where one falls in a modelled function,
 * what the patch does there is unknown, so that function's change cannot be placed (a stated
 * `unmapped`); elsewhere they change nothing the scenario holds.
 */
function withCutHunks<T extends { lift: LiftResult }>(sc: Scenario, x: T, cut: readonly DiffFile[], version: KernelVersion | null): T {
  if (!cut.length) return x;
  const inModel = liftPatch(sc, cut, sc.baseline, { version }).touched;
  if (!inModel.length) return x;
  const unmapped = cut.flatMap((f) =>
    f.hunks.map((h) => ({
      hunk: { file: f.path, header: h.header, fn: inModel[0], text: '' },
      reason: `the mail cuts this hunk short (${h.lines.length} of its lines are there), inside ${inModel.map((n) => `${n}()`).join(', ')}: what it changes there is not known`,
    })),
  );
  return { ...x, lift: { ...x.lift, touched: [...new Set([...x.lift.touched, ...inModel])], unmapped: [...x.lift.unmapped, ...unmapped] } };
}

/**
 * The label a path's exit `goto L` jumps back up to, where the patch's new side of function `fn`
 * has `L:` above that goto (a loop, which the model's code cannot hold); null otherwise. Lines are
 * compared by their new-side numbers within one file.
 */
export function jumpsBackUp(files: readonly DiffFile[], fn: string, exit: string | null | undefined): string | null {
  const target = exit ? /^goto\s+(\w+)$/.exec(exit.trim().replace(/;$/, ''))?.[1] : undefined;
  if (!target) return null;
  const back = files.some((f) => {
    const lines = f.hunks.flatMap((h) => {
      const fnAt = functionAtLines(h);
      return h.lines.filter((l, i) => l.kind !== 'del' && fnAt[i] === fn);
    });
    const at = (re: RegExp) => lines.filter((l) => re.test(l.text.trim())).map((l) => l.newLine ?? 0);
    const gotos = at(new RegExp(`^goto\\s+${target}\\s*;$`));
    return at(new RegExp(`^${target}:$`)).some((label) => gotos.some((g) => g > label));
  });
  return back ? target : null;
}

/** Switches an earlier patch of a series can set for the patches after it (below). */
const SERIES_FACT_SWITCHES: readonly string[] = ['secondary_tlb_in_arch_flush'];

/**
 * Facts a patch establishes for the patches after it in its series, as switch values. The v6.6
 * mmu_notifier series (M0e) moves secondary-TLB invalidation into the architecture's TLB flush:
 * once a patch adds `mmu_notifier_arch_invalidate_secondary_tlbs()` calls to arch flush code,
 * `ptep_clear_flush` invalidates secondary TLBs for the rest of the series.
 */
export function seriesFacts(mail: PatchMail): Record<string, SwitchValue> {
  const facts: Record<string, SwitchValue> = {};
  for (const f of mail.diff) {
    const added = f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l) => l.text));
    // A tree whose code already spells the hook by its 6.6 name has it: the name came with the
    // arch flush calling it (an earlier patch of the series, when this one is checked alone).
    const before = f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'add').map((l) => l.text));
    if (before.some((l) => /\bmmu_notifier_arch_invalidate_secondary_tlbs\s*\(/.test(l))) facts.secondary_tlb_in_arch_flush = true;
    // (Spelled mmu_notifier_invalidate_range() in the series' own versions before 6.6 renamed it.)
    if (f.path.startsWith('arch/') && added.some((l) => /\bmmu_notifier_(?:arch_invalidate_secondary_tlbs|invalidate_range)\s*\(/.test(l))) {
      facts.secondary_tlb_in_arch_flush = true;
    }
  }
  return facts;
}

/**
 * Check mails in order, a series' patches on top of each other: patch 2/3 is checked against the
 * code with 1/3 applied (threads by In-Reply-To / References and the n/m position).
 */
export function checkMails(mails: readonly PatchMail[], opts: CheckOptions = {}): PatchReport[] {
  const seriesKey = (m: PatchMail) => {
    if (!m.tags.total || m.tags.total < 2) return null;
    const root = m.references[0] ?? m.inReplyTo ?? null;
    return `${m.author.address.toLowerCase()}|v${m.tags.version}|${m.tags.total}|${root ?? m.date?.slice(0, 10) ?? ''}`;
  };
  const order = mails.map((m, i) => i).sort((a, b) => {
    const ka = seriesKey(mails[a]);
    const kb = seriesKey(mails[b]);
    if (ka && ka === kb) return (mails[a].tags.index ?? 0) - (mails[b].tags.index ?? 0);
    return a - b;
  });
  const state = new Map<string, Readonly<Record<string, PriorCode>>>();
  const facts = new Map<string, Record<string, SwitchValue>>();
  // The positions of each series checked so far in this call.
  const seen = new Map<string, Set<number>>();
  const out: PatchReport[] = new Array(mails.length);
  for (const i of order) {
    const m = mails[i];
    const key = seriesKey(m);
    // What earlier patches of the series established holds here, unless --switch says otherwise.
    const known = { ...(key ? facts.get(key) ?? {} : {}), ...seriesFacts(m) };
    const r = checkPatch(m, { ...opts, overrides: { ...known, ...(opts.overrides ?? {}) } }, key ? state.get(key) ?? {} : {});
    if (key) {
      if (r.lifted) state.set(key, r.lifted);
      facts.set(key, known);
    }
    const n = m.tags.index ?? 0;
    const before = key ? seen.get(key) ?? new Set<number>() : new Set<number>();
    const missing = Array.from({ length: Math.max(0, n - 1) }, (_, k) => k + 1).filter((k) => !before.has(k));
    const verdict = r.findings.some((f) => f.delta === 'introduces' || f.delta === 'fixes');
    const alone = verdict && n > 1 && missing.length ? { ...r, seriesAlone: seriesAloneText(n, m.tags.total ?? n, missing) } : r;
    out[i] = n > 1 && missing.length ? withPendingSeriesFacts(alone, known, missing, m.tags.total ?? n) : alone;
    if (key) seen.set(key, before.add(n));
  }
  return linkVersions(mails, out);
}

/**
 * A race a patch checked without the earlier patches of its series would introduce only under a
 * switch value one of them may change (the v6.6 series that made the arch flush reach secondary
 * TLBs, checked from its last patch): no verdict, and the report says on what it rests. Where
 * the missing patches cannot change it, or the race holds either way, the verdict stands.
 */
function withPendingSeriesFacts(r: PatchReport, known: Readonly<Record<string, SwitchValue>>, missing: readonly number[], total: number): PatchReport {
  const findings = r.findings.map((f) => {
    if (f.delta !== 'introduces') return f;
    const open = Object.keys(f.dependsOn).filter((k) => SERIES_FACT_SWITCHES.includes(k) && !(k in known));
    const gone = open.filter((k) => f.notes.some((n) => k in n.switches && n.delta === 'unchanged'));
    if (gone.length === 0) return f;
    const which = missing.map((k) => `${k}/${total}`).join(', ');
    return { ...f, delta: 'inconclusive' as const, pending: `the race this patch would introduce (${f.invariant}) holds only ${gone.map((k) => `${switchPhrase(k, f.dependsOn[k])} (${k}=${String(f.dependsOn[k])})`).join(' and ')}, and patch${missing.length > 1 ? 'es' : ''} ${which} of its series, not given to racebot, may change that` };
  });
  return { ...r, findings };
}

/** What a verdict on patch n/m means when patches `missing` of its series were not checked first. */
function seriesAloneText(n: number, total: number, missing: readonly number[]): string {
  const which = missing.length === 1 ? `patch ${missing[0]}/${total}` : `patches ${missing.map((k) => `${k}/${total}`).join(', ')}`;
  return `patch ${n}/${total} was checked without ${which} of its series applied first (racebot was not given ${missing.length === 1 ? 'it' : 'them'}): a verdict here may rest on code ${missing.length === 1 ? 'that patch changes' : 'those patches change'}`;
}

/**
 * Link versions of the same patch (same author, same subject without tags): say what changed
 * since the previous version that was checked.
 */
export function linkVersions(mails: readonly PatchMail[], reports: PatchReport[]): PatchReport[] {
  const key = (m: PatchMail) => `${m.author.address.toLowerCase()}|${m.normalizedSubject.toLowerCase()}`;
  return reports.map((r, i) => {
    const m = mails[i];
    let prev = -1;
    mails.forEach((o, j) => {
      if (j !== i && key(o) === key(m) && o.tags.version < m.tags.version && (prev < 0 || o.tags.version > mails[prev].tags.version)) prev = j;
    });
    if (prev < 0 || r.outcome !== 'checked' || reports[prev].outcome !== 'checked') return r;
    const pv = mails[prev].tags.version;
    const lines: string[] = [];
    for (const f of r.findings) {
      const before = reports[prev].findings.find((x) => x.scenario === f.scenario);
      if (!before) continue;
      if (before.delta === 'introduces' && f.delta !== 'introduces') lines.push(`v${m.tags.version} fixes the race reported on v${pv} (${before.invariant}, ${f.scenario} ${f.name})`);
      else if (before.delta !== 'introduces' && f.delta === 'introduces') lines.push(`v${m.tags.version} introduces a race that v${pv} did not have (${f.invariant}, ${f.scenario} ${f.name})`);
      else lines.push(`${f.scenario}: v${pv} ${before.delta}, v${m.tags.version} ${f.delta}`);
    }
    return { ...r, sinceLastVersion: lines.length ? lines.join('; ') : null };
  });
}
