/** The GitHub side without GitHub: racebot.yml, the PR -> PatchMail adapter, annotations, the comment's history. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../src/check/check.js';
import { parseRepoConfig } from '../../src/github/config.js';
import { prToPatchMail, pullRequestInfo, type PullRequestInfo } from '../../src/github/pr-mail.js';
import { annotationsFor, batches, commentBody, conclusionOf, historyOf, pushResult, sinceLastPush, withPush } from '../../src/github/report.js';
import { parseMessage } from '../../src/mail/index.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const PR: PullRequestInfo = { owner: 'o', repo: 'r', number: 7, title: 'mm/gup: pin safely', body: 'Why.\n\nSigned-off-by: A <a@example.org>', htmlUrl: 'https://github.com/o/r/pull/7', author: 'alice', headSha: 'a'.repeat(40), headRef: 'topic', baseRef: 'main', createdAt: '2024-01-02T03:04:05Z', updatedAt: null };

async function diffOf(file: string): Promise<string> {
  const r = await parseMessage(readFileSync(resolve(process.cwd(), '../shared/examples', file)));
  if (!r.ok) throw new Error(r.reason);
  return r.mail.diffText;
}

describe('.github/racebot.yml', () => {
  it('is opt-in: no file is null, an empty one is not enabled', () => {
    expect(parseRepoConfig(null)).toBeNull();
    expect(parseRepoConfig({})).toEqual({ ok: true, config: expect.objectContaining({ enabled: false }) });
  });
  it('takes scenarios, switches, kernel version and switches for the report', () => {
    const r = parseRepoConfig({ enabled: true, scenarios: ['S3'], switches: { tlb_flush_ipi: false }, kernelVersion: 6.4, comment: false, failOn: ['introduces', 'pre-existing'] });
    expect(r).toEqual({ ok: true, config: { enabled: true, scenarios: ['S3'], switches: { tlb_flush_ipi: false }, kernelVersion: '6.4', comment: false, annotations: true, failOn: ['introduces', 'pre-existing'] } });
  });
  it('says what is wrong', () => {
    expect(parseRepoConfig({ enabled: true, scenarios: ['S9'] })).toEqual({ ok: false, error: expect.stringContaining('unknown S9') });
    expect(parseRepoConfig({ enabled: true, switches: { tlb_flush_ipi: 'maybe' } })).toEqual({ ok: false, error: expect.stringContaining('tlb_flush_ipi takes false or true, not maybe') });
    expect(parseRepoConfig({ enabled: 'yes' })).toEqual({ ok: false, error: expect.stringContaining('enabled') });
    expect(parseRepoConfig({ enabled: true, typo: 1 })).toEqual({ ok: false, error: expect.stringContaining('typo') });
  });
});

describe('prToPatchMail', () => {
  it.skipIf(!HAVE_SHARED)('is the PatchMail of the PR: title, author, body, diff, push as version', async () => {
    const m = prToPatchMail(PR, await diffOf('12-gup-fast-longterm-file-v7.eml'), { version: 3 });
    expect(m.subject).toBe('[PATCH v3] mm/gup: pin safely');
    expect(m.normalizedSubject).toBe('mm/gup: pin safely');
    expect(m.tags.version).toBe(3);
    expect(m.author).toEqual({ name: 'alice', address: 'alice@users.noreply.github.com' });
    expect(m.trailers.signedOffBy).toEqual(['A <a@example.org>']);
    expect(m.diff.map((f) => f.path)).toEqual(['mm/gup.c']);
    expect(m.diffProblems).toEqual([]);
    expect(m.date).toBe('2024-01-02T03:04:05.000Z');
    // The checker sees the same patch the email carried.
    const f = checkPatch(m).findings.find((x) => x.scenario === 'S3')!;
    expect([f.delta, f.variant, f.invariant]).toEqual(['introduces', 'S3.1', 'I3.2']);
  });
  it('reads the webhook and REST shapes of a pull request', () => {
    const info = pullRequestInfo({ number: 2, title: 'T', body: null, html_url: 'u', user: { login: 'bob' }, head: { sha: 's', ref: 'h' }, base: { ref: 'main', repo: { name: 'repo', owner: { login: 'own' } } } });
    expect(info).toMatchObject({ owner: 'own', repo: 'repo', number: 2, author: 'bob', headSha: 's', baseRef: 'main' });
  });
  it('a malformed diff is a rejected check, not a crash', () => {
    const r = checkPatch(prToPatchMail(PR, 'diff --git a/mm/gup.c b/mm/gup.c\n--- a/mm/gup.c\n+++ b/mm/gup.c\n@@ -1,5 +1,5 @@\n x\n'));
    expect(r.outcome).toBe('rejected');
    expect(conclusionOf(r, { failOn: ['introduces'] })).toBe('neutral');
  });
});

describe('annotations', () => {
  it.skipIf(!HAVE_SHARED)('a race the patch introduces: a failure on the added line of the violating step', async () => {
    const diff = await diffOf('12-gup-fast-longterm-file-v7.eml');
    const m = prToPatchMail(PR, diff);
    const a = annotationsFor(checkPatch(m), m.diff);
    expect(a.map((x) => [x.path, x.annotation_level])).toEqual([['mm/gup.c', 'failure']]);
    const hunkLine = m.diff[0].hunks.flatMap((h) => h.lines).find((l) => l.newLine === a[0].start_line)!;
    expect([hunkLine.kind, hunkLine.text.trim()]).toEqual(['add', 'mapping = folio_mapping(folio);']);
  });
  it.skipIf(!HAVE_SHARED)('a race the patch closes: notices where the removed lines were', async () => {
    const m = prToPatchMail(PR, await diffOf('05-uffd-wp-mmap-write-lock-v1.eml'));
    const a = annotationsFor(checkPatch(m), m.diff);
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((x) => x.annotation_level === 'notice' && x.message.includes('went through the line removed here'))).toBe(true);
  });
  it('go 50 to a request', () => {
    expect(batches(Array.from({ length: 120 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches([])).toEqual([]);
  });
});

describe('the summary comment', () => {
  it('keeps the history of pushes in itself; a recheck of a commit is the same push', () => {
    const intro = { outcome: 'checked' as const, findings: [{ scenario: 'S3', name: 'gup-fast-pin', delta: 'introduces' as const, invariant: 'I3.2' }] };
    const ok = { outcome: 'checked' as const, findings: [{ scenario: 'S3', name: 'gup-fast-pin', delta: 'unchanged' as const, invariant: null }] };
    let h = withPush([], pushResult('aaa', 1, intro as never));
    h = withPush(h, pushResult('bbb', 2, ok as never));
    h = withPush(h, pushResult('bbb', 9, ok as never));
    expect(h.map((x) => [x.sha, x.push])).toEqual([
      ['aaa', 1],
      ['bbb', 2],
    ]);
    expect(sinceLastPush(h, 'bbb')).toBe('push 2 fixes the race reported on push 1 (I3.2, S3 gup-fast-pin)');
    const body = commentBody({ history: h, sha: 'bbb', report: { ...ok, reason: null, sinceLastVersion: null } as never, conclusion: 'success' });
    expect(body).toContain('History of S3: push 1: introduces I3.2 -> push 2: unchanged');
    expect(historyOf(body)).toEqual(h);
    expect(historyOf('no marker')).toEqual([]);
    expect(historyOf('<!-- racebot:history !!! -->')).toEqual([]);
  });
});
