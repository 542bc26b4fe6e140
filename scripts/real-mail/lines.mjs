// Lines of the modelled functions as the scenarios' code has them (each step's and test's C text),
// one per row of rows.tsv: the queries of the line form of drawing (helper-prompt.md, "Line
// queries"). A hunk header names only the function a hunk starts in, and old diffs name none:
// a line of the function's body reaches mails the header queries never see.
//   npm run build && node scripts/real-mail/lines.mjs scripts/real-mail/rows.tsv > /work/realmails/lines.tsv
// Each output line: `Lnnn<TAB>Rnn<TAB>function<TAB>query` (the C text cut to 50 characters; Lnnn
// numbers the lines, so that two picks of one row name different mails).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { SCENARIOS } = await import(resolve(root, 'dist/src/scenarios/index.js'));
// (The same texts the check reads a bare hunk header by: every step and test of every variant.)
const { modelledTexts } = await import(resolve(root, 'dist/src/check/bare-hunks.js'));
const rowsFile = process.argv[2] ?? resolve(root, 'scripts/real-mail/rows.tsv');
// A row's function and every name its spellings define (`mfill_atomic_pte_copy` for R12).
const rowOf = new Map();
for (const line of readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean)) {
  const [row, fn, spellings] = line.split('\t');
  rowOf.set(fn, row);
  for (const s of (spellings ?? '').split(' | ')) {
    const m = /([A-Za-z_]\w*)\s*\(/.exec(s);
    if (m && !rowOf.has(m[1])) rowOf.set(m[1], row);
  }
}
const out = new Map();
for (const byFn of modelledTexts(SCENARIOS).values()) {
  for (const [fn, texts] of byFn) {
    if (!rowOf.has(fn)) continue;
    for (const text of texts) {
      // (Distinctive lines only: a call or an assignment long enough to name its arguments.)
      if (text.length < 24 || !/[(=]/.test(text) || /^return\b/.test(text)) continue;
      const q = text.slice(0, 50).replace(/\s+$/, '');
      // (The model writes a test and its jump on one line, `if (x) goto reuse`; the kernel never
      // does, so a query that keeps both can match no mail.)
      if (/\) (goto|return|break|continue)\b/.test(q)) continue;
      if (!out.has(q)) out.set(q, `${rowOf.get(fn)}\t${fn}\t${q}`);
    }
  }
}
const lines = [...out.values()].sort();
console.log(lines.map((l, i) => `L${String(i + 1).padStart(3, '0')}\t${l}`).join('\n'));
