// The isolation tests' world: two tenants hold rows that look alike (the same e-mail in both) but carry their
// tenant's slug as a fingerprint. Every Prisma path, and the raw SQL helper, must only ever return and touch the
// rows of the tenant it was asked for.
import { beforeAll, expect } from 'vitest';
import type { Tenant } from '../../../../src/generated/prisma/client.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { useProvisioner } from '../../../helpers/provisioner.js';

export const SHARED = 'shared@example.com';
/** The file's two seeded tenants, set by the beforeAll that useSeededTenants() registers. */
export let a: Tenant;
export let b: Tenant;

/** Every row of `rows` carries `tenant`'s fingerprint, in whichever column holds it. */
export function onlyOf(tenant: Tenant, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const print = String(row.name ?? row.tokenHash ?? row.token_hash ?? row.action);
    expect(print.startsWith(tenant.slug), `${JSON.stringify(row)} is not ${tenant.slug}'s`).toBe(true);
  }
}

/** Registers the file's provisioner and seeds tenants `a` and `b`; call at the top of a test file. */
export function useSeededTenants() {
  const t = useProvisioner();
  const client = (tenant: Tenant) => t.current.clients.forSchema(tenant.schemaName);

  /** Rows of a tenant table read straight from its schema (no Prisma): the ground truth. */
  async function raw(tenant: Tenant, table: 'users' | 'sessions' | 'audit_logs') {
    return (await t.current.db.pool.query(`SELECT * FROM ${quoteIdent(tenant.schemaName)}.${table}`)).rows;
  }

  async function seed(tenant: Tenant) {
    const db = client(tenant);
    await db.user.create({
      data: {
        email: SHARED,
        name: `${tenant.slug} shared`,
        sessions: { create: { tokenHash: `${tenant.slug}-shared-token`, expiresAt: new Date(Date.now() + 3600_000) } },
      },
    });
    for (let i = 0; i < 4; i++) {
      await db.user.create({
        data: {
          email: `${tenant.slug}-${i}@example.com`,
          name: `${tenant.slug} user ${i}`,
          sessions: {
            create: [0, 1].map((s) => ({
              tokenHash: `${tenant.slug}-token-${i}-${s}`,
              expiresAt: new Date(Date.now() + 3600_000),
            })),
          },
        },
      });
    }
    await db.auditLog.create({ data: { action: `${tenant.slug}.seeded` } });
  }

  beforeAll(async () => {
    const stamp = Date.now().toString(36);
    a = await t.current.provisioner.createTenant({ name: 'A', slug: `iso-a-${stamp}` });
    b = await t.current.provisioner.createTenant({ name: 'B', slug: `iso-b-${stamp}` });
    await seed(a);
    await seed(b);
  });
  return { t, client, raw };
}
