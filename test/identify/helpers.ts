// Shared helpers for the identification tests: fixture paths and observations built from text replies.

import { fileURLToPath } from 'node:url';
import type { Exchange, Observation, ProbeName, TlsInfo } from '../../src/result.js';

/** Absolute path of a file or directory under test/identify/fixtures/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** One exchange: a probe and the reply bytes (text taken one char per byte). */
export function ex(probe: ProbeName, reply: string | Buffer, tunnel: 'tls' | null = null): Exchange {
  return {
    probe,
    sent: null,
    received: typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply,
    connection: 0,
    tunnel,
    ms: 1,
  };
}

/** An open port's observation with these exchanges. */
export function openObs(exchanges: Exchange[], tls: TlsInfo | null = null): Pick<Observation, 'status' | 'reason' | 'exchanges' | 'tls' | 'port'> {
  return { status: 'open', reason: exchanges.length ? 'banner' : 'no-reply', exchanges, tls, port: 220 };
}

/** A TLS handshake summary with the given version. */
export function tlsInfo(version: string): TlsInfo {
  return {
    version,
    cipher: 'TLS_AES_256_GCM_SHA384',
    alpn: null,
    subject: 'CN=localhost',
    issuer: 'CN=localhost',
    san: [],
    valid_from: null,
    valid_to: null,
    self_signed: true,
    sha256: null,
    key_type: null,
    key_bits: null,
  };
}
