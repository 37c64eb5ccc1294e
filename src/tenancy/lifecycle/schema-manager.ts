// DDL on tenant schemas, in raw SQL, one transaction per operation. Every name is validated
// (names.ts) before it reaches SQL and quoted when it does; Postgres errors become typed errors.
// The `…In(client, …)` variants run inside a transaction the caller already holds, so the
// provisioner can change a schema and the tenant row that names it in one commit.
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../../db/migration-files.js';
import { applyInTransaction } from '../../db/migrator.js';
import { inTransaction } from '../../db/transaction.js';
import { BadUserInputError } from '../../errors.js';
import { distributeNewSchemasIn } from '../../db/citus.js';
import { archiveSchemaName, assertManagedSchemaName, assertSchemaName, quoteIdent } from '../names.js';
import { pgCode, toSchemaError, UNDEFINED_SCHEMA } from './schema-errors.js';

export { backupSchema, type SchemaBackup } from './schema-backup.js';
export { toSchemaError } from './schema-errors.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

async function mapped<T>(schema: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toSchemaError(err, schema);
  }
}

/** A schema the gateway may rename or drop: any managed name except `public`. */
function assertMovable(name: string, field = 'schemaName'): void {
  assertManagedSchemaName(name);
  if (name === 'public')
    throw new BadUserInputError('The public schema holds the control plane and cannot be changed.', { field });
}

export async function schemaExists(db: Queryable, schema: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}

/**
 * CREATE SCHEMA only, inside the caller's transaction (CONFLICT when the name is taken). On Citus
 * the schema becomes a distributed schema (its tables live together on one node).
 */
export async function createSchemaIn(client: Queryable, schema: string): Promise<void> {
  assertSchemaName(schema);
  await distributeNewSchemasIn(client);
  await mapped(schema, () => client.query(`CREATE SCHEMA ${quoteIdent(schema)}`));
}

/** CREATE SCHEMA + every tenant-sql file, inside the caller's transaction. Returns the files applied. */
export async function createTenantSchemaIn(
  client: pg.PoolClient,
  schema: string,
  files: MigrationFile[] = migrationFiles(TENANT_SQL_DIR),
): Promise<string[]> {
  await createSchemaIn(client, schema);
  return mapped(schema, () => applyInTransaction(client, schema, files));
}

/** Creates a tenant schema with the current tenant DDL in one transaction: complete, or not there at all. */
export async function createTenantSchema(pool: pg.Pool, schema: string, files?: MigrationFile[]): Promise<string[]> {
  assertSchemaName(schema);
  return inTransaction(pool, (client) => createTenantSchemaIn(client, schema, files));
}

export interface DropOptions {
  /** Dropping destroys a tenant's data: callers must say so explicitly. */
  force: true;
  /** No error when the schema is already gone (deleting a tenant whose provisioning never finished). */
  ifExists?: boolean;
}

export async function dropSchemaIn(client: Queryable, schema: string, opts: DropOptions): Promise<void> {
  assertMovable(schema);
  if (opts?.force !== true) throw new BadUserInputError('Dropping a schema needs { force: true }.', { field: 'force' });
  await mapped(schema, () =>
    client.query(`DROP SCHEMA ${opts.ifExists ? 'IF EXISTS ' : ''}${quoteIdent(schema)} CASCADE`),
  );
}

export function dropSchema(pool: pg.Pool, schema: string, opts: DropOptions): Promise<void> {
  return dropSchemaIn(pool, schema, opts);
}

export async function renameSchemaIn(client: Queryable, from: string, to: string): Promise<void> {
  assertMovable(from);
  assertMovable(to, 'newSchemaName');
  if (from === to) return;
  try {
    await client.query(`ALTER SCHEMA ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
  } catch (err) {
    // "exists" is about the target name, "missing" about the source.
    throw toSchemaError(err, pgCode(err) === UNDEFINED_SCHEMA ? from : to);
  }
}

export function renameSchema(pool: pg.Pool, from: string, to: string): Promise<void> {
  return renameSchemaIn(pool, from, to);
}

/** Renames `schema` to `archive_<schema>_<time>` (fitted to 63 bytes); returns the new name. */
export async function archiveSchemaIn(client: Queryable, schema: string, at = new Date()): Promise<string> {
  const archived = archiveSchemaName(schema, at);
  await renameSchemaIn(client, schema, archived);
  return archived;
}

export function archiveSchema(pool: pg.Pool, schema: string, at = new Date()): Promise<string> {
  return archiveSchemaIn(pool, schema, at);
}
