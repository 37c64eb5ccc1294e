// The SQL of public.tenants: rows read and written with raw SQL (inside the provisioner's
// transactions, and the row lock every tenant-wide change takes), as the Prisma Tenant type.
import type pg from 'pg';
import type { Prisma, Tenant } from '../../generated/prisma/client.js';
import { uniqueViolation } from '../../db/unique-violation.js';
import { ConflictError, NotFoundError } from '../../errors.js';

/** Always schema-qualified: the provisioner's transactions also run with a tenant's search_path. */
export const TENANT_COLUMNS = `id, name, slug, domain, schema_name, status, plan, settings, limits, usage,
  billing_customer_id, subscription_id, metadata, inserted_at, updated_at`;

export interface TenantRow {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  schema_name: string;
  status: string;
  plan: string;
  settings: Tenant['settings'];
  limits: Tenant['limits'];
  usage: Tenant['usage'];
  billing_customer_id: string | null;
  subscription_id: string | null;
  metadata: Tenant['metadata'];
  inserted_at: Date;
  updated_at: Date;
}

/** A tenants jsonb column (settings, limits, usage, metadata): its CHECK constraint holds it to an object. */
export function jsonObject(value: Tenant['settings']): Record<string, unknown> {
  return value as Record<string, unknown>;
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    domain: row.domain,
    schemaName: row.schema_name,
    status: row.status,
    plan: row.plan,
    settings: row.settings,
    limits: row.limits,
    usage: row.usage,
    billingCustomerId: row.billing_customer_id,
    subscriptionId: row.subscription_id,
    metadata: row.metadata,
    insertedAt: row.inserted_at,
    updatedAt: row.updated_at,
  };
}

const UNIQUE_FIELDS: Record<string, [field: string, what: string]> = {
  tenants_slug_key: ['slug', 'slug'],
  tenants_schema_name_key: ['schemaName', 'schema name'],
  tenants_domain_key: ['domain', 'domain'],
  tenant_domains_domain_key: ['domains', 'domain'],
  tenant_domains_verified_domain_idx: ['domains', 'domain'],
};

/** A unique violation on a tenants/tenant_domains key, as CONFLICT naming the field; null for anything else. */
export function tenantConflict(err: unknown, values: Record<string, unknown>): ConflictError | null {
  const violation = uniqueViolation(err);
  if (!violation) return null;
  const [field, what] = UNIQUE_FIELDS[violation.constraint ?? ''] ?? ['', 'value'];
  const value = field && field !== 'domains' ? values[field] : undefined;
  return new ConflictError(`This ${what}${value ? ` ("${String(value)}")` : ''} is already taken.`, field ? { field } : {});
}

/** A connection in a transaction: pg's, or a Prisma interactive transaction (members, domains). */
export type TransactionDb = Pick<pg.PoolClient, 'query'> | Prisma.TransactionClient;

// lock tenant: the row, FOR UPDATE
const LOCK_TENANT_SQL = `SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1::uuid FOR UPDATE`;

/**
 * The tenant's row, locked until the transaction ends; NOT_FOUND when there is none. Every change
 * that must see the tenant as it is (a state change, a seat, the primary domain, a restore) takes
 * this lock first, so two of them on one tenant run one after the other.
 */
export async function lockTenant(db: TransactionDb, id: string): Promise<Tenant> {
  const rows = '$queryRawUnsafe' in db
    ? await db.$queryRawUnsafe<TenantRow[]>(LOCK_TENANT_SQL, id)
    : (await db.query<TenantRow>(LOCK_TENANT_SQL, [id])).rows;
  if (!rows[0]) throw new NotFoundError('Tenant');
  return toTenant(rows[0]);
}
