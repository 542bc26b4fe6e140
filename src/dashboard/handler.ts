/**
 * The dashboard as a plain Node request handler, independent of the server it is mounted in:
 * `createDashboardHandler(store)` returns `(req, res) => Promise<boolean>` that answers its own
 * paths and returns false for every other one (so `/healthz`, `/metrics` and
 * `/api/github/webhooks` stay the server's).
 *
 * HTML:  /                      series and patches (?list= &subsystem= &delta=)
 *        /series/:seriesId      the parts of a series
 *        /patches/:id           one patch, its findings, its versions
 *        /findings/:id/:n       one finding: SVG trace, replay command, JSON, version history
 *        /findings/:id/:n/trace.svg
 * JSON:  /api/patches (same filters, &limit=), /api/patches/:id, /api/series,
 *        /api/series/:seriesId, /api/findings/:id/:n
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Delta } from '../check/check.js';
import { CHECK_SCHEMA, checkJson, deltaSentence, replayCommand } from '../report/check-report.js';
import { renderTraceSvg } from '../report/svg.js';
import { DELTAS, findingJson, findingPage, indexPage, notFoundPage, patchPage, seriesPage } from './pages.js';
import { groupBySeries, versionHistory, type FindingStore, type PatchFilter, type StoredPatch } from './store.js';

export interface DashboardOptions {
  /** Mount point, e.g. '/dashboard' (default: the root). */
  readonly basePath?: string;
  /** Absolute URL the dashboard is reachable at, for links in JSON (default: none). */
  readonly publicUrl?: string | null;
}

export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

class BadRequest extends Error {}

function filterOf(q: URLSearchParams): PatchFilter {
  const delta = q.get('delta') || null;
  if (delta && delta !== 'none' && !DELTAS.includes(delta as Delta)) throw new BadRequest(`delta must be one of ${DELTAS.join(', ')}, none`);
  const limit = q.get('limit');
  const n = limit ? Number(limit) : undefined;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new BadRequest('limit must be a positive integer');
  return { list: q.get('list') || null, subsystem: q.get('subsystem') || null, delta: delta as PatchFilter['delta'], limit: n };
}

function patchSummary(p: StoredPatch, base: string) {
  return {
    id: p.id,
    source: p.source,
    subject: p.report.subject,
    from: p.report.from,
    version: p.report.version,
    index: p.index,
    total: p.total,
    seriesId: p.seriesId,
    lists: p.lists,
    subsystem: p.subsystem,
    receivedAt: p.receivedAt,
    outcome: p.report.outcome,
    reason: p.report.reason,
    sinceLastVersion: p.report.sinceLastVersion,
    findings: p.report.findings.map((f, n) => ({ scenario: f.scenario, name: f.name, variant: f.variant, delta: f.delta, invariant: f.invariant, href: `${base}/api/findings/${encodeURIComponent(p.id)}/${n}` })),
    href: `${base}/api/patches/${encodeURIComponent(p.id)}`,
  };
}

export function createDashboardHandler(store: FindingStore, opts: DashboardOptions = {}): DashboardHandler {
  const base = (opts.basePath ?? '').replace(/\/+$/, '');
  const abs = (opts.publicUrl ?? '').replace(/\/+$/, '');

  const send = (res: ServerResponse, head: boolean, code: number, type: string, body: string) => {
    res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(head ? undefined : body);
  };
  const html = (res: ServerResponse, head: boolean, code: number, body: string) => send(res, head, code, 'text/html; charset=utf-8', body);
  const json = (res: ServerResponse, head: boolean, code: number, body: unknown) => send(res, head, code, 'application/json; charset=utf-8', JSON.stringify(body, null, 2) + '\n');

  const finding = async (id: string, nText: string) => {
    const p = await store.get(id);
    const n = Number(nText);
    if (!p || !Number.isInteger(n) || n < 0 || n >= p.report.findings.length) return null;
    return { p, n, f: p.report.findings[n] };
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    let path = decodeURIComponent(url.pathname);
    if (base) {
      if (path !== base && !path.startsWith(base + '/')) return false;
      path = path.slice(base.length) || '/';
    }
    const parts = path.split('/').filter(Boolean);
    const api = parts[0] === 'api';
    const route = api ? parts.slice(1) : parts;
    const known =
      (!api && route.length === 0) ||
      (route[0] === 'patches' && route.length <= 2) ||
      (route[0] === 'series' && route.length <= 2) ||
      (route[0] === 'findings' && (route.length === 3 || (!api && route.length === 4 && route[3] === 'trace.svg')));
    if (!known) return false;
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('method not allowed\n');
      return true;
    }
    try {
      const notFound = (what: string) => (api ? json(res, head, 404, { error: 'not found', what }) : html(res, head, 404, notFoundPage(what, base)));
      if (route.length === 0 || (route[0] === 'patches' && route.length === 1)) {
        const filter = filterOf(url.searchParams);
        const patches = await store.list(filter);
        if (api) json(res, head, 200, { schema: 'racebot.dashboard/1', filter, patches: patches.map((p) => patchSummary(p, base)) });
        else if (route.length === 0) html(res, head, 200, indexPage(patches, await store.facets(), filter, base));
        else {
          res.writeHead(302, { location: `${base}/${url.search}` });
          res.end();
        }
        return true;
      }
      if (route[0] === 'series') {
        if (route.length === 1) {
          const series = groupBySeries(await store.list(filterOf(url.searchParams)));
          if (!api) {
            res.writeHead(302, { location: `${base}/${url.search}` });
            res.end();
            return true;
          }
          json(res, head, 200, { series: series.map((s) => ({ ...s, patches: s.patches.map((p) => patchSummary(p, base)) })) });
          return true;
        }
        const parts = await store.series(route[1]);
        if (!parts.length) return (notFound(`no series ${route[1]}`), true);
        if (api) {
          const s = groupBySeries(parts)[0];
          json(res, head, 200, { ...s, patches: s.patches.map((p) => patchSummary(p, base)) });
        } else html(res, head, 200, seriesPage(parts, base));
        return true;
      }
      if (route[0] === 'patches') {
        const p = await store.get(route[1]);
        if (!p) return (notFound(`no patch ${route[1]}`), true);
        const versions = await store.family(p.family);
        if (api) {
          json(res, head, 200, {
            ...patchSummary(p, base),
            versions: versionHistory(versions, p.report.findings[0]?.scenario ?? null),
            report: checkJson([p.report]),
          });
        } else html(res, head, 200, patchPage(p, versions, base));
        return true;
      }
      // findings
      const hit = await finding(route[1], route[2]);
      if (!hit) return (notFound(`no finding ${route[2]} of patch ${route[1]}`), true);
      if (route[3] === 'trace.svg') {
        send(res, head, 200, 'image/svg+xml; charset=utf-8', renderTraceSvg(hit.f));
        return true;
      }
      const versions = await store.family(hit.p.family);
      if (api) {
        const page = `${base}/findings/${encodeURIComponent(hit.p.id)}/${hit.n}`;
        json(res, head, 200, {
          schema: CHECK_SCHEMA,
          patch: patchSummary(hit.p, base),
          finding: findingJson(hit.p, hit.n),
          sentence: deltaSentence(hit.f),
          replay: replayCommand(hit.f),
          history: versionHistory(versions, hit.f.scenario),
          page: abs + page,
          svg: `${abs}${page}/trace.svg`,
        });
      } else html(res, head, 200, findingPage(hit.p, hit.n, versions, base));
      return true;
    } catch (e) {
      if (e instanceof BadRequest) {
        if (api) json(res, head, 400, { error: e.message });
        else send(res, head, 400, 'text/plain; charset=utf-8', e.message + '\n');
        return true;
      }
      if (!res.headersSent) send(res, head, 500, 'text/plain; charset=utf-8', 'racebot dashboard: internal error\n');
      else res.end();
      return true;
    }
  };
}
