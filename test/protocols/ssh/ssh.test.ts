import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { ssh as sshModule, SSH_IDENT as SSH_IDENT_REQUEST, SSH_SOFTWARE, speaksSsh2 } from '../../../src/protocols/ssh/index.js';

const SSH_IDENT = SSH_IDENT_REQUEST.bytes({ ip: '127.0.0.1', port: 22 }).toString('latin1');
const sshDialogue = { matches: sshModule.greeting.matches };
import { startServer, greet, type Behaviour, type TestServer } from '../../helpers/servers.js';
import { startSshd } from '../../probe/ssh/sshd.js';
import { OPENSSH_WEAK } from '../../probe/ssh/fixtures.js';

const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

async function serve(host: string, b: Behaviour): Promise<TestServer> {
  const s = await startServer(host, 0, b);
  closers.push(s);
  return s;
}

const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };
const IDENT_END = OPENSSH_WEAK.indexOf('\n') + 1;

/** Replays the recorded OpenSSH: its identification, then (after the client's line) its KEXINIT; then silent. */
function recorded(): Behaviour {
  return {
    name: 'recorded-openssh',
    handle(s, ctx) {
      s.write(OPENSSH_WEAK.subarray(0, IDENT_END));
      let seen = '';
      s.on('data', (d: Buffer) => {
        if (seen.includes('\n')) return;
        seen += d.toString('latin1');
        if (!seen.includes('\n')) return;
        ctx.log(seen.slice(0, seen.indexOf('\n')).replace(/\r$/, ''));
        s.write(OPENSSH_WEAK.subarray(IDENT_END));
      });
    },
  };
}

describe('sshDialogue', () => {
  it('matches SSH identification lines only; speaks SSH 2 for 2.0 and 1.99', () => {
    expect(sshDialogue.matches(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBe(true);
    expect(sshDialogue.matches(Buffer.from('banner\r\nSSH-1.99-x\r\n'))).toBe(true);
    expect(sshDialogue.matches(Buffer.from('220 ftp\r\n'))).toBe(false);
    expect([speaksSsh2('2.0'), speaksSsh2('1.99'), speaksSsh2('1.5')]).toEqual([true, true, false]);
    expect(SSH_IDENT).toBe(`SSH-2.0-${SSH_SOFTWARE}\r\n`);
    expect(SSH_SOFTWARE).toMatch(/^port220_\d+\.\d+\.\d+/);
  });
});

describe('probe() with the SSH dialogue', () => {
  it('a real SSH implementation: KEXINIT lists, host key and auth methods; our identification recorded', async () => {
    const d = await startSshd('127.60.2.1', ['publickey', 'password']);
    closers.push(d);
    const obs = await probe({ ip: d.host, port: d.port }, { ...OPTS, readTimeout: 3000 });
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(obs.exchanges.map((e) => [e.probe, e.sent, e.connection])).toEqual([
      ['null', null, 0],
      ['ssh-ident', SSH_IDENT.replace('\r\n', '\\r\\n'), 0],
    ]);
    expect(obs.ssh?.proto_version).toBe('2.0');
    expect(obs.ssh?.kex).toContain('curve25519-sha256');
    expect(obs.ssh?.host_key).toContain('rsa-sha2-256');
    expect(obs.ssh?.ciphers.length).toBeGreaterThan(0);
    expect(obs.ssh?.compression).toContain('none');
    expect(obs.ssh?.host_key_info).toEqual({ type: 'ssh-rsa', bits: 2048, sha256: d.fingerprint });
    expect(obs.ssh?.auth_methods).toEqual(['publickey', 'password']);
    expect(d.attempts).toEqual([['none', 'port220']]);
  });
  it('recorded OpenSSH bytes: the lists come from the KEXINIT; the key exchange stalls, so host key and methods stay null', async () => {
    const s = await serve('127.60.2.2', recorded());
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges[1]?.received.equals(OPENSSH_WEAK.subarray(IDENT_END))).toBe(true);
    expect(obs.ssh).toMatchObject({ proto_version: '2.0', host_key: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss', 'ssh-ed25519'], host_key_info: null, auth_methods: null });
    expect(obs.ssh?.ciphers).toContain('3des-cbc');
    expect(s.lines[0]).toBe(SSH_IDENT.trimEnd());
  });
  it('KEXINIT sent together with the identification: nothing more is sent on that connection', async () => {
    const s = await serve('127.60.2.3', greet(OPENSSH_WEAK));
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null']);
    expect(obs.ssh?.kex).toContain('diffie-hellman-group1-sha1');
  });
  it('SSH-1.5: the version is recorded, no KEXINIT is asked for', async () => {
    const s = await serve('127.60.2.4', greet('SSH-1.5-1.2.27\n'));
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null']);
    expect(obs.ssh).toEqual({ proto_version: '1.5', kex: [], host_key: [], ciphers: [], macs: [], compression: [], host_key_info: null, auth_methods: null });
  });
  it('garbage after our identification: empty lists, no key exchange attempted, no crash', async () => {
    const s = await serve('127.60.2.5', {
      name: 'garbage',
      handle(c) {
        c.write('SSH-2.0-Weird\r\n');
        c.once('data', () => c.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3])));
      },
    });
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.ssh).toMatchObject({ proto_version: '2.0', kex: [], auth_methods: null });
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'ssh-ident']);
    expect(s.connections).toBe(1);
  });
});
