// The key commands as processes: `token` signs what the gateway verifies; `settings reencrypt`
// moves encrypted settings to the newest key after a rotation.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../src/auth/token-verifier.js';
import { SettingsCipher } from '../../../src/control-plane/settings-crypto.js';
import { cliOn } from '../../helpers/cli.js';
import { TEST_JWT_SECRET, testConfig, useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();

const keyEnv = (...keys: { id: string; key: Buffer }[]) =>
  keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

describe('tenant-gateway token', () => {
  it('prints only a token the gateway accepts, with the requested claims', async () => {
    const run = await cliOn(db.current.url)(
      'token',
      '--email',
      'ops@example.com',
      '--name',
      'Ops',
      '--system-admin',
      '--role',
      'auditor',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const identity = await createTokenVerifier(testConfig({ JWT_SECRET: TEST_JWT_SECRET }).jwt)!.verify(
      run.stdout.trim(),
    );
    expect(identity).toMatchObject({
      email: 'ops@example.com',
      name: 'Ops',
      isSystemAdmin: true,
      roles: expect.arrayContaining(['auditor', 'system_admin']),
    });
  }, 30_000);

  it('refuses a missing or invalid email with exit code 1 and nothing on stdout', async () => {
    for (const args of [['token'], ['token', '--email', 'nope']]) {
      const run = await cliOn(db.current.url)(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/--email/);
    }
  }, 30_000);
});

describe('tenant-gateway settings reencrypt', () => {
  it('re-encrypts settings under older keys with the newest one, leaving plaintext and other rows as they were', async () => {
    const oldKey = { id: 'old', key: randomBytes(32) };
    const newKey = { id: 'new', key: randomBytes(32) };
    const { rows } = await db.current.pool.query(
      `INSERT INTO tenants (name, slug, schema_name, status) VALUES ('K', 'keys', 'tenant_keys', 'active') RETURNING id`,
    );
    const aad = { tenantId: rows[0].id as string, category: 'security', key: 'apiKey' };
    await db.current.pool.query(
      `INSERT INTO tenant_settings (tenant_id, category, key, value, encrypted) VALUES ($1, 'security', 'apiKey', $2, true), ($1, 'general', 'color', 'blue', false)`,
      [aad.tenantId, new SettingsCipher([oldKey]).encrypt('s3cret', aad)],
    );

    const run = await cliOn(db.current.url, { SETTINGS_ENCRYPTION_KEYS: keyEnv(newKey, oldKey) })(
      'settings',
      'reencrypt',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({ currentKeyId: 'new', scanned: 1, reencrypted: 1, skipped: 0, failed: [] });
    const stored = await db.current.pool.query(`SELECT key, value FROM tenant_settings ORDER BY key`);
    const secret = stored.rows.find((r) => r.key === 'apiKey')!.value as string;
    expect(secret.startsWith('v1:new:')).toBe(true);
    expect(new SettingsCipher([newKey]).decrypt(secret, aad)).toBe('s3cret');
    expect(stored.rows.find((r) => r.key === 'color')!.value).toBe('blue');

    const rerun = await cliOn(db.current.url, { SETTINGS_ENCRYPTION_KEYS: keyEnv(newKey, oldKey) })(
      'settings',
      'reencrypt',
    );
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toBe(
      '0 encrypted settings under older keys: 0 re-encrypted under key new, 0 changed meanwhile (left as written), 0 failed\n',
    );
  }, 60_000);

  it('exits 1 naming the setting it could not decrypt (its key is not configured)', async () => {
    const run = await cliOn(db.current.url, {
      SETTINGS_ENCRYPTION_KEYS: keyEnv({ id: 'other', key: randomBytes(32) }),
    })('settings', 'reencrypt');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      '1 encrypted settings under older keys: 0 re-encrypted under key other, 0 changed meanwhile (left as written), 1 failed\n',
    );
    expect(run.stderr).toMatch(/^failed: setting [0-9a-f-]{36}: /m);
  }, 60_000);
});
