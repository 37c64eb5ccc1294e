// `npm run test:pgbouncer`: the gateway behind PgBouncer in transaction mode (test/pgbouncer/*.pgbouncer.ts).
// The usual global setup (embedded Postgres or TEST_DATABASE_URL, a migrated template), then a
// PgBouncer in front of that server. Without pgbouncer installed the suite fails under CI=true.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/pgbouncer/**/*.pgbouncer.ts'],
    globalSetup: ['test/global-setup.ts', 'test/pgbouncer/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
