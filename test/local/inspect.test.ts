import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { listListeners } from '../../src/local/listing.js';
import { inspectListeners, makeEntry } from '../../src/local/inspect.js';
import { bareListener } from '../../src/local/listener.js';
import { probe } from '../../src/probe/index.js';
import { identify } from '../../src/identify/identify.js';
import { loadFingerprints, defaultFingerprintDir, type FingerprintDb } from '../../src/identify/load.js';
import type { ScanEngine } from '../../src/scan/pool.js';
import { startListeningChild, type ListeningChild } from './child.js';

/** Probes loopback only: any other address fails the test instead of sending a packet. */
function loopbackEngine(db: FingerprintDb, probed: string[]): ScanEngine {
  return {
    probe: async (t) => {
      if (!/^127\./.test(t.ip) && t.ip !== '::1') throw new Error(`refusing to probe non-loopback ${t.ip}`);
      probed.push(`${t.ip} ${t.port}`);
      return probe(t, { connectTimeout: 2000, readTimeout: 1500, deadline: 8000 });
    },
    identify: (obs) => identify(obs, db),
  };
}

describe.skipIf(process.platform !== 'linux')('local listing and inspection of a child process (Linux /proc)', () => {
  let kid: ListeningChild;
  let db: FingerprintDb;
  beforeAll(async () => {
    kid = await startListeningChild('port220-local-test-marker');
    db = await loadFingerprints([defaultFingerprintDir()]);
  });
  afterAll(async () => {
    await kid?.stop();
  });

  it("lists the child's four sockets with its pid, name, command line, exe and user", async () => {
    const { tcp4, tcp6, udp4, udp6 } = kid.ports;
    const { listeners } = await listListeners([tcp4, tcp6, udp4, udp6], { platform: 'linux', packages: false });
    const own = listeners.filter((l) => l.pid === kid.pid);
    expect(own.map((l) => `${l.proto} ${l.address} ${l.port}`).sort()).toEqual(
      [`tcp 127.40.0.1 ${tcp4}`, `tcp6 ::1 ${tcp6}`, `udp 127.40.0.1 ${udp4}`, `udp6 ::1 ${udp6}`].sort(),
    );
    for (const l of own) {
      expect(l.process).toBe('node');
      expect(l.pids).toEqual([kid.pid]);
      expect(l.argv).toEqual([process.execPath, ...kid.args]); // spawn() passes the command as argv[0]
      expect(l.argv?.at(-1)).toBe('port220-local-test-marker');
      expect(l.cmdline).toContain(' -e ');
      expect(l.cmdline?.endsWith(' port220-local-test-marker')).toBe(true);
      expect(l.exe).toBe(realpathSync(process.execPath));
      expect(l.exe_deleted).toBe(false);
      expect(l.uid).toBe(userInfo().uid);
      expect(l.user).toBe(userInfo().username);
      expect(l.inode).toBeGreaterThan(0);
    }
  });

  it('probes the TCP listeners, hears SSH, and reports node speaking SSH as a mismatch', async () => {
    const { tcp4, tcp6, udp4, udp6 } = kid.ports;
    const { listeners } = await listListeners([tcp4, tcp6, udp4, udp6], { platform: 'linux', packages: false });
    const own = listeners.filter((l) => l.pid === kid.pid);
    const probed: string[] = [];
    const seen: string[] = [];
    const entries = await inspectListeners(own, loopbackEngine(db, probed), { onEntry: (e) => seen.push(e.proto) });
    expect(probed.sort()).toEqual([`127.40.0.1 ${tcp4}`, `::1 ${tcp6}`].sort());
    expect(seen.sort()).toEqual(['tcp', 'tcp6', 'udp', 'udp6']);
    for (const e of entries.filter((x) => x.proto === 'tcp' || x.proto === 'tcp6')) {
      expect(e.probe_address).toBe(e.address);
      expect(e.result?.status).toBe('open');
      expect(e.result?.service).toBe('ssh');
      expect(e.result?.product).toBe('OpenSSH');
      expect(e.result?.version).toBe('9.2p1');
      expect(e.verdict).toEqual({ kind: 'mismatch', text: 'mismatch: node is not an SSH daemon but speaks SSH' });
      const mismatch = e.findings.find((f) => f.id === 'local-process-mismatch');
      expect(mismatch?.severity).toBe('medium');
      expect(mismatch?.evidence).toContain(`pid ${kid.pid}`);
      expect(mismatch?.evidence).toContain('banner SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3');
      // the scan's own findings ride along (SSH off port 22)
      expect(e.findings.map((f) => f.id)).toContain('ssh-non-standard-port');
    }
    for (const e of entries.filter((x) => x.proto === 'udp' || x.proto === 'udp6')) {
      expect(e.result).toBeNull();
      expect(e.probe_address).toBeNull();
      expect(e.verdict.text).toBe('not compared: UDP is listed, not probed');
    }
  });
});

describe('inspectListeners without a network', () => {
  it('probes wildcard binds over loopback and skips probes when asked or aborted', async () => {
    const probed: string[] = [];
    const engine: ScanEngine = {
      probe: async (t) => {
        probed.push(`${t.ip} ${t.port}`);
        return { ip: t.ip, port: t.port, status: 'closed', reason: 'refused', error: null, exchanges: [], tls: null, ssh: null, connect_ms: null, total_ms: 1 };
      },
      identify: () => ({ service: null, protocol: null, product: null, version: null, os: null, info: {}, cpe: null, fingerprint: null, confidence: 0, candidates: [] }),
    };
    const ls = [bareListener('tcp', '0.0.0.0', 220), bareListener('tcp6', '::', 220), bareListener('tcp6', '::ffff:127.40.0.9', 220)]
      .map((l) => ({ ...l, pid: 1, pids: [1], process: 'sshd' }));
    const entries = await inspectListeners(ls, engine);
    expect(probed).toEqual(['127.0.0.1 220', '::1 220', '127.40.0.9 220']);
    expect(entries.map((e) => e.verdict.text)).toEqual(Array(3).fill('not compared: probe found it closed (refused)'));
    probed.length = 0;
    const listed = await inspectListeners(ls, engine, { probe: false });
    expect(probed).toEqual([]);
    expect(listed[0]?.verdict.text).toBe('not compared: listing only (--no-probe)');
    const aborted = await inspectListeners(ls, engine, { signal: AbortSignal.abort() });
    expect(probed).toEqual([]);
    expect(aborted[0]?.verdict.text).toBe('not compared: interrupted before the probe');
    expect(makeEntry(ls[0]!, null).verdict.text).toBe('not compared: not probed');
  });
});
