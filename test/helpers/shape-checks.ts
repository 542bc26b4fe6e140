import { expect } from 'vitest';
import { checkMails, type PatchReport } from '../../src/check/check.js';
import { parseMessage } from '../../src/mail/index.js';
import { liftPatch, renderFunction } from '../../src/lift/lift.js';
import { SCENARIOS } from '../../src/scenarios/index.js';
import { patchMailText } from './patch-mail.js';

// Checking a test mail written in the shape a real patch takes: each shape test states the
// shape, writes its own hunks, and asserts what each scenario makes of them.

export async function check(subject: string, date: string, diff: string, message = 'Commit message of a test patch.'): Promise<PatchReport> {
  const raw = patchMailText({ subject, date, messageId: `${Math.abs(hash(subject))}@example.org`, message, diff });
  const r = await parseMessage(raw);
  if (!r.ok) throw new Error(r.reason);
  return checkMails([r.mail], { sweep: false })[0];
}

/** The `diff --git` header lines of one file (the index line's blob ids are made up). */
export const fileHeader = (path: string): string[] => [`diff --git a/${path} b/${path}`, 'index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`];

/** One file's one hunk, its header's line counts taken from its lines (both start at `at`). */
export function countedHunk(path: string, at: number, fn: string, lines: string[]): string[] {
  const olds = lines.filter((l) => !l.startsWith('+')).length;
  const news = lines.filter((l) => !l.startsWith('-')).length;
  return [...fileHeader(path), `@@ -${at},${olds} +${at},${news} @@ ${fn}`, ...lines];
}

export function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}


export const finding = (r: PatchReport, sc: string) => {
  const f = r.findings.find((x) => x.scenario === sc);
  if (!f) throw new Error(`no ${sc} finding: ${r.outcome} ${r.reason ?? ''}`);
  return f;
};

/** Scenario `sc`'s finding on a test mail, asserted mapped (every hunk placed). */
export async function mappedFinding(sc: string, subject: string, date: string, diff: string[]): Promise<ReturnType<typeof finding>> {
  const f = finding(await check(subject, date, diff.join('\n')), sc);
  expect(f.unmapped).toEqual([]);
  return f;
}

/** Scenario `sc`'s finding, asserted mapped and neither `introduces` nor `fixes`. */
export async function mappedNoNewVerdict(sc: string, subject: string, date: string, diff: string[]): Promise<ReturnType<typeof finding>> {
  const f = await mappedFinding(sc, subject, date, diff);
  expect(f.delta).not.toMatch(/introduces|fixes/);
  return f;
}

/** The patch is mapped and `unchanged` in each of the scenarios. */
export async function expectUnchangedIn(scs: readonly string[], subject: string, date: string, diff: string[]): Promise<void> {
  for (const sc of scs) expect((await mappedFinding(sc, subject, date, diff)).delta).toBe('unchanged');
}

/** The function `fn` as scenario `sc` lifts the patch `diff` onto its baseline (or `variant`'s code). */
export async function liftedFunction(sc: string, date: string, diff: string, fn: string, variant?: string): Promise<string> {
  const m = await parseMessage(['From: a <a@example.org>', 'Subject: [PATCH] x', `Date: ${date}`, `Message-ID: <${Math.abs(hash(diff))}@example.org>`, '', 'x', '---', diff, ''].join('\n'));
  if (!m.ok) throw new Error(m.reason);
  const s = SCENARIOS.find((x) => x.id === sc)!;
  const base = variant ? s.variants.find((v) => v.id === variant)!.code(s.baseline) : s.baseline;
  return renderFunction(liftPatch(s, m.mail.diff, base).code, fn);
}
