// A full, self-contained copy of a schema into `backup_<schema>_<time>`, in one transaction that
// reads every table from one snapshot. Self-contained means nothing in the copy points back at the
// source: foreign keys reference the copy's own tables, defaults use the copy's own sequences, and
// identity/sequence positions continue where the source's stood. Dropping the source leaves the
// backup intact. Object kinds this does not know how to copy are refused, never silently skipped.
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import { BadUserInputError } from '../errors.js';
import { assertManagedSchemaName, backupSchemaName, quoteIdent } from './names.js';
import { toSchemaError, UNDEFINED_SCHEMA } from './schema-errors.js';

export interface SchemaBackup {
  schemaName: string;
  tables: string[];
  createdAt: Date;
}

/** Objects a backup would lose or leave pointing at the source. */
const UNSUPPORTED_SQL = `
  SELECT kind || ' ' || name AS what FROM (
    SELECT CASE relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'p' THEN 'partitioned table'
                        WHEN 'f' THEN 'foreign table' ELSE 'composite type' END AS kind, relname::text AS name
      FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('v', 'm', 'p', 'f', 'c')
    UNION ALL SELECT 'table inheritance', c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE c.relnamespace = $1::regnamespace
    UNION ALL SELECT 'function', proname::text FROM pg_proc WHERE pronamespace = $1::regnamespace
    UNION ALL SELECT 'type', typname::text FROM pg_type WHERE typnamespace = $1::regnamespace AND typtype IN ('d', 'e', 'r', 'm')
    UNION ALL SELECT 'trigger', t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal
    UNION ALL SELECT 'policy', p.polname::text FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE c.relnamespace = $1::regnamespace
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

const COLUMNS_SQL = `
  SELECT c.relname AS table, a.attname AS column, a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated,
         (SELECT pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attrdef ad
           WHERE ad.adrelid = c.oid AND ad.adnum = a.attnum AND a.attgenerated = ''
             AND EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.refobjid
                          WHERE d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND s.relkind = 'S'
                            AND s.relnamespace = c.relnamespace)) AS sequence_default
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
   ORDER BY c.relname, a.attnum`;

const FOREIGN_KEYS_SQL = `
  SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
   WHERE c.relnamespace = $1::regnamespace AND k.contype = 'f' ORDER BY 1, 2`;

interface Column { table: string; column: string; identity: boolean; generated: boolean; sequence_default: string | null }

export async function backupSchema(pool: pg.Pool, source: string, at = new Date()): Promise<SchemaBackup> {
  assertManagedSchemaName(source);
  if (source === 'public') throw new BadUserInputError('The control plane is not backed up as a tenant schema.', { field: 'schemaName' });
  const target = backupSchemaName(source, at);
  const src = quoteIdent(source);
  const dst = quoteIdent(target);
  return inTransaction(
    pool,
    async (client) => {
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [source]);
      if (!exists.rowCount) throw toSchemaError({ code: UNDEFINED_SCHEMA }, source);
      const unsupported = await client.query<{ what: string }>(UNSUPPORTED_SQL, [source]);
      if (unsupported.rowCount) {
        throw new Error(`backupSchema cannot copy ${unsupported.rows.map((r) => r.what).join(', ')} in schema "${source}"`);
      }
      try {
        await client.query(`CREATE SCHEMA ${dst}`);
      } catch (err) {
        throw toSchemaError(err, target);
      }
      // Deparsed while the source is the only schema on the path, definitions come out unqualified,
      // so replaying them with the backup on the path makes them refer to the backup's own objects.
      await client.query(`SET LOCAL search_path TO ${src}`);
      const sequences = (await client.query(SEQUENCES_SQL, [source])).rows;
      const columns = (await client.query<Column>(COLUMNS_SQL, [source])).rows;
      const foreignKeys = (await client.query(FOREIGN_KEYS_SQL, [source])).rows;
      const tables = [...new Set(columns.map((c) => c.table))];

      for (const s of sequences) {
        const q = quoteIdent(s.name);
        await client.query(`CREATE SEQUENCE ${dst}.${q} ${sequenceOptions(s)}`);
        await client.query(COPY_POSITION_SQL, [`${src}.${q}`, `${dst}.${q}`]);
      }
      for (const table of tables) {
        const t = quoteIdent(table);
        const cols = columns.filter((c) => c.table === table);
        const list = cols.filter((c) => !c.generated).map((c) => quoteIdent(c.column)).join(', ');
        await client.query(`CREATE TABLE ${dst}.${t} (LIKE ${src}.${t} INCLUDING ALL)`);
        if (list) await client.query(`INSERT INTO ${dst}.${t} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${src}.${t}`);
        for (const c of cols.filter((col) => col.identity)) {
          await client.query(COPY_IDENTITY_POSITION_SQL, [`${src}.${t}`, `${dst}.${t}`, c.column]);
        }
      }
      // Defaults and foreign keys are replayed from the catalog's own deparsed definitions (the
      // tenant DDL's, not anything a client sent), now resolving to the backup's objects.
      await client.query(`SET LOCAL search_path TO ${dst}`);
      for (const c of columns.filter((col) => col.sequence_default)) {
        await client.query(`ALTER TABLE ${quoteIdent(c.table)} ALTER COLUMN ${quoteIdent(c.column)} SET DEFAULT ${c.sequence_default}`);
      }
      for (const s of sequences.filter((seq) => seq.owner_table)) {
        await client.query(`ALTER SEQUENCE ${quoteIdent(s.name)} OWNED BY ${quoteIdent(s.owner_table)}.${quoteIdent(s.owner_column)}`);
      }
      for (const fk of foreignKeys) {
        await client.query(`ALTER TABLE ${quoteIdent(fk.table)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
      }
      return { schemaName: target, tables, createdAt: at };
    },
    { isolation: 'repeatable read' },
  );
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
