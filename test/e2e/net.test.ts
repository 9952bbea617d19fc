// The net group end to end: the real BIND, slapd, Samba, xrdp, Dante and Xvnc of test/e2e/specs/net.ts on
// 127.30.22.x:220; the built CLI scans them for the findings, and probe() shows each module's protocol_data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';
import { probe } from '../../src/probe/probe.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eSkipReason } from './skip.js';

const NET = 22;
const NAMES = ['bind9', 'bind9-recursive', 'slapd', 'samba', 'samba-smb1', 'xrdp', 'dante', 'tigervnc'];
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const run = promisify(execFile);

const skip = e2eSkipReason('net.test.ts', NAMES);

describe.skipIf(skip !== null)('e2e net group: findings and protocol data from real daemons', () => {
  let daemons: RunningDaemon[] = [];
  let doc: ScanDocument;

  beforeAll(async () => {
    daemons = await startDaemons(NAMES, { net: NET });
    const { stdout } = await run(process.execPath, [BIN, 'scan', ...daemons.map((d) => d.ip), '-p', '220', '--json', '-q'], { maxBuffer: 16 << 20 });
    doc = JSON.parse(stdout) as ScanDocument;
  }, 120_000);

  afterAll(async () => {
    await stopDaemons();
  });

  const ip = (name: string): string => daemons.find((d) => d.name === name)!.ip;
  const result = (name: string): ScanResult => doc.results.find((r) => r.ip === ip(name))!;
  const ids = (name: string): string[] => result(name).findings.map((f) => f.id);
  const data = async (name: string, key: string): Promise<unknown> =>
    (await probe({ ip: ip(name), port: 220 }, { readTimeout: 2000, deadline: 10_000 })).protocol_data?.[key];

  it('DNS: recursion is reported only for the BIND that offers it; version.bind and RA in protocol_data', async () => {
    expect(ids('bind9-recursive')).toContain('dns-recursion-available');
    expect(ids('bind9')).not.toContain('dns-recursion-available');
    expect(result('bind9-recursive').findings.find((f) => f.id === 'dns-recursion-available')?.detail).toMatch(/never sends a recursive query/);
    expect(await data('bind9', 'dns')).toMatchObject({ rcode: 'NOERROR', recursion_available: false, recursion_available_in: false, version_bind: expect.stringMatching(/^9\.\d+\.\d+-.*-Debian$/) });
    expect(await data('bind9-recursive', 'dns')).toMatchObject({ recursion_available: true, recursion_available_in: true });
  });

  it('LDAP: root DSE readable and anonymous bind allowed (OpenLDAP defaults)', async () => {
    expect(ids('slapd')).toEqual(expect.arrayContaining(['ldap-root-dse-anonymous', 'ldap-anonymous-bind']));
    expect(await data('slapd', 'ldap')).toMatchObject({
      search_result: 'success', root_dse: true, object_class: ['top', 'OpenLDAProotDSE'], naming_contexts: ['dc=port220,dc=test'],
      ldap_versions: ['3'], anonymous_bind: 'allowed', vendor_name: null,
    });
  });

  it('SMB: signing not required on both; SMB1 offered only where it was turned on', async () => {
    expect(ids('samba')).toContain('smb-signing-not-required');
    expect(ids('samba')).not.toContain('smb1-offered');
    expect(ids('samba-smb1')).toContain('smb1-offered');
    expect(await data('samba', 'smb')).toMatchObject({ dialect: '3.1.1', signing_enabled: true, signing_required: false, smb1: false });
    expect(await data('samba-smb1', 'smb')).toMatchObject({ dialect: '3.1.1', smb1: true });
  });

  it('RDP: xrdp selects TLS, not CredSSP: rdp-no-nla (medium)', async () => {
    expect(result('xrdp').findings.filter((f) => f.id === 'rdp-no-nla').map((f) => f.severity)).toEqual(['medium']);
    expect(await data('xrdp', 'rdp')).toEqual({ selected_protocol: 'SSL', failure: null, legacy: false, nla: false });
  });

  it('SOCKS5: Dante with socksmethod none accepts the no-authentication method', async () => {
    expect(ids('dante')).toContain('socks5-no-auth');
    expect(result('dante').info['auth_method']).toBe('none');
    expect(await data('dante', 'socks5')).toEqual({ method: 'none' });
  });

  it('VNC: Xvnc -SecurityTypes None offers None', async () => {
    expect(ids('tigervnc')).toContain('vnc-no-auth');
    expect(await data('tigervnc', 'vnc')).toEqual({ server_version: 'RFB 003.008', client_version: 'RFB 003.008', security_types: ['None'], failure: null });
  });
});
