// An account's memberships across tenants (`me`), its activity, and Tenant.usage.users as members come and go.
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, PLATFORM_HOST, tenantWithMembers } from '../../../helpers/api.js';
import { fresh, test } from './members-api.js';
import { gql } from '../../../gql/index.js';

describe('me', () => {
  test("lists the account's memberships across tenants, pending ones included", async ({ gw, tenant: a, members }) => {
    const b = await tenantWithMembers(gw);
    const email = `roamer-${fresh()}@x.test`;
    await members.invite(a, email, 'ADMIN', a.owner);
    await members.invite(b, email, 'VIEWER', b.owner);
    await members.accept(a, { email });
    const me = await execute(
      gw,
      gql(`query MyMemberships { me { account { email } memberships { role status acceptedAt tenant { slug } } } }`),
      {
        host: PLATFORM_HOST,
        as: { email },
      },
    );
    expectNoErrors(me);
    expect(me.data.me.account.email).toBe(email);
    const bySlug = Object.fromEntries(me.data.me.memberships.map((m) => [m.tenant.slug, m]));
    expect(Object.keys(bySlug).sort()).toEqual([a.tenant.slug, b.tenant.slug].sort());
    expect(bySlug[a.tenant.slug]).toMatchObject({ role: 'ADMIN', status: 'ACTIVE' });
    expect(bySlug[a.tenant.slug]!.acceptedAt).not.toBeNull();
    expect(bySlug[b.tenant.slug]).toMatchObject({ role: 'VIEWER', status: 'ACTIVE', acceptedAt: null });
  });
});

describe('activity and usage', () => {
  test('sets lastActiveAt after a request on the tenant host', async ({ gw, tenant: t, members }) => {
    const lastActive = async () =>
      (await members.control().tenantMember.findUnique({ where: { id: t.member.memberId } }))!.lastActiveAt;
    expect(await lastActive()).toBeNull();
    const before = Date.now();
    await execute(gw, gql(`query ActivityPing { currentTenant { name } }`), { host: t.host, as: t.member });
    // recorded fire-and-forget, after the response
    const deadline = Date.now() + 5_000;
    let seen = await lastActive();
    while (!seen && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await lastActive();
    }
    expect(seen!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const listed = await execute(
      gw,
      gql(`query MembersLastActive { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }`),
      { host: t.host, as: t.admin },
    );
    expectNoErrors(listed);
    expect(Date.parse(listed.data.members.edges[0]!.node.lastActiveAt!)).toBe(seen!.getTime());
  });

  test('Tenant.usage.users counts seats (active members, invited or accepted, as the seat check does) through invite, accept, suspend and remove', async ({
    gw,
    tenant: t,
    members,
  }) => {
    // 4 members written directly, so usage is measured on demand first
    const refreshed = await execute(gw, gql(`mutation RefreshSeatUsage { refreshTenantUsage { usage { users } } }`), {
      host: t.host,
      as: t.admin,
    });
    expectNoErrors(refreshed);
    expect(refreshed.data.refreshTenantUsage.usage.users).toBe(4);

    const email = `counted-${fresh()}@x.test`;
    const invited = await members.invite(t, email);
    expectNoErrors(invited);
    expect(await members.usersUsage(t)).toBe(5); // the invitation holds a seat
    await members.accept(t, { email });
    expect(await members.usersUsage(t)).toBe(5);
    await members.update(t, t.admin, { id: invited.data.inviteMember.id, status: 'SUSPENDED' });
    expect(await members.usersUsage(t)).toBe(4);
    await members.update(t, t.admin, { id: invited.data.inviteMember.id, status: 'ACTIVE' });
    expect(await members.usersUsage(t)).toBe(5);
    await members.remove(t, t.admin, t.viewer.memberId);
    expect(await members.usersUsage(t)).toBe(4);
  });
});
