// Tenant lifecycle. createTenant: validate → insert the tenant PENDING with its domains (commit) →
// one transaction that creates the schema, applies the tenant DDL and marks the tenant ACTIVE.
// If that transaction fails the PENDING row is removed, so a tenant is ACTIVE with a complete
// schema or gone. A crash between the two commits leaves a PENDING row and no schema: a retry of
// the same slug, or resumePending(), finishes the job. A session advisory lock per slug, held for
// the whole create, makes concurrent creates of one slug CONFLICT instead of racing, and tells an
// abandoned PENDING row (lock free: its creator died) from one in progress.
import type pg from 'pg';
import { grantTenantSchema } from '../../db/runtime-role.js';
import type { Logger } from '../../logger.js';
import { TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../../db/migration-files.js';
import { applyInTransaction } from '../../db/migrator.js';
import { inClientTransaction, inTransaction } from '../../db/transaction.js';
import { AppError, ConflictError, NotFoundError, ProvisioningFailedError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import { DEFAULT_LIMITS, isUuid } from '../../vocabulary.js';
import { recordAudit, type AuditActor } from '../../control-plane/audit.js';
import type { ChangeBus } from '../changes.js';
import { announceTenantChange } from '../announce.js';
import type { ClientCache } from '../client-cache.js';
import {
  validateCreateInput,
  validateReason,
  validateUpdatePatch,
  type CreateTenantInput,
  type UpdateTenantRequest,
  type ValidCreateInput,
} from './provisioning-input.js';
import { BEING_PROVISIONED, whileProvisioningLocked } from './provisioning-lock.js';
import { createSchemaIn, renameSchemaIn, toSchemaError } from './schema-manager.js';
import { claimSpareIn, type SparePool } from './spare-schemas.js';
import { activateIn, archiveIn, deleteIn, hostsOf, suspendIn, unarchiveIn, updateIn } from './tenant-lifecycle.js';
import { takeBackup, type BackupOptions, type BackupRecord } from './backups.js';
import { limitsForUpdate } from '../../control-plane/limits.js';
import {
  deletePendingTenant,
  deletePendingTenantBySlug,
  findPendingTenant,
  findTenantRow,
  insertPendingTenant,
  lockTenant,
  markTenantActive,
  pendingTenants,
  tenantConflict,
  tenantExists,
} from '../../control-plane/stores/tenants-store.js';

export type { CreateTenantInput, UpdateTenantPatch, UpdateTenantRequest } from './provisioning-input.js';

/** Points between provisioning steps where tests inject faults. `cleanup`: before removing a failed create's row. */
export type ProvisionStep = 'inserted' | 'schemaCreated' | 'migrated' | 'activated' | 'cleanup';

export interface ProvisionerOptions {
  pool: pg.Pool;
  clients: ClientCache;
  changes: ChangeBus;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Tenants are served at <slug>.<baseDomain>; custom domains may not be under it. Default `localhost`. */
  baseDomain?: string;
  /** The runtime role (DATABASE_RUNTIME_URL), granted DML on each schema provisioned; none with one role. */
  runtimeRole?: string;
  /** Tenant DDL; default: tenant-sql/. */
  files?: MigrationFile[];
  /** Spare schemas made ahead of time: a create claims and renames one instead of running the DDL (signup without waiting). */
  spares?: SparePool;
  /** Test seam: called at each step; a throw there acts as a failure (or crash) at that point. */
  faults?: (step: ProvisionStep, slug: string) => void | Promise<void>;
}

export class Provisioner {
  readonly #pool: pg.Pool;
  readonly #clients: ClientCache;
  readonly #changes: ChangeBus;
  readonly #log: ProvisionerOptions['logger'];
  readonly #baseDomain: string;
  readonly #files: MigrationFile[];
  readonly #faults: NonNullable<ProvisionerOptions['faults']>;
  readonly #spares: SparePool | undefined;
  readonly #runtimeRole: string | undefined;

  constructor(opts: ProvisionerOptions) {
    this.#pool = opts.pool;
    this.#clients = opts.clients;
    this.#changes = opts.changes;
    this.#log = opts.logger;
    this.#baseDomain = opts.baseDomain ?? 'localhost';
    this.#files = opts.files ?? migrationFiles(TENANT_SQL_DIR);
    this.#faults = opts.faults ?? (() => undefined);
    this.#spares = opts.spares;
    this.#runtimeRole = opts.runtimeRole;
  }

  // Audit: each change below given an `actor` writes its entry (tenant.create, tenant.update, …) into the
  // tenant's audit_logs once it has committed, the same for the API and the operator CLI. Without an
  // actor (a step inside a larger operation, such as a clone's or an import's create) none is written.

  /** Creates the tenant and its schema; resolves with the tenant ACTIVE, or rejects leaving nothing behind. */
  async createTenant(input: CreateTenantInput, opts: { actor?: AuditActor } = {}): Promise<Tenant> {
    const valid = validateCreateInput(input, { baseDomain: this.#baseDomain });
    const tenant = await whileProvisioningLocked(this.#pool, valid.slug, async (client) => {
      const pending = await this.#insertPending(client, valid);
      return this.#provision(client, pending, () => this.#faults('inserted', valid.slug));
    });
    const hosts = [`${tenant.slug}.${this.#baseDomain}`, ...valid.domains.map((d) => d.domain)];
    await this.#publish('created', tenant, [tenant.schemaName], hosts);
    this.#log.info({ tenantId: tenant.id, slug: tenant.slug, schema: tenant.schemaName }, 'tenant provisioned');
    // Top the spare pool up in the background, after this signup has its answer.
    if (this.#spares?.target) setImmediate(() => void this.#spares?.refill());
    await this.#audit(opts.actor, tenant, 'tenant.create', { slug: tenant.slug });
    return tenant;
  }

  /** Finishes tenants left PENDING by a crashed create (ones being created right now are left alone). */
  async resumePending(): Promise<{
    completed: Tenant[];
    removed: string[];
    failed: { slug: string; error: string }[];
  }> {
    const rows = await pendingTenants(this.#pool);
    const report = {
      completed: [] as Tenant[],
      removed: [] as string[],
      failed: [] as { slug: string; error: string }[],
    };
    for (const row of rows) {
      try {
        const tenant = await whileProvisioningLocked(this.#pool, row.slug, async (client) => {
          const current = await findPendingTenant(client, row.id);
          return current ? this.#provision(client, current) : null;
        });
        if (tenant) {
          report.completed.push(tenant);
          await this.#publish(
            'created',
            tenant,
            [tenant.schemaName],
            await hostsOf(this.#pool, tenant, this.#baseDomain),
          );
        }
      } catch (err) {
        if (err instanceof ConflictError && err.message.includes(BEING_PROVISIONED)) continue; // its creator is alive
        const gone = !(await tenantExists(this.#pool, row.id));
        if (gone) report.removed.push(row.slug);
        else report.failed.push({ slug: row.slug, error: (err as Error).message });
      }
    }
    return report;
  }

  async suspendTenant(id: string, reason?: string, actor?: AuditActor): Promise<Tenant> {
    const why = validateReason(reason);
    const updated = await this.#change(id, 'suspended', (client, tenant) => suspendIn(client, tenant, why));
    await this.#audit(actor, updated, 'tenant.suspend', { reason: why ?? undefined });
    return updated;
  }

  async activateTenant(id: string, actor?: AuditActor): Promise<Tenant> {
    const updated = await this.#change(id, 'activated', (client, tenant) => activateIn(client, tenant));
    await this.#audit(actor, updated, 'tenant.activate');
    return updated;
  }

  /** The entry goes into the schema under its archived name (the tenant's audit log moves with it). */
  async archiveTenant(id: string, reason?: string, actor?: AuditActor): Promise<Tenant> {
    const why = validateReason(reason);
    const archived = await this.#change(id, 'archived', (client, tenant) => archiveIn(client, tenant, why));
    await this.#audit(actor, archived, 'tenant.archive', { reason: why ?? undefined });
    return archived;
  }

  /**
   * A plan change applies that plan's default limits unless limits are given; limits below current
   * usage are refused (BAD_USER_INPUT naming the field) unless `force` (limits.ts).
   */
  async updateTenant(
    id: string,
    patch: UpdateTenantRequest,
    opts: { force?: boolean; actor?: AuditActor } = {},
  ): Promise<Tenant> {
    const valid = validateUpdatePatch(patch);
    const updated = await this.#change(id, 'updated', async (client, tenant) => {
      const limits = await limitsForUpdate(client, tenant, valid, opts.force === true);
      return updateIn(client, tenant, limits === undefined ? valid : { ...valid, limits });
    });
    const fields = Object.keys(patch).filter((k) => patch[k as keyof UpdateTenantRequest] !== undefined);
    await this.#audit(opts.actor, updated, 'tenant.update', { fields });
    return updated;
  }

  /**
   * Deletes the tenant, its schema and its backups (kept as orphans with `keepBackups`). No audit
   * entry: the tenant's audit log is dropped with its schema; the gateway's log keeps the trace.
   */
  async deleteTenant(id: string, opts: { keepBackups?: boolean; actor?: AuditActor } = {}): Promise<void> {
    const deleted = await this.#change(id, 'deleted', async (client, tenant) => {
      await deleteIn(client, tenant, opts);
      return tenant;
    });
    const { actor } = opts;
    this.#log.info(
      {
        tenantId: deleted.id,
        slug: deleted.slug,
        actor: actor?.label,
        actorKind: actor?.kind,
        requestId: actor?.requestId,
      },
      'tenant deleted',
    );
  }

  /** Renames an archived tenant's schema back and serves it again. */
  async unarchiveTenant(id: string, actor?: AuditActor): Promise<Tenant> {
    const back = await this.#change(id, 'unarchived', (client, tenant) => unarchiveIn(client, tenant));
    await this.#audit(actor, back, 'tenant.unarchive');
    return back;
  }

  /** A recorded backup (tenant_backups): capped by retention and the storage limit, counted in storage. */
  async backupTenant(id: string, opts: BackupOptions & { actor?: AuditActor } = {}): Promise<BackupRecord> {
    const tenant = await this.#find(id);
    if (tenant.status === 'pending') throw new ConflictError(`Tenant "${tenant.slug}" is still being provisioned.`);
    const backup = await takeBackup(this.#pool, tenant.id, opts);
    await this.#audit(opts.actor, tenant, 'tenant.backup', { backupSchema: backup.schemaName });
    return backup;
  }

  /** The audit entry of a tenant change, in the tenant's schema; none without an actor. */
  async #audit(
    actor: AuditActor | undefined,
    tenant: Tenant,
    action: string,
    metadata: Record<string, unknown> = {},
  ): Promise<void> {
    if (actor) await recordAudit(this.#clients, tenant, actor, action, 'tenant', tenant.id, metadata);
  }

  async #find(id: string): Promise<Tenant> {
    if (!isUuid(id)) throw new NotFoundError('Tenant');
    const tenant = await findTenantRow(this.#pool, id);
    if (!tenant) throw new NotFoundError('Tenant');
    return tenant;
  }

  /** Runs one change with the tenant's row locked, then tells every cache holding the tenant. */
  async #change(
    id: string,
    kind: string,
    fn: (client: pg.PoolClient, tenant: Tenant) => Promise<Tenant>,
  ): Promise<Tenant> {
    if (!isUuid(id)) throw new NotFoundError('Tenant');
    const { before, after, hosts } = await inTransaction(this.#pool, async (client) => {
      const current = await lockTenant(client, id);
      const hosts = await hostsOf(client, current, this.#baseDomain);
      return { before: current, after: await fn(client, current), hosts };
    });
    await this.#publish(
      kind,
      after,
      [...new Set([before.schemaName, after.schemaName])],
      [...new Set([...hosts, ...(after.domain ? [after.domain] : [])])],
    );
    return after;
  }

  /** Inserts the tenant PENDING with its domains; an abandoned PENDING row of the same slug is replaced. */
  async #insertPending(client: pg.PoolClient, v: ValidCreateInput): Promise<Tenant> {
    const values = { ...v, limits: { ...DEFAULT_LIMITS, ...v.limits } };
    for (let attempt = 0; ; attempt++) {
      try {
        return await insertPendingTenant(client, values);
      } catch (err) {
        const conflict = tenantConflict(err, { ...v, domain: v.primaryDomain });
        if (!conflict) throw err;
        // We hold the slug's lock, so a PENDING row of this slug was abandoned by a crashed create.
        const stale =
          attempt === 0 && conflict.extensions.field === 'slug' && (await deletePendingTenantBySlug(client, v.slug));
        if (!stale) throw conflict;
        this.#log.warn({ slug: v.slug }, 'replaced a PENDING tenant left by an interrupted create');
      }
    }
  }

  /** Creates and migrates the schema and marks the tenant ACTIVE, in one transaction; on failure removes the row. */
  async #provision(client: pg.PoolClient, pending: Tenant, afterInsert?: () => unknown): Promise<Tenant> {
    try {
      await afterInsert?.();
      return await inClientTransaction(client, async () => {
        // A spare, when there is one, is renamed to the tenant's schema; its ledger makes the
        // migration below a no-op (or brings a spare of an older release up to date).
        const spare = this.#spares?.target ? await claimSpareIn(client) : null;
        if (spare) await renameSchemaIn(client, spare, pending.schemaName);
        else await createSchemaIn(client, pending.schemaName);
        await this.#faults('schemaCreated', pending.slug);
        await applyInTransaction(client, pending.schemaName, this.#files);
        if (this.#runtimeRole) await grantTenantSchema(client, pending.schemaName, this.#runtimeRole);
        await this.#faults('migrated', pending.slug);
        const active = await markTenantActive(client, pending.id);
        if (!active) throw new ConflictError(`Tenant "${pending.slug}" was removed while it was being provisioned.`);
        await this.#faults('activated', pending.slug);
        return active;
      });
    } catch (err) {
      await this.#removePending(pending);
      const mapped = toSchemaError(err, pending.schemaName);
      if (mapped instanceof AppError) throw mapped;
      this.#log.error(
        { err, slug: pending.slug, schema: pending.schemaName },
        'tenant provisioning failed; rolled back',
      );
      throw new ProvisioningFailedError(
        `Provisioning tenant "${pending.slug}" failed and was rolled back: ${(err as Error).message}`,
      );
    }
  }

  async #removePending(pending: Tenant): Promise<void> {
    try {
      await this.#faults('cleanup', pending.slug);
      await deletePendingTenant(this.#pool, pending.id);
    } catch (err) {
      this.#log.error(
        { err, slug: pending.slug },
        'could not remove a failed tenant; it stays PENDING until a retry or resumePending()',
      );
    }
  }

  #publish(kind: string, tenant: Tenant, schemas: string[], domains: string[]): Promise<void> {
    return announceTenantChange(
      { clients: this.#clients, changes: this.#changes, logger: this.#log },
      kind,
      tenant,
      schemas,
      domains,
    );
  }
}
