// API calls that target a tenant from the platform host (tenantId) are counted and limited against
// that tenant, as on its own host.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect, it } from 'vitest';
import { execute, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
const staff = { email: 'staff@platform.test', systemAdmin: true };

async function loggedCalls(tenantId: string): Promise<number> {
  await gw.current.services.usage.flush();
  const { rows } = await gw.current.db.pool.query(
    `SELECT coalesce(sum(value), 0)::int AS n FROM tenant_usage_logs WHERE tenant_id = $1 AND metric = 'api_calls'`,
    [tenantId],
  );
  return rows[0].n;
}

describe('API calls on the platform host', () => {
  it('are counted against the tenant they target and refused past its monthly limit', async () => {
    const t = await tenantWithMembers(gw.current);
    await gw.current.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 3 } });
    const settings = gql(`query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }`);
    const documents: TypedDocumentNode<unknown, { t?: string | null }>[] = [
      settings,
      gql(`query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }`),
      gql(`query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }`),
      gql(`query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }`),
      settings,
    ];
    const outcomes: string[] = [];
    for (const document of documents) {
      outcomes.push(outcome(await execute(gw.current, document, { host: PLATFORM_HOST, variables: { t: t.tenant.id }, as: t.owner })));
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(await loggedCalls(t.tenant.id)).toBe(3);
  });

  it('count one call per request and tenant, however many fields target it', async () => {
    const t = await tenantWithMembers(gw.current);
    await execute(gw.current, gql(`query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }`), {
      host: PLATFORM_HOST,
      variables: { t: t.tenant.id },
      as: t.admin,
    });
    expect(await loggedCalls(t.tenant.id)).toBe(1);
  });

  it('serve over the limit with a warning in soft mode', async () => {
    // a second gateway on the same database, in soft mode
    const { createServices } = await import('../../../src/services.js');
    const { createGateway } = await import('../../../src/yoga.js');
    const { createLogger } = await import('../../../src/logger.js');
    const { testConfig } = await import('../../helpers/database.js');
    const config = testConfig({ API_CALL_LIMIT_MODE: 'soft' }, gw.current.db.url);
    const services = createServices(config, gw.current.db, createLogger(config));
    const soft = { db: gw.current.db, services, yoga: createGateway(services) };
    const t = await tenantWithMembers(gw.current);
    await gw.current.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 0 } });
    const res = await execute(soft, gql(`query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }`), { host: PLATFORM_HOST, variables: { t: t.tenant.id }, as: t.owner });
    expect(outcome(res)).toBe('OK');
    expect((res as { extensions?: { warnings?: string[] } }).extensions?.warnings?.[0]).toMatch(/over its monthly API call limit/);
    await services.clients.close();
  });

  it('by platform staff are neither counted nor limited (they can raise a limit that is used up)', async () => {
    const t = await tenantWithMembers(gw.current);
    await gw.current.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 0 } });
    const res = await execute(gw.current, gql(`mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }`), {
      host: PLATFORM_HOST,
      variables: { t: t.tenant.id },
      as: staff,
    });
    expect(outcome(res)).toBe('OK');
    expect(await loggedCalls(t.tenant.id)).toBe(0);
  });
});
