// Owners (docs/ARCHITECTURE.md "Roles"): a tenant always keeps an active owner, and admins never touch owners.
import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { fresh, membersApi, staff } from './members-api.js';

const gw = useTestGateway();
const { control, invite, accept, update, remove, joined } = membersApi(gw);

describe('owners', () => {
  it('the last active owner cannot be demoted, suspended, deactivated or removed, by anyone', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const as of [t.owner, staff]) {
      for (const variables of [{ role: 'ADMIN' }, { status: 'SUSPENDED' }, { status: 'INACTIVE' }] as const) {
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
    expectNoErrors(invited);
    expect(outcome(await update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' }))).toBe('FORBIDDEN');

    await accept(t, { email });
    const stepDown = await update(t, t.owner, { id: t.owner.memberId, role: 'ADMIN' });
    expectNoErrors(stepDown);
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
