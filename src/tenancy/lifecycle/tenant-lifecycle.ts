// State changes of an existing tenant, each run inside the caller's transaction with the tenant's
// row locked (FOR UPDATE), so a schema rename and the row that names the schema commit together.
import type pg from 'pg';
import { BadUserInputError, ConflictError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import type { UpdateTenantPatch } from './provisioning-input.js';
import { archiveSchemaIn, dropSchemaIn, renameSchemaIn, schemaExists } from './schema-manager.js';
import { defaultSchemaName } from '../names.js';
import { TENANT_COLUMNS, toTenant, type TenantRow } from '../../control-plane/stores/tenants-store.js';

type Client = pg.PoolClient;

/** Which states each change may start from. */
const ALLOWED_FROM: Record<'suspend' | 'activate' | 'archive', readonly string[]> = {
  suspend: ['active', 'suspended'],
  activate: ['active', 'suspended'],
  archive: ['active', 'suspended'],
};

function assertFrom(tenant: Tenant, change: keyof typeof ALLOWED_FROM): void {
  if (ALLOWED_FROM[change].includes(tenant.status)) return;
  const why =
    tenant.status === 'pending' ? 'it is still being provisioned' : tenant.status === 'archived' ? 'it is archived' : `it is ${tenant.status}`;
  throw new ConflictError(`Tenant "${tenant.slug}" cannot be ${change === 'activate' ? 'activated' : `${change}ed`}: ${why}.`, { field: 'status' });
}

async function updateRow(client: Client, id: string, set: string, params: unknown[]): Promise<Tenant> {
  const { rows } = await client.query<TenantRow>(
    `UPDATE public.tenants SET ${set}, updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
    [id, ...params],
  );
  return toTenant(rows[0]!);
}

export function suspendIn(client: Client, tenant: Tenant, reason: string | null): Promise<Tenant> {
  assertFrom(tenant, 'suspend');
  return updateRow(
    client,
    tenant.id,
    `status = 'suspended', metadata = metadata || jsonb_build_object('suspended_at', now(), 'suspension_reason', $2::text)`,
    [reason],
  );
}

export function activateIn(client: Client, tenant: Tenant): Promise<Tenant> {
  assertFrom(tenant, 'activate');
  return updateRow(client, tenant.id, `status = 'active', metadata = metadata - 'suspended_at' - 'suspension_reason'`, []);
}

/** Renames the schema to archive_… and records why and when in metadata. */
export async function archiveIn(client: Client, tenant: Tenant, reason: string | null, at = new Date()): Promise<Tenant> {
  assertFrom(tenant, 'archive');
  const archived = await archiveSchemaIn(client, tenant.schemaName, at);
  return updateRow(
    client,
    tenant.id,
    `status = 'archived', schema_name = $2,
     metadata = metadata || jsonb_build_object('archived_at', $3::timestamptz, 'archive_reason', $4::text, 'archived_from', $5::text)`,
    [archived, at, reason, tenant.schemaName],
  );
}

/**
 * Drops the schema (if provisioning ever made it) and the row; domains, members… go by cascade. The
 * tenant's backups (tenant_backups) are dropped too, unless `keepBackups`: then their records stay,
 * tenant_id set NULL by the foreign key, listed as orphans.
 */
export async function deleteIn(client: Client, tenant: Tenant, opts: { keepBackups?: boolean } = {}): Promise<void> {
  await dropSchemaIn(client, tenant.schemaName, { force: true, ifExists: true });
  if (!opts.keepBackups) {
    const { rows } = await client.query<{ schema_name: string }>('SELECT schema_name FROM public.tenant_backups WHERE tenant_id = $1 FOR UPDATE', [tenant.id]);
    for (const r of rows) await dropSchemaIn(client, r.schema_name, { force: true, ifExists: true });
    await client.query('DELETE FROM public.tenant_backups WHERE tenant_id = $1', [tenant.id]);
  }
  await client.query('DELETE FROM public.tenants WHERE id = $1', [tenant.id]);
}

/** The schema an archived tenant came from: recorded at archiving, else derived from the archive name or the slug. */
export function archivedFrom(tenant: Tenant): string {
  const recorded = (tenant.metadata as Record<string, unknown> | null)?.archived_from;
  if (typeof recorded === 'string' && recorded) return recorded;
  const plain = /^archive_(.+)_\d{17}$/.exec(tenant.schemaName)?.[1];
  return plain && !/_[0-9a-f]{8}$/.test(plain) ? plain : defaultSchemaName(tenant.slug);
}

/** Brings an archived tenant back: schema renamed to what it was, status ACTIVE, archive marks removed. */
export async function unarchiveIn(client: Client, tenant: Tenant): Promise<Tenant> {
  if (tenant.status !== 'archived') throw new ConflictError(`Tenant "${tenant.slug}" cannot be unarchived: it is ${tenant.status}.`, { field: 'status' });
  const back = archivedFrom(tenant);
  if (await schemaExists(client, back)) throw new ConflictError(`Schema "${back}" is taken by another schema; rename it first.`, { field: 'schemaName' });
  const { rowCount } = await client.query('SELECT 1 FROM public.tenants WHERE schema_name = $1 AND id <> $2', [back, tenant.id]);
  if (rowCount) throw new ConflictError(`Schema "${back}" belongs to another tenant now.`, { field: 'schemaName' });
  await renameSchemaIn(client, tenant.schemaName, back);
  return updateRow(
    client,
    tenant.id,
    `status = 'active', schema_name = $2,
     metadata = (metadata - 'archived_at' - 'archive_reason' - 'archived_from') || jsonb_build_object('unarchived_at', now())`,
    [back],
  );
}

/** Splits a merge patch into what to add and which keys to remove (null values). */
function mergePatch(patch: Record<string, unknown>): [string, string[]] {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  return [JSON.stringify(set), Object.keys(patch).filter((k) => patch[k] === null)];
}

/**
 * Metadata keys the platform writes (suspension, archiving) or reserves (`platform_…`): only system
 * admins may set or remove them, so an owner cannot erase the record of a suspension.
 */
export const RESERVED_METADATA_KEYS: readonly string[] = ['suspended_at', 'suspension_reason', 'archived_at', 'archive_reason'];
export const isReservedMetadataKey = (key: string) => RESERVED_METADATA_KEYS.includes(key) || key.startsWith('platform_');

/** The largest settings or metadata object a tenant may hold, as JSON text: checked after a merge, not per patch. */
export const MAX_TENANT_JSON_BYTES = 64 * 1024;

/** The object a merge patch leaves (tenant is the locked row), refused when it would outgrow the cap. */
function assertMergedSize(column: 'settings' | 'metadata', current: unknown, patch: Record<string, unknown>): void {
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const bytes = Buffer.byteLength(JSON.stringify(merged));
  if (bytes > MAX_TENANT_JSON_BYTES) {
    throw new BadUserInputError(`${column} would grow to ${bytes} bytes of JSON; at most ${MAX_TENANT_JSON_BYTES} are kept. Remove keys (set them to null) first.`, { field: column });
  }
}

export async function updateIn(client: Client, tenant: Tenant, patch: UpdateTenantPatch): Promise<Tenant> {
  for (const column of ['settings', 'metadata'] as const) {
    if (patch[column] !== undefined) assertMergedSize(column, tenant[column], patch[column]);
  }
  const sets: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value) + 1}`; // $1 is the id
  if (patch.name !== undefined) sets.push(`name = ${param(patch.name)}`);
  if (patch.plan !== undefined) sets.push(`plan = ${param(patch.plan)}`);
  if (patch.limits !== undefined) sets.push(`limits = limits || ${param(JSON.stringify(patch.limits))}::jsonb`);
  for (const column of ['settings', 'metadata'] as const) {
    if (patch[column] === undefined) continue;
    const [add, remove] = mergePatch(patch[column]);
    sets.push(`${column} = (${column} || ${param(add)}::jsonb) - ${param(remove)}::text[]`);
  }
  if (patch.billingCustomerId !== undefined) sets.push(`billing_customer_id = ${param(patch.billingCustomerId)}`);
  if (patch.subscriptionId !== undefined) sets.push(`subscription_id = ${param(patch.subscriptionId)}`);
  let updated = sets.length ? await updateRow(client, tenant.id, sets.join(', '), params) : tenant;
  if (patch.status && patch.status !== updated.status) {
    if (patch.status === 'suspended') updated = await suspendIn(client, updated, null);
    else if (patch.status === 'active') updated = await activateIn(client, updated);
    else updated = await archiveIn(client, updated, null);
  }
  return updated;
}

/** Every host name that may currently resolve to the tenant (for cache invalidation). */
export async function hostsOf(client: Pick<Client, 'query'>, tenant: Tenant, baseDomain: string): Promise<string[]> {
  const { rows } = await client.query<{ domain: string }>('SELECT domain FROM public.tenant_domains WHERE tenant_id = $1', [tenant.id]);
  return [...new Set([`${tenant.slug}.${baseDomain}`, ...(tenant.domain ? [tenant.domain] : []), ...rows.map((r) => r.domain)])];
}
