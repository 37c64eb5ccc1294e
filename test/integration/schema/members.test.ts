// Members over the API (issue 5 §4, docs/ARCHITECTURE.md "Roles"): invitations create accounts and count toward
// limits.users (also under concurrency), a membership counts once accepted, a tenant always keeps an
// active owner, admins never touch owners, and every change is audited in the tenant's own schema.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { graphql, outcome, PLATFORM_HOST, tenantWithMembers, type Identity } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';

const gw = useTestGateway();
const staff: Identity = { email: 'staff@platform.test', systemAdmin: true };

type World = Awaited<ReturnType<typeof tenantWithMembers>>;
const fresh = () => randomBytes(4).toString('hex');
const control = () => gw.current.services.clients.control();

const INVITE = `mutation($email: String!, $role: MemberRole!) {
  inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }
}`;
const ACCEPT = 'mutation { acceptInvitation { id role status acceptedAt } }';
const UPDATE = `mutation($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {
  updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }
}`;
const REMOVE = 'mutation($id: ID!) { removeMember(id: $id) }';

const invite = (t: World, email: string, role = 'MEMBER', as: Identity = t.admin) =>
  graphql(gw.current, { host: t.host, as, query: INVITE, variables: { email, role } });
const update = (t: World, as: Identity, variables: Record<string, unknown>) => graphql(gw.current, { host: t.host, as, query: UPDATE, variables });
const remove = (t: World, as: Identity, id: string) => graphql(gw.current, { host: t.host, as, query: REMOVE, variables: { id } });

async function setUserLimit(t: World, users: number) {
  const result = await graphql(gw.current, {
    host: PLATFORM_HOST,
    as: staff,
    query: 'mutation($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }',
    variables: { id: t.tenant.id, users },
  });
  expect(result.errors).toBeUndefined();
}

/** An account invited to the tenant and accepted, as a fresh identity. */
async function joined(t: World, role: string): Promise<Identity & { memberId: string }> {
  const email = `${role.toLowerCase()}-${fresh()}@x.test`;
  const invited = await invite(t, email, role, t.owner);
  expect(invited.errors).toBeUndefined();
  const accepted = await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
  expect(accepted.errors).toBeUndefined();
  return { email, memberId: invited.data.inviteMember.id };
}

const usersUsage = async (t: World) =>
  (await graphql(gw.current, { host: t.host, as: t.admin, query: '{ currentTenant { usage { users } } }' })).data.currentTenant.usage.users;

describe('inviteMember', () => {
  it('creates the account once, from a normalised, case-insensitive email; the membership is ACTIVE and pending', async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const local = `New.Person.${fresh()}`;
    const first = await invite(a, `  ${local}@Example.COM `);
    expect(first.errors).toBeUndefined();
    const member = first.data.inviteMember;
    expect(member).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', acceptedAt: null, user: { email: `${local.toLowerCase()}@example.com` } });
    expect(Date.now() - Date.parse(member.invitedAt)).toBeLessThan(60_000);

    const second = await invite(b, `${local.toUpperCase()}@example.com`, 'VIEWER', b.owner);
    expect(second.errors).toBeUndefined();
    expect(second.data.inviteMember.user.id).toBe(member.user.id);
    expect(await control().account.count({ where: { email: `${local.toLowerCase()}@example.com` } })).toBe(1);
  });

  it('refuses an invalid email (BAD_USER_INPUT on `email`) and an existing member (CONFLICT), writing nothing', async () => {
    const t = await tenantWithMembers(gw.current);
    const accountsBefore = await control().account.count();
    for (const email of ['not-an-email', 'a@', '', 'x'.repeat(400) + '@example.com']) {
      const result = await invite(t, email);
      expect(outcome(result), email).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('email');
    }
    const again = await invite(t, t.member.email.toUpperCase());
    expect(outcome(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toContain('already a member');
    expect(await control().account.count()).toBe(accountsBefore);
    expect(await control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(4);
  });

  it('counts toward limits.users: the invitation past the limit is LIMIT_EXCEEDED and writes nothing', async () => {
    const t = await tenantWithMembers(gw.current); // 4 members already
    await setUserLimit(t, 6);
    expect(outcome(await invite(t, `one-${fresh()}@x.test`))).toBe('OK');
    expect(outcome(await invite(t, `two-${fresh()}@x.test`))).toBe('OK');
    const over = `three-${fresh()}@x.test`;
    const refused = await invite(t, over);
    expect(outcome(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors![0]!.message).toMatch(/limit of 6 users/);
    expect(await control().account.count({ where: { email: over } })).toBe(0);
    expect(await control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(6);
    // a full tenant still says CONFLICT for someone already in it: that is the more useful answer
    expect(outcome(await invite(t, t.viewer.email))).toBe('CONFLICT');
  });

  it('creates one account when the same new email is invited to several tenants at once', async () => {
    const tenants = await Promise.all(Array.from({ length: 4 }, () => tenantWithMembers(gw.current)));
    const email = `popular-${fresh()}@x.test`;
    const results = await Promise.all(tenants.map((t) => invite(t, email)));
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(new Set(results.map((r) => r.data.inviteMember.user.id)).size).toBe(1);
  });

  it('never lets concurrent invitations exceed the limit: 10 at once with 3 seats left, exactly 3 succeed', async () => {
    const t = await tenantWithMembers(gw.current);
    await setUserLimit(t, 7);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => invite(t, `rush-${i}-${fresh()}@x.test`)));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'LIMIT_EXCEEDED')).toHaveLength(7);
    expect(await control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(7);
  });
});

describe('acceptInvitation', () => {
  it('makes a pending invitee a member: before it they cannot read the members, after it they can', async () => {
    const t = await tenantWithMembers(gw.current);
    const email = `pending-${fresh()}@x.test`;
    await invite(t, email, 'VIEWER');
    const members = () => graphql(gw.current, { host: t.host, as: { email }, query: '{ members(first: 20) { totalCount } }' });
    expect(outcome(await members())).toBe('FORBIDDEN');

    const accepted = await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptInvitation).toMatchObject({ role: 'VIEWER', status: 'ACTIVE' });
    expect(Date.now() - Date.parse(accepted.data.acceptInvitation.acceptedAt)).toBeLessThan(60_000);
    const after = await members();
    expect(after.errors).toBeUndefined();
    expect(after.data.members.totalCount).toBe(5);
  });
});

describe('owners', () => {
  it('the last active owner cannot be demoted, suspended, deactivated or removed, by anyone', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const as of [t.owner, staff]) {
      for (const variables of [{ role: 'ADMIN' }, { status: 'SUSPENDED' }, { status: 'INACTIVE' }]) {
        const result = await update(t, as, { id: t.owner.memberId, ...variables });
        expect(outcome(result), JSON.stringify(variables)).toBe('FORBIDDEN');
        expect(result.errors![0]!.message).toBe('A tenant must keep at least one active owner: make someone else owner first.');
      }
      const removed = await remove(t, as, t.owner.memberId);
      expect(outcome(removed)).toBe('FORBIDDEN');
      expect(removed.errors![0]!.message).toMatch(/at least one active owner/);
    }
    expect(await control().tenantMember.findUnique({ where: { id: t.owner.memberId } })).toMatchObject({ role: 'owner', status: 'active' });
  });

  it('a pending owner does not count; once another owner has accepted, the first can step down', async () => {
    const t = await tenantWithMembers(gw.current);
    const email = `second-owner-${fresh()}@x.test`;
    const invited = await invite(t, email, 'OWNER', t.owner);
    expect(invited.errors).toBeUndefined();
    expect(outcome(await update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' }))).toBe('FORBIDDEN');

    await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
    const stepDown = await update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' });
    expect(stepDown.errors).toBeUndefined();
    expect(stepDown.data.updateMember.role).toBe('ADMIN');
    // the remaining owner is now the last one
    expect(outcome(await remove(t, { email }, invited.data.inviteMember.id))).toBe('FORBIDDEN');
  });

  it('two owners stepping down at the same time leave one owner', async () => {
    const t = await tenantWithMembers(gw.current);
    const other = await joined(t, 'OWNER');
    const results = await Promise.all([
      update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' }),
      update(t, other, { id: other.memberId, role: 'ADMIN' }),
    ]);
    expect(results.map(outcome).sort()).toEqual(['FORBIDDEN', 'OK']);
    expect(await control().tenantMember.count({ where: { tenantId: t.tenant.id, role: 'owner', status: 'active' } })).toBe(1);
  });

  it('admins cannot change or remove owners, nor make anyone an owner', async () => {
    const t = await tenantWithMembers(gw.current);
    await joined(t, 'OWNER'); // so the refusals below are not the last-owner rule
    const changeOwner = await update(t, t.admin, { id: t.owner.memberId, permissions: { billing: true } });
    expect(outcome(changeOwner)).toBe('FORBIDDEN');
    expect(changeOwner.errors![0]!.message).toBe('Only owners can change owners or make someone an owner.');
    const removeOwner = await remove(t, t.admin, t.owner.memberId);
    expect(outcome(removeOwner)).toBe('FORBIDDEN');
    expect(removeOwner.errors![0]!.message).toBe('Only owners can remove owners.');
    const promote = await update(t, t.admin, { id: t.member.memberId, role: 'OWNER' });
    expect(outcome(promote)).toBe('FORBIDDEN');
    expect(await control().tenantMember.findUnique({ where: { id: t.member.memberId } })).toMatchObject({ role: 'member' });
    // while the same admin manages non-owners
    expect(outcome(await update(t, t.admin, { id: t.member.memberId, role: 'VIEWER' }))).toBe('OK');
  });
});

describe('updateMember', () => {
  it('does not reactivate a member past limits.users (LIMIT_EXCEEDED), but does within it', async () => {
    const t = await tenantWithMembers(gw.current);
    expect(outcome(await update(t, t.admin, { id: t.viewer.memberId, status: 'SUSPENDED' }))).toBe('OK');
    await setUserLimit(t, 4);
    expect(outcome(await invite(t, `seat-taker-${fresh()}@x.test`))).toBe('OK');
    const refused = await update(t, t.admin, { id: t.viewer.memberId, status: 'ACTIVE' });
    expect(outcome(refused)).toBe('LIMIT_EXCEEDED');
    expect(await control().tenantMember.findUnique({ where: { id: t.viewer.memberId } })).toMatchObject({ status: 'suspended' });
    await setUserLimit(t, 5);
    expect(outcome(await update(t, t.admin, { id: t.viewer.memberId, status: 'ACTIVE' }))).toBe('OK');
  });

  it('removes a member once when asked three times at once: the others are told it is gone (NOT_FOUND)', async () => {
    const t = await tenantWithMembers(gw.current);
    const results = await Promise.all([1, 2, 3].map(() => remove(t, t.admin, t.member.memberId)));
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'OK']);
    const updates = await Promise.all([1, 2].map(() => update(t, t.admin, { id: t.viewer.memberId, role: 'MEMBER' })));
    expect(updates.map(outcome)).toEqual(['OK', 'OK']);
  });

  it('answers NOT_FOUND for an id that names no member, whatever its shape', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const id of ['------------------------------------', 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      expect(outcome(await update(t, t.admin, { id, role: 'VIEWER' })), id).toBe('NOT_FOUND');
      expect(outcome(await remove(t, t.admin, id)), id).toBe('NOT_FOUND');
    }
  });

  it('takes permissions only as a JSON object', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const permissions of ['all', 42, true, ['read'], [{ read: true }]]) {
      const result = await update(t, t.admin, { id: t.member.memberId, permissions });
      expect(outcome(result), JSON.stringify(permissions)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('permissions');
    }
    expect((await control().tenantMember.findUnique({ where: { id: t.member.memberId } }))!.permissions).toEqual({});
    const ok = await update(t, t.admin, { id: t.member.memberId, permissions: { reports: { read: true } } });
    expect(ok.data.updateMember.permissions).toEqual({ reports: { read: true } });
  });
});

describe('me', () => {
  it("lists the account's memberships across tenants, pending ones included", async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const email = `roamer-${fresh()}@x.test`;
    await invite(a, email, 'ADMIN', a.owner);
    await invite(b, email, 'VIEWER', b.owner);
    await graphql(gw.current, { host: a.host, as: { email }, query: ACCEPT });
    const me = await graphql(gw.current, {
      host: PLATFORM_HOST,
      as: { email },
      query: '{ me { account { email } memberships { role status acceptedAt tenant { slug } } } }',
    });
    expect(me.errors).toBeUndefined();
    expect(me.data.me.account.email).toBe(email);
    const bySlug = Object.fromEntries(me.data.me.memberships.map((m: any) => [m.tenant.slug, m]));
    expect(Object.keys(bySlug).sort()).toEqual([a.tenant.slug, b.tenant.slug].sort());
    expect(bySlug[a.tenant.slug]).toMatchObject({ role: 'ADMIN', status: 'ACTIVE' });
    expect(bySlug[a.tenant.slug].acceptedAt).not.toBeNull();
    expect(bySlug[b.tenant.slug]).toMatchObject({ role: 'VIEWER', status: 'ACTIVE', acceptedAt: null });
  });
});

describe('activity and usage', () => {
  it('sets lastActiveAt after a request on the tenant host', async () => {
    const t = await tenantWithMembers(gw.current);
    const lastActive = async () => (await control().tenantMember.findUnique({ where: { id: t.member.memberId } }))!.lastActiveAt;
    expect(await lastActive()).toBeNull();
    const before = Date.now();
    await graphql(gw.current, { host: t.host, as: t.member, query: '{ currentTenant { name } }' });
    // recorded fire-and-forget, after the response
    const deadline = Date.now() + 5_000;
    let seen = await lastActive();
    while (!seen && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await lastActive();
    }
    expect(seen!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const listed = await graphql(gw.current, { host: t.host, as: t.admin, query: '{ members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }' });
    expect(Date.parse(listed.data.members.edges[0].node.lastActiveAt)).toBe(seen!.getTime());
  });

  it('Tenant.usage.users counts seats (active members, invited or accepted, as the seat check does) through invite, accept, suspend and remove', async () => {
    const t = await tenantWithMembers(gw.current); // 4 members written directly, so usage is measured on demand first
    const refreshed = await graphql(gw.current, { host: t.host, as: t.admin, query: 'mutation { refreshTenantUsage { usage { users } } }' });
    expect(refreshed.data.refreshTenantUsage.usage.users).toBe(4);

    const email = `counted-${fresh()}@x.test`;
    const invited = await invite(t, email);
    expect(await usersUsage(t)).toBe(5); // the invitation holds a seat
    await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
    expect(await usersUsage(t)).toBe(5);
    await update(t, t.admin, { id: invited.data.inviteMember.id, status: 'SUSPENDED' });
    expect(await usersUsage(t)).toBe(4);
    await update(t, t.admin, { id: invited.data.inviteMember.id, status: 'ACTIVE' });
    expect(await usersUsage(t)).toBe(5);
    await remove(t, t.admin, t.viewer.memberId);
    expect(await usersUsage(t)).toBe(4);
  });
});

describe('audit', () => {
  it("writes an entry for every member mutation in that tenant's schema, and none in another's", async () => {
    const t = await tenantWithMembers(gw.current);
    const other = await tenantWithMembers(gw.current);
    const audit = (w: World) => gw.current.services.clients.forSchema(w.tenant.schemaName).auditLog;
    const otherBefore = await audit(other).count();

    const email = `audited-${fresh()}@x.test`;
    const invited = (await invite(t, email)).data.inviteMember;
    await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
    await update(t, t.admin, { id: invited.id, role: 'VIEWER', permissions: { secret: 'not-for-the-log' } });
    await remove(t, t.admin, invited.id);

    const entries = await audit(t).findMany({ orderBy: { insertedAt: 'asc' } });
    expect(entries.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ['member.invite', 'member', invited.id],
      ['member.accept', 'member', invited.id],
      ['member.update', 'member', invited.id],
      ['member.remove', 'member', invited.id],
    ]);
    const admin = await control().account.findUniqueOrThrow({ where: { email: t.admin.email } });
    const invitee = await control().account.findUniqueOrThrow({ where: { email } });
    expect(entries.map((e) => e.actorId)).toEqual([admin.id, invitee.id, admin.id, admin.id]);
    expect(JSON.stringify(entries.map((e) => e.metadata))).not.toContain('not-for-the-log');
    expect(await audit(other).count()).toBe(otherBefore);
  });
});
