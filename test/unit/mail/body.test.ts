import { describe, expect, it } from 'vitest';
import { findBaseCommit, parseTrailers, quotesDiff, splitInBodyHeaders } from '../../../src/mail/index.js';
import { example, exampleNames, seed } from './helpers.js';
import { HAVE_SHARED } from '../../helpers/shared.js';

describe('trailers', () => {
  it('reads the trailer paragraphs at the end of the commit message', () => {
    const msg = [
      'mm: fix a race',
      '',
      'Fixes: this line is in the text, not a trailer',
      'because the paragraph has prose.',
      '',
      'Link: https://lore.kernel.org/r/123@x',
      '',
      'Fixes: 0123456789ab ("mm: something")',
      'Reported-and-tested-by: Bot <bot@x>',
      '[akpm@linux-foundation.org: fix typo]',
      'Signed-off-by: A <a@x>',
      'Co-developed-by: B <b@x>',
      'Closes: https://bugzilla.kernel.org/1',
      'Acked-by: C <c@x>',
      'Reviewed-by: D <d@x>',
      'Cc: <stable@vger.kernel.org> # 5.10+',
      'X-Custom-Tested-by: Some Lab',
      '  continued here',
    ].join('\n');
    const t = parseTrailers(msg);
    expect(t.fixes).toEqual(['0123456789ab ("mm: something")']);
    expect(t.link).toEqual(['https://lore.kernel.org/r/123@x']);
    expect(t.reportedBy).toEqual(['Bot <bot@x>']);
    expect(t.testedBy).toEqual(['Bot <bot@x>']);
    expect(t.signedOffBy).toEqual(['A <a@x>']);
    expect(t.coDevelopedBy).toEqual(['B <b@x>']);
    expect(t.closes).toEqual(['https://bugzilla.kernel.org/1']);
    expect(t.ackedBy).toEqual(['C <c@x>']);
    expect(t.reviewedBy).toEqual(['D <d@x>']);
    expect(t.cc).toEqual(['<stable@vger.kernel.org> # 5.10+']);
    expect(t.all.at(-1)).toEqual({ key: 'X-Custom-Tested-by', value: 'Some Lab continued here' });
    expect(t.all).toHaveLength(10);
  });

  it('no trailers in prose', () => {
    expect(parseTrailers('Just text.\nNote: this is not a trailer key\n').all).toEqual([]);
    expect(parseTrailers('').all).toEqual([]);
  });
});

describe('in-body headers and base-commit', () => {
  it('reads in-body From/Subject/Date followed by a blank line', () => {
    const r = splitInBodyHeaders('From: Jérôme Glisse <jglisse@redhat.com>\nDate: Thu, 31 Jan 2019\n\nText\n');
    expect(r.from).toEqual({ name: 'Jérôme Glisse', address: 'jglisse@redhat.com' });
    expect(r.date).toBe('Thu, 31 Jan 2019');
    expect(r.rest).toBe('Text\n');
  });

  it('ignores a From: line that is part of a paragraph', () => {
    const r = splitInBodyHeaders('From: the start of a sentence\ncontinues here\n');
    expect(r.from).toBeNull();
    expect(r.rest).toBe('From: the start of a sentence\ncontinues here\n');
  });

  it('finds base-commit', () => {
    expect(findBaseCommit('x\n\nbase-commit: 865FDB08197E657C59E74A35FA32362B12397F58\n-- \n')).toBe('865fdb08197e657c59e74a35fa32362b12397f58');
    expect(findBaseCommit('no base here\n')).toBeNull();
  });
});

describe('quotesDiff', () => {
  it.skipIf(!HAVE_SHARED)('is true for the review replies in the seed threads', () => {
    expect(quotesDiff(seed('000'))).toBe(true); // quoted hunk header
    expect(quotesDiff(seed('002'))).toBe(true); // quoted + lines
    expect(quotesDiff(seed('003'))).toBe(true); // deeply quoted + lines
  });

  it.skipIf(!HAVE_SHARED)('is false for the patches themselves and for quoted prose', () => {
    for (const name of exampleNames()) expect(quotesDiff(example(name).toString('utf8')), name).toBe(false);
    expect(quotesDiff('> I think\n> - this bullet\n> - and that\n\nok\n')).toBe(false);
    expect(quotesDiff(seed('001'))).toBe(false);
  });
});
