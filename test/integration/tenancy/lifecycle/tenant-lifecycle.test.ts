import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { countRows, outcome, schemaExists, tablesOf, useProvisioner } from '../../../helpers/provisioner.js';

const t = useProvisioner();
let n = 0;
const create = (extra: Record<string, unknown> = {}) => {
  const slug = `life-${++n}-${Date.now().toString(36)}`;
  return t.current.provisioner.createTenant({ name: `Tenant ${n}`, slug, domain: `${slug}.example.com`, ...extra });
};

beforeEach(() => {
  t.current.published.length = 0;
});

describe('suspend / activate', () => {
  it('suspends with a reason and activates again, announcing each change', async () => {
    const tenant = await create();
    t.current.published.length = 0;
    const suspended = await t.current.provisioner.suspendTenant(tenant.id, 'unpaid invoice');
    expect(suspended.status).toBe('suspended');
    expect(suspended.metadata).toMatchObject({ suspension_reason: 'unpaid invoice', suspended_at: expect.any(String) });
    const active = await t.current.provisioner.activateTenant(tenant.id);
    expect(active.status).toBe('active');
    expect(active.metadata).not.toHaveProperty('suspended_at');
    expect(t.current.published.map((c) => c.kind)).toEqual(['suspended', 'activated']);
    for (const change of t.current.published) {
      expect(change).toMatchObject({ tenantId: tenant.id, slug: tenant.slug, schemas: [tenant.schemaName] });
      expect(change.domains).toEqual(
        expect.arrayContaining([`${tenant.slug}.example.com`, `${tenant.slug}.localhost`]),
      );
    }
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '']) {
      expect(await outcome(t.current.provisioner.suspendTenant(id))).toBe('NOT_FOUND');
      expect(await outcome(t.current.provisioner.activateTenant(id))).toBe('NOT_FOUND');
      expect(await outcome(t.current.provisioner.archiveTenant(id))).toBe('NOT_FOUND');
      expect(await outcome(t.current.provisioner.deleteTenant(id))).toBe('NOT_FOUND');
      expect(await outcome(t.current.provisioner.backupTenant(id))).toBe('NOT_FOUND');
      expect(await outcome(t.current.provisioner.updateTenant(id, { name: 'x' }))).toBe('NOT_FOUND');
    }
  });
});

describe('archiveTenant', () => {
  it('marks the tenant ARCHIVED, records when and why, and moves its schema out of the way', async () => {
    const tenant = await create();
    await t.current.db.pool.query(
      `INSERT INTO ${quoteIdent(tenant.schemaName)}.users (email) VALUES ('kept@example.com')`,
    );
    t.current.clients.forSchema(tenant.schemaName);
    const archived = await t.current.provisioner.archiveTenant(tenant.id, 'customer left');
    expect(archived.status).toBe('archived');
    expect(archived.metadata).toMatchObject({ archive_reason: 'customer left', archived_at: expect.any(String) });
    expect(archived.schemaName).toMatch(/^archive_tenant_life_/);
    expect(archived.schemaName.length).toBeLessThanOrEqual(63);
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(false);
    expect(await countRows(t.current, archived.schemaName, 'users')).toBe(1);
    expect(t.current.clients.has(tenant.schemaName)).toBe(false);
    expect(t.current.published.at(-1)).toMatchObject({
      kind: 'archived',
      schemas: [tenant.schemaName, archived.schemaName],
    });
    // archived is final for suspend/activate/archive
    expect(await outcome(t.current.provisioner.activateTenant(tenant.id))).toBe('CONFLICT');
    expect(await outcome(t.current.provisioner.suspendTenant(tenant.id))).toBe('CONFLICT');
    expect(await outcome(t.current.provisioner.archiveTenant(tenant.id))).toBe('CONFLICT');
  });

  it('archives a tenant whose schema name is 63 characters long', async () => {
    const tenant = await create({ schemaName: `a${Date.now().toString(36)}`.padEnd(63, 'z') });
    const archived = await t.current.provisioner.archiveTenant(tenant.id);
    expect(archived.metadata).toMatchObject({ archive_reason: null });
    expect(archived.schemaName.length).toBeLessThanOrEqual(63);
    expect(await tablesOf(t.current, archived.schemaName)).toContain('users');
  });

  it('archives through updateTenant({ status: "archived" }) as well', async () => {
    const tenant = await create();
    const archived = await t.current.provisioner.updateTenant(tenant.id, { status: 'archived', name: 'Gone Inc' });
    expect(archived).toMatchObject({ status: 'archived', name: 'Gone Inc' });
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(false);
  });
});

describe('deleteTenant', () => {
  it('drops the schema and removes the row with its domains', async () => {
    const tenant = await create({ schemaName: `d${Date.now().toString(36)}`.padEnd(63, 'q') });
    t.current.clients.forSchema(tenant.schemaName);
    await t.current.provisioner.deleteTenant(tenant.id);
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(false);
    const rows = await t.current.db.pool.query(
      'SELECT (SELECT count(*) FROM tenants WHERE id = $1)::int AS t, (SELECT count(*) FROM tenant_domains WHERE tenant_id = $1)::int AS d',
      [tenant.id],
    );
    expect(rows.rows[0]).toEqual({ t: 0, d: 0 });
    expect(t.current.clients.has(tenant.schemaName)).toBe(false);
    expect(t.current.published.at(-1)).toMatchObject({
      kind: 'deleted',
      tenantId: tenant.id,
      schemas: [tenant.schemaName],
    });
    expect(await outcome(t.current.provisioner.deleteTenant(tenant.id))).toBe('NOT_FOUND');
  });

  it('deletes an archived tenant, dropping its archive schema', async () => {
    const tenant = await create();
    const archived = await t.current.provisioner.archiveTenant(tenant.id);
    await t.current.provisioner.deleteTenant(tenant.id);
    expect(await schemaExists(t.current, archived.schemaName)).toBe(false);
  });
});

describe('backupTenant', () => {
  it('copies the schema with the same row counts as the source', async () => {
    const tenant = await create();
    const q = quoteIdent(tenant.schemaName);
    await t.current.db.pool.query(`
      INSERT INTO ${q}.users (email) SELECT 'b' || i || '@example.com' FROM generate_series(1, 12) i;
      INSERT INTO ${q}.sessions (user_id, token_hash, expires_at) SELECT id, md5(email), now() FROM ${q}.users LIMIT 5;
      INSERT INTO ${q}.audit_logs (action) VALUES ('one'), ('two')`);
    const backup = await t.current.provisioner.backupTenant(tenant.id);
    expect(backup.schemaName).toMatch(/^backup_tenant_life_/);
    expect(backup.createdAt).toBeInstanceOf(Date);
    expect(backup.tables).toEqual(['audit_logs', 'schema_migrations', 'sessions', 'users']);
    for (const table of backup.tables) {
      expect(await countRows(t.current, backup.schemaName, table), table).toBe(
        await countRows(t.current, tenant.schemaName, table),
      );
    }
    expect(await countRows(t.current, backup.schemaName, 'users')).toBe(12);
  });
});

describe('updateTenant', () => {
  it('changes name, plan, billing ids; merges limits, settings and metadata key by key', async () => {
    const tenant = await create({
      limits: { users: 5 },
      settings: { theme: 'dark', locale: 'en' },
      metadata: { source: 'sales' },
    });
    t.current.published.length = 0;
    const updated = await t.current.provisioner.updateTenant(tenant.id, {
      name: 'Renamed',
      plan: 'enterprise',
      limits: { storage_gb: 50 },
      settings: { locale: 'de', theme: null },
      metadata: { tier: 'gold' },
      billingCustomerId: 'cus_123',
      subscriptionId: 'sub_456',
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      plan: 'enterprise',
      // a plan change brings the plan's default limits; limits given override them
      limits: { users: 5000, storage_gb: 50, api_calls_per_month: 1_000_000 },
      settings: { locale: 'de' },
      metadata: { source: 'sales', tier: 'gold' },
      billingCustomerId: 'cus_123',
      subscriptionId: 'sub_456',
      slug: tenant.slug,
      schemaName: tenant.schemaName,
    });
    expect(updated.settings).not.toHaveProperty('theme');
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(tenant.updatedAt.getTime());
    const cleared = await t.current.provisioner.updateTenant(tenant.id, {
      billingCustomerId: null,
      status: 'suspended',
    });
    expect(cleared).toMatchObject({ billingCustomerId: null, status: 'suspended' });
    expect(t.current.published.map((c) => c.kind)).toEqual(['updated', 'updated']);
  });

  it('refuses to change slug or schema name, and bad values, before touching the row', async () => {
    const tenant = await create();
    t.current.published.length = 0;
    const cases: [Record<string, unknown>, string][] = [
      [{ slug: 'new-slug' }, 'slug'],
      [{ schemaName: 'tenant_other' }, 'schemaName'],
      [{ status: 'pending' }, 'status'],
      [{ plan: 'free' }, 'plan'],
      [{ limits: { users: 1.5 } }, 'limits.users'],
      [{ name: '' }, 'name'],
      [{ metadata: 'text' }, 'metadata'],
    ];
    for (const [patch, field] of cases) {
      const err = await t.current.provisioner.updateTenant(tenant.id, patch as never).catch((e) => e);
      expect(err.extensions, JSON.stringify(patch)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const { rows } = await t.current.db.pool.query('SELECT slug, schema_name, updated_at FROM tenants WHERE id = $1', [
      tenant.id,
    ]);
    expect(rows[0]).toEqual({ slug: tenant.slug, schema_name: tenant.schemaName, updated_at: tenant.updatedAt });
    expect(t.current.published).toEqual([]);
  });
});
