/**
 * `racebot ingest`: messages from mbox files, maildirs, .eml files, directories and
 * public-inbox archives onto the ingest queue (the same entry as the SMTP listener). Job ids
 * from the Message-Id make re-reading harmless; public-inbox archives are read from the last
 * commit read (kept in Redis). The list a source is an archive of (`--list`) is recorded in
 * each of its messages as a List-Id header (./list-id.ts), so every stage sees it.
 */
import { resolve } from 'node:path';
import { readInput } from '../mail/index.js';
import { enqueueMessage, type Queues } from '../service/context.js';
import type { Store } from '../service/store.js';
import { listAddress, withListId } from './list-id.js';
import { isPublicInbox, readPublicInbox } from './public-inbox.js';

export interface SourceSpec {
  readonly path: string;
  readonly kind?: 'auto' | 'mbox' | 'maildir' | 'eml' | 'public-inbox';
  /** The list the source is an archive of (for the opt-in). */
  readonly list?: string;
}

export interface IngestStats {
  readonly source: string;
  /** Messages read from the source this time. */
  read: number;
  /** Of those, new messages put on the queue. */
  queued: number;
  duplicates: number;
}

export async function ingestSource(ctx: { readonly store: Store; readonly queues: Queues }, src: SourceSpec): Promise<IngestStats> {
  const path = resolve(src.path);
  const stats: IngestStats = { source: path, read: 0, queued: 0, duplicates: 0 };
  const list = src.list ? listAddress(src.list) : null;
  const lists = list ? [list] : [];
  const kind = src.kind && src.kind !== 'auto' ? src.kind : isPublicInbox(path) ? 'public-inbox' : 'file';
  const take = async (raw: Buffer, source: string) => {
    stats.read++;
    const r = await enqueueMessage(ctx, list ? withListId(raw, list) : raw, source, { lists });
    if (r.duplicate) stats.duplicates++;
    else stats.queued++;
  };
  if (kind === 'public-inbox') {
    await readPublicInbox(
      path,
      { get: (repo) => ctx.store.getCursor(repo), set: (repo, c) => ctx.store.setCursor(repo, c) },
      (m, repo) => take(m.raw, `public-inbox:${repo}@${m.commit}`),
    );
    return stats;
  }
  for (const m of await readInput(path)) await take(m.raw, `file:${m.source}`);
  return stats;
}
