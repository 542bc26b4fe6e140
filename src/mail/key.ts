import { createHash } from 'node:crypto';

/**
 * The key a patch is stored under everywhere (the service's store, the dashboard, links in
 * replies): a hash of its Message-Id, case-folded.
 */
export function keyOf(messageId: string): string {
  return createHash('sha256').update(messageId.trim().toLowerCase()).digest('hex').slice(0, 32);
}
