/**
 * A multipart message whose parts cannot be found: no boundary parameter, or a boundary that
 * never starts a line of the body. MIME parsers are lenient and hand back an empty body; the
 * message is then malformed, and says why, instead of passing as a patch without a diff.
 */
import { getHeader, type HeaderList } from './headers.js';

/** The reason the multipart structure is broken, or null (also for non-multipart messages). */
export function multipartProblem(headers: HeaderList, body: Buffer): string | null {
  const ct = getHeader(headers, 'content-type');
  if (!ct) return null;
  const type = /^\s*([^;\s]+)/.exec(ct)?.[1]?.toLowerCase() ?? '';
  if (!type.startsWith('multipart/')) return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(ct);
  const boundary = m ? (m[1] ?? m[2] ?? '') : null;
  if (boundary === null) return `a ${type} message without a boundary parameter: its parts cannot be found`;
  if (boundary === '') return `a ${type} message with an empty boundary: its parts cannot be found`;
  const text = body.toString('latin1');
  const re = new RegExp(`(?:^|\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*\\r?(?:\\n|$)`);
  if (!re.test(text)) return `the boundary "${boundary.slice(0, 70)}" of the ${type} message never appears in its body: its parts cannot be found`;
  return null;
}
