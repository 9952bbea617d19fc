import { describe, expect, it } from 'vitest';
import { parsePasswd } from '../../src/local/passwd.js';

describe('parsePasswd', () => {
  it('maps uids to names, first entry wins, skips comments and malformed lines', () => {
    const users = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\nbroken\nsshd:x:112:65534::/run/sshd:/usr/sbin/nologin\ntoor:x:0:0::/root:/bin/sh\nbad:x:abc:0::/:/bin/sh\n');
    expect([...users]).toEqual([[0, 'root'], [112, 'sshd']]);
  });
});
