// Owners (docs/ARCHITECTURE.md "Roles"): a tenant always keeps an active owner, and admins never touch owners.
import { describe, expect } from 'vitest';
import { expectNoErrors, outcome } from '../../../helpers/api.js';
import { fresh, test, staff } from './members-api.js';

describe('owners', () => {
  test('the last active owner cannot be demoted, suspended, deactivated or removed, by anyone', async ({
    tenant: t,
    members,
  }) => {
    for (const as of [t.owner, staff]) {
      for (const variables of [{ role: 'ADMIN' }, { status: 'SUSPENDED' }, { status: 'INACTIVE' }] as const) {
        const result = await members.update(t, as, { id: t.owner.memberId, ...variables });
        expect(outcome(result), JSON.stringify(variables)).toBe('FORBIDDEN');
        expect(result.errors![0]!.message).toBe(
          'A tenant must keep at least one active owner: make someone else owner first.',
        );
      }
      const removed = await members.remove(t, as, t.owner.memberId);
      expect(outcome(removed)).toBe('FORBIDDEN');
      expect(removed.errors![0]!.message).toMatch(/at least one active owner/);
    }
    expect(await members.control().tenantMember.findUnique({ where: { id: t.owner.memberId } })).toMatchObject({
      role: 'owner',
      status: 'active',
    });
  });

  test('a pending owner does not count; once another owner has accepted, the first can step down', async ({
    tenant: t,
    members,
  }) => {
    const email = `second-owner-${fresh()}@x.test`;
    const invited = await members.invite(t, email, 'OWNER', t.owner);
    expectNoErrors(invited);
    expect(outcome(await members.update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' }))).toBe('FORBIDDEN');

    await members.accept(t, { email });
    const stepDown = await members.update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' });
    expectNoErrors(stepDown);
    expect(stepDown.data.updateMember.role).toBe('ADMIN');
    // the remaining owner is now the last one
    expect(outcome(await members.remove(t, { email }, invited.data.inviteMember.id))).toBe('FORBIDDEN');
  });

  test('two owners stepping down at the same time leave one owner', async ({ tenant: t, members }) => {
    const other = await members.joined(t, 'OWNER');
    const results = await Promise.all([
      members.update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' }),
      members.update(t, other, { id: other.memberId, role: 'ADMIN' }),
    ]);
    expect(results.map(outcome).sort()).toEqual(['FORBIDDEN', 'OK']);
    expect(
      await members.control().tenantMember.count({ where: { tenantId: t.tenant.id, role: 'owner', status: 'active' } }),
    ).toBe(1);
  });

  test('admins cannot change or remove owners, nor make anyone an owner', async ({ tenant: t, members }) => {
    await members.joined(t, 'OWNER'); // so the refusals below are not the last-owner rule
    const changeOwner = await members.update(t, t.admin, { id: t.owner.memberId, permissions: { billing: true } });
    expect(outcome(changeOwner)).toBe('FORBIDDEN');
    expect(changeOwner.errors![0]!.message).toBe('Only owners can change owners or make someone an owner.');
    const removeOwner = await members.remove(t, t.admin, t.owner.memberId);
    expect(outcome(removeOwner)).toBe('FORBIDDEN');
    expect(removeOwner.errors![0]!.message).toBe('Only owners can remove owners.');
    const promote = await members.update(t, t.admin, { id: t.member.memberId, role: 'OWNER' });
    expect(outcome(promote)).toBe('FORBIDDEN');
    expect(await members.control().tenantMember.findUnique({ where: { id: t.member.memberId } })).toMatchObject({
      role: 'member',
    });
    // while the same admin manages non-owners
    expect(outcome(await members.update(t, t.admin, { id: t.member.memberId, role: 'VIEWER' }))).toBe('OK');
  });
});
