/**
 * The dashboard over HTTP with the project's own mails (no ../shared needed): malformed URLs
 * (bad percent-encodings and invalid UTF-8 in the path and in query values, ids that are not
 * ids) answer 400 with what is wrong and nothing internal; every answer carries the CSP and the
 * other security headers; the replay command a `fixes` finding offers reproduces the trace the
 * page draws (the race before the patch), run as offered.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { TraceStep } from '../../src/model/trace.js';
import { checkIntoStore, createDashboardHandler, MemoryFindingStore, type StoredPatch } from '../../src/dashboard/index.js';

const FILES = ['examples/gup-fast-pin-before-recheck.eml', 'test/corpus/S4/01-uprobes-xol-trampoline-arch-copy.eml', 'test/corpus/S1/01-do-wp-page-flush-pending-uffd-wp.eml'].map((f) => resolve(process.cwd(), f));

let server: Server;
let url = '';
let entries: StoredPatch[] = [];

beforeAll(async () => {
  const store = new MemoryFindingStore();
  entries = await checkIntoStore(store, FILES);
  const handler = createDashboardHandler(store);
  server = createServer((req, res) => void handler(req, res).then((mine) => mine || res.writeHead(404, { 'x-not-dashboard': '1' }).end()));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

async function get(path: string) {
  const r = await fetch(url + path);
  return { status: r.status, headers: r.headers, text: await r.text() };
}

/** A GET with the path exactly as written (fetch would normalize `..` and some escapes first). */
function rawGet(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((ok, fail) => {
    const req = request(url + '/', { path, method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), text }));
    });
    req.on('error', fail);
    req.end();
  });
}

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['node', 'racebot', ...args], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

const entry = (subject: RegExp) => entries.find((e) => subject.test(e.report.subject))!;

describe('malformed URLs answer 400, never 500', () => {
  const bad = [
    '/patches/%zz',
    '/patches/%E0%A4%A',
    '/findings/%/0',
    '/findings/abc/%ff',
    '/findings/abc/1x',
    '/api/patches/%c0%af',
    '/api/findings/%00/0',
    '/series/..',
    '/series/%2E%2E',
    '/patches/a%2Fb',
    '/?delta=%zz',
    '/?list=%ff',
    '/?subsystem=a%00b',
    '/api/patches?list=%E0%A4%A',
    '/api/patches?size=0',
    '/api/patches?size=abc',
    '/api/patches?after=nonsense',
    '/api/series?delta=%',
    `/?list=${'x'.repeat(600)}`,
  ];
  it.each(bad)('%s', async (path) => {
    const r = await rawGet(path);
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/URIError|TypeError|Error:|at .*\(|node:|\/src\//);
    expect(r.text.length).toBeLessThan(300);
    if (path.startsWith('/api/')) expect(JSON.parse(r.text)).toMatchObject({ error: expect.any(String), code: expect.stringMatching(/^bad-/) });
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('paths that are not the dashboard’s stay the server’s, however malformed', async () => {
    for (const path of ['/healthz?x=%zz', '/metrics%zz', '/api/github/webhooks?%ff', '/favicon.ico', '*']) expect((await rawGet(path)).headers.get('x-not-dashboard'), path).toBe('1');
  });
});

describe('security headers', () => {
  it('every answer (HTML, JSON, SVG, 404, 400, 405, redirect) has the CSP, nosniff and Referrer-Policy', async () => {
    const p = entry(/send long-term/);
    const paths = ['/', '/api/patches', '/api/series', `/patches/${p.id}`, `/api/patches/${p.id}`, `/series/${p.seriesId}`, `/findings/${p.id}/0`, `/api/findings/${p.id}/0`, `/findings/${p.id}/0/trace.svg`, '/patches/nope', '/?delta=bogus', '/patches'];
    const answers = [...(await Promise.all(paths.map(async (x) => ({ x, r: await fetch(url + x, { redirect: 'manual' }) })))), { x: 'POST /', r: await fetch(`${url}/`, { method: 'POST', body: 'x' }) }];
    expect(answers.map(({ r }) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 400, 404, 405].sort());
    for (const { x, r } of answers) {
      await r.arrayBuffer();
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, x).toContain("default-src 'none'");
      expect(csp, x).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
      expect(r.headers.get('x-content-type-options'), x).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), x).toBe('no-referrer');
      expect(r.headers.get('x-frame-options'), x).toBe('DENY');
    }
  });

  it('the HTML pages’ only inline content is the stylesheet the CSP names by its hash', async () => {
    const r = await get(`/findings/${entry(/send long-term/).id}/0`);
    expect(r.text).not.toMatch(/<script|\son[a-z]+=|javascript:|\sstyle="/i);
    const styles = [...r.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    expect(r.headers.get('content-security-policy')).toContain(`style-src 'sha256-${createHash('sha256').update(styles[0]).digest('base64')}'`);
  });
});

describe('the replay command reproduces the trace shown', () => {
  const cases = [
    { name: 'S4 fixes: the race before the patch is S4.0, not the patched S4.1', subject: /xol|trampoline/i, scenario: 'S4', variant: 'S4.0' },
    { name: 'S1 fixes: S1.0', subject: /flush pending|uffd-wp|do_wp_page/i, scenario: 'S1', variant: 'S1.0' },
  ];
  it.each(cases)('$name', async ({ subject, scenario, variant }) => {
    const p = entry(subject);
    const n = p.report.findings.findIndex((f) => f.scenario === scenario);
    const f = p.report.findings[n];
    expect(f.delta).toBe('fixes');
    const api = JSON.parse((await get(`/api/findings/${p.id}/${n}`)).text) as { replay: string; finding: { replay: string; trace: TraceStep[] } };
    expect(api.replay).toMatch(new RegExp(`^racebot scenarios run ${variant.replace('.', '\\.')}( --switch \\S+)*$`));
    expect(api.finding.replay).toBe(api.replay);
    const html = (await get(`/findings/${p.id}/${n}`)).text;
    expect(html).toContain(`<pre id="replay"><code>${api.replay}</code></pre>`);
    // Run as offered: a race (exit 1) ...
    const args = api.replay.split(' ').slice(1);
    const text = await run(...args);
    expect(text.err).toBe('');
    expect(text.code).toBe(1);
    expect(text.out).toContain(`Observation ${variant}`);
    // ... with exactly the trace the page draws.
    const j = await run(...args, '--format', 'json');
    expect(j.code).toBe(1);
    expect((JSON.parse(j.out) as { trace: TraceStep[] }).trace).toEqual(api.finding.trace);
    // The patched variant the page used to offer says Never: it could not reproduce this trace.
    expect(f.variant).not.toBe(variant);
    expect((await run('scenarios', 'run', f.variant!, ...args.slice(3))).code).toBe(0);
  });

  it('introduces: the patch’s own code is no spec variant, so no command is offered and the page says how to replay', async () => {
    const p = entry(/send long-term/);
    const api = JSON.parse((await get(`/api/findings/${p.id}/0`)).text) as { replay: string | null };
    expect(api.replay).toBeNull();
    expect((await get(`/findings/${p.id}/0`)).text).toContain('replay with <code>racebot check</code> on the patch');
  });
});
