/** `racebot replay JOB.json`: a job payload alone reproduces the check and the reply. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { expect, test } from 'vitest';
import { registerServiceCommands } from '../../src/cli-service.js';
import { example, uniqueId } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

async function replay(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = new Command().exitOverride();
  registerServiceCommands(program, { out: (s) => out.push(s), err: (s) => err.push(s) }, (c) => (code = c));
  await program.parseAsync(['node', 'racebot', 'replay', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test.skipIf(!HAVE_SHARED)('an ingest payload is checked in-process and its reply printed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'racebot-replay-'));
  const mid = uniqueId('replay');
  const raw = Buffer.from(example('12-gup-fast-longterm-file-v7.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify({ queue: 'ingest', data: { raw: raw.toString('base64'), source: 'smtp:127.0.0.1', receivedAt: 1, lists: [] } }));
  const r = await replay(file);
  expect(r.err).toBe('');
  expect(r.code).toBe(1);
  expect(r.out).toContain(`In-Reply-To: <${mid}>`);
  expect(r.out).toContain('X-Racebot-Finding: S3:introduces:I3.2');

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ queue: 'ingest', data: { source: 'x' } }));
  const b = await replay(bad);
  expect(b.code).toBe(2);
  expect(b.err).toContain('payload is invalid');
  rmSync(dir, { recursive: true, force: true });
});
