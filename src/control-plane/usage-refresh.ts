// Usage that is measured rather than counted: storage (the size of the tenant's schema) and users
// (active members). Each is written with jsonb_set on its own key in one statement, so a concurrent
// UsageMeter flush (which sets api_calls_per_month the same way) is never overwritten.
import type pg from 'pg';
import { NotFoundError } from '../errors.js';
import { citusSchemaBytes } from '../db/citus.js';
import { assertManagedSchemaName } from '../tenancy/names.js';
import { isUuid } from '../vocabulary.js';
import { backupBytesOf, backupSchemaNamesOf } from './stores/backups-store.js';
import { setStorageUsage, setUserUsageToSeats, tenantsWithLiveSchema } from './stores/usage-store.js';

const BYTES_PER_GB = 1024 ** 3;

// A malformed id would be a Postgres cast error (an unexpected error); it names no tenant.
function assertTenantId(id: string): void {
  if (!isUuid(id)) throw new NotFoundError('Tenant');
}

// Tables, materialized views and sequences; pg_total_relation_size of a table already includes its
// indexes and TOAST (which lives in pg_toast, outside the schema), so indexes are not added again.
const SCHEMA_BYTES = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'm', 'S')`;

/** Bytes used by a schema (0 when it does not exist). */
export async function schemaSizeBytes(
  pool: Pick<pg.Pool | pg.PoolClient, 'query'>,
  schemaName: string,
): Promise<number> {
  const onCitus = await citusSchemaBytes(pool, [schemaName]);
  if (onCitus !== null) return onCitus;
  const { rows } = await pool.query<{ bytes: string }>(SCHEMA_BYTES, [schemaName]);
  return Number(rows[0]!.bytes);
}

/** Bytes of a tenant's backups (tenant_backups count as its storage too; 0 when it has none). */
export async function backupSizeBytes(pool: pg.Pool, tenantId: string): Promise<number> {
  const onCitus = await citusSchemaBytes(pool, await backupSchemaNamesOf(pool, tenantId));
  if (onCitus !== null) return onCitus;
  return backupBytesOf(pool, tenantId);
}

/** Recomputes tenants.usage.storage_gb (GiB, unrounded) from the size of the tenant's schema and of its backups. */
export async function refreshStorageUsage(pool: pg.Pool, tenant: { id: string; schemaName: string }): Promise<number> {
  assertTenantId(tenant.id);
  assertManagedSchemaName(tenant.schemaName);
  const gb =
    ((await schemaSizeBytes(pool, tenant.schemaName)) + (await backupSizeBytes(pool, tenant.id))) / BYTES_PER_GB;
  if (!(await setStorageUsage(pool, tenant.id, gb))) throw new NotFoundError('Tenant');
  return gb;
}

/** Recomputes tenants.usage.users: seats, i.e. active memberships, accepted or invited (as the seat check counts, limits.ts). */
export async function refreshUserUsage(pool: pg.Pool, tenantId: string): Promise<number> {
  assertTenantId(tenantId);
  const users = await setUserUsageToSeats(pool, tenantId);
  if (users === null) throw new NotFoundError('Tenant');
  return users;
}

export interface StorageRefreshResult {
  refreshed: number;
  failed: { tenantId: string; error: string }[];
}

/**
 * Refreshes storage usage of every tenant that has a live schema (not archived), one tenant at a
 * time: short statements, and one tenant's failure does not stop the others.
 */
export async function refreshAllStorageUsage(pool: pg.Pool): Promise<StorageRefreshResult> {
  const rows = await tenantsWithLiveSchema(pool);
  const result: StorageRefreshResult = { refreshed: 0, failed: [] };
  for (const row of rows) {
    try {
      await refreshStorageUsage(pool, { id: row.id, schemaName: row.schema_name });
      result.refreshed++;
    } catch (err) {
      // Deleted since the list was read: nothing to refresh.
      if (err instanceof NotFoundError) continue;
      result.failed.push({ tenantId: row.id, error: (err as Error).message });
    }
  }
  return result;
}
