import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { bindResult, ldap, ldapAnonymousBind, ldapRootDse, rootDseData } from '../../../src/protocols/ldap/index.js';
import { children, readTlv } from '../../../src/protocols/ldap/ber.js';
import { anonymousBind, ldapMessages, rootDseSearch, searchDone } from '../../../src/protocols/ldap/messages.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { binaryServer, DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** OpenLDAP 2.5 slapd's answer to our root DSE search (the e2e daemon), captured. */
const SLAPD = Buffer.from('MIH6AgEBZIH0BAAwge8wJQQLb2JqZWN0Q2xhc3MxFgQDdG9wBA9PcGVuTERBUHJvb3REU0UwJgQObmFtaW5nQ29udGV4dHMxFAQSZGM9cG9ydDIyMCxkYz10ZXN0MBsEFHN1cHBvcnRlZExEQVBWZXJzaW9uMQMEATMwgYAEF3N1cHBvcnRlZFNBU0xNZWNoYW5pc21zMWUEDVNDUkFNLVNIQS01MTIEDVNDUkFNLVNIQS0zODQEDVNDUkFNLVNIQS0yNTYEDVNDUkFNLVNIQS0yMjQEC1NDUkFNLVNIQS0xBApESUdFU1QtTUQ1BAhDUkFNLU1ENQQETlRMTTAMAgEBZQcKAQAEAAQA', 'base64');
/** Its BindResponse (success) to the anonymous bind. */
const BIND_OK = Buffer.from('MAwCAQJhBwoBAAQABAA=', 'base64');
/** A BindResponse inappropriateAuthentication (48): anonymous binds disallowed. */
const BIND_REFUSED = Buffer.from('300c02010261070a013004000400', 'hex');

describe('LDAP messages and BER', () => {
  it('the search is a messageID 1 SearchRequest for the root DSE, the bind an empty-name, empty-password v3 bind', () => {
    const s = rootDseSearch();
    expect(s.length).toBeLessThanOrEqual(512);
    const top = readTlv(s, 0)!;
    const [id, op] = children(s, top);
    expect([id?.tag, s[id!.start], op?.tag]).toEqual([0x02, 1, 0x63]);
    const fields = children(s, op!);
    expect(fields.map((f) => f.tag)).toEqual([0x04, 0x0a, 0x0a, 0x02, 0x02, 0x01, 0x87, 0x30]);
    expect(fields[0]!.end - fields[0]!.start).toBe(0); // base ""
    expect(anonymousBind().toString('hex')).toBe('300c020102600702010304008000');
  });

  it('reads the root DSE of a real slapd', () => {
    expect(rootDseData(SLAPD)).toEqual({
      search_result: 'success', root_dse: true, object_class: ['top', 'OpenLDAProotDSE'], vendor_name: null, vendor_version: null,
      naming_contexts: ['dc=port220,dc=test'], ldap_versions: ['3'],
      sasl_mechanisms: ['SCRAM-SHA-512', 'SCRAM-SHA-384', 'SCRAM-SHA-256', 'SCRAM-SHA-224', 'SCRAM-SHA-1', 'DIGEST-MD5', 'CRAM-MD5', 'NTLM'],
      anonymous_bind: null,
    });
    expect([bindResult(BIND_OK), bindResult(BIND_REFUSED), bindResult(SLAPD)]).toEqual([0, 48, null]);
  });

  it('long-form lengths (0x84, as liblber writes them) read the same', () => {
    const long = Buffer.from('30840000000c0201026184000000030a0100', 'hex');
    expect(ldapMessages(long).messages.map((m) => [m.id, m.op])).toEqual([[2, 0x61]]);
  });

  it('every truncation of a real reply parses quietly and completes only when whole', () => {
    for (let n = 0; n < SLAPD.length; n++) {
      const part = SLAPD.subarray(0, n);
      expect(() => rootDseData(part)).not.toThrow();
      expect(searchDone(part)).toBe(false);
    }
    expect(searchDone(SLAPD)).toBe(true);
  });

  it.each([
    ['indefinite length', '3080020101'],
    ['5 length octets', '3085000000000102'],
    ['multi-byte tag', '1f8101'],
    ['not a SEQUENCE', '2b4f4b'],
    ['length beyond the data', '30ff'],
  ])('hostile: %s is not a message', (_name, hex) => {
    const b = Buffer.from(hex, 'hex');
    expect(rootDseData(b)).toBeNull();
    expect(() => searchDone(b)).not.toThrow();
  });

  it('nested lengths that lie are cut at their parent', () => {
    const lying = Buffer.from('300c020101640704003003300130', 'hex'); // inner sequence claims more than its parent holds
    expect(rootDseData(lying)).toMatchObject({ root_dse: true, object_class: [] });
    expect(ldap.claims(SLAPD)).toBe(true);
    expect(ldap.claims(Buffer.from('SSH-2.0-x\r\n'))).toBe(false);
  });
});

describe('probe() with the LDAP module', () => {
  /** slapd's bytes: the root DSE to the search, `bind` to the bind. */
  const slapd = (bind: Buffer): ReturnType<typeof binaryServer> =>
    binaryServer('ldap', (d) => d[0] === 0x30 && (d.includes(Buffer.from('supportedLDAPVersion')) || d[5] === 0x60), (d) => (d[5] === 0x60 ? bind : SLAPD));

  it('OpenLDAP allowing anonymous binds: search then bind on one connection, data, identity, both findings', async () => {
    const s = await startServer('127.22.2.1', 0, slapd(BIND_OK));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe.startsWith('ldap-'));
    expect(mine.map((e) => e.probe)).toEqual(['ldap-root-dse', 'ldap-anonymous-bind']);
    expect(new Set(mine.map((e) => e.connection)).size).toBe(1);
    expect(obs.protocol_data?.['ldap']).toMatchObject({ root_dse: true, anonymous_bind: 'allowed', naming_contexts: ['dc=port220,dc=test'] });
    expect(identify(obs, DB)).toMatchObject({ service: 'ldap', protocol: 'LDAP', product: 'OpenLDAP', fingerprint: 'ldap-openldap' });
    const r = resultOf(obs, 'ldap');
    expect(ldapRootDse(r, {}).map((f) => [f.id, f.severity])).toEqual([['ldap-root-dse-anonymous', 'info']]);
    expect(ldapRootDse(r, {})[0]?.evidence).toContain('namingContexts dc=port220,dc=test');
    expect(ldapAnonymousBind(r, {}).map((f) => [f.id, f.severity])).toEqual([['ldap-anonymous-bind', 'low']]);
  });

  it('a server refusing anonymous binds: the root DSE finding only', async () => {
    const s = await startServer('127.22.2.2', 0, slapd(BIND_REFUSED));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.protocol_data?.['ldap']).toMatchObject({ anonymous_bind: 'refused (inappropriateAuthentication)' });
    expect(ldapAnonymousBind(resultOf(obs, 'ldap'), {})).toEqual([]);
    expect(ldapRootDse(resultOf(obs, 'ldap'), {})).toHaveLength(1);
  });
});
