// API calls that target a tenant from the platform host (tenantId) are counted and limited against
// that tenant, as on its own host.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import { execute, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const staff = { email: 'staff@platform.test', systemAdmin: true };

async function loggedCalls(gw: TestGateway, tenantId: string): Promise<number> {
  await gw.services.usage.flush();
  const { rows } = await gw.db.pool.query(
    `SELECT coalesce(sum(value), 0)::int AS n FROM tenant_usage_logs WHERE tenant_id = $1 AND metric = 'api_calls'`,
    [tenantId],
  );
  return rows[0].n;
}

describe('API calls on the platform host', () => {
  test('are counted against the tenant they target and refused past its monthly limit', async ({ gw, tenant: t }) => {
    await gw.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 3 } });
    const settings = gql(`query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }`);
    const documents: TypedDocumentNode<unknown, { t?: string | null }>[] = [
      settings,
      gql(`query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }`),
      gql(`query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }`),
      gql(
        `query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }`,
      ),
      settings,
    ];
    const outcomes: string[] = [];
    for (const document of documents) {
      outcomes.push(
        outcome(await execute(gw, document, { host: PLATFORM_HOST, variables: { t: t.tenant.id }, as: t.owner })),
      );
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(await loggedCalls(gw, t.tenant.id)).toBe(3);
  });

  test('count one call per request and tenant, however many fields target it', async ({ gw, tenant: t }) => {
    await execute(
      gw,
      gql(
        `query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }`,
      ),
      {
        host: PLATFORM_HOST,
        variables: { t: t.tenant.id },
        as: t.admin,
      },
    );
    expect(await loggedCalls(gw, t.tenant.id)).toBe(1);
  });

  test('serve over the limit with a warning in soft mode', async ({ gw }) => {
    // a second gateway on the same database, in soft mode
    const { createServices } = await import('../../../src/services.js');
    const { createGateway } = await import('../../../src/yoga.js');
    const { createLogger } = await import('../../../src/logger.js');
    const { testConfig } = await import('../../helpers/database.js');
    const config = testConfig({ API_CALL_LIMIT_MODE: 'soft' }, gw.db.url);
    const services = createServices(config, gw.db, createLogger(config));
    const soft = { db: gw.db, services, yoga: createGateway(services) };
    const t = await tenantWithMembers(gw);
    await gw.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 0 } });
    const res = await execute(
      soft,
      gql(`query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }`),
      { host: PLATFORM_HOST, variables: { t: t.tenant.id }, as: t.owner },
    );
    expect(outcome(res)).toBe('OK');
    expect((res as { extensions?: { warnings?: string[] } }).extensions?.warnings?.[0]).toMatch(
      /over its monthly API call limit/,
    );
    await services.clients.close();
  });

  test('by platform staff are neither counted nor limited (they can raise a limit that is used up)', async ({
    gw,
    tenant: t,
  }) => {
    await gw.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 0 } });
    const res = await execute(
      gw,
      gql(
        `mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }`,
      ),
      {
        host: PLATFORM_HOST,
        variables: { t: t.tenant.id },
        as: staff,
      },
    );
    expect(outcome(res)).toBe('OK');
    expect(await loggedCalls(gw, t.tenant.id)).toBe(0);
  });
});
