// Limits that hold (issue "Tenant lifecycle" item 5):
// - a plan has default limits; changing the plan applies them unless limits are given;
// - limits below what the tenant uses now are refused (BAD_USER_INPUT naming the field) unless forced;
// - storage over its limit refuses writes that grow the tenant (LIMIT_EXCEEDED); reads go on;
// - users and seats are one number: an active membership, accepted or still an invitation, takes a seat
//   (members.ts checks seats that way, usage.users counts that way).
import type pg from 'pg';
import { BadUserInputError, LimitExceededError } from '../errors.js';
import type { Tenant } from '../generated/prisma/client.js';
import { citusSchemaBytes, citusVersion } from '../db/citus.js';
import { DEFAULT_LIMITS } from '../vocabulary.js';
import { readLimits, readUsage } from './usage-math.js';
import { backupSchemaNamesOf } from './stores/backups-store.js';
import { countSeats } from './stores/members-store.js';
import { limitsAndUsageOf } from './stores/tenants-store.js';
import { storageBytesOf } from './stores/usage-store.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type LimitsJson = { users?: number; storage_gb?: number; api_calls_per_month?: number };

/** Default limits of each plan (basic = the column default of prisma/sql/0001). */
export const PLAN_LIMITS: Readonly<Record<string, Required<LimitsJson>>> = {
  basic: { ...DEFAULT_LIMITS },
  professional: { users: 500, storage_gb: 100, api_calls_per_month: 100_000 },
  enterprise: { users: 5_000, storage_gb: 1_000, api_calls_per_month: 1_000_000 },
};

const BYTES_PER_GB = 1024 ** 3;

/** What the tenant uses now, measured: seats, storage (schema and backups), API calls this month (as metered). */
export async function currentUsage(
  db: Queryable,
  tenant: Pick<Tenant, 'id' | 'schemaName' | 'usage'>,
): Promise<Required<LimitsJson>> {
  // Seats: active memberships, accepted or invited (the one count for seats and usage.users).
  const seats = await countSeats(db, tenant.id);
  let bytes = await storageBytesOf(db, tenant.id, tenant.schemaName);
  if (await citusVersion(db)) {
    // Distributed tables are measured where their shards live (the coordinator holds empty shells).
    bytes = (await citusSchemaBytes(db, [tenant.schemaName, ...(await backupSchemaNamesOf(db, tenant.id))])) ?? bytes;
  }
  return {
    users: seats,
    storage_gb: bytes / BYTES_PER_GB,
    api_calls_per_month: readUsage(tenant.usage).apiCallsPerMonth,
  };
}

const FIELDS: Record<keyof LimitsJson, string> = {
  users: 'limits.users',
  storage_gb: 'limits.storageGb',
  api_calls_per_month: 'limits.apiCallsPerMonth',
};

/**
 * The limits an update leads to: a plan change brings that plan's defaults, limits given override
 * them; refused (BAD_USER_INPUT naming the field) when one is below current usage, unless `force`.
 * Returns the limits patch to merge, or undefined when limits do not change.
 */
export async function limitsForUpdate(
  db: Queryable,
  tenant: Tenant,
  patch: { plan?: string; limits?: LimitsJson },
  force = false,
): Promise<LimitsJson | undefined> {
  const planChanged = patch.plan !== undefined && patch.plan !== tenant.plan;
  if (!planChanged && patch.limits === undefined) return undefined;
  const next: LimitsJson = { ...(planChanged ? PLAN_LIMITS[patch.plan!] : {}), ...(patch.limits ?? {}) };
  if (force) return next;
  const used = await currentUsage(db, tenant);
  for (const key of Object.keys(FIELDS) as (keyof LimitsJson)[]) {
    const limit = next[key];
    if (limit === undefined || limit >= used[key]) continue;
    const shown = key === 'storage_gb' ? used[key].toFixed(3) : String(used[key]);
    throw new BadUserInputError(
      `${FIELDS[key]} ${limit} is below what the tenant uses now (${shown}${planChanged && patch.limits?.[key] === undefined ? `, the ${patch.plan} plan's default` : ''}); lower usage first, or pass force.`,
      { field: FIELDS[key] },
    );
  }
  return next;
}

/** Refuses a write that grows the tenant once its storage (schema and backups, as last measured) is at or over its limit. */
export async function assertStorageRoom(db: Queryable, tenantId: string): Promise<void> {
  const row = await limitsAndUsageOf(db, tenantId);
  if (!row) return;
  const limit = readLimits(row.limits).storageGb;
  const used = readUsage(row.usage).storageGb;
  if (used >= limit) {
    throw new LimitExceededError(
      `This tenant uses ${used.toFixed(3)} GB of its ${limit} GB storage limit: writes that add data are refused until data or backups are deleted or the limit is raised (reads still work).`,
      { limit: 'storageGb' },
    );
  }
}
