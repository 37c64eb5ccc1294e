// The real tenant DDL plus extra files, as a list (in process) and as a directory (for child processes).
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TENANT_SQL_DIR, loadMigrationFiles, type MigrationFile } from '../../src/db/migration-files.js';

export function tenantFilesPlus(extra: Record<string, string>): { files: MigrationFile[]; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tenant-sql-'));
  for (const file of loadMigrationFiles(TENANT_SQL_DIR))
    copyFileSync(path.join(TENANT_SQL_DIR, file.name), path.join(dir, file.name));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(path.join(dir, name), sql);
  return { files: loadMigrationFiles(dir), dir };
}
