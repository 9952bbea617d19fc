// Property tests of the identifier on arbitrary bytes: it never throws, always returns a well-formed
// Identification, and returns within a generous bound even on 64 KiB of adversarial input.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { identify } from '../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../src/identify/load.js';
import type { Exchange, Observation, ProbeName } from '../../src/result.js';

let db: FingerprintDb;
beforeAll(async () => { db = await loadFingerprints([defaultFingerprintDir()]); });

/** Safety bound per call (not a performance target): a catastrophic regex would take seconds or hang. */
const BOUND_MS = 2000;

const PROBES: ProbeName[] = ['null', 'imap-capability', 'smtp-ehlo', 'ftp-syst', 'pop3-capa', 'http-get', 'tls', 'crlf', 'redis-ping'];

function observation(exchanges: Exchange[], port: number): Pick<Observation, 'status' | 'reason' | 'exchanges' | 'tls' | 'port'> {
  return { status: 'open', reason: 'banner', exchanges, tls: null, port };
}

/** Bytes biased towards what fingerprints look at: protocol words, digits, CR LF, plus raw noise. */
const replyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.array(fc.constantFrom('220 ', '* OK ', 'SSH-2.0-', '+OK ', 'HTTP/1.1 200 OK\r\n', 'Server: ', 'ESMTP', 'FTP', '(', ')', '.', '1', '9', ' ', '\r\n', '\u0000', '\u00ff', 'a'), { maxLength: 80 })
    .map((parts) => Buffer.from(parts.join(''), 'latin1')),
).map((b) => Buffer.from(b));

const exchange = fc.record({
  probe: fc.constantFrom(...PROBES),
  received: replyBytes,
  tunnel: fc.constantFrom<'tls' | null>(null, 'tls'),
}).map((e): Exchange => ({ ...e, sent: null, connection: 0, ms: 1 }));

describe('identify on arbitrary replies', () => {
  it('never throws and returns a well-formed verdict', () => {
    fc.assert(fc.property(fc.array(exchange, { minLength: 1, maxLength: 4 }), fc.constantFrom(220, 22, 25, 80, 143, 6379, 40000), (exchanges, port) => {
      const id = identify(observation(exchanges, port), db);
      expect(id.confidence).toBeGreaterThanOrEqual(0);
      expect(id.confidence).toBeLessThanOrEqual(1);
      expect(id.service === null || /^[a-z0-9-]+$/.test(id.service)).toBe(true);
      expect(Array.isArray(id.candidates)).toBe(true);
    }), { numRuns: 500 });
  });

  it('returns within the bound on 64 KiB of repeated adversarial fragments for every probe', () => {
    const fragments = ['220 ', '220-', 'SSH-2.0-', '* OK ', 'a', ' ', '1.', '\r\n', '(', 'HTTP/1.1 ', 'Server: x/', '\u0000'];
    for (const probe of PROBES) {
      for (const f of fragments) {
        const big = Buffer.from(f.repeat(Math.ceil(65536 / f.length)).slice(0, 65536) + '!', 'latin1');
        const t0 = performance.now();
        identify(observation([{ probe, sent: null, received: big, connection: 0, tunnel: null, ms: 1 }], 220), db);
        const ms = performance.now() - t0;
        expect(ms, `${probe} on ${JSON.stringify(f)} x 64 KiB`).toBeLessThan(BOUND_MS);
      }
    }
  });
});
