// SMB (MS-SMB2): an SMB2 NEGOTIATE offering 2.0.2 to 3.1.1 shows the dialect chosen, signing (enabled,
// required), the server GUID, capabilities and clock; then, on a fresh connection, an SMB1 NEGOTIATE
// offering only "NT LM 0.12" shows whether SMB1 is still offered. No session is set up.
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';
import { parseSmb1Negotiate, parseSmb2Negotiate, smb1Negotiate, smb2Negotiate, smbMessageLength } from './wire.js';

/** SMB2 NEGOTIATE over direct TCP. */
export const SMB2_NEGOTIATE = binaryRequest('smb2-negotiate', smb2Negotiate(), lengthPrefixed(smbMessageLength),
  'SMB2 NEGOTIATE over direct TCP offering dialects 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1 (signing enabled, not required): ' +
  'the chosen dialect, signing enabled/required, server GUID, capabilities, system time. No session setup.');

/** SMB1 NEGOTIATE on a fresh connection, only after an SMB2 reply. */
export const SMB1_NEGOTIATE = binaryRequest('smb1-negotiate', smb1Negotiate(), lengthPrefixed(smbMessageLength),
  'SMB1 NEGOTIATE offering only "NT LM 0.12", on a fresh connection after an SMB2 reply: whether the server still offers SMB1.');

/** What protocol_data.smb holds. */
export interface SmbData {
  dialect: string;
  signing_enabled: boolean;
  signing_required: boolean;
  server_guid: string;
  capabilities: string[];
  system_time: string | null;
  /** True/false once the SMB1 negotiate was answered or refused; null when it was not tried. */
  smb1: boolean | null;
}

/** After an SMB2 NEGOTIATE response: record it, then try SMB1 on a fresh connection. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const n = parseSmb2Negotiate(reply);
  if (n === null || n.status !== 0) return;
  const data: SmbData = {
    dialect: n.dialect, signing_enabled: n.signing_enabled, signing_required: n.signing_required,
    server_guid: n.server_guid, capabilities: n.capabilities, system_time: n.system_time, smb1: null,
  };
  s.setData(data);
  const r = await s.sendFresh(SMB1_NEGOTIATE);
  if (r !== null) s.setData({ ...data, smb1: parseSmb1Negotiate(r.data)?.offered ?? false });
}

const SMB1_OFFERED: CatalogueEntry = {
  id: 'smb1-offered', severities: ['high'], title: 'SMB1 offered', basis: 'observed',
  references: ['https://learn.microsoft.com/en-us/windows-server/storage/file-server/troubleshoot/detect-enable-and-disable-smbv1-v2-v3',
    'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2017-0144'],
  when: 'An SMB server answers an SMB1 NEGOTIATE by choosing "NT LM 0.12": the deprecated SMB1 protocol (no pre-authentication integrity, the target of EternalBlue-class attacks) is still enabled.',
};

const SMB_SIGNING: CatalogueEntry = {
  id: 'smb-signing-not-required', severities: ['medium'], title: 'SMB signing not required', basis: 'observed',
  references: ['https://learn.microsoft.com/en-us/windows-server/storage/file-server/smb-signing-overview',
    'https://www.samba.org/samba/docs/current/man-html/smb.conf.5.html'],
  when: 'The SMB2 NEGOTIATE response does not set SIGNING_REQUIRED: unsigned sessions are accepted, so NTLM relay and tampering on the path are possible.',
};

/** SMB1 chosen by the server. */
export const smb1Offered: Rule = (r) => {
  if (r.service !== 'smb') return [];
  const reply = replyTo(r, 'smb1-negotiate');
  const n = reply === null ? null : parseSmb1Negotiate(Buffer.from(reply, 'latin1'));
  if (n === null || !n.offered) return [];
  return [fromEntry(SMB1_OFFERED, {
    severity: 'high',
    detail: `The SMB server on ${r.port} still speaks SMB1 (it chose "NT LM 0.12"). SMB1 lacks the integrity protections of SMB2/3 ` +
      'and is what EternalBlue-class exploits and downgrade attacks use.',
    evidence: `SMB1 NEGOTIATE ["NT LM 0.12"] -> dialect index 0${n.signing_required ? ', signing required' : ', signing not required'}`,
    remediation: 'Disable SMB1 (Samba: server min protocol = SMB2_02, the default since 4.11; Windows: Set-SmbServerConfiguration -EnableSMB1Protocol $false).',
  })];
};

/** SMB2 signing not required. */
export const smbSigning: Rule = (r) => {
  if (r.service !== 'smb') return [];
  const reply = replyTo(r, 'smb2-negotiate');
  const n = reply === null ? null : parseSmb2Negotiate(Buffer.from(reply, 'latin1'));
  if (n === null || n.status !== 0 || n.dialect === '' || n.signing_required) return [];
  return [fromEntry(SMB_SIGNING, {
    severity: 'medium',
    detail: `The SMB server on ${r.port} negotiated SMB ${n.dialect} without requiring signing. An attacker who can relay NTLM ` +
      'authentication or sit on the path can use unsigned sessions.',
    evidence: `SMB2 NEGOTIATE -> dialect ${n.dialect}, SecurityMode signing ${n.signing_enabled ? 'enabled' : 'disabled'}, not required`,
    remediation: 'Require signing (Samba: server signing = mandatory; Windows: RequireSecuritySignature = 1, the default on recent releases).',
  })];
};

/** SMB: client-first. */
export const smb = defineProtocol({
  name: 'smb',
  title: 'SMB',
  nmap: 'microsoft-ds',
  ports: [445],
  requests: [SMB2_NEGOTIATE, SMB1_NEGOTIATE],
  // smbd forks and loads its configuration per connection: on a busy host the answer takes several hundred ms.
  probes: [{ request: SMB2_NEGOTIATE, ports: [445], rarity: 5, after, inTunnel: false, replyWait: 2000 }],
  // An SMB2 or SMB1 header behind the direct-TCP length is SMB whichever probe drew it.
  claims: (reply) => reply.length >= 8 && reply[0] === 0 && /^[\xfe\xff]SMB$/.test(reply.toString('latin1', 4, 8)),
  findings: { name: 'SMB', rules: [smb1Offered, smbSigning], catalogue: [SMB1_OFFERED, SMB_SIGNING] },
});
