// Backups as records, against real Postgres: schemas with views, functions, triggers, sequences and identity
// columns are copied self-contained; retention, the storage cap and usage counting bound them.
import { describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../../../src/tenancy/names.js';
import { outcome, schemaExists } from '../../../../helpers/provisioner.js';
import { slug, useBackups } from './use-backups.js';

const { t, backups, q, richTenant } = useBackups();

describe('backups of schemas with views, functions, triggers, sequences and identity columns', () => {
  it('copy every object self-contained: with the source dropped, views, functions, triggers, defaults, checks and numbering work on the copy', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id, {
      reason: 'before the upgrade',
      createdBy: 'ops@example.com',
    });
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
    expect((await backups.current.orphans()).map((o) => o.id)).toContain(backup.id);
    await backups.current.delete(backup.id);
    expect(await schemaExists(t.current, backup.schemaName)).toBe(false);
  });
});

describe('backups are bounded and counted', () => {
  it("keeps the tenant's retention (limits.backups), pruning the oldest, and lists newest first", async () => {
    const tenant = await t.current.provisioner.createTenant({ name: 'Keep', slug: slug() });
    await q(`UPDATE tenants SET limits = limits || '{"backups": 2}' WHERE id = $1`, [tenant.id]);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await t.current.provisioner.backupTenant(tenant.id, { reason: `#${i}` }));
    const listed = await backups.current.list(tenant.id);
    expect(listed.map((b) => b.reason)).toEqual(['#3', '#2']);
    expect(await schemaExists(t.current, taken[0]!.schemaName)).toBe(false);
    expect(await schemaExists(t.current, taken[1]!.schemaName)).toBe(false);

    const dry = await backups.current.prune(tenant.id, { keep: 1, dryRun: true });
    expect(dry.map((b) => b.reason)).toEqual(['#2']);
    expect(await backups.current.list(tenant.id)).toHaveLength(2);
    expect(await backups.current.prune(tenant.id, { keep: 1, olderThan: new Date(0) })).toEqual([]);
    const pruned = await backups.current.prune(tenant.id, { keep: 1 });
    expect(pruned.map((b) => b.reason)).toEqual(['#2']);
    expect(await schemaExists(t.current, pruned[0]!.schemaName)).toBe(false);
    expect(await outcome(backups.current.prune(tenant.id, { keep: -1 }))).toBe('BAD_USER_INPUT');
  });

  it('counts backups in usage.storage_gb and refuses one that would exceed the storage limit (LIMIT_EXCEEDED), creating nothing', async () => {
    const tenant = await richTenant();
    const storage = async () =>
      (await q("SELECT (usage->>'storage_gb')::float8 AS gb FROM tenants WHERE id = $1", [tenant.id])).rows[0]
        .gb as number;
    const first = await t.current.provisioner.backupTenant(tenant.id);
    const withOne = await storage();
    expect(withOne * 1024 ** 3).toBeGreaterThanOrEqual(first.sizeBytes * 2 * 0.9); // schema + its copy
    await t.current.provisioner.backupTenant(tenant.id);
    expect(await storage()).toBeGreaterThan(withOne);

    await q(`UPDATE tenants SET limits = limits || jsonb_build_object('storage_gb', $2::float8) WHERE id = $1`, [
      tenant.id,
      (first.sizeBytes * 2.5) / 1024 ** 3,
    ]);
    const before = (await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'backup_%'`)).rows[0].n;
    expect(await outcome(t.current.provisioner.backupTenant(tenant.id))).toBe('LIMIT_EXCEEDED');
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'backup_%'`)).rows[0].n).toBe(
      before,
    );
    expect(await backups.current.list(tenant.id)).toHaveLength(2);
  });

  it('takes one backup of a tenant at a time: a concurrent one is CONFLICT, never a second copy past the cap', async () => {
    const tenant = await richTenant();
    const results = await Promise.all([1, 2, 3].map(() => outcome(t.current.provisioner.backupTenant(tenant.id))));
    expect(results.filter((r) => r === 'OK').length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === 'OK' || r === 'CONFLICT')).toBe(true);
    expect(await backups.current.list(tenant.id)).toHaveLength(results.filter((r) => r === 'OK').length);
  });

  it("deletes a tenant's backups with the tenant", async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await t.current.provisioner.deleteTenant(tenant.id);
    expect(await schemaExists(t.current, backup.schemaName)).toBe(false);
    expect(await backups.current.find(backup.id)).toBeNull();
  });
});
