/**
 * The webhook endpoint as a hostile client meets it, over real HTTP on `racebot serve` (real
 * Redis): an unsigned or oversized delivery is refused before its body is read (the answer
 * arrives while the client is still holding most of the body back), a body larger than the
 * limit without a Content-Length is cut off, signed deliveries without what their event needs
 * are 400s with a fixed sentence (no TypeError, no stack), and no body ever reaches the log.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import type { Logger } from '../../src/service/context.js';
import { sign, webhookExample } from './github-helpers.js';
import { cleanupPrefix, testConfig, uniquePrefix } from './helpers.js';

const SECRET = 'racebot-webhook-test-secret';
const MAX = 64 * 1024;
const MARK = 'BODY-MARKER-7f3a9c';
const prefix = uniquePrefix('gh-webhook');
const lines: string[] = [];
const log: Logger = {
  info: (m, f) => lines.push(JSON.stringify({ m, ...f })),
  warn: (m, f) => lines.push(JSON.stringify({ m, ...f })),
  error: (m, f) => lines.push(JSON.stringify({ m, ...f })),
};
let serve: ServeHandle;
let cfg: Config;
let port = 0;

beforeAll(async () => {
  cfg = testConfig(prefix, 1, { serve: { http: { host: '127.0.0.1', port: 0 } }, github: { webhookSecret: SECRET, maxWebhookBytes: MAX } } as never);
  serve = await startServe(cfg, { log });
  port = serve.http!.port;
});

afterAll(async () => {
  await serve?.close();
  await cleanupPrefix(prefix);
});

interface Sent {
  status: number;
  text: string;
  /** Bytes of the body the client had written when the answer came. */
  written: number;
}

/**
 * POSTs `total` bytes (`declare`: with Content-Length, else chunked), writing the first chunk and
 * then one chunk each time the previous one is flushed, and stops writing when the answer comes.
 */
function postSlowly(headers: Record<string, string>, total: number, declare: boolean, first = Buffer.from('{"x":"')): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/github/webhooks', headers: { 'content-type': 'application/json', ...headers, ...(declare ? { 'content-length': String(total) } : {}) } });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, written }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text, written }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      if (answered || req.destroyed) return;
      if (written >= total) return void req.end();
      const c = written === 0 ? first : chunk.subarray(0, Math.min(chunk.length, total - written));
      written += c.length;
      if (req.write(c)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}

const signedHeaders = (event: string | null, body: string) => ({
  ...(event ? { 'x-github-event': event } : {}),
  'x-github-delivery': randomUUID(),
  'x-hub-signature-256': sign(SECRET, body),
});

async function postSigned(event: string | null, payload: unknown): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(event, body) }, body });
  return { status: res.status, text: await res.text() };
}

describe('the webhook endpoint refuses before it reads', () => {
  it('an unsigned 200 MB delivery: 401 while the client has sent almost none of it', async () => {
    const r = await postSlowly({ 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID() }, 200 * 1024 * 1024, true, Buffer.from(`{"m":"${MARK}`));
    expect(r.status).toBe(401);
    expect(r.text).toBe('racebot: unsigned delivery (no X-Hub-Signature-256)\n');
    expect(r.written).toBeLessThan(50 * 1024 * 1024);
  });

  it('a signed delivery declaring more than the limit: 413 before reading it', async () => {
    const r = await postSlowly({ 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, 200 * 1024 * 1024, true, Buffer.from(`{"m":"${MARK}`));
    expect(r.status).toBe(413);
    expect(r.text).toBe(`racebot: deliveries are limited to ${MAX} bytes\n`);
    expect(r.written).toBeLessThan(50 * 1024 * 1024);
  });

  it('a chunked delivery (no Content-Length) that grows past the limit: 413, the connection closed', async () => {
    const r = await postSlowly({ 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, 200 * 1024 * 1024, false, Buffer.from(`{"m":"${MARK}`));
    expect(r.status).toBe(413);
    expect(r.written).toBeLessThan(50 * 1024 * 1024);
  });

  it('a delivery within the limit with a wrong signature: 401', async () => {
    const body = JSON.stringify({ m: MARK });
    const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': sign('another-secret', body) },
      body,
    });
    expect([res.status, await res.text()]).toEqual([401, 'racebot: signature mismatch\n']);
  });

  it('GET, a form-encoded body: 405, 415', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/api/github/webhooks`)).status).toBe(405);
    const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D' });
    expect(res.status).toBe(415);
  });
});

describe('serve without a webhook secret', () => {
  it('answers 503 saying the App is not configured here (not a bare 405), and logs that webhooks are off', async () => {
    const p2 = uniquePrefix('gh-webhook-off');
    const said: string[] = [];
    const quiet: Logger = { info: (m, f) => said.push(`${m} ${JSON.stringify(f)}`), warn: () => {}, error: () => {} };
    const off = await startServe(testConfig(p2, 1, { serve: { http: { host: '127.0.0.1', port: 0 } } } as never), { log: quiet });
    try {
      const res = await fetch(`http://127.0.0.1:${off.http!.port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([res.status, await res.text()]).toEqual([503, 'racebot: the GitHub App is not configured on this server\n']);
      expect(said.join('\n')).toContain('"webhooks":"off (no webhook secret: GITHUB_WEBHOOK_SECRET or WEBHOOK_SECRET)"');
    } finally {
      await off.close();
      await cleanupPrefix(p2);
    }
  });
});

describe('signed deliveries without what their event needs: 400, no internals', () => {
  const noInternals = (text: string) => {
    expect(text).not.toMatch(/TypeError|ReferenceError|Cannot read|undefined|at \S+ \(|\.ts:\d+|node_modules/);
    expect(text.startsWith('racebot: ')).toBe(true);
  };

  it('pull_request.opened without pull_request', async () => {
    const ev = webhookExample('pull_request', 'opened');
    delete ev.pull_request;
    const r = await postSigned('pull_request', ev);
    expect(r.status).toBe(400);
    expect(r.text).toBe('racebot: a pull_request.opened event without a valid pull_request\n');
    noInternals(r.text);
  });

  it('pull_request.opened without pull_request.head', async () => {
    const ev = webhookExample('pull_request', 'opened');
    delete ev.pull_request.head;
    const r = await postSigned('pull_request', ev);
    expect(r.status).toBe(400);
    expect(r.text).toBe('racebot: a pull_request.opened event without a valid pull_request.head\n');
    noInternals(r.text);
  });

  it('no X-GitHub-Event', async () => {
    const r = await postSigned(null, webhookExample('pull_request', 'opened'));
    expect(r.status).toBe(400);
    expect(r.text).toBe('racebot: X-GitHub-Event and X-GitHub-Delivery are required\n');
  });

  it('not JSON, a JSON array, an event without action', async () => {
    const body = '{"action": "opened", ';
    const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders('pull_request', body) }, body });
    expect([res.status, await res.text()]).toEqual([400, 'racebot: the delivery is not JSON\n']);
    const arr = await postSigned('pull_request', [1, 2]);
    expect(arr.status).toBe(400);
    noInternals(arr.text);
    const ev = webhookExample('pull_request', 'opened');
    delete ev.action;
    expect((await postSigned('pull_request', ev)).status).toBe(400);
  });

  it('a valid signed opened is queued; other events and actions are answered and ignored', async () => {
    const ok = await postSigned('pull_request', webhookExample('pull_request', 'opened'));
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^racebot: queued \(opened of [^ ]+#\d+\)\n$/);
    expect(await serve.queues.github.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect((await postSigned('pull_request', webhookExample('pull_request', 'closed'))).text).toBe('racebot: ignored (pull_request.closed)\n');
    expect((await postSigned('ping', { zen: 'x', hook_id: 1 })).status).toBe(200);
  });

  it('nothing a client sent is in the log', () => {
    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join('\n');
    expect(all).not.toContain(MARK);
    // The pull request's title and body (what a payload carries beyond its names) are not there either.
    const ev = webhookExample('pull_request', 'opened');
    expect(all).not.toContain(ev.pull_request.title);
    expect(all).not.toContain('aaaaaaaaaaaaaaaa');
    expect(all).not.toContain(SECRET);
  });
});
