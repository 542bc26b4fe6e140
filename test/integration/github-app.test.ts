/**
 * The GitHub App in one process, over HTTP: real webhook payloads (@octokit/webhooks-examples)
 * signed with the webhook secret and POSTed to /api/github/webhooks, the job run in process, and
 * every GitHub API call received by a local stand-in server. Two pushes to one pull request (a
 * corpus patch that introduces an S3 race, then one that does not): one check run per push, the
 * race's annotation on the changed line, one summary comment by the App edited in place; a pull
 * request touching no mm file gets a check run only; a private repository's pull request stays
 * off the public dashboard.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, MemoryFindingStore } from '../../src/dashboard/index.js';
import { createGithubApp, publishCheckRun, type GithubApp, type Octo } from '../../src/github/app.js';
import { COMMENT_MARKER, historyOf, type Annotation } from '../../src/github/report.js';
import { FakeGitHub } from './github-fake-api.js';
import { appKey, commentEvent, corpusDiff, deliver as post, INTRODUCES, newPull, NOT_MM_DIFF, UNCHANGED, webhookExample } from './github-helpers.js';

const SECRET = 'racebot-test-webhook-secret';
const V2_SHA = 'f7c3b2a10de4c5b6a7980fedcba9876543210abc';

describe('GitHub App (in process) against a local GitHub API', () => {
  const gh = new FakeGitHub();
  const store = new MemoryFindingStore();
  let app: GithubApp;
  let appPublic: GithubApp;
  let server: Server;
  let base = '';
  let opened: any;
  let v1 = '';
  let v2 = '';

  const deliver = async (event: string, payload: unknown, secret = SECRET, which = () => app) => {
    const r = await post(`${base}${which() === app ? '' : '/public'}/api/github/webhooks`, event, payload, secret);
    await which().idle();
    return r;
  };

  beforeAll(async () => {
    [v1, v2] = await Promise.all([corpusDiff(INTRODUCES), corpusDiff(UNCHANGED)]);
    await gh.start();
    const privateKey = appKey();
    // The dashboard and the webhooks share one server, as in `racebot serve`.
    server = createServer((req, res) => {
      void (async () => {
        if (req.url?.startsWith('/public/')) {
          req.url = req.url.slice('/public'.length);
          if (await appPublic.handler(req, res)) return;
        }
        if (await app.handler(req, res)) return;
        if (await dashboard(req, res)) return;
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dashboard = createDashboardHandler(store);
    const common = { appId: 4242, privateKey, secret: SECRET, baseUrl: gh.url, store, publicUrl: base, logLevel: 'fatal' as const, throttle: false, retries: 0 };
    app = await createGithubApp(common);
    appPublic = await createGithubApp({ ...common, publishPrivate: true });
    opened = webhookExample('pull_request', 'opened');
    const pr = opened.pull_request;
    gh.pulls.set(pr.number, { number: pr.number, headSha: pr.head.sha, diff: v1, json: pr });
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
    expect(r.status).toBe(401);
    expect(r.text).toBe('racebot: signature mismatch\n');
    expect(gh.calls.length).toBe(before);
  });

  it('push 1: a failing check run with the race, its annotation on the changed line, one summary comment by the App', async () => {
    const sha = opened.pull_request.head.sha as string;
    const r = await deliver('pull_request', opened);
    expect(r.status).toBe(200);
    expect(r.text).toContain('queued');

    // Authenticated as the installation, with the token GitHub handed out.
    expect(gh.calls.some((c) => c.path === `/app/installations/${opened.installation.id}/access_tokens`)).toBe(true);
    expect(gh.writes().every((c) => c.auth === `token ghs_installation_${opened.installation.id}`)).toBe(true);
    // The opt-in file was read, and the diff fetched with the diff media type.
    expect(gh.calls.some((c) => c.method === 'GET' && c.path.endsWith('/contents/.github/racebot.yml'))).toBe(true);
    expect(gh.calls.some((c) => c.method === 'GET' && c.path.endsWith(`/pulls/${opened.pull_request.number}`) && /diff/.test(c.accept))).toBe(true);

    const runs = [...gh.checkRuns.values()].filter((x) => x.head_sha === sha);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect([run.name, run.status, run.conclusion]).toEqual(['racebot', 'completed', 'failure']);
    expect(run.output?.title).toBe('introduces a race: S3 I3.2');
    expect(run.output?.summary).toContain('### S3 gup-fast-pin: introduces');
    // The swimlane SVG: linked from the summary and attached as the run's image, served by the dashboard.
    const image = run.output?.images?.[0]?.image_url as string;
    expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/findings\/gh-[0-9a-f]+\/0\/trace\.svg$/);
    expect(run.output?.summary).toContain(`](${image})`);
    const svg = await fetch(image);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/class="step violating"/);
    // "Details" is the finding's page, and it is there.
    expect(run.details_url).toBe(image.replace(/\/trace\.svg$/, ''));
    expect((await fetch(run.details_url!)).status).toBe(200);

    // The annotation: on the added line of the patch where the race's violating step is, as a failure.
    const fail = run.annotations.find((a: Annotation) => a.annotation_level === 'failure')!;
    expect(fail).toBeDefined();
    expect(fail.path).toBe('mm/gup.c');
    expect(fail.title).toContain('violates I3.2');
    expect(newSideLines(v1, 'mm/gup.c').has(fail.start_line)).toBe(true);

    // One summary comment, by the App, with the interleaving folded in it.
    expect(gh.comments).toHaveLength(1);
    const c = gh.comments[0];
    expect(c.user.login).toBe(`${gh.slug}[bot]`);
    expect(c.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(c.body).toContain('introduces a race: S3 I3.2');
    expect(c.body).toMatch(/<details><summary>The interleaving \(S3 gup-fast-pin\)<\/summary>\n\n```+text\n/);
    expect(historyOf(c.body)).toEqual([{ sha, push: 1, outcome: 'checked', findings: [{ scenario: 'S3', name: 'gup-fast-pin', delta: 'introduces', invariant: 'I3.2' }, { scenario: 'S7', name: 'gup-fast-split', delta: 'unchanged', invariant: null }] }]);
    expect(gh.open()).toEqual([]);
  });

  it('push 2: a new check run for the new head, and the same comment edited, never a second one', async () => {
    const sync = webhookExample('pull_request', 'synchronize');
    const old = opened.pull_request.head.sha as string;
    sync.pull_request.number = opened.pull_request.number;
    sync.before = old;
    sync.after = V2_SHA;
    sync.pull_request.head.sha = V2_SHA;
    const p = gh.pulls.get(opened.pull_request.number)!;
    p.headSha = V2_SHA;
    p.diff = v2;
    const commentId = gh.comments[0].id;

    expect((await deliver('pull_request', sync)).status).toBe(200);

    const runs = [...gh.checkRuns.values()].filter((x) => x.head_sha === V2_SHA);
    expect(runs).toHaveLength(1);
    expect(runs[0].conclusion).toBe('success');
    expect(runs[0].output?.title).toBe('no race introduced');
    expect(runs[0].annotations).toEqual([]);
    expect(runs[0].output?.summary).toContain('push 2 fixes the race reported on push 1 (I3.2, S3 gup-fast-pin)');
    expect([...gh.checkRuns.values()].find((x) => x.head_sha === old)?.conclusion).toBe('failure');

    expect(gh.comments).toHaveLength(1);
    expect(gh.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/issues/comments/${commentId}`))).toHaveLength(1);
    const body = gh.comments[0].body;
    expect(body).toContain('History of S3: push 1: introduces I3.2 -> push 2: unchanged');
    expect(historyOf(body).map((h) => [h.sha, h.push])).toEqual([
      [old, 1],
      [V2_SHA, 2],
    ]);
    // The dashboard has both pushes as versions of one pull request.
    const api = (await (await fetch(`${base}/api/patches?list=github:${opened.repository.full_name.toLowerCase()}`)).json()) as { patches: { version: number; findings: { delta: string }[] }[] };
    expect(api.patches.map((x) => [x.version, x.findings[0].delta]).sort()).toEqual([
      [1, 'introduces'],
      [2, 'unchanged'],
    ]);
  });

  it('`/racebot recheck` in a PR comment checks the head again: one more run, the same comment; other comments and bots do nothing', async () => {
    const number = opened.pull_request.number as number;
    expect((await deliver('issue_comment', commentEvent(number, 'Rebased the tree under it.\n/racebot recheck'))).status).toBe(200);
    expect([...gh.checkRuns.values()].filter((x) => x.head_sha === V2_SHA)).toHaveLength(2);
    expect(gh.comments).toHaveLength(1);
    expect(historyOf(gh.comments[0].body).map((h) => h.push)).toEqual([1, 2]);

    const runs = gh.checkRuns.size;
    expect((await deliver('issue_comment', commentEvent(number, 'LGTM'))).text).toContain('ignored');
    expect((await deliver('issue_comment', commentEvent(number, '/racebot recheck', 'Bot'))).text).toContain('ignored (a comment by a bot)');
    expect(gh.checkRuns.size).toBe(runs);
  });

  it('a repository without .github/racebot.yml (not opted in) gets nothing; an invalid one gets told why', async () => {
    const runs = gh.checkRuns.size;
    const config = gh.config;
    try {
      gh.config = null;
      expect((await deliver('pull_request', webhookExample('pull_request', 'reopened'))).status).toBe(200);
      expect(gh.checkRuns.size).toBe(runs);
      gh.config = 'enabled: true\nswitches:\n  no_such_switch: true\n';
      await deliver('pull_request', webhookExample('pull_request', 'reopened'));
      const run = [...gh.checkRuns.values()].at(-1)!;
      expect(gh.checkRuns.size).toBe(runs + 1);
      expect(run.conclusion).toBe('action_required');
      expect(run.output?.summary).toContain('unknown switch no_such_switch');
      gh.config = 'enabled: [true\n';
      expect((await deliver('pull_request', webhookExample('pull_request', 'reopened'))).status).toBe(200);
      const bad = [...gh.checkRuns.values()].at(-1)!;
      expect(gh.checkRuns.size).toBe(runs + 2);
      expect(bad.conclusion).toBe('action_required');
      expect(bad.output?.summary).toContain('invalid YAML');
      expect(gh.comments).toHaveLength(1);
    } finally {
      gh.config = config;
    }
  });

  it('a pull request touching no mm file: a check run only, no comment, and no "Details" link that leads nowhere', async () => {
    const ev = newPull(gh, NOT_MM_DIFF);
    const comments = gh.comments.length;
    expect((await deliver('pull_request', ev)).status).toBe(200);
    const run = [...gh.checkRuns.values()].find((x) => x.head_sha === ev.pull_request.head.sha)!;
    expect([run.status, run.conclusion, run.output?.title]).toEqual(['completed', 'success', 'no modelled code touched']);
    expect(gh.comments.length).toBe(comments);
    expect(gh.calls.some((c) => c.method === 'POST' && c.path.endsWith(`/issues/${ev.number}/comments`))).toBe(false);
    // The details link, when there is one, is a page that answers.
    if (run.details_url) expect((await fetch(run.details_url)).status).toBe(200);
    expect(run.details_url).toMatch(/\/patches\/gh-[0-9a-f]+$/);
  });

  it('a private repository: checked and reported on GitHub, but not on the public dashboard (title, hunk, URL) unless publishPrivate', async () => {
    const ev = newPull(gh, v1, { private: true });
    ev.pull_request.title = 'Secret: mm/gup rework for an unreleased SoC';
    gh.pulls.get(ev.number)!.json.title = ev.pull_request.title;
    expect((await deliver('pull_request', ev)).status).toBe(200);
    const run = [...gh.checkRuns.values()].find((x) => x.head_sha === ev.pull_request.head.sha)!;
    expect(run.conclusion).toBe('failure');
    // No link to a dashboard page, and nothing of it on the dashboard or its API.
    expect(run.details_url).toBeUndefined();
    expect(run.output?.images).toBeUndefined();
    expect(JSON.stringify(run.output)).not.toContain(base);
    const everything = [await (await fetch(`${base}/api/patches?limit=500`)).text(), await (await fetch(`${base}/`)).text()].join('\n');
    expect(everything).not.toContain('unreleased SoC');
    expect(everything).not.toContain(ev.pull_request.html_url);
    expect(everything).not.toContain(ev.pull_request.head.sha.slice(0, 12));

    // Configured to publish them: it is there.
    const ev2 = newPull(gh, v1, { private: true });
    ev2.pull_request.title = 'Published private PR';
    expect((await deliver('pull_request', ev2, SECRET, () => appPublic)).status).toBe(200);
    expect(await (await fetch(`${base}/api/patches?limit=500`)).text()).toContain('Published private PR');
  });

  it('more than 50 annotations: 50 with the run, the rest by updating it, 50 at a time', async () => {
    const octokit = (await app.probot.auth(opened.installation.id)) as Octo;
    const report = app.runCheck({
      pr: { owner: 'Codertocat', repo: 'Hello-World', number: 2, title: 't', body: null, htmlUrl: 'h', author: 'a', headSha: 'abc', headRef: 'x', baseRef: 'y', createdAt: null, updatedAt: null },
      diffText: v1,
      config: { enabled: true, scenarios: null, switches: {}, kernelVersion: null, comment: true, annotations: true, failOn: ['introduces'] },
      version: 1,
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
