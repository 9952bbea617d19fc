// rsync daemon (rsyncd.conf(5), the `@RSYNCD:` protocol of rsync's clientserver.c): the server greets
// with `@RSYNCD: <protocol>[ <digests>]`; we answer with a version line and an empty module name, which
// asks for the module list (`<name>\t<comment>` lines up to `@RSYNCD: EXIT`). Nothing is transferred.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { firstLine, lineGreeting } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { evidenceText, replyTo } from '../../findings/replies.js';

/** Complete at `@RSYNCD: EXIT` or an `@ERROR` line. */
export const rsyncListComplete: Completion = (buf) => ({
  complete: /(?:^|\n)(?:@RSYNCD: EXIT|@ERROR\b[^\n]*)\r?\n/.test(buf.toString('latin1')),
  idleMs: IDLE_GAP_MS * 2,
});

/** Our version line (protocol 30.0: every daemon since rsync 3.0 speaks it), then an empty module name. */
export const RSYNC_LIST = textRequest('rsync-list', '@RSYNCD: 30.0\n\n', rsyncListComplete,
  'Our protocol version line, then an empty module name: the daemon lists its modules (up to `@RSYNCD: EXIT`). ' +
  'The version line echoes the greeting\'s protocol version when it is lower. Nothing is transferred.');

/** The `@RSYNCD: 31.0 sha512 ...` greeting's protocol version and digests, or null. */
export function parseRsyncGreeting(buf: Buffer): { protocol: string; digests: string[] } | null {
  const m = /^@RSYNCD: (\d{1,3})(?:\.(\d{1,3}))?((?: [\w-]{1,32}){0,16})\s*$/.exec(firstLine(buf));
  if (m === null) return null;
  return { protocol: `${m[1] ?? ''}.${m[2] ?? '0'}`, digests: (m[3] ?? '').trim().split(' ').filter((d) => d !== '') };
}

/** The module names of a list reply (lines before `@RSYNCD: EXIT`; at most 100, names at most 64 chars). */
export function parseModuleList(buf: Buffer): { modules: string[]; motd: string[]; error: string | null } {
  const modules: string[] = [];
  const motd: string[] = [];
  let error: string | null = null;
  const lines = buf.toString('latin1').split('\n').slice(0, 500);
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('@RSYNCD: EXIT')) break;
    if (line.startsWith('@ERROR')) {
      error = line.slice(0, 200);
      break;
    }
    if (line.startsWith('@RSYNCD:')) continue;
    const tab = /^([\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?) *\t/.exec(line);
    if (tab && modules.length < 100) modules.push(tab[1] ?? '');
    else if (line !== '' && motd.length < 10) motd.push(line.slice(0, 200));
  }
  return { modules, motd, error };
}

/** The version line we send: 30.0, or the greeting's when lower. */
function ourVersion(protocol: string | null): string {
  if (protocol === null) return '30.0';
  const major = Number(protocol.split('.')[0]);
  return major < 30 ? protocol : '30.0';
}

/** Ask the module list, record it. */
async function dialogue(s: Session): Promise<void> {
  const g = parseRsyncGreeting(s.first);
  const reply = await s.send(RSYNC_LIST, { bytes: Buffer.from(`@RSYNCD: ${ourVersion(g?.protocol ?? null)}\n\n`, 'latin1') });
  const list = reply === null ? { modules: [], motd: [], error: null } : parseModuleList(reply.data);
  s.setData({ protocol: g?.protocol ?? null, digests: g?.digests ?? [], ...list });
}

const RSYNC_MODULES_LISTED: CatalogueEntry = {
  id: 'rsync-modules-listed', severities: ['medium'], title: 'rsync daemon lists its modules without authentication',
  basis: 'observed',
  references: ['https://download.samba.org/pub/rsync/rsyncd.conf.5'],
  when: 'An rsync daemon answered an empty module name with its module list (names up to `@RSYNCD: EXIT`) before any authentication.',
};

/** rsync daemons that list their modules to anyone: names of what can be fetched, often without a password. */
export const rsyncModulesListed: Rule = (r) => {
  if (r.service !== 'rsync') return [];
  const reply = replyTo(r, 'rsync-list');
  if (reply === null) return [];
  const { modules } = parseModuleList(Buffer.from(reply, 'latin1'));
  if (modules.length === 0) return [];
  const names = modules.slice(0, 20).join(', ') + (modules.length > 20 ? ', ...' : '');
  return [fromEntry(RSYNC_MODULES_LISTED, {
    severity: 'medium',
    detail: `The rsync daemon on ${r.port} lists ${modules.length} module${modules.length === 1 ? '' : 's'} to an unauthenticated ` +
      `client: ${names}. Modules without \`auth users\` can be downloaded by anyone who reaches the port.`,
    evidence: `module list -> ${evidenceText(reply, 200)}`,
    remediation: 'Set `list = no` on modules that need not be advertised, protect them with `auth users` and `secrets file`, ' +
      'restrict `hosts allow`, and filter the port.',
  })];
};

/** The rsync rule module. */
export const RSYNC_RULES: RuleModule = { name: 'rsync', rules: [rsyncModulesListed], catalogue: [RSYNC_MODULES_LISTED] };

/** rsync daemon: server-first `@RSYNCD:` greeting. */
export const rsync = defineProtocol({
  name: 'rsync',
  title: 'rsync',
  nmap: 'rsync',
  ports: [873],
  requests: [RSYNC_LIST],
  greeting: {
    matches: (greeting) => /^@RSYNCD: \d/.test(greeting.toString('latin1', 0, 16)),
    state: lineGreeting(/^@RSYNCD: /),
  },
  dialogue,
  findings: RSYNC_RULES,
  claims: (reply) => /^@RSYNCD: \d/.test(reply.toString('latin1', 0, 16)),
});
