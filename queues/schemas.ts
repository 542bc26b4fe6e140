/**
 * Queue names and job payloads. Payloads are plain JSON validated with zod on both sides (when
 * added and when processed), so a job can be replayed from its payload alone
 * (`racebot replay JOB.json`). Job ids are derived from the Message-Id (see jobIds below): BullMQ
 * ignores an add whose id exists, and the store keeps a durable marker past the job's retention.
 */
import { z } from 'zod';

export const QUEUES = ['ingest', 'check', 'report', 'deliver', 'github'] as const;
export type QueueName = (typeof QUEUES)[number];

/** A raw message and where it came from. */
export const IngestJob = z.object({
  /** The message bytes, base64. */
  raw: z.string().min(1),
  /** smtp:<peer>, lmtp:<peer>, mbox:<path>#<n>, public-inbox:<path>@<commit>, ... */
  source: z.string(),
  /** When racebot received it (ms since the epoch). */
  receivedAt: z.number().int().nonnegative(),
  /** Lists the message is known to come from (the archive's list). */
  lists: z.array(z.string()).default([]),
});
export type IngestJob = z.infer<typeof IngestJob>;

/** Check a series (or a single patch) with the parts that arrived. */
export const CheckJob = z.object({
  /** Series key hash; the parts are read from the store when the job runs. */
  series: z.string().nullable(),
  /** The patch, for a single patch (series null). */
  patch: z.string().nullable(),
  reason: z.enum(['single', 'complete', 'deadline', 'late', 'recheck']),
  /** A `#racebot recheck` to acknowledge once the result is known. */
  recheck: z.object({ command: z.string(), patch: z.string() }).nullable().default(null),
});
export type CheckJob = z.infer<typeof CheckJob>;

/** Decide and queue the reply to one checked patch. */
export const ReportJob = z.object({
  patch: z.string(),
  /** Id of the check job whose result this is (owner of the reply claims). */
  check: z.string(),
  recheck: z.object({ command: z.string(), patch: z.string() }).nullable().default(null),
});
export type ReportJob = z.infer<typeof ReportJob>;

/** Send one outbox entry of a channel. */
export const DeliverJob = z.object({ reply: z.string(), channel: z.string().default('email') });
export type DeliverJob = z.infer<typeof DeliverJob>;

/** Check a pull request (src/github: the PR, its diff and the repository's config, as JSON). */
export const GithubJob = z
  .object({ kind: z.literal('github-pr'), deliveryId: z.string(), pr: z.object({ owner: z.string(), repo: z.string(), number: z.number() }).passthrough() })
  .passthrough();
export type GithubJob = z.infer<typeof GithubJob>;

export const PAYLOADS = { ingest: IngestJob, check: CheckJob, report: ReportJob, deliver: DeliverJob, github: GithubJob } as const;

/** `racebot replay` input: `{ "queue": "ingest", "data": {...} }` (a BullMQ job's JSON also works: name + data). */
export const ReplayFile = z.object({ queue: z.enum(QUEUES), data: z.unknown(), id: z.string().optional() });

/** Job ids (BullMQ forbids ':' in custom ids). */
export const jobIds = {
  ingest: (messageKey: string) => `i-${messageKey}`,
  /** `gen` 0 is the series' first check; later ones (late parts, rechecks) have their own. */
  check: (key: string, gen: string) => `c-${key}-${gen}`,
  report: (patch: string, check: string) => `r-${patch}-${check.replace(/^c-/, '')}`,
  /** An email entry's job is `d-<id>`; another channel's `d-<channel>-<id>`; `racebot outbox resend` adds `-r<n>`. */
  deliver: (reply: string, channel = 'email', resend = 0) => `d-${channel === 'email' ? '' : channel + '-'}${reply}${resend ? `-r${resend}` : ''}`,
};
