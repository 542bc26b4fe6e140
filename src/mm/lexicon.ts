/**
 * The shape of a scenario's lexicon rows: spellings the shared vocabulary cannot decide alone
 * (what `return NULL` means in try_grab_folio, which identifiers the scenario fixes). The rows
 * live in each scenario's folder; the lifter reads them through `Scenario.lexicon`.
 */
import type { Cond, Stmt } from '../model/code.js';
import type { Fact, UnmodelledPath } from './vocabulary.js';

export interface LexRule {
  readonly re: RegExp;
  /** Only in these functions (a `return NULL` means something else in each). */
  readonly fn?: RegExp;
  readonly stmts?: (text: string, m: RegExpExecArray) => Stmt[];
  readonly cond?: (text: string, m: RegExpExecArray) => { cond: Cond; pre?: Stmt[] };
  /**
   * A condition row that reads a whole `&&`/`||` test (`page_in_cache && !vm_shared`), tried
   * before its parts: for a test the scenario's configurations decide only as a whole.
   */
  readonly whole?: boolean;
}

export interface ScenarioLexicon {
  readonly stmtRules: readonly LexRule[];
  readonly condRules: readonly LexRule[];
  /** Identifiers the scenario fixes (`flags`, `prot_numa`, `FOLL_WRITE`). */
  readonly constants: Readonly<Record<string, number>>;
  /**
   * Tests this scenario's state decides whatever function they are in (no VMA is registered with
   * a userfaultfd): each use is listed in the report as an assumption.
   */
  readonly facts?: readonly Fact[];
  /**
   * Boolean helpers by name: the op a condition reads their result with, and the op their
   * `return <expr>` sets it with (value 1 or 0).
   */
  readonly helpers?: readonly { readonly fn: RegExp; readonly result: string; readonly set: string }[];
  /** What `goto LABEL` does in a function whose label is outside the hunk (the C after the label). */
  readonly gotoTails?: Readonly<Record<string, Readonly<Record<string, readonly Stmt[]>>>>;
  /** Whole lines (if/switch/case included) the model abstracts away, in these functions. */
  /**
   * (`assumed`: the reading rests on what the scenario's actors do, not on the line alone, so the
   * report lists it as an assumption.)
   */
  readonly ignoreLines?: readonly { readonly re: RegExp; readonly fn?: RegExp; readonly why: string; readonly assumed?: true }[];
  /**
   * Stretches of a function the model's path never runs: from a kept line matching `from` to the
   * next kept line matching `to` (C text as the hunk has it). A change wholly inside one is on a
   * path the model does not take; the report says so.
   */
  readonly unmodelledPaths?: readonly UnmodelledPath[];
  /**
   * Why nothing this scenario's race turns on is freed after an RCU grace period (its pages are
   * freed by their last put, not by call_rcu()): then an RCU read section orders nothing its
   * model explores. Absent where a free may wait for readers (GUP-fast against page-table frees).
   */
  readonly rcuFreesNothing?: string;
  /**
   * Set where the model frees no page table: then a PTE table's own use count (the 'pt-refcount'
   * no-effect class) changes nothing it holds. Absent where a table may go (GUP-fast's walk).
   */
  readonly freesNoPageTable?: true;
  /**
   * No VMA of the scenario is registered with a userfaultfd: the calls that tell a monitor of an
   * event (a range removed, unmapped or moved, a fork) have no one to tell and change nothing.
   */
  readonly noUserfaultfd?: true;
  /**
   * Every page of the scenario is order 0 (its facts include ONLY_SMALL_PAGES): the queue of
   * large folios waiting to be split never holds one, and the calls that take a folio off it do
   * nothing here.
   */
  readonly onlySmallPages?: true;
  /**
   * Tests of this scenario's state where one implies the other (by condition signature: `from`
   * holds only where `to` does), read where the lifter must know that a test adds nothing to
   * another (a re-check the model keeps as one test, see bailout-chains.ts).
   */
  readonly implications?: readonly { readonly from: string; readonly to: string; readonly why: string }[];
  /**
   * Why no secondary MMU (a KVM guest, a device behind an IOMMU) subscribes to this scenario's
   * mm: then a `_notify` form (`ptep_clear_flush_notify()`) is its plain form where a function's
   * model has only that one (and the other way round), an unknown `mmu_notifier_*()` call calls
   * no one, and `mm_has_notifiers()` is false. Absent where the notifier call is part of the race.
   */
  readonly noMmuNotifierSubscribers?: string;
}

