// What a tenant can store is bounded after every merge, and the platform's own fields stay the
// platform's: billing ids and the metadata it writes are for system admins only.
import { describe, expect } from 'vitest';
import { execute, outcome, PLATFORM_HOST } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const staff = { email: 'staff@platform.test', systemAdmin: true };
const UPDATE = gql(
  `mutation UpdateTenantData($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }`,
);
const control = (gw: TestGateway) => gw.services.clients.control();

describe('tenant metadata and settings objects', () => {
  test('are capped at 64 KB after the merge, not per patch: repeated merges cannot grow the row without bound', async ({
    gw,
    tenant: t,
  }) => {
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const patch = { [`chunk${i}`]: 'x'.repeat(20_000) };
      const res = await execute(gw, UPDATE, {
        host: t.host,
        as: t.owner,
        variables: { id: t.tenant.id, input: { metadata: patch, settings: patch } },
      });
      outcomes.push(outcome(res));
      if (res.errors) expect(res.errors[0]!.extensions!.field).toBe('settings');
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const row = await control(gw).tenant.findUniqueOrThrow({ where: { id: t.tenant.id } });
    expect(JSON.stringify(row.metadata).length).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.stringify(row.settings).length).toBeLessThanOrEqual(64 * 1024);
    // removing keys makes room again
    const shrink = await execute(gw, UPDATE, {
      host: t.host,
      as: t.owner,
      variables: { id: t.tenant.id, input: { metadata: { chunk0: null, chunk3: 'y'.repeat(20_000) } } },
    });
    expect(outcome(shrink)).toBe('OK');
  });
});

describe('setting rows', () => {
  const SET = gql(
    `mutation SetOversizedSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: "v" }) { key } }`,
  );
  test('are capped at 500 per tenant: one more is LIMIT_EXCEEDED, replacing one still works', async ({
    gw,
    tenant: t,
  }) => {
    await control(gw).tenantSetting.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        tenantId: t.tenant.id,
        category: 'general',
        key: `k${i}`,
        value: 'v',
      })),
    });
    expect(outcome(await execute(gw, SET, { host: t.host, as: t.admin, variables: { key: 'one_more' } }))).toBe(
      'LIMIT_EXCEEDED',
    );
    expect(outcome(await execute(gw, SET, { host: t.host, as: t.admin, variables: { key: 'k7' } }))).toBe('OK');
    expect(await control(gw).tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(500);
  });
});

describe('member permissions', () => {
  test('are at most 8 KB of JSON', async ({ gw, tenant: t }) => {
    const res = await execute(
      gw,
      gql(`mutation SetOversizedPermissions($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }`),
      {
        host: t.host,
        as: t.admin,
        variables: { id: t.viewer.memberId, p: { notes: 'x'.repeat(9_000) } },
      },
    );
    expect(outcome(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('permissions');
  });
});

describe("the platform's fields", () => {
  test('billing ids are set by system admins only', async ({ gw, tenant: t }) => {
    for (const input of [{ billingCustomerId: 'cus_evil' }, { subscriptionId: 'sub_evil' }]) {
      expect(
        outcome(await execute(gw, UPDATE, { host: t.host, as: t.owner, variables: { id: t.tenant.id, input } })),
      ).toBe('FORBIDDEN');
    }
    expect(
      outcome(
        await execute(gw, UPDATE, {
          host: PLATFORM_HOST,
          as: staff,
          variables: { id: t.tenant.id, input: { billingCustomerId: 'cus_1' } },
        }),
      ),
    ).toBe('OK');
    expect((await control(gw).tenant.findUniqueOrThrow({ where: { id: t.tenant.id } })).billingCustomerId).toBe(
      'cus_1',
    );
  });

  test('platform-written metadata keys cannot be set or removed by owners', async ({ gw, tenant: t }) => {
    for (const metadata of [{ suspension_reason: null }, { archived_at: '2020-01-01' }, { platform_flag: true }]) {
      const res = await execute(gw, UPDATE, {
        host: t.host,
        as: t.owner,
        variables: { id: t.tenant.id, input: { metadata } },
      });
      expect(outcome(res), JSON.stringify(metadata)).toBe('FORBIDDEN');
    }
    expect(
      outcome(
        await execute(gw, UPDATE, {
          host: t.host,
          as: t.owner,
          variables: { id: t.tenant.id, input: { metadata: { team: 'blue' } } },
        }),
      ),
    ).toBe('OK');
    expect(
      outcome(
        await execute(gw, UPDATE, {
          host: PLATFORM_HOST,
          as: staff,
          variables: { id: t.tenant.id, input: { metadata: { platform_flag: true } } },
        }),
      ),
    ).toBe('OK');
  });
});
