// Merging shard documents, and reading saved JSON / JSONL back.
import { describe, expect, it } from 'vitest';
import { mergeDocuments } from '../../src/report/merge.js';
import { parseSaved } from '../../src/report/load.js';
import { renderDocument } from '../../src/report/format.js';
import { schemaErrors } from '../../src/report/validate.js';
import { UsageError } from '../../src/errors.js';
import { fixtureDocument } from './fixture-document.js';
import { makeResult } from '../fixtures.js';
import type { ScanDocument } from '../../src/report/document.js';

function shard(over: Partial<ScanDocument>, results: ScanDocument['results']): ScanDocument {
  const base = fixtureDocument();
  const counts = { total: results.length + 10, by_status: { open: 0, closed: 10, filtered: 0, error: 0 }, by_service: {} as Record<string, number>, findings: 0 };
  for (const r of results) { counts.by_status[r.status]++; if (r.service) counts.by_service[r.service] = (counts.by_service[r.service] ?? 0) + 1; }
  return { ...base, ...over, counts, results, listing: 'responsive' };
}

describe('mergeDocuments', () => {
  const a = shard({ args: ['scan', '-s', '1/2'], targets: ['192.0.2.0/24'], started_at: '2026-01-01T00:00:05.000Z', finished_at: '2026-01-01T00:01:00.000Z', complete: true, skipped_lines: 1 },
    [makeResult({ ip: '192.0.2.1', service: 'ssh' }), makeResult({ ip: '192.0.2.2', status: 'open', service: 'imap' })]);
  const b = shard({ args: ['scan', '-s', '2/2'], targets: ['192.0.2.0/24', '198.51.100.0/24'], ports: [22, 220], started_at: '2026-01-01T00:00:01.000Z', finished_at: '2026-01-01T00:00:50.000Z', complete: false, skipped_lines: 2 },
    [makeResult({ ip: '192.0.2.2', status: 'open', service: 'smtp' }), makeResult({ ip: '10.0.0.1', service: 'ftp' })]);
  const m = mergeDocuments([a, b]);
  it('dedupes by ip:port (later file wins among open results) and sorts by address', () => {
    expect(m.results.map((r) => `${r.ip} ${r.service}`)).toEqual(['10.0.0.1 ftp', '192.0.2.1 ssh', '192.0.2.2 smtp']);
  });
  it('recomputes counts (listed results plus what each file counted unlisted)', () => {
    expect(m.counts.total).toBe(3 + 20);
    expect(m.counts.by_status).toEqual({ open: 3, closed: 20, filtered: 0, error: 0 });
    expect(m.counts.by_service).toEqual({ ftp: 1, ssh: 1, smtp: 1 });
  });
  it('unions args/targets/ports, earliest start, latest end, complete only if all were', () => {
    expect(m.args).toEqual(['scan', '-s', '1/2', '2/2']);
    expect(m.targets).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    expect(m.ports).toEqual([22, 220]);
    expect(m.started_at).toBe('2026-01-01T00:00:01.000Z');
    expect(m.finished_at).toBe('2026-01-01T00:01:00.000Z');
    expect(m.complete).toBe(false);
    expect(m.skipped_lines).toBe(3);
    expect(schemaErrors(JSON.parse(JSON.stringify(m)))).toEqual([]);
  });
});

describe('parseSaved', () => {
  it('reads a JSON document and a JSONL stream (with its summary line) back to the same document', () => {
    const doc = fixtureDocument();
    expect(parseSaved(renderDocument(doc, 'json'), 'a.json')).toEqual(doc);
    expect(parseSaved(renderDocument(doc, 'jsonl'), 'a.jsonl')).toEqual(doc);
  });
  it('reads schemaVersion 1 files (top-level ssh) as version 2 (protocol_data.ssh), JSON and JSONL', () => {
    const doc = fixtureDocument();
    const ssh = { proto_version: '2.0', kex: ['curve25519-sha256'], host_key: ['ssh-ed25519'], ciphers: [], macs: [], compression: ['none'], host_key_info: null, auth_methods: null };
    const v1 = { ...doc, schemaVersion: 1, results: doc.results.map(({ protocol_data: _p, ...r }, i) => ({ ...r, ssh: i === 0 ? ssh : null })) };
    const fromJson = parseSaved(JSON.stringify(v1), 'v1.json');
    expect(fromJson.schemaVersion).toBe(2);
    expect(fromJson.results[0]?.protocol_data).toEqual({ ssh });
    expect(fromJson.results[1]?.protocol_data).toEqual({});
    expect(fromJson.results.every((r) => !('ssh' in r))).toBe(true);
    const { results, ...summary } = v1;
    const lines = [...results.map((r) => JSON.stringify(r)), JSON.stringify({ ...summary, summary: true })].join('\n');
    expect(parseSaved(lines, 'v1.jsonl')).toEqual(fromJson);
  });
  it('rebuilds counts from JSONL without a summary line (an interrupted stream), marked incomplete', () => {
    const text = renderDocument(fixtureDocument(), 'jsonl').split('\n').slice(0, 6).join('\n');
    const doc = parseSaved(text, 'cut.jsonl');
    expect(doc.results).toHaveLength(6);
    expect(doc.counts.by_status).toEqual({ open: 4, closed: 1, filtered: 0, error: 1 });
    expect(doc.complete).toBe(false);
  });
  it('names the file and line of what is not a port220 result', () => {
    expect(() => parseSaved('{"ip":"1.2.3.4"}\n', 'x.jsonl')).toThrow(UsageError);
    expect(() => parseSaved('{"ip":"1.2.3.4"}\n', 'x.jsonl')).toThrow(/^x\.jsonl:1: not a port220 result/);
    expect(() => parseSaved('{\n "results": [1]\n}\n', 'y.json')).toThrow(/^y\.json: not a port220 document/);
    expect(() => parseSaved('nope\n', 'z')).toThrow(/^z:1: not JSON/);
  });
});
