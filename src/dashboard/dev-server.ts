/**
 * A standalone dashboard for tests, screenshots and trying it out: checks patch emails in
 * process (as `racebot check` does), keeps the results in memory and serves the dashboard on
 * 127.0.0.1 (a random port unless told).
 *
 *   npx tsx src/dashboard/dev-server.ts [FILE.eml|DIR...] [--port 8080]   (default ../shared/examples, else examples/ and test/corpus/)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkMails, type CheckOptions } from '../check/check.js';
import { parseMessage } from '../mail/index.js';
import type { PatchMail } from '../mail/types.js';
import { createDashboardHandler, type DashboardHandler, type DashboardOptions } from './handler.js';
import { MemoryFindingStore, patchesFromMails, type FindingStore, type FromMailsOptions, type StoredPatch } from './store.js';

/** `.eml` files named, or found in the directories named (sorted). */
export function emlFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    const abs = resolve(p);
    if (statSync(abs).isDirectory()) return readdirSync(abs).filter((f) => f.endsWith('.eml')).sort().map((f) => join(abs, f));
    return [abs];
  });
}

/** Parse and check mails (a series' parts on top of each other, versions linked) and store them. */
export async function checkIntoStore(store: FindingStore, files: readonly string[], opts: { check?: CheckOptions; entry?: FromMailsOptions } = {}): Promise<StoredPatch[]> {
  const mails: PatchMail[] = [];
  for (const f of files) {
    const r = await parseMessage(readFileSync(f));
    if (r.ok) mails.push(r.mail);
  }
  const reports = checkMails(mails, opts.check);
  const entries = patchesFromMails(mails, reports, opts.entry);
  for (const e of entries) await store.put(e);
  return entries;
}

export interface DevServer {
  readonly url: string;
  readonly port: number;
  readonly store: FindingStore;
  readonly server: Server;
  close(): Promise<void>;
}

export interface DevServerOptions extends DashboardOptions {
  readonly store?: FindingStore;
  readonly files?: readonly string[];
  readonly host?: string;
  readonly port?: number;
  /** Handlers tried before the dashboard (e.g. the GitHub app's webhook middleware). */
  readonly before?: readonly ((req: Parameters<DashboardHandler>[0], res: Parameters<DashboardHandler>[1]) => Promise<boolean> | boolean)[];
  readonly entry?: FromMailsOptions;
}

export async function startDashboardDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const store = opts.store ?? new MemoryFindingStore();
  if (opts.files?.length) await checkIntoStore(store, emlFiles(opts.files), { entry: opts.entry });
  const dashboard = createDashboardHandler(store, opts);
  const server = createServer((req, res) => {
    void (async () => {
      for (const h of opts.before ?? []) if (await h(req, res)) return;
      if (await dashboard(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}${(opts.basePath ?? '').replace(/\/+$/, '')}`,
    port,
    store,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args.splice(i, 2)[1]) : 0;
  const dflt = existsSync('../shared/examples') ? ['../shared/examples'] : ['examples', ...['S0', 'S1', 'S2', 'S3', 'S4'].map((d) => `test/corpus/${d}`)];
  const s = await startDashboardDevServer({ files: args.length ? args : dflt, port });
  process.stdout.write(`racebot dashboard: ${s.url}/\n`);
}
