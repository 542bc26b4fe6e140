/**
 * A local HTTP server standing in for the GitHub REST API, for the GitHub App's tests: it serves
 * the App (`GET /app`: its slug), a repository's installation, the installation token,
 * `.github/racebot.yml`, a pull request (JSON or diff), check runs and issue comments, keeps their
 * state like GitHub does, and records every request it receives. `fail` makes matching requests
 * answer an error status (a number of times, or always); `slow` delays matching answers (to let
 * two workers race).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly accept: string;
  readonly auth: string;
  readonly body: any;
}

export interface FakePull {
  number: number;
  headSha: string;
  diff: string;
  /** The pull request object returned as JSON (head.sha is kept in sync). */
  json: any;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string; images?: any[] } | null;
  annotations: any[];
  details_url?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  issue: number;
}

export interface Failure {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  /** How many more requests fail (Infinity: all of them). */
  times: number;
  readonly body?: unknown;
}

export class FakeGitHub {
  readonly calls: Call[] = [];
  readonly failures: Failure[] = [];
  readonly delays: { method: string; path: RegExp; ms: number }[] = [];
  /** The App's slug: its comments are by `<slug>[bot]`. */
  slug = 'racebot-test';
  /** The installation `GET /repos/{o}/{r}/installation` answers (null: 404, not installed). */
  repoInstallation: number | null = null;
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns = new Map<number, FakeCheckRun>();
  readonly comments: FakeComment[] = [];
  config: string | null = null;
  #server: Server | null = null;
  #next = 1000;
  url = '';

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(
        ({ status, body, type }) => {
          res.writeHead(status, { 'content-type': type ?? 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000' });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: String(e) }));
        },
      );
    });
    await new Promise<void>((ok, fail) => {
      this.#server!.once('error', fail);
      this.#server!.listen(port, '127.0.0.1', () => ok());
    });
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }

  /** Requests `method` to a path matching `path` answer `status` (`times` times, default always). */
  fail(method: string, path: RegExp, status: number, times = Infinity, body: unknown = { message: `fake failure ${status}` }): Failure {
    const f: Failure = { method, path, status, times, body };
    this.failures.push(f);
    return f;
  }

  /** Answers to `method` on a matching path wait `ms` first. */
  slow(method: string, path: RegExp, ms: number): void {
    this.delays.push({ method, path, ms });
  }

  /** Forget injected failures and delays. */
  heal(): void {
    this.failures.length = 0;
    this.delays.length = 0;
  }

  /** What the App did, one line per check run and comment (the stand-in's `GET /_state`). */
  state(): string {
    const runs = [...this.checkRuns.values()].map((r) => `check run ${r.id} ${r.name} on ${r.head_sha.slice(0, 7)}: ${r.status}${r.conclusion ? `, ${r.conclusion}` : ''}: ${r.output?.title ?? ''}`);
    const comments = this.comments.map((c) => `comment ${c.id} by ${c.user.login} on #${c.issue}: ${c.body.split('\n')[1] ?? ''}`);
    return [...runs, ...comments].join('\n') + '\n';
  }

  /** Check runs not completed. */
  open(): FakeCheckRun[] {
    return [...this.checkRuns.values()].filter((r) => r.status !== 'completed');
  }

  /** Calls other than the token exchange and reads of config, comments and pulls. */
  writes(): Call[] {
    return this.calls.filter((c) => c.method !== 'GET' && !c.path.includes('/access_tokens'));
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown; type?: string }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const body = text ? JSON.parse(text) : null;
    this.calls.push({ method: req.method ?? 'GET', path, accept: String(req.headers.accept ?? ''), auth: String(req.headers.authorization ?? ''), body });
    const m = (re: RegExp) => re.exec(path);
    let r: RegExpExecArray | null;
    const method = req.method ?? 'GET';
    for (const d of this.delays) if (d.method === method && d.path.test(path)) await new Promise((ok) => setTimeout(ok, d.ms));
    const failure = this.failures.find((f) => f.method === method && f.path.test(path) && f.times > 0);
    if (failure) {
      failure.times--;
      return { status: failure.status, body: failure.body };
    }

    if (req.method === 'GET' && path === '/_state') return { status: 200, body: this.state(), type: 'text/plain; charset=utf-8' };
    if (req.method === 'GET' && path === '/app') return { status: 200, body: { id: 4242, slug: this.slug, name: 'racebot test' } };
    if (req.method === 'GET' && m(/^\/repos\/[^/]+\/[^/]+\/installation$/)) {
      if (this.repoInstallation === null) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { id: this.repoInstallation, app_id: 4242 } };
    }

    if (req.method === 'POST' && (r = m(/^\/app\/installations\/(\d+)\/access_tokens$/))) {
      return { status: 201, body: { token: `ghs_installation_${r[1]}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { checks: 'write', pull_requests: 'write', contents: 'read' }, repository_selection: 'all' } };
    }
    if (req.method === 'GET' && (r = m(/^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/))) {
      if (r[2] !== '.github' && r[3] === '.github/racebot.yml' && this.config !== null) return { status: 200, body: this.config, type: 'application/vnd.github.raw; charset=utf-8' };
      return { status: 404, body: { message: 'Not Found' } };
    }
    if (req.method === 'GET' && (r = m(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/))) {
      const p = this.pulls.get(Number(r[1]));
      if (!p) return { status: 404, body: { message: 'Not Found' } };
      if (/diff/.test(String(req.headers.accept))) return { status: 200, body: p.diff, type: 'application/vnd.github.diff; charset=utf-8' };
      return { status: 200, body: { ...p.json, head: { ...p.json.head, sha: p.headSha } } };
    }
    if (req.method === 'POST' && m(/^\/repos\/[^/]+\/[^/]+\/check-runs$/)) {
      const run: FakeCheckRun = {
        id: this.#next++,
        name: body.name,
        head_sha: body.head_sha,
        status: body.status ?? 'queued',
        conclusion: body.conclusion ?? null,
        output: body.output ?? null,
        annotations: [...(body.output?.annotations ?? [])],
        details_url: body.details_url,
      };
      if ((body.output?.annotations?.length ?? 0) > 50) return { status: 422, body: { message: 'at most 50 annotations per request' } };
      this.checkRuns.set(run.id, run);
      return { status: 201, body: { ...run, annotations: undefined } };
    }
    if (req.method === 'PATCH' && (r = m(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/))) {
      const run = this.checkRuns.get(Number(r[1]));
      if (!run) return { status: 404, body: { message: 'Not Found' } };
      if ((body.output?.annotations?.length ?? 0) > 50) return { status: 422, body: { message: 'at most 50 annotations per request' } };
      if (body.status) run.status = body.status;
      if (body.conclusion) {
        run.conclusion = body.conclusion;
        run.status = 'completed';
      }
      if (body.details_url) run.details_url = body.details_url;
      if (body.output) {
        run.output = { ...run.output, ...body.output, annotations: undefined } as FakeCheckRun['output'];
        run.annotations.push(...(body.output.annotations ?? []));
      }
      return { status: 200, body: { ...run, annotations: undefined } };
    }
    if (req.method === 'GET' && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      return { status: 200, body: this.comments.filter((c) => c.issue === Number(r![1])) };
    }
    if (req.method === 'POST' && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const c: FakeComment = { id: this.#next++, body: body.body, user: { login: `${this.slug}[bot]`, type: 'Bot' }, issue: Number(r[1]) };
      this.comments.push(c);
      return { status: 201, body: c };
    }
    if (req.method === 'PATCH' && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(r![1]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      c.body = body.body;
      return { status: 200, body: c };
    }
    return { status: 404, body: { message: `Not Found: ${req.method} ${path}` } };
  }
}

// --- run on its own: `node --import tsx test/integration/github-fake-api.ts --port 3999 --payload FILE`

/**
 * The stand-in for trying the GitHub face locally (docs/github.md): a repository that opted in,
 * one pull request whose diff is a corpus patch that introduces an S3 race, and the
 * `pull_request.opened` delivery GitHub would send for it written to `--payload`.
 */
async function standalone(argv: readonly string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? 3999);
  const payloadFile = arg('--payload') ?? 'racebot-pr.json';
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const { parseMessage } = await import('../../src/mail/index.js');
  const { readFileSync } = await import('node:fs');
  const parsed = await parseMessage(readFileSync(resolve(root, 'test/corpus/S3/01-gup-fast-longterm-check-in-try-grab-folio.eml')));
  if (!parsed.ok) throw new Error(parsed.reason);
  const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
  const opened = structuredClone(examples.find((d) => d.name === 'pull_request')!.examples.find((x) => x.action === 'opened' && x.installation));
  const gh = new FakeGitHub();
  gh.config = 'enabled: true\n';
  const pr = opened.pull_request;
  gh.pulls.set(pr.number, { number: pr.number, headSha: pr.head.sha, diff: parsed.mail.diffText, json: pr });
  await gh.start(port);
  writeFileSync(payloadFile, JSON.stringify(opened));
  process.stdout.write(`GitHub stand-in on ${gh.url}: ${opened.repository.full_name}#${pr.number}; the delivery is in ${payloadFile}; GET /_state shows what the App did\n`);
  const stop = () => void gh.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  standalone(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`github stand-in: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
