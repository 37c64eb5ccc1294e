// The control-plane services do their own side effects, so that any caller (a resolver, the operator
// CLI, a script) gets the same: an operator acting through MemberService, DomainService and
// SettingService (no GraphQL context) leaves the audit entry the API leaves, the seat count refreshed
// and every gateway told about a membership change.
import { describe, expect } from 'vitest';
import { operatorActor } from '../../../src/cli/operator.js';
import type { TenantChange } from '../../../src/tenancy/changes.js';
import { dataOf, execute, PLATFORM_HOST } from '../../helpers/api.js';
import { auditEntries, type AuditEntry } from '../../helpers/audit-log.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const staff = { email: 'side-effects-staff@platform.test', systemAdmin: true };
const ops = { ...operatorActor('ops-carol'), role: 'system_admin' as const };

const InviteMember = gql(`
  mutation SideEffectsInvite($tenantId: ID!, $email: String!) {
    inviteMember(tenantId: $tenantId, email: $email, role: MEMBER) { id }
  }
`);

async function seats(gw: TestGateway, tenantId: string): Promise<number> {
  const { rows } = await gw.db.pool.query(`SELECT (usage->>'users')::int AS users FROM public.tenants WHERE id = $1`, [
    tenantId,
  ]);
  return rows[0].users;
}

const actedBy = (operator: string) => expect.objectContaining({ operator });

describe('MemberService called without a GraphQL context', () => {
  test('audits each change for the operator, refreshes the seat count and announces it to every gateway', async ({
    gw,
    tenant: { tenant },
  }) => {
    const announced: TenantChange[] = [];
    const stop = gw.services.changes.subscribe((change) => void announced.push(change));
    try {
      // The fixture's four members were inserted without a refresh: the invitation's refresh counts all five.
      const member = await gw.services.members.invite(tenant, 'side-invitee@example.test', 'member', ops);
      expect(await seats(gw, tenant.id)).toBe(5);
      await gw.services.members.update(tenant, member.id, { role: 'admin' }, ops);
      await gw.services.members.remove(tenant, member.id, ops);
      expect(await seats(gw, tenant.id)).toBe(4);

      for (const action of ['member.invite', 'member.update', 'member.remove']) {
        expect(await auditEntries(gw, tenant.id, action)).toEqual([
          expect.objectContaining({
            targetType: 'member',
            targetId: member.id,
            actorId: null,
            metadata: actedBy('ops-carol'),
          }),
        ]);
      }
      expect(announced.filter((c) => c.kind === 'member' && c.tenantId === tenant.id)).toHaveLength(3);
    } finally {
      stop();
    }
  });

  test('writes the entry the inviteMember mutation writes (same target type and metadata keys)', async ({
    gw,
    tenant: { tenant },
  }) => {
    await gw.services.members.invite(tenant, 'side-service@example.test', 'member', ops);
    const viaApi = dataOf(
      await execute(gw, InviteMember, {
        host: PLATFORM_HOST,
        as: staff,
        variables: { tenantId: tenant.id, email: 'side-api@example.test' },
      }),
    );
    const [fromService, fromApi] = await auditEntries(gw, tenant.id, 'member.invite');
    const shape = (e: AuditEntry) => ({
      targetType: e.targetType,
      keys: Object.keys(e.metadata)
        .filter((k) => !['operator', 'actorEmail', 'requestId'].includes(k))
        .sort(),
    });
    expect(fromApi!.targetId).toBe(viaApi.inviteMember.id);
    expect(shape(fromApi!)).toEqual(shape(fromService!));
  });
});

describe('DomainService and SettingService called without a GraphQL context', () => {
  test('audit adding and removing a domain for the operator', async ({ gw, tenant: { tenant } }) => {
    const row = await gw.services.domains.add(tenant, `${tenant.slug}.example.org`, false, ops);
    await gw.services.domains.remove(tenant, row, ops);
    expect((await auditEntries(gw, tenant.id, 'domain.add')).map((e) => e.metadata)).toEqual([
      expect.objectContaining({ domain: `${tenant.slug}.example.org`, operator: 'ops-carol' }),
    ]);
    expect((await auditEntries(gw, tenant.id, 'domain.remove')).map((e) => e.targetId)).toEqual([row.id]);
  });

  test('audit setting and deleting a setting, never with its value; deleting nothing audits nothing', async ({
    gw,
    tenant: { tenant },
  }) => {
    await gw.services.settings.set(tenant, { category: 'general', key: 'side_effect', value: 'hush-hush' }, ops);
    expect(await gw.services.settings.delete(tenant, 'general', 'side_effect', ops)).toBe(true);
    expect(await gw.services.settings.delete(tenant, 'general', 'side_effect', ops)).toBe(false);
    const [set, ...more] = await auditEntries(gw, tenant.id, 'setting.set');
    expect(more).toEqual([]);
    expect(set!.metadata).toMatchObject({ category: 'general', key: 'side_effect', operator: 'ops-carol' });
    expect(JSON.stringify(set!.metadata)).not.toContain('hush-hush');
    expect(await auditEntries(gw, tenant.id, 'setting.delete')).toHaveLength(1);
  });
});
