// Writes and transactions on one tenant's client land in its schema only and leave the other tenant's rows as they were.
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../../src/generated/prisma/client.js';
import { a, b, onlyOf, SHARED, useSeededTenants } from './isolation-setup.js';

const { client, raw } = useSeededTenants();

describe('tenant isolation through every Prisma path', () => {
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
});
