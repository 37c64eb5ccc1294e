// Usage that is measured rather than counted: storage (the size of the tenant's schema) and users
// (active members). Each is written with jsonb_set on its own key in one statement, so a concurrent
// UsageMeter flush (which sets api_calls_per_month the same way) is never overwritten.
import type pg from 'pg';
import { NotFoundError } from '../errors.js';
import { citusSchemaBytes } from '../db/citus.js';
import { assertManagedSchemaName } from '../tenancy/names.js';
import { isUuid } from '../vocabulary.js';

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
export async function schemaSizeBytes(pool: pg.Pool, schemaName: string): Promise<number> {
  const onCitus = await citusSchemaBytes(pool, [schemaName]);
  if (onCitus !== null) return onCitus;
  const { rows } = await pool.query<{ bytes: string }>(SCHEMA_BYTES, [schemaName]);
  return Number(rows[0]!.bytes);
}

// The tenant's backup schemas (tenant_backups, prisma/sql/0003) count as its storage too.
const BACKUP_BYTES = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM public.tenant_backups b JOIN pg_namespace n ON n.nspname = b.schema_name
    JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'm', 'S')
   WHERE b.tenant_id = $1`;

/** Bytes of a tenant's backups (0 when it has none). */
export async function backupSizeBytes(pool: pg.Pool, tenantId: string): Promise<number> {
  const onCitus = await citusSchemaBytes(pool, (await pool.query<{ s: string }>('SELECT schema_name AS s FROM public.tenant_backups WHERE tenant_id = $1', [tenantId])).rows.map((r) => r.s));
  if (onCitus !== null) return onCitus;
  const { rows } = await pool.query<{ bytes: string }>(BACKUP_BYTES, [tenantId]);
  return Number(rows[0]!.bytes);
}

/** Recomputes tenants.usage.storage_gb (GiB, unrounded) from the size of the tenant's schema and of its backups. */
export async function refreshStorageUsage(pool: pg.Pool, tenant: { id: string; schemaName: string }): Promise<number> {
  assertTenantId(tenant.id);
  assertManagedSchemaName(tenant.schemaName);
  const gb = ((await schemaSizeBytes(pool, tenant.schemaName)) + (await backupSizeBytes(pool, tenant.id))) / BYTES_PER_GB;
  const { rowCount } = await pool.query(
    `UPDATE public.tenants SET usage = jsonb_set(usage, '{storage_gb}', to_jsonb($2::float8)) WHERE id = $1`,
    [tenant.id, gb],
  );
  if (!rowCount) throw new NotFoundError('Tenant');
  return gb;
}

/** Recomputes tenants.usage.users: seats, i.e. active memberships, accepted or invited (as the seat check counts, limits.ts). */
export async function refreshUserUsage(pool: pg.Pool, tenantId: string): Promise<number> {
  assertTenantId(tenantId);
  const { rows } = await pool.query<{ users: number }>(
    `UPDATE public.tenants t SET usage = jsonb_set(t.usage, '{users}', to_jsonb(m.users))
       FROM (SELECT count(*)::int AS users FROM public.tenant_users WHERE tenant_id = $1 AND status = 'active') m
      WHERE t.id = $1
  RETURNING m.users`,
    [tenantId],
  );
  if (!rows[0]) throw new NotFoundError('Tenant');
  return rows[0].users;
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
  const { rows } = await pool.query<{ id: string; schema_name: string }>(
    `SELECT id, schema_name FROM public.tenants WHERE status <> 'archived' ORDER BY id`,
  );
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
