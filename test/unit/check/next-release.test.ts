import { describe, expect, it } from 'vitest';
import { nextRelease } from '../../../src/check/switches.js';

describe('nextRelease', () => {
  it('is the release after, across a major number', () => {
    expect(nextRelease({ major: 3, minor: 13 })).toEqual({ major: 3, minor: 14 });
    expect(nextRelease({ major: 3, minor: 19 })).toEqual({ major: 4, minor: 0 });
    expect(nextRelease({ major: 4, minor: 20 })).toEqual({ major: 5, minor: 0 });
  });
  it('is null for an unknown release or past the newest known', () => {
    expect(nextRelease({ major: 2, minor: 6 })).toBeNull();
    expect(nextRelease({ major: 99, minor: 0 })).toBeNull();
  });
});
