// Traffic discipline: docs/probes.md lists every byte string the prober can send, every probe name, and
// the active-probe order per port; and no probe text carries credentials or writes data.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as imap from '../../src/probe/dialogues/imap.js';
import * as mailFtp from '../../src/probe/dialogues/mail-ftp.js';
import * as pop3 from '../../src/probe/dialogues/pop3.js';
import * as ssh from '../../src/probe/dialogues/ssh.js';
import * as active from '../../src/probe/active.js';
import { escapeBytes } from '../../src/text/escape.js';

const DOC = readFileSync(new URL('../../docs/probes.md', import.meta.url), 'utf8');
const RESULT_TS = readFileSync(new URL('../../src/result.ts', import.meta.url), 'utf8');
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every exported command string of the probe modules (strings ending in CR LF), as the doc writes them. */
function probeTexts(): Map<string, string> {
  const out = new Map<string, string>();
  const modules: Record<string, Record<string, unknown>> = { imap, mailFtp, pop3, ssh, active };
  for (const [mod, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === 'string' && value.endsWith('\r\n')) out.set(`${mod}.${name}`, value);
    }
  }
  out.set('active.httpRequest(ip)', active.httpRequest('<ip>'));
  return out;
}

/** How a sent text appears in the doc: escaped like `sent`, with the package version as `<version>`. */
const asDoc = (text: string): string => escapeBytes(Buffer.from(text, 'latin1')).replaceAll(VERSION, '<version>');

describe('docs/probes.md', () => {
  it('finds the probe modules export their command strings', () => {
    expect(probeTexts().size).toBeGreaterThanOrEqual(12);
  });

  it.each([...probeTexts()].map(([k, v]) => [k, asDoc(v)]))('lists %s as `%s`', (_name, text) => {
    expect(DOC).toContain('`' + text + '`');
  });

  it('names every ProbeName of src/result.ts', () => {
    const block = RESULT_TS.slice(RESULT_TS.indexOf('export type ProbeName'), RESULT_TS.indexOf(';', RESULT_TS.indexOf('export type ProbeName')));
    const names = [...block.matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names.filter((n) => !DOC.includes('`' + n + '`'))).toEqual([]);
  });

  it('gives the active-probe order of src/probe/active.ts for each port row', () => {
    const rows = [...DOC.matchAll(/^\s*\| ([\d, ]+|any other) \| (`[^|]+`) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const [, ports, order] of rows) {
      const listed = [...order!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
      const sample = ports === 'any other' ? [40000] : ports!.split(',').map((p) => Number(p.trim()));
      for (const port of sample) expect([port, listed]).toEqual([port, active.activeOrder(port)]);
    }
  });
});

describe('what the probes send', () => {
  it('carries no credentials and writes nothing (no USER/PASS/LOGIN/AUTH, MAIL/RCPT/DATA, STOR/APPEND, SET)', () => {
    for (const [name, text] of probeTexts()) {
      expect([name, /^(USER|PASS|LOGIN|AUTH|MAIL|RCPT|DATA|STOR|APPE|APPEND|DELE|SET|DEL|FLUSHALL)\b/m.test(text.replace(/^a\d+ /gm, ''))]).toEqual([name, false]);
    }
  });

  it('is a single command line per string (HTTP: one request), none longer than 128 bytes', () => {
    for (const [name, text] of probeTexts()) {
      expect([name, text.length <= 128]).toEqual([name, true]);
      if (!text.startsWith('GET ')) expect([name, text.split('\r\n').length]).toEqual([name, 2]);
    }
  });
});
