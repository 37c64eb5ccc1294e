// Limits that hold: updateTenant refuses limits below usage unless forced, a plan change brings its
// default limits, storage over its limit refuses growing writes while reads go on, and users and
// seats are one number.
import { describe, expect } from 'vitest';
import { dataOf, execute, expectNoErrors, outcome, PLATFORM_HOST } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';
import type { UpdateTenantInput } from '../../gql/graphql.js';

const staff = { email: 'staff@platform.test', systemAdmin: true };
const UPDATE = gql(
  `mutation UpdateTenantLimits($id: ID!, $input: UpdateTenantInput!, $force: Boolean) { updateTenant(id: $id, input: $input, force: $force) { plan limits { users storageGb apiCallsPerMonth } } }`,
);
const CREATE_USER_B = gql(`mutation CreateUserB { createUser(input: { email: "b@x.test" }) { id } }`);
const update = (gw: TestGateway, id: string, input: UpdateTenantInput, force?: boolean) =>
  execute(gw, UPDATE, { host: PLATFORM_HOST, as: staff, variables: { id, input, force } });

describe('updateTenant limits', () => {
  test('refuses limits below current usage with BAD_USER_INPUT naming the field, unless force', async ({
    gw,
    tenant: t,
  }) => {
    // 4 seats taken
    const below = await update(gw, t.tenant.id, { limits: { users: 3 } });
    expect(outcome(below)).toBe('BAD_USER_INPUT');
    expect(below.errors![0]!.extensions!.field).toBe('limits.users');
    expect(below.errors![0]!.message).toMatch(/limits\.users 3 is below what the tenant uses now \(4/);
    const tiny = await update(gw, t.tenant.id, { limits: { storageGb: 0.000001 } });
    expect(tiny.errors![0]!.extensions!.field).toBe('limits.storageGb');
    expect(dataOf(await update(gw, t.tenant.id, { limits: { users: 4 } })).updateTenant.limits.users).toBe(4);
    const forced = await update(gw, t.tenant.id, { limits: { users: 2 } }, true);
    expectNoErrors(forced);
    expect(forced.data.updateTenant.limits.users).toBe(2);
  });

  test("applies the new plan's default limits unless limits are given, and refuses a downgrade below usage", async ({
    gw,
    tenant: t,
  }) => {
    const up = await update(gw, t.tenant.id, { plan: 'ENTERPRISE' });
    expectNoErrors(up);
    expect(up.data.updateTenant).toEqual({
      plan: 'ENTERPRISE',
      limits: { users: 5000, storageGb: 1000, apiCallsPerMonth: 1000000 },
    });
    const given = await update(gw, t.tenant.id, { plan: 'PROFESSIONAL', limits: { users: 50 } });
    expectNoErrors(given);
    expect(given.data.updateTenant).toEqual({
      plan: 'PROFESSIONAL',
      limits: { users: 50, storageGb: 100, apiCallsPerMonth: 100000 },
    });
    await gw.db.pool.query(
      `UPDATE tenants SET usage = jsonb_set(usage, '{api_calls_per_month}', '20000') WHERE id = $1`,
      [t.tenant.id],
    );
    const down = await update(gw, t.tenant.id, { plan: 'BASIC' });
    expect(outcome(down)).toBe('BAD_USER_INPUT');
    expect(down.errors![0]!.extensions!.field).toBe('limits.apiCallsPerMonth');
    expect(down.errors![0]!.message).toContain("the basic plan's default");
    expect(dataOf(await update(gw, t.tenant.id, { plan: 'BASIC' }, true)).updateTenant.plan).toBe('BASIC');
  });
});

describe('storage over its limit', () => {
  test('refuses writes that add data (LIMIT_EXCEEDED) while reads keep working, until the limit is raised', async ({
    gw,
    tenant: t,
  }) => {
    const as = { host: t.host, as: t.owner };
    expect(
      outcome(
        await execute(gw, gql(`mutation CreateUserA { createUser(input: { email: "a@x.test" }) { id } }`), { ...as }),
      ),
    ).toBe('OK');
    // Measured storage over the limit (limits are set past usage checks with force, as staff would).
    expectNoErrors(await update(gw, t.tenant.id, { limits: { storageGb: 0.000001 } }, true));
    await execute(gw, gql(`mutation RefreshStorageUsage { refreshTenantUsage { id } }`), { ...as });

    const refused = await execute(gw, CREATE_USER_B, { ...as });
    expect(outcome(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors![0]!.message).toMatch(/storage limit/);
    const setting = await execute(
      gw,
      gql(
        `mutation SetSettingOverStorage { setTenantSetting(input: { category: GENERAL, key: "k", value: "v" }) { key } }`,
      ),
      { ...as },
    );
    expect(outcome(setting)).toBe('LIMIT_EXCEEDED');
    expect(
      outcome(
        await execute(gw, gql(`mutation BackupOverStorage($id: ID!) { backupTenant(id: $id) { id } }`), {
          ...as,
          variables: { id: t.tenant.id },
        }),
      ),
    ).toBe('LIMIT_EXCEEDED');
    const read = await execute(gw, gql(`query CountUsersOverStorage { users(first: 5) { totalCount } }`), { ...as });
    expectNoErrors(read);
    expect(read.data.users.totalCount).toBe(1);

    await update(gw, t.tenant.id, { limits: { storageGb: 10 } });
    expect(outcome(await execute(gw, CREATE_USER_B, { ...as }))).toBe('OK');
  });
});

describe('users and seats', () => {
  test('are one number: an invitation takes a seat in usage.users and in the seat check alike', async ({
    gw,
    tenant: t,
  }) => {
    await update(gw, t.tenant.id, { limits: { users: 5 } });
    const invite = (email: string) =>
      execute(gw, gql(`mutation InvitePending($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }`), {
        host: t.host,
        as: t.owner,
        variables: { e: email },
      });
    expect(outcome(await invite('pending@x.test'))).toBe('OK');
    const usage = await execute(
      gw,
      gql(`query SeatsUsage { currentTenant { usage { users } limits { users } userUsagePercent } }`),
      { host: t.host, as: t.owner },
    );
    expectNoErrors(usage);
    expect(usage.data.currentTenant).toEqual({ usage: { users: 5 }, limits: { users: 5 }, userUsagePercent: 100 });
    expect(outcome(await invite('one-too-many@x.test'))).toBe('LIMIT_EXCEEDED');
    expect(outcome(await update(gw, t.tenant.id, { limits: { users: 4 } }))).toBe('BAD_USER_INPUT');
  });
});
