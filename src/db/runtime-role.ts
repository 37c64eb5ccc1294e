// Least privilege in the database (SECURITY.md "Database roles"). The migration role (DATABASE_URL)
// owns the schemas and runs DDL: control-plane migrations, provisioning, tenant migrations, backups.
// The runtime role (DATABASE_RUNTIME_URL) serves requests with DML only: on the tables of tenant
// schemas (granted at provisioning, and by default privileges for tables later migrations add) and
// on the control-plane tables requests need. It can neither create, alter, drop nor truncate
// anything, nor write a migration ledger, so an injection in a request path cannot drop a schema.
// With one URL (development, tests) there is one role and nothing is granted.
import type pg from 'pg';
import { quoteIdent } from './identifiers.js';
import { LEDGER_TABLE } from './migrator.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The runtime role's name when it differs from the migration role's; null for one role. */
export function runtimeRoleOf(migrationUrl: string, runtimeUrl: string | undefined): string | null {
  if (!runtimeUrl) return null;
  const runtime = decodeURIComponent(new URL(runtimeUrl).username);
  const owner = decodeURIComponent(new URL(migrationUrl).username);
  if (!runtime) throw new Error('DATABASE_RUNTIME_URL must name its role (postgres://role:password@host/db)');
  return runtime === owner ? null : runtime;
}

/** Control-plane tables and what requests do with them. tenants rows are created and deleted by provisioning only. */
const CONTROL_PLANE_GRANTS: [table: string, privileges: string][] = [
  ['tenants', 'SELECT, UPDATE'],
  ['tenant_domains', 'SELECT, INSERT, UPDATE, DELETE'],
  ['accounts', 'SELECT, INSERT, UPDATE, DELETE'],
  ['tenant_users', 'SELECT, INSERT, UPDATE, DELETE'],
  ['tenant_settings', 'SELECT, INSERT, UPDATE, DELETE'],
  ['tenant_usage_logs', 'SELECT, INSERT, UPDATE'],
  // Backups are taken, restored and pruned through the DDL pool; requests only count them as storage.
  ['tenant_backups', 'SELECT'],
  [LEDGER_TABLE, 'SELECT'],
];

const DML = 'SELECT, INSERT, UPDATE, DELETE';

/** USAGE and DML on a tenant schema's tables (its ledger read-only), now and for tables added later. */
export async function grantTenantSchema(db: Queryable, schema: string, role: string): Promise<void> {
  const s = quoteIdent(schema);
  const r = quoteIdent(role);
  await db.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await db.query(`GRANT ${DML} ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
  await db.query(`REVOKE INSERT, UPDATE, DELETE ON ${s}.${LEDGER_TABLE} FROM ${r}`);
  await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT ${DML} ON TABLES TO ${r}`);
  await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`);
}

/**
 * Idempotent, at start-up after migrations: the control-plane grants and every live tenant schema's
 * (tenants provisioned before the runtime role was configured catch up here).
 */
export async function ensureRuntimeGrants(pool: pg.Pool, role: string): Promise<{ schemas: number }> {
  const r = quoteIdent(role);
  await pool.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  for (const [table, privileges] of CONTROL_PLANE_GRANTS)
    await pool.query(`GRANT ${privileges} ON public.${quoteIdent(table)} TO ${r}`);
  const { rows } = await pool.query<{ schema_name: string }>(
    `SELECT t.schema_name FROM public.tenants t JOIN pg_namespace n ON n.nspname = t.schema_name WHERE t.status IN ('active', 'suspended')`,
  );
  for (const { schema_name } of rows) await grantTenantSchema(pool, schema_name, role);
  return { schemas: rows.length };
}
