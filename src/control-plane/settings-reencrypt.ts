// Key rotation: after a new key is put first in SETTINGS_ENCRYPTION_KEYS, this re-encrypts every
// encrypted setting still under an older key. It runs while gateways serve traffic, so each row is
// written only if its value is still the one that was read (optimistic check): a value changed in
// between is never overwritten with a re-encryption of the old one.
import type pg from 'pg';
import type { SettingsCipher } from './settings-crypto.js';
import {
  encryptedSettingsNotUnder,
  findEncryptedSetting,
  replaceEncryptedValues,
  type EncryptedSettingRow,
} from './stores/settings-store.js';

export interface ReencryptResult {
  /** Encrypted settings found under an older key (or unreadable) and examined. */
  scanned: number;
  reencrypted: number;
  /** Rows written by someone else between read and update and left as they were (already re-read once). */
  skipped: number;
  failed: { id: string; error: string }[];
}

type Row = EncryptedSettingRow;

export async function reencryptSettings(
  pool: pg.Pool,
  cipher: SettingsCipher,
  opts: { batchSize?: number } = {},
): Promise<ReencryptResult> {
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 500, 10_000));
  const currentPrefix = `v1:${cipher.currentKeyId}:`;
  const result: ReencryptResult = { scanned: 0, reencrypted: 0, skipped: 0, failed: [] };
  // Keyset pagination by id: rows that fail stay stale and must not be read again and again.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await encryptedSettingsNotUnder(pool, currentPrefix, after, batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    result.scanned += rows.length;
    const conflicts = await reencryptBatch(pool, cipher, rows, result);
    // A row changed between read and write: read it again once and retry with its new value.
    for (const id of conflicts) {
      const row = await findEncryptedSetting(pool, id);
      if (!row || row.value.startsWith(currentPrefix)) {
        result.skipped++;
        continue;
      }
      const stillConflicting = await reencryptBatch(pool, cipher, [row], result);
      if (stillConflicting.length)
        result.failed.push({ id, error: 'the setting kept changing while being re-encrypted; run again' });
    }
  }
  return result;
}

/** Re-encrypts rows and writes those still unchanged; returns the ids that changed meanwhile. */
async function reencryptBatch(
  pool: pg.Pool,
  cipher: SettingsCipher,
  rows: Row[],
  result: ReencryptResult,
): Promise<string[]> {
  const ready: { row: Row; newValue: string }[] = [];
  for (const row of rows) {
    const aad = { tenantId: row.tenant_id, category: row.category, key: row.key };
    try {
      ready.push({ row, newValue: cipher.encrypt(cipher.decrypt(row.value, aad), aad) });
    } catch (err) {
      result.failed.push({ id: row.id, error: (err as Error).message });
    }
  }
  if (ready.length === 0) return [];
  const updated = await replaceEncryptedValues(pool, ready);
  result.reencrypted += updated.length;
  const written = new Set(updated);
  return ready.filter((r) => !written.has(r.row.id)).map((r) => r.row.id);
}
