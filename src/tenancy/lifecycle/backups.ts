// Backups as records (control-plane table tenant_backups, prisma/sql/0003): take, list, delete,
// prune (restore and clone: backup-service.ts). A backup is a self-contained copy schema (schema-backup.ts)
// plus a row saying whose, when, why, by whom, how big, how many rows, at which migration.
//
// Bounded for every role: a tenant keeps at most `retention` backups (per plan, or limits.backups),
// the oldest beyond it pruned after each new one; a backup that would take the tenant (schema plus
// backups) over its storage limit is refused with LIMIT_EXCEEDED; backups of one tenant are taken
// one at a time (session advisory lock); their size counts in usage.storage_gb; deleting the tenant
// deletes them unless the caller keeps them, and kept ones stay listed as orphans.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inClientTransaction, inTransaction, releaseClient } from '../../db/transaction.js';
import { BadUserInputError, ConflictError, LimitExceededError, NotFoundError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import { citusSchemaBytes } from '../../db/citus.js';
import { isUuid } from '../../vocabulary.js';
import { backupSchemaName, fitIdentifier } from '../names.js';
import { copySchemaIn } from './schema-backup.js';
import { dropSchemaIn } from './schema-manager.js';
import { findTenantRow } from '../../control-plane/stores/tenants-store.js';
import {
  backupsOf,
  deleteBackupRecord,
  findBackupRecord,
  insertBackupRecord,
  lockBackupRecord,
  orphanBackups,
  setBackupSize,
  type BackupRecord,
} from '../../control-plane/stores/backups-store.js';
import { readLimits } from '../../control-plane/usage-math.js';
import { refreshStorageUsage, schemaSizeBytes } from '../../control-plane/usage-refresh.js';

/** Backups kept per tenant when neither its limits (limits.backups) nor its plan say otherwise. */
export const DEFAULT_BACKUP_RETENTION = 7;
export const PLAN_BACKUP_RETENTION: Readonly<Record<string, number>> = { basic: 7, professional: 14, enterprise: 30 };
/** Upper bound on any retention (limits.backups, prune --keep). */
export const MAX_BACKUP_RETENTION = 100;

const BYTES_PER_GB = 1024 ** 3;

export type { BackupRecord };

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface BackupOptions {
  reason?: string | null;
  createdBy?: string | null;
  /** Test seam / deterministic names. */
  at?: Date;
}

/** How many backups a tenant keeps: limits.backups, else its plan's, else 7. */
export function retentionOf(tenant: Pick<Tenant, 'plan' | 'limits'>): number {
  const own = (tenant.limits as Record<string, unknown> | null)?.backups;
  if (typeof own === 'number' && Number.isInteger(own) && own >= 1) return Math.min(own, MAX_BACKUP_RETENTION);
  return PLAN_BACKUP_RETENTION[tenant.plan] ?? DEFAULT_BACKUP_RETENTION;
}

function lockKeyOf(tenantId: string): string {
  return createHash('sha256').update(`backup:${tenantId}`).digest().readBigInt64BE(0).toString();
}

function validReason(reason: string | null | undefined): string | null {
  if (reason == null || reason === '') return null;
  if (typeof reason !== 'string' || reason.length > 500)
    throw new BadUserInputError('reason must be at most 500 characters', { field: 'reason' });
  return reason;
}

/** `restore_<schema>_<time>`: where a restore or clone builds the schema before swapping it in. */
export function shadowSchemaName(schema: string, at = new Date()): string {
  return fitIdentifier(
    'restore_',
    schema,
    `_${at
      .toISOString()
      .replace(/[-:TZ.]/g, '')
      .slice(0, 17)}`,
  );
}

/** Bytes used by a schema (as usage counts them). */
export const schemaBytes = schemaSizeBytes;

/** The records of a tenant's backups, newest first. */
export async function listBackups(db: Queryable, tenantId: string): Promise<BackupRecord[]> {
  return isUuid(tenantId) ? backupsOf(db, tenantId) : [];
}

/** Backups whose tenant was deleted with --keep-backups, newest first. */
export async function listOrphanBackups(db: Queryable): Promise<BackupRecord[]> {
  return orphanBackups(db);
}

export async function findBackup(db: Queryable, id: string): Promise<BackupRecord | null> {
  return isUuid(id) ? findBackupRecord(db, id) : null;
}

/** Drops a backup's schema and its record, inside the caller's transaction. */
export async function dropBackupIn(client: Queryable, record: Pick<BackupRecord, 'id' | 'schemaName'>): Promise<void> {
  await dropSchemaIn(client, record.schemaName, { force: true, ifExists: true });
  await deleteBackupRecord(client, record.id);
}

/** Runs `fn` on a connection holding the tenant's backup lock (one backup/restore per tenant at a time). */
export async function withTenantBackupLock<T>(
  pool: pg.Pool,
  tenantId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${lockKeyOf(tenantId)}) AS ok`);
    if (!rows[0]!.ok)
      throw new ConflictError('A backup or restore of this tenant is already running; try again when it has finished.');
    try {
      return await fn(client);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lockKeyOf(tenantId)})`).catch((err: Error) => (broken = err));
    }
  } finally {
    releaseClient(client, broken);
  }
}

export async function currentTenant(db: Queryable, id: string): Promise<Tenant> {
  if (!isUuid(id)) throw new NotFoundError('Tenant');
  const tenant = await findTenantRow(db, id);
  if (!tenant) throw new NotFoundError('Tenant');
  return tenant;
}

export function assertBackupable(tenant: Tenant): void {
  if (tenant.status === 'pending') throw new ConflictError(`Tenant "${tenant.slug}" is still being provisioned.`);
  if (tenant.status === 'archived') throw new ConflictError(`Tenant "${tenant.slug}" is archived; unarchive it first.`);
}

/**
 * Takes a recorded backup of a tenant: refused (LIMIT_EXCEEDED) when the tenant's schema plus the
 * backups it keeps plus this one would exceed its storage limit; then prunes beyond retention and
 * refreshes usage.storage_gb.
 */
export async function takeBackup(pool: pg.Pool, tenantId: string, opts: BackupOptions = {}): Promise<BackupRecord> {
  const reason = validReason(opts.reason);
  const tenant = await currentTenant(pool, tenantId);
  assertBackupable(tenant);
  const record = await withTenantBackupLock(pool, tenant.id, async (client) => {
    const keep = retentionOf(tenant);
    const existing = await listBackups(client, tenant.id);
    const live = await schemaBytes(client, tenant.schemaName);
    const kept = existing.slice(0, keep - 1);
    let keptBytes = 0;
    for (const b of kept) keptBytes += await schemaBytes(client, b.schemaName);
    const limitGb = readLimits(tenant.limits).storageGb;
    const projectedGb = (live * 2 + keptBytes) / BYTES_PER_GB;
    if (projectedGb > limitGb) {
      throw new LimitExceededError(
        `A backup would take tenant "${tenant.slug}" to ${projectedGb.toFixed(3)} GB of its ${limitGb} GB storage limit (schema and backups count); delete backups or raise the limit.`,
        { limit: 'storageGb' },
      );
    }
    const at = opts.at ?? new Date();
    const target = backupSchemaName(tenant.schemaName, at);
    let made = await inClientTransaction(
      client,
      async () => {
        const copy = await copySchemaIn(client, tenant.schemaName, target);
        return insertBackupRecord(client, {
          tenantId: tenant.id,
          tenantSlug: tenant.slug,
          schemaName: target,
          sourceSchema: tenant.schemaName,
          kind: 'manual',
          reason,
          createdBy: opts.createdBy ?? null,
          createdAt: at,
          ...copy,
        });
      },
      { isolation: 'repeatable read' },
    );
    // On Citus the copy's size is only measurable once it has committed (shards on the workers).
    const measured = await citusSchemaBytes(client, [target]);
    if (measured !== null) {
      made = await setBackupSize(client, made.id, measured);
    }
    await pruneWith(client, tenant.id, { keep, except: made.id });
    return made;
  });
  await refreshStorageUsage(pool, tenant).catch(() => undefined);
  return record;
}

export interface PruneOptions {
  /** Newest backups to keep (default: the tenant's retention). */
  keep?: number;
  /** Only backups taken before this moment are removed. */
  olderThan?: Date;
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
}

function assertKeep(keep: number | undefined): void {
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 0 || keep > MAX_BACKUP_RETENTION)) {
    throw new BadUserInputError(`keep must be an integer from 0 to ${MAX_BACKUP_RETENTION}`, { field: 'keep' });
  }
}

export async function pruneWith(
  client: pg.PoolClient,
  tenantId: string,
  opts: { keep: number; olderThan?: Date; dryRun?: boolean; except?: string },
): Promise<BackupRecord[]> {
  const all = (await listBackups(client, tenantId)).filter((b) => b.id !== opts.except);
  const keepOthers = opts.except ? Math.max(0, opts.keep - 1) : opts.keep;
  const doomed = all.slice(keepOthers).filter((b) => !opts.olderThan || b.createdAt < opts.olderThan);
  if (opts.dryRun) return doomed;
  for (const b of doomed) await inClientTransaction(client, () => dropBackupIn(client, b));
  return doomed;
}

/** Removes a tenant's backups beyond the newest `keep` (and, if given, older than `olderThan`). */
export async function pruneBackups(pool: pg.Pool, tenantId: string, opts: PruneOptions = {}): Promise<BackupRecord[]> {
  assertKeep(opts.keep);
  const tenant = await currentTenant(pool, tenantId);
  const removed = await withTenantBackupLock(pool, tenant.id, (client) =>
    pruneWith(client, tenant.id, {
      keep: opts.keep ?? retentionOf(tenant),
      olderThan: opts.olderThan,
      dryRun: opts.dryRun,
    }),
  );
  if (!opts.dryRun) await refreshStorageUsage(pool, tenant).catch(() => undefined);
  return removed;
}

/** Deletes one backup (schema and record); NOT_FOUND when there is none. */
export async function deleteBackup(pool: pg.Pool, id: string): Promise<BackupRecord> {
  const record = await inTransaction(pool, async (client) => {
    if (!isUuid(id)) throw new NotFoundError('Backup');
    const found = await lockBackupRecord(client, id);
    if (!found) throw new NotFoundError('Backup');
    await dropBackupIn(client, found);
    return found;
  });
  if (record.tenantId)
    await refreshStorageUsage(pool, {
      id: record.tenantId,
      schemaName: (await currentTenant(pool, record.tenantId)).schemaName,
    }).catch(() => undefined);
  return record;
}
