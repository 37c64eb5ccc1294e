// Runs a fleet migration in its own process (so a test can SIGKILL it midway) and prints one JSON
// line per finished tenant. env: DATABASE_URL, FILES_DIR (migration files), ONLY (comma-separated slugs), CONCURRENCY.
import { loadMigrationFiles } from '../../src/db/migration-files.js';
import { createPool } from '../../src/db/pool.js';
import { migrateFleet } from '../../src/tenancy/lifecycle/fleet.js';

const pool = createPool({
  url: process.env.DATABASE_URL!,
  max: 5,
  maxLifetimeSeconds: 300,
  idleTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
});
const report = await migrateFleet(
  { pool },
  {
    files: loadMigrationFiles(process.env.FILES_DIR!),
    only: process.env.ONLY ? process.env.ONLY.split(',') : undefined,
    concurrency: Number(process.env.CONCURRENCY ?? 2),
    onProgress: (p) =>
      process.stdout.write(`${JSON.stringify({ done: p.done, slug: p.current.slug, status: p.current.status })}\n`),
  },
);
process.stdout.write(`${JSON.stringify({ finished: true, failed: report.failed })}\n`);
await pool.end();
