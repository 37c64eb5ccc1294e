// The SQL of usage: public.tenant_usage_logs (hourly API-call counters, daily and monthly history)
// and the usage keys of public.tenants.usage. Each usage key is written with jsonb_set on its own
// key in one statement, so writers of different keys (the meter, the refreshes) never overwrite
// each other.
import type pg from 'pg';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** SQL: the sum of tenant t's hourly api_calls rows in [from, to) (parameter placeholders). */
const monthTotal = (from: string, to: string) => `(SELECT coalesce(sum(l.value), 0) FROM public.tenant_usage_logs l
   WHERE l.tenant_id = t.id AND l.metric = 'api_calls' AND l.period = 'hourly'
     AND l."timestamp" >= ${from} AND l."timestamp" < ${to})`;

// lock tenants for a meter flush, in id order (FOR NO KEY UPDATE); returns those that exist
export async function lockTenantsForMetering(db: Db, ids: string[]): Promise<string[]> {
  // In id order: flushes of other gateways wait here rather than deadlock.
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM public.tenants WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
    [ids],
  );
  return rows.map((r) => r.id);
}

// add hourly api_calls counts (upsert per tenant and hour)
export async function addHourlyApiCalls(
  db: Db,
  calls: { tenantIds: string[]; hours: Date[]; values: number[] },
): Promise<void> {
  await db.query(
    `INSERT INTO public.tenant_usage_logs (tenant_id, metric, period, "timestamp", value)
     SELECT tenant_id, 'api_calls', 'hourly', hour, n FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[]) AS u(tenant_id, hour, n)
     ON CONFLICT (tenant_id, metric, period, "timestamp") DO UPDATE SET value = tenant_usage_logs.value + EXCLUDED.value`,
    [calls.tenantIds, calls.hours, calls.values],
  );
}

// set usage.api_calls_per_month of these tenants to their month's total; returns the totals
export async function setMonthApiCalls(
  db: Db,
  ids: string[],
  month: Date,
  nextMonth: Date,
): Promise<{ id: string; total: number }[]> {
  const { rows } = await db.query<{ id: string; total: number }>(
    `UPDATE public.tenants t SET usage = jsonb_set(t.usage, '{api_calls_per_month}', to_jsonb(${monthTotal('$2', '$3')}))
      WHERE t.id = ANY($1::uuid[])
      RETURNING t.id, (t.usage ->> 'api_calls_per_month')::float8 AS total`,
    [ids, month, nextMonth],
  );
  return rows;
}

// set usage.api_calls_per_month of every tenant whose value is not its month's total
export async function syncMonthApiCalls(db: Db, month: Date, nextMonth: Date): Promise<void> {
  await db.query(
    `UPDATE public.tenants t SET usage = jsonb_set(t.usage, '{api_calls_per_month}', to_jsonb(${monthTotal('$1', '$2')}))
      WHERE (t.usage -> 'api_calls_per_month') IS DISTINCT FROM to_jsonb(${monthTotal('$1', '$2')})`,
    [month, nextMonth],
  );
}

// set usage.storage_gb of a tenant; false when there is no such tenant
export async function setStorageUsage(db: Db, tenantId: string, gb: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE public.tenants SET usage = jsonb_set(usage, '{storage_gb}', to_jsonb($2::float8)) WHERE id = $1`,
    [tenantId, gb],
  );
  return (rowCount ?? 0) > 0;
}

// set usage.users of a tenant to its seats (active memberships); null when there is no such tenant
export async function setUserUsageToSeats(db: Db, tenantId: string): Promise<number | null> {
  const { rows } = await db.query<{ users: number }>(
    `UPDATE public.tenants t SET usage = jsonb_set(t.usage, '{users}', to_jsonb(m.users))
       FROM (SELECT count(*)::int AS users FROM public.tenant_users WHERE tenant_id = $1 AND status = 'active') m
      WHERE t.id = $1
  RETURNING m.users`,
    [tenantId],
  );
  return rows[0]?.users ?? null;
}

// tenants with a live schema (not archived), in id order
export async function tenantsWithLiveSchema(db: Db): Promise<{ id: string; schema_name: string }[]> {
  const { rows } = await db.query<{ id: string; schema_name: string }>(
    `SELECT id, schema_name FROM public.tenants WHERE status <> 'archived' ORDER BY id`,
  );
  return rows;
}

// record daily usage history of every live tenant (storage, users: the gauges; api_calls: the day's hourly sum)
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

// record monthly usage history of every live tenant (storage, users: the month's largest daily value; api_calls: the month's hourly sum)
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

// upsert daily usage history rows of a day; returns rows written
export async function upsertDailyUsage(db: Db, at: Date): Promise<number> {
  return (await db.query(DAILY_SQL, [at])).rowCount ?? 0;
}

// upsert monthly usage history rows of a month; returns rows written
export async function upsertMonthlyUsage(db: Db, at: Date): Promise<number> {
  return (await db.query(MONTHLY_SQL, [at])).rowCount ?? 0;
}

// size of a tenant's schema and backup schemas on one server (bytes)
export async function storageBytesOf(db: Db, tenantId: string, schemaName: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'm', 'S') AND (n.nspname = $2 OR n.nspname IN (SELECT schema_name FROM public.tenant_backups WHERE tenant_id = $1)))::bigint AS bytes`,
    [tenantId, schemaName],
  );
  return Number(rows[0]!.bytes);
}
