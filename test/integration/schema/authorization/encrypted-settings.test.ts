// Encrypted setting values are readable by admins, owners and system admins only; the others see null or are refused.
import { describe, expect } from 'vitest';
import { execute, outcome } from '../../../helpers/api.js';
import { test } from '../../../helpers/fixtures.js';
import { gql } from '../../../gql/index.js';
import { a, identity, ROLES, useWorlds } from './authorization-cases.js';

useWorlds();

describe('authorization', () => {
  test('shows encrypted setting values to admins, owners and system admins only', async ({ gw }) => {
    await execute(
      gw,
      gql(
        `mutation SetEncryptedStripeKey { setTenantSetting(input: { category: BILLING, key: "stripeKey", value: "sk_live_1", encrypted: true }) { id } }`,
      ),
      {
        host: a.host,
        as: a.admin,
      },
    );
    const seen: Record<string, unknown> = {};
    for (const role of ROLES) {
      const result = await execute(
        gw,
        gql(`query BillingSettings { tenantSettings(category: BILLING) { key value } }`),
        { host: a.host, as: identity(a, role) },
      );
      seen[role] = result.errors
        ? outcome(result)
        : result.data?.tenantSettings.find((s) => s.key === 'stripeKey')?.value;
    }
    expect(seen).toEqual({
      anonymous: 'UNAUTHENTICATED',
      viewer: null,
      member: null,
      admin: 'sk_live_1',
      owner: 'sk_live_1',
      outsider: 'FORBIDDEN',
      systemAdmin: 'sk_live_1',
    });
  });
});
