// The raw SQL of public.tenant_settings: key rotation, the doctor's key census and import (the
// setting service itself works through Prisma).
import type pg from 'pg';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** An encrypted setting as key rotation reads it: its id, its authenticated data and its ciphertext. */
export interface EncryptedSettingRow {
  id: string;
  tenant_id: string;
  category: string;
  key: string;
  value: string;
}

// encrypted settings not under a key prefix, after an id (keyset page)
export async function encryptedSettingsNotUnder(
  db: Db,
  prefix: string,
  afterId: string,
  limit: number,
): Promise<EncryptedSettingRow[]> {
  const { rows } = await db.query<EncryptedSettingRow>(
    `SELECT id, tenant_id, category, key, value FROM public.tenant_settings
      WHERE encrypted AND value IS NOT NULL AND NOT starts_with(value, $1) AND id > $2
      ORDER BY id LIMIT $3`,
    [prefix, afterId, limit],
  );
  return rows;
}

// find encrypted setting by id
export async function findEncryptedSetting(db: Db, id: string): Promise<EncryptedSettingRow | null> {
  const { rows } = await db.query<EncryptedSettingRow>(
    `SELECT id, tenant_id, category, key, value FROM public.tenant_settings WHERE id = $1 AND encrypted AND value IS NOT NULL`,
    [id],
  );
  return rows[0] ?? null;
}

// replace encrypted values still equal to what was read; returns the ids written
// (tenant_id, category and key are checked too: they are the authenticated data of the new value)
export async function replaceEncryptedValues(
  db: Db,
  changes: { row: EncryptedSettingRow; newValue: string }[],
): Promise<string[]> {
  const column = (pick: (c: { row: EncryptedSettingRow; newValue: string }) => string) => changes.map(pick);
  const { rows } = await db.query<{ id: string }>(
    `UPDATE public.tenant_settings s SET value = u.new_value, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[])
            AS u(id, old_value, new_value, tenant_id, category, key)
      WHERE s.id = u.id AND s.encrypted AND s.value = u.old_value
        AND s.tenant_id = u.tenant_id AND s.category = u.category AND s.key = u.key
     RETURNING s.id`,
    [
      column((c) => c.row.id),
      column((c) => c.row.value),
      column((c) => c.newValue),
      column((c) => c.row.tenant_id),
      column((c) => c.row.category),
      column((c) => c.row.key),
    ],
  );
  return rows.map((r) => r.id);
}

// count encrypted settings per key id
export async function encryptedSettingsPerKey(db: Db): Promise<{ key_id: string; n: number }[]> {
  const { rows } = await db.query<{ key_id: string; n: number }>(
    `SELECT split_part(value, ':', 2) AS key_id, count(*)::int AS n FROM public.tenant_settings WHERE encrypted AND value IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

// settings of a tenant by category and key, encrypted ones left out when `withEncrypted` is false (export)
export async function settingsForExport(db: Db, tenantId: string, withEncrypted: boolean): Promise<pg.QueryResult> {
  return db.query(
    `SELECT category, key, value, type, encrypted, metadata FROM public.tenant_settings WHERE tenant_id = $1 ${withEncrypted ? '' : 'AND NOT encrypted'} ORDER BY category, key`,
    [tenantId],
  );
}

export interface ImportedSetting {
  category: string;
  key: string;
  value: string | null;
  type: string;
  encrypted: boolean;
  metadata: unknown;
}

// insert setting (import)
export async function insertSetting(db: Db, tenantId: string, s: ImportedSetting): Promise<void> {
  await db.query(
    `INSERT INTO public.tenant_settings (tenant_id, category, key, value, type, encrypted, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [tenantId, s.category, s.key, s.value, s.type, s.encrypted, JSON.stringify(s.metadata ?? {})],
  );
}
