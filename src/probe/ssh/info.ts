// Build the result's SshInfo from what the SSH dialogue read and what the key-exchange probe learned.
import type { SshInfo } from '../../result.js';
import { union, type Kexinit } from './kexinit.js';
import type { AuthProbeResult } from './auth.js';

/** SshInfo from the identification's protocol version and the KEXINIT (null: none was read, e.g. SSH-1.5). */
export function sshInfo(proto: string | null, k: Kexinit | null, auth: AuthProbeResult | null = null): SshInfo {
  return {
    proto_version: proto,
    kex: k ? [...k.kex] : [],
    host_key: k ? [...k.host_key] : [],
    ciphers: k ? union(k.ciphers_c2s, k.ciphers_s2c) : [],
    macs: k ? union(k.macs_c2s, k.macs_s2c) : [],
    compression: k ? union(k.compression_c2s, k.compression_s2c) : [],
    host_key_info: auth?.host_key ?? null,
    auth_methods: auth?.auth_methods ?? null,
  };
}
