// The SQL of public.tenant_backups: one row per backup schema (prisma/sql/0003), read and written
// inside the backup and lifecycle transactions of tenancy/lifecycle/.
import type pg from 'pg';
import type { BackupKind } from '../../vocabulary.js';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface BackupRecord {
  id: string;
  tenantId: string | null;
  tenantSlug: string;
  schemaName: string;
  sourceSchema: string;
  kind: BackupKind;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  sizeBytes: number;
  tables: string[];
  rowCounts: Record<string, number>;
  migrationVersion: string | null;
}

interface BackupRow {
  id: string;
  tenant_id: string | null;
  tenant_slug: string;
  schema_name: string;
  source_schema: string;
  kind: BackupKind;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
  size_bytes: string;
  tables: string[];
  row_counts: Record<string, number>;
  migration_version: string | null;
}

const BACKUP_COLUMNS = `id, tenant_id, tenant_slug, schema_name, source_schema, kind, reason, created_by, created_at,
  size_bytes, tables, row_counts, migration_version`;

function toRecord(r: BackupRow): BackupRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    schemaName: r.schema_name,
    sourceSchema: r.source_schema,
    kind: r.kind,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    sizeBytes: Number(r.size_bytes),
    tables: r.tables,
    rowCounts: r.row_counts,
    migrationVersion: r.migration_version,
  };
}

// backups of a tenant, newest first
export async function backupsOf(db: Db, tenantId: string): Promise<BackupRecord[]> {
  const { rows } = await db.query<BackupRow>(
    `SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE tenant_id = $1 ORDER BY created_at DESC, id`,
    [tenantId],
  );
  return rows.map(toRecord);
}

// orphan backups (tenant deleted, backups kept), newest first
export async function orphanBackups(db: Db): Promise<BackupRecord[]> {
  const { rows } = await db.query<BackupRow>(
    `SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE tenant_id IS NULL ORDER BY created_at DESC, id`,
  );
  return rows.map(toRecord);
}

// find backup by id
export async function findBackupRecord(db: Db, id: string): Promise<BackupRecord | null> {
  const { rows } = await db.query<BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

// lock backup by id (FOR UPDATE)
export async function lockBackupRecord(db: Db, id: string): Promise<BackupRecord | null> {
  const { rows } = await db.query<BackupRow>(
    `SELECT ${BACKUP_COLUMNS} FROM public.tenant_backups WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

// insert backup record
export async function insertBackupRecord(
  db: Db,
  r: Omit<BackupRecord, 'id' | 'createdAt'> & { createdAt: Date },
): Promise<BackupRecord> {
  const { rows } = await db.query<BackupRow>(
    `INSERT INTO public.tenant_backups (tenant_id, tenant_slug, schema_name, source_schema, kind, reason, created_by, created_at,
                                        size_bytes, tables, row_counts, migration_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING ${BACKUP_COLUMNS}`,
    [
      r.tenantId,
      r.tenantSlug,
      r.schemaName,
      r.sourceSchema,
      r.kind,
      r.reason,
      r.createdBy,
      r.createdAt,
      r.sizeBytes,
      r.tables,
      JSON.stringify(r.rowCounts),
      r.migrationVersion,
    ],
  );
  return toRecord(rows[0]!);
}

// set backup size (bytes)
export async function setBackupSize(db: Db, id: string, sizeBytes: number): Promise<BackupRecord> {
  const { rows } = await db.query<BackupRow>(
    `UPDATE public.tenant_backups SET size_bytes = $2 WHERE id = $1 RETURNING ${BACKUP_COLUMNS}`,
    [id, sizeBytes],
  );
  return toRecord(rows[0]!);
}

// delete backup record by id
export async function deleteBackupRecord(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM public.tenant_backups WHERE id = $1', [id]);
}

// backup schema names of a tenant
export async function backupSchemaNamesOf(db: Db, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ s: string }>(
    'SELECT schema_name AS s FROM public.tenant_backups WHERE tenant_id = $1',
    [tenantId],
  );
  return rows.map((r) => r.s);
}

// lock backup schema names of a tenant (FOR UPDATE)
export async function lockBackupSchemasOf(db: Db, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ schema_name: string }>(
    'SELECT schema_name FROM public.tenant_backups WHERE tenant_id = $1 FOR UPDATE',
    [tenantId],
  );
  return rows.map((r) => r.schema_name);
}

// delete backup records of a tenant
export async function deleteBackupRecordsOf(db: Db, tenantId: string): Promise<void> {
  await db.query('DELETE FROM public.tenant_backups WHERE tenant_id = $1', [tenantId]);
}

// Tables, materialized views and sequences of the tenant's backup schemas; pg_total_relation_size
// of a table already includes its indexes and TOAST.
const BACKUP_BYTES_SQL = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM public.tenant_backups b JOIN pg_namespace n ON n.nspname = b.schema_name
    JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'm', 'S')
   WHERE b.tenant_id = $1`;

// size of a tenant's backup schemas on one server (bytes)
export async function backupBytesOf(db: Db, tenantId: string): Promise<number> {
  return Number((await db.query<{ bytes: string }>(BACKUP_BYTES_SQL, [tenantId])).rows[0]!.bytes);
}
