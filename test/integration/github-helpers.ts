/**
 * Shared pieces of the GitHub tests: real webhook payloads from @octokit/webhooks-examples,
 * signing and POSTing a delivery, an App key, and pull request diffs from racebot's own corpus.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseMessage } from '../../src/mail/index.js';
import type { FakeGitHub } from './github-fake-api.js';
import { ROOT } from './helpers.js';

const require = createRequire(import.meta.url);
const EXAMPLES = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];

/** A copy of the first example of `event` with `action` (and an installation, unless told). */
export function webhookExample(event: string, action: string, withInstallation = true): any {
  const e = EXAMPLES.find((d) => d.name === event)!.examples.find((x) => x.action === action && (!withInstallation || x.installation));
  if (!e) throw new Error(`no ${event}.${action} example`);
  return structuredClone(e);
}

export function appKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
}

export function sign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed delivery; returns the answer. */
export async function deliver(url: string, event: string, payload: unknown, secret: string, delivery: string = randomUUID()): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': sign(secret, body) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** The diff of a corpus patch mail (test/corpus). */
export async function corpusDiff(file: string): Promise<string> {
  const r = await parseMessage(readFileSync(resolve(ROOT, 'test/corpus', file)));
  if (!r.ok) throw new Error(r.reason);
  return r.mail.diffText;
}

/** S3 introduces I3.2 (a race on mm/gup.c). */
export const INTRODUCES = 'S3/01-gup-fast-longterm-check-in-try-grab-folio.eml';
/** S3 unchanged (mm/gup.c, no race). */
export const UNCHANGED = 'S3/02-gup-fast-folio-allowed-after-recheck.eml';

/** A diff touching no mm file. */
export const NOT_MM_DIFF = [
  'diff --git a/drivers/misc/hello.c b/drivers/misc/hello.c',
  'index 1111111..2222222 100644',
  '--- a/drivers/misc/hello.c',
  '+++ b/drivers/misc/hello.c',
  '@@ -1,3 +1,4 @@',
  ' #include <linux/module.h>',
  '+#include <linux/init.h>',
  ' ',
  ' MODULE_LICENSE("GPL");',
  '',
].join('\n');

let nextPr = 100;

/**
 * A pull_request event (from the real `opened` example) for a new PR number in the fake, with
 * `diff` as its diff; `action`, privacy and the head sha as asked.
 */
export function newPull(gh: FakeGitHub, diff: string, o: { action?: string; private?: boolean; sha?: string; number?: number } = {}): any {
  const ev = webhookExample('pull_request', 'opened');
  const number = o.number ?? nextPr++;
  const sha = o.sha ?? randomUUID().replace(/-/g, '').padEnd(40, '0').slice(0, 40);
  ev.action = o.action ?? 'opened';
  ev.number = number;
  ev.pull_request.number = number;
  ev.pull_request.head.sha = sha;
  ev.pull_request.html_url = `${ev.repository.html_url}/pull/${number}`;
  ev.repository.private = o.private ?? false;
  gh.pulls.set(number, { number, headSha: sha, diff, json: structuredClone(ev.pull_request) });
  return ev;
}

/** An issue_comment.created event on pull request `number` with `body`. */
export function commentEvent(number: number, body: string, userType = 'User'): any {
  const ic = webhookExample('issue_comment', 'created');
  ic.issue.number = number;
  ic.issue.pull_request = { url: 'https://api.github.com/x', html_url: 'https://github.com/x', diff_url: 'https://github.com/x.diff', patch_url: 'https://github.com/x.patch' };
  ic.comment.body = body;
  ic.comment.user.type = userType;
  return ic;
}
