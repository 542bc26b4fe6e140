/**
 * The dashboard's pages: plain server-rendered HTML (no script), the trace inlined as SVG. The
 * only inline content is the stylesheet (PAGE_STYLES), which the Content-Security-Policy allows
 * by its hash.
 */
import type { Delta, Finding } from '../check/check.js';
import { checkJson, deltaSentence, quotedHunk, switchPhrase } from '../report/check-report.js';
import { renderTraceSvg } from '../report/svg.js';
import { columnDiagram } from '../report/layout.js';
import { observation } from '../report/run-text.js';
import { traceReplayCommand } from '../report/replay.js';
import { groupBySeries, versionHistory, type PatchFilter, type StoredPatch } from './store.js';

export const DELTAS: readonly Delta[] = ['introduces', 'fixes', 'pre-existing', 'unchanged', 'unmapped', 'inconclusive'];

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2328; background: #ffffff; }
header.top { background: #24292f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header.top a { color: #fff; text-decoration: none; font-weight: 600; }
header.top .sub { color: #c9d1d9; font-size: 13px; }
main { padding: 16px 24px 40px; max-width: 1400px; }
h1 { font-size: 20px; margin: 8px 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
a { color: #0969da; }
.meta { color: #57606a; font-size: 13px; }
.crumbs { font-size: 13px; color: #57606a; margin-bottom: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #d8dee4; vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #57606a; }
tr.series-head td { background: #f6f8fa; font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.d-introduces { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
.d-fixes { background: #dafbe1; color: #116329; border-color: #4ac26b; }
.d-pre-existing { background: #fff8c5; color: #7d4e00; border-color: #d4a72c; }
.d-unchanged { background: #f6f8fa; color: #57606a; border-color: #d0d7de; }
.d-unmapped, .d-inconclusive, .d-rejected, .d-no-patch { background: #eaeef2; color: #424a53; border-color: #afb8c1; }
form.filters { display: flex; gap: 12px; align-items: end; flex-wrap: wrap; margin: 8px 0 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #57606a; }
select, button { font: inherit; padding: 3px 6px; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 12px; overflow: auto; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; }
.sentence { font-size: 15px; max-width: 980px; }
.history { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
.history li.current { font-weight: 700; }
.history .arrow { color: #8c959f; }
.trace { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; background: #fff; }
.empty { color: #57606a; font-style: italic; }
details summary { cursor: pointer; color: #0969da; }
td.when { white-space: nowrap; }
nav.pages { display: flex; gap: 16px; margin: 12px 0; }
`;

/** The texts of the pages' inline `<style>` elements (for the CSP's hashes). */
export const PAGE_STYLES: readonly string[] = [CSS];

/** Links to the first page and the next one of the list (null: there is none). */
export interface PageLinks {
  readonly first: string | null;
  readonly next: string | null;
}

/** `2023-07-05 12:12 UTC` of an ISO time, '' for none. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function layout(title: string, body: string, base: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · racebot</title><style>${CSS}</style></head>
<body><header class="top"><a href="${esc(base)}/">racebot</a><span class="sub">races in Linux mm patches, found by exploring every interleaving</span></header>
<main>${body}</main></body></html>
`;
}

export function badge(delta: string): string {
  return `<span class="badge d-${esc(delta)}">${esc(delta)}</span>`;
}

export const findingPath = (base: string, id: string, n: number) => `${base}/findings/${encodeURIComponent(id)}/${n}`;
/** Absolute URLs of a finding's page and picture, for links in an email or a check run. */
export function findingUrls(publicUrl: string, patchId: string, n: number): { page: string; svg: string } {
  const page = publicUrl.replace(/\/+$/, '') + findingPath('', patchId, n);
  return { page, svg: `${page}/trace.svg` };
}
export const patchPath = (base: string, id: string) => `${base}/patches/${encodeURIComponent(id)}`;
export const seriesPath = (base: string, id: string) => `${base}/series/${encodeURIComponent(id)}`;

function findingBadges(p: StoredPatch, base: string): string {
  if (p.report.outcome !== 'checked') return `${badge(p.report.outcome)} <span class="meta">${esc(p.report.reason)}</span>`;
  if (!p.report.findings.length) return `<span class="meta">${esc(p.report.reason ?? 'no finding')}</span>`;
  return p.report.findings
    .map((f, n) => `<a href="${esc(findingPath(base, p.id, n))}" title="${esc(deltaSentence(f))}">${esc(f.scenario)} ${badge(f.delta)}${f.invariant && f.delta !== 'unchanged' ? ` <code>${esc(f.invariant)}</code>` : ''}</a>`)
    .join(' ');
}

function options(values: readonly string[], current: string | null | undefined, all: string): string {
  return [`<option value="">${esc(all)}</option>`, ...values.map((v) => `<option value="${esc(v)}"${v === current ? ' selected' : ''}>${esc(v)}</option>`)].join('');
}

export function indexPage(patches: readonly StoredPatch[], facets: { lists: string[]; subsystems: string[] }, filter: PatchFilter, base: string, links: PageLinks = { first: null, next: null }): string {
  const series = groupBySeries(patches);
  const rows: string[] = [];
  for (const s of series) {
    rows.push(
      `<tr class="series-head"><td colspan="6"><a href="${esc(seriesPath(base, s.seriesId))}">${esc(s.subject)}</a> <span class="meta">v${s.version} · ${esc(s.from)} · ${esc(s.lists.join(', ') || 'no list')} · ${esc(s.subsystem ?? '-')}</span></td></tr>`,
    );
    for (const p of s.patches) {
      rows.push(
        `<tr class="patch" data-id="${esc(p.id)}"><td>${p.index !== null ? `${p.index}/${p.total ?? '?'}` : ''}</td><td><a href="${esc(patchPath(base, p.id))}">${esc(p.report.subject)}</a></td><td class="when"><time datetime="${esc(p.receivedAt)}">${esc(when(p.receivedAt))}</time>${p.date ? `<div class="meta">sent ${esc(p.date.slice(0, 10))}</div>` : ''}</td><td>${badge(p.report.outcome)}</td><td>${findingBadges(p, base)}</td><td class="meta">${esc(p.report.sinceLastVersion ?? '')}</td></tr>`,
      );
    }
  }
  const body = `
<h1>Series and patches</h1>
<form class="filters" method="get" action="${esc(base)}/">
<label>list<select name="list">${options(facets.lists, filter.list, 'any list')}</select></label>
<label>subsystem<select name="subsystem">${options(facets.subsystems, filter.subsystem, 'any subsystem')}</select></label>
<label>delta<select name="delta">${options([...DELTAS, 'none'], filter.delta, 'any delta')}</select></label>
<button type="submit">Filter</button> <a href="${esc(base)}/">clear</a>
<span class="meta">${patches.length} patch${patches.length === 1 ? '' : 'es'} in ${series.length} series on this page${links.next ? ' (more on the next)' : ''} · <a href="${esc(base)}/api/patches">JSON</a></span>
</form>
${rows.length ? `<table class="patches"><thead><tr><th>#</th><th>patch</th><th>checked</th><th>outcome</th><th>findings</th><th>since the previous version</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>` : '<p class="empty">Nothing checked matches.</p>'}
${links.first || links.next ? `<nav class="pages" aria-label="pages">${links.first ? `<a rel="first" href="${esc(links.first)}">newest</a>` : ''}${links.next ? `<a rel="next" href="${esc(links.next)}">older →</a>` : ''}</nav>` : ''}`;
  return layout('Series and patches', body, base);
}

function patchMeta(p: StoredPatch): string {
  const bits = [
    esc(p.report.from),
    p.source === 'github' ? `push ${p.report.version}` : `v${p.report.version}`,
    p.date ? esc(p.date.slice(0, 10)) : null,
    esc(p.lists.join(', ') || 'no list'),
    esc(p.subsystem ?? '-'),
    p.report.kernelVersion ? `kernel ${esc(p.report.kernelVersion)}` : null,
    p.url ? `<a href="${esc(p.url)}">${p.source === 'github' ? 'pull request' : 'message'}</a>` : null,
  ].filter(Boolean);
  return `<p class="meta">${bits.join(' · ')}</p>`;
}

export function seriesPage(parts: readonly StoredPatch[], base: string): string {
  const s = groupBySeries(parts)[0];
  const rows = s.patches
    .map((p) => `<tr><td>${p.index !== null ? `${p.index}/${p.total ?? '?'}` : ''}</td><td><a href="${esc(patchPath(base, p.id))}">${esc(p.report.subject)}</a></td><td>${findingBadges(p, base)}</td><td class="meta">${esc(p.report.sinceLastVersion ?? '')}</td></tr>`)
    .join('\n');
  const missing = s.patches[0].total ? Array.from({ length: s.patches[0].total }, (_, i) => i + 1).filter((i) => !s.patches.some((p) => p.index === i)) : [];
  const body = `<div class="crumbs"><a href="${esc(base)}/">dashboard</a> › series</div>
<h1>${esc(s.subject)}</h1><p class="meta">v${s.version} · ${esc(s.from)} · ${esc(s.lists.join(', ') || 'no list')} · ${esc(s.subsystem ?? '-')}${missing.length ? ` · parts not received: ${missing.join(', ')}` : ''}</p>
<table><thead><tr><th>#</th><th>patch</th><th>findings</th><th>since the previous version</th></tr></thead><tbody>${rows}</tbody></table>
<p class="meta"><a href="${esc(base)}/api/series/${esc(encodeURIComponent(s.seriesId))}">JSON</a></p>`;
  return layout(s.subject, body, base);
}

function historyList(p: StoredPatch, versions: readonly StoredPatch[], scenario: string | null, base: string): string {
  if (versions.length < 2) return `<p class="meta">Only this version has been checked.</p>`;
  const h = versionHistory(versions, scenario);
  const items = h.map((x, i) => {
    const v = versions[i];
    const n = scenario ? v.report.findings.findIndex((f) => f.scenario === scenario) : -1;
    const href = n >= 0 ? findingPath(base, v.id, n) : patchPath(base, v.id);
    const li = `<li${v.id === p.id ? ' class="current"' : ''}><a href="${esc(href)}">${esc(x.text)}</a></li>`;
    return i ? `<li class="arrow">→</li>${li}` : li;
  });
  return `<ul class="history" aria-label="version history">${items.join('')}</ul><p class="meta">${esc(h.map((x) => x.text).join(' -> '))}</p>`;
}

export function patchPage(p: StoredPatch, versions: readonly StoredPatch[], base: string): string {
  const r = p.report;
  const findings = r.findings
    .map((f, n) => `<li><a href="${esc(findingPath(base, p.id, n))}">${esc(f.scenario)} ${esc(f.name)}</a> ${badge(f.delta)} ${f.variant ? `as <code>${esc(f.variant)}</code>` : ''}<div class="sentence">${esc(deltaSentence(f))}</div></li>`)
    .join('');
  const body = `<div class="crumbs"><a href="${esc(base)}/">dashboard</a> › <a href="${esc(seriesPath(base, p.seriesId))}">${esc(p.seriesSubject)}</a></div>
<h1>${esc(r.subject)}</h1>${patchMeta(p)}
<p>${badge(r.outcome)} ${esc(r.reason ?? '')}</p>
${r.sinceLastVersion ? `<p><strong>Since the previous version:</strong> ${esc(r.sinceLastVersion)}</p>` : ''}
<h2>Findings</h2>${findings ? `<ul>${findings}</ul>` : '<p class="empty">No scenario is touched.</p>'}
${r.outOfScope.length ? `<h2>Not modelled</h2><p class="meta">${esc(r.outOfScope.join(', '))}</p>` : ''}
<h2>Versions</h2>${historyList(p, versions, r.findings[0]?.scenario ?? null, base)}
<p class="meta"><a href="${esc(base)}/api/patches/${esc(encodeURIComponent(p.id))}">JSON</a></p>`;
  return layout(r.subject, body, base);
}

/** The finding as in `racebot check --format json` (schema racebot.check/1). */
export function findingJson(p: StoredPatch, n: number) {
  // The replay command of the trace shown (for `fixes`, the race before the patch).
  return { ...checkJson([p.report]).patches[0].findings[n], replay: traceReplayCommand(p.report.findings[n]) };
}

function dependsText(f: Finding): string | null {
  const parts = Object.entries(f.dependsOn).map(([k, v]) => switchPhrase(k, v));
  return parts.length ? `This verdict depends on the kernel and the machine: it holds ${parts.join(' and ')}.` : null;
}

export function findingPage(p: StoredPatch, n: number, versions: readonly StoredPatch[], base: string): string {
  const f = p.report.findings[n];
  const cmd = traceReplayCommand(f);
  const svgHref = `${findingPath(base, p.id, n)}/trace.svg`;
  const hasTrace = f.trace.length > 0 && (f.delta === 'introduces' || f.delta === 'pre-existing' || f.delta === 'fixes');
  const hunk = quotedHunk(f);
  const notes = f.notes.map((x) => `<li>${esc(Object.entries(x.switches).map(([k, v]) => switchPhrase(k, v)).join(', '))}: ${badge(x.delta)}${x.invariant && x.delta !== 'unchanged' && x.delta !== 'fixes' ? ` <code>${esc(x.invariant)}</code>` : ''}</li>`).join('');
  const dep = dependsText(f);
  const diagram = hasTrace
    ? columnDiagram(f.trace, [f.violation ?? '', observation(f.delta === 'fixes' ? f.baselineVariant : f.variant ?? f.scenario, f.name, 'race', f.invariant)], { width: 100 })
    : '';
  const json = JSON.stringify(findingJson(p, n), null, 2);
  const title = `${f.scenario} ${f.name}: ${f.delta}${f.invariant && f.delta !== 'unchanged' ? ` ${f.invariant}` : ''}`;
  const body = `<div class="crumbs"><a href="${esc(base)}/">dashboard</a> › <a href="${esc(seriesPath(base, p.seriesId))}">${esc(p.seriesSubject)}</a> › <a href="${esc(patchPath(base, p.id))}">${esc(p.report.subject)}</a></div>
<h1 id="finding-title">${esc(f.scenario)} ${esc(f.name)} ${badge(f.delta)}${f.variant ? ` <span class="meta">as spec variant <code>${esc(f.variant)}</code></span>` : ''}</h1>
<p><strong>${esc(p.report.subject)}</strong></p>${patchMeta(p)}
<p class="sentence">${esc(deltaSentence(f))}</p>
${dep ? `<p class="sentence">${esc(dep)}</p>` : ''}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
<p class="meta">baseline ${esc(f.baseline ?? '-')} (${esc(f.baselineVariant)}), patched ${esc(f.patched ?? '-')}; switches: <code>${esc(Object.entries(f.switches).map(([k, v]) => `${k}=${String(v)}`).join(' '))}</code></p>
<h2>Version history</h2>${historyList(p, versions, f.scenario, base)}
<h2>The interleaving${f.delta === 'fixes' ? ' (before the patch)' : ''}</h2>
${hasTrace ? `<figure class="trace" id="trace">${renderTraceSvg(f, { idPrefix: `t${n}` })}</figure><p class="meta"><a href="${esc(svgHref)}">SVG</a> · time goes down; one lane per actor; bars beside a lane are what the actor holds; the red box is the step that violates the invariant</p>` : '<p class="empty">No race to draw: both the current and the patched code are safe in the model.</p>'}
<h2>Replay it locally</h2>${cmd ? `<pre id="replay"><code>${esc(cmd)}</code></pre>${f.delta === 'fixes' ? '<p class="meta">the code before the patch, which prints the race drawn above</p>' : ''}` : `<p class="empty">The ${f.delta === 'fixes' ? 'code before the patch' : 'patched code'} is no spec variant: replay with <code>racebot check</code> on the patch.</p>`}
${hunk.length ? `<h2>The hunk</h2><pre>${esc(hunk.join('\n'))}</pre>` : ''}
${diagram ? `<details><summary>As text (the column diagram of the email)</summary><pre>${esc(diagram)}</pre></details>` : ''}
<details id="json"><summary>JSON (racebot.check/1)</summary><pre>${esc(json)}</pre></details>
<p class="meta"><a href="${esc(base)}/api/findings/${esc(encodeURIComponent(p.id))}/${n}">JSON API</a></p>`;
  return layout(title, body, base);
}

export function notFoundPage(what: string, base: string): string {
  return layout('Not found', `<h1>Not found</h1><p>${esc(what)}</p><p><a href="${esc(base)}/">back to the dashboard</a></p>`, base);
}
