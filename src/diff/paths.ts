/**
 * Path handling for diff headers: git's C-style quoting, `a/` `b/` prefixes, `/dev/null`,
 * and the timestamps that `diff -u` appends after a tab.
 */

const DEV_NULL = '/dev/null';

/** Decodes a git C-quoted path starting at s[start] === '"'. Returns null if unterminated. */
export function readQuoted(s: string, start: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = start + 1;
  const pushString = (str: string) => {
    for (const b of Buffer.from(str, 'utf8')) bytes.push(b);
  };
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') {
      return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    }
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n >= '0' && n <= '7') {
        let j = i + 1;
        let v = 0;
        let k = 0;
        while (k < 3 && j < s.length && s[j] >= '0' && s[j] <= '7') {
          v = v * 8 + (s.charCodeAt(j) - 48);
          j++;
          k++;
        }
        bytes.push(v & 0xff);
        i = j;
        continue;
      }
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"' };
      pushString(map[n] ?? n);
      i += 2;
      continue;
    }
    pushString(ch);
    i++;
  }
  return null;
}

/** Strips a one-letter git prefix (`a/`, `b/`, or the mnemonic `c/ i/ o/ w/`). */
function stripLetterPrefix(p: string): string | null {
  return /^[a-z]\//.test(p) ? p.slice(2) : null;
}

export interface GitHeaderPaths {
  oldPath: string;
  newPath: string;
  /** Whether the paths carried `a/` `b/`-style prefixes (otherwise `--no-prefix`). */
  prefixed: boolean;
}

/** Parses the part of a `diff --git ` line after that keyword. */
export function parseDiffGitPaths(rest: string): GitHeaderPaths | null {
  rest = rest.replace(/\s+$/, '');
  let a: string | null = null;
  let b: string | null = null;
  if (rest.startsWith('"')) {
    const q = readQuoted(rest, 0);
    if (!q || rest[q.end] !== ' ') return null;
    a = q.value;
    const tail = rest.slice(q.end + 1);
    if (tail.startsWith('"')) {
      const q2 = readQuoted(tail, 0);
      if (!q2) return null;
      b = q2.value;
    } else {
      b = tail;
    }
  } else {
    const qi = rest.indexOf(' "');
    if (qi >= 0 && rest.endsWith('"')) {
      a = rest.slice(0, qi);
      const q2 = readQuoted(rest, qi + 1);
      if (!q2) return null;
      b = q2.value;
    } else if (rest.length % 2 === 1 && rest[(rest.length - 1) / 2] === ' ') {
      // Same path on both sides: "a/X b/X" (or "X X" with --no-prefix).
      const mid = (rest.length - 1) / 2;
      const l = rest.slice(0, mid);
      const r = rest.slice(mid + 1);
      const ls = stripLetterPrefix(l);
      const rs = stripLetterPrefix(r);
      if (ls !== null && rs !== null && ls === rs) return { oldPath: ls, newPath: rs, prefixed: true };
      if (l === r) return { oldPath: l, newPath: r, prefixed: false };
    }
    if (a === null) {
      // A diff made by hand between two trees (`diff --git v4.5-mmotm/mm/gup.c v4.5-mmotm_patched/mm/gup.c`):
      // the same path under two top directories, which `git apply -p1` strips as it strips a/ and b/.
      const two = /^([^\s/]+)\/(\S+) ([^\s/]+)\/(\S+)$/.exec(rest);
      if (two && two[2] === two[4] && two[1] !== two[3]) return { oldPath: two[2], newPath: two[4], prefixed: true };
      // Different paths (rename or copy); the `rename from/to` lines will settle them.
      const bi = rest.indexOf(' b/');
      if (rest.startsWith('a/') && bi > 0) {
        a = rest.slice(0, bi);
        b = rest.slice(bi + 1);
      } else {
        return null;
      }
    }
  }
  if (a === null || b === null || a === '' || b === '') return null;
  const as = stripLetterPrefix(a);
  const bs = stripLetterPrefix(b);
  if (as !== null && bs !== null) return { oldPath: as, newPath: bs, prefixed: true };
  return { oldPath: a, newPath: b, prefixed: false };
}

/**
 * Parses the path of a `--- PATH` or `+++ PATH` line (the part after the marker).
 * Returns null for /dev/null. `strip` removes the first path component (-p1).
 */
export function parseMarkerPath(rest: string, strip: 'letter' | 'component' | 'none'): string | null {
  let p: string;
  if (rest.startsWith('"')) {
    const q = readQuoted(rest, 0);
    p = q ? q.value : rest.slice(1);
  } else {
    const tab = rest.indexOf('\t');
    p = tab >= 0 ? rest.slice(0, tab) : rest;
    p = p.replace(/\s+$/, '');
    // `diff -u` without a tab: "--- a/file 2019-01-01 10:00:00.000000000 +0100"
    const m = /^(.*?) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?$/.exec(p);
    if (m) p = m[1];
  }
  if (p === DEV_NULL) return null;
  if (strip === 'letter') {
    return stripLetterPrefix(p) ?? p;
  }
  if (strip === 'component') {
    const slash = p.indexOf('/');
    return slash > 0 && slash < p.length - 1 ? p.slice(slash + 1) : p;
  }
  return p;
}

/** Quotes a path the way git does when it contains unusual characters. */
export function quotePath(p: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(p) && !/[^\x00-\x7f]/.test(p)) return p;
  let out = '"';
  for (const b of Buffer.from(p, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}
