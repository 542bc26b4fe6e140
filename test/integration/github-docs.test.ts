/**
 * docs/github.md "Try it locally", run as written: its `sh` blocks, in order, in one bash, from the
 * checkout, against the real Redis and the GitHub stand-in, with only the variables the section
 * says may be set beforehand (free ports, a fresh Redis key prefix). The output must say what the
 * section says it says: the delivery queued, and the check run and comment of its `text` block.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, ROOT, uniquePrefix } from './helpers.js';

const doc = readFileSync(resolve(ROOT, 'docs/github.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Try it locally'), doc.indexOf('### How it is wired'));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([^]*?)\\n```', 'g'))].map((m) => m[1]);
const prefix = uniquePrefix('gh-docs').replace(/:/g, '-');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

beforeAll(() => {
  // `npm ci` builds dist/ (bin/racebot.js runs it): build it from this checkout's sources.
  const b = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed: ${b.stdout}${b.stderr}`);
}, 240_000);

afterAll(async () => {
  await cleanupPrefix(prefix);
});

describe('docs/github.md: try it locally', () => {
  it('has the blocks a newcomer runs, and the output they should see', () => {
    expect(blocks('sh').length).toBeGreaterThanOrEqual(4);
    expect(blocks('text')).toHaveLength(1);
    expect(section).toContain('racebot: queued (opened of Codertocat/Hello-World#2)');
  });

  it('runs as written and shows what it says', async () => {
    const script = ['set -e', ...blocks('sh')].join('\n');
    const [standin, http, smtp] = await Promise.all([freePort(), freePort(), freePort()]);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      STANDIN_PORT: String(standin),
      RACEBOT_HTTP_LISTEN: `127.0.0.1:${http}`,
      RACEBOT_LISTEN: `127.0.0.1:${smtp}`,
      RACEBOT_REDIS_PREFIX: prefix,
      ...(process.env.REDIS_URL ? { REDIS_URL } : {}),
    };
    // Its own process group, so that whatever it leaves running is stopped with it.
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const code = await new Promise<number | null>((ok) => child.once('exit', ok));
      expect(code, `stderr:\n${err.slice(-3000)}\nstdout:\n${out.slice(-3000)}`).toBe(0);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    expect(out).toContain('racebot: queued (opened of Codertocat/Hello-World#2)');
    for (const line of blocks('text')[0].split('\n')) expect(out).toContain(line);
    // Each process said what it has, and no secret.
    expect(err).toMatch(/"msg":"github".*"app":"on \(app id 12345, key from \/tmp\/racebot-try-key\.pem\)"/);
    expect(err).toMatch(/"webhooks":"on at \/api\/github\/webhooks"/);
    expect(err).not.toContain('try-it-locally');
    expect(err).not.toContain('PRIVATE KEY-----');
  }, 240_000);
});
