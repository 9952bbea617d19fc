import { describe, expect, it } from 'vitest';
import { ids, withReplies } from '../../findings/helpers.js';
import { pgNoTls } from '../../../src/protocols/postgresql/index.js';

describe('postgresql-no-tls', () => {
  it("flags PostgreSQL that answers the SSLRequest with 'N'", () => {
    const r = withReplies({ service: 'postgresql', product: 'PostgreSQL' }, [['pg-ssl', 'N']]);
    expect(pgNoTls(r, {})).toEqual([expect.objectContaining({ id: 'postgresql-no-tls', severity: 'medium', evidence: 'SSLRequest -> N' })]);
    expect(ids(r)).toContain('postgresql-no-tls');
  });
  it("stays quiet for 'S' (TLS offered) and for other services", () => {
    expect(pgNoTls(withReplies({ service: 'postgresql' }, [['pg-ssl', 'S']]), {})).toEqual([]);
    expect(pgNoTls(withReplies({ service: 'mysql' }, [['pg-ssl', 'N']]), {})).toEqual([]);
  });
});
