// Invitations (issue 5 §4, docs/ARCHITECTURE.md "Roles"): they create accounts once, count toward limits.users
// (also under concurrency), and a membership counts once accepted.
import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { fresh, membersApi } from './members-api.js';
import { gql } from '../../../gql/index.js';

const gw = useTestGateway();
const { control, invite, accept, setUserLimit } = membersApi(gw);

describe('inviteMember', () => {
  it('creates the account once, from a normalised, case-insensitive email; the membership is ACTIVE and pending', async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const local = `New.Person.${fresh()}`;
    const first = await invite(a, `  ${local}@Example.COM `);
    expectNoErrors(first);
    const member = first.data.inviteMember;
    expect(member).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', acceptedAt: null, user: { email: `${local.toLowerCase()}@example.com` } });
    expect(Date.now() - Date.parse(member.invitedAt!)).toBeLessThan(60_000);

    const second = await invite(b, `${local.toUpperCase()}@example.com`, 'VIEWER', b.owner);
    expectNoErrors(second);
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
    expect(new Set(results.map((r) => r.data!.inviteMember.user.id)).size).toBe(1);
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
    const members = () => execute(gw.current, gql(`query InvitationsMembers { members(first: 20) { totalCount } }`), { host: t.host, as: { email } });
    expect(outcome(await members())).toBe('FORBIDDEN');

    const accepted = await accept(t, { email });
    expectNoErrors(accepted);
    expect(accepted.data.acceptInvitation).toMatchObject({ role: 'VIEWER', status: 'ACTIVE' });
    expect(Date.now() - Date.parse(accepted.data.acceptInvitation.acceptedAt!)).toBeLessThan(60_000);
    const after = await members();
    expectNoErrors(after);
    expect(after.data.members.totalCount).toBe(5);
  });
});
