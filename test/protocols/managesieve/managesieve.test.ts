import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { parseSieveCapabilities, sieveResponseDone } from '../../../src/protocols/managesieve/index.js';
import { greetingModule, greetingState } from '../../../src/protocols/registry.js';
import { chat, startServer, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };

/** Dovecot Pigeonhole 0.5's greeting, as the Debian dovecot-managesieved of the e2e tests writes it (SIEVE list shortened). */
const GREETING = '"IMPLEMENTATION" "Dovecot (Debian) Pigeonhole"\r\n"SIEVE" "fileinto reject envelope encoded-character vacation"\r\n' +
  '"NOTIFY" "mailto"\r\n"SASL" "PLAIN LOGIN"\r\n"STARTTLS"\r\n"VERSION" "1.0"\r\nOK "Dovecot (Debian) ready."\r\n';

describe('ManageSieve parsers', () => {
  it('parseSieveCapabilities: names upper-cased, values; stops at the OK line; bounded', () => {
    expect(parseSieveCapabilities(b(GREETING))).toEqual({
      IMPLEMENTATION: 'Dovecot (Debian) Pigeonhole', SIEVE: 'fileinto reject envelope encoded-character vacation',
      NOTIFY: 'mailto', SASL: 'PLAIN LOGIN', STARTTLS: '', VERSION: '1.0',
    });
    expect(Object.keys(parseSieveCapabilities(b('"X" "y"\r\n'.repeat(10_000)))).length).toBe(1);
    expect(Object.keys(parseSieveCapabilities(b(Array.from({ length: 100 }, (_, i) => `"C${i}"\r\n`).join('')))).length).toBe(32);
    expect(parseSieveCapabilities(b('\x00\xff"\r\n'))).toEqual({});
  });

  it('greeting: complete at its OK line; the module takes quoted capability greetings only', () => {
    expect(sieveResponseDone(b(GREETING))).toBe(true);
    expect(greetingState(b(GREETING.slice(0, 60))).complete).toBe(false);
    expect(greetingState(b(GREETING)).complete).toBe(true);
    expect(greetingModule(b(GREETING))?.name).toBe('managesieve');
    expect(greetingModule(b('"IMPLEMENTATION" "Cyrus timsieved v3.6.1"\r\nOK\r\n'))?.name).toBe('managesieve');
    expect(greetingModule(b('"hello"\r\n'))).toBeUndefined();
  });
});

describe('probe() against a fake ManageSieve server', () => {
  it('capabilities recorded, LOGOUT sent; identified Dovecot Pigeonhole', async () => {
    const s = await startServer('127.24.6.1', 0, chat('sieve', GREETING, (line) =>
      line === 'LOGOUT' ? { reply: 'OK "Logout completed."\r\n', close: true } : 'NO "Unknown command."\r\n'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'sieve-logout']);
    expect(s.lines).toEqual(['LOGOUT']);
    expect(obs.protocol_data?.['managesieve']).toEqual({
      implementation: 'Dovecot (Debian) Pigeonhole', sieve: ['fileinto', 'reject', 'envelope', 'encoded-character', 'vacation'],
      sasl: ['PLAIN', 'LOGIN'], starttls: true, version: '1.0',
    });
    expect(identify(obs, db)).toMatchObject({ service: 'managesieve', protocol: 'ManageSieve', product: 'Dovecot Pigeonhole', os: 'Debian' });
  });
});
