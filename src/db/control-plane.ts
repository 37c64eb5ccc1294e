import type pg from 'pg';
import { CONTROL_SQL_DIR, migrationFiles } from './migration-files.js';
import { migrateSchema, pendingFiles, readLedger, type MigrateResult } from './migrator.js';

export function migrateControlPlane(pool: pg.Pool): Promise<MigrateResult> {
  return migrateSchema(pool, 'public', migrationFiles(CONTROL_SQL_DIR));
}

/** True when every control-plane file is applied (one query). */
export async function controlPlaneIsMigrated(pool: pg.Pool): Promise<boolean> {
  const ledger = await readLedger(pool, 'public');
  return pendingFiles(migrationFiles(CONTROL_SQL_DIR), ledger, 'public').length === 0;
}
