/**
 * The dashboard as a plain Node request handler, independent of the server it is mounted in:
 * `createDashboardHandler(store)` returns `(req, res) => Promise<boolean>` that answers its own
 * paths and returns false for every other one (so `/healthz`, `/metrics` and
 * `/api/github/webhooks` stay the server's).
 *
 * HTML:  /                      series and patches (?list= &subsystem= &delta= &size= &after=)
 *        /series/:seriesId      the parts of a series
 *        /patches/:id           one patch, its findings, its versions
 *        /findings/:id/:n       one finding: SVG trace, replay command, JSON, version history
 *        /findings/:id/:n/trace.svg
 * JSON:  /api/patches (same filters and paging), /api/patches/:id, /api/series,
 *        /api/series/:seriesId, /api/findings/:id/:n
 *
 * With a `gate`, only what the mail's policy would let out is shown (./visibility.ts): anything
 * else answers exactly as if it did not exist. A malformed URL answers 400 with what is wrong,
 * an internal error 500 with nothing more; every answer carries the headers of ./headers.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Delta } from '../check/check.js';
import type { SubsystemsConfig } from '../config.js';
import { CHECK_SCHEMA, checkJson, deltaSentence } from '../report/check-report.js';
import { renderTraceSvg } from '../report/svg.js';
import { securityHeaders } from './headers.js';
import { DELTAS, findingJson, findingPage, indexPage, notFoundPage, PAGE_STYLES, patchPage, seriesPage, type PageLinks } from './pages.js';
import { traceReplayCommand } from '../report/replay.js';
import { BadRequest, idSegment, parseQuery, splitRequestUrl } from './request.js';
import { groupBySeries, versionHistory, type Cursor, type FindingStore, type PatchFilter, type StoredPatch } from './store.js';
import { EMPTY_POLICY_STATE, publication, type GateInput } from './visibility.js';

export interface DashboardGate {
  /** The subsystems' opt-in, policies and embargoes (config/subsystems.yaml). */
  readonly subsystems: SubsystemsConfig;
  /** The policy state in Redis (kill switch, opted-out authors), read once per request; default none. */
  readonly state?: () => Promise<GateInput['state']>;
  /** Show findings of dry-run subsystems (default no: the mail goes to the maintainers only). */
  readonly showDryRun?: boolean;
}

export interface DashboardOptions {
  /** Mount point, e.g. '/dashboard' (default: the root). */
  readonly basePath?: string;
  /** Absolute URL the dashboard is reachable at, for links in JSON (default: none). */
  readonly publicUrl?: string | null;
  /** Show only what the mail's policy gate lets out (default: everything, e.g. the dev server). */
  readonly gate?: DashboardGate | null;
  /** The clock of the gate's embargo (ms since the epoch; default Date.now). */
  readonly now?: () => number;
  /** Entries per page of the list (default 100, at most 500 with ?size=). */
  readonly pageSize?: number;
}

export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const MAX_PAGE = 500;

function filterOf(q: ReadonlyMap<string, string>): PatchFilter {
  const delta = q.get('delta') || null;
  if (delta && delta !== 'none' && !DELTAS.includes(delta as Delta)) throw new BadRequest('bad-query', `delta must be one of ${DELTAS.join(', ')}, none`);
  return { list: q.get('list') || null, subsystem: q.get('subsystem') || null, delta: delta as PatchFilter['delta'] };
}

function sizeOf(q: ReadonlyMap<string, string>, dflt: number): number {
  const text = q.get('size') || q.get('limit');
  if (!text) return dflt;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PAGE) throw new BadRequest('bad-query', `size must be an integer from 1 to ${MAX_PAGE}`);
  return Number(text);
}

/** `?after=<ms>_<id>`: the cursor of the entry a page follows. */
export const cursorToken = (c: Cursor): string => `${c.at}_${c.id}`;

function cursorOfQuery(q: ReadonlyMap<string, string>): Cursor | null {
  const t = q.get('after');
  if (!t) return null;
  const m = /^(\d{1,15})_([A-Za-z0-9._-]{1,200})$/.exec(t);
  if (!m) throw new BadRequest('bad-query', 'after must be a cursor from a previous page (<ms>_<id>)');
  return { at: Number(m[1]), id: m[2] };
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
    date: p.date,
    outcome: p.report.outcome,
    reason: p.report.reason,
    sinceLastVersion: p.report.sinceLastVersion,
    findings: p.report.findings.map((f, n) => ({ scenario: f.scenario, name: f.name, variant: f.variant, delta: f.delta, invariant: f.invariant, href: `${base}/api/findings/${encodeURIComponent(p.id)}/${n}` })),
    href: `${base}/api/patches/${encodeURIComponent(p.id)}`,
  };
}

/** The query string of a list page: the filter, the size when not the default, the cursor. */
function listQuery(filter: PatchFilter, size: number, dflt: number, after: Cursor | null): string {
  const q = new URLSearchParams();
  if (filter.list) q.set('list', filter.list);
  if (filter.subsystem) q.set('subsystem', filter.subsystem);
  if (filter.delta) q.set('delta', filter.delta);
  if (size !== dflt) q.set('size', String(size));
  if (after) q.set('after', cursorToken(after));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function createDashboardHandler(store: FindingStore, opts: DashboardOptions = {}): DashboardHandler {
  const base = (opts.basePath ?? '').replace(/\/+$/, '');
  const baseParts = base.split('/').filter(Boolean);
  const abs = (opts.publicUrl ?? '').replace(/\/+$/, '');
  const dfltSize = Math.min(MAX_PAGE, Math.max(1, opts.pageSize ?? 100));
  const clock = opts.now ?? Date.now;

  const send = (res: ServerResponse, head: boolean, code: number, type: string, body: string, styles: readonly string[] = []) => {
    res.writeHead(code, { 'content-type': type, ...securityHeaders(styles) });
    res.end(head ? undefined : body);
  };
  const html = (res: ServerResponse, head: boolean, code: number, body: string) => send(res, head, code, 'text/html; charset=utf-8', body, PAGE_STYLES);
  const json = (res: ServerResponse, head: boolean, code: number, body: unknown) => send(res, head, code, 'application/json; charset=utf-8', JSON.stringify(body, null, 2) + '\n');

  return async (req, res) => {
    const head = req.method === 'HEAD';
    let isApi = false;
    // Routing on the raw segments: a mount point or a fixed word is never percent-encoded.
    const target = splitRequestUrl(req.url);
    if (!target) return false;
    try {
      const url = { ...target, query: new Map<string, string>() };
      if (baseParts.some((b, i) => url.raw[i] !== b)) return false;
      const parts = url.raw.slice(baseParts.length);
      isApi = parts[0] === 'api';
      const route = isApi ? parts.slice(1) : parts;
      const known =
        (!isApi && route.length === 0) ||
        (route[0] === 'patches' && route.length <= 2) ||
        (route[0] === 'series' && route.length <= 2) ||
        (route[0] === 'findings' && (route.length === 3 || (!isApi && route.length === 4 && route[3] === 'trace.svg')));
      if (!known) return false;
      if (req.method !== 'GET' && !head) {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', ...securityHeaders() });
        res.end('method not allowed\n');
        return true;
      }
      url.query = parseQuery(url.search);

      // The publication gate, with the policy state read once for this request.
      const gate = opts.gate ?? null;
      let visible: (p: StoredPatch) => boolean = () => true;
      if (gate) {
        const g: GateInput = { subsystems: gate.subsystems, state: gate.state ? await gate.state() : EMPTY_POLICY_STATE, now: clock(), showDryRun: gate.showDryRun };
        visible = (p) => publication(p, g).visible;
      }
      const get = async (id: string) => {
        const p = await store.get(id);
        return p && visible(p) ? p : null;
      };
      const family = async (p: StoredPatch) => (await store.family(p.family)).filter(visible);
      const notFound = (what: string) => (isApi ? json(res, head, 404, { error: 'not found', what }) : html(res, head, 404, notFoundPage(what, base)));

      if (route.length === 0 || (route[0] === 'patches' && route.length === 1) || (route[0] === 'series' && route.length === 1)) {
        if (!isApi) {
          if (route.length === 1) {
            // /patches and /series are the list.
            res.writeHead(302, { location: `${base}/${url.search}`, ...securityHeaders() });
            res.end();
            return true;
          }
        }
        const filter = filterOf(url.query);
        const size = sizeOf(url.query, dfltSize);
        const after = cursorOfQuery(url.query);
        const page = await store.page({ filter, after, size, accept: visible });
        const links: PageLinks = {
          first: after ? `${base}/${listQuery(filter, size, dfltSize, null)}` : null,
          next: page.next ? `${base}/${listQuery(filter, size, dfltSize, page.next)}` : null,
        };
        const pageJson = {
          size,
          after: after ? cursorToken(after) : null,
          next: page.next ? cursorToken(page.next) : null,
          nextHref: page.next ? `${base}/api/${route[0] ?? 'patches'}${listQuery(filter, size, dfltSize, page.next)}` : null,
        };
        if (!isApi) html(res, head, 200, indexPage(page.patches, await store.facets(), filter, base, links));
        else if (route[0] === 'series') {
          json(res, head, 200, { page: pageJson, series: groupBySeries(page.patches).map((s) => ({ ...s, patches: s.patches.map((p) => patchSummary(p, base)) })) });
        } else json(res, head, 200, { schema: 'racebot.dashboard/1', filter, page: pageJson, patches: page.patches.map((p) => patchSummary(p, base)) });
        return true;
      }
      if (route[0] === 'series') {
        const id = idSegment(route[1], 'series id');
        const parts = (await store.series(id)).filter(visible);
        if (!parts.length) return (notFound(`no series ${id}`), true);
        if (isApi) {
          const s = groupBySeries(parts)[0];
          json(res, head, 200, { ...s, patches: s.patches.map((p) => patchSummary(p, base)) });
        } else html(res, head, 200, seriesPage(parts, base));
        return true;
      }
      if (route[0] === 'patches') {
        const id = idSegment(route[1], 'patch id');
        const p = await get(id);
        if (!p) return (notFound(`no patch ${id}`), true);
        const versions = await family(p);
        if (isApi) {
          json(res, head, 200, {
            ...patchSummary(p, base),
            versions: versionHistory(versions, p.report.findings[0]?.scenario ?? null),
            report: checkJson([p.report]),
          });
        } else html(res, head, 200, patchPage(p, versions, base));
        return true;
      }
      // findings
      const id = idSegment(route[1], 'patch id');
      if (!/^\d{1,4}$/.test(route[2])) throw new BadRequest('bad-path', 'finding number: not a number');
      const n = Number(route[2]);
      const p = await get(id);
      if (!p || n >= p.report.findings.length) return (notFound(`no finding ${n} of patch ${id}`), true);
      const f = p.report.findings[n];
      if (route[3] === 'trace.svg') {
        send(res, head, 200, 'image/svg+xml; charset=utf-8', renderTraceSvg(f));
        return true;
      }
      const versions = await family(p);
      if (isApi) {
        const page = `${base}/findings/${encodeURIComponent(p.id)}/${n}`;
        json(res, head, 200, {
          schema: CHECK_SCHEMA,
          patch: patchSummary(p, base),
          finding: findingJson(p, n),
          sentence: deltaSentence(f),
          replay: traceReplayCommand(f),
          history: versionHistory(versions, f.scenario),
          page: abs + page,
          svg: `${abs}${page}/trace.svg`,
        });
      } else html(res, head, 200, findingPage(p, n, versions, base));
      return true;
    } catch (e) {
      if (e instanceof BadRequest) {
        if (isApi) json(res, head, 400, { error: e.message, code: e.code });
        else send(res, head, 400, 'text/plain; charset=utf-8', `bad request: ${e.message}\n`);
        return true;
      }
      if (!res.headersSent) send(res, head, 500, 'text/plain; charset=utf-8', 'racebot dashboard: internal error\n');
      else res.end();
      return true;
    }
  };
}
