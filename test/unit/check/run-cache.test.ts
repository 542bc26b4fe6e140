import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/index.js';
import { scenarioById } from '../../../src/scenarios/index.js';
import { _internal } from '../../../src/scenarios/s3-gup-fast-pin/index.js';

// A long-lived worker checks many patches in one process. Two bases that carry the same label
// (`S3.0+1`: patch 1 of some series applied on S3.0) can hold different code; the exploration
// cache must tell them apart, or a patch that changes nothing is reported as `fixes`.
describe('exploration cache is keyed by the code, not by a label', () => {
  it('same label, racy base then safe base, in one process: unchanged, never fixes', async () => {
    const parsed = await parseMessage(readFileSync(resolve(process.cwd(), 'test/corpus/S3/08-gup-pte-range-lockdep-assert.eml')));
    if (!parsed.ok) throw new Error(parsed.reason);
    const s3 = scenarioById('S3')!;
    const racy = _internal.v7(s3.baseline);

    const onRacy = checkPatch(parsed.mail, {}, { S3: { code: racy, variant: 'S3.0+1' } });
    const onSafe = checkPatch(parsed.mail, {}, { S3: { code: s3.baseline, variant: 'S3.0+1' } });
    const fresh = checkPatch(parsed.mail, {});

    const d = (r: typeof onRacy) => r.findings.find((f) => f.scenario === 'S3')?.delta;
    expect(d(onRacy)).toBe('pre-existing');
    expect(d(onSafe)).toBe('unchanged');
    expect(d(onSafe)).toBe(d(fresh));
  });
});
