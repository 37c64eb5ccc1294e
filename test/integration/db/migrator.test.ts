import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { createPool } from '../../../src/db/pool.js';
import { loadMigrationFiles, NO_TRANSACTION_MARKER, type MigrationFile } from '../../../src/db/migration-files.js';
import { LEDGER_TABLE, migrateSchema, MigrationError } from '../../../src/db/migrator.js';
import { BadUserInputError } from '../../../src/errors.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase({ empty: true });
let counter = 0;

/** Every query any pg client sends to the server from now on. */
function serverQueries() {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  spy.mockClear();
  return spy;
}

function migrationsDir(files: Record<string, string>): MigrationFile[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return loadMigrationFiles(dir);
}

async function newSchema(name = `m_${++counter}_${Date.now().toString(36)}`) {
  await db.current.pool.query(`CREATE SCHEMA ${quoteIdent(name)}`);
  return name;
}

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await db.current.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.table_name);
}

async function ledger(schema: string): Promise<string[]> {
  const { rows } = await db.current.pool.query<{ name: string }>(
    `SELECT name FROM ${quoteIdent(schema)}.${LEDGER_TABLE} ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

const twoFiles = () =>
  migrationsDir({
    '0001_things.sql': 'CREATE TABLE things (id int PRIMARY KEY);',
    '0002_more.sql': 'CREATE TABLE more_things (id int PRIMARY KEY REFERENCES things (id));',
  });

describe('migrateSchema', () => {
  it('applies unqualified tenant SQL inside the named schema and records each file in its ledger', async () => {
    const schema = await newSchema();
    const result = await migrateSchema(db.current.pool, schema, twoFiles());
    expect(result.applied).toEqual(['0001_things.sql', '0002_more.sql']);
    expect(await tablesIn(schema)).toEqual(['more_things', LEDGER_TABLE, 'things'].sort());
    expect(await tablesIn('public')).not.toContain('things');
    const { rows } = await db.current.pool.query(
      `SELECT checksum, duration_ms FROM ${quoteIdent(schema)}.${LEDGER_TABLE}`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('makes a no-op re-run a single round-trip', async () => {
    const schema = await newSchema();
    const files = twoFiles();
    await migrateSchema(db.current.pool, schema, files);
    const sent = serverQueries();
    const result = await migrateSchema(db.current.pool, schema, files);
    expect(result).toEqual({ schema, applied: [], skipped: 2 });
    expect(sent).toHaveBeenCalledTimes(1);
    sent.mockRestore();
  });

  it('refuses an applied file whose checksum changed, naming the file and the schema', async () => {
    const schema = await newSchema();
    await migrateSchema(db.current.pool, schema, twoFiles());
    const edited = migrationsDir({
      '0001_things.sql': 'CREATE TABLE things (id bigint PRIMARY KEY);',
      '0002_more.sql': 'CREATE TABLE more_things (id int PRIMARY KEY REFERENCES things (id));',
    });
    const error = await migrateSchema(db.current.pool, schema, edited).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toContain('0001_things.sql');
    expect((error as MigrationError).message).toContain(`"${schema}"`);
    expect((error as MigrationError).file).toBe('0001_things.sql');
  });

  it('applies each file exactly once when several migrators race on one schema', async () => {
    const schema = await newSchema();
    await db.current.pool.query(`CREATE TABLE ${quoteIdent(schema)}.runs (file text)`);
    const files = migrationsDir({
      '0001_a.sql': "INSERT INTO runs VALUES ('a'); CREATE TABLE a (id int);",
      '0002_b.sql': "INSERT INTO runs VALUES ('b'); CREATE TABLE b (id int);",
      '0003_c.sql': "INSERT INTO runs VALUES ('c'); CREATE TABLE c (id int);",
    });
    // separate pools stand for separate gateway processes
    const pools = Array.from({ length: 5 }, () =>
      createPool({
        url: db.current.url,
        max: 2,
        maxLifetimeSeconds: 60,
        idleTimeoutMs: 1000,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 0,
      }),
    );
    const results = await Promise.all(pools.map((pool) => migrateSchema(pool, schema, files)));
    await Promise.all(pools.map((pool) => pool.end()));
    const { rows } = await db.current.pool.query(
      `SELECT file, count(*)::int AS n FROM ${quoteIdent(schema)}.runs GROUP BY file ORDER BY file`,
    );
    expect(rows).toEqual([
      { file: 'a', n: 1 },
      { file: 'b', n: 1 },
      { file: 'c', n: 1 },
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(['0001_a.sql', '0002_b.sql', '0003_c.sql']);
    expect(await ledger(schema)).toEqual(['0001_a.sql', '0002_b.sql', '0003_c.sql']);
  });

  it('leaves the schema and the ledger as they were when a file fails midway', async () => {
    const schema = await newSchema();
    const files = migrationsDir({
      '0001_ok.sql': 'CREATE TABLE ok (id int);',
      '0002_breaks.sql': 'CREATE TABLE half (id int); INSERT INTO half VALUES (1); SELECT 1 / 0;',
    });
    const error = await migrateSchema(db.current.pool, schema, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(/0002_breaks\.sql failed in schema ".*": division by zero/);
    expect(await tablesIn(schema)).toEqual(['ok', LEDGER_TABLE].sort());
    expect(await ledger(schema)).toEqual(['0001_ok.sql']);
  });

  it('rolls back every file of a single-transaction run when one fails', async () => {
    const schema = await newSchema();
    const files = migrationsDir({
      '0001_ok.sql': 'CREATE TABLE ok (id int);',
      '0002_breaks.sql': 'CREATE TABLE half (id int); SELECT 1 / 0;',
    });
    await expect(migrateSchema(db.current.pool, schema, files, { singleTransaction: true })).rejects.toThrow(
      /division by zero/,
    );
    expect(await tablesIn(schema)).toEqual([]);
  });

  it('works on a schema name of 63 characters', async () => {
    const schema = await newSchema(`s${'x'.repeat(58)}${(++counter).toString().padStart(4, '0')}`);
    expect(schema).toHaveLength(63);
    const result = await migrateSchema(db.current.pool, schema, twoFiles());
    expect(result.applied).toHaveLength(2);
    expect(await tablesIn(schema)).toContain('things');
  });

  it('runs a no-transaction file statement by statement without leaking its search_path to the pool', async () => {
    const schema = await newSchema();
    const files = migrationsDir({
      '0001_table.sql': 'CREATE TABLE items (id int, label text);',
      '0002_index.sql': `${NO_TRANSACTION_MARKER}\nCREATE INDEX CONCURRENTLY IF NOT EXISTS items_label_idx ON items (label);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS items_id_idx ON items (id);\n`,
    });
    const result = await migrateSchema(db.current.pool, schema, files);
    expect(result.applied).toEqual(['0001_table.sql', '0002_index.sql']);
    const { rows } = await db.current.pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [
      schema,
    ]);
    expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['items_id_idx', 'items_label_idx']));
    const paths = await Promise.all(
      Array.from({ length: 10 }, async () => (await db.current.pool.query('SHOW search_path')).rows[0].search_path),
    );
    expect(paths.every((p) => !p.includes(schema))).toBe(true);
  });

  it('refuses an invalid schema name before any SQL runs', async () => {
    const sent = serverQueries();
    for (const bad of ['Robert"; DROP TABLE x; --', 'pg_catalog', '', 'a'.repeat(64)]) {
      await expect(migrateSchema(db.current.pool, bad, twoFiles())).rejects.toBeInstanceOf(BadUserInputError);
    }
    expect(sent).not.toHaveBeenCalled();
    sent.mockRestore();
  });
});
