// Version comparison: upstream versions by numeric parts (OpenSSH "9.2p1", Exim "4.92.3"), and Debian
// package versions by dpkg's rules ([epoch:]upstream[-revision], "~" before everything).

/** Compare upstream versions by their numeric runs: "8.5p1" < "9.2p1" < "9.7p1"; "1.3.5" < "1.3.5a". */
export function compareUpstream(a: string, b: string): number {
  const pa = a.match(/\d+|[a-z]+/gi) ?? [];
  const pb = b.match(/\d+|[a-z]+/gi) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (nx !== ny) {
      return nx ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** dpkg's order of one character in a non-digit run: "~" first, then end of string, letters, then the rest. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[a-z]/i.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternate non-digit runs (compared by `order`) and digit runs (numerically). */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let first = 0;
    while ((i < a.length && !/\d/.test(a[i] as string)) || (j < b.length && !/\d/.test(b[j] as string))) {
      const ac = i < a.length && !/\d/.test(a[i] as string) ? order(a[i]) : 0;
      const bc = j < b.length && !/\d/.test(b[j] as string) ? order(b[j]) : 0;
      if (ac !== bc) return Math.sign(ac - bc);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /\d/.test(a[i] as string) && j < b.length && /\d/.test(b[j] as string)) {
      if (first === 0) first = (a.charCodeAt(i) - b.charCodeAt(j));
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i] as string)) return 1;
    if (j < b.length && /\d/.test(b[j] as string)) return -1;
    if (first !== 0) return Math.sign(first);
  }
  return 0;
}

/** A Debian version split into epoch, upstream version and revision. */
export function parseDebianVersion(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

/** Compare two Debian package versions as dpkg --compare-versions does (negative, 0, positive). */
export function compareDebian(a: string, b: string): number {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}
