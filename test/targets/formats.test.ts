// Line formats of other tools, auto-detected line by line, and skip-and-report through readTargetLines.
import { describe, expect, it } from 'vitest';
import { createLineParser, type LineParse } from '../../src/targets/formats.js';
import { readTargetLines, type SkippedLine } from '../../src/targets/lines.js';
import type { TargetSpec } from '../../src/targets/spec.js';
import { UsageError } from '../../src/errors.js';

function parseAll(lines: string[]): LineParse[] {
  const parse = createLineParser();
  return lines.map(parse);
}

/** "ip:port" (or the item) of each target of a line, with the format. */
function show(p: LineParse): string {
  if (p.kind !== 'targets') return p.kind === 'skip' ? 'skip' : `error: ${p.message}`;
  return `${p.format} ${p.specs.map((s) => `${s.kind === 'address' ? s.ip : s.kind === 'hostname' ? s.name : s.item}${s.port === null ? '' : `:${s.port}`}`).join(' ')}`.trim();
}

async function* from(lines: string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

describe('createLineParser', () => {
  it('plain items and host:port', () => {
    expect(parseAll(['192.0.2.1', '192.0.2.0/30 # lab', 'mail.example.test:2200', '[2001:db8::1]:220', '', '# c']).map(show)).toEqual([
      'plain 192.0.2.1', 'plain 192.0.2.0/30', 'plain mail.example.test:2200', 'plain 2001:db8::1:220', 'skip', 'skip',
    ]);
  });
  it('masscan -oL: open tcp lines give ip:port, closed lines and comments none', () => {
    expect(parseAll(['#masscan', 'open tcp 220 192.0.2.1 1690000000', 'closed tcp 220 192.0.2.2 1690000000', 'open udp 53 192.0.2.3 1690000000', '# end']).map(show)).toEqual([
      'skip', 'masscan-list 192.0.2.1:220', 'masscan-list', 'masscan-list', 'skip',
    ]);
  });
  it('masscan -oJ (array with trailing commas) and -oD (ndjson)', () => {
    expect(parseAll([
      '[',
      '{   "ip": "192.0.2.1",   "timestamp": "1690000000", "ports": [ {"port": 220, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] },',
      '{"ip":"192.0.2.2","timestamp":"1690000000","port":2200,"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"syn-ack","ttl":64}}',
      '{"ip":"192.0.2.3","timestamp":"1690000000","port":220,"proto":"tcp","rec_type":"banner","data":{"service_name":"ssh"}}',
      ']',
    ]).map(show)).toEqual(['skip', 'masscan-json 192.0.2.1:220', 'masscan-json 192.0.2.2:2200', 'masscan-json', 'skip']);
  });
  it('nmap -oG: every open tcp port of a Ports line; Status lines give none', () => {
    expect(parseAll([
      '# Nmap 7.93 scan initiated ...',
      'Host: 192.0.2.1 ()\tStatus: Up',
      'Host: 192.0.2.1 (mail.example.test)\tPorts: 220/open/tcp//imap3///, 22/closed/tcp//ssh///, 2200/open/tcp//ssh///\tIgnored State: closed (998)',
    ]).map(show)).toEqual(['skip', 'nmap-grepable', 'nmap-grepable 192.0.2.1:220 192.0.2.1:2200']);
  });
  it('naabu: host:port and -json lines (port as a number or an object)', () => {
    expect(parseAll([
      'scanme.example.test:220',
      '{"host":"scanme.example.test","ip":"192.0.2.7","timestamp":"2024-01-01T00:00:00Z","port":220,"protocol":"tcp","tls":false}',
      '{"ip":"192.0.2.8","port":{"Port":2200,"Protocol":0,"TLS":false}}',
    ]).map(show)).toEqual(['plain scanme.example.test:220', 'naabu-json 192.0.2.7:220', 'naabu-json 192.0.2.8:2200']);
  });
  it('zmap: one IP per line, or CSV with a header (saddr, sport)', () => {
    expect(parseAll(['192.0.2.9']).map(show)).toEqual(['plain 192.0.2.9']);
    expect(parseAll(['saddr,daddr,sport,dport,classification', '192.0.2.1,198.51.100.1,220,40000,synack', '192.0.2.2,198.51.100.1,220,40001,synack']).map(show))
      .toEqual(['skip', 'zmap-csv 192.0.2.1:220', 'zmap-csv 192.0.2.2:220']);
    expect(parseAll(['saddr', '192.0.2.5']).map(show)).toEqual(['skip', 'plain 192.0.2.5']);
  });
  it('bad lines are errors with the reason', () => {
    const got = parseAll(['300.1.1.1', '{"ip": 1', '{"nothing": true}', 'open tcp 99999 192.0.2.1 1', 'Host: 192.0.2.0/24 ()\tPorts: 220/open/tcp//x///']);
    expect(got.map((p) => p.kind)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(show(got[0] as LineParse)).toMatch(/^error: invalid target '300\.1\.1\.1'/);
    expect(show(got[1] as LineParse)).toBe('error: looks like JSON but does not parse');
    expect(show(got[2] as LineParse)).toBe('error: JSON object without "ip" or "host"');
    expect(show(got[4] as LineParse)).toMatch(/expected one address/);
  });
});

describe('readTargetLines', () => {
  const lines = ['open tcp 220 192.0.2.1 1', 'garbage here', '192.0.2.2', '300.1.1.1'];
  it('with onSkip: skips bad lines and reports each with its line number', async () => {
    const skipped: SkippedLine[] = [];
    const specs: TargetSpec[] = [];
    for await (const s of readTargetLines(from(lines), 'stdin', (x) => skipped.push(x))) specs.push(s);
    expect(specs.map((s) => (s.kind === 'address' ? `${s.ip}:${s.port}` : s.item))).toEqual(['192.0.2.1:220', '192.0.2.2:null']);
    expect(skipped.map((s) => `${s.source}:${s.line}`)).toEqual(['stdin:2', 'stdin:4']);
    expect(skipped[0]?.message).toMatch(/invalid target 'garbage here'/);
  });
  it('without onSkip (exclude files): the first bad line throws UsageError naming source and line', async () => {
    const read = async (): Promise<void> => { for await (const s of readTargetLines(from(lines), 'ex.txt')) void s; };
    await expect(read()).rejects.toThrow(UsageError);
    await expect(read()).rejects.toThrow(/^ex\.txt:2: invalid target 'garbage here'/);
  });
});
