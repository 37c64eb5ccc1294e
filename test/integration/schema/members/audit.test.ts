// Every member change is audited in the tenant's own schema.
import { describe, expect, it } from 'vitest';
import { dataOf, execute, tenantWithMembers } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { fresh, membersApi, type World } from './members-api.js';

const gw = useTestGateway();
const { control, invite, accept, update, remove } = membersApi(gw);

describe('audit', () => {
  it("writes an entry for every member mutation in that tenant's schema, and none in another's", async () => {
    const t = await tenantWithMembers(gw.current);
    const other = await tenantWithMembers(gw.current);
    const audit = (w: World) => gw.current.services.clients.forSchema(w.tenant.schemaName).auditLog;
    const otherBefore = await audit(other).count();

    const email = `audited-${fresh()}@x.test`;
    const invited = dataOf(await invite(t, email)).inviteMember;
    await accept(t, { email });
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
