/**
 * Subject line analysis: reply markers and the bracketed tags of patch subjects.
 *
 *   [PATCH]                         -> prefixes [PATCH]
 *   [RFC PATCH v4 3/5]              -> prefixes [RFC, PATCH], version 4, 3 of 5
 *   [PATCH net-next v2 0/7]         -> prefixes [PATCH, net-next], version 2, cover of 7
 *   [tip:perf/urgent] uprobes: ...  -> prefixes [tip:perf/urgent]
 *   Re: [PATCH ...]                 -> isReply
 *   [PATCH 5.19-stable], [v2 PATCH 1/2], [PATCH v1 mmotm], [PATCHv3 01/12], [PATCH V2]
 */

import type { SubjectTags } from './types.js';

export interface SubjectInfo {
  tags: SubjectTags;
  /** Subject without reply markers and leading bracket tags, whitespace collapsed. */
  normalizedSubject: string;
  /** A reply marker (Re:, Aw:, Sv:, ...) was present. */
  isReply: boolean;
  /** A forward marker (Fwd:, Fw:) was present. */
  isForward: boolean;
}

const REPLY_RE = /^(?:re|aw|sv|antw|vs|odp)\s*(?:\[\d+\])?\s*:\s*/i;
const FORWARD_RE = /^(?:fwd?|tr|wg)\s*:\s*/i;

function applyToken(tok: string, tags: SubjectTags): void {
  let m: RegExpExecArray | null;
  if ((m = /^v(\d{1,4})$/i.exec(tok))) {
    tags.version = Number(m[1]);
    return;
  }
  if ((m = /^(\d{1,5})\/(\d{1,5})$/.exec(tok))) {
    tags.index = Number(m[1]);
    tags.total = Number(m[2]);
    return;
  }
  // PATCHv2, RFCv3, PATCH-v2
  if ((m = /^([A-Za-z][A-Za-z-]*?)-?v(\d{1,4})$/i.exec(tok)) && /^(patch|rfc|resend)$/i.test(m[1])) {
    tags.prefixes.push(m[1]);
    tags.version = Number(m[2]);
    return;
  }
  tags.prefixes.push(tok);
}

/** Parses a (decoded) subject line. */
export function parseSubject(subject: string): SubjectInfo {
  const tags: SubjectTags = { prefixes: [], version: 1, index: null, total: null, isCover: false };
  let s = subject.replace(/\s+/g, ' ').trim();
  let isReply = false;
  let isForward = false;
  let versionSeen = false;
  for (;;) {
    let m: RegExpExecArray | null;
    if ((m = REPLY_RE.exec(s))) {
      isReply = true;
      s = s.slice(m[0].length);
      continue;
    }
    if ((m = FORWARD_RE.exec(s))) {
      isForward = true;
      s = s.slice(m[0].length);
      continue;
    }
    if (s.startsWith('[')) {
      const close = s.indexOf(']');
      if (close < 0) break;
      const inner = s.slice(1, close).trim();
      const before = tags.version;
      tags.version = -1;
      for (const tok of inner.split(/[\s,]+/)) if (tok) applyToken(tok, tags);
      if (tags.version === -1) tags.version = before;
      else versionSeen = true;
      s = s.slice(close + 1).trimStart();
      continue;
    }
    break;
  }
  if (!versionSeen) tags.version = 1;
  if (tags.index === 0 && tags.total !== null) tags.isCover = true;
  return { tags, normalizedSubject: s.trim(), isReply, isForward };
}

/** Case-insensitive test for a subject prefix tag (e.g. 'PATCH', 'RFC'). */
export function hasPrefix(tags: SubjectTags, prefix: string): boolean {
  const p = prefix.toLowerCase();
  return tags.prefixes.some((t) => t.toLowerCase() === p);
}

/** The key under which subjects of different versions of one patch compare equal. */
export function subjectKey(normalizedSubject: string): string {
  return normalizedSubject.toLowerCase().replace(/\s+/g, ' ').trim();
}
