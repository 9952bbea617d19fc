import { describe, expect, it } from 'vitest';
import { bareListener } from '../../src/local/listener.js';
import { makeEntry } from '../../src/local/inspect.js';
import { endpoint, ownerText, renderLocalTable, summaryLine } from '../../src/local/render.js';
import { makeLocalDocument, renderLocalJson, renderLocalJsonLine } from '../../src/local/document.js';

const udp = { ...makeEntry({ ...bareListener('udp6', '::1', 220), pid: 7, pids: [7, 9], process: 'evil\x1b[2J', user: 'root', cmdline: 'evil\x07 -x' }, null) };
const unknown = makeEntry({ ...bareListener('tcp', '0.0.0.0', 220), uid: 33 }, null);

describe('render helpers', () => {
  it('brackets IPv6 endpoints and words the owner', () => {
    expect(endpoint('::1', 220)).toBe('[::1]:220');
    expect(endpoint('127.40.0.1', 220)).toBe('127.40.0.1:220');
    expect(ownerText(udp)).toBe('evil\x1b[2J (pid 7, 2 processes, user root)');
    expect(ownerText(unknown)).toBe('owner unknown (user uid 33)');
  });
  it('summarises kinds, verdicts and findings', () => {
    expect(summaryLine([udp, unknown])).toBe('2 listeners (1 tcp, 1 udp): 0 consistent, 0 mismatch; findings: none');
  });
});

describe('renderLocalTable', () => {
  it('escapes control bytes from process names and command lines, and prints notes', () => {
    const text = renderLocalTable([udp, unknown], ['owner unknown: run as root to see other users\' processes'], { color: false, ports: [220] });
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
    expect(text).toContain('udp6  [::1]:220  evil\\x1b[2J (pid 7, 2 processes, user root)');
    expect(text).toContain('cmd: evil\\x07 -x');
    expect(text).toContain('verdict: not compared: UDP is listed, not probed');
    expect(text).toContain("note: owner unknown: run as root to see other users' processes");
  });
  it('says when nothing listens', () => {
    expect(renderLocalTable([], [], { color: false, ports: [220] }).split('\n')[0]).toBe('Nothing listens on port 220 (tcp, tcp6, udp, udp6).');
  });
});

describe('local JSON document', () => {
  it('wraps metadata, notes and listeners; JSON lines are one entry each', () => {
    const doc = makeLocalDocument({
      tool: 'port220', command: 'local', version: '0.0.0', args: ['local'], platform: 'linux', ports: [220],
      fingerprints: { hash: 'h', count: 1 }, started_at: 'a', finished_at: 'b', complete: true,
    }, ['n'], [unknown]);
    const parsed = JSON.parse(renderLocalJson(doc)) as Record<string, unknown>;
    expect(parsed['schemaVersion']).toBe(2);
    expect(parsed['notes']).toEqual(['n']);
    expect((parsed['listeners'] as unknown[]).length).toBe(1);
    const line = renderLocalJsonLine(unknown);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ proto: 'tcp', address: '0.0.0.0', probe_address: '127.0.0.1', uid: 33, result: null });
  });
});
