import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat, InputError, joinMbox, readInput, readMaildir } from '../../../src/mail/index.js';
import { example, exampleNames } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'racebot-mail-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readInput', () => {
  it.skipIf(!HAVE_SHARED)('reads a single .eml', async () => {
    const p = path.join(dir, 'one.eml');
    await writeFile(p, example('12-gup-fast-longterm-file-v7.eml'));
    const msgs = await readInput(p);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].source).toBe(p);
    expect(msgs[0].raw.equals(example('12-gup-fast-longterm-file-v7.eml'))).toBe(true);
  });

  it.skipIf(!HAVE_SHARED)('reads an mbox, labelling each message', async () => {
    const p = path.join(dir, 'all.mbox');
    const msgs = exampleNames().map((n) => example(n).toString('utf8'));
    await writeFile(p, joinMbox(msgs));
    const out = await readInput(p);
    expect(out.map((m) => m.source)).toEqual(msgs.map((_, i) => `${p}#${i + 1}`));
    expect(out.map((m) => m.raw.toString('utf8'))).toEqual(msgs);
  });

  it.skipIf(!HAVE_SHARED)('reads a maildir (cur/ and new/, not tmp/)', async () => {
    const md = path.join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(md, sub), { recursive: true });
    await writeFile(path.join(md, 'cur', '1700000000.1.host:2,S'), example('01-uprobes-set-pte-at-rfc.eml'));
    await writeFile(path.join(md, 'new', '1700000001.2.host'), example('05-uffd-wp-mmap-write-lock-v1.eml'));
    await writeFile(path.join(md, 'tmp', '1700000002.3.host'), 'partial');
    await writeFile(path.join(md, 'cur', '.hidden'), 'x');
    const viaInput = await readInput(md);
    const direct = await readMaildir(md);
    expect(viaInput).toEqual(direct);
    expect(direct.map((m) => path.relative(md, m.source))).toEqual([path.join('cur', '1700000000.1.host:2,S'), path.join('new', '1700000001.2.host')]);
  });

  it.skipIf(!HAVE_SHARED)('reads a plain directory of files (each an eml or an mbox)', async () => {
    const d = path.join(dir, 'plain');
    await mkdir(d);
    await writeFile(path.join(d, 'a.eml'), example('16-uprobes-xol-arch-copy-ixol.eml'));
    await writeFile(path.join(d, 'b.mbox'), joinMbox([example('13-gup-fast-longterm-file-v8.eml').toString(), example('12-gup-fast-longterm-file-v7.eml').toString()]));
    const out = await readInput(d);
    expect(out.map((m) => path.basename(m.source))).toEqual(['a.eml', 'b.mbox#1', 'b.mbox#2']);
  });

  it.skipIf(!HAVE_SHARED)('reads stdin for "-" (mbox or single message)', async () => {
    const single = await readInput('-', { stdin: Readable.from([example('05-uffd-wp-mmap-write-lock-v1.eml')]) });
    expect(single.map((m) => m.source)).toEqual(['stdin']);
    const mbox = joinMbox([example('05-uffd-wp-mmap-write-lock-v1.eml').toString(), example('16-uprobes-xol-arch-copy-ixol.eml').toString()]);
    const multi = await readInput('-', { stdin: Readable.from([Buffer.from(mbox.slice(0, 100)), Buffer.from(mbox.slice(100))]) });
    expect(multi.map((m) => m.source)).toEqual(['stdin#1', 'stdin#2']);
  });

  it('throws an InputError for a missing path', async () => {
    await expect(readInput(path.join(dir, 'missing'))).rejects.toBeInstanceOf(InputError);
  });

  it('detectFormat', () => {
    expect(detectFormat(Buffer.from('From abc Mon Sep 17 00:00:00 2001\n'))).toBe('mbox');
    expect(detectFormat(Buffer.from('From: a@b\n'))).toBe('eml');
    expect(detectFormat(Buffer.from(''))).toBe('eml');
  });
});
