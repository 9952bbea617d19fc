import { describe, expect, it } from 'vitest';
import { compareDebian, compareUpstream, parseDebianVersion } from '../../src/findings/versions.js';

describe('compareDebian (expected values from dpkg --compare-versions)', () => {
  it.each([
    ['1.0', '1.0~rc1', 1],
    ['2+deb12u3', '2+deb12u2', 1],
    ['2+deb12u3', '2+deb12u10', -1],
    ['3ubuntu0.10', '3ubuntu0.9', 1],
    ['1:9.2p1-2+deb12u3', '1:9.2p1-2+deb12u3', 0],
    ['1.0a', '1.0', 1],
    ['1.0', '1.0+b1', -1],
    ['1:1.0', '2.0', 1],
    ['1.0-1', '1.0', 1],
    ['3ubuntu0.1', '3ubuntu0.10', -1],
    ['10', '9', 1],
    ['1.0~~', '1.0~', -1],
    ['007', '7', 0],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(compareDebian(a, b)).toBe(want);
    expect(compareDebian(b, a)).toBe(want === 0 ? 0 : -want);
  });
  it('splits epoch, upstream and revision', () => {
    expect(parseDebianVersion('1:9.2p1-2+deb12u3')).toEqual({ epoch: 1, upstream: '9.2p1', revision: '2+deb12u3' });
    expect(parseDebianVersion('4.96')).toEqual({ epoch: 0, upstream: '4.96', revision: '' });
  });
});

describe('compareUpstream', () => {
  it.each([
    ['8.5p1', '9.7p1', -1],
    ['9.8p1', '9.7p1', 1],
    ['9.2p1', '9.2p1', 0],
    ['1.3.5', '1.3.5a', -1],
    ['1.3.5e', '1.3.5', 1],
    ['4.91', '4.87', 1],
    ['4.92.3', '4.91', 1],
    ['10.0p1', '9.9p1', 1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(compareUpstream(a, b)).toBe(want);
  });
});
