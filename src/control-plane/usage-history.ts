// Usage history (issue "Tenant lifecycle" item 6): daily rows for storage, users and API calls, and
// monthly roll-ups, in tenant_usage_logs next to the hourly API-call counters, so usageLogs(metric,
// period, from, to) can plot a tenant's growth. Idempotent: each run upserts the buckets of `at`'s
// day and month (UTC), so running it every few minutes keeps today's row current and a missed run
// costs nothing but that run.
//   daily   storage / users: the tenant's usage.storage_gb / usage.users as last measured (a gauge)
//   daily   api_calls:       the sum of that day's hourly rows
//   monthly storage / users: the largest daily value of the month
//   monthly api_calls:       the sum of that month's hourly rows
import type pg from 'pg';

const DAILY_SQL = `
  INSERT INTO public.tenant_usage_logs (tenant_id, metric, period, "timestamp", value)
  SELECT t.id, m.metric, 'daily', d.day, greatest(m.value, 0)
    FROM public.tenants t
   CROSS JOIN LATERAL (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day) d
   CROSS JOIN LATERAL (VALUES
      ('storage', coalesce((t.usage->>'storage_gb')::float8, 0)),
      ('users', coalesce((t.usage->>'users')::float8, 0)),
      ('api_calls', (SELECT coalesce(sum(l.value), 0) FROM public.tenant_usage_logs l
                      WHERE l.tenant_id = t.id AND l.metric = 'api_calls' AND l.period = 'hourly'
                        AND l."timestamp" >= d.day AND l."timestamp" < d.day + interval '1 day'))
   ) AS m(metric, value)
   WHERE t.status IN ('active', 'suspended')
  ON CONFLICT (tenant_id, metric, period, "timestamp") DO UPDATE SET value = EXCLUDED.value`;

const MONTHLY_SQL = `
  INSERT INTO public.tenant_usage_logs (tenant_id, metric, period, "timestamp", value)
  SELECT t.id, m.metric, 'monthly', mo.month, m.value
    FROM public.tenants t
   CROSS JOIN LATERAL (SELECT date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month) mo
   CROSS JOIN LATERAL (VALUES
      ('storage', (SELECT coalesce(max(value), 0) FROM public.tenant_usage_logs l WHERE l.tenant_id = t.id AND l.metric = 'storage' AND l.period = 'daily'
                     AND l."timestamp" >= mo.month AND l."timestamp" < mo.month + interval '1 month')),
      ('users', (SELECT coalesce(max(value), 0) FROM public.tenant_usage_logs l WHERE l.tenant_id = t.id AND l.metric = 'users' AND l.period = 'daily'
                   AND l."timestamp" >= mo.month AND l."timestamp" < mo.month + interval '1 month')),
      ('api_calls', (SELECT coalesce(sum(value), 0) FROM public.tenant_usage_logs l WHERE l.tenant_id = t.id AND l.metric = 'api_calls' AND l.period = 'hourly'
                       AND l."timestamp" >= mo.month AND l."timestamp" < mo.month + interval '1 month'))
   ) AS m(metric, value)
   WHERE t.status IN ('active', 'suspended')
  ON CONFLICT (tenant_id, metric, period, "timestamp") DO UPDATE SET value = EXCLUDED.value`;

/** Upserts the daily rows of `at`'s day and the monthly roll-ups of its month, for every live tenant. */
export async function recordUsageHistory(pool: pg.Pool, at = new Date()): Promise<{ daily: number; monthly: number }> {
  const daily = await pool.query(DAILY_SQL, [at]);
  const monthly = await pool.query(MONTHLY_SQL, [at]);
  return { daily: daily.rowCount ?? 0, monthly: monthly.rowCount ?? 0 };
}
