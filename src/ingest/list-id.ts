/**
 * Recording the list an archive belongs to in its messages: `racebot ingest --list ADDR` reads
 * archives whose messages may not name the list in To/Cc (the list's own copy, a digest, an
 * mbox saved from an MUA). The list is written into the message the way the list itself would,
 * as a `List-Id:` header (RFC 2919), unless the message already has that List-Id. Every later
 * stage reads lists from the message (the opt-in, the dashboard's list filter, `racebot
 * status`), so they all see it, and re-reading the archive gives the same bytes.
 */

export class ListAddressError extends Error {
  readonly code = 'bad-list-address' as const;
  constructor(list: string) {
    super(`not a list address: ${JSON.stringify(list.slice(0, 80))} (e.g. linux-mm@kvack.org)`);
    this.name = 'ListAddressError';
  }
}

const ADDRESS = /^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** `linux-mm@kvack.org` (any case, surrounding spaces or `<>`) -> `linux-mm@kvack.org`; else a ListAddressError. */
export function listAddress(list: string): string {
  const a = list.trim().replace(/^<(.*)>$/, '$1').toLowerCase();
  if (!ADDRESS.test(a)) throw new ListAddressError(list);
  return a;
}

/** The List-Id of a list address: `linux-mm@kvack.org` -> `linux-mm.kvack.org`. */
export const listIdOf = (address: string): string => listAddress(address).replace('@', '.');

/** Where the header block ends (the index of the blank line's first byte) and the line ending it uses. */
function headerBlock(raw: Buffer): { end: number; eol: string; start: number } {
  // A leading mbox "From " line is not a header.
  const start = raw.subarray(0, 5).toString('latin1') === 'From ' ? raw.indexOf(0x0a) + 1 : 0;
  const crlf = raw.indexOf('\r\n\r\n', start, 'latin1');
  const lf = raw.indexOf('\n\n', start, 'latin1');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf >= 0 ? lf : raw.length;
  const firstEol = raw.indexOf(0x0a, start);
  const eol = firstEol > 0 && raw[firstEol - 1] === 0x0d ? '\r\n' : '\n';
  return { end, eol, start };
}

/** The List-Id values of a message (the text inside `<>`, lowercase). */
export function listIds(raw: Buffer): string[] {
  const { start, end } = headerBlock(raw);
  const head = raw.subarray(start, end).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  return [...head.matchAll(/^list-id:[^\n<]*<([^<>\r\n]+)>/gim)].map((m) => m[1].trim().toLowerCase());
}

/** The message with `List-Id: <list>` at the top of its header, unless it already has that List-Id. */
export function withListId(raw: Buffer, list: string): Buffer {
  const id = listIdOf(list);
  if (listIds(raw).includes(id)) return raw;
  const { start, eol } = headerBlock(raw);
  return Buffer.concat([raw.subarray(0, start), Buffer.from(`List-Id: <${id}>${eol}`, 'latin1'), raw.subarray(start)]);
}
