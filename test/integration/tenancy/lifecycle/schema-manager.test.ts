import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { LEDGER_TABLE } from '../../../../src/db/migrator.js';
import { AppError } from '../../../../src/errors.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import {
  archiveSchema,
  backupSchema,
  createTenantSchema,
  dropSchema,
  renameSchema,
  schemaExists,
} from '../../../../src/tenancy/lifecycle/schema-manager.js';
import { useTestDatabase } from '../../../helpers/database.js';

const db = useTestDatabase();
let counter = 0;
/** A fresh, valid, exactly 63-character schema name. */
const name63 = () => `s${String(++counter).padStart(4, '0')}_${Date.now().toString(36)}`.padEnd(63, 'x');

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${(err as Error).message}`;
  }
  return undefined;
}

async function tables(schema: string): Promise<string[]> {
  const { rows } = await db.current.pool.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [
    schema,
  ]);
  return rows.map((r) => r.tablename);
}

async function rowCounts(schema: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tables(schema)) {
    const { rows } = await db.current.pool.query(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`,
    );
    counts[table] = rows[0].n;
  }
  return counts;
}

/** Tenant rows plus a table with an identity, a serial and a standalone sequence, as later tenant SQL might add. */
async function fillTenantSchema(schema: string) {
  const q = quoteIdent(schema);
  await db.current.pool.query(`
    INSERT INTO ${q}.users (email, name) SELECT 'u' || i || '@${schema}.test', 'user ' || i FROM generate_series(1, 7) i;
    INSERT INTO ${q}.sessions (user_id, token_hash, expires_at)
      SELECT id, md5(email), now() + interval '1 day' FROM ${q}.users;
    INSERT INTO ${q}.audit_logs (action) VALUES ('a'), ('b'), ('c');
    CREATE TABLE ${q}.counters (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial, doubled int GENERATED ALWAYS AS (n * 2) STORED);
    CREATE SEQUENCE ${q}.invoice_numbers START 1000;
    INSERT INTO ${q}.counters DEFAULT VALUES; INSERT INTO ${q}.counters DEFAULT VALUES; INSERT INTO ${q}.counters DEFAULT VALUES;
    SELECT nextval('${q}.invoice_numbers'); SELECT nextval('${q}.invoice_numbers');`);
}

describe('createTenantSchema', () => {
  it('creates the schema with every tenant table and its ledger, in one go', async () => {
    const schema = name63();
    const applied = await createTenantSchema(db.current.pool, schema);
    expect(applied).toEqual(['0001_tenant_tables.sql']);
    expect(await tables(schema)).toEqual(['audit_logs', LEDGER_TABLE, 'sessions', 'users']);
  });

  it('answers CONFLICT when the schema exists, and leaves it as it was', async () => {
    const schema = name63();
    await db.current.pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    expect(await codeOf(createTenantSchema(db.current.pool, schema))).toBe('CONFLICT');
    expect(await tables(schema)).toEqual([]);
  });

  it('refuses an invalid or reserved name before any SQL runs', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }); // would fail if used
    for (const bad of [
      'public',
      'pg_x',
      'Tenant',
      'a-b',
      'x; DROP SCHEMA public CASCADE',
      'backup_x',
      's'.repeat(64),
    ]) {
      expect(await codeOf(createTenantSchema(pool, bad)), bad).toBe('BAD_USER_INPUT');
    }
    await pool.end();
  });
});

describe('renameSchema / archiveSchema / dropSchema', () => {
  it('renames a 63-character schema to another, keeping its data', async () => {
    const [from, to] = [name63(), name63()];
    await createTenantSchema(db.current.pool, from);
    await fillTenantSchema(from);
    const before = await rowCounts(from);
    await renameSchema(db.current.pool, from, to);
    expect(await schemaExists(db.current.pool, from)).toBe(false);
    expect(await rowCounts(to)).toEqual(before);
  });

  it('answers NOT_FOUND for a missing source and CONFLICT for a taken target', async () => {
    const [a, b] = [name63(), name63()];
    await createTenantSchema(db.current.pool, a);
    await createTenantSchema(db.current.pool, b);
    expect(await codeOf(renameSchema(db.current.pool, name63(), 'somewhere_else'))).toBe('NOT_FOUND');
    expect(await codeOf(renameSchema(db.current.pool, a, b))).toBe('CONFLICT');
    expect(await codeOf(renameSchema(db.current.pool, a, 'public'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(renameSchema(db.current.pool, 'public', 'elsewhere'))).toBe('BAD_USER_INPUT');
  });

  it('archives a 63-character schema under a fitted archive_ name', async () => {
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    const archived = await archiveSchema(db.current.pool, schema, new Date('2026-01-02T03:04:05.006Z'));
    expect(archived).toMatch(/^archive_s.*_[0-9a-f]{8}_20260102030405006$/);
    expect(archived.length).toBeLessThanOrEqual(63);
    expect(await schemaExists(db.current.pool, schema)).toBe(false);
    expect(await tables(archived)).toContain('users');
  });

  it('drops a 63-character schema only when forced, and says NOT_FOUND when it is gone', async () => {
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    // @ts-expect-error: force is required by the type as well
    expect(await codeOf(dropSchema(db.current.pool, schema, {}))).toBe('BAD_USER_INPUT');
    expect(await schemaExists(db.current.pool, schema)).toBe(true);
    await dropSchema(db.current.pool, schema, { force: true });
    expect(await schemaExists(db.current.pool, schema)).toBe(false);
    expect(await codeOf(dropSchema(db.current.pool, schema, { force: true }))).toBe('NOT_FOUND');
    await dropSchema(db.current.pool, schema, { force: true, ifExists: true });
    expect(await codeOf(dropSchema(db.current.pool, 'public', { force: true }))).toBe('BAD_USER_INPUT');
  });
});

describe('backupSchema', () => {
  it('copies a 63-character schema: every table with the same row counts, indexes and constraints', async () => {
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    await fillTenantSchema(schema);
    const backup = await backupSchema(db.current.pool, schema, new Date('2026-01-02T03:04:05.006Z'));
    expect(backup.schemaName).toMatch(/^backup_s.*_20260102030405006$/);
    expect(backup.schemaName.length).toBeLessThanOrEqual(63);
    expect(backup.createdAt).toEqual(new Date('2026-01-02T03:04:05.006Z'));
    expect(backup.tables).toEqual(['audit_logs', 'counters', LEDGER_TABLE, 'sessions', 'users']);
    expect(await rowCounts(backup.schemaName)).toEqual(await rowCounts(schema));
    expect(await rowCounts(schema)).toMatchObject({ users: 7, sessions: 7, audit_logs: 3, counters: 3 });

    const shape = async (s: string) =>
      (
        await db.current.pool.query(
          `SELECT c.relname AS t, (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid)::int AS indexes,
                  (SELECT string_agg(k.contype::text || ':' || pg_get_constraintdef(k.oid), ' | ' ORDER BY k.contype, pg_get_constraintdef(k.oid))
                     FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints
             FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' ORDER BY 1`,
          [s],
        )
      ).rows.map((r) => ({ ...r, constraints: r.constraints?.replaceAll(`${s}.`, '<schema>.') }));
    expect(await shape(backup.schemaName)).toEqual(await shape(schema));
    expect(JSON.stringify(await shape(schema))).toContain('REFERENCES <schema>.users(id) ON DELETE CASCADE');
  });

  it('makes foreign keys, defaults and sequences point at the backup itself, positioned where the source stood', async () => {
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    await fillTenantSchema(schema);
    const { schemaName: copy } = await backupSchema(db.current.pool, schema);
    const q = quoteIdent(copy);

    const fkTargets = await db.current.pool.query(
      `SELECT DISTINCT confrelid::regclass::text AS target FROM pg_constraint
        WHERE contype = 'f' AND connamespace = $1::regnamespace`,
      [copy],
    );
    expect(fkTargets.rows.map((r) => r.target)).toEqual([`${copy}.users`]);

    // The copy carries on numbering from the source's position, without touching the source's sequences.
    const next = await db.current.pool.query(`INSERT INTO ${q}.counters DEFAULT VALUES RETURNING id, n, doubled`);
    expect(next.rows[0]).toEqual({ id: '4', n: 4, doubled: 8 });
    const invoice = await db.current.pool.query(`SELECT nextval('${q}.invoice_numbers') AS v`);
    expect(invoice.rows[0].v).toBe('1002');
    const source = await db.current.pool.query(
      `INSERT INTO ${quoteIdent(schema)}.counters DEFAULT VALUES RETURNING id, n`,
    );
    expect(source.rows[0]).toEqual({ id: '4', n: 4 });

    // With the source gone, the backup still works on its own: cascades stay inside it.
    await dropSchema(db.current.pool, schema, { force: true });
    const counts = await rowCounts(copy);
    expect(counts).toMatchObject({ users: 7, sessions: 7, counters: 4 });
    await db.current.pool.query(`DELETE FROM ${q}.users WHERE email = $1`, [`u1@${schema}.test`]);
    expect((await rowCounts(copy)).sessions).toBe(6);
    await db.current.pool.query(`INSERT INTO ${q}.counters DEFAULT VALUES`);
    await expect(
      db.current.pool.query(
        `INSERT INTO ${q}.sessions (user_id, token_hash, expires_at) VALUES (gen_random_uuid(), 'x', now())`,
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('answers NOT_FOUND for a missing schema and CONFLICT for a second backup in the same millisecond', async () => {
    expect(await codeOf(backupSchema(db.current.pool, name63()))).toBe('NOT_FOUND');
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    const at = new Date();
    await backupSchema(db.current.pool, schema, at);
    expect(await codeOf(backupSchema(db.current.pool, schema, at))).toBe('CONFLICT');
  });

  it('refuses, rather than silently skips, objects it cannot copy', async () => {
    const schema = name63();
    await createTenantSchema(db.current.pool, schema);
    await db.current.pool.query(`CREATE TYPE ${quoteIdent(schema)}.mood AS ENUM ('happy', 'sad')`);
    const backups = async () =>
      (await db.current.pool.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'backup_%'`)).rows[0]
        .n;
    const before = await backups();
    await expect(backupSchema(db.current.pool, schema)).rejects.toThrow(/cannot copy type mood/);
    expect(await backups()).toBe(before);
  });
});
