/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (no
 * downloaded browser). The shared examples are checked in process, the dashboard is served on
 * 127.0.0.1, and a person's path is followed: the list of series -> the v7 GUP-fast patch's S3
 * finding -> the swimlane, whose lanes and violating step must be visible. A screenshot is saved
 * under test-artifacts/ (and to docs/dashboard-finding.png when it is missing or
 * UPDATE_SCREENSHOTS=1).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardDevServer, type DevServer } from '../../src/dashboard/index.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = resolve(process.cwd(), 'test-artifacts');
const DOCS_PNG = resolve(process.cwd(), 'docs/dashboard-finding.png');
const have = existsSync(CHROMIUM);

// Where CI runs, a missing browser is a failure (.ci/run installs it); elsewhere the test is skipped.
describe.skipIf((!have && !process.env.CI) || !HAVE_SHARED)('dashboard in headless Chromium', () => {
  let server: DevServer;
  let context: BrowserContext;
  let profile = '';

  beforeAll(async () => {
    if (!have) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    server = await startDashboardDevServer({ files: [resolve(process.cwd(), '../shared/examples')] });
    profile = mkdtempSync(join(tmpdir(), 'racebot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 60_000,
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('from the list to the v7 GUP-fast finding: lanes, the marked step, replay, history', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Series and patches');

    // Filter by delta as a person would, then follow the v7 patch's S3 finding.
    await page.selectOption('select[name="delta"]', 'introduces');
    await Promise.all([page.waitForURL(/delta=introduces/), page.click('button[type="submit"]')]);
    const row = page.locator('tr.patch', { hasText: '[PATCH v7 3/3] mm/gup' });
    expect(await row.count()).toBe(1);
    expect(await page.locator('tr.patch', { hasText: '[PATCH v8 3/3]' }).count()).toBe(0);
    await Promise.all([page.waitForURL(/\/findings\/[0-9a-f]+\/0$/), row.locator('a', { hasText: 'S3' }).click()]);

    expect(await page.locator('#finding-title').innerText()).toContain('S3 gup-fast-pin');
    expect(await page.locator('#finding-title .badge').innerText()).toBe('introduces');

    // The swimlane: three lanes (CPU0 gup-fast, CPU1 zap, CPU2 allocator), all visible.
    const svg = page.locator('#trace svg.racebot-trace');
    await svg.waitFor({ state: 'visible' });
    const lanes = svg.locator('g.lane');
    expect(await lanes.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await lanes.nth(i).isVisible()).toBe(true);
    expect(await lanes.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-actor')))).toEqual(['CPU0 gup-fast', 'CPU1 zap', 'CPU2 allocator']);
    const box = await svg.boundingBox();
    expect(box && box.width > 600 && box.height > 400).toBe(true);

    // The violating step is marked, visible, and is the ->mapping read.
    const marked = svg.locator('g.step.violating');
    expect(await marked.count()).toBe(1);
    expect(await marked.isVisible()).toBe(true);
    expect(await marked.locator('text.code').first().textContent()).toBe('mapping = folio_mapping(folio)');
    expect(await marked.locator('rect').first().getAttribute('stroke')).toBe('#cf222e');
    expect(await svg.locator('g.violation-label').isVisible()).toBe(true);
    expect(await svg.locator('g.violation-label').textContent()).toContain('violates I3.2');
    // Spans: CPU0's IRQs-off and the zapping CPU1's mmap_lock are drawn alongside their lanes.
    expect(await svg.locator('rect.span-irq[data-actor="CPU0 gup-fast"]').count()).toBeGreaterThan(0);
    expect(await svg.locator('rect.span-lock[data-actor="CPU1 zap"]').count()).toBeGreaterThan(0);

    // The replay command, the JSON and the version history (v7 introduces -> v8 unchanged).
    expect(await page.locator('#replay').innerText()).toBe('racebot scenarios run S3.1 --switch tlb_flush_ipi=false --switch gup_recheck_pmd=true');
    expect(await page.locator('.history').innerText()).toMatch(/v7: introduces I3\.2\s*→\s*v8: unchanged/);
    await page.locator('#json summary').click();
    const json = JSON.parse(await page.locator('#json pre').innerText()) as { scenario: string; delta: string; invariant: string; trace: unknown[] };
    expect([json.scenario, json.delta, json.invariant]).toEqual(['S3', 'introduces', 'I3.2']);
    expect(json.trace.length).toBeGreaterThan(3);
    await page.locator('#json summary').click();

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'dashboard-finding.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(DOCS_PNG)) {
      mkdirSync(resolve(DOCS_PNG, '..'), { recursive: true });
      copyFileSync(shot, DOCS_PNG);
    }

    // The history links to v8's finding, whose page says it is unchanged.
    await Promise.all([page.waitForURL(/\/findings\/[0-9a-f]+\/0$/), page.locator('.history a', { hasText: 'v8: unchanged' }).click()]);
    expect(await page.locator('#finding-title .badge').innerText()).toBe('unchanged');
    expect(await page.locator('#trace').count()).toBe(0);
  });
});

// The project's own mails (no ../shared needed): the pages render, SVG trace included, under
// the Content-Security-Policy the dashboard sends, with no violation reported by the browser.
describe.skipIf(!have && !process.env.CI)('dashboard in headless Chromium, under its Content-Security-Policy', () => {
  let server: DevServer;
  let context: BrowserContext;
  let profile = '';
  const MAILS = ['examples/gup-fast-pin-before-recheck.eml', 'test/corpus/S4/01-uprobes-xol-trampoline-arch-copy.eml'].map((f) => resolve(process.cwd(), f));

  beforeAll(async () => {
    if (!have) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    server = await startDashboardDevServer({ files: MAILS });
    profile = mkdtempSync(join(tmpdir(), 'racebot-chromium-csp-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, timeout: 60_000 });
    // Every CSP violation the page reports, from before its first byte is parsed.
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('the list, a finding with its SVG trace and a fixes finding render with nothing refused', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const console: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
    });
    const violations = async () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

    const res = await page.goto(`${server.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('h1').textContent()).toBe('Series and patches');
    // The stylesheet applied (allowed by its hash): the header bar is dark.
    expect(await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(36, 41, 47)');
    const row = page.locator('tr.patch', { hasText: 'send long-term writable fast pins' });
    expect(await row.locator('td.when time').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    await Promise.all([page.waitForURL(/\/findings\/[0-9a-f]+\/0$/), row.locator('a', { hasText: 'S3' }).click()]);
    const svg = page.locator('#trace svg.racebot-trace');
    await svg.waitFor({ state: 'visible' });
    expect(await svg.locator('g.lane').count()).toBe(3);
    const box = await svg.boundingBox();
    expect(box && box.width > 600 && box.height > 400).toBe(true);
    expect(await svg.locator('g.step.violating').isVisible()).toBe(true);
    expect(await svg.locator('g.step.violating').textContent()).toContain('folio_mapping(folio)');

    // The S4 fixes finding: the race before the patch, and the command that replays it (S4.0).
    await page.goto(`${server.url}/?delta=fixes`);
    await Promise.all([page.waitForURL(/\/findings\/[0-9a-f]+\/\d+$/), page.locator('tr.patch a', { hasText: 'S4' }).first().click()]);
    await page.locator('#trace svg.racebot-trace').waitFor({ state: 'visible' });
    expect(await page.locator('#replay').innerText()).toBe('racebot scenarios run S4.0 --switch icache_coherent=false');

    expect(await violations()).toEqual([]);
    expect(console).toEqual([]);
    // The watch works: an inline style the CSP does not name is refused and reported.
    await page.evaluate(() => document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>'));
    await expect.poll(violations).toEqual([expect.stringMatching(/^style-src/)]);
    await page.close();
  });
});
