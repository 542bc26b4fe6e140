/**
 * The GitHub App end to end over HTTP: real webhook payloads (@octokit/webhooks-examples) signed
 * with the webhook secret and POSTed to /api/github/webhooks, Probot verifying the signatures,
 * the check run in process, and every GitHub API call received by a local stand-in server.
 * Two pushes to one pull request (v7 of the GUP-fast patch, then v8): one check run per push,
 * the race's annotation on the changed line, one summary comment edited in place.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, MemoryFindingStore } from '../../src/dashboard/index.js';
import { createGithubApp, publishCheckRun, type GithubApp, type Octo } from '../../src/github/app.js';
import { COMMENT_MARKER, historyOf, type Annotation } from '../../src/github/report.js';
import { parseMessage } from '../../src/mail/index.js';
import { FakeGitHub } from './github-fake-api.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const require = createRequire(import.meta.url);
const EXAMPLES = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
const SECRET = 'racebot-test-webhook-secret';
const SHARED = resolve(process.cwd(), '../shared/examples');

function example(event: string, action: string): any {
  const e = EXAMPLES.find((d) => d.name === event)!.examples.find((x) => x.action === action && x.installation);
  if (!e) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(e);
}

async function diffOf(file: string): Promise<string> {
  const r = await parseMessage(readFileSync(resolve(SHARED, file)));
  if (!r.ok) throw new Error(r.reason);
  return r.mail.diffText;
}

const V8_SHA = 'f7c3b2a10de4c5b6a7980fedcba9876543210abc';

describe.skipIf(!HAVE_SHARED)('GitHub App (Probot) against a local GitHub API', () => {
  const gh = new FakeGitHub();
  const store = new MemoryFindingStore();
  let app: GithubApp;
  let server: Server;
  let base = '';
  let opened: any;
  let v7 = '';
  let v8 = '';

  const deliver = async (event: string, payload: unknown, secret = SECRET) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${base}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
    const text = await res.text();
    await app.idle();
    return { status: res.status, text };
  };

  beforeAll(async () => {
    [v7, v8] = await Promise.all([diffOf('12-gup-fast-longterm-file-v7.eml'), diffOf('13-gup-fast-longterm-file-v8.eml')]);
    await gh.start();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    // The dashboard and the webhooks share one server, as in `racebot serve`.
    let publicUrl = '';
    server = createServer((req, res) => {
      void (async () => {
        if (await app.handler(req, res)) return;
        if (await dashboard(req, res)) return;
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dashboard = createDashboardHandler(store);
    app = await createGithubApp({ appId: 4242, privateKey, secret: SECRET, baseUrl: gh.url, store, publicUrl, logLevel: 'fatal', throttle: false });
    opened = example('pull_request', 'opened');
    const pr = opened.pull_request;
    gh.pulls.set(pr.number, { number: pr.number, headSha: pr.head.sha, diff: v7, json: pr });
    gh.config = 'enabled: true\nswitches:\n  tlb_flush_ipi: false\n';
  });

  afterAll(async () => {
    await new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
    await gh.stop();
  });

  it('rejects a delivery whose signature was made with another secret, and calls nothing', async () => {
    const before = gh.calls.length;
    const r = await deliver('pull_request', opened, 'not-the-secret');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(gh.calls.length).toBe(before);
  });

  it('push 1 (v7): a failing check run with the race, its annotation on the changed line, and one summary comment', async () => {
    const sha = opened.pull_request.head.sha as string;
    const r = await deliver('pull_request', opened);
    expect(r.status).toBe(200);

    // Authenticated as the installation, with the token GitHub handed out.
    expect(gh.calls.some((c) => c.path === `/app/installations/${opened.installation.id}/access_tokens`)).toBe(true);
    const write = gh.writes();
    expect(write.every((c) => c.auth === `token ghs_installation_${opened.installation.id}`)).toBe(true);
    // The opt-in file was read, and the diff fetched with the diff media type.
    expect(gh.calls.some((c) => c.method === 'GET' && c.path.endsWith('/contents/.github/racebot.yml'))).toBe(true);
    expect(gh.calls.some((c) => c.method === 'GET' && c.path.endsWith(`/pulls/${opened.pull_request.number}`) && /diff/.test(c.accept))).toBe(true);

    const runs = [...gh.checkRuns.values()].filter((x) => x.head_sha === sha);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(run.name).toBe('racebot');
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.output?.title).toBe('introduces a race: S3 I3.2');
    expect(run.output?.summary).toContain('S3 gup-fast-pin: introduces (as spec variant S3.1)');
    expect(run.output?.summary).toContain('mapping = folio_mapping(folio)');
    expect(run.output?.summary).toContain('racebot scenarios run S3.1 --switch tlb_flush_ipi=false');
    // The swimlane SVG: linked from the summary and attached as the run's image, served by the dashboard.
    const image = run.output?.images?.[0]?.image_url as string;
    expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/findings\/gh-[0-9a-f]+\/0\/trace\.svg$/);
    expect(run.output?.summary).toContain(`](${image})`);
    const svg = await fetch(image);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svgText = await svg.text();
    expect(svgText).toContain('data-lanes="3"');
    expect(svgText).toMatch(/class="step violating"/);

    // The annotation: on the line of the patch where the race's violating step is, as a failure.
    const line = v7.split('\n');
    expect(run.annotations.length).toBeGreaterThanOrEqual(1);
    const fail = run.annotations.find((a: Annotation) => a.annotation_level === 'failure')!;
    expect(fail).toBeDefined();
    expect(fail.path).toBe('mm/gup.c');
    expect(fail.message).toContain('mapping = folio_mapping(folio)');
    expect(fail.title).toContain('violates I3.2');
    // The line is an added line of the diff: find it through the hunk header.
    const added = newSideLines(line.join('\n'), 'mm/gup.c');
    expect(added.get(fail.start_line)?.trim()).toBe('mapping = folio_mapping(folio);');

    // One summary comment.
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toContain(COMMENT_MARKER);
    expect(gh.comments[0].body).toContain('introduces a race: S3 I3.2');
    expect(historyOf(gh.comments[0].body)).toEqual([{ sha, push: 1, outcome: 'checked', findings: [{ scenario: 'S3', name: 'gup-fast-pin', delta: 'introduces', invariant: 'I3.2' }] }]);
  });

  it('push 2 (v8): a new check run for the new head, and the same comment edited, never a second one', async () => {
    const sync = example('pull_request', 'synchronize');
    const old = opened.pull_request.head.sha as string;
    sync.before = old;
    sync.after = V8_SHA;
    sync.pull_request.head.sha = V8_SHA;
    const p = gh.pulls.get(sync.pull_request.number)!;
    p.headSha = V8_SHA;
    p.diff = v8;
    const commentId = gh.comments[0].id;
    const postsBefore = gh.calls.filter((c) => c.method === 'POST' && /\/issues\/\d+\/comments$/.test(c.path)).length;

    const r = await deliver('pull_request', sync);
    expect(r.status).toBe(200);

    const runs = [...gh.checkRuns.values()].filter((x) => x.head_sha === V8_SHA);
    expect(runs).toHaveLength(1);
    expect(runs[0].conclusion).toBe('success');
    expect(runs[0].output?.title).toBe('no race introduced');
    expect(runs[0].annotations).toEqual([]);
    expect(runs[0].output?.summary).toContain('push 2 fixes the race reported on push 1 (I3.2, S3 gup-fast-pin)');
    // The first push's run is untouched.
    expect([...gh.checkRuns.values()].find((x) => x.head_sha === old)?.conclusion).toBe('failure');

    expect(gh.comments).toHaveLength(1);
    expect(gh.calls.filter((c) => c.method === 'POST' && /\/issues\/\d+\/comments$/.test(c.path)).length).toBe(postsBefore);
    const edits = gh.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/issues/comments/${commentId}`));
    expect(edits).toHaveLength(1);
    const body = gh.comments[0].body;
    expect(body).toContain('History of S3: push 1: introduces I3.2 -> push 2: unchanged');
    expect(body).toContain('push 2 fixes the race reported on push 1');
    expect(historyOf(body).map((h) => [h.sha, h.push])).toEqual([
      [old, 1],
      [V8_SHA, 2],
    ]);

    // The dashboard has both pushes as versions of one pull request.
    const api = (await (await fetch(`${base}/api/patches?list=github:${opened.repository.full_name.toLowerCase()}`)).json()) as { patches: { version: number; findings: { delta: string }[] }[] };
    expect(api.patches.map((x) => [x.version, x.findings[0].delta]).sort()).toEqual([
      [1, 'introduces'],
      [2, 'unchanged'],
    ]);
  });

  it('`/racebot recheck` in a PR comment checks the head again: one more run, the same comment', async () => {
    const ic = example('issue_comment', 'created');
    ic.issue.number = opened.pull_request.number;
    ic.issue.pull_request = { url: opened.pull_request.url, html_url: opened.pull_request.html_url, diff_url: opened.pull_request.diff_url, patch_url: opened.pull_request.patch_url };
    ic.comment.body = 'Rebased the tree under it.\n/racebot recheck';
    ic.comment.user.type = 'User';
    const r = await deliver('issue_comment', ic);
    expect(r.status).toBe(200);
    expect([...gh.checkRuns.values()].filter((x) => x.head_sha === V8_SHA)).toHaveLength(2);
    expect(gh.comments).toHaveLength(1);
    // A recheck of the same commit is the same push in the history.
    expect(historyOf(gh.comments[0].body).map((h) => h.push)).toEqual([1, 2]);

    // A comment without the command, or from a bot, does nothing.
    const runs = gh.checkRuns.size;
    ic.comment.body = 'LGTM';
    await deliver('issue_comment', ic);
    ic.comment.body = '/racebot recheck';
    ic.comment.user.type = 'Bot';
    await deliver('issue_comment', ic);
    expect(gh.checkRuns.size).toBe(runs);
  });

  it('a repository without .github/racebot.yml (not opted in) gets nothing; an invalid one gets told why', async () => {
    const runs = gh.checkRuns.size;
    const config = gh.config;
    try {
      gh.config = null;
      const r = await deliver('pull_request', example('pull_request', 'reopened'));
      expect(r.status).toBe(200);
      expect(gh.checkRuns.size).toBe(runs);
      gh.config = 'enabled: true\nswitches:\n  no_such_switch: true\n';
      await deliver('pull_request', example('pull_request', 'reopened'));
      const run = [...gh.checkRuns.values()].at(-1)!;
      expect(gh.checkRuns.size).toBe(runs + 1);
      expect(run.conclusion).toBe('action_required');
      expect(run.output?.summary).toContain('unknown switch no_such_switch');
      // YAML that does not parse is told too, not a failed delivery.
      gh.config = 'enabled: [true\n';
      expect((await deliver('pull_request', example('pull_request', 'reopened'))).status).toBe(200);
      const bad = [...gh.checkRuns.values()].at(-1)!;
      expect(gh.checkRuns.size).toBe(runs + 2);
      expect(bad.conclusion).toBe('action_required');
      expect(bad.output?.summary).toContain('invalid YAML');
      expect(gh.comments).toHaveLength(1);
    } finally {
      gh.config = config;
    }
  });

  it('more than 50 annotations: 50 with the run, the rest by updating it, 50 at a time', async () => {
    const octokit = (await app.probot.auth(opened.installation.id)) as Octo;
    const report = app.runCheck({
      kind: 'github-pr',
      deliveryId: 'd',
      trigger: 'opened',
      installationId: opened.installation.id,
      pr: { owner: 'Codertocat', repo: 'Hello-World', number: 2, title: 't', body: null, htmlUrl: 'h', author: 'a', headSha: 'abc', headRef: 'x', baseRef: 'y', createdAt: null, updatedAt: null },
      diffText: v7,
      config: { enabled: true, scenarios: null, switches: {}, kernelVersion: null, comment: true, annotations: true, failOn: ['introduces'] },
      checkRunId: null,
      queuedAt: new Date().toISOString(),
    });
    const annotations: Annotation[] = Array.from({ length: 120 }, (_, i) => ({ path: 'mm/gup.c', start_line: i + 1, end_line: i + 1, annotation_level: 'notice', title: `a${i}`, message: `m${i}` }));
    const before = gh.calls.length;
    const id = await publishCheckRun(octokit, { owner: 'Codertocat', repo: 'Hello-World', headSha: 'abc', checkRunId: null, report, conclusion: 'failure', annotations });
    const calls = gh.calls.slice(before).filter((c) => c.path.includes('/check-runs'));
    expect(calls.map((c) => [c.method, c.body.output.annotations.length])).toEqual([
      ['POST', 50],
      ['PATCH', 50],
      ['PATCH', 20],
    ]);
    expect(gh.checkRuns.get(id)!.annotations.map((a) => a.title)).toEqual(annotations.map((a) => a.title));
  });
});

/** New-side line number -> text of the added lines of one file in a unified diff. */
function newSideLines(diff: string, path: string): Map<number, string> {
  const out = new Map<number, string>();
  let inFile = false;
  let n = 0;
  for (const l of diff.split('\n')) {
    if (l.startsWith('diff --git ')) inFile = l.endsWith(` b/${path}`);
    else if (inFile && l.startsWith('@@')) n = Number(/\+(\d+)/.exec(l)![1]);
    else if (inFile && n) {
      if (l.startsWith('+') && !l.startsWith('+++')) out.set(n++, l.slice(1));
      else if (l.startsWith(' ')) n++;
    }
  }
  return out;
}
