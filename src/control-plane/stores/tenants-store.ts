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
  return new ConflictError(
    `This ${what}${value ? ` ("${String(value)}")` : ''} is already taken.`,
    field ? { field } : {},
  );
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
  const rows =
    '$queryRawUnsafe' in db
      ? await db.$queryRawUnsafe<TenantRow[]>(LOCK_TENANT_SQL, id)
      : (await db.query<TenantRow>(LOCK_TENANT_SQL, [id])).rows;
  if (!rows[0]) throw new NotFoundError('Tenant');
  return toTenant(rows[0]);
}

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

const one = (rows: TenantRow[]): Tenant | null => (rows[0] ? toTenant(rows[0]) : null);

// find tenant by id
export async function findTenantRow(db: Db, id: string): Promise<Tenant | null> {
  return one((await db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1`, [id])).rows);
}

// tenant exists
export async function tenantExists(db: Db, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM public.tenants WHERE id = $1', [id])).rowCount !== 0;
}

// pending tenants, oldest first
export async function pendingTenants(db: Db): Promise<Tenant[]> {
  const { rows } = await db.query<TenantRow>(
    `SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE status = 'pending' ORDER BY inserted_at`,
  );
  return rows.map(toTenant);
}

// find pending tenant by id
export async function findPendingTenant(db: Db, id: string): Promise<Tenant | null> {
  return one(
    (
      await db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1 AND status = 'pending'`, [
        id,
      ])
    ).rows,
  );
}

export interface PendingTenantValues {
  name: string;
  slug: string;
  schemaName: string;
  primaryDomain: string | null;
  plan: string;
  settings: Record<string, unknown>;
  limits: Record<string, unknown>;
  metadata: Record<string, unknown>;
  domains: { domain: string; primary: boolean }[];
}

// insert pending tenant with its (verified) domains
const INSERT_PENDING_SQL = `
  WITH tenant AS (
    INSERT INTO public.tenants (name, slug, schema_name, domain, plan, settings, limits, metadata)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)
    RETURNING ${TENANT_COLUMNS}
  ), domains AS (
    INSERT INTO public.tenant_domains (tenant_id, domain, "primary", verified_at)
    SELECT tenant.id, d.domain, d.is_primary, now() FROM tenant, unnest($9::text[], $10::bool[]) AS d(domain, is_primary)
  )
  SELECT * FROM tenant`;

// insert pending tenant
export async function insertPendingTenant(db: Db, v: PendingTenantValues): Promise<Tenant> {
  const { rows } = await db.query<TenantRow>(INSERT_PENDING_SQL, [
    v.name,
    v.slug,
    v.schemaName,
    v.primaryDomain,
    v.plan,
    JSON.stringify(v.settings),
    JSON.stringify(v.limits),
    JSON.stringify(v.metadata),
    v.domains.map((d) => d.domain),
    v.domains.map((d) => d.primary),
  ]);
  return toTenant(rows[0]!);
}

// delete pending tenant by slug; returns whether there was one
export async function deletePendingTenantBySlug(db: Db, slug: string): Promise<boolean> {
  return (
    ((await db.query(`DELETE FROM public.tenants WHERE slug = $1 AND status = 'pending'`, [slug])).rowCount ?? 0) > 0
  );
}

// delete pending tenant by id
export async function deletePendingTenant(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM public.tenants WHERE id = $1 AND status = 'pending'`, [id]);
}

// mark pending tenant active; null when it is no longer pending
export async function markTenantActive(db: Db, id: string): Promise<Tenant | null> {
  const { rows } = await db.query<TenantRow>(
    `UPDATE public.tenants SET status = 'active', updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING ${TENANT_COLUMNS}`,
    [id],
  );
  return one(rows);
}

/** Runs `UPDATE … SET <set>, updated_at = now()` on one row; `set` is built here only, $1 is the id. */
async function updateTenantRow(db: Db, id: string, set: string, params: unknown[]): Promise<Tenant> {
  const { rows } = await db.query<TenantRow>(
    `UPDATE public.tenants SET ${set}, updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
    [id, ...params],
  );
  return toTenant(rows[0]!);
}

// set tenant suspended, recording when and why
export function setTenantSuspended(db: Db, id: string, reason: string | null): Promise<Tenant> {
  return updateTenantRow(
    db,
    id,
    `status = 'suspended', metadata = metadata || jsonb_build_object('suspended_at', now(), 'suspension_reason', $2::text)`,
    [reason],
  );
}

// set tenant active, removing the suspension marks
export function setTenantActive(db: Db, id: string): Promise<Tenant> {
  return updateTenantRow(db, id, `status = 'active', metadata = metadata - 'suspended_at' - 'suspension_reason'`, []);
}

// set tenant archived under its archive schema, recording when, why and from which schema
export function setTenantArchived(
  db: Db,
  id: string,
  archive: { schemaName: string; at: Date; reason: string | null; from: string },
): Promise<Tenant> {
  return updateTenantRow(
    db,
    id,
    `status = 'archived', schema_name = $2,
     metadata = metadata || jsonb_build_object('archived_at', $3::timestamptz, 'archive_reason', $4::text, 'archived_from', $5::text)`,
    [archive.schemaName, archive.at, archive.reason, archive.from],
  );
}

// set tenant unarchived (active) under its schema again, removing the archive marks
export function setTenantUnarchived(db: Db, id: string, schemaName: string): Promise<Tenant> {
  return updateTenantRow(
    db,
    id,
    `status = 'active', schema_name = $2,
     metadata = (metadata - 'archived_at' - 'archive_reason' - 'archived_from') || jsonb_build_object('unarchived_at', now())`,
    [schemaName],
  );
}

/** A tenant patch as the columns it changes: settings and metadata are merged (keys in `remove` deleted), limits merged. */
export interface TenantRowPatch {
  name?: string;
  plan?: string;
  limits?: Record<string, unknown>;
  settings?: { add: Record<string, unknown>; remove: string[] };
  metadata?: { add: Record<string, unknown>; remove: string[] };
  billingCustomerId?: string | null;
  subscriptionId?: string | null;
}

// update tenant columns (a patch); the row as it was when nothing changes
export async function patchTenant(db: Db, tenant: Tenant, patch: TenantRowPatch): Promise<Tenant> {
  const sets: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value) + 1}`; // $1 is the id
  if (patch.name !== undefined) sets.push(`name = ${param(patch.name)}`);
  if (patch.plan !== undefined) sets.push(`plan = ${param(patch.plan)}`);
  if (patch.limits !== undefined) sets.push(`limits = limits || ${param(JSON.stringify(patch.limits))}::jsonb`);
  for (const column of ['settings', 'metadata'] as const) {
    const merge = patch[column];
    if (merge)
      sets.push(
        `${column} = (${column} || ${param(JSON.stringify(merge.add))}::jsonb) - ${param(merge.remove)}::text[]`,
      );
  }
  if (patch.billingCustomerId !== undefined) sets.push(`billing_customer_id = ${param(patch.billingCustomerId)}`);
  if (patch.subscriptionId !== undefined) sets.push(`subscription_id = ${param(patch.subscriptionId)}`);
  return sets.length ? updateTenantRow(db, tenant.id, sets.join(', '), params) : tenant;
}

// set or clear metadata.restoring_at; null when the tenant is gone
export async function setTenantRestoring(db: Db, id: string, on: boolean): Promise<Tenant | null> {
  const { rows } = await db.query<TenantRow>(
    `UPDATE public.tenants SET metadata = ${on ? `metadata || jsonb_build_object('restoring_at', now())` : `metadata - 'restoring_at'`}
      WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
    [id],
  );
  return one(rows);
}

// record a finished restore (restored_at, restored_from) and clear restoring_at
export async function setTenantRestored(db: Db, id: string, backupId: string): Promise<Tenant> {
  return updateTenantRow(
    db,
    id,
    `metadata = (metadata - 'restoring_at') || jsonb_build_object('restored_at', now(), 'restored_from', $2::text)`,
    [backupId],
  );
}

// delete tenant row (domains, members, settings… by cascade)
export async function deleteTenantRow(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM public.tenants WHERE id = $1', [id]);
}

// schema name held by another tenant
export async function schemaNameTakenByOther(db: Db, schemaName: string, id: string): Promise<boolean> {
  return (
    ((await db.query('SELECT 1 FROM public.tenants WHERE schema_name = $1 AND id <> $2', [schemaName, id])).rowCount ??
      0) > 0
  );
}

export interface TenantRef {
  id: string;
  slug: string;
  schema_name: string;
  status: string;
}

// find tenant ref (id, slug, schema, status) by id or slug
export async function findTenantRef(db: Db, ref: { id: string } | { slug: string }): Promise<TenantRef | null> {
  const byId = 'id' in ref;
  const { rows } = await db.query<TenantRef>(
    `SELECT id, slug, schema_name, status FROM public.tenants WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [byId ? ref.id : ref.slug],
  );
  return rows[0] ?? null;
}

// tenants in these statuses, in creation order
export async function tenantsWithStatus(
  db: Db,
  statuses: readonly string[],
): Promise<{ id: string; slug: string; schema_name: string }[]> {
  const { rows } = await db.query<{ id: string; slug: string; schema_name: string }>(
    `SELECT id, slug, schema_name FROM public.tenants WHERE status = ANY($1::text[]) ORDER BY inserted_at, id`,
    [statuses],
  );
  return rows;
}

// every tenant's slug, status, schema and age, in creation order (doctor)
export async function tenantOverview(
  db: Db,
): Promise<{ slug: string; status: string; schema_name: string; age_seconds: number }[]> {
  const { rows } = await db.query<{ slug: string; status: string; schema_name: string; age_seconds: number }>(
    `SELECT slug, status, schema_name, extract(epoch FROM now() - inserted_at)::int AS age_seconds FROM public.tenants ORDER BY inserted_at, id`,
  );
  return rows;
}

// tenants archived before a moment, oldest archive first
export async function tenantsArchivedBefore(
  db: Db,
  before: Date,
): Promise<{ id: string; slug: string; schema_name: string; archived_at: string }[]> {
  const { rows } = await db.query<{ id: string; slug: string; schema_name: string; archived_at: string }>(
    `SELECT id, slug, schema_name, metadata->>'archived_at' AS archived_at FROM public.tenants
      WHERE status = 'archived' AND (metadata->>'archived_at')::timestamptz < $1 ORDER BY 4, 1`,
    [before],
  );
  return rows;
}

// limits and usage of a tenant
export async function limitsAndUsageOf(db: Db, id: string): Promise<{ limits: unknown; usage: unknown } | null> {
  const { rows } = await db.query<{ limits: unknown; usage: unknown }>(
    'SELECT limits, usage FROM public.tenants WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}
