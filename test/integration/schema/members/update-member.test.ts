// updateMember and removeMember: seats on reactivation, concurrent removal, unknown ids and the shape of permissions.
import { describe, expect } from 'vitest';
import { expectNoErrors, outcome } from '../../../helpers/api.js';
import { fresh, test } from './members-api.js';

describe('updateMember', () => {
  test('does not reactivate a member past limits.users (LIMIT_EXCEEDED), but does within it', async ({
    tenant: t,
    members,
  }) => {
    expect(outcome(await members.update(t, t.admin, { id: t.viewer.memberId, status: 'SUSPENDED' }))).toBe('OK');
    await members.setUserLimit(t, 4);
    expect(outcome(await members.invite(t, `seat-taker-${fresh()}@x.test`))).toBe('OK');
    const refused = await members.update(t, t.admin, { id: t.viewer.memberId, status: 'ACTIVE' });
    expect(outcome(refused)).toBe('LIMIT_EXCEEDED');
    expect(await members.control().tenantMember.findUnique({ where: { id: t.viewer.memberId } })).toMatchObject({
      status: 'suspended',
    });
    await members.setUserLimit(t, 5);
    expect(outcome(await members.update(t, t.admin, { id: t.viewer.memberId, status: 'ACTIVE' }))).toBe('OK');
  });

  test('removes a member once when asked three times at once: the others are told it is gone (NOT_FOUND)', async ({
    tenant: t,
    members,
  }) => {
    const results = await Promise.all([1, 2, 3].map(() => members.remove(t, t.admin, t.member.memberId)));
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'OK']);
    const updates = await Promise.all(
      [1, 2].map(() => members.update(t, t.admin, { id: t.viewer.memberId, role: 'MEMBER' })),
    );
    expect(updates.map(outcome)).toEqual(['OK', 'OK']);
  });

  test('answers NOT_FOUND for an id that names no member, whatever its shape', async ({ tenant: t, members }) => {
    for (const id of ['------------------------------------', 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      expect(outcome(await members.update(t, t.admin, { id, role: 'VIEWER' })), id).toBe('NOT_FOUND');
      expect(outcome(await members.remove(t, t.admin, id)), id).toBe('NOT_FOUND');
    }
  });

  test('takes permissions only as a JSON object', async ({ tenant: t, members }) => {
    for (const permissions of ['all', 42, true, ['read'], [{ read: true }]]) {
      const result = await members.update(t, t.admin, { id: t.member.memberId, permissions });
      expect(outcome(result), JSON.stringify(permissions)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('permissions');
    }
    expect(
      (await members.control().tenantMember.findUnique({ where: { id: t.member.memberId } }))!.permissions,
    ).toEqual({});
    const ok = await members.update(t, t.admin, { id: t.member.memberId, permissions: { reports: { read: true } } });
    expectNoErrors(ok);
    expect(ok.data.updateMember.permissions).toEqual({ reports: { read: true } });
  });
});
