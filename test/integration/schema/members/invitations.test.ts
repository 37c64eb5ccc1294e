// Invitations (issue 5 §4, docs/ARCHITECTURE.md "Roles"): they create accounts once, count toward limits.users
// (also under concurrency), and a membership counts once accepted.
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { fresh, test } from './members-api.js';
import { gql } from '../../../gql/index.js';

describe('inviteMember', () => {
  test('creates the account once, from a normalised, case-insensitive email; the membership is ACTIVE and pending', async ({
    gw,
    tenant: a,
    members,
  }) => {
    const b = await tenantWithMembers(gw);
    const local = `New.Person.${fresh()}`;
    const first = await members.invite(a, `  ${local}@Example.COM `);
    expectNoErrors(first);
    const member = first.data.inviteMember;
    expect(member).toMatchObject({
      role: 'MEMBER',
      status: 'ACTIVE',
      acceptedAt: null,
      user: { email: `${local.toLowerCase()}@example.com` },
    });
    expect(Date.now() - Date.parse(member.invitedAt!)).toBeLessThan(60_000);

    const second = await members.invite(b, `${local.toUpperCase()}@example.com`, 'VIEWER', b.owner);
    expectNoErrors(second);
    expect(second.data.inviteMember.user.id).toBe(member.user.id);
    expect(await members.control().account.count({ where: { email: `${local.toLowerCase()}@example.com` } })).toBe(1);
  });

  test('refuses an invalid email (BAD_USER_INPUT on `email`) and an existing member (CONFLICT), writing nothing', async ({
    tenant: t,
    members,
  }) => {
    const accountsBefore = await members.control().account.count();
    for (const email of ['not-an-email', 'a@', '', 'x'.repeat(400) + '@example.com']) {
      const result = await members.invite(t, email);
      expect(outcome(result), email).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('email');
    }
    const again = await members.invite(t, t.member.email.toUpperCase());
    expect(outcome(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toContain('already a member');
    expect(await members.control().account.count()).toBe(accountsBefore);
    expect(await members.control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(4);
  });

  test('counts toward limits.users: the invitation past the limit is LIMIT_EXCEEDED and writes nothing', async ({
    tenant: t,
    members,
  }) => {
    // 4 members already
    await members.setUserLimit(t, 6);
    expect(outcome(await members.invite(t, `one-${fresh()}@x.test`))).toBe('OK');
    expect(outcome(await members.invite(t, `two-${fresh()}@x.test`))).toBe('OK');
    const over = `three-${fresh()}@x.test`;
    const refused = await members.invite(t, over);
    expect(outcome(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors![0]!.message).toMatch(/limit of 6 users/);
    expect(await members.control().account.count({ where: { email: over } })).toBe(0);
    expect(await members.control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(6);
    // a full tenant still says CONFLICT for someone already in it: that is the more useful answer
    expect(outcome(await members.invite(t, t.viewer.email))).toBe('CONFLICT');
  });

  test('creates one account when the same new email is invited to several tenants at once', async ({ gw, members }) => {
    const tenants = await Promise.all(Array.from({ length: 4 }, () => tenantWithMembers(gw)));
    const email = `popular-${fresh()}@x.test`;
    const results = await Promise.all(tenants.map((t) => members.invite(t, email)));
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(new Set(results.map((r) => r.data!.inviteMember.user.id)).size).toBe(1);
  });

  test('never lets concurrent invitations exceed the limit: 10 at once with 3 seats left, exactly 3 succeed', async ({
    tenant: t,
    members,
  }) => {
    await members.setUserLimit(t, 7);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => members.invite(t, `rush-${i}-${fresh()}@x.test`)),
    );
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'LIMIT_EXCEEDED')).toHaveLength(7);
    expect(await members.control().tenantMember.count({ where: { tenantId: t.tenant.id } })).toBe(7);
  });
});

describe('acceptInvitation', () => {
  test('makes a pending invitee a member: before it they cannot read the members, after it they can', async ({
    gw,
    tenant: t,
    members,
  }) => {
    const email = `pending-${fresh()}@x.test`;
    await members.invite(t, email, 'VIEWER');
    const memberCount = () =>
      execute(gw, gql(`query MemberCount { members(first: 20) { totalCount } }`), { host: t.host, as: { email } });
    expect(outcome(await memberCount())).toBe('FORBIDDEN');

    const accepted = await members.accept(t, { email });
    expectNoErrors(accepted);
    expect(accepted.data.acceptInvitation).toMatchObject({ role: 'VIEWER', status: 'ACTIVE' });
    expect(Date.now() - Date.parse(accepted.data.acceptInvitation.acceptedAt!)).toBeLessThan(60_000);
    const after = await memberCount();
    expectNoErrors(after);
    expect(after.data.members.totalCount).toBe(5);
  });
});
