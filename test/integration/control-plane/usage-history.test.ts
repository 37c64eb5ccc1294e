// Usage history: daily rows for storage, users and API calls, monthly roll-ups, upserted idempotently
// per day and month (UTC), and read back through usageLogs(metric, period, from, to).
import { describe, expect } from 'vitest';
import { recordUsageHistory } from '../../../src/control-plane/usage-history.js';
import { execute, expectNoErrors, tenantWithMembers } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const q = (gw: TestGateway, sql: string, params: unknown[] = []) => gw.db.pool.query(sql, params);

async function logs(gw: TestGateway, tenantId: string, period: string) {
  const { rows } = await q(
    gw,
    `SELECT metric, to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, value FROM tenant_usage_logs WHERE tenant_id = $1 AND period = $2 ORDER BY 2, 1`,
    [tenantId, period],
  );
  return rows;
}

describe('usage history', () => {
  test('writes daily storage, users and API calls and monthly roll-ups, idempotently, and usageLogs returns them', async ({
    gw,
    tenant: t,
  }) => {
    const id = t.tenant.id;
    const hourly = (at: string, n: number) =>
      q(
        gw,
        `INSERT INTO tenant_usage_logs (tenant_id, metric, period, "timestamp", value) VALUES ($1, 'api_calls', 'hourly', $2, $3)`,
        [id, at, n],
      );
    await hourly('2026-03-01T09:00:00Z', 10);
    await hourly('2026-03-01T23:00:00Z', 5);
    await hourly('2026-03-02T00:00:00Z', 7);
    const usage = (gb: number, users: number) =>
      q(
        gw,
        `UPDATE tenants SET usage = usage || jsonb_build_object('storage_gb', $2::float8, 'users', $3::int) WHERE id = $1`,
        [id, gb, users],
      );

    await usage(1.5, 4);
    await recordUsageHistory(gw.db.pool, new Date('2026-03-01T12:00:00Z'));
    await usage(2.5, 3);
    await recordUsageHistory(gw.db.pool, new Date('2026-03-02T08:00:00Z'));
    await recordUsageHistory(gw.db.pool, new Date('2026-03-02T09:00:00Z')); // again: same rows, no duplicates

    expect(await logs(gw, id, 'daily')).toEqual([
      { metric: 'api_calls', day: '2026-03-01', value: 15 },
      { metric: 'storage', day: '2026-03-01', value: 1.5 },
      { metric: 'users', day: '2026-03-01', value: 4 },
      { metric: 'api_calls', day: '2026-03-02', value: 7 },
      { metric: 'storage', day: '2026-03-02', value: 2.5 },
      { metric: 'users', day: '2026-03-02', value: 3 },
    ]);
    expect(await logs(gw, id, 'monthly')).toEqual([
      { metric: 'api_calls', day: '2026-03-01', value: 22 },
      { metric: 'storage', day: '2026-03-01', value: 2.5 },
      { metric: 'users', day: '2026-03-01', value: 4 },
    ]);

    const result = await execute(
      gw,
      gql(
        `query DailyStorageHistory { usageLogs(metric: STORAGE, period: DAILY, from: "2026-03-01T00:00:00Z", to: "2026-03-31T00:00:00Z") { timestamp value } }`,
      ),
      {
        host: t.host,
        as: t.viewer,
      },
    );
    expectNoErrors(result);
    expect(result.data.usageLogs).toEqual([
      { timestamp: '2026-03-01T00:00:00.000Z', value: 1.5 },
      { timestamp: '2026-03-02T00:00:00.000Z', value: 2.5 },
    ]);
  });

  test('skips archived tenants', async ({ gw, tenant: t }) => {
    await gw.services.provisioner.archiveTenant(t.tenant.id);
    await recordUsageHistory(gw.db.pool, new Date('2026-04-01T00:00:00Z'));
    expect(await logs(gw, t.tenant.id, 'daily')).toEqual([]);
  });
});
