import { describe, expect, it } from 'vitest';
import { parseIntOption, parseSeverity } from '../../src/cli/options.js';
import { UsageError } from '../../src/errors.js';

describe('option parsers', () => {
  it('accepts whole numbers in range', () => {
    expect(parseIntOption('--concurrency', '500', 1, 100000)).toBe(500);
  });
  it.each(['0', '-1', 'abc', '1.5', '', '100001'])('rejects --concurrency %j naming the value', (v) => {
    expect(() => parseIntOption('--concurrency', v, 1, 100000)).toThrow(UsageError);
    expect(() => parseIntOption('--concurrency', v, 1, 100000)).toThrow(`invalid --concurrency '${v}': expected a whole number from 1 to 100000`);
  });
  it('parses severities', () => {
    expect(parseSeverity('HIGH')).toBe('high');
    expect(() => parseSeverity('urgent')).toThrow("invalid --fail-on 'urgent': expected one of info, low, medium, high, critical");
  });
});
