/**
 * What a canonical scenario is: its switches, its kernel code (baseline) as data, the variants of
 * the spec as edits of that code, its invariants, and `build`, which turns (code, switches) into
 * a model for the explorer. Adding a scenario means adding one such object; nothing else changes.
 */
import type { KernelCode } from '../model/code.js';
import type { Model } from '../model/program.js';
import type { ScenarioLexicon } from '../mm/lexicon.js';

export type SwitchValue = string | boolean;
export type Switches = Readonly<Record<string, SwitchValue>>;

export interface SwitchDecl {
  readonly name: string;
  readonly values: readonly SwitchValue[];
  readonly default: SwitchValue;
  readonly doc: string;
  /** What each value means, in the words a maintainer would use in a report. */
  readonly phrases?: Readonly<Record<string, string>>;
  /**
   * The mainline release that changed this switch: kernels from `version` on have `after`,
   * older ones `before` (a patch for a known version gets the value its tree has).
   */
  readonly release?: { readonly version: string; readonly commit?: string; readonly before: SwitchValue; readonly after: SwitchValue };
  /**
   * Older changes of the same switch, oldest first: a tree before `version` has `value` (the
   * oldest change it predates wins). `release.before` holds from the last of them on.
   */
  readonly earlier?: readonly { readonly version: string; readonly commit?: string; readonly value: SwitchValue }[];
}

export interface Variant {
  readonly id: string;
  readonly title: string;
  /** Where the code comes from; `inference...` marks code no tree had (never taken as a patch's base). */
  readonly source: string;
  /** The spec's verdict; null where the spec gives none (a claim in a comment, an open question). */
  readonly expected: 'safe' | 'race' | null;
  /** Invariants the spec names as violated (the first is the one the counterexample shows). */
  readonly invariants: readonly string[];
  /** Switch values under which the row's verdict holds. */
  readonly switches?: Switches;
  readonly code: (baseline: KernelCode) => KernelCode;
  readonly note?: string;
  /** Mainline release that has this code (a merged fix): trees from then on start from it. */
  /**
   * The day the change reached mainline (YYYY-MM-DD), where it is known: a patch whose release is
   * read from its date has it from that day on, even before the release that ships it (a fix
   * merged in the next release's merge window).
   */
  readonly mergedOn?: string;
  readonly mergedIn?: string;
  /**
   * Stable series that took the fix, each with the day its stable release came out (`'4.4':
   * '2016-10-20'`): a patch for that series posted from then on starts from the fixed code.
   */
  readonly stable?: Readonly<Record<string, string>>;
  /** First mainline release that had this code: a patch for an earlier tree is never checked against it. */
  readonly since?: string;
  /** Last mainline release that had this code (replaced after it): a patch for a later tree is never checked against it. */
  readonly until?: string;
  /**
   * The day mainline replaced this code (YYYY-MM-DD), where it is known: a patch whose release is
   * read from its date is not checked against it from that day on (the replacement was merged
   * in the next release's -rc).
   */
  readonly replacedOn?: string;
  /**
   * A version posted to the list (or proposed in review) and never merged (`v7`): like inferred
   * code, no tree had it, so no patch was written against it.
   */
  readonly posted?: string;
}

export interface ModelledFunction {
  readonly name: string;
  readonly file: string;
  /**
   * The `__weak` generic version in `file`, which the modelled architecture overrides in this
   * other file: a patch to the generic one does not change the code the model runs.
   */
  readonly overriddenBy?: string;
}

export interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly question: string;
  readonly switches: readonly SwitchDecl[];
  readonly invariants: readonly { readonly id: string; readonly text: string }[];
  /** Kernel functions the model contains, with their files: what a patch must touch to map here. */
  readonly functions: readonly ModelledFunction[];
  readonly baseline: KernelCode;
  /** The variant the baseline code is (S0.0, S1.0, ...). */
  readonly baselineVariant: string;
  readonly variants: readonly Variant[];
  /** Actors, for the listing. */
  readonly actors: readonly string[];
  /**
   * The first mainline release with the code the race needs (`what`): a patch for an older kernel
   * touches these functions as they were before it, where the race cannot be, and is not checked
   * here (the report says so).
   */
  readonly since?: { readonly version: string; readonly what: string };
  /**
   * The first mainline release without the code the race needs (`what` says what replaced it): a
   * patch for that release or a later one touches these functions where the race cannot be, and
   * is not checked here either (the report says so).
   */
  readonly until?: { readonly version: string; readonly what: string };
  /** Lexicon rows: spellings only this scenario's functions give a meaning to. */
  readonly lexicon: ScenarioLexicon;
  build(code: KernelCode, switches: Switches): Model;
}
