/**
 * The PR comment and the check run summary with hostile text from a diff: backtick runs that
 * would close a fence or a code span, `@mentions`, links and autolinks, HTML and a forged
 * history marker. Rendered by racebot's own code (commentBody, checkSummary) from a real report
 * whose trace and violation were given hostile C.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatch, type Finding, type PatchReport } from '../../src/check/check.js';
import { prToPatchMail, type PullRequestInfo } from '../../src/github/pr-mail.js';
import { checkSummary, COMMENT_MARKER, commentBody, historyOf, pushResult } from '../../src/github/report.js';
import { codeBlock, codeSpan, plain } from '../../src/github/markdown.js';
import { parseMessage } from '../../src/mail/index.js';

const HOSTILE = [
  '````` ``` `',
  '@torvalds please merge, cc @linux-mm/maintainers',
  '[click](https://evil.example/x) ![img](https://evil.example/p.png) https://evil.example www.evil.example a@evil.example',
  '<img src=x onerror=alert(1)> <details open> </code></pre> <!-- racebot:history W10 -->',
  '**bold** _it_ # heading | table | ~~s~~ fixes #1',
].join('\n');

/** Text outside code blocks and code spans, as a GFM reader would see it. */
function prose(md: string): string {
  const lines = md.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (const l of lines) {
    const m = /^ {0,3}(`{3,})/.exec(l);
    if (fence) {
      if (m && m[1].length >= fence.length && l.trim() === m[1]) fence = null;
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    // Code spans: a run of n backticks up to the next run of exactly n.
    out.push(l.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, ''));
  }
  expect(fence, 'every code block is closed').toBeNull();
  return out.join('\n');
}

/** Assertions on the prose of a rendered body: nothing a diff wrote acts as markdown there. */
function assertInert(md: string): void {
  const p = prose(md);
  expect(p).not.toMatch(/@[A-Za-z0-9]/);
  expect(p).not.toMatch(/(?<!\\)\[(?!On the dashboard\]|Check run\]|trace\]|details\])/);
  expect(p).not.toMatch(/https?:\/\/evil/);
  expect(p).not.toMatch(/www\.evil/);
  expect(p).not.toMatch(/<(?!\/?(details|summary|sub)>|!-- racebot:)/);
  expect(p).not.toContain('**bold**');
  expect(p).not.toMatch(/#\d/);
}

describe('markdown helpers', () => {
  it('codeBlock: the fence is longer than any backtick run, and the text is verbatim inside', () => {
    const b = codeBlock(HOSTILE);
    const lines = b.split('\n');
    expect(lines[0]).toBe('``````text');
    expect(lines.at(-1)).toBe('``````');
    expect(lines.slice(1, -1).join('\n')).toBe(HOSTILE);
    expect(codeBlock('plain').split('\n')[0]).toBe('```text');
    expect(codeBlock('x', 'te`xt\nevil').split('\n')[0]).toBe('```textevil');
  });
  it('codeSpan: cannot be closed from inside, on one line', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('x\ny')).toBe('`x y`');
  });
  it('plain: no markup, no mention, no link, no HTML', () => {
    const p = plain(HOSTILE);
    expect(p).not.toContain('\n');
    expect(p).not.toMatch(/@[A-Za-z0-9]/);
    expect(p).not.toMatch(/(?<!\\)[[\]*_`|~]/);
    expect(p).not.toMatch(/</);
    expect(p).not.toMatch(/https?:\/\//);
    expect(p).toContain('&lt;img src=x onerror=alert(1)>');
    expect(plain('fixes #12 and GH-3')).toBe('fixes #\u206012 and GH-\u20603');
    expect(plain('# title')).toBe('\\# title');
    expect(plain('1. item')).toBe('1\\. item');
    expect(plain('- x -> y')).toBe('\\- x -> y');
  });
});

describe('the comment and the summary of a report with hostile C in it', () => {
  const pr: PullRequestInfo = { owner: 'o', repo: 'r', number: 1, title: 't', body: null, htmlUrl: 'https://github.com/o/r/pull/1', author: 'a', headSha: 'b'.repeat(40), headRef: 'h', baseRef: 'main', createdAt: null, updatedAt: null };

  const hostileReport = async (): Promise<PatchReport> => {
    const r = await parseMessage(readFileSync(resolve(process.cwd(), 'test/corpus/S3/01-gup-fast-longterm-check-in-try-grab-folio.eml')));
    if (!r.ok) throw new Error(r.reason);
    const report = checkPatch(prToPatchMail(pr, r.mail.diffText));
    const f = report.findings.find((x) => x.delta === 'introduces');
    expect(f, 'the corpus patch introduces a race').toBeDefined();
    const evil: Finding = {
      ...f!,
      violation: HOSTILE,
      trace: f!.trace.map((t, i) => (i === 0 ? { ...t, step: `${t.step} /* ${HOSTILE} */` } : t)),
      unmapped: [{ file: 'mm/gup.c', header: HOSTILE, reason: HOSTILE }],
    };
    return { ...report, reason: HOSTILE, findings: [evil, { ...evil, delta: 'unmapped' }], outOfScope: [HOSTILE], sinceLastVersion: HOSTILE };
  };

  it('the comment: the diagram verbatim in a fence nothing closes, folded in <details>; the rest inert', async () => {
    const report = await hostileReport();
    const history = [pushResult(pr.headSha, 1, report)];
    const body = commentBody({ history, sha: pr.headSha, report, conclusion: 'failure', checkRunUrl: `${pr.htmlUrl}/checks?check_run_id=5` });
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    assertInert(body);
    // The diagram is there, folded, and its hostile line is verbatim inside the fence.
    expect(body).toContain('<details><summary>The interleaving (S3 gup-fast-pin)</summary>\n\n``````text\n');
    const block = /\n``````text\n([^]*?)\n``````\n\n<\/details>/.exec(body);
    expect(block?.[1]).toContain('local_irq_save(flags) /*');
    expect(block?.[1]).toContain('`````');
    expect(block?.[1]).toContain('@torvalds');
    // A forged history marker in the quoted code is not the history.
    expect(historyOf(body)).toEqual(history);
    const forged = body.replace(/<!-- racebot:history [^\n]*$/, '');
    expect(historyOf(forged)).toEqual([]);
  });

  it('the check run summary: the same guarantees', async () => {
    const report = await hostileReport();
    const s = checkSummary(report, { finding: () => 'https://racebot.example.org/findings/x/0', svg: () => 'https://racebot.example.org/findings/x/0/trace.svg' });
    assertInert(s.replace(/!\[[^\]]*\]\(https:\/\/racebot\.example\.org[^)]*\)/g, '').replace(/\[On the dashboard\]\(https:\/\/racebot\.example\.org[^)]*\)/g, ''));
    const block = /\n``````text\n([^]*?)\n``````\n/.exec(s);
    expect(block?.[1]).toContain('`````');
    expect(block?.[1]).toContain('@torvalds');
  });
});
