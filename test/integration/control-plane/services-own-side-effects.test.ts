// The control-plane services do their own side effects, so that any caller (a resolver, the operator
// CLI, a script) gets the same: an operator acting through MemberService, DomainService and
// SettingService (no GraphQL context) leaves the audit entry the API leaves, the seat count refreshed
// and every gateway told about a membership change.
import { beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../../src/cli/operator.js';
import type { TenantChange } from '../../../src/tenancy/changes.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { graphql, PLATFORM_HOST, uniqueSlug } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';

const gw = useTestGateway();
const staff = { email: 'side-effects-staff@platform.test', systemAdmin: true };
const ops = { ...operatorActor('ops-carol'), role: 'system_admin' as const };
let tenant: { id: string; schemaName: string };

interface Entry {
  action: string;
  targetType: string | null;
  targetId: string | null;
  actorId: string | null;
  metadata: Record<string, unknown>;
}

async function entries(action: string): Promise<Entry[]> {
  const { rows } = await gw.current.db.pool.query<Entry>(
    `SELECT action, target_type AS "targetType", target_id AS "targetId", actor_id AS "actorId", metadata
       FROM ${quoteIdent(tenant.schemaName)}.audit_logs WHERE action = $1 ORDER BY inserted_at, id`,
    [action],
  );
  return rows;
}

async function seats(): Promise<number> {
  const { rows } = await gw.current.db.pool.query(`SELECT (usage->>'users')::int AS users FROM tenants WHERE id = $1`, [tenant.id]);
  return rows[0].users;
}

beforeAll(async () => {
  const created = await gw.current.services.provisioner.createTenant({ name: 'Side effects', slug: uniqueSlug('side') });
  tenant = { id: created.id, schemaName: created.schemaName };
});

describe('MemberService called without a GraphQL context', () => {
  it('audits each change for the operator, refreshes the seat count and announces it to every gateway', async () => {
    const announced: TenantChange[] = [];
    const stop = gw.current.services.changes.subscribe((change) => void announced.push(change));
    try {
      const before = await seats();
      const member = await gw.current.services.members.invite(tenant, 'side-invitee@example.test', 'member', ops);
      expect(await seats()).toBe(before + 1);
      await gw.current.services.members.update(tenant, member.id, { role: 'admin' }, ops);
      await gw.current.services.members.remove(tenant, member.id, ops);
      expect(await seats()).toBe(before);

      for (const action of ['member.invite', 'member.update', 'member.remove']) {
        const [entry, ...more] = await entries(action);
        expect(more).toEqual([]);
        expect(entry).toMatchObject({ targetType: 'member', targetId: member.id, actorId: null, metadata: expect.objectContaining({ operator: 'ops-carol' }) });
      }
      expect(announced.filter((c) => c.kind === 'member' && c.tenantId === tenant.id)).toHaveLength(3);
    } finally {
      stop();
    }
  });

  it('writes the entry the inviteMember mutation writes (same action, target type and metadata keys)', async () => {
    const viaApi = await graphql(gw.current, {
      host: PLATFORM_HOST,
      as: staff,
      query: 'mutation($t: ID!) { inviteMember(tenantId: $t, email: "side-api@example.test", role: MEMBER) { id } }',
      variables: { t: tenant.id },
    });
    expect(viaApi.errors).toBeUndefined();
    const all = await entries('member.invite');
    const fromService = all[0]!;
    const fromApi = all.at(-1)!;
    const keys = (e: Entry) => Object.keys(e.metadata).filter((k) => !['operator', 'actorEmail', 'requestId'].includes(k)).sort();
    expect(fromApi.targetId).toBe(viaApi.data.inviteMember.id);
    expect({ type: fromApi.targetType, keys: keys(fromApi) }).toEqual({ type: fromService.targetType, keys: keys(fromService) });
  });
});

describe('DomainService and SettingService called without a GraphQL context', () => {
  it('audit adding and removing a domain for the operator', async () => {
    const row = await gw.current.services.domains.add(tenant, 'side-effects.example.org', false, ops);
    await gw.current.services.domains.remove(tenant, row, ops);
    expect((await entries('domain.add')).map((e) => e.metadata)).toEqual([expect.objectContaining({ domain: 'side-effects.example.org', operator: 'ops-carol' })]);
    expect((await entries('domain.remove')).map((e) => e.targetId)).toEqual([row.id]);
  });

  it('audit setting and deleting a setting, never with its value; deleting nothing audits nothing', async () => {
    await gw.current.services.settings.set(tenant, { category: 'general', key: 'side_effect', value: 'hush-hush' }, ops);
    expect(await gw.current.services.settings.delete(tenant, 'general', 'side_effect', ops)).toBe(true);
    expect(await gw.current.services.settings.delete(tenant, 'general', 'side_effect', ops)).toBe(false);
    const [set] = await entries('setting.set');
    expect(set!.metadata).toMatchObject({ category: 'general', key: 'side_effect', operator: 'ops-carol' });
    expect(JSON.stringify(set!.metadata)).not.toContain('hush-hush');
    expect(await entries('setting.delete')).toHaveLength(1);
  });
});
