// `npm run test:citus`: the gateway on a Citus cluster (test/citus/*.citus.ts), one file at a time.
// The global setup starts a throwaway coordinator + 2 workers (or uses CITUS_TEST_URL); without
// Citus installed the suite fails under CI=true and is skipped elsewhere.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/citus/**/*.citus.ts'],
    globalSetup: ['test/citus/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
