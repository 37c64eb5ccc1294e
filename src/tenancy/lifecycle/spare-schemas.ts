// Signup without waiting: a pool of spare tenant schemas, made ahead of time with every tenant
// migration applied. createTenant claims one inside its provisioning transaction (row locked with
// SKIP LOCKED, so concurrent signups never take the same spare) and renames it to the tenant's
// schema; if that transaction fails the spare is simply still there. A background refill keeps
// `target` spares; fleet migrations migrate spares too (and a claim re-checks the ledger anyway,
// so a spare made by an older release is brought up to date before it becomes a tenant).
// Spares are no tenants: no tenants row, no host, named spare_… (a prefix tenant names may not use).
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { MigrationFile } from '../../db/migration-files.js';
import { applyInTransaction } from '../../db/migrator.js';
import { inTransaction } from '../../db/transaction.js';
import { distributeNewSchemasIn } from '../../db/citus.js';
import { quoteIdent } from '../names.js';
import {
  claimSpareRow,
  countSpareRows,
  deleteSpareRow,
  insertSpareRow,
  lockSpareRow,
  spareNames,
} from '../../control-plane/stores/spares-store.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const REFILL_LOCK = createHash('sha256').update('spare-schemas:refill').digest().readBigInt64BE(0).toString();

export const spareName = () => `spare_${randomBytes(8).toString('hex')}`;

/** Inside the caller's transaction: takes one spare (its row is deleted on commit); null when none is free. */
export async function claimSpareIn(client: Queryable): Promise<string | null> {
  return claimSpareRow(client);
}

export async function countSpares(db: Queryable): Promise<number> {
  return countSpareRows(db);
}

/**
 * Creates spares until there are `target` (serialised across gateways by a transaction advisory
 * lock, so two refills never overshoot). Each spare is one transaction: schema, DDL and row.
 */
export async function refillSpares(pool: pg.Pool, target: number, files: MigrationFile[]): Promise<number> {
  let created = 0;
  for (;;) {
    const made = await inTransaction(pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${REFILL_LOCK})`);
      if ((await countSpares(client)) >= target) return false;
      const name = spareName();
      await distributeNewSchemasIn(client);
      await client.query(`CREATE SCHEMA ${quoteIdent(name)}`);
      await applyInTransaction(client, name, files);
      await insertSpareRow(client, name);
      return true;
    });
    if (!made) return created;
    created++;
  }
}

export interface SpareMigrationReport {
  applied: number;
  skipped: number;
  /** Spares whose migration failed: dropped (they hold no data) and made again by the next refill. */
  dropped: string[];
}

/** Brings every unclaimed spare to `files` (part of a fleet migration). */
export async function migrateSpares(
  pool: pg.Pool,
  files: MigrationFile[],
  opts: { lockTimeoutMs?: number } = {},
): Promise<SpareMigrationReport> {
  const report: SpareMigrationReport = { applied: 0, skipped: 0, dropped: [] };
  for (const name of await spareNames(pool)) {
    try {
      // Locked like a claim: a spare being claimed right now is skipped (the claim checks the ledger itself).
      const applied = await inTransaction(pool, async (client) => {
        if (!(await lockSpareRow(client, name))) return null;
        return applyInTransaction(client, name, files, { lockTimeoutMs: opts.lockTimeoutMs });
      });
      if (applied?.length) report.applied++;
      else report.skipped++;
    } catch {
      await dropSpare(pool, name).catch(() => undefined);
      report.dropped.push(name);
    }
  }
  return report;
}

export async function dropSpare(pool: pg.Pool, name: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    if (await deleteSpareRow(client, name)) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
  });
}

/** Keeps `target` spares: a refill after every claim and on an interval; one refill at a time per process. */
export class SparePool {
  #running: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly opts: {
      pool: pg.Pool;
      target: number;
      files: MigrationFile[];
      intervalMs?: number;
      onError?: (err: Error) => void;
    },
  ) {}

  get target(): number {
    return this.opts.target;
  }

  start(): void {
    if (this.opts.target <= 0) return;
    this.refill();
    this.#timer = setInterval(() => this.refill(), this.opts.intervalMs ?? 30_000).unref();
  }

  /** Starts a refill in the background (or queues one after the running one); resolves when done. */
  refill(): Promise<void> {
    if (this.opts.target <= 0 || this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await refillSpares(this.opts.pool, this.opts.target, this.opts.files).catch((err: Error) =>
          this.opts.onError?.(err),
        );
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }
}
