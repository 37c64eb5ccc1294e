// `npm run settings:reencrypt` as an operator runs it after putting a new key first in
// SETTINGS_ENCRYPTION_KEYS: a separate process, configured by its environment, on a real database.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SettingsCipher } from '../../../src/control-plane/settings-crypto.js';
import { useTestDatabase } from '../../helpers/database.js';
import { runProcess } from '../../helpers/cli.js';

const db = useTestDatabase();
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const keysEnv = (...keys: { id: string; key: Buffer }[]) =>
  keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

function reencrypt(env: Record<string, string>, args: string[] = []) {
  return runProcess(['--import', 'tsx', 'src/cli/settings-reencrypt.ts', ...args], {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.current.url,
    ...env,
  });
}

async function tenant(): Promise<string> {
  const slug = `cli${randomBytes(4).toString('hex')}`;
  const { rows } = await db.current.pool.query<{ id: string }>(
    `INSERT INTO tenants (name, slug, schema_name, status) VALUES ($1, $1, $1, 'active') RETURNING id`,
    [slug],
  );
  return rows[0]!.id;
}

/** Stores `plaintext` encrypted as the gateway would, with `cipher`; returns the row id. */
async function secret(tenantId: string, key: string, plaintext: string, cipher: SettingsCipher): Promise<string> {
  const value = cipher.encrypt(plaintext, { tenantId, category: 'security', key });
  const { rows } = await db.current.pool.query<{ id: string }>(
    `INSERT INTO tenant_settings (tenant_id, category, key, value, encrypted) VALUES ($1, 'security', $2, $3, true) RETURNING id`,
    [tenantId, key, value],
  );
  return rows[0]!.id;
}

async function stored(id: string) {
  const { rows } = await db.current.pool.query<{ tenant_id: string; key: string; value: string }>(
    'SELECT tenant_id, key, value FROM tenant_settings WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

describe('npm run settings:reencrypt', () => {
  it('moves every setting under an older key to the newest one, prints a summary, exits 0, and has nothing to do the second time', async () => {
    const old = new SettingsCipher([k1]);
    const plaintexts = new Map<string, string>();
    for (const tenantId of [await tenant(), await tenant()]) {
      for (const key of ['apiKey', 'webhookSecret', 'smtpPassword']) {
        const plaintext = `${key}-${randomBytes(6).toString('hex')}`;
        plaintexts.set(await secret(tenantId, key, plaintext, old), plaintext);
      }
    }

    const first = await reencrypt({ SETTINGS_ENCRYPTION_KEYS: keysEnv(k2, k1) }, ['--batch-size', '4']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      '6 encrypted settings under older keys: 6 re-encrypted under key k2, 0 changed meanwhile (left as written), 0 failed\n',
    );
    const onlyNewKey = new SettingsCipher([k2]);
    for (const [id, plaintext] of plaintexts) {
      const row = await stored(id);
      expect(row.value).toMatch(/^v1:k2:/);
      expect(onlyNewKey.decrypt(row.value, { tenantId: row.tenant_id, category: 'security', key: row.key })).toBe(
        plaintext,
      );
    }

    const second = await reencrypt({ SETTINGS_ENCRYPTION_KEYS: keysEnv(k2, k1) });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^0 encrypted settings under older keys: 0 re-encrypted/);
  });

  it('names each setting it could not re-encrypt on stderr and exits 1, re-encrypting the others', async () => {
    const old = new SettingsCipher([k1]);
    const a = await tenant();
    const b = await tenant();
    const good = await secret(a, 'apiKey', 'fine', old);
    const broken = await secret(b, 'apiKey', 'placeholder', old);
    // a's ciphertext copied into b's row: its additional data (tenant, category, key) does not match
    await db.current.pool.query(
      'UPDATE tenant_settings SET value = (SELECT value FROM tenant_settings WHERE id = $1) WHERE id = $2',
      [good, broken],
    );
    const brokenBefore = (await stored(broken)).value;

    const run = await reencrypt({ SETTINGS_ENCRYPTION_KEYS: keysEnv(k2, k1) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^2 encrypted settings under older keys: 1 re-encrypted under key k2, 0 changed meanwhile \(left as written\), 1 failed\n$/,
    );
    expect(run.stderr).toContain(`failed: setting ${broken}: encrypted value does not authenticate under key "k1"`);
    expect(run.stderr).not.toContain('fine');
    expect((await stored(good)).value).toMatch(/^v1:k2:/);
    expect((await stored(broken)).value).toBe(brokenBefore);
  });

  it('refuses to run without SETTINGS_ENCRYPTION_KEYS or with a bad --batch-size, exiting 1 with a message', async () => {
    const noKeys = await reencrypt({});
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toContain('SETTINGS_ENCRYPTION_KEYS is not set');
    const badBatch = await reencrypt({ SETTINGS_ENCRYPTION_KEYS: keysEnv(k2) }, ['--batch-size', 'lots']);
    expect(badBatch.code).toBe(1);
    expect(badBatch.stderr).toContain('--batch-size must be a whole number');
    expect(badBatch.stdout).toBe('');
  });
});
