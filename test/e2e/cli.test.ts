import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { joinMbox } from '../../src/mail/index.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const EX = resolve(process.cwd(), '../shared/examples');
const FIX = resolve(process.cwd(), 'test/fixtures/mail');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'racebot', ...args], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('racebot scenarios', () => {
  it('lists every scenario and variant as JSON', async () => {
    const r = await run('scenarios', 'list', '--format', 'json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    expect(list.map((s: { id: string }) => s.id)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']);
    for (const s of list) expect(s.variants.length).toBeGreaterThan(5);
  });

  it('runs a variant and prints the spec fields', async () => {
    const r = await run('scenarios', 'run', 'S3.1', '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ id: 'S3.1', verdict: 'race', invariant: 'I3.2', switches: { tlb_flush_ipi: false } });
    for (const k of ['states', 'transitions', 'ms', 'trace']) expect(j).toHaveProperty(k);
    expect(j.trace[0]).toHaveProperty('actor');
    expect(j.trace[0]).toHaveProperty('primitive');
  });

  it('says Never for a safe variant and honours switches', async () => {
    const r = await run('scenarios', 'run', 'S3.1', '--switch', 'tlb_flush_ipi=true');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Observation S3.1 gup-fast-pin Never');
  });

  it('names what exists for unknown ids and switches (exit 2)', async () => {
    const a = await run('scenarios', 'run', 'S9.1');
    expect(a.code).toBe(2);
    expect(a.err).toContain('S0, S1, S2, S3, S4');
    const b = await run('scenarios', 'run', 'S3.9');
    expect(b.code).toBe(2);
    expect(b.err).toContain('S3.1');
    const c = await run('scenarios', 'run', 'S3.1', '--switch', 'nope=1');
    expect(c.code).toBe(2);
    expect(c.err).toContain('tlb_flush_ipi');
  });

  it('ends an exploration over budget as inconclusive', async () => {
    const r = await run('scenarios', 'run', 'S1.2', '--max-states', '50', '--format', 'json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out).verdict).toBe('inconclusive');
  });
});

describe('racebot check', () => {
  it.skipIf(!HAVE_SHARED)('exits 1 when a patch introduces a race, 0 otherwise', async () => {
    expect((await run('check', join(EX, '12-gup-fast-longterm-file-v7.eml'))).code).toBe(1);
    expect((await run('check', join(EX, '16-uprobes-xol-arch-copy-ixol.eml'))).code).toBe(0);
  });

  it.skipIf(!HAVE_SHARED)('reads an mbox of several patches and links the versions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racebot-'));
    const mbox = join(dir, 'gup.mbox');
    writeFileSync(mbox, joinMbox([readFileSync(join(EX, '12-gup-fast-longterm-file-v7.eml')), readFileSync(join(EX, '13-gup-fast-longterm-file-v8.eml'))]));
    const r = await run('check', '--format', 'json', mbox);
    const j = JSON.parse(r.out);
    expect(j.patches).toHaveLength(2);
    expect(j.patches[1].sinceLastVersion).toContain('v8 fixes the race reported on v7');
  });

  it.skipIf(!HAVE_SHARED)('turns bad input into stated outcomes, never a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racebot-'));
    const v7 = readFileSync(join(EX, '12-gup-fast-longterm-file-v7.eml'), 'utf8');
    // A hunk whose header announces more lines than it has.
    const wrongCount = v7.replace('@@ -148,6 +196,16 @@', '@@ -148,9 +196,19 @@');
    writeFileSync(join(dir, 'wrong-count.eml'), wrongCount);
    // A mail cut off in the middle of a hunk.
    writeFileSync(join(dir, 'truncated.eml'), v7.slice(0, v7.indexOf('folio_put_refs(folio, refs);')));
    writeFileSync(join(dir, 'no-diff.eml'), 'From: a@b.c\nSubject: [PATCH] mm: words only\nMessage-Id: <x@y>\n\nNo diff here.\n');
    const files = ['wrong-count.eml', 'truncated.eml', 'no-diff.eml'].map((f) => join(dir, f));
    files.push(join(FIX, 'html-only.eml'), join(FIX, 'binary-only.eml'), join(FIX, 'latin1-qp.eml'), join(FIX, 'reply-quoting-diff.eml'));
    const r = await run('check', '--format', 'json', ...files);
    expect(r.code).toBe(2);
    const outcomes = JSON.parse(r.out).patches.map((p: { outcome: string; reason: string }) => [p.outcome, p.reason]);
    expect(outcomes).toHaveLength(files.length);
    expect(outcomes[0][0]).toBe('rejected');
    expect(outcomes[0][1]).toMatch(/count|hunk/);
    expect(outcomes[1][0]).toBe('rejected');
    expect(outcomes[2]).toEqual(['no-patch', 'no diff in the message']);
    expect(outcomes[3][0]).toBe('rejected');
    expect(outcomes[3][1]).toContain('html-only');
    expect(outcomes[6][0]).toBe('no-patch'); // a review reply quoting a diff
    for (const [o, why] of outcomes) {
      expect(['checked', 'rejected', 'no-patch']).toContain(o);
      if (o !== 'checked') expect(String(why).length).toBeGreaterThan(5);
    }
  });

  it.skipIf(!HAVE_SHARED)('checks a bare diff (git diff, git show) like a patch mail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racebot-'));
    const v7 = readFileSync(join(EX, '12-gup-fast-longterm-file-v7.eml'), 'utf8');
    const diff = v7.slice(v7.indexOf('diff --git'));
    writeFileSync(join(dir, 'mine.patch'), diff);
    writeFileSync(join(dir, 'show.patch'), `commit 0123456789abcdef0123456789abcdef01234567\nAuthor: A <a@b.c>\n\n    mm/gup: check the mapping\n\n${diff}`);
    const r = await run('check', '--format', 'json', join(dir, 'mine.patch'), join(dir, 'show.patch'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.patches.map((p: { subject: string }) => p.subject)).toEqual(['[PATCH] mine.patch', '[PATCH] mm/gup: check the mapping']);
    for (const p of j.patches) expect(p.findings[0]).toMatchObject({ scenario: 'S3', delta: 'introduces', invariant: 'I3.2' });
  });

  it('a missing file is a usage error (exit 2)', async () => {
    const r = await run('check', '/nonexistent/patch.eml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/patch.eml');
  });

  it.skipIf(!HAVE_SHARED)('prints the email reply', async () => {
    const r = await run('check', '--format', 'email', '--from', 'racebot <bot@example.org>', join(EX, '12-gup-fast-longterm-file-v7.eml'));
    expect(r.out).toMatch(/^From: racebot <bot@example.org>\nTo: Lorenzo Stoakes <lstoakes@gmail.com>\n/);
    expect(r.out).toContain('In-Reply-To: <b3a4441cade9770e00d24f5ecb75c8f4481785a4.1683044162.git.lstoakes@gmail.com>');
  });
});
