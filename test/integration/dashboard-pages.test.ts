/**
 * The dashboard's list in pages (issue 10 §3: it was silently cut at the newest 2,000): 2,345
 * patches in the Redis store, walked page by page in HTML and in JSON, each exactly once, newest
 * first, with the dates shown; a filter and the gate page over the whole index too; entries
 * that arrive while someone pages neither repeat nor skip anything.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPatch } from '../../src/check/check.js';
import { createDashboardHandler, patchFromMail, RedisFindingStore, type StoredPatch } from '../../src/dashboard/index.js';
import { parseMessage } from '../../src/mail/index.js';
import { cleanupPrefix, REDIS_URL, uniquePrefix } from './helpers.js';

const N = 2345;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE = 60_000;

let redis: Redis;
let prefix = '';
let store: RedisFindingStore;
let server: Server;
let url = '';
let ids: string[] = [];

/** Entry i: received i minutes after T0 (several share a minute, so ties are paged by id), every 10th on another list. */
function entryAt(template: StoredPatch, i: number): StoredPatch {
  const id = `p${String(i).padStart(5, '0')}`;
  return {
    ...template,
    id,
    seriesId: `s${i}`,
    family: `f${i}`,
    receivedAt: new Date(T0 + Math.floor(i / 3) * MINUTE).toISOString(),
    lists: i % 10 === 0 ? ['linux-mips@vger.kernel.org'] : ['linux-mm@kvack.org'],
    report: { ...template.report, subject: `[PATCH] mm/gup: change number ${i}` },
  };
}

beforeAll(async () => {
  prefix = uniquePrefix('dash-pages');
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  store = new RedisFindingStore(redis, { prefix: `${prefix}:dash` });
  const r = await parseMessage(readFileSync(resolve(process.cwd(), 'examples/gup-fast-pin-before-recheck.eml')));
  if (!r.ok) throw new Error(r.reason);
  const template = patchFromMail(r.mail, checkPatch(r.mail));
  const entries = Array.from({ length: N }, (_, i) => entryAt(template, i));
  for (let i = 0; i < entries.length; i += 200) await Promise.all(entries.slice(i, i + 200).map((e) => store.put(e)));
  // Newest first; within one minute the larger id first (the index's order).
  ids = [...entries].sort((a, b) => (a.receivedAt !== b.receivedAt ? (a.receivedAt < b.receivedAt ? 1 : -1) : a.id < b.id ? 1 : -1)).map((e) => e.id);
  const handler = createDashboardHandler(store);
  server = createServer((req, res) => void handler(req, res).then((mine) => mine || res.writeHead(404).end()));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  await cleanupPrefix(prefix);
  redis?.disconnect();
});

interface ApiPage {
  patches: { id: string; receivedAt: string; date: string | null }[];
  page: { size: number; next: string | null; nextHref: string | null };
}

async function walkJson(first: string): Promise<{ ids: string[]; pages: number }> {
  const out: string[] = [];
  let href: string | null = first;
  let pages = 0;
  while (href) {
    const res = await fetch(url + href);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ApiPage;
    out.push(...body.patches.map((p) => p.id));
    href = body.page.nextHref;
    pages++;
    expect(pages).toBeLessThan(100);
  }
  return { ids: out, pages };
}

describe('the list in pages, past 2,000 entries', () => {
  it('JSON: every entry exactly once, newest first, with its dates', async () => {
    const first = (await (await fetch(`${url}/api/patches?size=500`)).json()) as ApiPage;
    expect(first.patches).toHaveLength(500);
    expect(first.patches[0]).toMatchObject({ id: ids[0], receivedAt: new Date(T0 + Math.floor((N - 1) / 3) * MINUTE).toISOString() });
    expect(first.patches[0].date).toBe('2023-07-05T12:12:07.000Z');
    const walked = await walkJson('/api/patches?size=500');
    expect(walked.pages).toBe(5);
    expect(walked.ids).toEqual(ids);
  });

  it('HTML: 100 a page by default, the dates in each row, an "older" link to the next page until the last', async () => {
    const seen: string[] = [];
    let href: string | null = '/';
    let pages = 0;
    while (href) {
      const html = await (await fetch(url + href)).text();
      const rows = [...html.matchAll(/<tr class="patch" data-id="([^"]+)">.*?<time datetime="([^"]+)">([^<]+)<\/time>/g)];
      for (const m of rows) {
        seen.push(m[1]);
        expect(m[3]).toBe(`${m[2].slice(0, 16).replace('T', ' ')} UTC`);
      }
      expect(rows.length).toBe(pages < 23 ? 100 : N - 2300);
      href = /<a rel="next" href="([^"]+)">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
      if (pages > 0) expect(html).toContain('<a rel="first" href="/">newest</a>');
      pages++;
    }
    expect(pages).toBe(24);
    expect(seen).toEqual(ids);
  });

  it('a filter pages over the whole index, not over the newest 2,000', async () => {
    const mips = await walkJson('/api/patches?list=linux-mips%40vger.kernel.org&size=50');
    expect(mips.ids).toEqual(ids.filter((id) => Number(id.slice(1)) % 10 === 0));
    expect(mips.ids).toContain('p00000');
    const series = (await (await fetch(`${url}/api/series?size=7`)).json()) as { page: { next: string }; series: unknown[] };
    expect(series.series).toHaveLength(7);
    expect(series.page.next).toMatch(/^\d+_p\d{5}$/);
  });

  it('entries that arrive while someone pages neither repeat nor shift the later pages', async () => {
    const p1 = (await (await fetch(`${url}/api/patches?size=300`)).json()) as ApiPage;
    const template = (await store.get(ids[0]))!;
    await store.put({ ...template, id: 'pnewest', receivedAt: new Date(T0 + 10_000 * MINUTE).toISOString() });
    const rest = await walkJson(p1.page.nextHref!);
    expect([...p1.patches.map((p) => p.id), ...rest.ids]).toEqual(ids);
    const top = (await (await fetch(`${url}/api/patches?size=1`)).json()) as ApiPage;
    expect(top.patches[0].id).toBe('pnewest');
  });
});
