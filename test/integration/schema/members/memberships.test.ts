// An account's memberships across tenants (`me`), its activity, and Tenant.usage.users as members come and go.
import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, PLATFORM_HOST, tenantWithMembers } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { fresh, membersApi } from './members-api.js';
import { gql } from '../../../gql/index.js';

const gw = useTestGateway();
const { control, invite, accept, update, remove, usersUsage } = membersApi(gw);

describe('me', () => {
  it("lists the account's memberships across tenants, pending ones included", async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const email = `roamer-${fresh()}@x.test`;
    await invite(a, email, 'ADMIN', a.owner);
    await invite(b, email, 'VIEWER', b.owner);
    await accept(a, { email });
    const me = await execute(gw.current, gql(`query MembershipsMe { me { account { email } memberships { role status acceptedAt tenant { slug } } } }`), {
      host: PLATFORM_HOST,
      as: { email },
    });
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
  it('sets lastActiveAt after a request on the tenant host', async () => {
    const t = await tenantWithMembers(gw.current);
    const lastActive = async () => (await control().tenantMember.findUnique({ where: { id: t.member.memberId } }))!.lastActiveAt;
    expect(await lastActive()).toBeNull();
    const before = Date.now();
    await execute(gw.current, gql(`query MembershipsCurrentTenant { currentTenant { name } }`), { host: t.host, as: t.member });
    // recorded fire-and-forget, after the response
    const deadline = Date.now() + 5_000;
    let seen = await lastActive();
    while (!seen && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await lastActive();
    }
    expect(seen!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const listed = await execute(gw.current, gql(`query MembershipsMembers { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }`), { host: t.host, as: t.admin });
    expectNoErrors(listed);
    expect(Date.parse(listed.data.members.edges[0]!.node.lastActiveAt!)).toBe(seen!.getTime());
  });

  it('Tenant.usage.users counts seats (active members, invited or accepted, as the seat check does) through invite, accept, suspend and remove', async () => {
    const t = await tenantWithMembers(gw.current); // 4 members written directly, so usage is measured on demand first
    const refreshed = await execute(gw.current, gql(`mutation MembershipsRefreshTenantUsage { refreshTenantUsage { usage { users } } }`), { host: t.host, as: t.admin });
    expectNoErrors(refreshed);
    expect(refreshed.data.refreshTenantUsage.usage.users).toBe(4);

    const email = `counted-${fresh()}@x.test`;
    const invited = await invite(t, email);
    expectNoErrors(invited);
    expect(await usersUsage(t)).toBe(5); // the invitation holds a seat
    await accept(t, { email });
    expect(await usersUsage(t)).toBe(5);
    await update(t, t.admin, { id: invited.data.inviteMember.id, status: 'SUSPENDED' });
    expect(await usersUsage(t)).toBe(4);
    await update(t, t.admin, { id: invited.data.inviteMember.id, status: 'ACTIVE' });
    expect(await usersUsage(t)).toBe(5);
    await remove(t, t.admin, t.viewer.memberId);
    expect(await usersUsage(t)).toBe(4);
  });
});
