// Backups as records, against real Postgres: schemas with views, functions, triggers, sequences and
// identity columns are copied self-contained; retention, the storage cap and usage counting bound
// them; restore swaps a verified, migrated-forward copy in; clone makes a new tenant from one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum, migrationFiles, TENANT_SQL_DIR, type MigrationFile } from '../../../../src/db/migration-files.js';
import { createLogger } from '../../../../src/logger.js';
import { BackupService } from '../../../../src/tenancy/lifecycle/backup-service.js';
import { isRestoring } from '../../../../src/tenancy/restoring.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { Provisioner } from '../../../../src/tenancy/lifecycle/provisioner.js';
import { dropSchema } from '../../../../src/tenancy/lifecycle/schema-manager.js';
import { outcome, schemaExists, useProvisioner } from '../../../helpers/provisioner.js';

const t = useProvisioner();
let service: BackupService;
let n = 0;
const slug = () => `bk-${++n}-${Date.now().toString(36)}`;
const q = (sql: string, params: unknown[] = []) => t.current.db.pool.query(sql, params);

beforeAll(() => {
  service = new BackupService({
    pool: t.current.db.pool,
    clients: t.current.clients,
    changes: t.current.changes,
    logger: createLogger({ logLevel: 'silent' }),
    provisioner: t.current.provisioner,
  });
});

/** A tenant whose schema holds every kind of object a backup must carry, with some rows. */
async function richTenant(extra: Record<string, unknown> = {}) {
  const tenant = await t.current.provisioner.createTenant({ name: 'Rich', slug: slug(), ...extra });
  const s = quoteIdent(tenant.schemaName);
  await q(`
    SET search_path TO ${s};
    CREATE SEQUENCE invoice_numbers START 1000;
    CREATE FUNCTION next_code() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'INV-' || nextval('invoice_numbers'::regclass); END;
    CREATE FUNCTION positive(x int) RETURNS boolean LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT x > 0; END;
    CREATE TABLE invoices (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL DEFAULT next_code(),
      amount int NOT NULL CHECK (positive(amount)),
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      touched int NOT NULL DEFAULT 0
    );
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := NEW.touched + 1; RETURN NEW; END $$;
    CREATE TRIGGER invoices_touch BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE VIEW big_invoices AS SELECT id, code, amount FROM invoices WHERE amount > 100;
    CREATE VIEW big_invoice_total AS SELECT coalesce(sum(amount), 0)::int AS total FROM big_invoices;
    CREATE MATERIALIZED VIEW invoice_stats AS SELECT count(*)::int AS n FROM invoices;
    CREATE UNIQUE INDEX invoice_stats_n ON invoice_stats (n);
    INSERT INTO users (email) SELECT 'u' || i || '@rich.test' FROM generate_series(1, 5) i;
    INSERT INTO invoices (amount, user_id) SELECT 50 * i, (SELECT id FROM users ORDER BY email LIMIT 1) FROM generate_series(1, 4) i;
    RESET search_path;`);
  return tenant;
}

describe('backups of schemas with views, functions, triggers, sequences and identity columns', () => {
  it('copy every object self-contained: with the source dropped, views, functions, triggers, defaults, checks and numbering work on the copy', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id, { reason: 'before the upgrade', createdBy: 'ops@example.com' });
    expect(backup).toMatchObject({
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      sourceSchema: tenant.schemaName,
      kind: 'manual',
      reason: 'before the upgrade',
      createdBy: 'ops@example.com',
      migrationVersion: '0001_tenant_tables.sql',
      rowCounts: { users: 5, invoices: 4, sessions: 0, audit_logs: 0, schema_migrations: 1 },
    });
    expect(backup.sizeBytes).toBeGreaterThan(0);

    // The live tenant moves on; the copy keeps the snapshot.
    await q(`INSERT INTO ${quoteIdent(tenant.schemaName)}.invoices (amount) VALUES (999)`);
    await t.current.provisioner.deleteTenant(tenant.id, { keepBackups: true });
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(false);

    const b = quoteIdent(backup.schemaName);
    expect((await q(`SELECT total FROM ${b}.big_invoice_total`)).rows).toEqual([{ total: 150 + 200 }]);
    expect((await q(`SELECT n FROM ${b}.invoice_stats`)).rows).toEqual([{ n: 4 }]);
    const inserted = await q(`INSERT INTO ${b}.invoices (amount) VALUES (7) RETURNING id, code, touched`);
    expect(inserted.rows[0]).toEqual({ id: 5, code: 'INV-1004', touched: 1 });
    await expect(q(`INSERT INTO ${b}.invoices (amount) VALUES (-1)`)).rejects.toMatchObject({ code: '23514' });
    await q(`DELETE FROM ${b}.users`);
    // The foreign key cascades inside the copy: the 4 copied invoices went with their user, the new one (no user) stays.
    expect((await q(`SELECT id FROM ${b}.invoices`)).rows).toEqual([{ id: 5 }]);
    const leaks = await q(
      `SELECT count(*)::int AS n FROM pg_depend d JOIN pg_class c ON c.oid = d.objid WHERE c.relnamespace = $1::regnamespace
         AND d.refclassid = 'pg_namespace'::regclass AND d.refobjid <> $1::regnamespace`,
      [backup.schemaName],
    );
    expect(leaks.rows[0].n).toBe(0);
    // Kept with --keep-backups: an orphan, listed, and removable.
    expect((await service.orphans()).map((o) => o.id)).toContain(backup.id);
    await service.delete(backup.id);
    expect(await schemaExists(t.current, backup.schemaName)).toBe(false);
  });
});

describe('backups are bounded and counted', () => {
  it('keeps the tenant\'s retention (limits.backups), pruning the oldest, and lists newest first', async () => {
    const tenant = await t.current.provisioner.createTenant({ name: 'Keep', slug: slug() });
    await q(`UPDATE tenants SET limits = limits || '{"backups": 2}' WHERE id = $1`, [tenant.id]);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await t.current.provisioner.backupTenant(tenant.id, { reason: `#${i}` }));
    const listed = await service.list(tenant.id);
    expect(listed.map((b) => b.reason)).toEqual(['#3', '#2']);
    expect(await schemaExists(t.current, taken[0]!.schemaName)).toBe(false);
    expect(await schemaExists(t.current, taken[1]!.schemaName)).toBe(false);

    const dry = await service.prune(tenant.id, { keep: 1, dryRun: true });
    expect(dry.map((b) => b.reason)).toEqual(['#2']);
    expect(await service.list(tenant.id)).toHaveLength(2);
    expect(await service.prune(tenant.id, { keep: 1, olderThan: new Date(0) })).toEqual([]);
    const pruned = await service.prune(tenant.id, { keep: 1 });
    expect(pruned.map((b) => b.reason)).toEqual(['#2']);
    expect(await schemaExists(t.current, pruned[0]!.schemaName)).toBe(false);
    expect(await outcome(service.prune(tenant.id, { keep: -1 }))).toBe('BAD_USER_INPUT');
  });

  it('counts backups in usage.storage_gb and refuses one that would exceed the storage limit (LIMIT_EXCEEDED), creating nothing', async () => {
    const tenant = await richTenant();
    const storage = async () => (await q('SELECT (usage->>\'storage_gb\')::float8 AS gb FROM tenants WHERE id = $1', [tenant.id])).rows[0].gb as number;
    const first = await t.current.provisioner.backupTenant(tenant.id);
    const withOne = await storage();
    expect(withOne * 1024 ** 3).toBeGreaterThanOrEqual(first.sizeBytes * 2 * 0.9); // schema + its copy
    await t.current.provisioner.backupTenant(tenant.id);
    expect(await storage()).toBeGreaterThan(withOne);

    await q(`UPDATE tenants SET limits = limits || jsonb_build_object('storage_gb', $2::float8) WHERE id = $1`, [tenant.id, (first.sizeBytes * 2.5) / 1024 ** 3]);
    const before = (await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'backup_%'`)).rows[0].n;
    expect(await outcome(t.current.provisioner.backupTenant(tenant.id))).toBe('LIMIT_EXCEEDED');
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'backup_%'`)).rows[0].n).toBe(before);
    expect(await service.list(tenant.id)).toHaveLength(2);
  });

  it('takes one backup of a tenant at a time: a concurrent one is CONFLICT, never a second copy past the cap', async () => {
    const tenant = await richTenant();
    const results = await Promise.all([1, 2, 3].map(() => outcome(t.current.provisioner.backupTenant(tenant.id))));
    expect(results.filter((r) => r === 'OK').length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === 'OK' || r === 'CONFLICT')).toBe(true);
    expect(await service.list(tenant.id)).toHaveLength(results.filter((r) => r === 'OK').length);
  });

  it('deletes a tenant\'s backups with the tenant', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await t.current.provisioner.deleteTenant(tenant.id);
    expect(await schemaExists(t.current, backup.schemaName)).toBe(false);
    expect(await service.find(backup.id)).toBeNull();
  });
});

describe('restore', () => {
  it('brings the backup\'s data back, verified, and keeps the replaced schema as a pre-restore backup', async () => {
    const tenant = await richTenant();
    const s = quoteIdent(tenant.schemaName);
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`DELETE FROM ${s}.invoices; INSERT INTO ${s}.users (email) VALUES ('late@rich.test')`);

    const result = await service.restore(backup.id, { createdBy: 'ops@example.com' });
    expect(result.tenant.schemaName).toBe(tenant.schemaName);
    expect(isRestoring(result.tenant)).toBe(false);
    expect(result.tenant.metadata).toMatchObject({ restored_from: backup.id });
    expect(result.rowCounts).toMatchObject({ users: 5, invoices: 4 });
    expect((await q(`SELECT count(*)::int AS n FROM ${s}.invoices`)).rows[0].n).toBe(4);
    expect((await q(`SELECT count(*)::int AS n FROM ${s}.users WHERE email = 'late@rich.test'`)).rows[0].n).toBe(0);
    // The restored schema numbers on from the backup, its trigger fires.
    expect((await q(`INSERT INTO ${s}.invoices (amount) VALUES (1) RETURNING id, touched`)).rows[0]).toEqual({ id: 5, touched: 1 });

    expect(result.replaced).toMatchObject({ kind: 'pre-restore', createdBy: 'ops@example.com', rowCounts: { users: 6, invoices: 0 } });
    const replaced = quoteIdent(result.replaced!.schemaName);
    expect((await q(`SELECT count(*)::int AS n FROM ${replaced}.users WHERE email = 'late@rich.test'`)).rows[0].n).toBe(1);
    expect((await service.list(tenant.id)).map((b) => b.id)).toEqual([result.replaced!.id, backup.id]);
    expect(t.current.published.some((c) => c.kind === 'restored' && c.tenantId === tenant.id)).toBe(true);
    // No shadow schema is left behind.
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore_%'`)).rows[0].n).toBe(0);
  });

  it('refuses a backup whose copy does not match its record (CONFLICT) and leaves the tenant as it was', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`DELETE FROM ${quoteIdent(backup.schemaName)}.users`); // the backup was tampered with
    expect(await outcome(service.restore(backup.id))).toBe('CONFLICT');
    expect((await q(`SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schemaName)}.users`)).rows[0].n).toBe(5);
    const row = (await q('SELECT metadata FROM tenants WHERE id = $1', [tenant.id])).rows[0];
    expect(row.metadata).not.toHaveProperty('restoring_at');
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore_%'`)).rows[0].n).toBe(0);
  });

  it('migrates a backup taken at an older migration version forward before swapping it in', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    const sql = 'ALTER TABLE users ADD COLUMN nickname text;';
    const newer: MigrationFile[] = [...migrationFiles(TENANT_SQL_DIR), { name: '9001_test_nickname.sql', sql, checksum: checksum(sql), transactional: true }];
    const upgraded = new BackupService({
      pool: t.current.db.pool, clients: t.current.clients, changes: t.current.changes, logger: createLogger({ logLevel: 'silent' }),
      provisioner: new Provisioner({ pool: t.current.db.pool, clients: t.current.clients, changes: t.current.changes, logger: createLogger({ logLevel: 'silent' }), files: newer }),
      files: newer,
    });
    const result = await upgraded.restore(backup.id);
    expect(result.migrated).toEqual(['9001_test_nickname.sql']);
    const cols = await q(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users'`, [tenant.schemaName]);
    expect(cols.rows.map((r) => r.column_name)).toContain('nickname');
  });

  it('answers NOT_FOUND for an unknown backup and CONFLICT for an orphan', async () => {
    expect(await outcome(service.restore('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(await outcome(service.restore('not-a-uuid'))).toBe('NOT_FOUND');
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await t.current.provisioner.deleteTenant(tenant.id, { keepBackups: true });
    expect(await outcome(service.restore(backup.id))).toBe('CONFLICT');
    await service.delete(backup.id);
  });
});

describe('clone', () => {
  it('creates a new tenant from a backup, and from a live tenant, with identical data', async () => {
    const tenant = await richTenant({ plan: 'professional' });
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`INSERT INTO ${quoteIdent(tenant.schemaName)}.users (email) VALUES ('after@rich.test')`);

    const fromBackup = await service.clone({ backupId: backup.id }, { slug: slug() });
    expect(fromBackup.tenant).toMatchObject({ status: 'active', plan: 'professional', name: 'Rich (copy)' });
    expect(fromBackup.rowCounts).toMatchObject({ users: 5, invoices: 4 });
    const fromLive = await service.clone({ tenantId: tenant.id }, { slug: slug(), name: 'Twin' });
    expect(fromLive.rowCounts).toMatchObject({ users: 6, invoices: 4 });
    const cs = quoteIdent(fromLive.tenant.schemaName);
    expect((await q(`INSERT INTO ${cs}.invoices (amount) VALUES (3) RETURNING code, touched`)).rows[0]).toEqual({ code: 'INV-1004', touched: 1 });
    // The source is untouched by writes to the clone.
    expect((await q(`SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schemaName)}.invoices`)).rows[0].n).toBe(4);
    expect(await outcome(service.clone({}, { slug: slug() }))).toBe('BAD_USER_INPUT');
    expect(await outcome(service.clone({ tenantId: tenant.id }, { slug: tenant.slug }))).toBe('CONFLICT');
  });
});

describe('unarchive', () => {
  it('renames the schema back and makes the tenant active again; a taken name is CONFLICT', async () => {
    const tenant = await richTenant();
    const archived = await t.current.provisioner.archiveTenant(tenant.id, 'left');
    expect(archived.schemaName).toMatch(/^archive_/);
    const back = await t.current.provisioner.unarchiveTenant(tenant.id);
    expect(back).toMatchObject({ status: 'active', schemaName: tenant.schemaName });
    expect(back.metadata).not.toHaveProperty('archived_at');
    expect((await q(`SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schemaName)}.users`)).rows[0].n).toBe(5);
    expect(await outcome(t.current.provisioner.unarchiveTenant(tenant.id))).toBe('CONFLICT');

    await t.current.provisioner.archiveTenant(tenant.id);
    await q(`CREATE SCHEMA ${quoteIdent(tenant.schemaName)}`);
    expect(await outcome(t.current.provisioner.unarchiveTenant(tenant.id))).toBe('CONFLICT');
    await dropSchema(t.current.db.pool, tenant.schemaName, { force: true });
  });
});

afterAll(() => undefined);
