/**
 * Who a reply to a patch goes to: the author, the subsystem lists the patch was sent to, and the
 * maintainers of the subsystems that claim its files. Not every Cc of the patch (a mail with
 * 3,000 Cc must not make a reply to 3,000), and never more than `max` addresses in all.
 */
import { bareAddress } from '../../config.js';
import { formatAddress } from '../../mail/headers.js';
import type { Address } from '../../mail/types.js';

export const MAX_RECIPIENTS = 12;

export interface RecipientInput {
  readonly author: Address;
  /** The patch's To and Cc. */
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** Lists that take replies (subsystems with the `list` policy), any form (`Name <a@b>`). */
  readonly lists: readonly string[];
  /** Maintainers to copy (`Name <a@b>` or bare). */
  readonly maintainers: readonly string[];
  /** Never copied (the bot itself, opted-out addresses, lists that want no bot mail). */
  readonly ignore: readonly string[];
  readonly max?: number;
}

export interface Recipients {
  readonly to: string;
  readonly cc: readonly string[];
  /** Addresses left out by the cap. */
  readonly dropped: number;
}

const parse = (s: string): Address => {
  const m = /^(.*?)\s*<([^<>]+)>\s*$/.exec(s.trim());
  return m ? { name: m[1].replace(/^"|"$/g, ''), address: m[2].trim() } : { name: '', address: s.trim() };
};

export function replyRecipients(i: RecipientInput): Recipients {
  const max = Math.max(1, i.max ?? MAX_RECIPIENTS);
  const ignore = new Set(i.ignore.map(bareAddress));
  const author = i.author.address.toLowerCase();
  const seen = new Set<string>([author]);
  const wanted = new Set(i.lists.map(bareAddress));
  const cc: Address[] = [];
  const add = (a: Address) => {
    const k = a.address.toLowerCase();
    if (!k.includes('@') || seen.has(k) || ignore.has(k)) return;
    seen.add(k);
    cc.push(a);
  };
  // The lists the patch went to, as the patch wrote them; then the maintainers.
  for (const a of [...i.to, ...i.cc]) if (wanted.has(a.address.toLowerCase())) add(a);
  for (const m of i.maintainers) add(parse(m));
  const kept = cc.slice(0, max - 1);
  return { to: formatAddress(i.author), cc: kept.map(formatAddress), dropped: cc.length - kept.length };
}
