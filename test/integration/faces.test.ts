/**
 * `racebot serve` + `racebot worker` with the two faces wired in: a patch mailed to the listener
 * shows up on serve's dashboard with its trace drawn, and a pull request webhook POSTed to serve
 * is checked by a worker (from the `github` queue) and reported to a local stand-in for the
 * GitHub API. Real Redis, real SMTP, real HTTP.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { findingUrls } from '../../src/dashboard/index.js';
import { parseMessage } from '../../src/mail/index.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { FakeGitHub } from './github-fake-api.js';
import { cleanupPrefix, example, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const require = createRequire(import.meta.url);
const WEBHOOKS = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
const SECRET = 'racebot-faces-secret';

const prefix = uniquePrefix('faces');
const gh = new FakeGitHub();
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;
let base = '';

beforeAll(async () => {
  await gh.start();
  sink = await startSink();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  cfg = testConfig(prefix, sink.port, {
    serve: { http: { host: '127.0.0.1', port: 0 }, publicUrl: 'https://racebot.example.org/' },
    github: { appId: '4242', privateKey, webhookSecret: SECRET, baseUrl: gh.url },
  } as never);
  serve = await startServe(cfg);
  worker = await startWorker(cfg);
  base = `http://127.0.0.1:${serve.http!.port}`;
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await gh.stop();
  await cleanupPrefix(prefix);
});

describe.skipIf(!HAVE_SHARED)('serve with the dashboard and the GitHub App', () => {
  test('a mailed patch appears on the dashboard with its finding drawn', async () => {
    const mid = uniqueId('v7dash');
    await sendRaw(serve.smtpPort, example('12-gup-fast-longterm-file-v7.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
    const [reply] = await waitFor('the reply', () => sink.repliesTo(mid).length > 0 && sink.repliesTo(mid), 30000);
    // The reply links the same picture the dashboard serves.
    const link = /https:\/\/racebot\.example\.org\/findings\/([0-9a-f]+)\/(\d+)\/trace\.svg/.exec(reply.mail.text ?? '');
    expect(link).not.toBeNull();
    const list = await waitFor('the dashboard entry', async () => {
      const r = await fetch(`${base}/api/patches?delta=introduces`);
      const j = (await r.json()) as { patches?: { id: string; messageId?: string; report?: { messageId: string } }[] } | { id: string }[];
      const arr = Array.isArray(j) ? j : (j.patches ?? []);
      return arr.length > 0 && arr;
    }, 30000);
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((p: { id: string }) => p.id)).toContain(link![1]);
    const { svg } = findingUrls(base, link![1], Number(link![2]));
    const pic = await (await fetch(svg)).text();
    expect(pic).toMatch(/^<svg|<svg /);
    expect(pic).toContain('violat');
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings');
    // /healthz and /metrics still answer next to the dashboard.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  test('a pull request webhook to serve is checked by a worker and reported to GitHub', async () => {
    const opened = structuredClone(WEBHOOKS.find((d) => d.name === 'pull_request')!.examples.find((x) => x.action === 'opened' && x.installation));
    const pr = opened.pull_request;
    const mail = await parseMessage(readFileSync(resolve(process.cwd(), '../shared/examples/12-gup-fast-longterm-file-v7.eml')));
    if (!mail.ok) throw new Error(mail.reason);
    gh.pulls.set(pr.number, { number: pr.number, headSha: pr.head.sha, diff: mail.mail.diffText, json: pr });
    gh.config = 'enabled: true\n';
    const body = JSON.stringify(opened);
    const res = await fetch(`${base}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(res.status).toBe(200);
    const run = await waitFor('a completed check run', () => [...gh.checkRuns.values()].find((r) => r.head_sha === pr.head.sha && r.status === 'completed'), 30000);
    expect(run.conclusion).toBe('failure');
    expect(JSON.stringify(run)).toContain('I3.2');
  });
});
