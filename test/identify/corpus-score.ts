// Scores verdicts against the corpus labels: per protocol, how many entries got the right service,
// product and version, plus the SMTP/FTP confusions; pure, so the test can print and assert it.

import { SERVICE_OF, productMatches, type CorpusEntry } from './corpus-labels.js';

/** The part of a verdict the corpus can check. */
export interface Verdict {
  service: string | null;
  product: string | null;
  version: string | null;
}

/** Counts for one protocol: `n` entries, of which `productN` / `versionN` carry such a label. */
export interface ProtocolScore {
  protocol: string;
  n: number;
  serviceOk: number;
  productN: number;
  productOk: number;
  versionN: number;
  versionOk: number;
}

/** The whole score, with every miss described for the failure message. */
export interface CorpusScore {
  byProtocol: Map<string, ProtocolScore>;
  /** SMTP banners identified as ftp, plus FTP banners identified as smtp. */
  smtpFtpConfusions: number;
  misses: string[];
}

/** Percent with one decimal (100 when there is nothing to count). */
export function pct(ok: number, n: number): number {
  return n === 0 ? 100 : Math.round((1000 * ok) / n) / 10;
}

/** Scores each entry's verdict against its labels. */
export function scoreCorpus(entries: readonly CorpusEntry[], verdictOf: (e: CorpusEntry) => Verdict): CorpusScore {
  const byProtocol = new Map<string, ProtocolScore>();
  const misses: string[] = [];
  let smtpFtpConfusions = 0;
  for (const e of entries) {
    let s = byProtocol.get(e.protocol);
    if (s === undefined) {
      s = { protocol: e.protocol, n: 0, serviceOk: 0, productN: 0, productOk: 0, versionN: 0, versionOk: 0 };
      byProtocol.set(e.protocol, s);
    }
    const v = verdictOf(e);
    const want = SERVICE_OF[e.protocol];
    const where = `#${e.line} ${e.protocol} ${JSON.stringify(e.banner.slice(0, 100))}`;
    s.n++;
    if (v.service === want) s.serviceOk++;
    else misses.push(`${where}: service ${v.service} (want ${want})`);
    if ((e.protocol === 'smtp' && v.service === 'ftp') || (e.protocol === 'ftp' && v.service === 'smtp')) smtpFtpConfusions++;
    const product = e.expect['service.product'];
    if (product !== undefined) {
      s.productN++;
      if (productMatches(v.product, e.expect['service.vendor'], product)) s.productOk++;
      else misses.push(`${where}: product ${v.product} (want ${e.expect['service.vendor'] ?? ''}|${product})`);
    }
    const version = e.expect['service.version'];
    if (version !== undefined) {
      s.versionN++;
      if (versionMatches(v.version, version)) s.versionOk++;
      else misses.push(`${where}: version ${v.version} (want ${version})`);
    }
  }
  return { byProtocol, smtpFtpConfusions, misses };
}

/**
 * Our version against Recog's label: equal, or the label is ours followed by a distribution tag and
 * package revision ("3.0.8-Debian-3.0.8-6+deb10u6" for our "3.0.8"): port220's field rule puts the tag in
 * `os` and the revision in `info`, where Recog keeps them in the version.
 */
export function versionMatches(ours: string | null, label: string): boolean {
  if (ours === label) return true;
  return ours !== null && label.startsWith(`${ours}-`) && /^(?:Debian|Ubuntu)-/.test(label.slice(ours.length + 1));
}

/** The per-protocol table, one line each: n, service %, product %, version %. */
export function formatScore(score: CorpusScore): string {
  const rows = [['protocol', 'n', 'service%', 'product%', 'version%'].join('\t')];
  for (const s of [...score.byProtocol.values()].sort((a, b) => a.protocol.localeCompare(b.protocol))) {
    rows.push(
      [
        s.protocol,
        String(s.n),
        String(pct(s.serviceOk, s.n)),
        `${pct(s.productOk, s.productN)} (${s.productOk}/${s.productN})`,
        `${pct(s.versionOk, s.versionN)} (${s.versionOk}/${s.versionN})`,
      ].join('\t'),
    );
  }
  rows.push(`smtp/ftp confusions: ${score.smtpFtpConfusions}`);
  return rows.join('\n');
}
