// Bare tenant schemas (the real tenant DDL, no registry rows) and a TenantEngine that records every
// statement it routes, for the one-engine guards in test/integration/tenancy/engine/.
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles } from '../../src/db/migration-files.js';
import { TenantEngine } from '../../src/tenancy/engine/tenant-engine.js';
import type { RoutedStatement } from '../../src/tenancy/engine/routing-adapter.js';
import { quoteIdent } from '../../src/tenancy/names.js';

/** Creates `names` as schemas holding the tenant tables, 50 per round trip. */
export async function createTenantSchemas(pool: pg.Pool, names: string[]): Promise<void> {
  const ddl = migrationFiles(TENANT_SQL_DIR)
    .map((f) => f.sql)
    .join('\n');
  for (let i = 0; i < names.length; i += 50) {
    const sql = names
      .slice(i, i + 50)
      .map((s) => `CREATE SCHEMA ${quoteIdent(s)}; SET search_path TO ${quoteIdent(s)}, public; ${ddl}`)
      .join('\n');
    const client = await pool.connect();
    try {
      await client.query(`BEGIN; ${sql}; COMMIT; RESET search_path;`);
    } finally {
      client.release(true); // its session settings changed: do not hand it to anyone else
    }
  }
}

export interface RecordingEngine {
  engine: TenantEngine;
  statements: RoutedStatement[];
}

/** A TenantEngine on `pool` whose routed statements are appended to `statements`. */
export function recordingEngine(pool: pg.Pool): RecordingEngine {
  const statements: RoutedStatement[] = [];
  const engine = new TenantEngine(pool, {
    around: (statement, send) => {
      statements.push(statement);
      return send();
    },
  });
  return { engine, statements };
}
