/**
 * The running bot against the real Redis and a real SMTP peer: patches mailed to `racebot
 * serve`'s listener, processed by a worker (in-process here; see crash.test.ts for worker
 * processes), replies received by an smtp-server the test started.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Config } from '../../src/config.js';
import { startServe, type ServeHandle } from '../../src/service/serve.js';
import { keyOf } from '../../src/service/summary.js';
import { startWorker, type WorkerHandle } from '../../src/service/worker.js';
import { cleanupPrefix, example, idle, sendRaw, startSink, testConfig, uniqueId, uniquePrefix, waitFor, type Sink } from './helpers.js';
import { HAVE_SHARED } from '../helpers/shared.js';

const prefix = uniquePrefix('pipeline');
let sink: Sink;
let cfg: Config;
let serve: ServeHandle;
let worker: WorkerHandle;

const outcome = async (mid: string) => (await serve.store.getMessage(keyOf(mid))).outcome;

beforeAll(async () => {
  sink = await startSink();
  cfg = testConfig(prefix, sink.port);
  serve = await startServe(cfg);
  worker = await startWorker(cfg, { log: process.env.DEBUG_RACEBOT ? (await import('../../src/service/context.js')).jsonLogger('worker') : undefined });
});

afterAll(async () => {
  await worker?.close();
  await serve?.close();
  await sink?.close();
  await cleanupPrefix(prefix);
});

const V7 = uniqueId('v7');

describe.skipIf(!HAVE_SHARED)('racebot serve + worker', () => {
  test('a patch mailed to the listener comes out as a threaded reply at the receiving server', async () => {
    const raw = example('12-gup-fast-longterm-file-v7.eml', {
      messageId: V7,
      to: 'linux-mm@kvack.org',
      cc: 'Peter Xu <peterx@redhat.com>, David Hildenbrand <david@redhat.com>, stable@vger.kernel.org',
    });
    const resp = await sendRaw(serve.smtpPort, raw);
    expect(resp).toMatch(/queued/);
    const [reply] = await waitFor('the reply', () => sink.repliesTo(V7).length > 0 && sink.repliesTo(V7), 30000);
    const m = reply.mail;
    expect(m.subject).toBe('Re: [PATCH v7 3/3] mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings');
    expect(m.inReplyTo).toBe(`<${V7}>`);
    const refs = Array.isArray(m.references) ? m.references : [m.references];
    expect(refs).toContain('<cover.1683044162.git.lstoakes@gmail.com>');
    expect(refs[refs.length - 1]).toBe(`<${V7}>`);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    expect(m.headers.get('x-racebot-finding')).toBe('S3:introduces:I3.2, S7:unchanged');
    expect(m.messageId).toMatch(/^<racebot\.[0-9a-f]{24}@example\.org>$/);
    const to = (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    const cc = (Array.isArray(m.cc) ? m.cc : [m.cc]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    expect(to).toEqual(['lstoakes@gmail.com']);
    // The author, the subsystem's list the patch went to and its maintainers; not every Cc.
    expect(cc.sort()).toEqual(['akpm@linux-foundation.org', 'linux-mm@kvack.org']);
    expect(reply.envelopeTo.sort()).toEqual(['akpm@linux-foundation.org', 'linux-mm@kvack.org', 'lstoakes@gmail.com']);
    expect(reply.envelopeFrom).toBe('racebot@example.org');
    expect(m.text).toContain('This patch introduces a race (S3 gup-fast-pin)');
    expect(m.text).toContain('replay: racebot scenarios run S3.1'.replace('replay: ', 'To replay: '));
    // The 3/3 waited for 1/3 and 2/3 until the series deadline, then was checked with what arrived.
    expect(await outcome(V7)).toBe('reported');
    const entry = await serve.store.outbox.get('email', (await serve.store.getMessage(keyOf(V7))).reply);
    expect(entry?.state).toBe('sent');
  });

  test('a subsystem that did not opt in gets nothing', async () => {
    const mid = uniqueId('netdev');
    // The same racy patch, sent to the list of a subsystem that did not opt in (netdev) only.
    await sendRaw(serve.smtpPort, example('12-gup-fast-longterm-file-v7.eml', { messageId: mid, inReplyTo: uniqueId('cover'), to: 'netdev@vger.kernel.org', cc: 'Peter Xu <peterx@redhat.com>' }));
    // And a patch whose list and files no subsystem claims.
    const mid2 = uniqueId('lkml');
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid2, to: 'linux-kernel@vger.kernel.org', cc: null }));
    await waitFor('both outcomes', async () => (await outcome(mid)) && (await outcome(mid2)), 30000);
    expect(await outcome(mid)).toBe('skipped');
    expect((await serve.store.getMessage(keyOf(mid))).reason).toBe('not opted in (netdev)');
    expect(await outcome(mid2)).toBe('skipped');
    await waitFor('the queues to drain', () => idle(serve.queues), 30000);
    expect(sink.repliesTo(mid)).toHaveLength(0);
    expect(sink.repliesTo(mid2)).toHaveLength(0);
    expect(sink.received.filter((r) => r.envelopeTo.includes('kuba@kernel.org') || r.envelopeTo.includes('netdev@vger.kernel.org'))).toHaveLength(0);
  });

  test('the same message delivered twice (and again later) gives one reply', async () => {
    const mid = uniqueId('twice');
    const raw = example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: mid, to: 'linux-mm@kvack.org' });
    const [a, b] = await Promise.all([sendRaw(serve.smtpPort, raw), sendRaw(serve.smtpPort, raw)]);
    expect([a, b].join(' ')).toMatch(/queued|already/);
    await waitFor('the reply', () => sink.repliesTo(mid).length > 0, 30000);
    const c = await sendRaw(serve.smtpPort, raw);
    expect(c).toMatch(/already have/);
    await waitFor('the queues to drain', () => idle(serve.queues), 30000);
    expect(sink.repliesTo(mid)).toHaveLength(1);
    expect(sink.repliesTo(mid)[0].mail.headers.get('x-racebot-finding')).toBe('S4:fixes:I4.1');
  });

  test('v8 of a patch says what changed since v7', async () => {
    const mid = uniqueId('v8');
    await sendRaw(serve.smtpPort, example('13-gup-fast-longterm-file-v8.eml', { messageId: mid, to: 'linux-mm@kvack.org' }));
    const [reply] = await waitFor('the v8 reply', () => sink.repliesTo(mid).length > 0 && sink.repliesTo(mid), 30000);
    expect(reply.mail.headers.get('x-racebot-finding')).toBe('S3:unchanged, S7:unchanged');
    expect(reply.mail.text?.replace(/\s+/g, ' ')).toContain('Since the previous version: v8 fixes the race reported on v7 (I3.2, S3 gup-fast-pin)');
  });

  test('own mail, auto-replies, Auto-Submitted mail and quoted diffs are never answered', async () => {
    const own = uniqueId('own');
    const auto = uniqueId('auto');
    const vacation = uniqueId('vacation');
    const review = uniqueId('review');
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: own, to: 'linux-mm@kvack.org', from: 'racebot <racebot@example.org>' }));
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: auto, to: 'linux-mm@kvack.org', extra: ['Auto-Submitted: auto-generated'] }));
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: vacation, to: 'linux-mm@kvack.org', extra: ['X-Autoreply: yes'] }));
    const quoted = [
      'From: Hugh Dickins <hughd@google.com>',
      'To: linux-mm@kvack.org',
      `Subject: Re: [PATCH] uprobes: allow for a cache flush after ixol breakpoint creation`,
      `Message-Id: <${review}>`,
      'In-Reply-To: <1481625657-22850-1-git-send-email-marcin.nowakowski@imgtec.com>',
      'Date: Tue, 13 Dec 2016 12:00:00 +0100',
      '',
      'On Tue, 13 Dec 2016, Marcin Nowakowski wrote:',
      '> diff --git a/kernel/events/uprobes.c b/kernel/events/uprobes.c',
      '> --- a/kernel/events/uprobes.c',
      '> +++ b/kernel/events/uprobes.c',
      '> @@ -1,3 +1,3 @@',
      '> -a',
      '> +b',
      '',
      'Looks fine to me.',
      '',
    ].join('\n');
    await sendRaw(serve.smtpPort, quoted);
    for (const id of [own, auto, vacation, review]) await waitFor(`outcome of ${id}`, () => outcome(id), 30000);
    expect((await serve.store.getMessage(keyOf(own))).reason).toBe('own mail');
    expect((await serve.store.getMessage(keyOf(auto))).reason).toMatch(/auto-submitted/);
    expect((await serve.store.getMessage(keyOf(vacation))).reason).toMatch(/auto-submitted \(auto-replied\)/);
    expect((await serve.store.getMessage(keyOf(review))).reason).toMatch(/quoting a diff/);
    await waitFor('the queues to drain', () => idle(serve.queues), 30000);
    for (const id of [own, auto, vacation, review]) expect(sink.repliesTo(id)).toHaveLength(0);
  });

  test('commands in replies are acted on and acknowledged', async () => {
    const botReply = sink.repliesTo(V7)[0].mail.messageId!.replace(/[<>]/g, '');
    const cmd = (tag: string, from: string, lines: string[]) => {
      const id = uniqueId(tag);
      return {
        id,
        raw: [
          `From: ${from}`,
          'To: racebot@example.org',
          'Subject: Re: [PATCH v7 3/3] mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings',
          `Message-Id: <${id}>`,
          `In-Reply-To: <${botReply}>`,
          `References: <${V7}> <${botReply}>`,
          'Date: Tue, 2 May 2023 18:00:00 +0100',
          '',
          '> This patch introduces a race (S3 gup-fast-pin)',
          '',
          ...lines,
          '',
        ].join('\n'),
      };
    };
    const ack = async (id: string) => (await waitFor(`the ack to ${id}`, () => sink.repliesTo(id).length > 0 && sink.repliesTo(id), 30000))[0];

    const why = cmd('why', 'David Hildenbrand <david@redhat.com>', ['#racebot why S3']);
    await sendRaw(serve.smtpPort, why.raw);
    const whyAck = await ack(why.id);
    expect(whyAck.mail.to && 'value' in whyAck.mail.to ? whyAck.mail.to.value[0].address : '').toBe('david@redhat.com');
    expect(whyAck.envelopeTo).toEqual(['david@redhat.com']);
    expect(whyAck.mail.text).toContain('I3.2 violated');
    expect(whyAck.mail.text).toContain('racebot scenarios run S3.1');

    const recheck = cmd('recheck', 'Lorenzo Stoakes <lstoakes@gmail.com>', ['#racebot recheck']);
    await sendRaw(serve.smtpPort, recheck.raw);
    expect((await ack(recheck.id)).mail.text).toContain('reported before; no new reply was sent');

    const muteNo = cmd('mute-no', 'David Hildenbrand <david@redhat.com>', ['#racebot mute S3']);
    await sendRaw(serve.smtpPort, muteNo.raw);
    expect((await ack(muteNo.id)).mail.text).toContain('Only the maintainers of mm can mute');

    const mute = cmd('mute', 'Andrew Morton <akpm@linux-foundation.org>', ['#racebot mute gup-fast-pin']);
    await sendRaw(serve.smtpPort, mute.raw);
    expect((await ack(mute.id)).mail.text).toContain('no longer reports S3 (gup-fast-pin) for mm');
    // The same patch is also checked against S7 (it touches try_grab_folio()): mute that too.
    const mute7 = cmd('mute7', 'Andrew Morton <akpm@linux-foundation.org>', ['#racebot mute gup-fast-split']);
    await sendRaw(serve.smtpPort, mute7.raw);
    expect((await ack(mute7.id)).mail.text).toContain('no longer reports S7 (gup-fast-split) for mm');
    const muted = uniqueId('muted');
    await sendRaw(serve.smtpPort, example('12-gup-fast-longterm-file-v7.eml', { messageId: muted, inReplyTo: uniqueId('cover'), to: 'linux-mm@kvack.org', subject: '[PATCH v7 3/3] mm/gup: another try' }));
    await waitFor('the muted outcome', async () => (await outcome(muted)) === 'no-finding', 30000);
    expect((await serve.store.getMessage(keyOf(muted))).reason).toBe('every finding is muted');

    const optout = cmd('optout', 'Marcin Nowakowski <marcin.nowakowski@imgtec.com>', ['#racebot optout']);
    await sendRaw(serve.smtpPort, optout.raw);
    expect((await ack(optout.id)).mail.text).toContain('no more mail to marcin.nowakowski@imgtec.com');
    const after = uniqueId('after-optout');
    await sendRaw(serve.smtpPort, example('16-uprobes-xol-arch-copy-ixol.eml', { messageId: after, to: 'linux-mm@kvack.org' }));
    await waitFor('the opted-out outcome', async () => (await outcome(after)) === 'skipped', 30000);
    expect((await serve.store.getMessage(keyOf(after))).reason).toBe('the author opted out');
    await waitFor('the queues to drain', () => idle(serve.queues), 30000);
    expect(sink.repliesTo(after)).toHaveLength(0);
    expect(sink.repliesTo(muted)).toHaveLength(0);
  });

  test('/healthz and /metrics', async () => {
    const base = `http://127.0.0.1:${serve.http!.port}`;
    const h = await fetch(`${base}/healthz`);
    expect(h.status).toBe(200);
    expect(((await h.json()) as { ok: boolean }).ok).toBe(true);
    const m = await (await fetch(`${base}/metrics`)).text();
    expect(m).toMatch(/racebot_mail_received_total\{[^}]*transport="smtp"[^}]*\} \d+/);
    expect(m).toMatch(/racebot_queue_jobs\{[^}]*queue="deliver"[^}]*state="completed"[^}]*\} [1-9]/);
    const wm = await worker.ctx.metrics.registry.metrics();
    expect(wm).toMatch(/racebot_reply_latency_seconds_count\{[^}]*\} [1-9]/);
  });
});
