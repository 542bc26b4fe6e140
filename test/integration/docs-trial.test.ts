/**
 * docs/service.md's "Try it locally" block, run as written in bash against the real Redis: the
 * SMTP sink, `racebot serve`, `racebot worker`, an ingest, `racebot status` and `racebot outbox
 * list`. Two things differ from a newcomer's shell: the ports 2525, 2526 and 9464 become free
 * ones (other tests run at the same time), and `npx racebot` runs the source tree (an `npx` on
 * PATH that execs `node --import tsx test/helpers/racebot-src.ts`) instead of a built dist/.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const shimDir = mkdtempSync(join(tmpdir(), 'racebot-docs-'));
afterAll(() => rmSync(shimDir, { recursive: true, force: true }));

/** The first ```sh block after the heading. */
function shellBlock(markdown: string, heading: string): string {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const m = /\n```sh\n([\s\S]*?)\n```\n/.exec(markdown.slice(at));
  if (!m) throw new Error(`no sh block under "${heading}"`);
  return m[1];
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('the "Try it locally" block of docs/service.md runs as written and shows a reported patch', { timeout: 180_000 }, async () => {
  const block = shellBlock(readFileSync(resolve(ROOT, 'docs/service.md'), 'utf8'), '## Try it locally');
  const ports = { 2525: await freePort(), 2526: await freePort(), 9464: await freePort() };
  const script = block.replace(/\b(2525|2526|9464)\b/g, (p) => String(ports[Number(p) as keyof typeof ports]));
  const realNpx = (process.env.PATH ?? '').split(':').map((d) => join(d, 'npx')).find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
  writeFileSync(
    join(shimDir, 'npx'),
    `#!/bin/sh\nif [ "$1" = racebot ]; then shift; exec "${process.execPath}" --import tsx "${resolve(ROOT, 'test/helpers/racebot-src.ts')}" "$@"; fi\nexec "${realNpx ?? '/usr/bin/npx'}" "$@"\n`,
  );
  chmodSync(join(shimDir, 'npx'), 0o755);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('RACEBOT_') && k !== 'REDIS_URL') env[k] = v;
  env.PATH = `${shimDir}:${env.PATH ?? ''}`;
  const child = spawn('bash', ['-c', script], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code: number | null;
  try {
    code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // anything the block left running
    } catch {
      /* the group is gone */
    }
  }
  expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
  expect(out).toContain('smtp-sink: listening');
  expect(out).toMatch(/outcome: +reported/);
  expect(out).toMatch(/findings: +S3:introduces:I3\.2/);
  expect(out).toMatch(/email:[0-9a-f]{24} {2}sent {2}report {2}attempts=1/);
  expect(out).toMatch(/^To: You <you@localhost>$/m);
  expect(out).toMatch(/^X-Racebot-Policy: dry-run$/m);
});
