// Clone makes a new tenant from a backup or a live tenant; unarchive brings an archived tenant back.
import { describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../../../src/tenancy/names.js';
import { dropSchema } from '../../../../../src/tenancy/lifecycle/schema-manager.js';
import { outcome } from '../../../../helpers/provisioner.js';
import { slug, useBackups } from './use-backups.js';

const { t, backups, q, richTenant } = useBackups();

describe('clone', () => {
  it('creates a new tenant from a backup, and from a live tenant, with identical data', async () => {
    const tenant = await richTenant({ plan: 'professional' });
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    await q(`INSERT INTO ${quoteIdent(tenant.schemaName)}.users (email) VALUES ('after@rich.test')`);

    const fromBackup = await backups.current.clone({ backupId: backup.id }, { slug: slug() });
    expect(fromBackup.tenant).toMatchObject({ status: 'active', plan: 'professional', name: 'Rich (copy)' });
    expect(fromBackup.rowCounts).toMatchObject({ users: 5, invoices: 4 });
    const fromLive = await backups.current.clone({ tenantId: tenant.id }, { slug: slug(), name: 'Twin' });
    expect(fromLive.rowCounts).toMatchObject({ users: 6, invoices: 4 });
    const cs = quoteIdent(fromLive.tenant.schemaName);
    expect((await q(`INSERT INTO ${cs}.invoices (amount) VALUES (3) RETURNING code, touched`)).rows[0]).toEqual({
      code: 'INV-1004',
      touched: 1,
    });
    // The source is untouched by writes to the clone.
    expect((await q(`SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schemaName)}.invoices`)).rows[0].n).toBe(4);
    expect(await outcome(backups.current.clone({}, { slug: slug() }))).toBe('BAD_USER_INPUT');
    expect(await outcome(backups.current.clone({ tenantId: tenant.id }, { slug: tenant.slug }))).toBe('CONFLICT');
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
