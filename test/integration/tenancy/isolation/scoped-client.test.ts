// The scoped client fails closed: no tenant delegates without a tenant, no schema-ambiguous calls, and raw SQL
// only through the tenant-table placeholder.
import { describe, expect, it } from 'vitest';
import { scopedPrisma } from '../../../../src/tenancy/scoped-prisma.js';
import { a, b, onlyOf, useSeededTenants } from './isolation-setup.js';

const { t, client } = useSeededTenants();

describe('tenant isolation through every Prisma path', () => {
  it('the scoped client hands out tenant delegates only for a tenant, and refuses schema-ambiguous calls', async () => {
    const noTenant = scopedPrisma(t.current.clients, () => {
      throw Object.assign(new Error('TENANT_REQUIRED'), { extensions: { code: 'TENANT_REQUIRED' } });
    });
    expect(() => noTenant.user).toThrow('TENANT_REQUIRED');
    expect(await noTenant.tenant.count()).toBeGreaterThanOrEqual(2); // control-plane models need no tenant
    const scoped = scopedPrisma(t.current.clients, () => a.schemaName);
    expect(() => scoped.$queryRaw).toThrow(/schema-ambiguous/);
    expect(() => scoped.$transaction).toThrow(/schema-ambiguous/);
    expect('user' in scoped && 'tenant' in scoped).toBe(true);
    onlyOf(a, await scoped.user.findMany());
  });
});

describe('raw SQL', () => {
  it('Prisma $queryRaw on a tenant client is refused unless it names tenant tables through the placeholder (fail closed)', async () => {
    await expect(client(a).$queryRaw`SELECT name FROM users`).rejects.toThrow(
      /names no tenant table.*refused, nothing was sent/,
    );
    const users = t.current.clients.tenantTable('users');
    onlyOf(a, await client(a).$queryRaw<{ name: string }[]>`SELECT name FROM ${users}`);
    onlyOf(b, await client(b).$queryRaw<{ name: string }[]>`SELECT name FROM ${users}`);
  });
});
