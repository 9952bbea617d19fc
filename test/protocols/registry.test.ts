import { describe, expect, it } from 'vitest';
import {
  ACTIVE_PROBES,
  activeOrder,
  claimers,
  greetingModule,
  MODULES,
  NMAP_NAMES,
  PROBE_NAMES,
  STANDARD_PORTS,
} from '../../src/protocols/registry.js';
import { registryDefects, checkedRegistry, RegistryError } from '../../src/protocols/check.js';
import { defineProtocol, textRequest } from '../../src/protocols/types.js';
import { oneLine } from '../../src/protocols/completions.js';
import { hostHeader, httpRequest } from '../../src/protocols/http/index.js';
import { PROBE_NAMES as SCHEMA_PROBE_NAMES } from '../../src/identify/schema.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const order = (port: number, tunnel = false): string[] => activeOrder(port, tunnel).map((p) => p.probe.request.name);

describe('the registry', () => {
  it('is sound: every module passes the load-time checks', () => {
    expect(registryDefects(MODULES)).toEqual([]);
  });

  it('derives the probe names (null first, each once) and the fingerprint schema uses them', () => {
    expect(PROBE_NAMES[0]).toBe('null');
    expect(new Set(PROBE_NAMES).size).toBe(PROBE_NAMES.length);
    for (const n of ['ssh-ident', 'imap-capability', 'smtp-ehlo', 'ftp-syst', 'quit', 'pop3-capa', 'http-get', 'tls', 'redis-ping', 'crlf']) {
      expect(PROBE_NAMES).toContain(n);
    }
    expect(SCHEMA_PROBE_NAMES).toBe(PROBE_NAMES);
  });

  it('derives standard ports and nmap names from the modules', () => {
    expect(STANDARD_PORTS['ssh']).toEqual([22]);
    expect(STANDARD_PORTS['imap']).toContain(220);
    expect(STANDARD_PORTS['generic']).toBeUndefined();
    expect(NMAP_NAMES['tls']).toBe('ssl');
    expect(NMAP_NAMES['unknown']).toBe('unknown');
  });

  it('every active probe belongs to a module that declares its request', () => {
    for (const { module, probe } of ACTIVE_PROBES) expect(module.requests).toContain(probe.request);
  });
});

describe('activeOrder', () => {
  it('puts the probes that name the port first, then by rarity, registry order at a tie', () => {
    expect(order(443).slice(0, 2)).toEqual(['tls', 'http-get']);
    expect(order(80)[0]).toBe('http-get');
    expect(order(6379)[0]).toBe('redis-ping');
    expect(order(220).slice(0, 2)).toEqual(['tls', 'http-get']); // on 220 by rarity alone
    expect(order(12345).at(-1)).toBe('crlf');
  });

  it('lists every active probe once, and never the TLS handshake inside a tunnel', () => {
    expect(order(12345).sort()).toEqual(ACTIVE_PROBES.map((p) => p.probe.request.name).sort());
    expect(order(443, true)).not.toContain('tls');
    expect(order(443, true)).toContain('http-get');
  });
});

describe('greetings and claims', () => {
  it.each([
    ['* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n', 'imap'],
    ['* BYE Too many connections\r\n', 'imap'],
    ['220 mx ESMTP\r\n', 'smtp'],
    ['220 (vsFTPd 3.0.3)\r\n', 'ftp'],
    ['+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n', 'pop3'],
    ['SSH-2.0-OpenSSH_9.2p1\r\n', 'ssh'],
    ['200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n', 'nntp'],
    ['RFB 003.008\n', 'vnc'],
    ['*OK missing space\r\n', undefined],
  ])('greeting %j → %s', (greeting, name) => {
    expect(greetingModule(b(greeting))?.name).toBe(name);
  });

  it('binary greetings go to telnet and MySQL, which have no dialogue', () => {
    expect(greetingModule(Buffer.from([0xff, 0xfd, 0x18]))?.name).toBe('telnet');
    expect(greetingModule(Buffer.from([0x4a, 0, 0, 0, 0x0a, 0x38]))?.name).toBe('mysql');
  });

  it('replies in a protocol\'s own words are claimed whichever probe drew them', () => {
    expect(claimers(b('HTTP/1.1 400 Bad Request\r\n\r\n')).map((m) => m.name)).toEqual(['http']);
    expect(claimers(b('-NOAUTH Authentication required.\r\n')).map((m) => m.name)).toEqual(['redis']);
    expect(claimers(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])).map((m) => m.name)).toEqual(['tls']);
    expect(claimers(b('-ERR unknown command\r\n'))).toEqual([]);
    expect(claimers(b(''))).toEqual([]);
  });
});

describe('load-time checks', () => {
  const req = textRequest('x-probe', 'X\r\n', oneLine, 'x');
  it('fails a module missing a required part, naming it', () => {
    const bad = defineProtocol({ name: 'Bad', title: '', nmap: 'x', ports: [], requests: [req] });
    const defects = registryDefects([bad]);
    expect(defects).toContain("protocol module 'Bad': name must be lowercase letters and digits");
    expect(defects).toContain("protocol module 'Bad': has no title");
    expect(defects.some((d) => d.includes('nothing could ever identify it'))).toBe(true);
    expect(() => checkedRegistry([bad])).toThrow(RegistryError);
  });

  it('fails a probe whose request the module does not declare, and a clash of names with other bytes', () => {
    const other = textRequest('x-probe', 'Y\r\n', oneLine, 'y');
    const a = defineProtocol({ name: 'a', title: 'A', nmap: 'a', ports: [], requests: [req], probes: [{ request: other, ports: [], rarity: 1 }] });
    const c = defineProtocol({ name: 'c', title: 'C', nmap: 'c', ports: [], requests: [other], probes: [{ request: other, ports: [], rarity: 12 }] });
    const defects = registryDefects([a, c]);
    expect(defects).toContain("protocol module 'a': probe 'x-probe' is not in its requests");
    expect(defects).toContain("protocol module 'c': request name 'x-probe' is used by another module for other bytes");
    expect(defects).toContain("protocol module 'c': probe 'x-probe' rarity must be 1..9");
  });
});

describe('httpRequest', () => {
  it('names the address in Host, IPv6 in brackets', () => {
    expect(httpRequest('127.0.0.1')).toBe('GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: port220\r\nAccept: */*\r\n\r\n');
    expect(hostHeader('::1')).toBe('[::1]');
  });
});
