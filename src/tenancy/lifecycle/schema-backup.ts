// A full, self-contained copy of a schema into `backup_<schema>_<time>` (or any target name: a
// restore's shadow schema, a clone's new schema), in one transaction that reads every table from one
// snapshot. Self-contained means nothing in the copy points back at the source: foreign keys
// reference the copy's own tables, defaults and checks use the copy's own sequences and functions,
// views read the copy's tables, triggers call the copy's functions, and identity/sequence positions
// continue where the source's stood. Before the copy commits, the catalog is asked whether anything
// in it still depends on the source; if so, nothing is created. Object kinds this does not know how
// to copy are refused, never silently skipped.
import type pg from 'pg';
import { LEDGER_TABLE } from '../../db/migrator.js';
import { inTransaction } from '../../db/transaction.js';
import { BadUserInputError } from '../../errors.js';
import { distributeNewSchemasIn } from '../../db/citus.js';
import { assertManagedSchemaName, backupSchemaName, quoteIdent } from '../names.js';
import { toSchemaError, UNDEFINED_SCHEMA } from './schema-errors.js';

export interface SchemaBackup {
  schemaName: string;
  tables: string[];
  createdAt: Date;
  /** Rows copied per table (what a restore verifies against). */
  rowCounts: Record<string, number>;
  /** Bytes of the copy: tables with indexes and TOAST, materialized views, sequences. */
  sizeBytes: number;
  /** The last tenant migration in the copy's ledger; null when it has none. */
  migrationVersion: string | null;
}

export interface SchemaCopy {
  tables: string[];
  rowCounts: Record<string, number>;
  sizeBytes: number;
  migrationVersion: string | null;
}

/** Objects a copy would lose or leave pointing at the source. */
const UNSUPPORTED_SQL = `
  SELECT kind || ' ' || name AS what FROM (
    SELECT CASE relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'composite type' END AS kind,
           relname::text AS name
      FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('p', 'f', 'c')
    UNION ALL SELECT 'table inheritance', c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE c.relnamespace = $1::regnamespace
    UNION ALL SELECT 'aggregate', proname::text FROM pg_proc WHERE pronamespace = $1::regnamespace AND prokind = 'a'
    UNION ALL SELECT 'type', typname::text FROM pg_type WHERE typnamespace = $1::regnamespace AND typtype IN ('d', 'e', 'r', 'm')
    UNION ALL SELECT 'policy', p.polname::text FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE c.relnamespace = $1::regnamespace
    UNION ALL SELECT 'rule', r.rulename::text FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
      WHERE c.relnamespace = $1::regnamespace AND r.rulename <> '_RETURN'
    UNION ALL SELECT 'extension member', p.proname::text FROM pg_proc p JOIN pg_depend d
      ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e' WHERE p.pronamespace = $1::regnamespace
    UNION ALL SELECT 'function naming its own schema', p.proname::text FROM pg_proc p, pg_namespace n
      WHERE n.oid = $1::regnamespace AND p.pronamespace = n.oid AND p.prokind <> 'a'
        AND (position(n.nspname || '.' in coalesce(p.prosrc, '')) > 0
             OR position(quote_ident(n.nspname) || '.' in coalesce(p.prosrc, '')) > 0
             OR position(n.nspname in coalesce(array_to_string(p.proconfig, ','), '')) > 0)
  ) x ORDER BY 1`;

/** Sequences that are not identity sequences (those come with CREATE TABLE … LIKE … INCLUDING IDENTITY). */
const SEQUENCES_SQL = `
  SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS increment,
         s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
         owner.relname AS owner_table, a.attname AS owner_column
    FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class owner ON owner.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
   WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'S' AND coalesce(d.deptype, 'a') <> 'i'
   ORDER BY 1`;

/** Objects of the source's own namespace that an expression may depend on. */
const LOCAL_DEPENDENCY = (dependent: string, owner: string) => `
  EXISTS (SELECT 1 FROM pg_depend d
           WHERE d.classid = ${dependent} AND d.objid = ${owner}
             AND ((d.refclassid = 'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.refobjid AND s.relkind = 'S' AND s.relnamespace = $1::regnamespace))
               OR (d.refclassid = 'pg_proc'::regclass AND EXISTS (SELECT 1 FROM pg_proc f WHERE f.oid = d.refobjid AND f.pronamespace = $1::regnamespace))))`;

const COLUMNS_SQL = `
  SELECT c.relname AS table, a.attname AS column, a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated,
         (SELECT pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attrdef ad
           WHERE ad.adrelid = c.oid AND ad.adnum = a.attnum AND a.attgenerated = ''
             AND ${LOCAL_DEPENDENCY(`'pg_attrdef'::regclass`, 'ad.oid')}) AS local_default
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
   ORDER BY c.relname, a.attnum`;

const FOREIGN_KEYS_SQL = `
  SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
   WHERE c.relnamespace = $1::regnamespace AND k.contype = 'f' ORDER BY 1, 2`;

/** CHECK constraints calling the schema's own functions (LIKE copies them still calling the source's). */
const LOCAL_CHECKS_SQL = `
  SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
   WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND k.contype = 'c'
     AND ${LOCAL_DEPENDENCY(`'pg_constraint'::regclass`, 'k.oid')}
   ORDER BY 1, 2`;

/** Functions and procedures, with the header pg_get_functiondef gives them (always schema-qualified). */
const FUNCTIONS_SQL = `
  SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition,
         'CREATE OR REPLACE ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' || quote_ident(n.nspname) || '.' AS header,
         CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
   ORDER BY p.oid`;

const VIEWS_SQL = `
  SELECT c.relname AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
         array_to_string(c.reloptions, ', ') AS options
    FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('v', 'm')
   ORDER BY c.oid`;

/** Indexes on materialized views (tables get theirs from LIKE … INCLUDING ALL). */
const VIEW_INDEXES_SQL = `
  SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
         quote_ident(c.relname) AS unqualified
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'm' ORDER BY 1`;

const TRIGGERS_SQL = `
  SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified, quote_ident(c.relname) AS unqualified
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal ORDER BY 1, 2`;

/** What in `$2` (the copy) still depends on an object of `$1` (the source). */
const LEAKS_SQL = `
  SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) AS what,
                  pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) AS on_what
    FROM pg_depend d
   WHERE (   (d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM pg_class WHERE relnamespace = $1::regnamespace))
          OR (d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = $1::regnamespace))
          OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT oid FROM pg_type WHERE typnamespace = $1::regnamespace)))
     AND (   (d.classid = 'pg_class'::regclass AND d.objid IN (SELECT oid FROM pg_class WHERE relnamespace = $2::regnamespace))
          OR (d.classid = 'pg_proc'::regclass AND d.objid IN (SELECT oid FROM pg_proc WHERE pronamespace = $2::regnamespace))
          OR (d.classid = 'pg_attrdef'::regclass AND d.objid IN (SELECT ad.oid FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid WHERE c.relnamespace = $2::regnamespace))
          OR (d.classid = 'pg_constraint'::regclass AND d.objid IN (SELECT oid FROM pg_constraint WHERE connamespace = $2::regnamespace))
          OR (d.classid = 'pg_trigger'::regclass AND d.objid IN (SELECT t.oid FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $2::regnamespace))
          OR (d.classid = 'pg_rewrite'::regclass AND d.objid IN (SELECT r.oid FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = $2::regnamespace)))
   ORDER BY 1 LIMIT 20`;

// Tables, materialized views and sequences; pg_total_relation_size of a table includes its indexes and TOAST.
const SCHEMA_BYTES_SQL = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'm', 'S')`;

interface Column {
  table: string;
  column: string;
  identity: boolean;
  generated: boolean;
  local_default: string | null;
}
interface Definition {
  name: string;
  definition: string;
}

/** Backs a schema up into `backup_<schema>_<time>`, in one snapshot. */
export async function backupSchema(pool: pg.Pool, source: string, at = new Date()): Promise<SchemaBackup> {
  const target = backupSchemaName(source, at);
  const copy = await copySchema(pool, source, target);
  return { schemaName: target, createdAt: at, ...copy };
}

/** Copies `source` into a new schema `target`, in its own repeatable-read transaction. */
export function copySchema(pool: pg.Pool, source: string, target: string): Promise<SchemaCopy> {
  return inTransaction(pool, (client) => copySchemaIn(client, source, target), { isolation: 'repeatable read' });
}

/**
 * Copies `source` into a new schema `target` inside the caller's transaction (which should be
 * REPEATABLE READ, so every table is read from one snapshot). The caller's search_path and
 * check_function_bodies are changed for the rest of the transaction.
 */
export async function copySchemaIn(client: pg.PoolClient, source: string, target: string): Promise<SchemaCopy> {
  assertManagedSchemaName(source);
  assertManagedSchemaName(target);
  if (source === 'public' || target === 'public') {
    throw new BadUserInputError('The control plane is not copied as a tenant schema.', { field: 'schemaName' });
  }
  const src = quoteIdent(source);
  const dst = quoteIdent(target);
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [source]);
  if (!exists.rowCount) throw toSchemaError({ code: UNDEFINED_SCHEMA }, source);
  const unsupported = await client.query<{ what: string }>(UNSUPPORTED_SQL, [source]);
  if (unsupported.rowCount) {
    throw new Error(`backupSchema cannot copy ${unsupported.rows.map((r) => r.what).join(', ')} in schema "${source}"`);
  }
  try {
    // On Citus the copy is a distributed schema like every tenant schema (a no-op elsewhere).
    await distributeNewSchemasIn(client);
    await client.query(`CREATE SCHEMA ${dst}`);
  } catch (err) {
    throw toSchemaError(err, target);
  }
  // Deparsed while the source is the only schema on the path, definitions come out unqualified,
  // so replaying them with the copy on the path makes them refer to the copy's own objects.
  await client.query(`SET LOCAL search_path TO ${src}; SET LOCAL check_function_bodies = off`);
  const sequences = (await client.query(SEQUENCES_SQL, [source])).rows;
  const columns = (await client.query<Column>(COLUMNS_SQL, [source])).rows;
  const foreignKeys = (await client.query<Definition & { table: string }>(FOREIGN_KEYS_SQL, [source])).rows;
  const localChecks = (await client.query<Definition & { table: string }>(LOCAL_CHECKS_SQL, [source])).rows;
  const functions = (await client.query<Definition & { header: string; kind: string }>(FUNCTIONS_SQL, [source])).rows;
  const views = (
    await client.query<Definition & { materialized: boolean; options: string | null }>(VIEWS_SQL, [source])
  ).rows;
  const viewIndexes = (await client.query<Definition & Requalify>(VIEW_INDEXES_SQL, [source])).rows;
  const triggers = (
    await client.query<Definition & Requalify & { table: string; enabled: string }>(TRIGGERS_SQL, [source])
  ).rows;
  const tables = [...new Set(columns.map((c) => c.table))];
  const rowCounts: Record<string, number> = {};

  for (const s of sequences) {
    const q = quoteIdent(s.name);
    await client.query(`CREATE SEQUENCE ${dst}.${q} ${sequenceOptions(s)}`);
    await client.query(COPY_POSITION_SQL, [`${src}.${q}`, `${dst}.${q}`]);
  }
  for (const table of tables) {
    const t = quoteIdent(table);
    const cols = columns.filter((c) => c.table === table);
    const list = cols
      .filter((c) => !c.generated)
      .map((c) => quoteIdent(c.column))
      .join(', ');
    await client.query(`CREATE TABLE ${dst}.${t} (LIKE ${src}.${t} INCLUDING ALL)`);
    // The copy's triggers do not exist yet, so copying rows fires none of them.
    const inserted = list
      ? await client.query(`INSERT INTO ${dst}.${t} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${src}.${t}`)
      : null;
    rowCounts[table] = inserted?.rowCount ?? 0;
    for (const c of cols.filter((col) => col.identity)) {
      await client.query(COPY_IDENTITY_POSITION_SQL, [`${src}.${t}`, `${dst}.${t}`, c.column]);
    }
  }

  // Everything below is replayed from the catalog's own deparsed definitions (the tenant DDL's, not
  // anything a client sent), now resolving to the copy's objects.
  await client.query(`SET LOCAL search_path TO ${dst}`);
  const routines = functions.map((f) => {
    if (!f.definition.startsWith(f.header))
      throw new Error(`backupSchema: unexpected definition of ${f.kind.toLowerCase()} "${f.name}"`);
    return { name: f.name, sql: `CREATE ${f.kind} ${dst}.${f.definition.slice(f.header.length)}` };
  });
  const relations = views.map((v) => ({
    name: v.name,
    sql: v.materialized
      ? `CREATE MATERIALIZED VIEW ${quoteIdent(v.name)}${v.options ? ` WITH (${v.options})` : ''} AS ${stripSemicolon(v.definition)} WITH DATA`
      : `CREATE VIEW ${quoteIdent(v.name)}${v.options ? ` WITH (${v.options})` : ''} AS ${stripSemicolon(v.definition)}`,
  }));
  // Functions, views and materialized views may depend on each other in any order: each round
  // creates what it can (a savepoint per attempt), until everything exists or a round makes no progress.
  await createInDependencyOrder(client, [...routines, ...relations]);
  for (const ix of viewIndexes) await client.query(onUnqualified(ix, 'index'));
  for (const c of columns.filter((col) => col.local_default)) {
    await client.query(
      `ALTER TABLE ${quoteIdent(c.table)} ALTER COLUMN ${quoteIdent(c.column)} SET DEFAULT ${c.local_default}`,
    );
  }
  for (const k of localChecks) {
    await client.query(`ALTER TABLE ${quoteIdent(k.table)} DROP CONSTRAINT ${quoteIdent(k.name)}`);
    await client.query(`ALTER TABLE ${quoteIdent(k.table)} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition}`);
  }
  for (const s of sequences.filter((seq) => seq.owner_table)) {
    await client.query(
      `ALTER SEQUENCE ${quoteIdent(s.name)} OWNED BY ${quoteIdent(s.owner_table)}.${quoteIdent(s.owner_column)}`,
    );
  }
  for (const fk of foreignKeys) {
    await client.query(`ALTER TABLE ${quoteIdent(fk.table)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
  }
  for (const tr of triggers) {
    await client.query(onUnqualified(tr, 'trigger'));
    const state = TRIGGER_STATES[tr.enabled];
    if (state) await client.query(`ALTER TABLE ${quoteIdent(tr.table)} ${state} TRIGGER ${quoteIdent(tr.name)}`);
  }

  const leaks = await client.query<{ what: string; on_what: string }>(LEAKS_SQL, [source, target]);
  if (leaks.rowCount) {
    throw new Error(
      `backupSchema: the copy of "${source}" would still depend on it: ${leaks.rows.map((r) => `${r.what} → ${r.on_what}`).join('; ')}`,
    );
  }
  const bytes = await client.query<{ bytes: string }>(SCHEMA_BYTES_SQL, [target]);
  return {
    tables,
    rowCounts,
    sizeBytes: Number(bytes.rows[0]!.bytes),
    migrationVersion: await migrationVersionOf(client, target),
  };
}

/** The last migration in a schema's ledger (file names sort in order), or null. */
export async function migrationVersionOf(client: Pick<pg.PoolClient, 'query'>, schema: string): Promise<string | null> {
  const has = await client.query('SELECT 1 FROM pg_class WHERE relnamespace = $1::regnamespace AND relname = $2', [
    schema,
    LEDGER_TABLE,
  ]);
  if (!has.rowCount) return null;
  const { rows } = await client.query<{ name: string | null }>(
    `SELECT max(name) AS name FROM ${quoteIdent(schema)}.${LEDGER_TABLE}`,
  );
  return rows[0]?.name ?? null;
}

/** Row counts of every table of a schema, exact (count(*)), in the caller's snapshot. */
export async function countRowsIn(
  client: Pick<pg.PoolClient, 'query'>,
  schema: string,
): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY 1`,
    [schema],
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    counts[name] = (
      await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.${quoteIdent(name)}`)
    ).rows[0]!.n;
  }
  return counts;
}

interface Requalify {
  name: string;
  definition: string;
  qualified: string;
  unqualified: string;
}

/** pg_get_indexdef / pg_get_triggerdef always qualify the table: `… ON src.t …` → `… ON t …` (the copy is on the path). */
function onUnqualified(d: Requalify, what: string): string {
  const on = ` ON ${d.qualified} `;
  const at = d.definition.indexOf(on);
  if (at < 0) throw new Error(`backupSchema: unexpected definition of ${what} "${d.name}"`);
  return `${d.definition.slice(0, at)} ON ${d.unqualified} ${d.definition.slice(at + on.length)}`;
}

const TRIGGER_STATES: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };

function stripSemicolon(sql: string): string {
  return sql.trim().replace(/;$/, '');
}

async function createInDependencyOrder(client: pg.PoolClient, pending: { name: string; sql: string }[]): Promise<void> {
  let left = pending;
  while (left.length) {
    const failed: { name: string; sql: string; error: string }[] = [];
    for (const item of left) {
      await client.query('SAVEPOINT copy_object');
      try {
        await client.query(item.sql);
        await client.query('RELEASE SAVEPOINT copy_object');
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT copy_object');
        failed.push({ ...item, error: (err as Error).message });
      }
    }
    if (failed.length === left.length) {
      throw new Error(`backupSchema could not recreate ${failed.map((f) => `"${f.name}" (${f.error})`).join(', ')}`);
    }
    left = failed;
  }
}

/** setval(to) = where `from` stands; a sequence never used is left at its start, like the source. */
const COPY_POSITION_SQL = `
  SELECT setval($2::regclass, v, true) FROM (SELECT pg_sequence_last_value($1::regclass) AS v) x WHERE v IS NOT NULL`;
const COPY_IDENTITY_POSITION_SQL = `
  SELECT setval(pg_get_serial_sequence($2, $3)::regclass, v, true)
    FROM (SELECT pg_sequence_last_value(pg_get_serial_sequence($1, $3)::regclass) AS v) x WHERE v IS NOT NULL`;

const INTEGER = /^-?\d+$/;

/** The CREATE SEQUENCE options of a catalog row, checked to be what the catalog can only hold. */
function sequenceOptions(s: Record<string, string | boolean>): string {
  const numbers = [s.start, s.increment, s.min, s.max, s.cache];
  if (!/^(smallint|integer|bigint)$/.test(String(s.type)) || !numbers.every((n) => INTEGER.test(String(n)))) {
    throw new Error(`backupSchema: unexpected sequence definition for "${String(s.name)}"`);
  }
  return `AS ${s.type} INCREMENT ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START ${s.start} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}
