import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseNetstat, parseNetstatEndpoint, parseTasklist } from '../../src/local/netstat.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseNetstatEndpoint', () => {
  it('reads IPv4, bracketed IPv6 with zones, and rejects *:*', () => {
    expect(parseNetstatEndpoint('0.0.0.0:220')).toEqual({ address: '0.0.0.0', port: 220 });
    expect(parseNetstatEndpoint('[::]:220')).toEqual({ address: '::', port: 220 });
    expect(parseNetstatEndpoint('[FE80::1%12]:220')).toEqual({ address: 'fe80::1%12', port: 220 });
    expect(parseNetstatEndpoint('*:*')).toBeNull();
  });
});

describe('parseNetstat', () => {
  it('keeps listening TCP (any state word) and bound UDP on the wanted ports, from recorded netstat -ano', () => {
    const l = parseNetstat(fixture('netstat-ano-windows.txt'), new Set([220, 2220]));
    expect(l.map((x) => [x.proto, x.address, x.port, x.pid])).toEqual([
      ['tcp', '0.0.0.0', 220, 3312],
      ['tcp6', '::', 220, 3312],
      ['tcp6', '::1', 2220, 5120],
      ['tcp6', 'fe80::5c1a:2f3e:9b7d:1%12', 220, null],
      ['udp', '0.0.0.0', 220, 2764],
      ['udp6', '::', 220, 2764],
    ]);
  });
  it('without a port filter lists every listener but no established connection', () => {
    const l = parseNetstat(fixture('netstat-ano-windows.txt'));
    expect(l).toHaveLength(8);
    expect(l.some((x) => x.port === 50412)).toBe(false);
  });
});

describe('parseTasklist', () => {
  it('maps pids to image names from CSV', () => {
    const names = parseTasklist(fixture('tasklist-windows.csv'));
    expect(names.get(3312)).toBe('sshd.exe');
    expect(names.get(2764)).toBe('imapd.exe');
    expect(names.get(0)).toBe('System Idle Process');
    expect(names.size).toBe(6);
  });
});
