// What the Citus restore and clone tests share: whether a schema is distributed, row fingerprints of a schema,
// tenants with rows, and what a tenant's own host serves.
import type pg from 'pg';
import { expect } from 'vitest';
import { tableChecksum } from '../../src/tenancy/lifecycle/export-import.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { TENANT_COLUMNS, toTenant, type TenantRow } from '../../src/control-plane/stores/tenants-store.js';
import { execute, expectNoErrors, hostOf } from '../helpers/api.js';
import { createFingerprintedTenants, type FingerprintedTenant } from '../helpers/fingerprinted-tenants.js';
import type { TestGateway } from '../helpers/gateway.js';
import { citusSlug } from './citus-gateway.js';
import { gql } from '../gql/index.js';

export const distributed = async (pool: pg.Pool, schema: string) =>
  (await pool.query('SELECT 1 FROM citus_schemas WHERE schema_name::text = $1', [schema])).rowCount === 1;

/** Row count and checksum of every table of a schema (TimeZone UTC, as exports compute them). */
export async function fingerprint(pool: pg.Pool, schema: string) {
  const client = await pool.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const { rows } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY 1`,
      [schema],
    );
    const sums: Record<string, unknown> = {};
    for (const { name } of rows) sums[name] = await tableChecksum(client, schema, name);
    return sums;
  } finally {
    await client.query('RESET TimeZone').catch(() => undefined);
    client.release();
  }
}

/** Helpers bound to the file's Citus gateway. */
export function tenantCopies(gw: { current: TestGateway }) {
  const pool = () => gw.current.db.pool;
  const tenantRow = async (id: string) =>
    toTenant(
      (await pool().query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1`, [id])).rows[0]!,
    );

  /** The emails the tenant's own host serves: all of them its own. */
  async function servedEmails(t: { slug: string }, admin: string) {
    const read = await execute(
      gw.current,
      gql(`query ServedEmails { currentTenant { slug } users(first: 100) { edges { node { email } } } }`),
      {
        host: hostOf(t.slug),
        as: { email: admin },
      },
    );
    expectNoErrors(read);
    expect(read.data.currentTenant!.slug).toBe(t.slug);
    return (read.data.users.edges as { node: { email: string } }[]).map((e) => e.node.email).sort();
  }

  async function tenantWithRows(prefix: string): Promise<FingerprintedTenant> {
    const [t] = await createFingerprintedTenants(gw.current.services, 1, citusSlug(prefix));
    await pool().query(
      `INSERT INTO ${quoteIdent(t!.schemaName)}.audit_logs (action, target_type, target_id) SELECT 'act' || i, 'user', i::text FROM generate_series(1, 20) i`,
    );
    return t!;
  }

  return { pool, tenantRow, servedEmails, tenantWithRows };
}
