/**
 * The dashboard obeys the mail's policy gate (issue 10 §2): a finding of an embargoed subsystem
 * is nowhere on the dashboard (list, series, patch, finding, SVG, JSON) until the embargo has
 * passed on the injected clock, then everywhere; a dry-run subsystem's findings stay off unless
 * the dashboard is told to show them; not opted in, kill switch and an opted-out author hide
 * too. Against the Redis store on 127.0.0.1:6379, with the bundled example mail.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPatch } from '../../src/check/check.js';
import { SubsystemsSchema, type SubsystemsConfig } from '../../src/config.js';
import { createDashboardHandler, patchFromMail, publication, RedisFindingStore, serviceGate, type DashboardGate, type StoredPatch } from '../../src/dashboard/index.js';
import { Store } from '../../src/service/store.js';
import { parseMessage } from '../../src/mail/index.js';
import { decide } from '../../src/service/policy.js';
import { summarize } from '../../src/service/summary.js';
import { cleanupPrefix, REDIS_URL, rewrite, uniquePrefix } from './helpers.js';

const EXAMPLE = resolve(process.cwd(), 'examples/gup-fast-pin-before-recheck.eml');
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3600_000;

const subsystems = (mm: Record<string, unknown>, killSwitch = false): SubsystemsConfig =>
  SubsystemsSchema.parse({ killSwitch, subsystems: [{ name: 'mm', optIn: true, lists: ['linux-mm@kvack.org'], files: ['mm/'], maintainers: ['M <m@example.org>'], policy: 'list', ...mm }] });

let redis: Redis;
let prefix = '';
let store: RedisFindingStore;
let entry: StoredPatch;
let server: Server;
let url = '';
// What the running handler uses; each test sets them.
let gate: DashboardGate | null = null;
let clock = T0;

beforeAll(async () => {
  prefix = uniquePrefix('dash-gate');
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  store = new RedisFindingStore(redis, { prefix: `${prefix}:dash` });
  const raw = rewrite(readFileSync(EXAMPLE, 'utf8'), { messageId: `gate.${prefix.replace(/[^a-z0-9]/gi, '')}@example.org` });
  const r = await parseMessage(raw);
  if (!r.ok) throw new Error(r.reason);
  entry = patchFromMail(r.mail, checkPatch(r.mail), { receivedAt: new Date(T0).toISOString() });
  expect(entry.report.findings.find((f) => f.scenario === 'S3')?.delta).toBe('introduces');
  await store.put(entry);
  // One handler for the file: the gate and the clock are read through closures.
  const handler = createDashboardHandler(store, {
    get gate() {
      return gate;
    },
    now: () => clock,
  });
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

/** Every place the finding could show up, and whether it does. */
async function seen(): Promise<Record<string, boolean>> {
  const get = async (path: string) => {
    const r = await fetch(url + path);
    return { status: r.status, text: await r.text() };
  };
  const index = await get('/');
  const api = await get('/api/patches');
  const apiSeries = await get('/api/series');
  const patch = await get(`/patches/${entry.id}`);
  const finding = await get(`/findings/${entry.id}/0`);
  const apiFinding = await get(`/api/findings/${entry.id}/0`);
  const svg = await get(`/findings/${entry.id}/0/trace.svg`);
  const series = await get(`/series/${entry.seriesId}`);
  for (const r of [patch, finding, apiFinding, svg, series]) expect([200, 404]).toContain(r.status);
  // Hidden answers exactly as missing: nothing of the patch leaks into the 404.
  for (const r of [patch, finding, apiFinding, svg, series]) if (r.status === 404) expect(r.text).not.toContain('send long-term');
  return {
    index: index.text.includes(entry.id),
    api: (JSON.parse(api.text) as { patches: { id: string }[] }).patches.some((p) => p.id === entry.id),
    apiSeries: apiSeries.text.includes(entry.id),
    patch: patch.status === 200,
    finding: finding.status === 200 && finding.text.includes('<svg'),
    apiFinding: apiFinding.status === 200,
    svg: svg.status === 200,
    series: series.status === 200,
  };
}

const all = (v: boolean) => ({ index: v, api: v, apiSeries: v, patch: v, finding: v, apiFinding: v, svg: v, series: v });

describe('the dashboard behind the mail’s policy gate', () => {
  it('an embargoed finding is invisible in HTML and JSON until its time, then visible', async () => {
    gate = { subsystems: subsystems({ embargo: '2h' }) };
    clock = T0;
    expect(await seen()).toEqual(all(false));
    clock = T0 + 2 * HOUR - 1;
    expect(await seen()).toEqual(all(false));
    clock = T0 + 2 * HOUR;
    expect(await seen()).toEqual(all(true));
  });

  it('the embargo is the mail’s: the same subsystems claim the patch and the same delay applies', async () => {
    const cfg = subsystems({ embargo: '2h' });
    const r = await parseMessage(readFileSync(EXAMPLE));
    if (!r.ok) throw new Error(r.reason);
    const d = decide(cfg, { killSwitch: false, optedOut: new Set(), muted: {} }, summarize(r.mail, { botAddress: 'racebot@example.org' }), { outcome: 'checked', findings: entry.report.findings, followUp: false });
    if (!d.send) throw new Error(`the mail would not be sent: ${d.reason}`);
    const pub = publication(entry, { subsystems: cfg, state: { killSwitch: false, optedOut: new Set() }, now: T0 });
    expect(pub.until).toBe(T0 + d.embargoSeconds * 1000);
  });

  it('a dry-run subsystem’s finding stays off the dashboard unless configured to show dry-run', async () => {
    clock = T0 + 24 * HOUR;
    gate = { subsystems: subsystems({ policy: 'dry-run' }) };
    expect(await seen()).toEqual(all(false));
    gate = { subsystems: subsystems({ policy: 'dry-run' }), showDryRun: true };
    expect(await seen()).toEqual(all(true));
  });

  it('not opted in, the kill switch (config or Redis) and an opted-out author hide it; no gate shows everything', async () => {
    clock = T0 + 24 * HOUR;
    gate = { subsystems: subsystems({ optIn: false }) };
    expect(await seen()).toEqual(all(false));
    gate = { subsystems: subsystems({}, true) };
    expect(await seen()).toEqual(all(false));
    gate = { subsystems: subsystems({}), state: async () => ({ killSwitch: true, optedOut: new Set() }) };
    expect(await seen()).toEqual(all(false));
    gate = { subsystems: subsystems({}), state: async () => ({ killSwitch: false, optedOut: new Set(['maren.holt@example.org']) }) };
    expect(await seen()).toEqual(all(false));
    gate = { subsystems: subsystems({}) };
    expect(await seen()).toEqual(all(true));
    gate = null;
    expect(await seen()).toEqual(all(true));
  });

  it('serve’s gate reads the kill switch and the opt-outs the mail path keeps in Redis', async () => {
    clock = T0 + 24 * HOUR;
    const policy = new Store(redis, prefix);
    gate = serviceGate({ subsystems: subsystems({}) }, policy);
    expect(await seen()).toEqual(all(true));
    await redis.set(policy.k('killswitch'), '1');
    expect(await seen()).toEqual(all(false));
    await redis.del(policy.k('killswitch'));
    await policy.optOut('Maren.Holt@example.org');
    expect(await seen()).toEqual(all(false));
  });
});
