/**
 * The webhook endpoint: a Node request handler for `POST /api/github/webhooks` that refuses
 * before reading what it must not read. In order:
 *
 *   not POST -> 405; not JSON -> 415; no X-Hub-Signature-256 -> 401; no X-GitHub-Event or
 *   X-GitHub-Delivery -> 400; Content-Length over the limit -> 413 (nothing read); the body
 *   read up to the limit, the connection closed past it -> 413; signature mismatch -> 401;
 *   not JSON -> 400; a payload without what its event needs -> 400; else the job is handed to
 *   `onTask` -> 200 ("queued"), or 200 ("ignored", with why).
 *
 * Answers are short fixed sentences: no payload, no exception text. Bodies are never logged:
 * the log gets the event, the delivery id, the answer and why.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDelivery, type GithubTask } from './task.js';

export interface WebhookLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface WebhookOptions {
  /** The webhook secret; null: the endpoint answers 503 (the App is not configured here). */
  readonly secret: string | null;
  readonly path?: string;
  readonly maxBytes: number;
  /** Queue (or run) the job; a throw is a 503 (try the delivery again). */
  readonly onTask: (task: GithubTask) => Promise<void>;
  readonly log?: WebhookLog;
}

export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

function answer(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = `${text}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

/** The body, or null when it is longer than `max` (then the request is no longer read). */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.once('error', (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
    // The client went away before the end: nothing to answer.
    req.once('close', () => {
      if (done) return;
      done = true;
      reject(new Error('the client closed the connection'));
    });
  });
}

/** `sha256=<hex>` of the body with the secret, compared in constant time. */
export function signatureValid(secret: string, body: Buffer, header: string): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const want = createHmac('sha256', secret).update(body).digest();
  const got = Buffer.from(m[1], 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : null;
};

export function createWebhookHandler(o: WebhookOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const path = (o.path ?? DEFAULT_WEBHOOK_PATH).replace(/\/+$/, '');
  const log = o.log;
  /** Answer, then close the connection without reading the rest of the request. */
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, text: string, fields: Record<string, unknown>) => {
    log?.warn('github webhook refused', { status, why: text, ...fields });
    answer(res, status, text, { connection: 'close' });
    res.once('finish', () => req.socket.destroy());
  };
  return async (req, res) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const p = (q < 0 ? raw : raw.slice(0, q)).replace(/\/+$/, '');
    if (p !== path) return false;
    if (req.method !== 'POST') {
      answer(res, 405, 'racebot: POST GitHub webhook deliveries here', { allow: 'POST' });
      return true;
    }
    if (!o.secret) {
      refuse(req, res, 503, 'racebot: the GitHub App is not configured on this server', {});
      return true;
    }
    const event = header(req, 'x-github-event');
    const delivery = header(req, 'x-github-delivery');
    const signature = header(req, 'x-hub-signature-256');
    const fields = { event, delivery };
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) return (refuse(req, res, 415, 'racebot: deliveries must be application/json', fields), true);
    if (!signature) return (refuse(req, res, 401, 'racebot: unsigned delivery (no X-Hub-Signature-256)', fields), true);
    if (!event || !delivery) return (refuse(req, res, 400, 'racebot: X-GitHub-Event and X-GitHub-Delivery are required', fields), true);
    const declared = Number(header(req, 'content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > o.maxBytes) return (refuse(req, res, 413, `racebot: deliveries are limited to ${o.maxBytes} bytes`, { ...fields, bytes: declared }), true);
    let body: Buffer | null;
    try {
      body = await readCapped(req, o.maxBytes);
    } catch {
      refuse(req, res, 400, 'racebot: the delivery could not be read', fields);
      return true;
    }
    if (body === null) return (refuse(req, res, 413, `racebot: deliveries are limited to ${o.maxBytes} bytes`, fields), true);
    if (!signatureValid(o.secret, body, signature)) return (refuse(req, res, 401, 'racebot: signature mismatch', fields), true);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      answer(res, 400, 'racebot: the delivery is not JSON');
      log?.warn('github webhook refused', { status: 400, why: 'not JSON', ...fields });
      return true;
    }
    const parsed = parseDelivery(event, delivery, payload);
    if (parsed.kind === 'invalid') {
      answer(res, 400, `racebot: ${parsed.why}`);
      log?.warn('github webhook refused', { status: 400, why: parsed.why, ...fields });
      return true;
    }
    if (parsed.kind === 'ignored') {
      answer(res, 200, `racebot: ignored (${parsed.why})`);
      log?.info('github webhook ignored', { why: parsed.why, ...fields });
      return true;
    }
    try {
      await o.onTask(parsed.task);
    } catch (e) {
      answer(res, 503, 'racebot: cannot queue the delivery now, redeliver it later');
      log?.warn('github webhook not queued', { status: 503, error: (e as Error).message, ...fields });
      return true;
    }
    const t = parsed.task;
    answer(res, 200, `racebot: queued (${t.trigger} of ${t.pr.owner}/${t.pr.repo}#${t.pr.number})`);
    log?.info('github webhook queued', { trigger: t.trigger, pr: `${t.pr.owner}/${t.pr.repo}#${t.pr.number}`, ...fields });
    return true;
  };
}
