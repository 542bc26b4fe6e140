/**
 * Reading raw messages from the places users keep them: a single .eml, an mbox, a maildir
 * (cur/ and new/), a plain directory of such files, or stdin (`-`).
 */

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { iterateMbox, type MboxOptions } from './mbox.js';
import type { RawMessage } from './types.js';

export class InputError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'unreadable',
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export type InputFormat = 'mbox' | 'eml';

/** An input is an mbox when it starts with a `From ` separator line. */
export function detectFormat(buf: Buffer): InputFormat {
  let i = 0;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  return buf.length - i >= 5 && buf.toString('latin1', i, i + 5) === 'From ' ? 'mbox' : 'eml';
}

/** Turns one file's (or stdin's) bytes into raw messages labelled with `label`. */
export function messagesFromBuffer(buf: Buffer, label: string, opts: MboxOptions = {}): RawMessage[] {
  if (detectFormat(buf) === 'eml') return [{ source: label, raw: buf }];
  const out: RawMessage[] = [];
  let n = 0;
  for (const raw of iterateMbox(buf, opts)) {
    n++;
    out.push({ source: `${label}#${n}`, raw });
  }
  return out;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a maildir: every message in cur/ and new/ (tmp/ holds partial deliveries). */
export async function readMaildir(dir: string): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for (const sub of ['cur', 'new']) {
    const d = path.join(dir, sub);
    if (!(await isDir(d))) continue;
    for (const name of await listFiles(d)) {
      const p = path.join(d, name);
      out.push({ source: p, raw: await readFile(p) });
    }
  }
  return out;
}

export async function isMaildir(dir: string): Promise<boolean> {
  return (await isDir(path.join(dir, 'cur'))) || (await isDir(path.join(dir, 'new')));
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  return Buffer.concat(chunks);
}

export interface ReadInputOptions {
  /** Stream read for `-` (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  mbox?: MboxOptions;
}

/**
 * Reads raw messages from `pathOrDash`:
 * - `-`: stdin (an mbox if it starts with `From `, else one message);
 * - a directory with cur/ or new/: a maildir;
 * - another directory: each regular file in it (sorted), each an mbox or a single message;
 * - a file starting with `From `: an mbox (sources are `path#1`, `path#2`, ...);
 * - any other file: one message (.eml).
 * Throws InputError when the path does not exist or cannot be read.
 */
export async function readInput(pathOrDash: string, opts: ReadInputOptions = {}): Promise<RawMessage[]> {
  if (pathOrDash === '-') {
    const buf = await readStream(opts.stdin ?? process.stdin);
    return messagesFromBuffer(buf, 'stdin', opts.mbox);
  }
  let st;
  try {
    st = await stat(pathOrDash);
  } catch (err) {
    throw new InputError(`cannot read ${pathOrDash}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'not-found');
  }
  if (st.isDirectory()) {
    if (await isMaildir(pathOrDash)) return readMaildir(pathOrDash);
    const out: RawMessage[] = [];
    for (const name of await listFiles(pathOrDash)) {
      const p = path.join(pathOrDash, name);
      out.push(...messagesFromBuffer(await readFile(p), p, opts.mbox));
    }
    return out;
  }
  let buf: Buffer;
  try {
    buf = await readFile(pathOrDash);
  } catch (err) {
    throw new InputError(`cannot read ${pathOrDash}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'unreadable');
  }
  return messagesFromBuffer(buf, pathOrDash, opts.mbox);
}
