// Traffic discipline: docs/probes.md lists every byte string the prober can send (generated from the
// protocol registry, so it cannot drift), and no request carries credentials or writes data.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODULES, PROBE_NAMES } from '../../src/protocols/registry.js';
import { DOC_BEGIN, DOC_END, docBytes, probesReference } from '../../src/protocols/docs.js';

const DOC = readFileSync(new URL('../../docs/probes.md', import.meta.url), 'utf8');

/** Every request of every module, as [module/name, bytes]. */
const REQUESTS = MODULES.flatMap((m) => m.requests.map((r) => [`${m.name}/${r.name}`, r.bytes({ ip: '192.0.2.1', port: 220 })] as const));

describe('docs/probes.md', () => {
  it('holds exactly the reference the registry generates (run `npm run docs:probes` after changing a module)', () => {
    const begin = DOC.indexOf(DOC_BEGIN);
    const end = DOC.indexOf(DOC_END);
    expect(begin).toBeGreaterThan(0);
    expect(DOC.slice(begin, end + DOC_END.length)).toBe(probesReference());
  });

  it('names every probe name and shows every request\'s bytes', () => {
    expect(PROBE_NAMES.length).toBeGreaterThanOrEqual(12);
    for (const name of PROBE_NAMES) expect([name, DOC.includes('`' + name + '`')]).toEqual([name, true]);
    for (const [name, bytes] of REQUESTS) {
      if (bytes.length > 0) expect([name, DOC.includes('`' + docBytes(bytes).replaceAll('|', '\\|') + '`')]).toEqual([name, true]);
    }
  });
});

describe('what the probes send', () => {
  const texts = REQUESTS.filter(([, b]) => b.length > 0).map(([n, b]) => [n, b.toString('latin1')] as const);

  it('carries no credentials and writes nothing (no USER/PASS/LOGIN/AUTH, MAIL/RCPT/DATA, STOR/APPEND, SET)', () => {
    expect(texts.length).toBeGreaterThanOrEqual(10);
    for (const [name, text] of texts) {
      // IRC registration's `USER <user> 0 * :<real name>` (RFC 2812 3.1.3) names the client, it is no login.
      const plain = text.replace(/^a\d+ /gm, '').replace(/^USER port220 0 \* :port220\r$/m, '');
      expect([name, /^(USER|PASS|LOGIN|AUTH|MAIL|RCPT|DATA|STOR|APPE|APPEND|DELE|SET|DEL|FLUSHALL|JOIN|PRIVMSG|SUBSCRIBE|PUBLISH|PUB|SUB)\b/m.test(plain)]).toEqual([name, false]);
    }
  });

  it('IRC registration is the only USER line, and never joins or messages', () => {
    const irc = texts.filter(([, t]) => /^USER /m.test(t));
    expect(irc.map(([n]) => n)).toEqual(['irc/irc-register']);
    expect(irc[0]?.[1]).toMatch(/^NICK p220[a-z0-9]{5}\r\nUSER port220 0 \* :port220\r\n$/);
  });

  it('every request is at most 512 bytes', () => {
    for (const [name, text] of texts) expect([name, text.length <= 512]).toEqual([name, true]);
  });
});
