import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMessage, parseMessageFast } from '../../../src/mail/index.js';
import { decodeFlowedPatch } from '../../../src/mail/parse.js';
import { example, exampleNames, fixture, parseOk, plainMail } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

describe.skipIf(!HAVE_SHARED)('parseMessage on the shared examples', () => {
  it.each(exampleNames())('%s parses on the fast path, with a diff and no diff problems', async (name) => {
    const { mail, path } = await parseOk(example(name));
    expect(path).toBe('fast');
    expect(mail.diff.length).toBeGreaterThan(0);
    expect(mail.diffProblems).toEqual([]);
    expect(mail.isReply).toBe(false);
    expect(mail.quotesDiff).toBe(false);
    expect(mail.autoSubmitted).toBeNull();
    expect(mail.messageIdSynthesized).toBe(false);
    expect(mail.date).not.toBeNull();
  });

  it.each(exampleNames())('%s: the fast path yields the same PatchMail as mailparser', async (name) => {
    const fast = await parseOk(example(name));
    const mime = await parseOk(example(name), { path: 'mime' });
    expect(fast.path).toBe('fast');
    expect(mime.path).toBe('mime');
    expect(fast.mail).toEqual(mime.mail);
    expect(parseMessageFast(example(name))).toEqual(mime.mail);
  });

  it('subject tags, version, index and total', async () => {
    const expected: Record<string, [string[], number, number | null, number | null]> = {
      '01-uprobes-set-pte-at-rfc.eml': [['RFC', 'PATCH'], 1, 1, 4],
      '05-uffd-wp-mmap-write-lock-v1.eml': [['PATCH'], 1, null, null],
      '08-uffd-shmem-continue-install-ptes-v4.eml': [['PATCH'], 4, null, null],
      '12-gup-fast-longterm-file-v7.eml': [['PATCH'], 7, 3, 3],
      '13-gup-fast-longterm-file-v8.eml': [['PATCH'], 8, 3, 3],
      '16-uprobes-xol-arch-copy-ixol.eml': [['PATCH'], 1, null, null],
    };
    for (const name of exampleNames()) {
      const { mail } = await parseOk(example(name));
      const [prefixes, version, index, total] = expected[name];
      expect(mail.tags, name).toEqual({ prefixes, version, index, total, isCover: false });
    }
  });

  it('12 (v7): headers, trailers and the mm/gup.c hunks', async () => {
    const { mail } = await parseOk(example('12-gup-fast-longterm-file-v7.eml'));
    expect(mail.messageId).toBe('b3a4441cade9770e00d24f5ecb75c8f4481785a4.1683044162.git.lstoakes@gmail.com');
    expect(mail.inReplyTo).toBe('cover.1683044162.git.lstoakes@gmail.com');
    expect(mail.normalizedSubject).toBe('mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings');
    expect(mail.from).toEqual({ name: 'Lorenzo Stoakes', address: 'lstoakes@gmail.com' });
    expect(mail.date).toBe('2023-05-02T16:34:05.000Z');
    expect(mail.dateRaw).toBe('Tue,  2 May 2023 17:34:05 +0100');
    expect(mail.trailers.signedOffBy).toEqual(['Lorenzo Stoakes <lstoakes@gmail.com>']);
    expect(mail.trailers.suggestedBy).toHaveLength(3);
    expect(mail.diff.map((f) => f.path)).toEqual(['mm/gup.c']);
    const fns = mail.diff[0].hunks.map((h) => h.functionName);
    expect(fns).toContain('static inline struct folio *try_get_folio(struct page *page, int refs)');
    expect(fns).toContain('struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)');
    expect(mail.diffText.startsWith('diff --git a/mm/gup.c b/mm/gup.c\n')).toBe(true);
    expect(mail.commitMessage.startsWith('Writing to file-backed dirty-tracked mappings')).toBe(true);
    expect(mail.commitMessage.endsWith('Signed-off-by: Lorenzo Stoakes <lstoakes@gmail.com>')).toBe(true);
    expect(mail.rawHeaders.map(([k]) => k)).toEqual(['From', 'Subject', 'Date', 'Message-Id', 'In-Reply-To', 'X-Archive-Note']);
  });

  it('01: in-body From with UTF-8 is the author; Cc list and trailers', async () => {
    const { mail } = await parseOk(example('01-uprobes-set-pte-at-rfc.eml'));
    expect(mail.from).toEqual({ name: '', address: 'jglisse@redhat.com' });
    expect(mail.author).toEqual({ name: 'Jérôme Glisse', address: 'jglisse@redhat.com' });
    expect(mail.cc).toHaveLength(7);
    expect(mail.cc[1]).toEqual({ name: 'Andrea Arcangeli', address: 'aarcange@redhat.com' });
    expect(mail.trailers.cc).toContain('Radim Krčmář <rkrcmar@redhat.com>');
    expect(mail.body.startsWith('From: Jérôme Glisse <jglisse@redhat.com>\n\nUsing set_pte_at_notify()')).toBe(true);
    expect(mail.commitMessage.startsWith('Using set_pte_at_notify()')).toBe(true);
  });

  it('05 and 08: Fixes trailers, 05 has an in-body author different from the sender', async () => {
    const m05 = (await parseOk(example('05-uffd-wp-mmap-write-lock-v1.eml'))).mail;
    expect(m05.trailers.fixes).toEqual(['292924b26024 ("userfaultfd: wp: apply _PAGE_UFFD_WP bit")']);
    expect(m05.author.address).toBe('namit@vmware.com');
    expect(m05.from.address).toBe('nadav.amit@gmail.com');
    const m08 = (await parseOk(example('08-uffd-shmem-continue-install-ptes-v4.eml'))).mail;
    expect(m08.trailers.fixes).toEqual(['00da60b9d0a0 ("userfaultfd: support minor fault handling for shmem")']);
    expect(m08.to.length).toBe(13);
  });

  it('16: an upper-case CC header and CC trailers', async () => {
    const { mail } = await parseOk(example('16-uprobes-xol-arch-copy-ixol.eml'));
    expect(mail.cc.map((a) => a.address)).toContain('peterz@infradead.org');
    expect(mail.trailers.cc).toHaveLength(5);
    expect(mail.messageId).toBe('1481625657-22850-1-git-send-email-marcin.nowakowski@imgtec.com');
  });

  it('CRLF line endings and a leading mbox From line give the same mail', async () => {
    const lf = (await parseOk(example('13-gup-fast-longterm-file-v8.eml'))).mail;
    const crlfRaw = example('13-gup-fast-longterm-file-v8.eml').toString('utf8').replace(/\n/g, '\r\n');
    const crlf = (await parseOk(crlfRaw)).mail;
    expect(crlf).toEqual(lf);
    const withFrom = (await parseOk('From a690186fc37e Mon Sep 17 00:00:00 2001\n' + example('13-gup-fast-longterm-file-v8.eml').toString())).mail;
    expect(withFrom.diff).toEqual(lf.diff);
    expect(withFrom.rawHeaders).toEqual(lf.rawHeaders);
  });
});

describe('parseMessage on MIME mail (mailparser path)', () => {
  it('multipart with the patch in a text/x-patch base64 attachment', async () => {
    const { mail, path } = await parseOk(fixture('multipart-patch-attachment.eml'));
    expect(path).toBe('mime');
    expect(mail.body).toContain('Café – thanks!');
    expect(mail.attachments).toEqual([
      { filename: '0001-mm-rmap-take-the-anon_vma-lock.patch', contentType: 'text/x-patch', size: expect.any(Number), isPatch: true },
    ]);
    expect(mail.diff.map((f) => f.path)).toEqual(['mm/rmap.c']);
    expect(mail.diff[0].hunks[0].functionName).toBe('static void rmap_walk_anon(struct folio *folio, struct rmap_walk_control *rwc)');
    expect(mail.diffProblems).toEqual([]);
    expect(mail.trailers.fixes).toEqual(['0123456789ab ("mm/rmap: walk without the lock")']);
    expect(mail.commitMessage.startsWith('The walk must not race')).toBe(true);
  });

  it('iso-8859-1 quoted-printable body and encoded-word headers are decoded', async () => {
    const { mail, path } = await parseOk(fixture('latin1-qp.eml'));
    expect(path).toBe('mime');
    expect(mail.subject).toBe('[PATCH v3 2/2] mm/memory: flush before re-check (Straße)');
    expect(mail.tags).toMatchObject({ version: 3, index: 2, total: 2 });
    expect(mail.from).toEqual({ name: 'Jürgen Straß', address: 'juergen@example.de' });
    expect(mail.cc).toEqual([{ name: 'René Müller', address: 'rene@example.de' }]);
    expect(mail.trailers.reportedBy).toEqual(['René Müller <rene@example.de>']);
    expect(mail.diff[0].hunks[0].lines.find((l) => l.kind === 'add')?.text).toBe('\tflush_tlb_page(vma, vmf->address);');
    expect(mail.references).toEqual(['latin1-qp-0@example.de']);
  });

  it('koi8-r 8bit body and a koi8-r base64 encoded-word name', async () => {
    const { mail } = await parseOk(fixture('koi8r-8bit.eml'));
    expect(mail.from.name).toBe('Иван Петров');
    expect(mail.body.startsWith('Исправление гонки')).toBe(true);
    expect(mail.diff[0].hunks[0].functionName).toBe('struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags)');
  });

  it('base64 text/plain body', async () => {
    const { mail, path } = await parseOk(fixture('base64-utf8.eml'));
    expect(path).toBe('mime');
    expect(mail.tags.prefixes).toEqual(['PATCH', 'RESEND']);
    expect(mail.diff.map((f) => f.path)).toEqual(['mm/rmap.c']);
  });

  it('HTML-only and binary-only mail are rejected with their codes', async () => {
    expect(await parseMessage(fixture('html-only.eml'))).toMatchObject({ ok: false, code: 'html-only' });
    expect(await parseMessage(plainMail({ From: 'a@b', Subject: 'x', 'Content-Type': 'text/html' }, '<p>hi</p>\n'))).toMatchObject({
      ok: false,
      code: 'html-only',
    });
    expect(await parseMessage(fixture('binary-only.eml'))).toMatchObject({ ok: false, code: 'binary-only' });
  });

  it('a reply quoting a diff is a review: isReply, quotesDiff, no diff', async () => {
    const { mail } = await parseOk(fixture('reply-quoting-diff.eml'));
    expect(mail.isReply).toBe(true);
    expect(mail.quotesDiff).toBe(true);
    expect(mail.diff).toEqual([]);
    expect(mail.diffText).toBe('');
    expect(mail.references).toEqual([
      'cover.1683044162.git.lstoakes@gmail.com',
      'b3a4441cade9770e00d24f5ecb75c8f4481785a4.1683044162.git.lstoakes@gmail.com',
    ]);
  });

  it('a reply whose own hunks name no file is a sketch: headlessHunks, no diff, checked as no-patch with that reason', async () => {
    const raw = [
      'From: Reviewer <r@example.org>',
      'Subject: Re: [PATCH v2] uprobes: check the old page first',
      'Message-ID: <sketch-1@example.org>',
      'In-Reply-To: <patch-1@example.org>',
      '',
      '> +\tif (is_zero_page(old_page))',
      '> +\t\tgoto put_old;',
      '',
      'Something like this instead:',
      '',
      '@@ -502,6 +502,6 @@ int uprobe_write_opcode(struct arch_uprobe',
      '*auprobe, struct mm_struct *mm,',
      '         if (IS_ERR(old_page))',
      '-       ret = verify_opcode(old_page, vaddr, &opcode);',
      '+       ret = -EINVAL;',
      '',
    ].join('\n');
    const { mail } = await parseOk(Buffer.from(raw));
    expect(mail.diff).toEqual([]);
    expect(mail.headlessHunks).toBe(true);
    const { checkMails } = await import('../../../src/check/check.js');
    const [r] = checkMails([mail], { sweep: false });
    expect(r.outcome).toBe('no-patch');
    expect(r.reason).toMatch(/its hunks name no file/);
    // A reply that only quotes hunks has none of its own.
    expect((await parseOk(fixture('reply-quoting-diff.eml'))).mail.headlessHunks).toBe(false);
  });

  it('a cover letter: isCover, base-commit, no diff', async () => {
    const { mail } = await parseOk(fixture('cover-letter-v8.eml'));
    expect(mail.tags).toEqual({ prefixes: ['PATCH'], version: 8, index: 0, total: 3, isCover: true });
    expect(mail.baseCommit).toBe('865fdb08197e657c59e74a35fa32362b12397f58');
    expect(mail.diff).toEqual([]);
  });

  it('plain mail with undeclared 8-bit Latin-1 takes the MIME path and still parses', async () => {
    const raw = Buffer.concat([Buffer.from('From: a@b\nSubject: [PATCH] x\nMessage-ID: <l1@x>\n\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const out = await parseMessage(raw);
    expect(out).toMatchObject({ ok: true, path: 'mime' });
  });
});

describe('fast path agrees with mailparser on header details', () => {
  const cases: Record<string, string> = {
    'encoded words, folding and adjacent words': plainMail(
      {
        From: '=?UTF-8?q?J=C3=A9r=C3=B4me?= Glisse <jglisse@redhat.com>',
        To: '"Dr . David Alan Gilbert" <dgilbert@redhat.com>, plain@x.org (Com Ment),\n  Kirill A. Shutemov <kirill@shutemov.name>',
        Cc: 'list: a@x.org, B <b@x.org>;, c@x.org, undisclosed-recipients:;',
        Subject: '[PATCH v2 1/2] =?UTF-8?B?bW0vZ3VwOiDDqQ==?=\n =?UTF-8?q?t=C3=A9?= tail  end',
        Date: 'Tue,  2 May 2023 17:34:05 +0100 (BST)',
        'Message-ID': '<x1@example.org>',
        References: '<r1@x>\n\t<r2@x> <r3@x>',
        'In-Reply-To': '<r3@x> (message from Someone)',
      },
      'body\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.1\n',
    ),
    'raw UTF-8 in headers, duplicate headers, charset and encoding declared': plainMail(
      {
        From: 'Jürgen Straß <j@x.de>',
        Subject: 'Re: [PATCH] Ça marche',
        'X-Dup': '1',
        'x-dup': '2',
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset="us-ascii"',
        'Content-Transfer-Encoding': '7bit',
        'Message-ID': '<x2@example.org>',
        Date: 'not a date',
      },
      'x\r\ny\n',
    ),
    'no Message-ID, no Date, empty body': plainMail({ From: 'a@b.c', Subject: '[PATCH 0/3] cover' }, ''),
  };
  it.each(Object.keys(cases))('%s', async (name) => {
    const fast = await parseOk(cases[name]);
    const mime = await parseOk(cases[name], { path: 'mime' });
    expect(fast.path).toBe('fast');
    expect(fast.mail).toEqual(mime.mail);
  });

  it('details of the first case', async () => {
    const { mail } = await parseOk(cases['encoded words, folding and adjacent words']);
    expect(mail.subject).toBe('[PATCH v2 1/2] mm/gup: été tail  end');
    expect(mail.normalizedSubject).toBe('mm/gup: été tail end');
    expect(mail.from).toEqual({ name: 'Jérôme Glisse', address: 'jglisse@redhat.com' });
    expect(mail.to.map((a) => a.name)).toEqual(['Dr . David Alan Gilbert', 'Com Ment', 'Kirill A. Shutemov']);
    expect(mail.cc.map((a) => a.address)).toEqual(['a@x.org', 'b@x.org', 'c@x.org']);
    expect(mail.references).toEqual(['r1@x', 'r2@x', 'r3@x']);
    expect(mail.inReplyTo).toBe('r3@x');
    expect(mail.date).toBe('2023-05-02T16:34:05.000Z');
  });

  it('details of the second case: invalid date kept raw, duplicates kept', async () => {
    const { mail } = await parseOk(cases['raw UTF-8 in headers, duplicate headers, charset and encoding declared']);
    expect(mail.date).toBeNull();
    expect(mail.dateRaw).toBe('not a date');
    expect(mail.rawHeaders.filter(([k]) => k.toLowerCase() === 'x-dup')).toEqual([
      ['X-Dup', '1'],
      ['x-dup', '2'],
    ]);
    expect(mail.isReply).toBe(true);
    expect(mail.body).toBe('x\ny\n');
    expect(mail.from.name).toBe('Jürgen Straß');
  });

  it('a missing Message-ID is synthesized from the content, stably', async () => {
    const raw = cases['no Message-ID, no Date, empty body'];
    const a = (await parseOk(raw)).mail;
    const b = (await parseOk(raw)).mail;
    expect(a.messageIdSynthesized).toBe(true);
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).toMatch(/@synthesized\.invalid$/);
    expect(a.tags.isCover).toBe(true);
  });
});

describe('fast path vs mailparser on random plain mails', () => {
  const q = (s: string) =>
    `=?utf-8?q?${[...Buffer.from(s)].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 32 ? '_' : '=' + b.toString(16).toUpperCase().padStart(2, '0'))).join('')}?=`;
  const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
  const enc = (s: string, mode: number) => (mode === 0 ? s : mode === 1 ? b64(s) : q(s));
  const name = fc.string({ unit: fc.constantFrom(...'abcXYZ .-\'éüßИ,()<>@:;"\\'.split('')), maxLength: 12 });
  const addr = fc
    .tuple(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), fc.stringMatching(/^[a-z0-9-]{1,8}\.[a-z]{2,3}$/))
    .map(([l, d]) => `${l}@${d}`);
  const mailbox = fc.tuple(name, addr, fc.integer({ min: 0, max: 4 })).map(([n, a, m]) => {
    const nt = n.trim();
    if (m === 3 || !nt) return a;
    if (m === 4) return `<${a}>`;
    return `${m === 0 ? `"${nt.replace(/["\\]/g, '\\$&')}"` : enc(nt, m)} <${a}>`;
  });
  const subjText = fc.string({ unit: fc.constantFrom(...'abc XYZ[]:/()!?é∀😀_=,'.split('')), maxLength: 30 });
  const arb = fc.record({
    from: mailbox,
    to: fc.array(mailbox, { maxLength: 3 }),
    subj: fc.array(fc.tuple(subjText, fc.integer({ min: 0, max: 2 })), { maxLength: 3 }),
    fold: fc.boolean(),
    crlf: fc.boolean(),
    date: fc.constantFrom('Tue,  2 May 2023 17:34:05 +0100', 'bogus', '', '2 May 2023 17:34 GMT'),
    body: fc.string({ unit: 'grapheme', maxLength: 100 }),
  });

  it('both paths produce the same PatchMail', async () => {
    await fc.assert(
      fc.asyncProperty(arb, async (r) => {
        const subject = r.subj.map(([t, m]) => enc(t, m)).join(r.fold ? '\n ' : ' ');
        let raw = `From: ${r.from}\nTo: ${r.to.join(',\n  ')}\nCc: ${[...r.to].reverse().join(', ')}\nSubject: ${subject}\nMessage-ID: <x@y>\nDate: ${r.date}\n\n${r.body}`;
        if (r.crlf) raw = raw.replace(/\n/g, '\r\n');
        const fast = await parseMessage(raw);
        const mime = await parseMessage(raw, { path: 'mime' });
        expect(fast.ok).toBe(mime.ok);
        if (fast.ok && mime.ok) {
          // (An address with a punycode label is the MIME path's by design, e272af5: fast-check
          // found `_@xn--0.aa`, seed -1207941420.)
          expect(fast.path).toBe(/@(?:[^\s<>,;"]*\.)?xn--/i.test(raw) ? 'mime' : 'fast');
          expect(fast.mail).toEqual(mime.mail);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('fast path vs mailparser: an internationalised domain', () => {
  // fast-check found it (seed 304922696): mailparser decodes an `xn--` label, the fast path kept
  // it as written, so the two paths disagreed on the address.
  it('a punycode label in an address gives the same PatchMail on both paths', async () => {
    for (const to of ['_@xn--.aa', 'dev@xn--bcher-kva.example', 'a@mail.xn--bcher-kva.example']) {
      const raw = `From: -@a.aa\nTo: ${to}\nSubject: [PATCH] x\nMessage-ID: <x@y>\nDate: Tue,  2 May 2023 17:34:05 +0100\n\nbody\n`;
      const fast = await parseMessage(raw);
      const mime = await parseMessage(raw, { path: 'mime' });
      expect(fast.ok && mime.ok).toBe(true);
      if (fast.ok && mime.ok) expect(fast.mail).toEqual(mime.mail);
    }
  });
});

describe('bad input never throws and ends in an outcome', () => {
  it.skipIf(!HAVE_SHARED)('empty, garbage, headers without body, too large', async () => {
    expect(await parseMessage('')).toMatchObject({ ok: false, code: 'empty' });
    expect(await parseMessage(' \n\r\n\t')).toMatchObject({ ok: false, code: 'empty' });
    expect(await parseMessage('hello world, this is not a mail\n\nreally\n')).toMatchObject({ ok: false, code: 'malformed' });
    expect(await parseMessage('X-Foo: bar\n\nbody\n')).toMatchObject({ ok: false, code: 'malformed' });
    expect(await parseMessage('From: a@b\nSubject: [PATCH] cut in the hea')).toMatchObject({ ok: false, code: 'truncated' });
    expect(await parseMessage(example('16-uprobes-xol-arch-copy-ixol.eml'), { maxBytes: 100 })).toMatchObject({ ok: false, code: 'too-large' });
  });

  it.skipIf(!HAVE_SHARED)('a mail truncated inside the diff parses, with a truncated-hunk problem', async () => {
    const raw = example('12-gup-fast-longterm-file-v7.eml').toString('utf8');
    const cut = raw.slice(0, raw.indexOf('folio_longterm_write_pin_allowed(folio)) {'));
    const { mail } = await parseOk(cut);
    expect(mail.diff[0].hunks).toHaveLength(5);
    expect(mail.diffProblems.map((p) => [p.code, p.file, p.hunkIndex])).toEqual([['truncated-hunk', 'mm/gup.c', 4]]);
  });

  it.skipIf(!HAVE_SHARED)('a hunk whose counts do not match its header is reported', async () => {
    const raw = example('16-uprobes-xol-arch-copy-ixol.eml').toString('utf8').replace('@@ -1194,7 +1194,7 @@', '@@ -1194,9 +1194,9 @@');
    const { mail } = await parseOk(raw);
    expect(mail.diffProblems.map((p) => p.code)).toEqual(['hunk-count-mismatch']);
  });

  it('a mail without a diff is a PatchMail with an empty diff (the caller reports no-patch)', async () => {
    const { mail } = await parseOk(plainMail({ From: 'a@b.c', Subject: '[PATCH] mm: words only', 'Message-ID': '<np@x>' }, 'I forgot the patch.\n'));
    expect(mail.diff).toEqual([]);
    expect(mail.diffText).toBe('');
    expect(mail.diffProblems).toEqual([]);
  });

  it('Auto-Submitted and X-Autoreply are surfaced', async () => {
    const auto = await parseOk(plainMail({ From: 'a@b.c', Subject: 'Out of office', 'Auto-Submitted': 'auto-replied' }, 'away\n'));
    expect(auto.mail.autoSubmitted).toBe('auto-replied');
    const no = await parseOk(plainMail({ From: 'a@b.c', Subject: 'x', 'Auto-Submitted': 'no' }, 'x\n'));
    expect(no.mail.autoSubmitted).toBeNull();
    const xa = await parseOk(plainMail({ From: 'a@b.c', Subject: 'x', 'X-Autoreply': 'yes' }, 'x\n'));
    expect(xa.mail.autoSubmitted).toBe('auto-replied');
  });

  it.skipIf(!HAVE_SHARED)('random bytes and mangled mails never throw', async () => {
    const base = example('05-uffd-wp-mmap-write-lock-v1.eml');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
          fc.tuple(fc.nat(base.length), fc.nat(base.length), fc.uint8Array({ maxLength: 20 })).map(([a, b, ins]) =>
            Buffer.concat([base.subarray(0, Math.min(a, b)), Buffer.from(ins), base.subarray(Math.max(a, b))]),
          ),
          fc.string({ unit: 'binary', maxLength: 300 }).map((s) => 'From: a@b\nContent-Type: multipart/mixed; boundary=x\n\n--x\n' + s),
        ),
        async (raw) => {
          const out = await parseMessage(raw);
          expect(typeof out.ok).toBe('boolean');
          if (!out.ok) expect(out.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('format=flowed', () => {
  // Sample 14's W05 (2021): a reply whose mail client sent the diff format=flowed, so every line
  // that began with a space (each context line) went out with one more, and a blank context
  // line (one space) as two, which a flowed reader takes for a soft line break.
  it('takes the stuffed space off and joins no lines: the hunk reads whole', async () => {
    const raw = [
      'From: A Reviewer <reviewer@example.org>',
      'Subject: Re: [PATCH] mm: return the fault code from the copy helper',
      'Date: Mon, 1 Mar 2021 10:00:00 +0000',
      'Message-ID: <flowed-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8; format=flowed',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Something like this instead?',
      '',
      'diff --git a/mm/memory.c b/mm/memory.c',
      'index 1111111..2222222 100644',
      '--- a/mm/memory.c',
      '+++ b/mm/memory.c',
      '@@ -10,6 +10,7 @@ static vm_fault_t copy_helper(struct vm_fault *vmf)',
      '  \tvoid *kaddr;',
      '  \tvoid __user *uaddr;',
      '  ',
      '+\tvm_fault_t ret = 0;',
      '  \tif (likely(src)) {',
      '  \t\tcopy_user_highpage(dst, src, addr, vma);',
      '  \t\treturn 0;',
      '',
    ].join('\n');
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mail.body).toContain('@@ -10,6 +10,7 @@ static vm_fault_t copy_helper(struct vm_fault *vmf)\n \tvoid *kaddr;\n \tvoid __user *uaddr;\n \n+\tvm_fault_t ret = 0;\n \tif (likely(src)) {');
    expect(r.mail.diff.map((f) => f.hunks.length)).toEqual([1]);
  });
});

describe('format=flowed soft breaks', () => {
  // Sample 20's N16 (2025): a reply with its own diff, sent format=flowed by a client that
  // wrapped the long hunk headers at a space (a soft break: the line ends in a space) and dropped
  // the space of blank context lines. The wrapped header is joined back; diff lines stay apart.
  it('joins a wrapped hunk header back, and no diff line to the one after it', async () => {
    const headers = {
      From: 'A Reviewer <reviewer@example.org>',
      Subject: 'Re: [PATCH v3 1/6] mm: let a VMA say which userfaultfd modes it supports',
      Date: 'Thu, 3 Apr 2025 10:00:00 +0000',
      'Message-ID': '<flowed-2@example.org>',
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=UTF-8; format=flowed',
      'Content-Transfer-Encoding': '7bit',
    };
    const raw = plainMail(headers, [
      'Would this be simpler? ',
      'Untested.',
      '',
      'diff --git a/mm/userfaultfd.c b/mm/userfaultfd.c',
      'index 1111111..2222222 100644',
      '--- a/mm/userfaultfd.c',
      '+++ b/mm/userfaultfd.c',
      '@@ -390,6 +390,7 @@ static int mfill_atomic_pte_continue(pmd_t *dst_pmd, ',
      'struct vm_area_struct *dst_vma,',
      '  \tstruct page *page;',
      '  \tint ret;',
      '',
      '+\tVM_WARN_ON_ONCE(!vma_is_shmem(dst_vma)); ',
      '  \tret = shmem_get_folio(inode, pgoff, 0, &folio, SGP_NOALLOC);',
      '  \t/* Our caller expects us to return -EFAULT if we failed to find folio */',
      '  \tif (ret == -ENOENT)',
      '-- ',
      'A Reviewer',
      '',
    ].join('\n'));
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mail.body).toContain('Would this be simpler? Untested.');
    expect(r.mail.body).toContain('@@ -390,6 +390,7 @@ static int mfill_atomic_pte_continue(pmd_t *dst_pmd, struct vm_area_struct *dst_vma,\n \tstruct page *page;\n \tint ret;\n\n+\tVM_WARN_ON_ONCE(!vma_is_shmem(dst_vma)); \n \tret = shmem_get_folio(');
    expect(r.mail.body).toContain('\n-- \nA Reviewer');
    expect(r.mail.diff.map((f) => f.hunks.length)).toEqual([1]);
  });

  it('with DelSp=yes, the space of a soft break goes too', () => {
    expect(decodeFlowedPatch('@@ -1,3 +1,4 @@ static int f(struct \nvm_area_struct *vma)', true)).toBe('@@ -1,3 +1,4 @@ static int f(structvm_area_struct *vma)');
    expect(decodeFlowedPatch('@@ -1,3 +1,4 @@ static int f(struct  \nvm_area_struct *vma)', true)).toBe('@@ -1,3 +1,4 @@ static int f(struct vm_area_struct *vma)');
  });
});

describe('format=flowed without stuffing', () => {
  // Sample 40's R24 (2006): a client sent the diff format=flowed but did not stuff the space of
  // lines beginning with one, so unstuffing takes each context line's own space. The reading
  // whose hunks add up is the diff (a stuffed diff still reads the RFC's way).
  it('keeps the space of context lines when unstuffing would break every hunk', async () => {
    const raw = plainMail(
      {
        From: 'A Developer <dev@example.org>',
        Subject: '[PATCH 3/3] mm: count the pages a container maps',
        Date: 'Tue, 5 Sep 2006 10:00:00 +0400',
        'Message-ID': '<flowed-3@example.org>',
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=us-ascii; format=flowed',
        'Content-Transfer-Encoding': '7bit',
      },
      [
        'Count them. ',
        'Signed-off-by: A Developer <dev@example.org>',
        '',
        '---',
        'diff --git a/mm/memory.c b/mm/memory.c',
        '--- a/mm/memory.c',
        '+++ b/mm/memory.c',
        '@@ -40,6 +40,7 @@',
        ' #include <linux/rmap.h>',
        ' #include <linux/init.h>',
        ' ',
        '+#include <linux/counter.h>',
        ' #include <asm/pgalloc.h>',
        ' #include <asm/uaccess.h>',
        ' #include <asm/tlb.h>',
        '',
      ].join('\n'),
    );
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mail.body).toContain('Count them. Signed-off-by');
    expect(r.mail.body).toContain('@@ -40,6 +40,7 @@\n #include <linux/rmap.h>\n #include <linux/init.h>\n \n+#include <linux/counter.h>\n #include <asm/pgalloc.h>');
    expect(r.mail.diff.map((f) => f.hunks.length)).toEqual([1]);
  });

  it('a stuffed diff is unstuffed as before; an unstuffed one keeps its spaces', () => {
    expect(decodeFlowedPatch('@@ -1,2 +1,3 @@\n  a;\n+b;\n  c;\n')).toBe('@@ -1,2 +1,3 @@\n a;\n+b;\n c;\n');
    expect(decodeFlowedPatch('@@ -1,2 +1,3 @@\n a;\n+b;\n c;\n')).toBe('@@ -1,2 +1,3 @@\n a;\n+b;\n c;\n');
  });
});

describe('inline diff damaged, the same patch attached', () => {
  // Sample 24's F64 (2010): the mail client wrapped the inline diff's long lines; the sender
  // attached the patch too. The attachment is the patch.
  it('takes the attachment when the inline diff is malformed and the attachment is whole', async () => {
    const diff = [
      'diff --git a/mm/madvise.c b/mm/madvise.c',
      'index 1111111..2222222 100644',
      '--- a/mm/madvise.c',
      '+++ b/mm/madvise.c',
      '@@ -162,6 +162,7 @@ static long madvise_dontneed(struct vm_area_struct * vma,',
      ' 			     struct vm_area_struct ** prev,',
      ' 			     unsigned long start, unsigned long end)',
      ' {',
      '+	struct zap_details details = { .ignore_references = true };',
      ' 	*prev = vma;',
      ' 	if (vma->vm_flags & (VM_LOCKED|VM_HUGETLB|VM_PFNMAP))',
      ' 		return -EINVAL;',
      '',
    ].join('\n');
    const wrapped = diff.replace('{ .ignore_references = true };', '{\n.ignore_references = true };');
    const headers = {
      From: 'A Writer <writer@example.org>',
      Subject: '[PATCH v4 7/7] mm: keep the page inactive in madvise_dontneed',
      Date: 'Tue, 7 Dec 2010 10:00:00 +0000',
      'Message-ID': '<attached-1@example.org>',
      'MIME-Version': '1.0',
      'Content-Type': 'multipart/mixed; boundary="b1"',
    };
    const raw = plainMail(headers, [
      '--b1',
      'Content-Type: text/plain; charset=US-ASCII',
      '',
      'The patch is attached too, in case my mailer wraps it.',
      '',
      'Signed-off-by: A Writer <writer@example.org>',
      '---',
      wrapped,
      '--b1',
      'Content-Type: text/x-diff; charset=US-ASCII; name="madvise.patch"',
      'Content-Disposition: attachment; filename="madvise.patch"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(diff).toString('base64'),
      '--b1--',
      '',
    ].join('\n'));
    const r = await parseMessage(raw);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mail.diffProblems).toEqual([]);
    expect(r.mail.diff.map((f) => f.path)).toEqual(['mm/madvise.c']);
    expect(r.mail.diff[0].hunks[0].lines.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['\tstruct zap_details details = { .ignore_references = true };']);
  });
});

describe('a reply carrying a series inline', () => {
  it('reads the diffs of every pasted format-patch file', async () => {
    const file = (sha: string, n: number, path: string) => [`From ${sha} Mon Sep 17 00:00:00 2001`, 'From: Some One <one@example.org>', `Subject: [PATCH ${n}/2] part ${n}`, '', 'Why.', '---', `diff --git a/${path} b/${path}`, 'index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`, '@@ -1,2 +1,3 @@', ' a', `+b${n}`, ' c', '-- ', '2.49.0', ''];
    const body = ['> an earlier point', '', 'Like this:', '', ...file('1'.repeat(40), 1, 'include/one.h'), ...file('2'.repeat(40), 2, 'mm/two.c')].join('\n');
    const { mail } = await parseOk(plainMail({ From: 'Some One <one@example.org>', Subject: 'Re: [PATCH v3 1/6] mm: something', 'Message-ID': '<series-inline@example.org>' }, body));
    expect(mail.diff.map((f) => f.newPath)).toEqual(['include/one.h', 'mm/two.c']);
  });
});
