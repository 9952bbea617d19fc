import { describe, expect, it } from 'vitest';
import { sweepProbe } from '../../src/probe/sweep.js';
import { probe } from '../../src/probe/probe.js';
import { startServer, ssh, smtp, silent, SSH_BANNER } from '../helpers/servers.js';

describe('sweepProbe', () => {
  it('a refused connect is closed/refused at once, with no connection kept', async () => {
    const s = await startServer('127.90.4.1', 0, ssh());
    const port = s.port;
    await s.close();
    const obs = await sweepProbe({ ip: '127.90.4.1', port }, { connectTimeout: 1000 });
    expect(obs).toMatchObject({ status: 'closed', reason: 'refused', error: null, exchanges: [], connect_ms: null });
  });

  it('an accepting target gets the full probe on the same connection (one connect, same observation as probe())', async () => {
    const s = await startServer('127.90.4.2', 0, ssh());
    try {
      const swept = await sweepProbe({ ip: s.host, port: s.port }, { readTimeout: 500 });
      expect(s.connections).toBe(1);
      const full = await probe({ ip: s.host, port: s.port }, { readTimeout: 500 });
      expect(swept.status).toBe('open');
      expect(swept.reason).toBe(full.reason);
      expect(swept.exchanges.map((e) => [e.probe, e.received.toString('latin1')])).toEqual(full.exchanges.map((e) => [e.probe, e.received.toString('latin1')]));
      expect(swept.exchanges[0]?.received.toString('latin1')).toBe(SSH_BANNER);
      expect(swept.connect_ms).not.toBeNull();
    } finally {
      await s.close();
    }
  });

  it('keeps a dialogue going on the handed-over connection (SMTP EHLO)', async () => {
    const s = await startServer('127.90.4.3', 0, smtp());
    try {
      const obs = await sweepProbe({ ip: s.host, port: s.port }, { readTimeout: 500 });
      expect(obs.reason).toBe('banner');
      expect(obs.exchanges.length).toBeGreaterThan(1);
      expect(obs.exchanges.every((e) => e.connection === 0)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('a silent service still gets the active probes (fresh connections after the first)', async () => {
    const s = await startServer('127.90.4.4', 0, silent());
    try {
      const obs = await sweepProbe({ ip: s.host, port: s.port }, { readTimeout: 100, deadline: 3000 });
      expect(obs.status).toBe('open');
      expect(s.connections).toBeGreaterThan(1);
    } finally {
      await s.close();
    }
  });

  it('the portable connect (net.connect) gives the same observations as the bare handle', async () => {
    const s = await startServer('127.90.4.6', 0, ssh());
    try {
      const [bare, portable] = await Promise.all([
        sweepProbe({ ip: s.host, port: s.port }, { readTimeout: 500 }),
        sweepProbe({ ip: s.host, port: s.port }, { readTimeout: 500, portableConnect: true }),
      ]);
      const view = (o: typeof bare): unknown => [o.status, o.reason, o.exchanges.map((e) => [e.probe, e.received.toString('latin1')])];
      expect(view(portable)).toEqual(view(bare));
      expect(bare.exchanges[0]?.received.toString('latin1')).toBe(SSH_BANNER);
      expect(s.connections).toBe(2);
    } finally {
      await s.close();
    }
    const closed = await sweepProbe({ ip: s.host, port: s.port }, { portableConnect: true });
    expect(closed).toMatchObject({ status: 'closed', reason: 'refused', error: null, connect_ms: null });
  });

  it('an aborted signal scans nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const obs = await sweepProbe({ ip: '127.90.4.5', port: 9 }, { signal: ac.signal });
    expect(obs).toMatchObject({ status: 'error', reason: 'deadline' });
  });
});
