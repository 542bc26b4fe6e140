import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseMessage, type ParseOptions, type PatchMail } from '../../../src/mail/index.js';
import { HAVE_SHARED, SHARED_EXAMPLES, SHARED_SEEDS } from '../../helpers/shared.js';

export { HAVE_SHARED };

/** Repository root (computed from this file, not from the cwd). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** ../shared/examples relative to the repo root: the real patch emails. */
export const EXAMPLES_DIR = SHARED_EXAMPLES;
export const SEEDS_DIR = SHARED_SEEDS;
export const FIXTURES_DIR = path.resolve(REPO_ROOT, 'test/fixtures/mail');

/** The shared examples' file names (none when ../shared is absent: their tests are skipped). */
export function exampleNames(): string[] {
  if (!HAVE_SHARED) return [];
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}

export function example(name: string): Buffer {
  return readFileSync(path.join(EXAMPLES_DIR, name));
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, name));
}

export function seed(prefix: string): string {
  const f = readdirSync(SEEDS_DIR).find((n) => n.startsWith(prefix));
  if (!f) throw new Error(`no seed ${prefix}`);
  return readFileSync(path.join(SEEDS_DIR, f), 'utf8');
}

/** Parses and asserts success; the parser path taken is in `path`. */
export async function parseOk(raw: Buffer | string, opts?: ParseOptions): Promise<{ mail: PatchMail; path: 'fast' | 'mime' }> {
  const out = await parseMessage(raw, opts);
  if (!out.ok) return expect.fail(`expected a mail, got ${out.code}: ${out.reason}`);
  return { mail: out.mail, path: out.path };
}

/** Builds a simple plain-text mail. */
export function plainMail(headers: Record<string, string>, body: string): string {
  return (
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join('') +
    '\n' +
    body
  );
}
