// tenants.limits and tenants.usage are jsonb written by people and by older code: read them
// defensively (a missing or non-numeric entry falls back to the default) so one bad value never
// breaks a request or a percentage.
import { DEFAULT_LIMITS } from '../vocabulary.js';

/** Limits and usage in the three dimensions of the tenants table (jsonb keys users, storage_gb, api_calls_per_month). */
export interface Quota {
  users: number;
  storageGb: number;
  apiCallsPerMonth: number;
}

/** DEFAULT_LIMITS of vocabulary.ts, as a Quota. */
export const DEFAULT_QUOTA: Readonly<Quota> = Object.freeze({
  users: DEFAULT_LIMITS.users,
  storageGb: DEFAULT_LIMITS.storage_gb,
  apiCallsPerMonth: DEFAULT_LIMITS.api_calls_per_month,
});
export const ZERO_USAGE: Readonly<Quota> = Object.freeze({ users: 0, storageGb: 0, apiCallsPerMonth: 0 });

const JSON_KEYS: Record<keyof Quota, string> = {
  users: 'users',
  storageGb: 'storage_gb',
  apiCallsPerMonth: 'api_calls_per_month',
};

function readNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function readQuota(json: unknown, defaults: Readonly<Quota>): Quota {
  const object =
    json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const quota = { ...defaults };
  for (const field of Object.keys(JSON_KEYS) as (keyof Quota)[]) {
    quota[field] = readNumber(object[JSON_KEYS[field]]) ?? defaults[field];
  }
  return quota;
}

/** tenants.limits, with the schema defaults ({users:100, storage_gb:10, api_calls_per_month:10000}) for missing entries. */
export function readLimits(json: unknown): Quota {
  return readQuota(json, DEFAULT_QUOTA);
}

/** tenants.usage, with 0 for missing entries. */
export function readUsage(json: unknown): Quota {
  return readQuota(json, ZERO_USAGE);
}

/** The jsonb shape (snake_case keys) of a Quota, for writing limits back. */
export function toQuotaJson(quota: Quota): Record<string, number> {
  return { users: quota.users, storage_gb: quota.storageGb, api_calls_per_month: quota.apiCallsPerMonth };
}

/** used / limit × 100, rounded to 2 decimals; 0 when either is 0 (or not a positive finite number). */
export function usagePercent(used: number, limit: number): number {
  if (!Number.isFinite(used) || !Number.isFinite(limit) || used <= 0 || limit <= 0) return 0;
  return Math.round((used / limit) * 100 * 100) / 100;
}

export interface UsagePercents {
  storageUsagePercent: number;
  userUsagePercent: number;
  apiCallsUsagePercent: number;
}

/** The three usage percentages, from the raw jsonb columns. */
export function usagePercents(tenant: { limits: unknown; usage: unknown }): UsagePercents {
  const limits = readLimits(tenant.limits);
  const usage = readUsage(tenant.usage);
  return {
    storageUsagePercent: usagePercent(usage.storageGb, limits.storageGb),
    userUsagePercent: usagePercent(usage.users, limits.users),
    apiCallsUsagePercent: usagePercent(usage.apiCallsPerMonth, limits.apiCallsPerMonth),
  };
}
