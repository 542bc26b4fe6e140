/**
 * One summary comment per pull request with two workers (two `startWorker` instances on one
 * Redis, serve taking the webhooks): `opened`, `reopened` and `/racebot recheck` delivered at once
 * for three pull requests, with the comments list slowed so that the workers overlap. The per-PR
 * Redis lock serializes them; the comment is found by the App's own login (`<slug>[bot]` from
 * GET /app), so another bot's comment carrying the same marker is left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { COMMENT_MARKER, historyOf } from '../../src/github/report.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { FakeGitHub } from './github-fake-api.js';
import { appKey, commentEvent, corpusDiff, deliver, INTRODUCES, newPull } from './github-helpers.js';
import { cleanupPrefix, idle, testConfig, uniquePrefix, waitFor } from './helpers.js';

const SECRET = 'racebot-concurrency-secret';
const prefix = uniquePrefix('gh-two-workers');
const gh = new FakeGitHub();
let cfg: Config;
let serve: ServeHandle;
const workers: WorkerHandle[] = [];
let url = '';

beforeAll(async () => {
  await gh.start();
  gh.config = 'enabled: true\n';
  cfg = testConfig(prefix, 1, {
    serve: { http: { host: '127.0.0.1', port: 0 } },
    worker: { concurrency: { github: 3 } },
    github: { appId: '4242', privateKey: appKey(), webhookSecret: SECRET, baseUrl: gh.url, apiRetries: 0, apiThrottle: false },
  } as never);
  serve = await startServe(cfg);
  workers.push(await startWorker(cfg), await startWorker(cfg));
  url = `http://127.0.0.1:${serve.http!.port}/api/github/webhooks`;
});

afterAll(async () => {
  for (const w of workers) await w.close();
  await serve?.close();
  await gh.stop();
  await cleanupPrefix(prefix);
});

describe('two workers, three events per pull request at once', () => {
  it('one summary comment per pull request, by the App, and another bot\'s look-alike untouched', async () => {
    const diff = await corpusDiff(INTRODUCES);
    // Slow comment lists: every worker lists before any has written, unless they are serialized.
    gh.slow('GET', /\/issues\/\d+\/comments$/, 150);
    const prs = [newPull(gh, diff), newPull(gh, diff), newPull(gh, diff)];
    // Another App's comment with racebot's marker (a copy, a fork of racebot): not ours to edit.
    const impostor = { id: 1, body: `${COMMENT_MARKER}\nI am another bot`, user: { login: 'other-app[bot]', type: 'Bot' }, issue: prs[0].number };
    gh.comments.push(impostor);

    const sends = prs.flatMap((ev) => {
      const reopened = structuredClone(ev);
      reopened.action = 'reopened';
      return [deliver(url, 'pull_request', ev, SECRET), deliver(url, 'pull_request', reopened, SECRET), deliver(url, 'issue_comment', commentEvent(ev.number, '/racebot recheck'), SECRET)];
    });
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(9).fill(200));
    await waitFor('all GitHub jobs done', () => idle(serve.queues), 60000);

    // Both workers took jobs (the test is about two of them).
    const done = await serve.queues.github.getJobs(['completed'], 0, 100);
    expect(done).toHaveLength(9);
    expect(done.map((j) => (j.returnvalue as { state: string; receipt: string }).receipt).every((r) => /^check run \d+, comment \d+: failure$/.test(r))).toBe(true);

    for (const ev of prs) {
      const ours = gh.comments.filter((c) => c.issue === ev.number && c.user.login === `${gh.slug}[bot]`);
      expect(ours, `PR #${ev.number}`).toHaveLength(1);
      // Three reports of one head: one push in the history.
      expect(historyOf(ours[0].body).map((h) => [h.sha, h.push])).toEqual([[ev.pull_request.head.sha, 1]]);
      const runs = [...gh.checkRuns.values()].filter((r) => r.head_sha === ev.pull_request.head.sha);
      expect(runs.map((r) => [r.status, r.conclusion])).toEqual(Array(3).fill(['completed', 'failure']));
    }
    expect(impostor.body).toBe(`${COMMENT_MARKER}\nI am another bot`);
    expect(gh.calls.some((c) => c.method === 'PATCH' && c.path.endsWith('/issues/comments/1'))).toBe(false);
    // The App's login was asked of GitHub.
    expect(gh.calls.some((c) => c.method === 'GET' && c.path === '/app')).toBe(true);
  });
});
