// Pre-selection: a reply runs only the regexes of its prefix bucket, and never misses a match.

import { describe, expect, it } from 'vitest';
import { buildDb } from '../../src/identify/db.js';
import { loadFingerprints, parseFingerprintFile } from '../../src/identify/load.js';
import { matchReply, matchStats } from '../../src/identify/match.js';
import { selectCandidates } from '../../src/identify/preselect.js';
import { fixture } from './helpers.js';

/** A fingerprint file with one entry per pattern (flags given after a slash-free "|"). */
function fileOf(patterns: string[]): string {
  const entries = patterns.map((p, i) => {
    const [pattern, flags = ''] = p.split(' ~');
    return `  - id: p${i}
    probe: "null"
    pattern: ${JSON.stringify(pattern)}
    flags: "${flags}"
    confidence: ${((i % 7) + 1) / 10}
    set: { service: s${i} }
    examples: [{ banner: "x", expect: {} }]
`;
  });
  return `format: 1\nfingerprints:\n${entries.join('')}`;
}

/** Candidates one call considers: regexes run plus those dropped by the required-literal test. */
function evaluations(run: () => void): number {
  const before = matchStats.evaluations + matchStats.skipped;
  run();
  return matchStats.evaluations + matchStats.skipped - before;
}

describe('prefix pre-selection', () => {
  it('evaluates only the reply bucket plus the prefix-less entries', async () => {
    const db = await loadFingerprints([fixture('good')]);
    const index = db.byProbe.get('null');
    expect(index?.entries.length).toBe(11);
    // ssh-openssh (line bucket "SSH-"), ssh-generic ("SSH-"), marker-anywhere (no prefix); not dropbear
    expect(evaluations(() => matchReply(db, 'null', 'SSH-2.0-OpenSSH_9.2p1\r\n'))).toBe(3);
    expect(evaluations(() => matchReply(db, 'null', 'SSH-2.0-dropbear_2022.83\r\n'))).toBe(4);
    // "* OK": imap-generic, imap-dovecot, marker
    expect(evaluations(() => matchReply(db, 'null', '* OK Dovecot ready.\r\n'))).toBe(3);
    // case-insensitive bucket: "+ok" finds pop3-ok for "+Ok"
    expect(matchReply(db, 'null', '+Ok hi\r\n').map((m) => m.fingerprint.id)).toEqual(['pop3-ok']);
    // a multiline entry is found at a later line start
    expect(matchReply(db, 'null', 'Hello\r\nSSH-2.0-OpenSSH_9.2p1\r\n').map((m) => m.fingerprint.id)).toEqual(['ssh-openssh']);
    expect(evaluations(() => matchReply(db, 'null', 'nothing here'))).toBe(1);
    expect(evaluations(() => matchReply(db, 'http-get', 'HTTP/1.0 200 OK'))).toBe(0);
  });

  it('keeps the cost flat as entries grow: 2000 prefixed entries, one evaluation per reply', () => {
    const patterns = Array.from({ length: 2000 }, (_, i) => `^BANNER-${i} (\\d+)`);
    const db = buildDb(parseFingerprintFile(fileOf(patterns), 'many.yaml'), ['many.yaml'], '0');
    expect(evaluations(() => matchReply(db, 'null', 'BANNER-1234 7\r\n'))).toBe(1);
    expect(matchReply(db, 'null', 'BANNER-1234 7\r\n').map((m) => m.fingerprint.id)).toEqual(['p1234']);
    expect(evaluations(() => matchReply(db, 'null', 'BANNER-99999 7\r\n'))).toBe(0);
  });

  it('finds exactly what running every regex finds (randomized replies and prefix shapes)', () => {
    const patterns = [
      '^SSH-', '^SSH-2\\.0-', '^SSH-1', '^ssh-x ~i', '^\\* OK ~m', '^\\* ok ~mi', '^220[ -]', '^220-', '^2 ~m',
      '^(?:SSH-)?2', '^a|^b', 'OK', '^\\r\\nX', '^X ~m', '^\\xff\\xfb', '^(?:AB)+C', '^ab?c', '^\\n ~m', '^$ ~m',
      '^220[ -][^\\r\\n]*?\\bOK 220', '2\\.0-1 ~i', '(?:SSH-)?2\\.0-', 'X(?:ABC)?ssh-x ~i', 'AB(?:C\\r\\n)+', '^\\* OK [^\\n]*ABC ~m',
      '(?:SSH-|220 )OK', '^2(?:\\.0-|20-)(?:ssh-x|\\* ok) ~i', '(?<![\\s\\S])220[ -](?:AB|OK)', '(?<![\\s\\S])\\* OK ~m', 'X\\xff|\\xfbC',
    ];
    const fps = parseFingerprintFile(fileOf(patterns), 'r.yaml');
    const db = buildDb(fps, ['r.yaml'], '0');
    const atoms = ['SSH-', '2.0-', '1', 'ssh-X', 'Ssh-x', '* OK ', '* ok ', '220 ', '220-', '2', 'a', 'b', 'c', 'AB', 'C', '\r', '\n', '\r\n', 'X', '\xff', '\xfb', 'OK'];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      let reply = '';
      for (let k = rand(6); k >= 0; k--) reply += atoms[rand(atoms.length)];
      const brute = fps.filter((fp) => fp.regex.test(reply)).map((fp) => fp.id).sort();
      const fast = matchReply(db, 'null', reply).map((m) => m.fingerprint.id).sort();
      expect(fast, JSON.stringify(reply)).toEqual(brute);
    }
  });

  it('skips the regex when a required literal is absent', () => {
    const db = buildDb(parseFingerprintFile(fileOf(['^220[ -][^\\r\\n]*?\\bKerio (?:Connect|MailServer) ~i']), 'k.yaml'), ['k.yaml'], '0');
    const before = matchStats.evaluations;
    expect(evaluations(() => matchReply(db, 'null', '220 mail ESMTP Postfix\r\n'))).toBe(1);
    expect(matchStats.evaluations).toBe(before);
    expect(matchReply(db, 'null', '220 mail KERIO Connect 9\r\n').map((m) => m.fingerprint.id)).toEqual(['p0']);
  });

  it('returns candidate positions in ascending order without duplicates', async () => {
    const db = await loadFingerprints([fixture('good')]);
    const index = db.byProbe.get('null');
    if (!index) throw new Error('no index');
    const picked = selectCandidates(index, 'SSH-2.0-x\r\nSSH-2.0-y\r\n');
    expect(picked.map((i) => index.entries[i]?.id)).toEqual(['ssh-openssh', 'ssh-generic', 'marker-anywhere']);
  });
});
