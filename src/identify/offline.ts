// Offline identification of captured banners: one raw banner, or JSON lines of banners, to JSON result lines.

import { UsageError } from '../errors.js';
import type { Exchange, Observation, ProbeName, ScanResult } from '../result.js';
import { buildResult } from '../assemble.js';
import { showValue } from '../text/escape.js';
import type { FingerprintDb } from './db.js';
import { identify } from './identify.js';
import { PROBE_NAMES } from './schema.js';

/** Defaults for inputs that do not say their port or probe. */
export interface OfflineOptions {
  port: number;
  probe: string;
}

/** One captured banner to identify. */
export interface OfflineBanner {
  port: number;
  probe: ProbeName;
  bytes: Buffer;
  /** The address the banner came from, when the input says ("" otherwise). */
  ip?: string;
}

/** The result line for one banner: the same envelope as a scan result, plus the probe it answered. */
export type OfflineResult = { probe: ProbeName } & ScanResult;

/** A probe name checked against the known ones; UsageError otherwise. */
function probeName(name: unknown, where: string): ProbeName {
  if (typeof name === 'string' && (PROBE_NAMES as readonly string[]).includes(name)) return name as ProbeName;
  throw new UsageError(`${where}unknown probe '${showValue(String(name))}': one of ${PROBE_NAMES.join(', ')}`);
}

/** A port number checked to be 0-65535; UsageError otherwise. */
function portNumber(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  throw new UsageError(`${where}invalid port '${showValue(String(value))}': ports are 0-65535`);
}

/** True when the input is JSON lines (its first non-blank byte is `{`). */
function isJsonLines(input: Buffer): boolean {
  for (const b of input) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}

/**
 * The banners an input holds: JSON lines `{"banner"|"banner_b64", "port"?, "probe"?}` (text banners are taken
 * one char per byte, like fingerprint examples), or else the whole input as one raw banner.
 */
export function* parseBanners(input: Buffer, options: OfflineOptions): Generator<OfflineBanner> {
  const port = portNumber(options.port, '');
  const probe = probeName(options.probe, '');
  if (!isJsonLines(input)) {
    yield { port, probe, bytes: input };
    return;
  }
  const text = input.toString('utf8');
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    const where = `input line ${lineNo}: `;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`${where}not JSON: ${showValue((e as Error).message, 120)}`, { cause: e });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UsageError(`${where}not a JSON object`);
    let bytes: Buffer;
    if (typeof obj['banner_b64'] === 'string') bytes = decodeBase64(obj['banner_b64'], where);
    else if (typeof obj['banner'] === 'string') bytes = Buffer.from(obj['banner'], 'latin1');
    else throw new UsageError(`${where}needs "banner" or "banner_b64" (a string)`);
    yield {
      port: obj['port'] === undefined ? port : portNumber(obj['port'], where),
      probe: obj['probe'] === undefined ? probe : probeName(obj['probe'], where),
      bytes,
      ip: typeof obj['ip'] === 'string' ? obj['ip'] : '',
    };
  }
}

/** Identify one captured banner as an open port's observation with a single exchange. */
export function identifyBanner(banner: OfflineBanner, db: FingerprintDb): OfflineResult {
  const exchange: Exchange = { probe: banner.probe, sent: null, received: banner.bytes, connection: 0, tunnel: null, ms: 0 };
  const ip = banner.ip ?? '';
  const obs: Observation = {
    ip,
    port: banner.port,
    status: 'open',
    reason: banner.bytes.length === 0 ? 'no-reply' : banner.probe === 'null' ? 'banner' : 'probe-reply',
    error: null,
    exchanges: [exchange],
    tls: null,
    ssh: null,
    connect_ms: null,
    total_ms: 0,
  };
  const result = buildResult({ ip, port: banner.port, hostname: null }, obs, identify(obs, db)) as OfflineResult;
  result.probe = banner.probe;
  return result;
}

/** Identify every banner of an input; yields one JSON line (ending in "\n") per banner, in input order. */
export function* identifyBanners(input: Buffer, db: FingerprintDb, options: OfflineOptions): Generator<string> {
  for (const banner of parseBanners(input, options)) yield JSON.stringify(identifyBanner(banner, db)) + '\n';
}

// Standard or URL-safe alphabet, padding optional; no whitespace, no other character.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes of a `banner_b64` value; UsageError naming the line when it is not base64 (Buffer would skip the bad characters). */
export function decodeBase64(value: string, where: string): Buffer {
  if (BASE64.test(value) || (BASE64URL.test(value) && value.length % 4 !== 1)) return Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  throw new UsageError(`${where}"banner_b64" is not base64: "${showValue(value)}"`);
}
