import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parsePort, parsePorts } from '../../src/targets/ports.js';

describe('parsePorts', () => {
  test.each([
    ['220', [220]],
    ['220,22,143', [220, 22, 143]],
    ['220, 22 ,143', [220, 22, 143]],
    ['2200-2203', [2200, 2201, 2202, 2203]],
    ['220,22,143,2200-2202', [220, 22, 143, 2200, 2201, 2202]],
    ['22,22,20-23', [22, 20, 21, 23]],
    ['1,65535', [1, 65535]],
    ['7-7', [7]],
  ])('%s → %j', (list, want) => {
    expect(parsePorts(list)).toEqual(want);
  });

  test('a full range yields every port once', () => {
    const all = parsePorts('1-65535');
    expect(all).toHaveLength(65535);
    expect(all[0]).toBe(1);
    expect(all[65534]).toBe(65535);
  });

  test.each([
    ['0', "invalid port '0': ports are 1-65535"],
    ['65536', "invalid port '65536': ports are 1-65535"],
    ['abc', "invalid port 'abc': expected a number 1-65535"],
    ['30-20', "invalid port range '30-20': start is after end"],
    ['', "invalid port list '': expected ports like 220,22,2200-2299"],
    ['22,,23', "invalid port list '22,,23': empty item between commas"],
    ['-5', "invalid port '': expected a number 1-65535"],
    ['22-', "invalid port '': expected a number 1-65535"],
    ['1.5', "invalid port '1.5': expected a number 1-65535"],
    ['0-10', "invalid port '0': ports are 1-65535"],
  ])('%j is a usage error', (list, message) => {
    expect(() => parsePorts(list)).toThrow(UsageError);
    expect(() => parsePorts(list)).toThrow(message);
  });
});

describe('parsePort', () => {
  test('accepts the bounds and rejects beyond them', () => {
    expect(parsePort('1')).toBe(1);
    expect(parsePort(' 65535 ')).toBe(65535);
    expect(() => parsePort('65536')).toThrow(UsageError);
    expect(() => parsePort('-1')).toThrow("invalid port '-1'");
  });
});
