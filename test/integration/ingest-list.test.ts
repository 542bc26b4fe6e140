/**
 * `racebot ingest --list ADDR` records the list (issue 10 §3): an mbox whose messages do not
 * name linux-mm in To/Cc, ingested as linux-mm's archive, is claimed by the subsystem that
 * opted in for that list, checked by a worker, and found by the dashboard's list filter (HTML
 * and JSON). Without --list the same mail is claimed by nobody. Real Redis, serve and worker.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServiceCommands } from '../../src/cli-service.js';
import type { Config } from '../../src/config.js';
import { listIds, withListId } from '../../src/ingest/list-id.js';
import { joinMbox, parseMessage } from '../../src/mail/index.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, rewrite, startSink, testConfig, uniqueId, uniquePrefix, waitFor, writeConfig, type Sink } from './helpers.js';

const EXAMPLE = readFileSync(resolve(process.cwd(), 'examples/gup-fast-pin-before-recheck.eml'), 'utf8');
const prefix = uniquePrefix('ingest-list');
const dir = mkdtempSync(join(tmpdir(), 'racebot-ingest-list-'));
let sink: Sink;
let cfg: Config;
let configFile: string;
let serve: ServeHandle;
let worker: WorkerHandle;

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port);
  configFile = writeConfig(cfg);
  serve = await startServe(cfg);
  worker = await startWorker(cfg);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
  if (configFile) rmSync(dirname(configFile), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

async function ingest(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = new Command().exitOverride();
  registerServiceCommands(program, { out: (s) => out.push(s), err: (s) => err.push(s) }, (c) => (code = c));
  await program.parseAsync(['node', 'racebot', 'ingest', '--config', configFile, ...args]);
  return { code, out, err };
}

/** The example, addressed to a person only (no list in To/Cc), as an mbox of one message. */
function mbox(messageId: string): string {
  const file = join(dir, `${messageId.split('@')[0]}.mbox`);
  writeFileSync(file, joinMbox([rewrite(EXAMPLE, { messageId, to: 'Somebody <somebody@example.org>', cc: null })]));
  return file;
}

const dashboard = async (path: string) => (await fetch(`http://127.0.0.1:${serve.http!.port}${path}`)).text();

describe('racebot ingest --list', () => {
  it('records the list: the opt-in claims the patch, and the dashboard’s list filter finds it', async () => {
    const mid = uniqueId('archived');
    const r = await ingest('--list', 'linux-mm@kvack.org', mbox(mid));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/read 1, queued 1, duplicates 0/);
    const h = keyOf(mid);
    await waitFor('the patch to be checked and reported', async () => (await serve.store.getMessage(h)).outcome === 'reported', 60000);
    expect((await serve.store.getSummary(h))?.lists).toContain('linux-mm.kvack.org');
    // The raw message kept for replies carries the list as the list would have added it.
    const raw = await serve.store.getRaw(h);
    expect(listIds(raw!)).toEqual(['linux-mm.kvack.org']);
    // The dashboard: in JSON and HTML under ?list=, with the list among the patch's lists.
    const api = JSON.parse(await waitFor('the dashboard entry', async () => {
      const t = await dashboard('/api/patches?list=linux-mm%40kvack.org');
      return t.includes(h) ? t : null;
    })) as { patches: { id: string; lists: string[] }[] };
    expect(api.patches.find((p) => p.id === h)?.lists).toEqual(['linux-mm@kvack.org']);
    expect(await dashboard('/?list=linux-mm%40kvack.org')).toContain(`data-id="${h}"`);
    expect(await dashboard('/?list=netdev%40vger.kernel.org')).not.toContain(`data-id="${h}"`);
  });

  it('without --list the same mail names no list: no subsystem claims it', async () => {
    const mid = uniqueId('unlisted');
    expect((await ingest(mbox(mid))).code).toBe(0);
    const h = keyOf(mid);
    await waitFor('the patch to be skipped', async () => (await serve.store.getMessage(h)).outcome === 'skipped', 60000);
    expect((await serve.store.getMessage(h)).reason).toBe('no subsystem opted in claims it');
  });

  it('a --list that is not an address is a usage error (exit 2), nothing queued', async () => {
    const r = await ingest('--list', 'linux-mm', mbox(uniqueId('bad-list')));
    expect(r.code).toBe(2);
    expect(r.err.join('')).toMatch(/--list: not a list address: "linux-mm"/);
  });
});

describe('withListId', () => {
  it('adds List-Id once, in the message’s own line ending, after an mbox From line, and keeps the rest byte for byte', async () => {
    const lf = Buffer.from(EXAMPLE);
    const once = withListId(lf, 'Linux-MM@kvack.org');
    expect(once.toString().startsWith('List-Id: <linux-mm.kvack.org>\nFrom: Maren Holt')).toBe(true);
    expect(once.subarray(once.indexOf('\n') + 1).equals(lf)).toBe(true);
    expect(withListId(once, 'linux-mm@kvack.org').equals(once)).toBe(true);
    const crlf = Buffer.from(EXAMPLE.replace(/\n/g, '\r\n'));
    expect(withListId(crlf, 'linux-mm@kvack.org').toString().startsWith('List-Id: <linux-mm.kvack.org>\r\nFrom:')).toBe(true);
    const fromLine = Buffer.from(`From maren Wed Jul  5 14:12:07 2023\n${EXAMPLE}`);
    expect(withListId(fromLine, 'linux-mm@kvack.org').toString().split('\n').slice(0, 2)).toEqual(['From maren Wed Jul  5 14:12:07 2023', 'List-Id: <linux-mm.kvack.org>']);
    // Another list's List-Id stays; the archive's is added beside it. The mail still parses the same.
    const other = withListId(withListId(lf, 'linux-kernel@vger.kernel.org'), 'linux-mm@kvack.org');
    expect(listIds(other)).toEqual(['linux-mm.kvack.org', 'linux-kernel.vger.kernel.org']);
    const a = await parseMessage(lf);
    const b = await parseMessage(other);
    if (!a.ok || !b.ok) throw new Error('parse');
    expect([b.mail.messageId, b.mail.subject, b.mail.diffText]).toEqual([a.mail.messageId, a.mail.subject, a.mail.diffText]);
    expect(() => withListId(lf, 'not a list')).toThrow(/not a list address/);
  });
});
