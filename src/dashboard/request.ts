/**
 * A dashboard request's URL, read strictly: the path split into segments and each decoded on
 * its own, the query's keys and values decoded, and anything malformed (a bad percent-encoding,
 * invalid UTF-8, control characters, oversized values) a `BadRequest` with a stable code that
 * the handler answers with 400, never an exception escaping as a 500.
 */

export type BadRequestCode = 'bad-encoding' | 'bad-path' | 'bad-query';

export class BadRequest extends Error {
  readonly code: BadRequestCode;
  constructor(code: BadRequestCode, message: string) {
    super(message);
    this.name = 'BadRequest';
    this.code = code;
  }
}

const MAX_URL = 4096;
const MAX_VALUE = 512;
// C0 controls and DEL: never part of an id, a list address or a filter value.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** decodeURIComponent that answers a BadRequest instead of throwing a URIError. */
export function decodeStrict(s: string, code: BadRequestCode, what: string): string {
  let out: string;
  try {
    out = decodeURIComponent(s);
  } catch {
    throw new BadRequest('bad-encoding', `${what}: malformed percent-encoding`);
  }
  if (CONTROL.test(out)) throw new BadRequest(code, `${what}: control characters`);
  return out;
}

/** The path's raw segments and the raw query; null when the target is not a path (`*`, absolute-form). */
export function splitRequestUrl(url: string | undefined): { readonly raw: readonly string[]; readonly search: string } | null {
  const u = url ?? '/';
  if (!u.startsWith('/')) return null;
  const q = u.indexOf('?');
  const path = q < 0 ? u : u.slice(0, q);
  return { raw: path.split('/').filter(Boolean), search: q < 0 ? '' : u.slice(q) };
}

/** The query's keys and values, decoded (the first of repeated keys wins). */
export function parseQuery(search: string): Map<string, string> {
  if (search.length > MAX_URL) throw new BadRequest('bad-query', 'the query is too long');
  const query = new Map<string, string>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = decodeStrict((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '), 'bad-query', 'query');
    const v = decodeStrict((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '), 'bad-query', `query value of ${k.slice(0, 40)}`);
    if (v.length > MAX_VALUE) throw new BadRequest('bad-query', `query value of ${k.slice(0, 40)}: longer than ${MAX_VALUE} characters`);
    if (!query.has(k)) query.set(k, v);
  }
  return query;
}

/** An id in a path: one decoded segment of letters, digits, `.`, `_`, `-` (patch keys, `gh-...`, series ids). */
export function idSegment(raw: string, what: string): string {
  const s = decodeStrict(raw, 'bad-path', what);
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(s) || s === '.' || s === '..') throw new BadRequest('bad-path', `${what}: not an id`);
  return s;
}
