// uid → user name from /etc/passwd text.

/** Parse passwd(5) text into a uid → name map (first entry for a uid wins; malformed lines skipped). */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const f = line.split(':');
    const name = f[0];
    const uid = f[2];
    if (name === undefined || name === '' || uid === undefined || !/^\d+$/.test(uid)) continue;
    const n = Number(uid);
    if (!users.has(n)) users.set(n, name);
  }
  return users;
}
