import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SettingsCipher } from '../../../src/control-plane/settings-crypto.js';
import { reencryptSettings } from '../../../src/control-plane/settings-reencrypt.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
const k0 = { id: 'k0', key: randomBytes(32) };
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const CATEGORIES = ['general', 'security', 'billing', 'notifications', 'branding'];

async function createTenant(slug: string): Promise<string> {
  const { rows } = await db.current.pool.query<{ id: string }>(
    `INSERT INTO tenants (name, slug, schema_name, status) VALUES ($1, $1, $2, 'active') RETURNING id`,
    [slug, `tenant_${slug.replaceAll('-', '_')}`],
  );
  return rows[0]!.id;
}

async function insertSetting(
  tenantId: string,
  category: string,
  key: string,
  value: string | null,
  encrypted: boolean,
) {
  const { rows } = await db.current.pool.query<{ id: string }>(
    `INSERT INTO tenant_settings (tenant_id, category, key, value, encrypted) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [tenantId, category, key, value, encrypted],
  );
  return rows[0]!.id;
}

interface SettingRow {
  id: string;
  tenant_id: string;
  category: string;
  key: string;
  value: string | null;
  encrypted: boolean;
}

async function allSettings(): Promise<SettingRow[]> {
  const { rows } = await db.current.pool.query<SettingRow>(
    'SELECT id, tenant_id, category, key, value, encrypted FROM tenant_settings ORDER BY id',
  );
  return rows;
}

const aadOf = (row: SettingRow) => ({ tenantId: row.tenant_id, category: row.category, key: row.key });

/** Resolves once some backend of the test database waits for a row lock. */
async function someoneWaitsForALock(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no backend started waiting for a lock within 10 s');
}

describe('reencryptSettings', () => {
  it('moves every encrypted setting to the newest key, keeps it decryptable, and never writes plaintext', async () => {
    const pool = db.current.pool;
    const old = new SettingsCipher([k1]);
    const plaintexts = new Map<string, string>();
    for (const slug of ['rot-a', 'rot-b', 'rot-c']) {
      const tenantId = await createTenant(slug);
      for (let i = 0; i < 9; i++) {
        const category = CATEGORIES[i % CATEGORIES.length]!;
        const key = `secret.${i}`;
        const plaintext = `plaintext-${slug}-${i}-${randomBytes(4).toString('hex')}`;
        const id = await insertSetting(
          tenantId,
          category,
          key,
          old.encrypt(plaintext, { tenantId, category, key }),
          true,
        );
        plaintexts.set(id, plaintext);
      }
      await insertSetting(tenantId, 'general', 'public.name', 'not a secret', false);
      await insertSetting(tenantId, 'security', 'unset.secret', null, true);
    }

    const rotated = new SettingsCipher([k2, k1]);
    const result = await reencryptSettings(pool, rotated, { batchSize: 4 });
    expect(result).toEqual({ scanned: 27, reencrypted: 27, skipped: 0, failed: [] });

    const rows = await allSettings();
    for (const row of rows.filter((r) => plaintexts.has(r.id))) {
      expect(rotated.keyIdOf(row.value!)).toBe('k2');
      expect(rotated.decrypt(row.value!, aadOf(row))).toBe(plaintexts.get(row.id));
      // Only the new key is needed from now on.
      expect(new SettingsCipher([k2]).decrypt(row.value!, aadOf(row))).toBe(plaintexts.get(row.id));
    }
    const dump = JSON.stringify(rows);
    for (const plaintext of plaintexts.values()) expect(dump).not.toContain(plaintext);
    expect(rows.filter((r) => r.key === 'public.name').map((r) => r.value)).toEqual([
      'not a secret',
      'not a secret',
      'not a secret',
    ]);
    expect(rows.filter((r) => r.key === 'unset.secret').map((r) => r.value)).toEqual([null, null, null]);

    expect(await reencryptSettings(pool, rotated)).toEqual({ scanned: 0, reencrypted: 0, skipped: 0, failed: [] });
  });

  it('reports rows it cannot decrypt and re-encrypts the others', async () => {
    const tenantId = await createTenant('rot-unreadable');
    const aad = (key: string) => ({ tenantId, category: 'security', key });
    const lost = await insertSetting(
      tenantId,
      'security',
      'lost',
      new SettingsCipher([k0]).encrypt('gone', aad('lost')),
      true,
    );
    const tampered = await insertSetting(
      tenantId,
      'security',
      'moved',
      new SettingsCipher([k1]).encrypt('x', aad('elsewhere')),
      true,
    );
    const fine = await insertSetting(
      tenantId,
      'security',
      'fine',
      new SettingsCipher([k1]).encrypt('ok', aad('fine')),
      true,
    );

    const result = await reencryptSettings(db.current.pool, new SettingsCipher([k2, k1]));

    expect(result.reencrypted).toBe(1);
    expect(result.failed).toEqual(
      expect.arrayContaining([
        { id: lost, error: expect.stringMatching(/key "k0", which is not configured/) },
        { id: tampered, error: expect.stringMatching(/does not authenticate/) },
      ]),
    );
    expect(result.failed).toHaveLength(2);
    const rows = await allSettings();
    expect(new SettingsCipher([k2]).decrypt(rows.find((r) => r.id === fine)!.value!, aad('fine'))).toBe('ok');
    expect(new SettingsCipher([k0]).keyIdOf(rows.find((r) => r.id === lost)!.value!)).toBe('k0');
    await db.current.pool.query('DELETE FROM tenants WHERE id = $1', [tenantId]);
  });

  it('never overwrites a value written between its read and its update (optimistic check)', async () => {
    const pool = db.current.pool;
    const tenantId = await createTenant('rot-race');
    const aad = { tenantId, category: 'billing', key: 'api.token' };
    const id = await insertSetting(
      tenantId,
      'billing',
      'api.token',
      new SettingsCipher([k1]).encrypt('first', aad),
      true,
    );

    // Another gateway, still on the old key list, writes a new value; its transaction holds the row.
    const writer = new pg.Client({ connectionString: db.current.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('UPDATE tenant_settings SET value = $1 WHERE id = $2', [
        new SettingsCipher([k1]).encrypt('second', aad),
        id,
      ]);
      const running = reencryptSettings(pool, new SettingsCipher([k2, k1]));
      await someoneWaitsForALock(pool);
      await writer.query('COMMIT');
      const result = await running;
      expect(result.failed).toEqual([]);
    } finally {
      await writer.end();
    }

    const { rows } = await pool.query<{ value: string }>('SELECT value FROM tenant_settings WHERE id = $1', [id]);
    const cipher = new SettingsCipher([k2]);
    expect(cipher.keyIdOf(rows[0]!.value)).toBe('k2');
    expect(cipher.decrypt(rows[0]!.value, aad)).toBe('second');
  });
});
