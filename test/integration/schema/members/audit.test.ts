// Every member change is audited in the tenant's own schema.
import { describe, expect } from 'vitest';
import { dataOf, tenantWithMembers } from '../../../helpers/api.js';
import { fresh, test, type World } from './members-api.js';

describe('audit', () => {
  test("writes an entry for every member mutation in that tenant's schema, and none in another's", async ({
    gw,
    tenant: t,
    members,
  }) => {
    const other = await tenantWithMembers(gw);
    const audit = (w: World) => gw.services.clients.forSchema(w.tenant.schemaName).auditLog;
    const otherBefore = await audit(other).count();

    const email = `audited-${fresh()}@x.test`;
    const invited = dataOf(await members.invite(t, email)).inviteMember;
    await members.accept(t, { email });
    await members.update(t, t.admin, { id: invited.id, role: 'VIEWER', permissions: { secret: 'not-for-the-log' } });
    await members.remove(t, t.admin, invited.id);

    const entries = await audit(t).findMany({ orderBy: { insertedAt: 'asc' } });
    expect(entries.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ['member.invite', 'member', invited.id],
      ['member.accept', 'member', invited.id],
      ['member.update', 'member', invited.id],
      ['member.remove', 'member', invited.id],
    ]);
    const admin = await members.control().account.findUniqueOrThrow({ where: { email: t.admin.email } });
    const invitee = await members.control().account.findUniqueOrThrow({ where: { email } });
    expect(entries.map((e) => e.actorId)).toEqual([admin.id, invitee.id, admin.id, admin.id]);
    expect(JSON.stringify(entries.map((e) => e.metadata))).not.toContain('not-for-the-log');
    expect(await audit(other).count()).toBe(otherBefore);
  });
});
