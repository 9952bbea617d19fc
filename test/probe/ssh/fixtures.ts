// Recorded SSH server bytes (identification line + first binary packet) and a KEXINIT builder for tests.

/**
 * OpenSSH 9.2p1 Debian-2+deb12u10, configured weak (KexAlgorithms +diffie-hellman-group1-sha1,
 * diffie-hellman-group14-sha1; Ciphers +aes128-cbc,3des-cbc; MACs +hmac-sha1-96,hmac-md5;
 * HostKeyAlgorithms +ssh-dss,ssh-rsa), recorded on 127.60.0.1:220 after sending SSH-2.0-port220_0.1.0.
 */
export const OPENSSH_WEAK = Buffer.from(
  'U1NILTIuMC1PcGVuU1NIXzkuMnAxIERlYmlhbi0yK2RlYjEydTEwDQoAAATsBBS+6+N1lSgJLbmjuslB3IuJAAABdHNudHJ1cDc2MXgyNTUxOS1zaGE1MTIsc250cnVwNzYxeDI1NTE5LXNoYTUxMkBvcGVuc3NoLmNvbSxjdXJ2ZTI1NTE5LXNoYTI1NixjdXJ2ZTI1NTE5LXNoYTI1NkBsaWJzc2gub3JnLGVjZGgtc2hhMi1uaXN0cDI1NixlY2RoLXNoYTItbmlzdHAzODQsZWNkaC1zaGEyLW5pc3RwNTIxLGRpZmZpZS1oZWxsbWFuLWdyb3VwLWV4Y2hhbmdlLXNoYTI1NixkaWZmaWUtaGVsbG1hbi1ncm91cDE2LXNoYTUxMixkaWZmaWUtaGVsbG1hbi1ncm91cDE4LXNoYTUxMixkaWZmaWUtaGVsbG1hbi1ncm91cDE0LXNoYTI1NixkaWZmaWUtaGVsbG1hbi1ncm91cDEtc2hhMSxkaWZmaWUtaGVsbG1hbi1ncm91cDE0LXNoYTEsa2V4LXN0cmljdC1zLXYwMEBvcGVuc3NoLmNvbQAAADVyc2Etc2hhMi01MTIscnNhLXNoYTItMjU2LHNzaC1yc2Esc3NoLWRzcyxzc2gtZWQyNTUxOQAAAIBjaGFjaGEyMC1wb2x5MTMwNUBvcGVuc3NoLmNvbSxhZXMxMjgtY3RyLGFlczE5Mi1jdHIsYWVzMjU2LWN0cixhZXMxMjgtZ2NtQG9wZW5zc2guY29tLGFlczI1Ni1nY21Ab3BlbnNzaC5jb20sYWVzMTI4LWNiYywzZGVzLWNiYwAAAIBjaGFjaGEyMC1wb2x5MTMwNUBvcGVuc3NoLmNvbSxhZXMxMjgtY3RyLGFlczE5Mi1jdHIsYWVzMjU2LWN0cixhZXMxMjgtZ2NtQG9wZW5zc2guY29tLGFlczI1Ni1nY21Ab3BlbnNzaC5jb20sYWVzMTI4LWNiYywzZGVzLWNiYwAAAOt1bWFjLTY0LWV0bUBvcGVuc3NoLmNvbSx1bWFjLTEyOC1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGEyLTI1Ni1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGEyLTUxMi1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGExLWV0bUBvcGVuc3NoLmNvbSx1bWFjLTY0QG9wZW5zc2guY29tLHVtYWMtMTI4QG9wZW5zc2guY29tLGhtYWMtc2hhMi0yNTYsaG1hYy1zaGEyLTUxMixobWFjLXNoYTEsaG1hYy1zaGExLTk2LGhtYWMtbWQ1AAAA63VtYWMtNjQtZXRtQG9wZW5zc2guY29tLHVtYWMtMTI4LWV0bUBvcGVuc3NoLmNvbSxobWFjLXNoYTItMjU2LWV0bUBvcGVuc3NoLmNvbSxobWFjLXNoYTItNTEyLWV0bUBvcGVuc3NoLmNvbSxobWFjLXNoYTEtZXRtQG9wZW5zc2guY29tLHVtYWMtNjRAb3BlbnNzaC5jb20sdW1hYy0xMjhAb3BlbnNzaC5jb20saG1hYy1zaGEyLTI1NixobWFjLXNoYTItNTEyLGhtYWMtc2hhMSxobWFjLXNoYTEtOTYsaG1hYy1tZDUAAAAVbm9uZSx6bGliQG9wZW5zc2guY29tAAAAFW5vbmUsemxpYkBvcGVuc3NoLmNvbQAAAAAAAAAAAAAAAAAAAAAA',
  'base64',
);

/** The same OpenSSH hardened (sntrup761/curve25519, chacha20/AES-GCM, etm MACs, ssh-ed25519 only), on 127.60.0.2:220. */
export const OPENSSH_HARDENED = Buffer.from(
  'U1NILTIuMC1PcGVuU1NIXzkuMnAxIERlYmlhbi0yK2RlYjEydTEwDQoAAAH0BhSoVxeTUTq+3w1YmodTbbW5AAAAbnNudHJ1cDc2MXgyNTUxOS1zaGE1MTJAb3BlbnNzaC5jb20sY3VydmUyNTUxOS1zaGEyNTYsY3VydmUyNTUxOS1zaGEyNTZAbGlic3NoLm9yZyxrZXgtc3RyaWN0LXMtdjAwQG9wZW5zc2guY29tAAAAC3NzaC1lZDI1NTE5AAAAS2NoYWNoYTIwLXBvbHkxMzA1QG9wZW5zc2guY29tLGFlczI1Ni1nY21Ab3BlbnNzaC5jb20sYWVzMTI4LWdjbUBvcGVuc3NoLmNvbQAAAEtjaGFjaGEyMC1wb2x5MTMwNUBvcGVuc3NoLmNvbSxhZXMyNTYtZ2NtQG9wZW5zc2guY29tLGFlczEyOC1nY21Ab3BlbnNzaC5jb20AAAA7aG1hYy1zaGEyLTUxMi1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGEyLTI1Ni1ldG1Ab3BlbnNzaC5jb20AAAA7aG1hYy1zaGEyLTUxMi1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGEyLTI1Ni1ldG1Ab3BlbnNzaC5jb20AAAAVbm9uZSx6bGliQG9wZW5zc2guY29tAAAAFW5vbmUsemxpYkBvcGVuc3NoLmNvbQAAAAAAAAAAAAAAAAAAAAAAAAA=',
  'base64',
);

/** The ten name-lists of a KEXINIT, for building one. */
export interface Lists {
  kex: string[];
  hostKey: string[];
  ciphers: string[];
  macs: string[];
  compression?: string[];
}

function str(b: Buffer): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(b.length);
  return Buffer.concat([n, b]);
}

/** A KEXINIT payload with these lists (both directions the same), zero cookie, no guessed packet. */
export function kexinitPayload(l: Lists): Buffer {
  const z = l.compression ?? ['none'];
  const lists = [l.kex, l.hostKey, l.ciphers, l.ciphers, l.macs, l.macs, z, z, [], []];
  return Buffer.concat([
    Buffer.from([20]),
    Buffer.alloc(16, 0xab),
    ...lists.map((x) => str(Buffer.from(x.join(','), 'latin1'))),
    Buffer.from([0, 0, 0, 0, 0]),
  ]);
}

/** Frame a payload as an unencrypted binary packet (RFC 4253 6), padded to a multiple of 8 with >= 4 bytes. */
export function packet(payload: Buffer): Buffer {
  let pad = 8 - ((payload.length + 5) % 8);
  if (pad < 4) pad += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + pad + 1);
  head[4] = pad;
  return Buffer.concat([head, payload, Buffer.alloc(pad)]);
}

/** Identification line + framed KEXINIT, as a server would send them. */
export function serverBytes(l: Lists, ident = 'SSH-2.0-Test_1.0'): Buffer {
  return Buffer.concat([Buffer.from(ident + '\r\n', 'latin1'), packet(kexinitPayload(l))]);
}
