// Applies numbered SQL files to one schema, recording each in that schema's ledger.
// Safety: an advisory lock per schema serialises migrators; each file commits with its ledger row
// or not at all; a changed file that was already applied is refused; a no-op run is one query.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from './transaction.js';
import { assertManagedSchemaName, quoteIdent } from './identifiers.js';
import { splitStatements, type MigrationFile } from './migration-files.js';
import { splitSql } from './sql-split.js';

export const LEDGER_TABLE = 'schema_migrations';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly schema: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface MigrateOptions {
  /** Run every pending file in one transaction (fleet runs, provisioning). Default: one per file. */
  singleTransaction?: boolean;
  /** Give up instead of queueing behind a long lock (e.g. a busy table). 0 = wait. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  schema: string;
  applied: string[];
  skipped: number;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type Ledger = Map<string, string>;

const UNDEFINED_TABLE = '42P01';
const UNDEFINED_SCHEMA = '3F000';

/** Advisory-lock key of a schema: a 64-bit hash, so unrelated schemas never wait on each other in practice. */
export function lockKey(schema: string): string {
  return createHash('sha256').update(`migrate:${schema}`).digest().readBigInt64BE(0).toString();
}

export async function readLedger(db: Queryable, schema: string): Promise<Ledger> {
  try {
    const { rows } = await db.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM ${quoteIdent(schema)}.${LEDGER_TABLE}`,
    );
    return new Map(rows.map((r) => [r.name, r.checksum]));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === UNDEFINED_TABLE || code === UNDEFINED_SCHEMA) return new Map();
    throw err;
  }
}

/** Files not yet in the ledger; throws when an applied file has changed since. */
export function pendingFiles(files: MigrationFile[], ledger: Ledger, schema: string): MigrationFile[] {
  for (const file of files) {
    const applied = ledger.get(file.name);
    if (applied !== undefined && applied !== file.checksum) {
      throw new MigrationError(
        `Migration ${file.name} was applied to schema "${schema}" with checksum ${applied.slice(0, 12)}…, ` +
          `but the file now has ${file.checksum.slice(0, 12)}…. Applied migrations must not be edited; add a new file instead.`,
        schema,
        file.name,
      );
    }
  }
  return files.filter((f) => !ledger.has(f.name));
}

export async function migrateSchema(
  pool: pg.Pool,
  schema: string,
  files: MigrationFile[],
  opts: MigrateOptions = {},
): Promise<MigrateResult> {
  assertManagedSchemaName(schema);
  const pending = pendingFiles(files, await readLedger(pool, schema), schema);
  const result: MigrateResult = { schema, applied: [], skipped: files.length - pending.length };
  if (pending.length === 0) return result;

  if (opts.singleTransaction && pending.every((f) => f.transactional)) {
    result.applied = await inTransaction(pool, (client) => applyInTransaction(client, schema, pending, opts));
  } else {
    for (const file of pending) {
      const done = file.transactional
        ? await applyFileInOwnTransaction(pool, schema, file, opts)
        : await applyFileWithoutTransaction(pool, schema, file);
      if (done) result.applied.push(file.name);
    }
  }
  result.skipped = files.length - result.applied.length;
  return result;
}

/**
 * Applies files inside the caller's open transaction: takes the schema's lock, re-reads the ledger
 * under it (another process may have just finished) and runs what is still pending.
 */
export async function applyInTransaction(
  client: pg.PoolClient,
  schema: string,
  files: MigrationFile[],
  opts: MigrateOptions = {},
): Promise<string[]> {
  assertManagedSchemaName(schema);
  const q = quoteIdent(schema);
  const setup = (await client.query(
    `SELECT pg_advisory_xact_lock(${lockKey(schema)});
     SET LOCAL search_path TO ${q};
     SET LOCAL lock_timeout = ${Math.max(0, Math.trunc(opts.lockTimeoutMs ?? 0))};
     ${createLedgerSql(q)};
     SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus;`,
  )) as unknown as pg.QueryResult<{ citus: boolean }>[];
  // Citus takes one DDL command per query string: there, a file's statements go one by one.
  const onCitus = setup[setup.length - 1]!.rows[0]!.citus;
  const pending = pendingFiles(files, await readLedger(client, schema), schema);
  const applied: string[] = [];
  for (const file of pending) {
    const started = performance.now();
    try {
      if (onCitus) for (const statement of splitSql(file.sql)) await client.query(statement);
      else await client.query(file.sql);
    } catch (err) {
      throw new MigrationError(
        `Migration ${file.name} failed in schema "${schema}": ${(err as Error).message}`,
        schema,
        file.name,
        {
          cause: err,
        },
      );
    }
    await recordApplied(client, q, file, started);
    applied.push(file.name);
  }
  return applied;
}

function createLedgerSql(quotedSchema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quotedSchema}.${LEDGER_TABLE} (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL
  )`;
}

async function recordApplied(client: pg.PoolClient, quotedSchema: string, file: MigrationFile, started: number) {
  await client.query(`INSERT INTO ${quotedSchema}.${LEDGER_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, $3)`, [
    file.name,
    file.checksum,
    Math.round(performance.now() - started),
  ]);
}

async function applyFileInOwnTransaction(pool: pg.Pool, schema: string, file: MigrationFile, opts: MigrateOptions) {
  const applied = await inTransaction(pool, (client) => applyInTransaction(client, schema, [file], opts));
  return applied.length > 0;
}

/**
 * For CREATE INDEX CONCURRENTLY and friends. Runs on a connection that is destroyed afterwards,
 * so the session-level search_path it needs can never leak to another pool user.
 */
async function applyFileWithoutTransaction(pool: pg.Pool, schema: string, file: MigrationFile) {
  const q = quoteIdent(schema);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`SELECT pg_advisory_lock(${lockKey(schema)})`);
    if (pendingFiles([file], await readLedger(client, schema), schema).length === 0) return false;
    await client.query(`SET search_path TO ${q}`);
    const started = performance.now();
    for (const statement of splitStatements(file.sql)) {
      try {
        await client.query(statement);
      } catch (err) {
        throw new MigrationError(
          `Migration ${file.name} (no transaction) failed in schema "${schema}": ${(err as Error).message}. ` +
            'Statements before the failing one stay applied; make them idempotent (IF NOT EXISTS) and re-run.',
          schema,
          file.name,
          { cause: err },
        );
      }
    }
    await client.query(createLedgerSql(q));
    await recordApplied(client, q, file, started);
    return true;
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    client.release(broken ?? true);
  }
}
