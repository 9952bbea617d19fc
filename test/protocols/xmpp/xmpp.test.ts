import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { parseXmpp, streamHeader, xmppComplete, xmppStarttlsNotRequired } from '../../../src/protocols/xmpp/index.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';
import { ids, withReplies } from '../../findings/helpers.js';

const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
let db: FingerprintDb;
beforeAll(async () => {
  db = await loadFingerprints([defaultFingerprintDir()]);
});

/** Debian 12's prosody 0.12.3 (c2s_require_encryption = false) answering a stream to its host. */
const PROSODY_HEADER = "<?xml version='1.0'?><stream:stream from='127.30.23.44' xmlns='jabber:client' id='cce036d8-c2d2-46e1-9c10-15e634150c0f' xml:lang='en' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
const PROSODY_FEATURES = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>";
/** The same Prosody to a stream for a host it does not serve. */
const HOST_UNKNOWN = "<?xml version='1.0'?><stream:stream from='port220.test' xmlns='jabber:client' id='52ed' xml:lang='en' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>This server does not serve port220.test</text></stream:error></stream:stream>";
const REQUIRED = "<?xml version='1.0'?><stream:stream id='1' version='1.0' xmlns:stream='http://etherx.jabber.org/streams' from='example.org' xmlns='jabber:client'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>";

/** An XMPP server: header, then features 50 ms later (two segments, as servers write them); `</stream:stream>` closes. */
function xmppServer(): Behaviour {
  return {
    name: 'xmpp',
    handle(s, ctx) {
      let seen = '';
      s.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        if (!seen.startsWith('<')) return void s.destroy();
        if (seen.includes('</stream:stream>')) {
          ctx.log('close');
          return void s.end('</stream:stream>');
        }
        if (!seen.endsWith("version='1.0'>")) return;
        ctx.log(seen);
        seen = '';
        s.write(PROSODY_HEADER);
        setTimeout(() => s.destroyed || s.write(PROSODY_FEATURES), 50);
      });
    },
  };
}

describe('XMPP stream', () => {
  it('our header names the scanned address', () => {
    expect(streamHeader('192.0.2.1').toString()).toBe("<?xml version='1.0'?><stream:stream to='192.0.2.1' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
  });
  it.each([
    [PROSODY_HEADER, false],
    [PROSODY_HEADER + PROSODY_FEATURES, true],
    [HOST_UNKNOWN, true],
    ['<stream:features/>', true],
  ])('complete %#: %s', (reply, done) => {
    expect(xmppComplete(Buffer.from(reply))).toBe(done);
  });
  it('features: STARTTLS offered, required or absent; mechanisms; errors; junk', () => {
    expect(parseXmpp(Buffer.from(PROSODY_HEADER + PROSODY_FEATURES))).toEqual({
      from: '127.30.23.44', version: '1.0', error: null, features: true, starttls: 'offered', mechanisms: ['SCRAM-SHA-1'], other: [],
    });
    expect(parseXmpp(Buffer.from(REQUIRED))).toMatchObject({ starttls: 'required', mechanisms: [], from: 'example.org' });
    expect(parseXmpp(Buffer.from(HOST_UNKNOWN))).toMatchObject({ error: 'host-unknown', features: false, starttls: 'absent' });
    expect(parseXmpp(Buffer.from(PROSODY_HEADER))).toMatchObject({ features: false });
    expect(parseXmpp(Buffer.from('<html>'))).toBeNull();
    expect(parseXmpp(Buffer.from(`<stream:stream ${'a'.repeat(70_000)}`))).toBeNull();
    const many = `${PROSODY_HEADER}<stream:features><mechanisms>${'<mechanism>X</mechanism>'.repeat(100)}</mechanisms></stream:features>`;
    expect(parseXmpp(Buffer.from(many))?.mechanisms).toHaveLength(32);
  });
});

describe('probe() with the XMPP module', () => {
  it('header, features in a second segment, then our close; protocol_data and identity', async () => {
    const s = await startServer('127.23.5.1', 0, xmppServer());
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe.startsWith('xmpp-'));
    expect(mine.map((e) => [e.probe, e.received.toString('latin1')])).toEqual([
      ['xmpp-stream', PROSODY_HEADER + PROSODY_FEATURES],
      ['xmpp-close', '</stream:stream>'],
    ]);
    expect(s.lines).toEqual([streamHeader('127.23.5.1').toString(), 'close']);
    expect(obs.protocol_data?.['xmpp']).toMatchObject({ starttls: 'offered', mechanisms: ['SCRAM-SHA-1'] });
    expect(identify(obs, db)).toMatchObject({ service: 'xmpp', protocol: 'XMPP 1.0' });
  });
});

describe('xmpp-starttls-not-required', () => {
  const r = (reply: string) => withReplies({ service: 'xmpp', protocol: 'XMPP 1.0', reason: 'probe-reply' }, [['null', ''], ['xmpp-stream', reply]]);
  it('low when STARTTLS is offered without <required/>, medium when absent', () => {
    expect(ids(r(PROSODY_HEADER + PROSODY_FEATURES))).toContain('xmpp-starttls-not-required');
    const clear = r(`${PROSODY_HEADER}<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`);
    expect(ids(clear)).toContain('xmpp-starttls-not-required');
    expect(xmppStarttlsNotRequired(r(PROSODY_HEADER + PROSODY_FEATURES), {}).map((f) => [f.severity, f.evidence])).toEqual([['low', 'stream features: starttls offered; SASL mechanisms before TLS: SCRAM-SHA-1']]);
    expect(xmppStarttlsNotRequired(clear, {}).map((f) => [f.severity, f.evidence])).toEqual([['medium', 'stream features: starttls absent; SASL mechanisms before TLS: PLAIN']]);
  });
  it('not when required, not without features (a stream error), not for another service', () => {
    expect(ids(r(REQUIRED))).not.toContain('xmpp-starttls-not-required');
    expect(ids(r(HOST_UNKNOWN))).not.toContain('xmpp-starttls-not-required');
    expect(ids({ ...r(PROSODY_HEADER + PROSODY_FEATURES), service: 'http' })).not.toContain('xmpp-starttls-not-required');
  });
});
