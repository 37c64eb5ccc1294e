// A throwaway tenant schema with the tenant tables, for tests below the provisioner.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles } from '../../src/db/migration-files.js';
import { migrateSchema } from '../../src/db/migrator.js';
import { quoteIdent } from '../../src/tenancy/names.js';

export interface ThrowawaySchema {
  name: string;
  drop(): Promise<void>;
}

export async function createThrowawaySchema(
  pool: pg.Pool,
  name = `t_${randomBytes(6).toString('hex')}`,
): Promise<ThrowawaySchema> {
  await pool.query(`CREATE SCHEMA ${quoteIdent(name)}`);
  await migrateSchema(pool, name, migrationFiles(TENANT_SQL_DIR), { singleTransaction: true });
  return { name, drop: () => pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`).then(() => undefined) };
}
