// What a tenant can store is bounded after every merge, and the platform's own fields stay the
// platform's: billing ids and the metadata it writes are for system admins only.
import { describe, expect, it } from 'vitest';
import { execute, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
const staff = { email: 'staff@platform.test', systemAdmin: true };
const UPDATE = gql(`mutation TenantDataCapsUpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }`);
const control = () => gw.current.services.clients.control();

describe('tenant metadata and settings objects', () => {
  it('are capped at 64 KB after the merge, not per patch: repeated merges cannot grow the row without bound', async () => {
    const t = await tenantWithMembers(gw.current);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const patch = { [`chunk${i}`]: 'x'.repeat(20_000) };
      const res = await execute(gw.current, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input: { metadata: patch, settings: patch } } });
      outcomes.push(outcome(res));
      if (res.errors) expect(res.errors[0]!.extensions!.field).toBe('settings');
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const row = await control().tenant.findUniqueOrThrow({ where: { id: t.tenant.id } });
    expect(JSON.stringify(row.metadata).length).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.stringify(row.settings).length).toBeLessThanOrEqual(64 * 1024);
    // removing keys makes room again
    const shrink = await execute(gw.current, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input: { metadata: { chunk0: null, chunk3: 'y'.repeat(20_000) } } } });
    expect(outcome(shrink)).toBe('OK');
  });
});

describe('setting rows', () => {
  const SET = gql(`mutation TenantDataCapsSetTenantSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: "v" }) { key } }`);
  it('are capped at 500 per tenant: one more is LIMIT_EXCEEDED, replacing one still works', async () => {
    const t = await tenantWithMembers(gw.current);
    await control().tenantSetting.createMany({ data: Array.from({ length: 500 }, (_, i) => ({ tenantId: t.tenant.id, category: 'general', key: `k${i}`, value: 'v' })) });
    expect(outcome(await execute(gw.current, SET, { host: t.host, as: t.admin, variables: { key: 'one_more' } }))).toBe('LIMIT_EXCEEDED');
    expect(outcome(await execute(gw.current, SET, { host: t.host, as: t.admin, variables: { key: 'k7' } }))).toBe('OK');
    expect(await control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(500);
  });
});

describe('member permissions', () => {
  it('are at most 8 KB of JSON', async () => {
    const t = await tenantWithMembers(gw.current);
    const res = await execute(gw.current, gql(`mutation TenantDataCapsUpdateMember($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }`), {
      host: t.host,
      as: t.admin,
      variables: { id: t.viewer.memberId, p: { notes: 'x'.repeat(9_000) } },
    });
    expect(outcome(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('permissions');
  });
});

describe("the platform's fields", () => {
  it('billing ids are set by system admins only', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const input of [{ billingCustomerId: 'cus_evil' }, { subscriptionId: 'sub_evil' }]) {
      expect(outcome(await execute(gw.current, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input } }))).toBe('FORBIDDEN');
    }
    expect(outcome(await execute(gw.current, UPDATE, { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id, input: { billingCustomerId: 'cus_1' } } }))).toBe('OK');
    expect((await control().tenant.findUniqueOrThrow({ where: { id: t.tenant.id } })).billingCustomerId).toBe('cus_1');
  });

  it('platform-written metadata keys cannot be set or removed by owners', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const metadata of [{ suspension_reason: null }, { archived_at: '2020-01-01' }, { platform_flag: true }]) {
      const res = await execute(gw.current, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input: { metadata } } });
      expect(outcome(res), JSON.stringify(metadata)).toBe('FORBIDDEN');
    }
    expect(outcome(await execute(gw.current, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input: { metadata: { team: 'blue' } } } }))).toBe('OK');
    expect(outcome(await execute(gw.current, UPDATE, { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id, input: { metadata: { platform_flag: true } } } }))).toBe('OK');
  });
});
