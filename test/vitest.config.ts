import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Test configuration: the root is the repository, tests live under test/ and mirror src/.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
