// `npm run test:soak`: the long reliability runs (test/soak/*.soak.ts), one file at a time so each
// has the machine to itself. Same aliases and global setup (embedded Postgres or TEST_DATABASE_URL).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/soak/**/*.soak.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
