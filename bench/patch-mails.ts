/**
 * Distinct patch mails for the pipeline bench, made from the project's own corpus
 * (test/corpus/S0..S4 and examples/): N mails that are all different patches, not copies.
 * Mail i takes base i mod B and changes
 *   - the author (a made-up name at example.org/.net/.com), the Date and the Message-Id;
 *   - the subject (version tag, a rotating wording of the topic; never one used before);
 *   - the commit message (a sentence of its own about the change);
 *   - the diff: 1-3 comment lines of its own inserted between two statements of one of the
 *     patch's hunks (which hunk, where in it and what it says vary with i), with that hunk's
 *     and the later hunks' headers recounted, so the diff applies as a real one would.
 * Comments lift to nothing, so each mail keeps its base's verdict and the checker does the
 * same work as for the base; every diff text is different (checked by the caller).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kaja', 'Luca', 'Mira', 'Nils', 'Oona', 'Pavel', 'Quinn', 'Rosa', 'Sven', 'Tala', 'Ugo', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe'];
const LAST = ['Abend', 'Brandt', 'Costa', 'Dahl', 'Ekberg', 'Ferro', 'Galan', 'Holm', 'Ivanov', 'Jansen', 'Kovac', 'Lind', 'Moreau', 'Nakamura', 'Ortiz', 'Petit', 'Quist', 'Rossi', 'Sato', 'Toivonen', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zeller'];
const DOMAINS = ['example.org', 'example.net', 'example.com'];
const TOPIC = ['', 'rework: ', 'follow-up: ', 'cleanup: ', 'take two: ', 'minimal: ', 'simpler: ', 'alternative: ', 'narrower: ', 'split out: ', 'respin: ', 'smaller: '];
const NOTE = [
  'keep the reasoning next to the code it is about',
  'say which lock covers the next step',
  'note what the next reader must not reorder',
  'record why this runs before the flush',
  'point at the caller that depends on this order',
  'explain the early return for the next reader',
  'spell out which CPU may still see the old entry',
  'name the reference that keeps this alive',
];
const WHY = [
  'This came up while reading the code for an unrelated bug.',
  'Found while bisecting a rare failure on a test machine.',
  'A reviewer asked for this in an earlier round.',
  'No functional change intended beyond what is described.',
  'Tested with the mm selftests on x86_64 and arm64.',
  'The comment spells out the ordering the code depends on.',
];

export interface BenchMail {
  readonly id: string;
  readonly raw: Buffer;
  /** The base mail's file name. */
  readonly base: string;
  /** The diff part (from the first `diff --git`), for checking that all differ. */
  readonly diff: string;
}

/** The project's patch mails that are single patches with a diff (covers and series parts' n/m are dropped by `generate`). */
export function baseMails(root: string): { name: string; text: string }[] {
  const dirs = ['S0', 'S1', 'S2', 'S3', 'S4'].map((s) => join(root, 'test/corpus', s));
  const files = [...dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.eml')).map((f) => join(d, f))), ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.eml')).map((f) => join(root, 'examples', f))];
  return files
    .map((f) => ({ name: f.slice(root.length + 1), text: readFileSync(f, 'utf8').replace(/\r\n/g, '\n') }))
    .filter((m) => m.text.includes('\ndiff --git '));
}

/** Lines of a hunk body where a comment may go: right before a statement, after one ended. */
function slots(body: string[]): number[] {
  const out: number[] = [];
  for (let k = 1; k < body.length; k++) {
    const prev = body[k - 1].slice(1).trimEnd();
    const cur = body[k];
    if ((cur[0] === ' ' || cur[0] === '+') && /^\t+[a-z_]/.test(cur.slice(1)) && /[;{}]$/.test(prev) && !/\\$/.test(prev) && !/^\s*(\*|\/\*)/.test(prev.trim())) out.push(k);
  }
  return out;
}

/** The diff with a comment inserted in hunk `h` (of the hunks that have a slot), recounted. */
function vary(diff: string, i: number): string | null {
  const lines = diff.split('\n');
  const hunks: { at: number; end: number }[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (!lines[k].startsWith('@@ ')) continue;
    let end = k + 1;
    while (end < lines.length && !lines[end].startsWith('@@ ') && !lines[end].startsWith('diff --git ') && !lines[end].startsWith('-- ')) end++;
    hunks.push({ at: k, end });
  }
  const usable = hunks.map((h) => ({ h, s: slots(lines.slice(h.at + 1, h.end)) })).filter((x) => x.s.length);
  if (!usable.length) return null;
  const pick = usable[i % usable.length];
  const slot = pick.s[Math.floor(i / usable.length) % pick.s.length];
  const indent = /^(\t+)/.exec(lines[pick.h.at + 1 + slot].slice(1))?.[1] ?? '\t';
  const n = 1 + (i % 3);
  const note = NOTE[i % NOTE.length];
  const text = n === 1 ? [`/* ${note} (${i}) */`] : n === 2 ? [`/* ${note},`, ` * see change ${i} */`] : ['/*', ` * ${note},`, ` * see change ${i} */`];
  lines.splice(pick.h.at + 1 + slot, 0, ...text.map((t) => `+${indent}${t}`));
  // Recount: this hunk gains n new lines; the later hunks of the same file start n lines later.
  let after = false;
  for (let k = pick.h.at; k < lines.length; k++) {
    if (lines[k].startsWith('diff --git ')) break;
    const m = /^@@ -(\d+(?:,\d+)?) \+(\d+)(?:,(\d+))? @@(.*)$/.exec(lines[k]);
    if (!m) continue;
    lines[k] = after ? `@@ -${m[1]} +${Number(m[2]) + n}${m[3] !== undefined ? ',' + m[3] : ''} @@${m[4]}` : `@@ -${m[1]} +${m[2]},${Number(m[3] ?? '1') + n} @@${m[4]}`;
    after = true;
  }
  return lines.join('\n');
}

/** `count` distinct patch mails to `to`, from `bases`; `run` makes the Message-Ids unique per run. */
export function generate(bases: readonly { name: string; text: string }[], count: number, run: string, to = 'linux-mm@kvack.org'): BenchMail[] {
  const out: BenchMail[] = [];
  const subjects = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    if (i > count * 4) throw new Error(`only ${out.length} of ${count} mails could be made from ${bases.length} bases`);
    const b = bases[i % bases.length];
    const cut = b.text.indexOf('\n\n');
    const head = b.text.slice(0, cut).split('\n');
    const body = b.text.slice(cut + 2);
    const d = body.indexOf('diff --git ');
    const diff = vary(body.slice(d), i);
    if (!diff) continue;
    const k = out.length;
    const name = `${FIRST[k % FIRST.length]} ${LAST[Math.floor(k / FIRST.length) % LAST.length]}`;
    const addr = `${name.toLowerCase().replace(/ /g, '.')}${k >= FIRST.length * LAST.length ? k : ''}@${DOMAINS[k % DOMAINS.length]}`;
    const id = `bench.${run}.${k}@bench.racebot`;
    const date = new Date(Date.UTC(2024, 0, 1) + k * 3_600_000).toUTCString().replace('GMT', '+0000');
    const subjectLine = head.find((l) => /^subject:/i.test(l)) ?? 'Subject: [PATCH] mm: change';
    const topic = subjectLine.replace(/^subject:\s*/i, '').replace(/^(\[[^\]]*\]\s*)+/, '');
    const colon = topic.indexOf(': ');
    // A version tag and a wording of the topic; the next combination when that subject was used.
    const wording = (j: number) => {
      const v = 1 + ((k + j) % 7);
      const t = TOPIC[(k + Math.floor(j / 7)) % TOPIC.length];
      return `[PATCH v${v}] ${colon > 0 ? `${topic.slice(0, colon + 2)}${t}${topic.slice(colon + 2)}` : `${t}${topic}`}`;
    };
    let j = 0;
    while (subjects.has(wording(j)) && j < 7 * TOPIC.length) j++;
    const subject = wording(j);
    subjects.add(subject);
    const message = body.slice(0, d).replace(/^(Signed-off-by|Reviewed-by|Acked-by|Cc|Reported-by|Tested-by|Suggested-by):.*\n/gim, '').replace(/\n---\n[\s\S]*$/, '\n');
    const text = [
      `From: ${name} <${addr}>`,
      `To: ${to}`,
      `Subject: ${subject}`,
      `Date: ${date}`,
      `Message-Id: <${id}>`,
      '',
      `${message.trimEnd()}\n\n${WHY[k % WHY.length]}\n\nSigned-off-by: ${name} <${addr}>\n---\n\n${diff}`,
    ].join('\n');
    out.push({ id, raw: Buffer.from(text.replace(/\n/g, '\r\n')), base: b.name, diff });
  }
  return out;
}
