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

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type LimitsJson = { users?: number; storage_gb?: number; api_calls_per_month?: number };

/** Default limits of each plan (basic = the column default of prisma/sql/0001). */
export const PLAN_LIMITS: Readonly<Record<string, Required<LimitsJson>>> = {
  basic: { ...DEFAULT_LIMITS },
  professional: { users: 500, storage_gb: 100, api_calls_per_month: 100_000 },
  enterprise: { users: 5_000, storage_gb: 1_000, api_calls_per_month: 1_000_000 },
};

/** Seats in use: active memberships, accepted or invited (the one count for seats and usage.users). */
export const SEATS_SQL = `SELECT count(*)::int AS seats FROM public.tenant_users WHERE tenant_id = $1 AND status = 'active'`;

const BYTES_PER_GB = 1024 ** 3;

/** What the tenant uses now, measured: seats, storage (schema and backups), API calls this month (as metered). */
export async function currentUsage(db: Queryable, tenant: Pick<Tenant, 'id' | 'schemaName' | 'usage'>): Promise<Required<LimitsJson>> {
  const seats = (await db.query<{ seats: number }>(SEATS_SQL, [tenant.id])).rows[0]!.seats;
  const { rows } = await db.query<{ bytes: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'm', 'S') AND (n.nspname = $2 OR n.nspname IN (SELECT schema_name FROM public.tenant_backups WHERE tenant_id = $1)))::bigint AS bytes`,
    [tenant.id, tenant.schemaName],
  );
  let bytes = Number(rows[0]!.bytes);
  if (await citusVersion(db)) {
    // Distributed tables are measured where their shards live (the coordinator holds empty shells).
    const backups = await db.query<{ s: string }>('SELECT schema_name AS s FROM public.tenant_backups WHERE tenant_id = $1', [tenant.id]);
    bytes = (await citusSchemaBytes(db, [tenant.schemaName, ...backups.rows.map((r) => r.s)])) ?? bytes;
  }
  return { users: seats, storage_gb: bytes / BYTES_PER_GB, api_calls_per_month: readUsage(tenant.usage).apiCallsPerMonth };
}

const FIELDS: Record<keyof LimitsJson, string> = { users: 'limits.users', storage_gb: 'limits.storageGb', api_calls_per_month: 'limits.apiCallsPerMonth' };

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
  const { rows } = await db.query<{ limits: unknown; usage: unknown }>('SELECT limits, usage FROM public.tenants WHERE id = $1', [tenantId]);
  if (!rows[0]) return;
  const limit = readLimits(rows[0].limits).storageGb;
  const used = readUsage(rows[0].usage).storageGb;
  if (used >= limit) {
    throw new LimitExceededError(
      `This tenant uses ${used.toFixed(3)} GB of its ${limit} GB storage limit: writes that add data are refused until data or backups are deleted or the limit is raised (reads still work).`,
      { limit: 'storageGb' },
    );
  }
}
