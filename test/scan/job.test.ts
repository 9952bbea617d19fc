// ScanJob.open: planning from a ScanConfig, without traffic (no run() here).
import { describe, expect, it } from 'vitest';
import { ScanJob } from '../../src/scan/job.js';
import { scanConfig } from '../../src/scan/config.js';
import { parseTarget } from '../../src/targets/index.js';
import { UsageError } from '../../src/errors.js';

const config = (item: string, over: Parameters<typeof scanConfig>[1] = {}) => scanConfig([parseTarget(item)], over);

describe('ScanJob.open (no traffic)', () => {
  it('a block too big to permute falls back to address order; --shard on it is a usage error', async () => {
    const job = await ScanJob.open(config('2001:db8::/64'));
    expect(job.total).toBeNull();
    await expect(ScanJob.open(config('2001:db8::/64', { shard: { index: 0, count: 2 }, seed: 1n }))).rejects.toBeInstanceOf(UsageError);
  });

  it('sizes the plan of a shard and keeps the given seed', async () => {
    const job = await ScanJob.open(config('127.90.5.0/24', { shard: { index: 1, count: 3 }, seed: 9n }));
    expect(job.total).toBe(85);
    expect(job.seed).toBe(9n);
  });

  it('refuses a shard without a seed, and --resume or a claim counter for streamed targets', async () => {
    await expect(ScanJob.open(config('127.90.5.0/24', { shard: { index: 0, count: 2 } }))).rejects.toThrow(/--shard needs --seed/);
    await expect(ScanJob.open(config('127.90.5.0/24', { resume: '/tmp/x.state', inputFile: '/dev/null' }))).rejects.toThrow(/--resume need address targets/);
    await expect(ScanJob.open(config('127.90.5.0/24', { inputFile: '/dev/null' }), { claim: new BigInt64Array(2) })).rejects.toThrow(/--workers/);
  });
});
