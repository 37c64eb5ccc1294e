// Restores and clones: the operations that change which schema a tenant is served from (records,
// taking and pruning backups are in backups.ts).
//
// Restore: copy the backup into a shadow schema (restore_…), migrate it forward, verify its row
// counts against the record, then mark the tenant "restoring" (its hosts answer TENANT_NOT_READY +
// Retry-After, tenancy/restoring.ts) and, in one transaction that holds every live table ACCESS
// EXCLUSIVE (waiting for requests in flight, holding new ones), rename live → backup_… and shadow →
// live. The replaced schema becomes a backup record (kind pre-restore). Statements that waited on the
// old tables resolve their names again once the swap commits, so they land in the restored tables.
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../../db/migration-files.js';
import { applyInTransaction } from '../../db/migrator.js';
import { inClientTransaction, inTransaction } from '../../db/transaction.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import { recordAudit, type AuditActor } from '../../control-plane/audit.js';
import type { ChangeBus } from '../changes.js';
import { announceTenantChange } from '../announce.js';
import type { ClientCache } from '../client-cache.js';
import { backupSchemaName, quoteIdent } from '../names.js';
import type { Provisioner } from './provisioner.js';
import { copySchemaIn, countRowsIn, migrationVersionOf } from './schema-backup.js';
import { grantTenantSchema } from '../../db/runtime-role.js';
import { dropSchemaIn, renameSchemaIn, schemaExists } from './schema-manager.js';
import { hostsOf } from './tenant-lifecycle.js';
import {
  jsonObject,
  lockTenant,
  setTenantRestored,
  setTenantRestoring,
} from '../../control-plane/stores/tenants-store.js';
import { insertBackupRecord } from '../../control-plane/stores/backups-store.js';
import { limitsOf, stored, TENANT_PLANS, type TenantPlan } from '../../vocabulary.js';
import { refreshStorageUsage } from '../../control-plane/usage-refresh.js';
import {
  retentionOf,
  shadowSchemaName,
  schemaBytes,
  listBackups,
  listOrphanBackups,
  findBackup,
  withTenantBackupLock,
  currentTenant,
  assertBackupable,
  takeBackup,
  pruneWith,
  pruneBackups,
  deleteBackup,
  type BackupRecord,
  type BackupOptions,
  type PruneOptions,
} from './backups.js';

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
    this.#o.logger.info(
      {
        backupId: id,
        schema: record.schemaName,
        actor: actor?.label,
        actorKind: actor?.kind,
        requestId: actor?.requestId,
      },
      'backup deleted',
    );
    const tenant =
      actor && record.tenantId ? await currentTenant(this.#o.pool, record.tenantId).catch(() => null) : null;
    if (actor && tenant)
      await recordAudit(this.#o.clients, tenant, actor, 'backup.delete', 'backup', record.id, {
        backupSchema: record.schemaName,
      });
    return record;
  }
  prune(tenantId: string, opts: PruneOptions = {}): Promise<BackupRecord[]> {
    return pruneBackups(this.#o.pool, tenantId, opts);
  }

  /** Replaces the tenant's data with a backup's, without downtime (see the file comment). */
  async restore(
    backupId: string,
    opts: { createdBy?: string | null; actor?: AuditActor } = {},
  ): Promise<RestoreResult> {
    const backup = await findBackup(this.#o.pool, backupId);
    if (!backup) throw new NotFoundError('Backup');
    if (!backup.tenantId)
      throw new ConflictError("This backup's tenant was deleted; restore it as a new tenant (cloneTenant).");
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
        await pruneWith(client, tenant.id, { keep: Math.max(retentionOf(after), 1), except: replaced.id }).catch(
          (err: Error) =>
            this.#o.logger.warn({ err: err.message, tenantId: tenant.id }, 'pruning backups after a restore failed'),
        );
        await refreshStorageUsage(this.#o.pool, after).catch(() => undefined);
        this.#o.logger.info(
          { tenantId: tenant.id, backupId, replaced: replaced.schemaName },
          'tenant restored from backup',
        );
        return { tenant: after, replaced, migrated: built.migrated, rowCounts: built.rowCounts };
      } catch (err) {
        await inTransaction(this.#o.pool, (c) => dropSchemaIn(c, shadow, { force: true, ifExists: true })).catch(
          () => undefined,
        );
        await this.#mark(tenant.id, false).catch(() => undefined);
        throw err;
      }
    });
    // Audit: into the restored schema (the entry of the restore is the newest in the log it brings back).
    if (opts.actor) {
      await recordAudit(this.#o.clients, result.tenant, opts.actor, 'tenant.restore', 'tenant', result.tenant.id, {
        backupId,
        replacedBackupId: result.replaced?.id,
      });
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
      throw new BadUserInputError('Give exactly one of backupId and tenantId.', {
        field: source.backupId == null ? 'backupId' : 'tenantId',
      });
    }
    let from: {
      schema: string;
      rowCounts: Record<string, number> | null;
      plan: TenantPlan;
      limits: unknown;
      name: string;
      settings: Record<string, unknown>;
    };
    if (source.backupId != null) {
      const backup = await findBackup(this.#o.pool, source.backupId);
      if (!backup) throw new NotFoundError('Backup');
      const owner = backup.tenantId ? await currentTenant(this.#o.pool, backup.tenantId).catch(() => null) : null;
      from = {
        schema: backup.schemaName,
        rowCounts: backup.rowCounts,
        plan: owner ? stored(TENANT_PLANS, owner.plan) : 'basic',
        limits: owner?.limits ?? {},
        name: owner?.name ?? backup.tenantSlug,
        settings: owner ? jsonObject(owner.settings) : {},
      };
    } else {
      const tenant = await currentTenant(this.#o.pool, source.tenantId!);
      assertBackupable(tenant);
      from = {
        schema: tenant.schemaName,
        rowCounts: null,
        plan: stored(TENANT_PLANS, tenant.plan),
        limits: tenant.limits,
        name: tenant.name,
        settings: jsonObject(tenant.settings),
      };
    }
    const created = await this.#o.provisioner.createTenant({
      name: input.name ?? `${from.name} (copy)`.slice(0, 200),
      slug: input.slug,
      plan: from.plan,
      limits: limitsOf(from.limits),
      settings: from.settings,
    });
    let result: RestoreResult;
    try {
      result = await withTenantBackupLock(this.#o.pool, created.id, async (client) => {
        const shadow = shadowSchemaName(created.schemaName);
        const built = await this.#buildShadow(client, from.schema, shadow, from.rowCounts);
        const after = await inClientTransaction(
          client,
          async () => {
            const current = await lockTenant(client, created.id);
            await dropSchemaIn(client, current.schemaName, { force: true });
            await renameSchemaIn(client, shadow, current.schemaName);
            return current;
          },
          { isolation: 'read committed' },
        );
        await this.#publish(
          'cloned',
          after,
          [after.schemaName],
          await hostsOf(this.#o.pool, after, this.#o.baseDomain ?? 'localhost'),
        );
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
      return await inClientTransaction(
        client,
        async () => {
          const copy = await copySchemaIn(client, from, shadow);
          const want = expected ?? copy.rowCounts;
          const got = await countRowsIn(client, shadow);
          const wrong = Object.keys(want).filter((t) => got[t] !== want[t]);
          if (wrong.length) {
            throw new ConflictError(
              `The restored copy does not match the backup's record (${wrong.map((t) => `${t}: ${got[t] ?? 'missing'} rows, expected ${want[t]}`).join('; ')}); nothing was changed.`,
            );
          }
          const migrated = await applyInTransaction(client, shadow, this.#files);
          await client.query('RESET search_path');
          // A new schema: without this the runtime role could not read it until the next start-up.
          if (this.#o.runtimeRole) await grantTenantSchema(client, shadow, this.#o.runtimeRole);
          return { migrated, rowCounts: got, version: await migrationVersionOf(client, shadow) };
        },
        { isolation: 'repeatable read' },
      );
    } catch (err) {
      await inTransaction(this.#o.pool, (c) => dropSchemaIn(c, shadow, { force: true, ifExists: true })).catch(
        () => undefined,
      );
      throw err;
    }
  }

  /** Sets or clears metadata.restoring_at and tells every gateway (hosts answer TENANT_NOT_READY meanwhile). */
  async #mark(tenantId: string, on: boolean): Promise<void> {
    const tenant = await setTenantRestoring(this.#o.pool, tenantId, on);
    if (tenant) {
      await this.#publish(
        on ? 'restoring' : 'updated',
        tenant,
        [],
        await hostsOf(this.#o.pool, tenant, this.#o.baseDomain ?? 'localhost'),
      );
    }
  }

  /** One transaction: every live table locked, live → backup_…, shadow → live, record, mark cleared. */
  async #swap(client: pg.PoolClient, tenantId: string, shadow: string, createdBy: string | null, source: BackupRecord) {
    return inClientTransaction(
      client,
      async () => {
        const current = await lockTenant(client, tenantId);
        assertBackupable(current);
        const hosts = await hostsOf(client, current, this.#o.baseDomain ?? 'localhost');
        const live = current.schemaName;
        const { rows } = await client.query<{ name: string }>(
          `SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY relname`,
          [live],
        );
        await client.query(`SET LOCAL lock_timeout = '15s'`);
        if (rows.length)
          await client.query(
            `LOCK TABLE ${rows.map((r) => `${quoteIdent(live)}.${r.name}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
          );
        const at = new Date();
        const replacedName = backupSchemaName(live, at);
        const rowCounts = await countRowsIn(client, live);
        const sizeBytes = await schemaBytes(client, live);
        const version = await migrationVersionOf(client, live);
        await renameSchemaIn(client, live, replacedName);
        await renameSchemaIn(client, shadow, live);
        const replaced = await insertBackupRecord(client, {
          tenantId,
          tenantSlug: current.slug,
          schemaName: replacedName,
          sourceSchema: live,
          kind: 'pre-restore',
          reason: `replaced by a restore of backup ${source.id} (${source.createdAt.toISOString()})`,
          createdBy,
          createdAt: at,
          sizeBytes,
          tables: Object.keys(rowCounts),
          rowCounts,
          migrationVersion: version,
        });
        const after = await setTenantRestored(client, tenantId, source.id);
        await this.#o.faults?.('swapped', tenantId);
        return { after, replaced, hosts };
      },
      { isolation: 'read committed' },
    );
  }

  #publish(kind: string, tenant: Tenant, schemas: string[], domains: string[]): Promise<void> {
    return announceTenantChange(this.#o, kind, tenant, schemas, domains);
  }
}
