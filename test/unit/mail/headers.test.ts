import { describe, expect, it } from 'vitest';
import {
  decodeEncodedWords,
  parseAddressList,
  parseHeaderText,
  parseMailDate,
  parseMessageIds,
  unfold,
} from '../../../src/mail/index.js';

describe('RFC 2047 encoded words', () => {
  it('decodes Q and B words, drops whitespace between adjacent words only', () => {
    expect(decodeEncodedWords('=?UTF-8?q?J=C3=A9r=C3=B4me?= Glisse')).toBe('Jérôme Glisse');
    expect(decodeEncodedWords('=?utf-8?B?SsOpcsO0bWU=?=')).toBe('Jérôme');
    expect(decodeEncodedWords('=?UTF-8?q?a?=   =?UTF-8?q?b?= c =?UTF-8?q?d?=')).toBe('ab c d');
    expect(decodeEncodedWords('=?iso-8859-1?q?Andr=E9_x?=')).toBe('André x');
    expect(decodeEncodedWords('no words here =? ?=')).toBe('no words here =? ?=');
  });

  it('joins a multi-byte character split across two words', () => {
    // "é" is C3 A9 in UTF-8: split between two B words.
    expect(decodeEncodedWords('=?UTF-8?B?w6=?= =?UTF-8?Q?=A9t=C3=A9?=')).not.toContain('\ufffd');
    expect(decodeEncodedWords('=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=')).toBe('é');
  });

  it('handles charset language suffixes and unknown charsets without throwing', () => {
    expect(decodeEncodedWords('=?UTF-8*en?q?hi?=')).toBe('hi');
    expect(() => decodeEncodedWords('=?x-unknown-cs?q?hi?=')).not.toThrow();
    expect(decodeEncodedWords('=?x-unknown-cs?q?hi?=')).toBe('hi');
    expect(decodeEncodedWords('=?koi8-r?b?6dfBzg==?=')).toBe('Иван');
  });
});

describe('header block', () => {
  it('unfolds continuation lines and keeps duplicates in order', () => {
    const { headers, badLines } = parseHeaderText('Subject: a\r\n  b\r\n\tc\nX: 1\nX: 2\nnot a header\n');
    expect(headers).toEqual([
      ['Subject', 'a b c'],
      ['X', '1'],
      ['X', '2'],
    ]);
    expect(badLines).toBe(1);
    expect(unfold('  a\n   b  ')).toBe('a b');
  });

  it('message ids', () => {
    expect(parseMessageIds('<a@b> <c@d>\n\t<e@f>')).toEqual(['a@b', 'c@d', 'e@f']);
    expect(parseMessageIds('bare@id.org')).toEqual(['bare@id.org']);
    expect(parseMessageIds('<x@y> (comment with <z@w>)')).toEqual(['x@y', 'z@w']);
    expect(parseMessageIds('')).toEqual([]);
  });
});

describe('parseAddressList', () => {
  const table: [string, { name: string; address: string }[]][] = [
    ['jglisse@redhat.com', [{ name: '', address: 'jglisse@redhat.com' }]],
    ['Andrea Arcangeli <aarcange@redhat.com>', [{ name: 'Andrea Arcangeli', address: 'aarcange@redhat.com' }]],
    ['"Dr . David Alan Gilbert" <dgilbert@redhat.com>', [{ name: 'Dr . David Alan Gilbert', address: 'dgilbert@redhat.com' }]],
    ['"Last, First" <lf@x>, <only@x>', [{ name: 'Last, First', address: 'lf@x' }, { name: '', address: 'only@x' }]],
    ['plain@x (Com Ment)', [{ name: 'Com Ment', address: 'plain@x' }]],
    ['Foo Bar <foo@bar> (comment)', [{ name: 'Foo Bar', address: 'foo@bar' }]],
    ['Name<n@x>', [{ name: 'Name', address: 'n@x' }]],
    ['"quoted \\" esc" <q@x>', [{ name: 'quoted " esc', address: 'q@x' }]],
    ['=?UTF-8?q?J=C3=A9r=C3=B4me?= <j@x>', [{ name: 'Jérôme', address: 'j@x' }]],
    ['list: a@x, B <b@x>;, c@x', [{ name: '', address: 'a@x' }, { name: 'B', address: 'b@x' }, { name: '', address: 'c@x' }]],
    ['undisclosed-recipients:;', []],
    ['a@x,,b@x', [{ name: '', address: 'a@x' }, { name: '', address: 'b@x' }]],
    ['foo', [{ name: 'foo', address: '' }]],
    ['Name <a@x', [{ name: 'Name', address: 'a@x' }]],
    ['', []],
  ];
  it.each(table)('%s', (value, expected) => {
    expect(parseAddressList(value)).toEqual(expected);
  });
});

describe('parseMailDate', () => {
  const table: [string, string | null][] = [
    ['Thu, 31 Jan 2019 13:37:03 -0500', '2019-01-31T18:37:03.000Z'],
    ['Tue,  2 May 2023 17:34:05 +0100', '2023-05-02T16:34:05.000Z'],
    ['Thu,  1 Apr 2021 11:37:01 -0700', '2021-04-01T18:37:01.000Z'],
    ['2 May 2023 17:34 +0000', '2023-05-02T17:34:00.000Z'],
    ['Mon, 3 Jul 2023 10:00:00 +0200 (CEST)', '2023-07-03T08:00:00.000Z'],
    ['Fri, 18 Dec 20 20:30:06 PST', '2020-12-19T04:30:06.000Z'],
    ['Fri, 18 Dec 2020 20:30:06 GMT', '2020-12-18T20:30:06.000Z'],
    ['Thu Jan  1 00:00:00 1970', '1970-01-01T00:00:00.000Z'],
    ['2023-05-02T16:34:05Z', '2023-05-02T16:34:05.000Z'],
    ['Tue, 31 Feb 2023 10:00:00 +0000', null],
    ['Tue, 2 Foo 2023 10:00:00 +0000', null],
    ['Tue, 2 May 2023 25:00:00 +0000', null],
    ['not a date', null],
    ['', null],
  ];
  it.each(table)('%s', (raw, iso) => {
    expect(parseMailDate(raw)).toBe(iso);
  });
});
