/**
 * The dashboard handler over HTTP (no browser), with the in-memory store and with the Redis
 * store (when a Redis answers on 127.0.0.1:6379, as in CI): the shared examples checked, listed,
 * filtered by list / subsystem / delta, a finding's JSON with its replay command and the
 * version history "v7: introduces I3.2 -> v8: unchanged", and paths that are not its own left
 * to the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkPatch } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import { HAVE_SHARED, SHARED_EXAMPLES } from '../helpers/shared.js';
import { checkIntoStore, createDashboardHandler, emlFiles, findingUrls, MemoryFindingStore, patchFromMail, RedisFindingStore, type FindingStore, type StoredPatch } from '../../src/dashboard/index.js';

const FILES = HAVE_SHARED ? emlFiles([SHARED_EXAMPLES]) : [];

async function redisUp(): Promise<boolean> {
  const r = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function serve(handler: ReturnType<typeof createDashboardHandler>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void handler(req, res).then((mine) => {
      if (!mine) res.writeHead(404, { 'x-not-dashboard': '1' }).end('not mine');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (s: Server) =>
  new Promise<void>((ok) => {
    s.closeAllConnections();
    s.close(() => ok());
  });

function suite(name: string, make: () => Promise<{ store: FindingStore; done: () => Promise<void> }>, skip = false) {
  describe.skipIf(skip || !HAVE_SHARED)(`dashboard over HTTP (${name} store)`, () => {
    let url = '';
    let server: Server;
    let entries: StoredPatch[] = [];
    let done = async () => {};

    beforeAll(async () => {
      const made = await make();
      done = made.done;
      entries = await checkIntoStore(made.store, FILES);
      ({ server, url } = await serve(createDashboardHandler(made.store)));
    });
    afterAll(async () => {
      if (server) await close(server);
      await done();
    });

    const get = async (path: string) => {
      const r = await fetch(url + path);
      return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text(), mine: !r.headers.get('x-not-dashboard') };
    };
    const v7 = () => entries.find((e) => e.report.subject.startsWith('[PATCH v7 3/3]'))!;

    it('lists every checked patch, grouped by series, as HTML and JSON', async () => {
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.text.match(/<tr class="patch"/g)).toHaveLength(6);
      expect(page.text).toContain('v8 fixes the race reported on v7 (I3.2, S3 gup-fast-pin)');
      const api = JSON.parse((await get('/api/patches')).text) as { patches: { subject: string; findings: { delta: string }[] }[] };
      expect(api.patches).toHaveLength(6);
      const series = JSON.parse((await get('/api/series')).text) as { series: { patches: unknown[] }[] };
      expect(series.series).toHaveLength(6);
    });

    it('filters by delta, list and subsystem', async () => {
      const subjects = async (q: string) => (JSON.parse((await get(`/api/patches?${q}`)).text) as { patches: { subject: string }[] }).patches.map((p) => p.subject).sort();
      expect(await subjects('delta=introduces')).toEqual(['[PATCH v7 3/3] mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings']);
      expect((await subjects('delta=fixes')).length).toBe(2);
      expect(await subjects('list=linux-mips@linux-mips.org')).toEqual(['[PATCH] uprobes: allow for a cache flush after ixol breakpoint creation']);
      expect((await subjects('subsystem=mm')).every((s) => s.includes('mm/gup'))).toBe(true);
      expect((await subjects('subsystem=userfaultfd&delta=fixes')).length).toBe(1);
      const html = await get('/?delta=introduces');
      expect(html.text.match(/<tr class="patch"/g)).toHaveLength(1);
      expect(html.text).toContain('<option value="introduces" selected>');
      expect((await get('/api/patches?delta=bogus')).status).toBe(400);
    });

    it('serves a finding: JSON (racebot.check/1), replay command, version history, the SVG', async () => {
      const p = v7();
      const f = JSON.parse((await get(`/api/findings/${p.id}/0`)).text) as {
        finding: { scenario: string; delta: string; invariant: string; replay: string; trace: unknown[] };
        replay: string;
        history: { text: string }[];
        svg: string;
      };
      expect([f.finding.scenario, f.finding.delta, f.finding.invariant]).toEqual(['S3', 'introduces', 'I3.2']);
      expect(f.replay).toBe('racebot scenarios run S3.1 --switch tlb_flush_ipi=false --switch gup_recheck_pmd=true');
      expect(f.finding.replay).toBe(f.replay);
      expect(f.history.map((h) => h.text)).toEqual(['v7: introduces I3.2', 'v8: unchanged']);
      const svg = await get(f.svg);
      expect(svg.type).toMatch(/^image\/svg\+xml/);
      expect(svg.text).toContain('data-lanes="3"');
      const html = await get(`/findings/${p.id}/0`);
      expect(html.text).toContain('v7: introduces I3.2 -&gt; v8: unchanged');
      expect(html.text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
      expect(html.text).toContain('racebot scenarios run S3.1');
      const patch = JSON.parse((await get(`/api/patches/${p.id}`)).text) as { report: { schema: string; patches: { findings: unknown[] }[] } };
      expect(patch.report.schema).toBe('racebot.check/1');
      // One mail checked on its own (as a worker does) lands in the same series and family.
      const mail = await parseMessage(readFileSync(FILES.find((x) => x.includes('-v7.eml'))!));
      if (!mail.ok) throw new Error(mail.reason);
      const alone = patchFromMail(mail.mail, checkPatch(mail.mail));
      expect([alone.id, alone.seriesId, alone.family]).toEqual([p.id, p.seriesId, p.family]);
      expect(findingUrls('https://racebot.example/', p.id, 0).svg).toBe(`https://racebot.example/findings/${p.id}/0/trace.svg`);
      const seriesPage = await get(`/series/${p.seriesId}`);
      expect(seriesPage.status).toBe(200);
      expect(seriesPage.text).toContain('parts not received: 1, 2');
    });

    it('answers only its own paths; the rest is the server’s', async () => {
      for (const path of ['/healthz', '/metrics', '/api/github/webhooks', '/api/other', '/favicon.ico', '/findings/x']) {
        expect((await get(path)).mine, path).toBe(false);
      }
      expect((await get('/patches/nope')).status).toBe(404);
      expect((await get(`/findings/${v7().id}/7`)).status).toBe(404);
      const post = await fetch(`${url}/`, { method: 'POST', body: 'x' });
      expect(post.status).toBe(405);
      await post.text();
    });
  });
}

suite('memory', async () => ({ store: new MemoryFindingStore(), done: async () => {} }));

const redisAvailable = await redisUp();
suite(
  'Redis',
  async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
    const prefix = `racebot-test:dash:${process.pid}:${Date.now()}`;
    return {
      store: new RedisFindingStore(redis, { prefix }),
      done: async () => {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      },
    };
  },
  !redisAvailable,
);

describe.skipIf(!HAVE_SHARED)('dashboard mounted under a base path', () => {
  it('answers under it and nowhere else', async () => {
    const store = new MemoryFindingStore();
    await checkIntoStore(store, FILES.filter((f) => f.includes('gup-fast')));
    const { server, url } = await serve(createDashboardHandler(store, { basePath: '/dashboard/' }));
    try {
      const page = await fetch(`${url}/dashboard/`);
      const text = await page.text();
      expect(page.status).toBe(200);
      expect(text).toMatch(/href="\/dashboard\/findings\/[0-9a-f]+\/0"/);
      const root = await fetch(`${url}/`);
      expect(root.headers.get('x-not-dashboard')).toBe('1');
      await root.text();
    } finally {
      await close(server);
    }
  });
});
