// Corpus accuracy: the shipped fingerprints against 2,039 labelled real-world banners.
//
// Source of the corpus: Rapid7 Recog (https://github.com/rapid7/recog), the <example> banners of its
// xml/*_banners.xml and xml/http_servers.xml, with the labels its fingerprints give them. Recog is
// BSD-2-Clause licensed, Copyright 2014 Rapid7, Inc.; the licence text is test/corpus/LICENSE-recog
// and must stay with the data. The corpus is a held-out measurement: the fingerprints are written as
// general patterns, not from these examples.

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../src/identify/load.js';
import { verify } from '../../src/identify/verify.js';
import type { Observation } from '../../src/result.js';
import { readCorpus, rebuild, type CorpusEntry } from './corpus-labels.js';
import { formatScore, pct, scoreCorpus, type Verdict } from './corpus-score.js';

const CORPUS = fileURLToPath(new URL('../corpus/recog-banners.jsonl', import.meta.url));

/**
 * Entries left out of the measurement, by corpus line, each with its reason.
 */
const EXCLUDED: Record<number, string> = {};

/** Minimum percentages per corpus protocol (service, product); version is 95 wherever labelled. */
const THRESHOLDS: Record<string, { service: number; product: number }> = {
  ssh: { service: 99, product: 95 },
  ftp: { service: 99, product: 95 },
  smtp: { service: 99, product: 95 },
  pop3: { service: 99, product: 95 },
  imap: { service: 99, product: 95 },
  mysql: { service: 99, product: 95 },
  nntp: { service: 99, product: 95 },
  'http-server': { service: 0, product: 90 },
};
const VERSION_THRESHOLD = 95;

/** Our verdict for one corpus entry: its rebuilt bytes as the single exchange of an open port. */
function verdictOf(db: FingerprintDb, e: CorpusEntry): Verdict {
  const { probe, bytes } = rebuild(e);
  const obs: Pick<Observation, 'status' | 'reason' | 'exchanges' | 'tls' | 'port'> = {
    status: 'open',
    reason: probe === 'null' ? 'banner' : 'probe-reply',
    port: 220,
    tls: null,
    exchanges: [{ probe, sent: null, received: bytes, connection: 0, tunnel: null, ms: 0 }],
  };
  const id = identify(obs, db);
  return { service: id.service, product: id.product, version: id.version };
}

// The corpus is in the repository (test/corpus/): every checkout runs this file, nothing skips it.
describe('recog corpus accuracy', () => {
  let db: FingerprintDb;
  let entries: CorpusEntry[];
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
    entries = readCorpus(CORPUS).filter((e) => EXCLUDED[e.line] === undefined);
  });

  it('reads the whole corpus', () => {
    expect(entries.length + Object.keys(EXCLUDED).length).toBe(2039);
  });

  it('the shipped fingerprints pass their own examples and counter-examples', () => {
    expect(verify(db).map((f) => `${f.file} ${f.id}: ${f.message}`)).toEqual([]);
  });

  it('meets the accuracy thresholds, with no SMTP/FTP confusion', () => {
    const score = scoreCorpus(entries, (e) => verdictOf(db, e));
    console.log(formatScore(score));
    const failures: string[] = [];
    for (const s of score.byProtocol.values()) {
      const t = THRESHOLDS[s.protocol];
      if (t !== undefined) {
        if (pct(s.serviceOk, s.n) < t.service) failures.push(`${s.protocol} service ${pct(s.serviceOk, s.n)}% < ${t.service}%`);
        if (pct(s.productOk, s.productN) < t.product)
          failures.push(`${s.protocol} product ${pct(s.productOk, s.productN)}% < ${t.product}%`);
      }
      if (pct(s.versionOk, s.versionN) < VERSION_THRESHOLD)
        failures.push(`${s.protocol} version ${pct(s.versionOk, s.versionN)}% < ${VERSION_THRESHOLD}%`);
    }
    expect(score.smtpFtpConfusions).toBe(0);
    expect(failures, `${failures.join('\n')}\n\nmisses:\n${score.misses.join('\n')}`).toEqual([]);
  });
});
