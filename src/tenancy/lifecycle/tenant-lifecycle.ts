// State changes of an existing tenant, each run inside the caller's transaction with the tenant's
// row locked (FOR UPDATE), so a schema rename and the row that names the schema commit together.
import type pg from 'pg';
import { BadUserInputError, ConflictError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import type { UpdateTenantPatch } from './provisioning-input.js';
import { archiveSchemaIn, dropSchemaIn, renameSchemaIn, schemaExists } from './schema-manager.js';
import { defaultSchemaName } from '../names.js';
import { lockBackupSchemasOf, deleteBackupRecordsOf } from '../../control-plane/stores/backups-store.js';
import { domainNamesOf } from '../../control-plane/stores/domains-store.js';
import {
  deleteTenantRow,
  patchTenant,
  schemaNameTakenByOther,
  setTenantActive,
  setTenantArchived,
  setTenantSuspended,
  setTenantUnarchived,
} from '../../control-plane/stores/tenants-store.js';

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
    tenant.status === 'pending'
      ? 'it is still being provisioned'
      : tenant.status === 'archived'
        ? 'it is archived'
        : `it is ${tenant.status}`;
  throw new ConflictError(
    `Tenant "${tenant.slug}" cannot be ${change === 'activate' ? 'activated' : `${change}ed`}: ${why}.`,
    { field: 'status' },
  );
}

export function suspendIn(client: Client, tenant: Tenant, reason: string | null): Promise<Tenant> {
  assertFrom(tenant, 'suspend');
  return setTenantSuspended(client, tenant.id, reason);
}

export function activateIn(client: Client, tenant: Tenant): Promise<Tenant> {
  assertFrom(tenant, 'activate');
  return setTenantActive(client, tenant.id);
}

/** Renames the schema to archive_… and records why and when in metadata. */
export async function archiveIn(
  client: Client,
  tenant: Tenant,
  reason: string | null,
  at = new Date(),
): Promise<Tenant> {
  assertFrom(tenant, 'archive');
  const archived = await archiveSchemaIn(client, tenant.schemaName, at);
  return setTenantArchived(client, tenant.id, { schemaName: archived, at, reason, from: tenant.schemaName });
}

/**
 * Drops the schema (if provisioning ever made it) and the row; domains, members… go by cascade. The
 * tenant's backups (tenant_backups) are dropped too, unless `keepBackups`: then their records stay,
 * tenant_id set NULL by the foreign key, listed as orphans.
 */
export async function deleteIn(client: Client, tenant: Tenant, opts: { keepBackups?: boolean } = {}): Promise<void> {
  await dropSchemaIn(client, tenant.schemaName, { force: true, ifExists: true });
  if (!opts.keepBackups) {
    for (const schema of await lockBackupSchemasOf(client, tenant.id))
      await dropSchemaIn(client, schema, { force: true, ifExists: true });
    await deleteBackupRecordsOf(client, tenant.id);
  }
  await deleteTenantRow(client, tenant.id);
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
  if (tenant.status !== 'archived')
    throw new ConflictError(`Tenant "${tenant.slug}" cannot be unarchived: it is ${tenant.status}.`, {
      field: 'status',
    });
  const back = archivedFrom(tenant);
  if (await schemaExists(client, back))
    throw new ConflictError(`Schema "${back}" is taken by another schema; rename it first.`, { field: 'schemaName' });
  if (await schemaNameTakenByOther(client, back, tenant.id))
    throw new ConflictError(`Schema "${back}" belongs to another tenant now.`, { field: 'schemaName' });
  await renameSchemaIn(client, tenant.schemaName, back);
  return setTenantUnarchived(client, tenant.id, back);
}

/** Splits a merge patch into what to add and which keys to remove (null values). */
function mergePatch(patch: Record<string, unknown>): { add: Record<string, unknown>; remove: string[] } {
  return {
    add: Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null)),
    remove: Object.keys(patch).filter((k) => patch[k] === null),
  };
}

/**
 * Metadata keys the platform writes (suspension, archiving) or reserves (`platform_…`): only system
 * admins may set or remove them, so an owner cannot erase the record of a suspension.
 */
export const RESERVED_METADATA_KEYS: readonly string[] = [
  'suspended_at',
  'suspension_reason',
  'archived_at',
  'archive_reason',
];
export const isReservedMetadataKey = (key: string) =>
  RESERVED_METADATA_KEYS.includes(key) || key.startsWith('platform_');

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
    throw new BadUserInputError(
      `${column} would grow to ${bytes} bytes of JSON; at most ${MAX_TENANT_JSON_BYTES} are kept. Remove keys (set them to null) first.`,
      { field: column },
    );
  }
}

export async function updateIn(client: Client, tenant: Tenant, patch: UpdateTenantPatch): Promise<Tenant> {
  for (const column of ['settings', 'metadata'] as const) {
    if (patch[column] !== undefined) assertMergedSize(column, tenant[column], patch[column]);
  }
  let updated = await patchTenant(client, tenant, {
    name: patch.name,
    plan: patch.plan,
    limits: patch.limits,
    settings: patch.settings === undefined ? undefined : mergePatch(patch.settings),
    metadata: patch.metadata === undefined ? undefined : mergePatch(patch.metadata),
    billingCustomerId: patch.billingCustomerId,
    subscriptionId: patch.subscriptionId,
  });
  if (patch.status && patch.status !== updated.status) {
    if (patch.status === 'suspended') updated = await suspendIn(client, updated, null);
    else if (patch.status === 'active') updated = await activateIn(client, updated);
    else updated = await archiveIn(client, updated, null);
  }
  return updated;
}

/** Every host name that may currently resolve to the tenant (for cache invalidation). */
export async function hostsOf(client: Pick<Client, 'query'>, tenant: Tenant, baseDomain: string): Promise<string[]> {
  const domains = await domainNamesOf(client, tenant.id);
  return [...new Set([`${tenant.slug}.${baseDomain}`, ...(tenant.domain ? [tenant.domain] : []), ...domains])];
}
