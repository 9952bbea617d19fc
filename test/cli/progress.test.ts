import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/cli/progress.js';

describe('progressText', () => {
  it('shows done/total, open, rate and ETA', () => {
    expect(progressText(500, 1000, 3, 2000)).toBe('scanning: 500/1000 targets, 3 open, 250/s, ETA 2s');
  });
  it('omits the ETA when the total is unknown (stdin)', () => {
    expect(progressText(10, null, 0, 1000)).toBe('scanning: 10 targets, 0 open, 10/s');
  });
  it('formats long ETAs in minutes and hours', () => {
    expect(progressText(1, 100_000, 0, 1000)).toBe('scanning: 1/100000 targets, 0 open, 1/s, ETA 27h46m');
  });
});
