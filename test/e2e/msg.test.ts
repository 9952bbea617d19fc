// The messaging group's findings and identities against the real daemons (test/e2e/specs/msg.ts), on
// their own net 127.30.23.x: scanned with the built CLI as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';

const NET = 23;
const NAMES = ['mosquitto', 'mosquitto-auth', 'nats', 'kamailio', 'prosody'];
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const skip = e2eSkipReason('msg', NAMES);

describe.skipIf(skip !== null)('e2e: messaging daemons on 127.30.23.x:220', () => {
  let daemons: RunningDaemon[] = [];
  let results: ScanResult[] = [];

  beforeAll(async () => {
    const blocker = e2eBlocker(NAMES);
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    daemons = await startDaemons(NAMES, { net: NET });
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'scan', ...daemons.map((d) => d.ip), '-p', '220', '--json', '-q'], { timeout: 60_000 });
    results = (JSON.parse(stdout) as { results: ScanResult[] }).results;
  }, 90_000);

  afterAll(async () => {
    await stopDaemons();
  });

  const of = (name: string): ScanResult => {
    const d = daemons.find((x) => x.name === name)!;
    const r = results.find((x) => x.ip === d.ip);
    expect(r, name).toBeDefined();
    return r!;
  };
  const findings = (name: string): [string, string][] => of(name).findings.map((f) => [f.id, f.severity]);

  it('anonymous Mosquitto: CONNACK 0, a high mqtt-anonymous finding; with a password file: CONNACK 5, none', () => {
    expect(of('mosquitto')).toMatchObject({ service: 'mqtt', protocol: 'MQTT 3.1.1', info: { auth: 'none' } });
    expect(findings('mosquitto')).toContainEqual(['mqtt-anonymous', 'high']);
    expect(of('mosquitto-auth')).toMatchObject({ service: 'mqtt', info: { auth: 'required' } });
    expect(findings('mosquitto-auth').map(([id]) => id)).not.toContain('mqtt-anonymous');
    // CONNECT, CONNACK, DISCONNECT on one connection; no SUBSCRIBE or PUBLISH exists among the requests.
    const sent = of('mosquitto').probes.filter((p) => p.probe.startsWith('mqtt-')).map((p) => p.probe);
    expect(sent).toEqual(['mqtt-connect', 'mqtt-disconnect']);
  });

  it('nats-server without authorization: product and version from INFO, PONG before CONNECT, a high nats-no-auth finding', () => {
    expect(of('nats')).toMatchObject({ service: 'nats', product: 'NATS Server' });
    const pong = of('nats').probes.find((p) => p.probe === 'nats-ping');
    expect(Buffer.from(pong!.received_b64, 'base64').toString('latin1')).toBe('PONG\r\n');
    expect(findings('nats')).toContainEqual(['nats-no-auth', 'high']);
  });

  it('Kamailio: the Server header of its OPTIONS reply gives product, version and platform', () => {
    expect(of('kamailio')).toMatchObject({ service: 'sip', protocol: 'SIP/2.0', product: 'Kamailio', fingerprint: 'sip-kamailio' });
    expect(of('kamailio').info['platform']).toMatch(/^[\w.-]+\/linux$/);
  });

  it('Prosody without c2s_require_encryption: STARTTLS offered, not required: a low finding', () => {
    expect(of('prosody')).toMatchObject({ service: 'xmpp', protocol: 'XMPP 1.0' });
    expect(findings('prosody')).toContainEqual(['xmpp-starttls-not-required', 'low']);
    const close = of('prosody').probes.find((p) => p.probe === 'xmpp-close');
    expect(Buffer.from(close!.received_b64, 'base64').toString('latin1')).toBe('</stream:stream>');
  });

  it('every one of them gets the non-standard-port note', () => {
    for (const [name, service] of [['mosquitto', 'mqtt'], ['nats', 'nats'], ['kamailio', 'sip'], ['prosody', 'xmpp']]) {
      expect(findings(name!).map(([id]) => id)).toContain(`${service}-non-standard-port`);
    }
  });
});
