// Backups as records (control-plane table tenant_backups, prisma/sql/0003): take, list, delete,
// prune, restore without downtime, clone. A backup is a self-contained copy schema (schema-backup.ts)
// plus a row saying whose, when, why, by whom, how big, how many rows, at which migration.
//
// Bounded for every role: a tenant keeps at most `retention` backups (per plan, or limits.backups),
// the oldest beyond it pruned after each new one; a backup that would take the tenant (schema plus
// backups) over its storage limit is refused with LIMIT_EXCEEDED; backups of one tenant are taken
// one at a time (session advisory lock); their size counts in usage.storage_gb; deleting the tenant
// deletes them unless the caller keeps them, and kept ones stay listed as orphans.
//
// Restore: copy the backup into a shadow schema (restore_…), migrate it forward, verify its row
// counts against the record, then mark the tenant "restoring" (its hosts answer TENANT_NOT_READY +
// Retry-After) and, in one transaction that holds every live table ACCESS EXCLUSIVE (waiting for
// requests in flight, holding new ones), rename live → backup_… and shadow → live. The replaced
// schema becomes a backup record (kind pre-restore). Statements that waited on the old tables
// resolve their names again once the swap commits, so they land in the restored tables.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../db/migration-files.js';
import { applyInTransaction } from '../db/migrator.js';
import { inTransaction, releaseClient } from '../db/transaction.js';
import { BadUserInputError, ConflictError, LimitExceededError, NotFoundError } from '../errors.js';
import type { Tenant } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { recordAudit, type AuditActor } from './audit.js';
import type { ChangeBus } from './changes.js';
import { citusSchemaBytes } from './citus.js';
import type { ClientCache } from './client-cache.js';
import { isUuid } from './ids.js';
import { backupSchemaName, fitIdentifier, quoteIdent } from './names.js';
import type { Provisioner } from './provisioner.js';
import { copySchemaIn, countRowsIn, migrationVersionOf } from './schema-backup.js';
import { grantTenantSchema } from '../db/runtime-role.js';
import { dropSchemaIn, renameSchemaIn, schemaExists } from './schema-manager.js';
import { hostsOf, lockTenant } from './tenant-lifecycle.js';
import { TENANT_COLUMNS, toTenant, type TenantRow } from './tenant-row.js';
import { readLimits } from './usage-math.js';
import { refreshStorageUsage } from './usage-refresh.js';

/** Backups kept per tenant when neither its limits (limits.backups) nor its plan say otherwise. */
export const DEFAULT_BACKUP_RETENTION = 7;
export const PLAN_BACKUP_RETENTION: Readonly<Record<string, number>> = { basic: 7, professional: 14, enterprise: 30 };
/** Upper bound on any retention (limits.backups, prune --keep). */
export const MAX_BACKUP_RETENTION = 100;
/** How long a "restoring" mark makes a tenant's hosts answer TENANT_NOT_READY, at most (a crashed restore heals). */
export const RESTORING_MARK_SECONDS = 60;
export const RESTORE_RETRY_AFTER_SECONDS = 1;

const BYTES_PER_GB = 1024 ** 3;

export interface BackupRecord {
  id: string;
  tenantId: string | null;
  tenantSlug: string;
  schemaName: string;
  sourceSchema: string;
  kind: 'manual' | 'pre-restore';
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  sizeBytes: number;
  tables: string[];
  rowCounts: Record<string, number>;
  migrationVersion: string | null;
}

interface BackupRow {
  id: string;
  tenant_id: string | null;
  tenant_slug: string;
  schema_name: string;
  source_schema: string;
  kind: 'manual' | 'pre-restore';
  reason: string | null;
  created_by: string | null;
  created_at: Date;
  size_bytes: string;
  tables: string[];
  row_counts: Record<string, number>;
  migration_version: string | null;
}

const BACKUP_COLUMNS = `id, tenant_id, tenant_slug, schema_name, source_schema, kind, reason, created_by, created_at,
  size_bytes, tables, row_counts, migration_version`;

function toRecord(r: BackupRow): BackupRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    schemaName: r.schema_name,
    sourceSchema: r.source_schema,
    kind: r.kind,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    sizeBytes: Number(r.size_bytes),
    tables: r.tables,
    rowCounts: r.row_counts,
    migrationVersion: r.migration_version,
  };
}

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
  if (typeof reason !== 'string' || reason.length > 500) throw new BadUserInputError('reason must be at most 500 characters', { field: 'reason' });
  return reason;
}

/** `restore_<schema>_<time>`: where a restore or clone builds the schema before swapping it in. */
export function shadowSchemaName(schema: string, at = new Date()): string {
  return fitIdentifier('restore_', schema, `_${at.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17)}`);
}

const SCHEMA_BYTES_SQL = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm', 'S')`;

async function schemaBytes(db: Queryable, schema: string): Promise<number> {
  const onCitus = await citusSchemaBytes(db, [schema]);
  if (onCitus !== null) return onCitus;
  return Number((await db.query<{ bytes: string }>(SCHEMA_BYTES_SQL, [schema])).rows[0]!.bytes);
}

/** The records of a tenant's backups, newest first. */
export async function listBackups(db: Queryable, tenantId: string): Promise<BackupRecord[]> {
  if (!isUuid(tenantId)) return [];
  const { rows } = await db.query<BackupRow>(
    `SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE tenant_id = $1 ORDER BY created_at DESC, id`,
    [tenantId],
  );
  return rows.map(toRecord);
}

/** Backups whose tenant was deleted with --keep-backups, newest first. */
export async function listOrphanBackups(db: Queryable): Promise<BackupRecord[]> {
  const { rows } = await db.query<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE tenant_id IS NULL ORDER BY created_at DESC, id`);
  return rows.map(toRecord);
}

export async function findBackup(db: Queryable, id: string): Promise<BackupRecord | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

async function insertRecord(client: Queryable, r: Omit<BackupRecord, 'id' | 'createdAt'> & { createdAt: Date }): Promise<BackupRecord> {
  const { rows } = await client.query<BackupRow>(
    `INSERT INTO public.tenant_backups (tenant_id, tenant_slug, schema_name, source_schema, kind, reason, created_by, created_at,
                                        size_bytes, tables, row_counts, migration_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING ${BACKUP_COLUMNS}`,
    [r.tenantId, r.tenantSlug, r.schemaName, r.sourceSchema, r.kind, r.reason, r.createdBy, r.createdAt, r.sizeBytes, r.tables,
      JSON.stringify(r.rowCounts), r.migrationVersion],
  );
  return toRecord(rows[0]!);
}

/** Drops a backup's schema and its record, inside the caller's transaction. */
export async function dropBackupIn(client: Queryable, record: Pick<BackupRecord, 'id' | 'schemaName'>): Promise<void> {
  await dropSchemaIn(client, record.schemaName, { force: true, ifExists: true });
  await client.query('DELETE FROM public.tenant_backups WHERE id = $1', [record.id]);
}

/** Every backup of a tenant, dropped inside the caller's transaction (deleting the tenant). */
export async function dropBackupsOfIn(client: Queryable, tenantId: string): Promise<number> {
  const records = await listBackups(client, tenantId);
  for (const r of records) await dropBackupIn(client, r);
  return records.length;
}

/** Runs `fn` on a connection holding the tenant's backup lock (one backup/restore per tenant at a time). */
async function withTenantBackupLock<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${lockKeyOf(tenantId)}) AS ok`);
    if (!rows[0]!.ok) throw new ConflictError('A backup or restore of this tenant is already running; try again when it has finished.');
    try {
      return await fn(client);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lockKeyOf(tenantId)})`).catch((err: Error) => (broken = err));
    }
  } finally {
    releaseClient(client, broken);
  }
}

async function currentTenant(db: Queryable, id: string): Promise<Tenant> {
  if (!isUuid(id)) throw new NotFoundError('Tenant');
  const { rows } = await db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError('Tenant');
  return toTenant(rows[0]);
}

function assertBackupable(tenant: Tenant): void {
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
    let made = await inTransactionOn(client, 'repeatable read', async () => {
      const copy = await copySchemaIn(client, tenant.schemaName, target);
      return insertRecord(client, {
        tenantId: tenant.id, tenantSlug: tenant.slug, schemaName: target, sourceSchema: tenant.schemaName, kind: 'manual',
        reason, createdBy: opts.createdBy ?? null, createdAt: at, ...copy,
      });
    });
    // On Citus the copy's size is only measurable once it has committed (shards on the workers).
    const measured = await citusSchemaBytes(client, [target]);
    if (measured !== null) {
      const { rows } = await client.query<BackupRow>(`UPDATE public.tenant_backups SET size_bytes = $2 WHERE id = $1 RETURNING ${BACKUP_COLUMNS}`, [made.id, measured]);
      made = toRecord(rows[0]!);
    }
    await pruneWith(client, tenant.id, { keep, except: made.id });
    return made;
  });
  await refreshStorageUsage(pool, tenant).catch(() => undefined);
  return record;
}

async function inTransactionOn<T>(client: pg.PoolClient, isolation: 'repeatable read' | 'read committed', fn: () => Promise<T>): Promise<T> {
  await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
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

async function pruneWith(
  client: Queryable,
  tenantId: string,
  opts: { keep: number; olderThan?: Date; dryRun?: boolean; except?: string },
): Promise<BackupRecord[]> {
  const all = (await listBackups(client, tenantId)).filter((b) => b.id !== opts.except);
  const keepOthers = opts.except ? Math.max(0, opts.keep - 1) : opts.keep;
  const doomed = all.slice(keepOthers).filter((b) => !opts.olderThan || b.createdAt < opts.olderThan);
  if (opts.dryRun) return doomed;
  for (const b of doomed) {
    await client.query('BEGIN');
    try {
      await dropBackupIn(client, b);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  return doomed;
}

/** Removes a tenant's backups beyond the newest `keep` (and, if given, older than `olderThan`). */
export async function pruneBackups(pool: pg.Pool, tenantId: string, opts: PruneOptions = {}): Promise<BackupRecord[]> {
  assertKeep(opts.keep);
  const tenant = await currentTenant(pool, tenantId);
  const removed = await withTenantBackupLock(pool, tenant.id, (client) =>
    pruneWith(client, tenant.id, { keep: opts.keep ?? retentionOf(tenant), olderThan: opts.olderThan, dryRun: opts.dryRun }),
  );
  if (!opts.dryRun) await refreshStorageUsage(pool, tenant).catch(() => undefined);
  return removed;
}

/** Removes orphan backups (tenant deleted) taken before `olderThan` (all of them when not given). */
export async function pruneOrphanBackups(pool: pg.Pool, opts: { olderThan?: Date; dryRun?: boolean } = {}): Promise<BackupRecord[]> {
  const doomed = (await listOrphanBackups(pool)).filter((b) => !opts.olderThan || b.createdAt < opts.olderThan);
  if (!opts.dryRun) for (const b of doomed) await inTransaction(pool, (client) => dropBackupIn(client, b));
  return doomed;
}

/** Deletes one backup (schema and record); NOT_FOUND when there is none. */
export async function deleteBackup(pool: pg.Pool, id: string): Promise<BackupRecord> {
  const record = await inTransaction(pool, async (client) => {
    if (!isUuid(id)) throw new NotFoundError('Backup');
    const { rows } = await client.query<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE id = $1 FOR UPDATE`, [id]);
    if (!rows[0]) throw new NotFoundError('Backup');
    const found = toRecord(rows[0]);
    await dropBackupIn(client, found);
    return found;
  });
  if (record.tenantId) await refreshStorageUsage(pool, { id: record.tenantId, schemaName: (await currentTenant(pool, record.tenantId)).schemaName }).catch(() => undefined);
  return record;
}

export interface BackupServiceOptions {
  pool: pg.Pool;
  clients: Pick<ClientCache, 'invalidate' | 'forSchema'>;
  changes: Pick<ChangeBus, 'publish'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  provisioner: Pick<Provisioner, 'createTenant' | 'deleteTenant'>;
  baseDomain?: string;
  files?: MigrationFile[];
  /** With DATABASE_RUNTIME_URL: the request role, granted the restored or cloned schema before it is swapped in. */
  runtimeRole?: string;
  /** Test seam: called between the steps of a restore. */
  faults?: (step: 'shadowReady' | 'marked' | 'swapped', tenantId: string) => void | Promise<void>;
}

export interface RestoreResult {
  tenant: Tenant;
  /** The record the replaced schema became (kind pre-restore); null for a clone. */
  replaced: BackupRecord | null;
  /** Tenant migrations applied to the restored copy (it was older than the code). */
  migrated: string[];
  rowCounts: Record<string, number>;
}

/** Restores and clones: the operations that change which schema a tenant is served from. */
export class BackupService {
  readonly #o: BackupServiceOptions;
  readonly #files: MigrationFile[];

  constructor(opts: BackupServiceOptions) {
    this.#o = opts;
    this.#files = opts.files ?? migrationFiles(TENANT_SQL_DIR);
  }

  take(tenantId: string, opts: BackupOptions = {}): Promise<BackupRecord> {
    return takeBackup(this.#o.pool, tenantId, opts);
  }
  list(tenantId: string): Promise<BackupRecord[]> {
    return listBackups(this.#o.pool, tenantId);
  }
  orphans(): Promise<BackupRecord[]> {
    return listOrphanBackups(this.#o.pool);
  }
  find(id: string): Promise<BackupRecord | null> {
    return findBackup(this.#o.pool, id);
  }
  /** With an actor: a backup.delete entry in its tenant's audit log (an orphan's is only logged). */
  async delete(id: string, opts: { actor?: AuditActor } = {}): Promise<BackupRecord> {
    const record = await deleteBackup(this.#o.pool, id);
    const { actor } = opts;
    this.#o.logger.info({ backupId: id, schema: record.schemaName, actor: actor?.label, actorKind: actor?.kind, requestId: actor?.requestId }, 'backup deleted');
    const tenant = actor && record.tenantId ? await currentTenant(this.#o.pool, record.tenantId).catch(() => null) : null;
    if (actor && tenant) await recordAudit(this.#o.clients, tenant, actor, 'backup.delete', 'backup', record.id, { backupSchema: record.schemaName });
    return record;
  }
  prune(tenantId: string, opts: PruneOptions = {}): Promise<BackupRecord[]> {
    return pruneBackups(this.#o.pool, tenantId, opts);
  }

  /** Replaces the tenant's data with a backup's, without downtime (see the file comment). */
  async restore(backupId: string, opts: { createdBy?: string | null; actor?: AuditActor } = {}): Promise<RestoreResult> {
    const backup = await findBackup(this.#o.pool, backupId);
    if (!backup) throw new NotFoundError('Backup');
    if (!backup.tenantId) throw new ConflictError('This backup\'s tenant was deleted; restore it as a new tenant (cloneTenant).');
    const tenant = await currentTenant(this.#o.pool, backup.tenantId);
    assertBackupable(tenant);
    const result = await withTenantBackupLock(this.#o.pool, tenant.id, async (client) => {
      const shadow = shadowSchemaName(tenant.schemaName);
      const built = await this.#buildShadow(client, backup.schemaName, shadow, backup.rowCounts);
      try {
        await this.#o.faults?.('shadowReady', tenant.id);
        await this.#mark(tenant.id, true);
        await this.#o.faults?.('marked', tenant.id);
        const { after, replaced, hosts } = await this.#swap(client, tenant.id, shadow, opts.createdBy ?? null, backup);
        await this.#publish('restored', after, [after.schemaName, replaced.schemaName], hosts);
        await pruneWith(client, tenant.id, { keep: Math.max(retentionOf(after), 1), except: replaced.id }).catch((err: Error) =>
          this.#o.logger.warn({ err: err.message, tenantId: tenant.id }, 'pruning backups after a restore failed'));
        await refreshStorageUsage(this.#o.pool, after).catch(() => undefined);
        this.#o.logger.info({ tenantId: tenant.id, backupId, replaced: replaced.schemaName }, 'tenant restored from backup');
        return { tenant: after, replaced, migrated: built.migrated, rowCounts: built.rowCounts };
      } catch (err) {
        await inTransaction(this.#o.pool, (c) => dropSchemaIn(c, shadow, { force: true, ifExists: true })).catch(() => undefined);
        await this.#mark(tenant.id, false).catch(() => undefined);
        throw err;
      }
    });
    // Audit: into the restored schema (the entry of the restore is the newest in the log it brings back).
    if (opts.actor) {
      await recordAudit(this.#o.clients, result.tenant, opts.actor, 'tenant.restore', 'tenant', result.tenant.id, { backupId, replacedBackupId: result.replaced?.id });
    }
    return result;
  }

  /** A new tenant whose data is a copy of a backup's, or of a live tenant's (one snapshot). */
  async clone(
    source: { backupId?: string | null; tenantId?: string | null },
    input: { slug: string; name?: string | null },
    opts: { actor?: AuditActor } = {},
  ): Promise<RestoreResult> {
    if ((source.backupId == null) === (source.tenantId == null)) {
      throw new BadUserInputError('Give exactly one of backupId and tenantId.', { field: source.backupId == null ? 'backupId' : 'tenantId' });
    }
    let from: { schema: string; rowCounts: Record<string, number> | null; plan: string; limits: unknown; name: string; settings: unknown };
    if (source.backupId != null) {
      const backup = await findBackup(this.#o.pool, source.backupId);
      if (!backup) throw new NotFoundError('Backup');
      const owner = backup.tenantId ? await currentTenant(this.#o.pool, backup.tenantId).catch(() => null) : null;
      from = { schema: backup.schemaName, rowCounts: backup.rowCounts, plan: owner?.plan ?? 'basic', limits: owner?.limits ?? {},
        name: owner?.name ?? backup.tenantSlug, settings: owner?.settings ?? {} };
    } else {
      const tenant = await currentTenant(this.#o.pool, source.tenantId!);
      assertBackupable(tenant);
      from = { schema: tenant.schemaName, rowCounts: null, plan: tenant.plan, limits: tenant.limits, name: tenant.name, settings: tenant.settings };
    }
    const limits = Object.fromEntries(Object.entries((from.limits ?? {}) as Record<string, unknown>).filter(([k]) => ['users', 'storage_gb', 'api_calls_per_month'].includes(k)));
    const created = await this.#o.provisioner.createTenant({
      name: input.name ?? `${from.name} (copy)`.slice(0, 200), slug: input.slug, plan: from.plan as never,
      limits: limits as never, settings: from.settings as never,
    });
    let result: RestoreResult;
    try {
      result = await withTenantBackupLock(this.#o.pool, created.id, async (client) => {
        const shadow = shadowSchemaName(created.schemaName);
        const built = await this.#buildShadow(client, from.schema, shadow, from.rowCounts);
        const after = await inTransactionOn(client, 'read committed', async () => {
          const current = await lockTenant(client, created.id);
          if (!current) throw new NotFoundError('Tenant');
          await dropSchemaIn(client, current.schemaName, { force: true });
          await renameSchemaIn(client, shadow, current.schemaName);
          return current;
        });
        await this.#publish('cloned', after, [after.schemaName], await hostsOf(this.#o.pool, after, this.#o.baseDomain ?? 'localhost'));
        await refreshStorageUsage(this.#o.pool, after).catch(() => undefined);
        return { tenant: after, replaced: null, migrated: built.migrated, rowCounts: built.rowCounts };
      });
    } catch (err) {
      await this.#o.provisioner.deleteTenant(created.id).catch(() => undefined);
      throw err;
    }
    // Audit: into the clone's schema, after the copy (the create inside was not audited: its schema was replaced).
    if (opts.actor) {
      const origin = { backupId: source.backupId ?? undefined, tenantId: source.tenantId ?? undefined };
      await recordAudit(this.#o.clients, result.tenant, opts.actor, 'tenant.clone', 'tenant', result.tenant.id, origin);
    }
    return result;
  }

  /** Copies `from` into `shadow`, migrates it forward, checks its row counts; the shadow is gone on failure. */
  async #buildShadow(client: pg.PoolClient, from: string, shadow: string, expected: Record<string, number> | null) {
    if (!(await schemaExists(client, from))) throw new NotFoundError(`Backup schema "${from}"`);
    try {
      return await inTransactionOn(client, 'repeatable read', async () => {
        const copy = await copySchemaIn(client, from, shadow);
        const want = expected ?? copy.rowCounts;
        const got = await countRowsIn(client, shadow);
        const wrong = Object.keys(want).filter((t) => got[t] !== want[t]);
        if (wrong.length) {
          throw new ConflictError(`The restored copy does not match the backup's record (${wrong.map((t) => `${t}: ${got[t] ?? 'missing'} rows, expected ${want[t]}`).join('; ')}); nothing was changed.`);
        }
        const migrated = await applyInTransaction(client, shadow, this.#files);
        await client.query('RESET search_path');
        // A new schema: without this the runtime role could not read it until the next start-up.
        if (this.#o.runtimeRole) await grantTenantSchema(client, shadow, this.#o.runtimeRole);
        return { migrated, rowCounts: got, version: await migrationVersionOf(client, shadow) };
      });
    } catch (err) {
      await inTransaction(this.#o.pool, (c) => dropSchemaIn(c, shadow, { force: true, ifExists: true })).catch(() => undefined);
      throw err;
    }
  }

  /** Sets or clears metadata.restoring_at and tells every gateway (hosts answer TENANT_NOT_READY meanwhile). */
  async #mark(tenantId: string, on: boolean): Promise<void> {
    const { rows } = await this.#o.pool.query<TenantRow>(
      `UPDATE public.tenants SET metadata = ${on ? `metadata || jsonb_build_object('restoring_at', now())` : `metadata - 'restoring_at'`}
        WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
      [tenantId],
    );
    if (rows[0]) {
      const tenant = toTenant(rows[0]);
      await this.#publish(on ? 'restoring' : 'updated', tenant, [], await hostsOf(this.#o.pool, tenant, this.#o.baseDomain ?? 'localhost'));
    }
  }

  /** One transaction: every live table locked, live → backup_…, shadow → live, record, mark cleared. */
  async #swap(client: pg.PoolClient, tenantId: string, shadow: string, createdBy: string | null, source: BackupRecord) {
    return inTransactionOn(client, 'read committed', async () => {
      const current = await lockTenant(client, tenantId);
      if (!current) throw new NotFoundError('Tenant');
      assertBackupable(current);
      const hosts = await hostsOf(client, current, this.#o.baseDomain ?? 'localhost');
      const live = current.schemaName;
      const { rows } = await client.query<{ name: string }>(
        `SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY relname`,
        [live],
      );
      await client.query(`SET LOCAL lock_timeout = '15s'`);
      if (rows.length) await client.query(`LOCK TABLE ${rows.map((r) => `${quoteIdent(live)}.${r.name}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      const at = new Date();
      const replacedName = backupSchemaName(live, at);
      const rowCounts = await countRowsIn(client, live);
      const sizeBytes = await schemaBytes(client, live);
      const version = await migrationVersionOf(client, live);
      await renameSchemaIn(client, live, replacedName);
      await renameSchemaIn(client, shadow, live);
      const replaced = await insertRecord(client, {
        tenantId, tenantSlug: current.slug, schemaName: replacedName, sourceSchema: live, kind: 'pre-restore',
        reason: `replaced by a restore of backup ${source.id} (${source.createdAt.toISOString()})`, createdBy, createdAt: at,
        sizeBytes, tables: Object.keys(rowCounts), rowCounts, migrationVersion: version,
      });
      const { rows: updated } = await client.query<TenantRow>(
        `UPDATE public.tenants SET metadata = (metadata - 'restoring_at') || jsonb_build_object('restored_at', now(), 'restored_from', $2::text),
                updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
        [tenantId, source.id],
      );
      await this.#o.faults?.('swapped', tenantId);
      return { after: toTenant(updated[0]!), replaced, hosts };
    });
  }

  async #publish(kind: string, tenant: Tenant, schemas: string[], domains: string[]): Promise<void> {
    for (const schema of schemas) this.#o.clients.invalidate(schema);
    try {
      await this.#o.changes.publish({ kind, tenantId: tenant.id, slug: tenant.slug, schemas, domains: domains.slice(0, 100) });
    } catch (err) {
      this.#o.logger.warn({ err, tenantId: tenant.id, kind }, 'could not announce a tenant change to other gateways');
    }
  }
}

/** True while a restore is swapping the tenant's schema (a mark older than RESTORING_MARK_SECONDS is ignored). */
export function isRestoring(tenant: Pick<Tenant, 'metadata'>, now = Date.now()): boolean {
  const at = (tenant.metadata as Record<string, unknown> | null)?.restoring_at;
  if (typeof at !== 'string') return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && now - t < RESTORING_MARK_SECONDS * 1000;
}
