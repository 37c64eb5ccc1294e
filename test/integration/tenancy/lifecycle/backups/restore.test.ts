// Restore swaps a verified, migrated-forward copy of a backup in, keeping the replaced schema as a backup.
import { describe, expect, it } from 'vitest';
import { checksum, migrationFiles, TENANT_SQL_DIR, type MigrationFile } from '../../../../../src/db/migration-files.js';
import { createLogger } from '../../../../../src/logger.js';
import { BackupService } from '../../../../../src/tenancy/lifecycle/backup-service.js';
import { isRestoring } from '../../../../../src/tenancy/restoring.js';
import { quoteIdent } from '../../../../../src/tenancy/names.js';
import { Provisioner } from '../../../../../src/tenancy/lifecycle/provisioner.js';
import { outcome } from '../../../../helpers/provisioner.js';
import { useBackups } from './use-backups.js';

const { t, backups, q, richTenant } = useBackups();

describe('restore', () => {
  it("brings the backup's data back, verified, and keeps the replaced schema as a pre-restore backup", async () => {
    const tenant = await richTenant();
    const s = quoteIdent(tenant.schemaName);
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`DELETE FROM ${s}.invoices; INSERT INTO ${s}.users (email) VALUES ('late@rich.test')`);

    const result = await backups.current.restore(backup.id, { createdBy: 'ops@example.com' });
    expect(result.tenant.schemaName).toBe(tenant.schemaName);
    expect(isRestoring(result.tenant)).toBe(false);
    expect(result.tenant.metadata).toMatchObject({ restored_from: backup.id });
    expect(result.rowCounts).toMatchObject({ users: 5, invoices: 4 });
    expect((await q(`SELECT count(*)::int AS n FROM ${s}.invoices`)).rows[0].n).toBe(4);
    expect((await q(`SELECT count(*)::int AS n FROM ${s}.users WHERE email = 'late@rich.test'`)).rows[0].n).toBe(0);
    // The restored schema numbers on from the backup, its trigger fires.
    expect((await q(`INSERT INTO ${s}.invoices (amount) VALUES (1) RETURNING id, touched`)).rows[0]).toEqual({
      id: 5,
      touched: 1,
    });

    expect(result.replaced).toMatchObject({
      kind: 'pre-restore',
      createdBy: 'ops@example.com',
      rowCounts: { users: 6, invoices: 0 },
    });
    const replaced = quoteIdent(result.replaced!.schemaName);
    expect((await q(`SELECT count(*)::int AS n FROM ${replaced}.users WHERE email = 'late@rich.test'`)).rows[0].n).toBe(
      1,
    );
    expect((await backups.current.list(tenant.id)).map((b) => b.id)).toEqual([result.replaced!.id, backup.id]);
    expect(t.current.published.some((c) => c.kind === 'restored' && c.tenantId === tenant.id)).toBe(true);
    // No shadow schema is left behind.
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore_%'`)).rows[0].n).toBe(0);
  });

  it('refuses a backup whose copy does not match its record (CONFLICT) and leaves the tenant as it was', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`DELETE FROM ${quoteIdent(backup.schemaName)}.users`); // the backup was tampered with
    expect(await outcome(backups.current.restore(backup.id))).toBe('CONFLICT');
    expect((await q(`SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schemaName)}.users`)).rows[0].n).toBe(5);
    const row = (await q('SELECT metadata FROM tenants WHERE id = $1', [tenant.id])).rows[0];
    expect(row.metadata).not.toHaveProperty('restoring_at');
    expect((await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore_%'`)).rows[0].n).toBe(0);
  });

  it('migrates a backup taken at an older migration version forward before swapping it in', async () => {
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    const sql = 'ALTER TABLE users ADD COLUMN nickname text;';
    const newer: MigrationFile[] = [
      ...migrationFiles(TENANT_SQL_DIR),
      { name: '9001_test_nickname.sql', sql, checksum: checksum(sql), transactional: true },
    ];
    const upgraded = new BackupService({
      pool: t.current.db.pool,
      clients: t.current.clients,
      changes: t.current.changes,
      logger: createLogger({ logLevel: 'silent' }),
      provisioner: new Provisioner({
        pool: t.current.db.pool,
        clients: t.current.clients,
        changes: t.current.changes,
        logger: createLogger({ logLevel: 'silent' }),
        files: newer,
      }),
      files: newer,
    });
    const result = await upgraded.restore(backup.id);
    expect(result.migrated).toEqual(['9001_test_nickname.sql']);
    const cols = await q(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users'`,
      [tenant.schemaName],
    );
    expect(cols.rows.map((r) => r.column_name)).toContain('nickname');
  });

  it('answers NOT_FOUND for an unknown backup and CONFLICT for an orphan', async () => {
    expect(await outcome(backups.current.restore('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(await outcome(backups.current.restore('not-a-uuid'))).toBe('NOT_FOUND');
    const tenant = await richTenant();
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await t.current.provisioner.deleteTenant(tenant.id, { keepBackups: true });
    expect(await outcome(backups.current.restore(backup.id))).toBe('CONFLICT');
    await backups.current.delete(backup.id);
  });
});
