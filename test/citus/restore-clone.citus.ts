// The tenant-lifecycle paths that make a new schema, on Citus: restore (shadow schema built,
// verified, swapped in), clone (from a backup and from a live tenant), unarchive and import. Each
// new schema is a distributed schema, its data identical to its source (row fingerprints), and
// each tenant's host serves only its own rows afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { exportTenant, importTenant, tableChecksum } from '../../src/tenancy/export-import.js';
import { tenantPlacement } from '../../src/tenancy/citus.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { TENANT_COLUMNS, toTenant, type TenantRow } from '../../src/tenancy/tenant-row.js';
import { graphql, hostOf } from '../helpers/api.js';
import { createFingerprintedTenants, type FingerprintedTenant } from '../helpers/fingerprinted-tenants.js';
import { citusAvailable, citusSlug, useCitusGateway } from './citus-gateway.js';

const distributed = async (pool: pg.Pool, schema: string) =>
  (await pool.query('SELECT 1 FROM citus_schemas WHERE schema_name::text = $1', [schema])).rowCount === 1;

/** Row count and checksum of every table of a schema (TimeZone UTC, as exports compute them). */
async function fingerprint(pool: pg.Pool, schema: string) {
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

describe.skipIf(!citusAvailable())('restore, clone, unarchive and import on Citus', () => {
  const gw = useCitusGateway();
  const pool = () => gw.current.db.pool;
  const tenantRow = async (id: string) =>
    toTenant((await pool().query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1`, [id])).rows[0]!);

  /** The emails the tenant's own host serves: all of them its own. */
  async function servedEmails(t: { slug: string }, admin: string) {
    const read = await graphql(gw.current, {
      host: hostOf(t.slug),
      as: { email: admin },
      query: `{ currentTenant { slug } users(first: 100) { edges { node { email } } } }`,
    });
    expect(read.errors).toBeUndefined();
    expect(read.data.currentTenant.slug).toBe(t.slug);
    return (read.data.users.edges as { node: { email: string } }[]).map((e) => e.node.email).sort();
  }

  async function tenantWithRows(prefix: string): Promise<FingerprintedTenant> {
    const [t] = await createFingerprintedTenants(gw.current.services, 1, citusSlug(prefix));
    await pool().query(
      `INSERT INTO ${quoteIdent(t!.schemaName)}.audit_logs (action, target_type, target_id) SELECT 'act' || i, 'user', i::text FROM generate_series(1, 20) i`,
    );
    return t!;
  }

  it('restores a backup into a distributed schema: data identical to the backup, the replaced schema kept, isolation intact', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('rst');
    const other = await tenantWithRows('rsto');
    const backup = await provisioner.backupTenant(t.id);
    const atBackup = await fingerprint(pool(), t.schemaName);
    expect(await fingerprint(pool(), backup.schemaName)).toEqual(atBackup);
    expect(await distributed(pool(), backup.schemaName)).toBe(true);

    const s = quoteIdent(t.schemaName);
    await pool().query(`DELETE FROM ${s}.audit_logs`);
    await pool().query(`INSERT INTO ${s}.users (email) VALUES ('late@${t.slug}.test')`);

    const result = await backups.restore(backup.id);
    expect(result.tenant.schemaName).toBe(t.schemaName);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(atBackup);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect(await tenantPlacement(pool(), t.schemaName)).not.toBeNull();
    expect(await distributed(pool(), result.replaced!.schemaName)).toBe(true);
    const replaced = await pool().query(`SELECT count(*)::int AS n FROM ${quoteIdent(result.replaced!.schemaName)}.users WHERE email = $1`, [`late@${t.slug}.test`]);
    expect(replaced.rows[0].n).toBe(1);
    expect((await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n).toBe(0);

    // The restored tenant takes writes; both hosts serve only their own users.
    await pool().query(`INSERT INTO ${s}.audit_logs (action) VALUES ('after restore')`);
    const mine = await servedEmails(t, `admin@${t.slug}.test`);
    expect(mine).toHaveLength(t.seededUsers);
    expect(mine.every((e) => e.endsWith(`@${t.slug}.test`))).toBe(true);
    const theirs = await servedEmails(other, `admin@${other.slug}.test`);
    expect(theirs.every((e) => e.endsWith(`@${other.slug}.test`))).toBe(true);
  });

  it('clones a backup and a live tenant into new distributed schemas with identical data; writes to a clone stay there', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('cln');
    const backup = await provisioner.backupTenant(t.id);
    const atBackup = await fingerprint(pool(), backup.schemaName);
    await pool().query(`INSERT INTO ${quoteIdent(t.schemaName)}.users (email) VALUES ('after@${t.slug}.test')`);
    const live = await fingerprint(pool(), t.schemaName);

    const fromBackup = await backups.clone({ backupId: backup.id }, { slug: citusSlug('clnb') });
    const fromLive = await backups.clone({ tenantId: t.id }, { slug: citusSlug('clnl') });
    for (const [clone, expected] of [[fromBackup, atBackup], [fromLive, live]] as const) {
      expect(clone.tenant.status).toBe('active');
      expect(await distributed(pool(), clone.tenant.schemaName)).toBe(true);
      expect(await fingerprint(pool(), clone.tenant.schemaName)).toEqual(expected);
    }
    await pool().query(`INSERT INTO ${quoteIdent(fromLive.tenant.schemaName)}.users (email) VALUES ('clone-only@x.test')`);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(live);
    expect((await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n).toBe(0);
  });

  it('unarchives a tenant: its schema is renamed back, still distributed, data unchanged, served again', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('una');
    const before = await fingerprint(pool(), t.schemaName);
    const archived = await provisioner.archiveTenant(t.id, 'paused');
    expect(await distributed(pool(), archived.schemaName)).toBe(true);
    const back = await provisioner.unarchiveTenant(t.id);
    expect(back).toMatchObject({ status: 'active', schemaName: t.schemaName });
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(before);
    expect(await servedEmails(t, `admin@${t.slug}.test`)).toHaveLength(t.seededUsers);
  });

  it('imports an export file into a new distributed schema whose rows match the export', async () => {
    const { provisioner, cipher } = gw.current.services;
    const t = await tenantWithRows('imp');
    const dir = await mkdtemp(path.join(tmpdir(), 'citus-import-'));
    try {
      const file = path.join(dir, 'tenant.jsonl');
      const exported = await exportTenant(pool(), await tenantRow(t.id), file, { noSecrets: true });
      const imported = await importTenant({ pool: pool(), provisioner, cipher }, file, { slug: citusSlug('impd') });
      expect(imported.tables).toEqual(exported.tables);
      const created = await tenantRow(imported.tenantId);
      expect(await distributed(pool(), created.schemaName)).toBe(true);
      // Rows identical table by table (the migration ledger is the new schema's own).
      const { schema_migrations: _ledger, ...source } = await fingerprint(pool(), t.schemaName);
      expect(await fingerprint(pool(), created.schemaName)).toMatchObject(source);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
