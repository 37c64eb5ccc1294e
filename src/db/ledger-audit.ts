// Read-only comparison of many schemas' migration ledgers with the files of this build, in a few
// queries however many schemas there are (ledgers are read 200 schemas per UNION ALL query).
// Unlike the migrator it never throws on drift: it reports it, for `doctor`.
import type pg from 'pg';
import { quoteIdent } from './identifiers.js';
import type { MigrationFile } from './migration-files.js';
import { LEDGER_TABLE } from './migrator.js';

export interface LedgerStatus {
  schema: string;
  schemaExists: boolean;
  /** The schema has a schema_migrations table. */
  hasLedger: boolean;
  /** Files of this build not in the ledger. */
  pending: string[];
  /** Applied files whose checksum differs from the file's now (someone edited an applied migration). */
  drifted: string[];
  /** Ledger rows naming no file of this build (applied by a newer or different build). */
  unknown: string[];
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const BATCH = 200;

export function compareLedger(
  schema: string,
  files: MigrationFile[],
  ledger: Map<string, string> | null,
): LedgerStatus {
  const status: LedgerStatus = {
    schema,
    schemaExists: true,
    hasLedger: ledger !== null,
    pending: [],
    drifted: [],
    unknown: [],
  };
  const applied = ledger ?? new Map<string, string>();
  const known = new Set(files.map((f) => f.name));
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum === undefined) status.pending.push(file.name);
    else if (checksum !== file.checksum) status.drifted.push(file.name);
  }
  status.unknown = [...applied.keys()].filter((name) => !known.has(name)).sort();
  return status;
}

export function ledgerIsCurrent(s: LedgerStatus): boolean {
  return s.schemaExists && s.pending.length === 0 && s.drifted.length === 0 && s.unknown.length === 0;
}

export async function auditLedgers(
  db: Queryable,
  schemas: string[],
  files: MigrationFile[],
): Promise<Map<string, LedgerStatus>> {
  const { rows } = await db.query<{ schema: string; has_ledger: boolean }>(
    `SELECT n.nspname AS schema,
            EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = $2 AND c.relkind IN ('r', 'p')) AS has_ledger
       FROM pg_namespace n WHERE n.nspname = ANY($1::text[])`,
    [schemas, LEDGER_TABLE],
  );
  const existing = new Map(rows.map((r) => [r.schema, r.has_ledger]));
  const ledgers = new Map<string, Map<string, string>>();
  const withLedger = rows.filter((r) => r.has_ledger).map((r) => r.schema);
  for (let i = 0; i < withLedger.length; i += BATCH) {
    const batch = withLedger.slice(i, i + BATCH);
    const sql = batch
      .map((s, j) => `SELECT $${j + 1}::text AS schema, name, checksum FROM ${quoteIdent(s)}.${LEDGER_TABLE}`)
      .join(' UNION ALL ');
    const result = await db.query<{ schema: string; name: string; checksum: string }>(sql, batch);
    for (const s of batch) ledgers.set(s, new Map());
    for (const r of result.rows) ledgers.get(r.schema)!.set(r.name, r.checksum);
  }
  const report = new Map<string, LedgerStatus>();
  for (const schema of schemas) {
    if (!existing.has(schema)) {
      report.set(schema, {
        schema,
        schemaExists: false,
        hasLedger: false,
        pending: files.map((f) => f.name),
        drifted: [],
        unknown: [],
      });
    } else {
      report.set(schema, compareLedger(schema, files, ledgers.get(schema) ?? null));
    }
  }
  return report;
}
