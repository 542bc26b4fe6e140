/**
 * Ingestion benchmark: mbox -> PatchMail.
 *
 *   npx tsx bench/mail/parse-mbox.ts [--count 10000] [--mime-fraction 0.05] [--git-limit N] [--keep]
 *
 * Builds an mbox of `count` patch mails from ../shared/examples (new Message-Ids, subjects,
 * versions and dates; a fraction re-encoded as quoted-printable or base64 MIME so that the
 * mailparser path is exercised too), writes it to a temp dir, then times:
 *   - racebot: read + splitMbox + parseMessage (headers, body, trailers, diff parse) per mail;
 *   - mailparser's simpleParser alone on the same messages (reference);
 *   - git mailsplit on the mbox + git mailinfo once per message.
 * Prints plain `name: value` lines.
 */

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { joinMbox, parseMessage, splitMbox } from '../../src/mail/index.js';

// bench/mail/ in the sources, dist/bench/mail/ once built: the repository is where package.json is.
const REPO_ROOT = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const EXAMPLES = path.resolve(REPO_ROOT, '../shared/examples');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const COUNT = Number(arg('count', '10000'));
const MIME_FRACTION = Number(arg('mime-fraction', '0.05'));
const GIT_LIMIT = Number(arg('git-limit', String(COUNT)));
const KEEP = process.argv.includes('--keep');

function out(name: string, value: string | number): void {
  console.log(`${name}: ${value}`);
}

// ---------------------------------------------------------------------------------------
// Build the corpus

function splitHeadBody(raw: string): [string, string] {
  const i = raw.indexOf('\n\n');
  return [raw.slice(0, i + 1), raw.slice(i + 2)];
}

function qpEncode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = '';
  let outText = '';
  for (const b of bytes) {
    let tok: string;
    if (b === 0x0a) {
      outText += line + '\n';
      line = '';
      continue;
    }
    if ((b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9) tok = String.fromCharCode(b);
    else tok = '=' + b.toString(16).toUpperCase().padStart(2, '0');
    if (line.length + tok.length > 75) {
      outText += line + '=\n';
      line = '';
    }
    line += tok;
  }
  // Trailing whitespace must be encoded.
  return (outText + line).replace(/([ \t])\n/g, (_m, ws: string) => `=${ws.charCodeAt(0).toString(16).toUpperCase()}\n`);
}

function buildCorpus(): string[] {
  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));
  const msgs: string[] = [];
  const mimeEvery = MIME_FRACTION > 0 ? Math.round(1 / MIME_FRACTION) : 0;
  for (let i = 0; i < COUNT; i++) {
    const src = examples[i % examples.length];
    let [head, body] = splitHeadBody(src);
    const version = 1 + (i % 9);
    const date = new Date(Date.UTC(2023, 0, 1) + i * 61_000).toUTCString().replace('GMT', '+0000');
    head = head
      .replace(/^Message-I[dD]: .*$/m, `Message-ID: <bench-${i}-${(i * 2654435761) % 4294967296}@racebot.bench>`)
      .replace(/^Subject: (?:\[[^\]]*\] )*(.*)$/m, (_m, rest: string) => `Subject: [PATCH v${version} ${1 + (i % 3)}/3] ${rest} (#${i % 997})`)
      .replace(/^In-Reply-To: .*$/m, `In-Reply-To: <bench-cover-${Math.floor(i / 3)}@racebot.bench>`)
      .replace(/^Date: .*$/m, `Date: ${date}`);
    if (mimeEvery > 0 && i % mimeEvery === mimeEvery - 1) {
      if ((i / mimeEvery) % 2 < 1) {
        head += 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n';
        body = qpEncode(body);
      } else {
        head += 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n';
        body = (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n';
      }
    }
    msgs.push(head + '\n' + body);
  }
  return msgs;
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'racebot-bench-mail-'));
  try {
    const corpus = buildCorpus();
    const mboxPath = path.join(dir, 'bench.mbox');
    writeFileSync(mboxPath, joinMbox(corpus, { fromLine: 'From racebot-bench Mon Sep 17 00:00:00 2001' }));
    const mboxBytes = readFileSync(mboxPath).length;
    out('messages', COUNT);
    out('mbox_mb', (mboxBytes / 1024 / 1024).toFixed(1));
    out('node', process.version);

    // Warm-up (JIT), not timed.
    for (const m of splitMbox(readFileSync(mboxPath)).slice(0, 300)) await parseMessage(m);

    // racebot: read + split + parse everything.
    const t0 = performance.now();
    const buf = readFileSync(mboxPath);
    const raws = splitMbox(buf);
    const tSplit = performance.now();
    let ok = 0;
    let fast = 0;
    let mime = 0;
    let files = 0;
    let problems = 0;
    let fastMs = 0;
    let mimeMs = 0;
    for (const raw of raws) {
      const s = performance.now();
      const r = await parseMessage(raw);
      const e = performance.now() - s;
      if (r.ok) {
        ok++;
        files += r.mail.diff.length;
        problems += r.mail.diffProblems.length;
        if (r.path === 'fast') {
          fast++;
          fastMs += e;
        } else {
          mime++;
          mimeMs += e;
        }
      }
    }
    const t1 = performance.now();
    const racebotRate = raws.length / ((t1 - t0) / 1000);
    out('racebot_split_ms', (tSplit - t0).toFixed(1));
    out('racebot_total_ms', (t1 - t0).toFixed(1));
    out('racebot_parsed_ok', ok);
    out('racebot_fast_path', fast);
    out('racebot_mime_path', mime);
    out('racebot_diff_files', files);
    out('racebot_diff_problems', problems);
    out('racebot_msgs_per_s', racebotRate.toFixed(0));
    out('racebot_fast_path_msgs_per_s', fast > 0 ? (fast / (fastMs / 1000)).toFixed(0) : 'n/a');
    out('racebot_mime_path_msgs_per_s', mime > 0 ? (mime / (mimeMs / 1000)).toFixed(0) : 'n/a');
    out('target_3000_msgs_per_s', racebotRate >= 3000 ? 'met' : 'missed');

    // mailparser alone (reference), on a sample.
    const sample = raws.slice(0, Math.min(raws.length, 2000));
    const m0 = performance.now();
    for (const raw of sample) await simpleParser(raw);
    const m1 = performance.now();
    const mpRate = sample.length / ((m1 - m0) / 1000);
    out('mailparser_simpleparser_sample', sample.length);
    out('mailparser_simpleparser_msgs_per_s', mpRate.toFixed(0));
    out('racebot_vs_mailparser_ratio', (racebotRate / mpRate).toFixed(2));

    // git mailsplit + git mailinfo per message.
    const splitDir = path.join(dir, 'split');
    mkdirSync(splitDir);
    const g0 = performance.now();
    const ms = spawnSync('git', ['mailsplit', '-o' + splitDir, mboxPath], { encoding: 'utf8' });
    const g1 = performance.now();
    if (ms.status !== 0) {
      out('git_mailsplit', `failed: ${ms.stderr || ms.error?.message}`);
      return;
    }
    out('git_mailsplit_ms', (g1 - g0).toFixed(1));
    out('git_mailsplit_messages', ms.stdout.trim());
    const pieces = readdirSync(splitDir).sort().slice(0, GIT_LIMIT);
    const msgFile = path.join(dir, 'msg');
    const patchFile = path.join(dir, 'patch');
    let gitFailures = 0;
    const i0 = performance.now();
    for (const p of pieces) {
      const fd = openSync(path.join(splitDir, p), 'r');
      const r = spawnSync('git', ['mailinfo', msgFile, patchFile], { stdio: [fd, 'ignore', 'ignore'], cwd: dir });
      closeSync(fd);
      if (r.status !== 0) gitFailures++;
    }
    const i1 = performance.now();
    const mailinfoMs = i1 - i0;
    // Extrapolate to all messages when --git-limit sampled fewer.
    const gitTotalMs = (g1 - g0) + (mailinfoMs * raws.length) / Math.max(1, pieces.length);
    const gitRate = raws.length / (gitTotalMs / 1000);
    out('git_mailinfo_runs', pieces.length);
    out('git_mailinfo_failures', gitFailures);
    out('git_mailinfo_ms', mailinfoMs.toFixed(1));
    out('git_total_ms', gitTotalMs.toFixed(1));
    out('git_msgs_per_s', gitRate.toFixed(0));
    out('racebot_vs_git_ratio', (racebotRate / gitRate).toFixed(2));
  } finally {
    if (KEEP) out('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
