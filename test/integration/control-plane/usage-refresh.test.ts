import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import {
  refreshAllStorageUsage,
  refreshStorageUsage,
  refreshUserUsage,
  schemaSizeBytes,
} from '../../../src/control-plane/usage-refresh.js';
import { useTestDatabase } from '../../helpers/database.js';
import { createThrowawaySchema } from '../../helpers/tenant-schema.js';

const db = useTestDatabase();

async function createTenant(slug: string, schemaName: string, status = 'active'): Promise<string> {
  const { rows } = await db.current.pool.query<{ id: string }>(
    `INSERT INTO tenants (name, slug, schema_name, status, usage) VALUES ($1, $1, $2, $3, '{"users": 0, "storage_gb": 0, "api_calls_per_month": 77}')
     RETURNING id`,
    [slug, schemaName, status],
  );
  return rows[0]!.id;
}

interface UsageJson {
  users: number;
  storage_gb: number;
  api_calls_per_month: number;
}

async function usageOf(tenantId: string): Promise<UsageJson> {
  const { rows } = await db.current.pool.query<{ usage: UsageJson }>('SELECT usage FROM tenants WHERE id = $1', [
    tenantId,
  ]);
  return rows[0]!.usage;
}

async function addMember(tenantId: string, email: string, status: string, accepted: boolean) {
  await db.current.pool.query(
    `WITH a AS (INSERT INTO accounts (email) VALUES ($2) RETURNING id)
     INSERT INTO tenant_users (tenant_id, user_id, status, accepted_at) SELECT $1, a.id, $3, $4 FROM a`,
    [tenantId, email, status, accepted ? new Date() : null],
  );
}

describe('refreshStorageUsage', () => {
  it('stores the size of the tenant schema in GB, and the number grows with the data', async () => {
    const pool = db.current.pool;
    const schema = await createThrowawaySchema(pool);
    const tenantId = await createTenant('storage-grows', schema.name);

    const before = await refreshStorageUsage(pool, { id: tenantId, schemaName: schema.name });
    expect(before).toBe((await schemaSizeBytes(pool, schema.name)) / 1024 ** 3);
    expect(before).toBeGreaterThan(0); // indexes of empty tables take pages too
    expect((await usageOf(tenantId)).storage_gb).toBe(before);

    await pool.query(
      `INSERT INTO "${schema.name}".users (email, name)
       SELECT 'user' || i || '@example.com', repeat('x', 500) FROM generate_series(1, 5000) AS i`,
    );
    const after = await refreshStorageUsage(pool, { id: tenantId, schemaName: schema.name });
    const grownBytes = (after - before) * 1024 ** 3;
    expect(grownBytes).toBeGreaterThan(5000 * 500); // at least the payload written
    expect((await usageOf(tenantId)).storage_gb).toBe(after);
    // The other usage keys are left as they were.
    expect((await usageOf(tenantId)).api_calls_per_month).toBe(77);

    await pool.query(`TRUNCATE "${schema.name}".users CASCADE`);
    expect(await refreshStorageUsage(pool, { id: tenantId, schemaName: schema.name })).toBeLessThan(after);
    await schema.drop();
  });

  it('counts only the tenant schema, not its neighbours', async () => {
    const pool = db.current.pool;
    const mine = await createThrowawaySchema(pool);
    const neighbour = await createThrowawaySchema(pool);
    const tenantId = await createTenant('storage-alone', mine.name);
    const before = await refreshStorageUsage(pool, { id: tenantId, schemaName: mine.name });
    await pool.query(
      `INSERT INTO "${neighbour.name}".users (email, name) SELECT 'n' || i || '@example.com', repeat('y', 500) FROM generate_series(1, 2000) AS i`,
    );
    expect(await refreshStorageUsage(pool, { id: tenantId, schemaName: mine.name })).toBe(before);
    await mine.drop();
    await neighbour.drop();
  });

  it('stores 0 for a schema that does not exist yet, and NOT_FOUND for an unknown tenant', async () => {
    const tenantId = await createTenant('storage-none', 'tenant_storage_none_yet');
    expect(await refreshStorageUsage(db.current.pool, { id: tenantId, schemaName: 'tenant_storage_none_yet' })).toBe(0);
    await expect(
      refreshStorageUsage(db.current.pool, { id: crypto.randomUUID(), schemaName: 'tenant_x' }),
    ).rejects.toThrow(NotFoundError);
    await expect(refreshStorageUsage(db.current.pool, { id: 'not-a-uuid', schemaName: 'tenant_x' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('refreshAllStorageUsage', () => {
  it('refreshes every tenant that is not archived', async () => {
    const pool = db.current.pool;
    const a = await createThrowawaySchema(pool);
    const b = await createThrowawaySchema(pool);
    const idA = await createTenant('all-a', a.name);
    const idB = await createTenant('all-b', b.name, 'suspended');
    const idArchived = await createTenant('all-archived', 'archive_gone', 'archived');
    await pool.query(
      `INSERT INTO "${b.name}".audit_logs (action, metadata) SELECT 'x', jsonb_build_object('pad', repeat('z', 800)) FROM generate_series(1, 3000)`,
    );

    const result = await refreshAllStorageUsage(pool);

    expect(result.failed).toEqual([]);
    expect(result.refreshed).toBeGreaterThanOrEqual(2);
    expect((await usageOf(idA)).storage_gb).toBe((await schemaSizeBytes(pool, a.name)) / 1024 ** 3);
    expect((await usageOf(idB)).storage_gb).toBe((await schemaSizeBytes(pool, b.name)) / 1024 ** 3);
    expect((await usageOf(idB)).storage_gb).toBeGreaterThan((await usageOf(idA)).storage_gb);
    expect((await usageOf(idArchived)).storage_gb).toBe(0);
    await a.drop();
    await b.drop();
  });
});

describe('refreshUserUsage', () => {
  it('counts seats: active members, accepted or still invited (as the seat check counts), and stores the number', async () => {
    const tenantId = await createTenant('members-count', 'tenant_members_count');
    const other = await createTenant('members-other', 'tenant_members_other');
    await addMember(tenantId, 'active1@example.com', 'active', true);
    await addMember(tenantId, 'active2@example.com', 'active', true);
    await addMember(tenantId, 'invited@example.com', 'active', false);
    await addMember(tenantId, 'inactive@example.com', 'inactive', true);
    await addMember(tenantId, 'suspended@example.com', 'suspended', true);
    await addMember(other, 'elsewhere@example.com', 'active', true);

    expect(await refreshUserUsage(db.current.pool, tenantId)).toBe(3);
    expect(await usageOf(tenantId)).toMatchObject({ users: 3, api_calls_per_month: 77 });

    await db.current.pool.query(
      `UPDATE tenant_users SET accepted_at = now() WHERE tenant_id = $1 AND accepted_at IS NULL`,
      [tenantId],
    );
    expect(await refreshUserUsage(db.current.pool, tenantId)).toBe(3);
    expect((await usageOf(tenantId)).users).toBe(3);
  });

  it('answers NOT_FOUND for an unknown tenant', async () => {
    await expect(refreshUserUsage(db.current.pool, crypto.randomUUID())).rejects.toThrow(NotFoundError);
  });
});
