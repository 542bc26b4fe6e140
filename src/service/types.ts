/** Shapes shared by the service's stages, the thread pool and the store. */
import type { Address, MailKind } from '../mail/types.js';

export type CommandName = 'recheck' | 'why' | 'optout' | 'mute';

export interface BotCommand {
  readonly name: CommandName | string;
  readonly arg: string | null;
}

/** What the stages need to know about a message, read once (in a thread) from the raw bytes. */
export interface MailSummary {
  /** Key of the message in the store and in job ids (a hash of the Message-Id). */
  readonly h: string;
  readonly messageId: string;
  readonly subject: string;
  readonly normalizedSubject: string;
  readonly version: number;
  readonly index: number | null;
  readonly total: number | null;
  readonly isCover: boolean;
  readonly from: Address;
  readonly author: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly date: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly kind: MailKind;
  readonly autoSubmitted: string | null;
  readonly quotesDiff: boolean;
  /** Paths the diff touches. */
  readonly files: readonly string[];
  /** Lowercase addresses the mail was sent to (To, Cc, List-Id, the archive's list). */
  readonly lists: readonly string[];
  /** Written by racebot itself. */
  readonly own: boolean;
  readonly commands: readonly BotCommand[];
  /** Versions of one patch share it (author and subject without tags, as linkVersions). */
  readonly familyKey: string;
  /** Parts of one series share it (null for a single patch). */
  readonly seriesKey: string | null;
}

export type Summarized = { readonly ok: true; readonly mail: MailSummary } | { readonly ok: false; readonly code: string; readonly reason: string };
