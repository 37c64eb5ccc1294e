// What a request must not change when it is refused: the tenant registry and the schema list.
import type pg from 'pg';

export interface DatabaseSnapshot {
  tenants: string[];
  domains: string[];
  schemas: string[];
  members: number;
  settings: number;
  accounts: number;
}

export async function databaseSnapshot(pool: pg.Pool): Promise<DatabaseSnapshot> {
  const { rows } = await pool.query<{
    tenants: string[] | null;
    domains: string[] | null;
    schemas: string[];
    members: number;
    settings: number;
    accounts: number;
  }>(`
    SELECT
      (SELECT array_agg(concat_ws('|', id, slug, status, schema_name, name, domain, plan, updated_at) ORDER BY id) FROM tenants) AS tenants,
      (SELECT array_agg(concat_ws('|', tenant_id, domain, "primary", verified_at) ORDER BY domain) FROM tenant_domains) AS domains,
      (SELECT array_agg(nspname::text ORDER BY nspname) FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema') AS schemas,
      (SELECT count(*)::int FROM tenant_users) AS members,
      (SELECT count(*)::int FROM tenant_settings) AS settings,
      (SELECT count(*)::int FROM accounts) AS accounts`);
  const row = rows[0]!;
  return { ...row, tenants: row.tenants ?? [], domains: row.domains ?? [] };
}
