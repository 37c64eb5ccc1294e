// The other lifecycle paths that make a new schema on Citus: copies of a distributed schema, clone (from a backup
// and from a live tenant), storage measured where shards live, unarchive and import. Each new schema is distributed
// and its data identical to its source.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTenant, importTenant } from '../../src/tenancy/lifecycle/export-import.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { outcome } from '../helpers/provisioner.js';
import { describe, expect, it } from 'vitest';
import { citusAvailable, citusSlug, useCitusGateway } from './citus-gateway.js';
import { distributed, fingerprint, tenantCopies } from './tenant-copies.js';

describe.skipIf(!citusAvailable())('clone, unarchive and import on Citus', () => {
  const gw = useCitusGateway();
  const { pool, tenantRow, servedEmails, tenantWithRows } = tenantCopies(gw);

  it('copies sequences, functions, defaults, views and materialized views of a distributed schema self-contained', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('rich');
    const s = quoteIdent(t.schemaName);
    for (const statement of [
      `CREATE SEQUENCE ${s}.invoice_numbers AS bigint START 1000`,
      `CREATE FUNCTION ${s}.next_code() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'INV-' || nextval('${t.schemaName}.invoice_numbers'::regclass); END`,
      `CREATE TABLE ${s}.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL DEFAULT ${s}.next_code(), user_id uuid REFERENCES ${s}.users (id))`,
      `CREATE VIEW ${s}.invoice_codes AS SELECT id, code FROM ${s}.invoices`,
      `CREATE MATERIALIZED VIEW ${s}.invoice_stats AS SELECT count(*)::int AS n FROM ${s}.invoices`,
      `INSERT INTO ${s}.invoices (user_id) SELECT id FROM ${s}.users`,
    ])
      await pool().query(statement);
    const backup = await provisioner.backupTenant(t.id);
    const clone = await backups.clone({ backupId: backup.id }, { slug: citusSlug('richc') });
    const c = quoteIdent(clone.tenant.schemaName);
    expect(await distributed(pool(), clone.tenant.schemaName)).toBe(true);
    expect(clone.rowCounts).toMatchObject({ invoices: t.seededUsers });
    // The clone numbers on from where the source stood, through its own sequence and function.
    const next = await pool().query(`INSERT INTO ${c}.invoices (user_id) VALUES (NULL) RETURNING id::int, code`);
    expect(next.rows[0]).toEqual({ id: t.seededUsers + 1, code: `INV-${1000 + t.seededUsers}` });
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${c}.invoice_codes`)).rows[0].n).toBe(t.seededUsers + 1);
    expect((await pool().query(`SELECT n FROM ${c}.invoice_stats`)).rows[0].n).toBe(t.seededUsers);
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${s}.invoices`)).rows[0].n).toBe(t.seededUsers);
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
    for (const [clone, expected] of [
      [fromBackup, atBackup],
      [fromLive, live],
    ] as const) {
      expect(clone.tenant.status).toBe('active');
      expect(await distributed(pool(), clone.tenant.schemaName)).toBe(true);
      expect(await fingerprint(pool(), clone.tenant.schemaName)).toEqual(expected);
    }
    await pool().query(
      `INSERT INTO ${quoteIdent(fromLive.tenant.schemaName)}.users (email) VALUES ('clone-only@x.test')`,
    );
    expect(await fingerprint(pool(), t.schemaName)).toEqual(live);
    expect(
      (await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n,
    ).toBe(0);
  });

  it('measures a distributed tenant and its distributed backups where their shards live: usage.storage_gb and the backup storage cap see the real bytes', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('size');
    const s = quoteIdent(t.schemaName);
    await pool().query(
      `INSERT INTO ${s}.audit_logs (action, target_id) SELECT 'bulk', repeat(md5(i::text), 40) FROM generate_series(1, 2000) i`,
    );
    const { rows } = await pool().query(
      `SELECT coalesce(sum(citus_total_relation_size(p.logicalrelid)), 0)::bigint AS b
         FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = $1::regnamespace`,
      [t.schemaName],
    );
    const liveBytes = Number(rows[0].b);
    expect(liveBytes).toBeGreaterThan(2_000_000);
    const backup = await provisioner.backupTenant(t.id);
    expect(await distributed(pool(), backup.schemaName)).toBe(true);
    expect(backup.sizeBytes).toBeGreaterThan(liveBytes * 0.8);
    const usage = (await tenantRow(t.id)).usage as { storage_gb: number };
    // The schema and its backup, each about liveBytes (not the coordinator's empty shells).
    expect(usage.storage_gb * 1024 ** 3).toBeGreaterThan(liveBytes * 1.8);
    // A cap below schema + backup + one more copy refuses the next backup, creating nothing.
    await pool().query(
      `UPDATE tenants SET limits = limits || jsonb_build_object('storage_gb', $2::float8) WHERE id = $1`,
      [t.id, (liveBytes * 2.5) / 1024 ** 3],
    );
    expect(await outcome(provisioner.backupTenant(t.id))).toBe('LIMIT_EXCEEDED');
    expect(await gw.current.services.backups.list(t.id)).toHaveLength(1);
    // Lowering the limit below the real bytes (schema + backup) is refused, naming the field.
    expect(
      await outcome(provisioner.updateTenant(t.id, { limits: { storage_gb: (liveBytes * 1.5) / 1024 ** 3 } })),
    ).toBe('BAD_USER_INPUT');
    // The schema a restore replaces is recorded at its real size too.
    await pool().query(`UPDATE tenants SET limits = limits - 'storage_gb' WHERE id = $1`, [t.id]);
    const restored = await gw.current.services.backups.restore(backup.id);
    expect(restored.replaced!.sizeBytes).toBeGreaterThan(liveBytes * 0.8);
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
