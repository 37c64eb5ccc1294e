// Reads through every Prisma path, including relations loaded by include/select and by Pothos' fallbacks,
// answer only from the tenant asked for.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { PrismaClient, Tenant } from '../../../../src/generated/prisma/client.js';
import type PrismaTypes from '../../../../src/generated/pothos-types.js';
import { getDatamodel } from '../../../../src/generated/pothos-types.js';
import { scopedPrisma } from '../../../../src/tenancy/scoped-prisma.js';
import { a, b, onlyOf, SHARED, useSeededTenants } from './isolation-setup.js';

const { t, client, raw } = useSeededTenants();

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
});
