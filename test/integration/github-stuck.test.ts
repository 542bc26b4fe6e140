/**
 * No check run racebot creates stays open, in serve + worker mode (real Redis, BullMQ, the worker's
 * thread pool, the GitHub stand-in): a persistent 406 "too large" or 404 on the diff, a persistent
 * 502 on the comments list, an event without `installation`, a worker without the App's
 * credentials. Each run ends `neutral` or `failure` with the reason; where no run can be made,
 * none is, and the job's entry says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { githubJobId } from '../../src/github/service.js';
import { RedisTaskStates } from '../../src/github/state.js';
import type { Logger } from '../../src/service/context.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { FakeGitHub } from './github-fake-api.js';
import { appKey, corpusDiff, deliver, INTRODUCES, newPull, UNCHANGED } from './github-helpers.js';
import { cleanupPrefix, testConfig, uniquePrefix, waitFor } from './helpers.js';

const SECRET = 'racebot-stuck-secret';
const prefix = uniquePrefix('gh-stuck');
const gh = new FakeGitHub();
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle | null = null;
let url = '';
let states: RedisTaskStates;
let introduces = '';
let unchanged = '';

beforeAll(async () => {
  await gh.start();
  [introduces, unchanged] = await Promise.all([corpusDiff(INTRODUCES), corpusDiff(UNCHANGED)]);
  gh.config = 'enabled: true\n';
  cfg = testConfig(prefix, 1, {
    serve: { http: { host: '127.0.0.1', port: 0 } },
    jobs: { attempts: 2, backoffMs: 50 },
    github: { appId: '4242', privateKey: appKey(), webhookSecret: SECRET, baseUrl: gh.url, apiRetries: 0, apiThrottle: false },
  } as never);
  serve = await startServe(cfg);
  worker = await startWorker(cfg);
  url = `http://127.0.0.1:${serve.http!.port}/api/github/webhooks`;
  states = new RedisTaskStates(serve.queues.github.opts.connection as never, `${prefix}:gh`);
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await gh.stop();
  await cleanupPrefix(prefix);
});

/** Delivers `ev` and waits for its job to end; returns the job's entry and the runs on its head. */
async function run(ev: any, delivery = `d-${ev.number}-${Math.random().toString(36).slice(2)}`) {
  const r = await deliver(url, 'pull_request', ev, SECRET, delivery);
  expect(r.status).toBe(200);
  const job = await waitFor('the job to end', async () => {
    const j = await serve.queues.github.getJob(githubJobId({ deliveryId: delivery }));
    return j?.finishedOn ? j : null;
  });
  const entry = (await states.get(delivery))!;
  return { job, entry, runs: [...gh.checkRuns.values()].filter((x) => x.head_sha === ev.pull_request.head.sha) };
}

describe('every check run racebot creates ends, with the reason', () => {
  it('a persistent 406 "too_large" on the diff: the run ends neutral, saying the diff is too large', async () => {
    const ev = newPull(gh, introduces);
    gh.fail('GET', new RegExp(`/pulls/${ev.number}$`), 406, Infinity, { message: 'Sorry, the diff exceeded the maximum number of lines (20000)', errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }] });
    const { entry, runs } = await run(ev);
    expect(runs).toHaveLength(1);
    expect([runs[0].status, runs[0].conclusion]).toEqual(['completed', 'neutral']);
    expect(runs[0].output?.title).toBe('not checked: diff-too-large');
    expect(runs[0].output?.summary).toContain('it is too large (HTTP 406)');
    expect([entry.state, entry.code]).toEqual(['failed', 'diff-too-large']);
    // Permanent: not tried again.
    expect(entry.attempts).toBe(1);
  });

  it('a persistent 404 on the diff: the run ends neutral, saying so', async () => {
    const ev = newPull(gh, introduces);
    gh.fail('GET', new RegExp(`/pulls/${ev.number}$`), 404);
    const { entry, runs } = await run(ev);
    expect(runs.map((x) => [x.status, x.conclusion])).toEqual([['completed', 'neutral']]);
    expect(runs[0].output?.summary).toContain('the diff of this pull request is not there (HTTP 404)');
    expect(entry.code).toBe('diff-not-found');
  });

  it('a persistent 502 on the comments list: tried again, then the run ends with the verdict and the reason, one run across attempts', async () => {
    for (const [diff, conclusion] of [
      [introduces, 'failure'],
      [unchanged, 'neutral'],
    ] as const) {
      const ev = newPull(gh, diff);
      gh.fail('GET', new RegExp(`/issues/${ev.number}/comments$`), 502);
      const { entry, runs } = await run(ev);
      expect(runs).toHaveLength(1);
      expect([runs[0].status, runs[0].conclusion]).toEqual(['completed', conclusion]);
      expect(runs[0].output?.summary).toContain("the pull request's comments could not be read (HTTP 502)");
      expect([entry.state, entry.code, entry.attempts]).toEqual(['failed', 'comments-unavailable', 2]);
      expect(gh.comments.filter((c) => c.issue === ev.number)).toEqual([]);
    }
  });

  it('an event without `installation`: the repository\'s installation is looked up; when there is none, no run is made and the entry says why', async () => {
    const ev = newPull(gh, introduces);
    delete ev.installation;
    gh.repoInstallation = 77;
    const found = await run(ev);
    expect(found.runs.map((x) => [x.status, x.conclusion])).toEqual([['completed', 'failure']]);
    expect(gh.calls.some((c) => c.path === '/app/installations/77/access_tokens')).toBe(true);

    const ev2 = newPull(gh, introduces);
    delete ev2.installation;
    gh.repoInstallation = null;
    const none = await run(ev2);
    expect(none.runs).toEqual([]);
    expect([none.entry.state, none.entry.code]).toEqual(['failed', 'no-installation']);
    expect(none.entry.reason).toContain('not installed');
  });

  it('a worker without the App credentials takes no GitHub job: nothing is left open, and a worker that has them reports it', async () => {
    await worker!.close();
    worker = null;
    const lines: string[] = [];
    const log: Logger = { info: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`), warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`), error: () => {} };
    const bare = await startWorker({ ...cfg, github: { ...cfg.github, appId: null, privateKey: null } }, { log });
    try {
      expect(lines.join('\n')).toMatch(/"app":"off \(no appId/);
      const ev = newPull(gh, unchanged);
      const delivery = `bare-${ev.number}`;
      expect((await deliver(url, 'pull_request', ev, SECRET, delivery)).status).toBe(200);
      const job = (await serve.queues.github.getJob(githubJobId({ deliveryId: delivery })))!;
      expect(await job.getState()).toBe('waiting');
      expect(gh.open()).toEqual([]);
      worker = await startWorker(cfg);
      await waitFor('the job to end', async () => (await serve.queues.github.getJob(githubJobId({ deliveryId: delivery })))?.finishedOn);
      const runs = [...gh.checkRuns.values()].filter((x) => x.head_sha === ev.pull_request.head.sha);
      expect(runs.map((x) => [x.status, x.conclusion])).toEqual([['completed', 'success']]);
    } finally {
      await bare.close();
    }
  });

  it('no run is open at the end', () => {
    expect(gh.open()).toEqual([]);
  });
});
