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
import { upsertDailyUsage, upsertMonthlyUsage } from './stores/usage-store.js';

/** Upserts the daily rows of `at`'s day and the monthly roll-ups of its month, for every live tenant. */
export async function recordUsageHistory(pool: pg.Pool, at = new Date()): Promise<{ daily: number; monthly: number }> {
  const daily = await upsertDailyUsage(pool, at);
  const monthly = await upsertMonthlyUsage(pool, at);
  return { daily, monthly };
}
