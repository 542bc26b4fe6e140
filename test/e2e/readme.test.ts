/**
 * The README's first lines, as a newcomer runs them: the bundled example mail (written for the
 * project, no ../shared needed) is checked by the command the README shows, exits 1, and prints
 * exactly the sample output the README pastes under it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';

const README = readFileSync(resolve(process.cwd(), 'README.md'), 'utf8');
const blocks = [...README.matchAll(/^```\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

describe('README: the first command', () => {
  it('checks the bundled example, exits 1 (a race introduced) and prints the README sample', async () => {
    const first = /npx racebot (check \S+)/.exec(blocks[0] ?? '');
    expect(first, 'the first code block names `npx racebot check FILE`').not.toBeNull();
    const args = first![1].split(' ');
    expect(args[1]).toMatch(/^examples\/[\w.-]+\.eml$/);
    let out = '';
    let err = '';
    const code = await main(['node', 'racebot', ...args], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toMatch(/S3 gup-fast-pin: introduces/);
    // The sample in the README is the real output (paste it again when the output changes).
    expect(blocks[1]?.trimEnd()).toBe(out.trimEnd());
  });

  it('the bundled example is the project’s own writing: fictional author at example.org', () => {
    const file = /npx racebot check (\S+)/.exec(blocks[0] ?? '')![1];
    const head = readFileSync(resolve(process.cwd(), file), 'utf8').split('\n\n')[0];
    expect(head).toMatch(/^From: [^<\n]+<[^>@]+@example\.org>$/m);
    expect(head).toMatch(/^Message-Id: <[^>]+@example\.org>$/m);
  });
});
