// Two tenants hold rows that look alike (the same e-mail in both) but carry their tenant's slug as a
// fingerprint. Every Prisma path, and the raw SQL helper, must only ever return and touch the rows
// of the tenant it was asked for.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import { graphql } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient, Tenant } from '../../../src/generated/prisma/client.js';
import type PrismaTypes from '../../../src/generated/pothos-types.js';
import { getDatamodel } from '../../../src/generated/pothos-types.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { scopedPrisma } from '../../../src/tenancy/scoped-prisma.js';
import { useProvisioner } from '../../helpers/provisioner.js';

const t = useProvisioner();
let a: Tenant;
let b: Tenant;
const client = (tenant: Tenant) => t.current.clients.forSchema(tenant.schemaName);
const SHARED = 'shared@example.com';

/** Rows of a tenant table read straight from its schema (no Prisma): the ground truth. */
async function raw(tenant: Tenant, table: 'users' | 'sessions' | 'audit_logs') {
  return (await t.current.db.pool.query(`SELECT * FROM ${quoteIdent(tenant.schemaName)}.${table}`)).rows;
}

/** Every row of `rows` carries `tenant`'s fingerprint, in whichever column holds it. */
function onlyOf(tenant: Tenant, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const print = String(row.name ?? row.tokenHash ?? row.token_hash ?? row.action);
    expect(print.startsWith(tenant.slug), `${JSON.stringify(row)} is not ${tenant.slug}'s`).toBe(true);
  }
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

describe('tenant isolation through every Prisma path', () => {
  it("findMany returns only the tenant's own rows", async () => {
    for (const tenant of [a, b]) {
      const users = await client(tenant).user.findMany();
      expect(users).toHaveLength(5);
      onlyOf(tenant, users);
      onlyOf(tenant, await client(tenant).session.findMany());
      onlyOf(tenant, await client(tenant).auditLog.findMany());
    }
  });

  it('findUnique batched in one tick across both tenants answers each from its own schema', async () => {
    const [aUser] = await raw(a, 'users');
    const [bUser] = await raw(b, 'users');
    const calls = [];
    for (let i = 0; i < 10; i++) {
      calls.push(
        client(a).user.findUnique({ where: { email: SHARED } }),
        client(b).user.findUnique({ where: { email: SHARED } }),
        client(a).user.findUnique({ where: { id: bUser.id } }),
        client(b).user.findUnique({ where: { id: aUser.id } }),
        client(a).user.findUnique({ where: { id: aUser.id } }),
      );
    }
    const results = await Promise.all(calls);
    for (let i = 0; i < results.length; i += 5) {
      expect(results[i]?.name).toBe(`${a.slug} shared`);
      expect(results[i + 1]?.name).toBe(`${b.slug} shared`);
      expect(results[i + 2]).toBeNull();
      expect(results[i + 3]).toBeNull();
      expect(results[i + 4]?.id).toBe(aUser.id);
    }
  });

  it('nested include and select load relations from the same schema', async () => {
    for (const tenant of [a, b]) {
      const users = await client(tenant).user.findMany({ include: { sessions: true } });
      onlyOf(tenant, users);
      const sessions = users.flatMap((u) => u.sessions);
      expect(sessions).toHaveLength(9);
      onlyOf(tenant, sessions);
      const back = await client(tenant).session.findMany({
        select: { tokenHash: true, user: { select: { name: true } } },
      });
      onlyOf(tenant, back);
      onlyOf(
        tenant,
        back.map((s) => s.user),
      );
    }
  });

  it('create/update/delete/upsert/createMany on one tenant never touch the other', async () => {
    const before = await raw(b, 'users');
    const bOnly = before.find((u) => u.email !== SHARED)!;
    const db = client(a);
    await db.user.create({ data: { email: 'fresh@example.com', name: `${a.slug} fresh` } });
    await db.user.createMany({
      data: [1, 2].map((i) => ({ email: `bulk${i}@example.com`, name: `${a.slug} bulk ${i}` })),
    });
    await db.user.update({ where: { email: SHARED }, data: { name: `${a.slug} shared (edited)` } });
    // B's id and e-mail mean nothing in A's schema:
    await expect(db.user.delete({ where: { id: bOnly.id } })).rejects.toMatchObject({ code: 'P2025' });
    await expect(db.user.update({ where: { id: bOnly.id }, data: { name: 'hijacked' } })).rejects.toMatchObject({
      code: 'P2025',
    });
    const upserted = await db.user.upsert({
      where: { email: bOnly.email },
      create: { email: bOnly.email, name: `${a.slug} upserted` },
      update: { name: 'hijacked' },
    });
    expect(upserted.name).toBe(`${a.slug} upserted`);
    expect((await db.user.deleteMany({ where: { name: { startsWith: b.slug } } })).count).toBe(0);
    await db.user.delete({ where: { email: 'bulk1@example.com' } });
    await db.user.updateMany({ data: { metadata: { touched: a.slug } } });

    expect(await raw(b, 'users')).toEqual(before);
    const aUsers = await raw(a, 'users');
    onlyOf(a, aUsers);
    expect(aUsers.every((u) => u.metadata.touched === a.slug)).toBe(true);
    expect(aUsers.map((u) => u.email)).toEqual(
      expect.arrayContaining(['fresh@example.com', 'bulk2@example.com', bOnly.email]),
    );
  });

  it("interactive transactions run in the tenant's schema, concurrently, and roll back there", async () => {
    const bBefore = await raw(b, 'users');
    const inTx = async (tenant: Tenant) =>
      client(tenant).$transaction(async (tx) => {
        await tx.auditLog.create({ data: { action: `${tenant.slug}.tx` } });
        const users = await tx.user.findMany({ include: { sessions: true } });
        onlyOf(tenant, users);
        onlyOf(
          tenant,
          users.flatMap((u) => u.sessions),
        );
        return tx.auditLog.count();
      });
    const [aCount, bCount] = await Promise.all([inTx(a), inTx(b)]);
    expect(aCount).toBe((await raw(a, 'audit_logs')).length);
    expect(bCount).toBe((await raw(b, 'audit_logs')).length);

    await expect(
      client(a).$transaction(async (tx) => {
        await tx.user.create({ data: { email: 'rolled-back@example.com', name: `${a.slug} gone` } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await raw(a, 'users')).some((u) => u.email === 'rolled-back@example.com')).toBe(false);
    expect(await raw(b, 'users')).toEqual(bBefore);

    const [aUsers, bUsers] = await client(a).$transaction([client(a).user.findMany(), client(a).user.count()]);
    onlyOf(a, aUsers);
    expect(bUsers).toBe(aUsers.length);
  });

  it("Pothos relation fallbacks (parent loaded without include) load from the request's tenant", async () => {
    const builder = new SchemaBuilder<{ Context: { prisma: PrismaClient }; PrismaTypes: PrismaTypes }>({
      plugins: [PrismaPlugin],
      prisma: { client: (ctx) => ctx.prisma, dmmf: getDatamodel() },
      // Required by the type once the app's builder loads the scope-auth plugin; unused here.
      scopeAuth: { authScopes: () => ({}) },
    });
    const User = builder.prismaObject('User', {
      fields: (f) => ({ name: f.exposeString('name', { nullable: true }), sessions: f.relation('sessions') }),
    });
    builder.prismaObject('Session', {
      fields: (f) => ({ tokenHash: f.exposeString('tokenHash'), user: f.relation('user') }),
    });
    builder.queryType({
      fields: (f) => ({
        // Deliberately ignores Pothos' `query`: sessions and user come from the relation fallback.
        byEmail: f.field({
          type: User,
          nullable: true,
          args: { email: f.arg.string({ required: true }) },
          resolve: (_r, args, ctx) => ctx.prisma.user.findUnique({ where: { email: args.email } }),
        }),
      }),
    });
    const schema = builder.toSchema();
    const source = `{ byEmail(email: "${SHARED}") { name sessions { tokenHash user { name sessions { tokenHash } } } } }`;
    const run = (tenant: Tenant) =>
      graphql({ schema, source, contextValue: { prisma: scopedPrisma(t.current.clients, () => tenant.schemaName) } });
    const results = await Promise.all([run(a), run(b), run(a), run(b)]);
    for (const [i, tenant] of [a, b, a, b].entries()) {
      const result = results[i]!;
      expect(result.errors).toBeUndefined();
      const user = (
        result.data as {
          byEmail: {
            name: string;
            sessions: { tokenHash: string; user: { name: string; sessions: { tokenHash: string }[] } }[];
          };
        }
      ).byEmail;
      expect(user.name.startsWith(tenant.slug)).toBe(true);
      expect(user.sessions.map((s) => s.tokenHash)).toEqual([`${tenant.slug}-shared-token`]);
      expect(user.sessions[0]!.user.name).toBe(user.name);
      expect(user.sessions[0]!.user.sessions).toEqual([{ tokenHash: `${tenant.slug}-shared-token` }]);
    }
  });

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
