import { Agent, request } from 'node:http';
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, outcome, PLATFORM_HOST } from '../../helpers/api.js';
import { useTestDatabase } from '../../helpers/database.js';
import { startTestServer } from '../../helpers/running-gateway.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const TENANT_CALL = gql(`query MeteredTenantCall { currentTenant { id } }`);

async function apiCalls(gw: TestGateway, tenantId: string) {
  const { rows } = await gw.db.pool.query(
    `SELECT (SELECT coalesce(sum(value), 0) FROM tenant_usage_logs WHERE tenant_id = $1 AND metric = 'api_calls' AND period = 'hourly')::int AS logged,
            (SELECT (usage ->> 'api_calls_per_month')::int FROM tenants WHERE id = $1) AS monthly`,
    [tenantId],
  );
  return rows[0] as { logged: number; monthly: number };
}

describe('API call metering', () => {
  test('counts one call per GraphQL request on a tenant host, none on the platform host', async ({ gw, tenant: t }) => {
    for (let i = 0; i < 7; i++) await execute(gw, TENANT_CALL, { host: t.host });
    await execute(gw, gql(`query PlatformCall { serverTime }`), { host: PLATFORM_HOST });
    await gw.services.usage.flush();
    expect(await apiCalls(gw, t.tenant.id)).toEqual({ logged: 7, monthly: 7 });
    const logs = await execute(
      gw,
      gql(`query HourlyApiCalls { usageLogs(metric: API_CALLS, period: HOURLY) { value metric period } }`),
      { host: t.host, as: t.viewer },
    );
    expectNoErrors(logs);
    expect(logs.data.usageLogs).toEqual([{ value: 7, metric: 'API_CALLS', period: 'HOURLY' }]);
  });

  test('answers 429 RATE_LIMITED once the monthly limit is used, and does not count refused calls', async ({
    gw,
    tenant: t,
  }) => {
    await gw.services.provisioner.updateTenant(t.tenant.id, { limits: { api_calls_per_month: 3 } });
    const outcomes: string[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await execute(gw, TENANT_CALL, { host: t.host });
      outcomes.push(outcome(last));
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(last!.status).toBe(429);
    expect(last!.errors![0]!.message).toMatch(/monthly API call limit \(3 of 3/);
    await gw.services.usage.flush();
    expect(await apiCalls(gw, t.tenant.id)).toEqual({ logged: 3, monthly: 3 });
  });
});

describe('usage calculations', () => {
  test('reports users as active accepted members and the percentages against limits', async ({ gw, tenant: t }) => {
    await gw.services.provisioner.updateTenant(t.tenant.id, { limits: { users: 8 } });
    const result = await execute(
      gw,
      gql(
        `mutation RefreshUsagePercents { refreshTenantUsage { usage { users storageGb } userUsagePercent storageUsagePercent apiCallsUsagePercent } }`,
      ),
      {
        host: t.host,
        as: t.admin,
      },
    );
    expectNoErrors(result);
    const usage = result.data.refreshTenantUsage;
    expect(usage.usage.users).toBe(4);
    expect(usage.userUsagePercent).toBe(50);
    expect(usage.usage.storageGb).toBeGreaterThan(0);
    expect(usage.storageUsagePercent).toBeCloseTo((usage.usage.storageGb / 10) * 100, 1);
  });
});

describe('metering across a graceful shutdown', () => {
  const db = useTestDatabase();

  test('counts 10,000 calls across 10 tenants exactly, with none lost or doubled', async () => {
    const server = await startTestServer(db.current.url, { USAGE_FLUSH_INTERVAL_MS: '200' });
    const tenants = [];
    for (let i = 0; i < 10; i++) {
      tenants.push(await server.gateway.services.provisioner.createTenant({ name: `Meter ${i}`, slug: `meter${i}` }));
    }
    const port = Number(new URL(server.url).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const post = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            agent,
            headers: { host, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: '{ currentTenant { id } }' }));
      });
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < 10_000) {
          const i = next++;
          statuses.push(await post(`meter${i % 10}.localhost`));
        }
      }),
    );
    agent.destroy();
    await server.gateway.stop();
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const { rows } = await db.current.pool.query(
      `SELECT t.slug, (t.usage ->> 'api_calls_per_month')::int AS monthly,
              (SELECT sum(value)::int FROM tenant_usage_logs l WHERE l.tenant_id = t.id AND metric = 'api_calls') AS logged
         FROM tenants t ORDER BY t.slug`,
    );
    expect(rows).toEqual(tenants.map((_, i) => ({ slug: `meter${i}`, monthly: 1000, logged: 1000 })));
  }, 120_000);
});
