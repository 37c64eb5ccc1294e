// Migrates every tenant schema to the latest tenant-sql. Each schema is migrated in one
// transaction under a lock_timeout, so a schema is either fully at the new version or untouched,
// and a busy table fails that tenant quickly instead of stalling the fleet. A failing tenant is
// reported and the run goes on; a run stopped midway (abort, crash, kill) is resumed by running it
// again, because each schema's ledger says what it already has (a no-op schema costs one query).
//
// Which tenants: active and suspended ones, in creation order. Pending tenants have no schema yet
// (provisioning applies the current files itself). Archived schemas are frozen records and are
// skipped unless `includeArchived` is set.
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../../db/migration-files.js';
import { migrateSchema } from '../../db/migrator.js';
import { BadUserInputError } from '../../errors.js';
import { migrateSpares, type SpareMigrationReport } from './spare-schemas.js';
import { tenantsWithStatus } from '../../control-plane/stores/tenants-store.js';

export interface FleetDeps {
  pool: pg.Pool;
}

export interface FleetTenantResult {
  tenantId: string;
  slug: string;
  schemaName: string;
  /** applied: files were applied · skipped: nothing was pending · failed: rolled back, see error. */
  status: 'applied' | 'skipped' | 'failed';
  applied: string[];
  error?: string;
  durationMs: number;
}

export interface FleetProgress {
  done: number;
  total: number;
  current: FleetTenantResult;
}

export interface FleetOptions {
  /** Tenant DDL to bring every schema to; default tenant-sql/. */
  files?: MigrationFile[];
  /** Schemas migrated at once (default 4); kept below the pool's max so requests still get connections. */
  concurrency?: number;
  /** Give up on a schema whose tables stay locked this long (default 5000 ms). */
  lockTimeoutMs?: number;
  /** Only these slugs. */
  only?: string[];
  /** All but these slugs. */
  except?: string[];
  /** Migrate the first N tenants one at a time first; if any of them fails, stop before the rest. */
  canary?: number;
  includeArchived?: boolean;
  /** Also migrate the unclaimed spare schemas (default true; not with only/except). */
  includeSpares?: boolean;
  /** Stops starting new schemas; those in flight finish (each is one transaction either way). */
  signal?: AbortSignal;
  onProgress?: (progress: FleetProgress) => void;
}

export interface FleetReport {
  total: number;
  results: FleetTenantResult[];
  applied: number;
  skipped: number;
  failed: number;
  /** Tenants not attempted because the run stopped early. */
  notRun: number;
  stoppedBy: 'canary' | 'abort' | null;
  durationMs: number;
  /** Spare schemas (signup pool) brought to the same files; absent when not run. */
  spares?: SpareMigrationReport;
}

interface Target {
  id: string;
  slug: string;
  schema_name: string;
}

export const DEFAULT_FLEET_CONCURRENCY = 4;

export async function migrateFleet(deps: FleetDeps, opts: FleetOptions = {}): Promise<FleetReport> {
  const started = performance.now();
  const files = opts.files ?? migrationFiles(TENANT_SQL_DIR);
  const poolMax = (deps.pool as unknown as { options?: { max?: number } }).options?.max ?? 10;
  const concurrency = Math.max(
    1,
    Math.min(Math.trunc(opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY), Math.max(1, poolMax - 1)),
  );
  const lockTimeoutMs = opts.lockTimeoutMs ?? 5000;
  const targets = await selectTargets(deps.pool, opts);
  const results: FleetTenantResult[] = [];
  let stoppedBy: FleetReport['stoppedBy'] = null;

  const migrateOne = async (t: Target): Promise<FleetTenantResult> => {
    const begun = performance.now();
    const base = { tenantId: t.id, slug: t.slug, schemaName: t.schema_name };
    try {
      const { applied } = await migrateSchema(deps.pool, t.schema_name, files, {
        singleTransaction: true,
        lockTimeoutMs,
      });
      return {
        ...base,
        status: applied.length ? 'applied' : 'skipped',
        applied,
        durationMs: Math.round(performance.now() - begun),
      };
    } catch (err) {
      return {
        ...base,
        status: 'failed',
        applied: [],
        error: (err as Error).message,
        durationMs: Math.round(performance.now() - begun),
      };
    }
  };

  const run = async (batch: Target[], workers: number, stopOnFailure: boolean) => {
    let next = 0;
    const stop = () => {
      if (opts.signal?.aborted) stoppedBy ??= 'abort';
      return stoppedBy !== null;
    };
    await Promise.all(
      Array.from({ length: Math.min(workers, batch.length) }, async () => {
        while (next < batch.length && !stop()) {
          const result = await migrateOne(batch[next++]!);
          results.push(result);
          if (stopOnFailure && result.status === 'failed') stoppedBy ??= 'canary';
          opts.onProgress?.({ done: results.length, total: targets.length, current: result });
        }
      }),
    );
  };

  const canary = Math.max(0, Math.trunc(opts.canary ?? 0));
  await run(targets.slice(0, canary), 1, true);
  if (!stoppedBy) await run(targets.slice(canary), concurrency, false);

  const spares =
    !stoppedBy && !opts.only && !opts.except && opts.includeSpares !== false
      ? await migrateSpares(deps.pool, files, { lockTimeoutMs })
      : undefined;

  const count = (status: FleetTenantResult['status']) => results.filter((r) => r.status === status).length;
  return {
    total: targets.length,
    results,
    applied: count('applied'),
    skipped: count('skipped'),
    failed: count('failed'),
    notRun: targets.length - results.length,
    stoppedBy,
    durationMs: Math.round(performance.now() - started),
    ...(spares ? { spares } : {}),
  };
}

/** The tenants to migrate, in creation order; unknown slugs in only/except are refused (likely typos). */
async function selectTargets(pool: pg.Pool, opts: FleetOptions): Promise<Target[]> {
  const statuses = ['active', 'suspended', ...(opts.includeArchived ? ['archived'] : [])];
  const rows: Target[] = await tenantsWithStatus(pool, statuses);
  const known = new Set(rows.map((r) => r.slug));
  for (const [field, slugs] of [
    ['only', opts.only],
    ['except', opts.except],
  ] as const) {
    const unknown = (slugs ?? []).filter((s) => !known.has(s));
    if (unknown.length)
      throw new BadUserInputError(`${field}: no migratable tenant with slug ${unknown.join(', ')}`, { field });
  }
  const only = opts.only ? new Set(opts.only) : null;
  const except = new Set(opts.except ?? []);
  return rows.filter((r) => (!only || only.has(r.slug)) && !except.has(r.slug));
}
