import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_SECRETS_FILE, withDevelopmentSecrets } from '../../../src/auth/dev-secrets.js';
import { loadConfig } from '../../../src/config.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gw-dev-secrets-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const config = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'development', DATA_DIR: path.join(dataDir, 'nested'), ...env });
const key = `mine:${Buffer.alloc(32, 9).toString('base64')}`;

describe('withDevelopmentSecrets', () => {
  it('generates a JWT secret and an encryption key under DATA_DIR, readable by the owner only', async () => {
    const result = await withDevelopmentSecrets(config());
    expect(result.jwt.secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(result.encryptionKeys).toEqual([{ id: 'dev1', key: expect.any(Buffer) }]);
    expect(result.encryptionKeys![0]!.key).toHaveLength(32);
    const file = path.join(dataDir, 'nested', DEV_SECRETS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8')).jwtSecret).toBe(result.jwt.secret);
  });

  it('gives the same secrets on the next start, so tokens survive restarts', async () => {
    const first = await withDevelopmentSecrets(config());
    const second = await withDevelopmentSecrets(config());
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(second.encryptionKeys![0]!.key.equals(first.encryptionKeys![0]!.key)).toBe(true);
  });

  it('agrees between processes starting at the same moment', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => withDevelopmentSecrets(config())));
    expect(new Set(results.map((r) => r.jwt.secret)).size).toBe(1);
  });

  it('keeps what is configured and fills in only what is missing', async () => {
    const withSecret = await withDevelopmentSecrets(config({ JWT_SECRET: 's'.repeat(40) }));
    expect(withSecret.jwt.secret).toBe('s'.repeat(40));
    expect(withSecret.encryptionKeys?.[0]?.id).toBe('dev1');

    const withKeys = await withDevelopmentSecrets(config({ SETTINGS_ENCRYPTION_KEYS: key }));
    expect(withKeys.encryptionKeys?.map((k) => k.id)).toEqual(['mine']);
    expect(withKeys.jwt.secret).toBeDefined();

    const withPublicKey = await withDevelopmentSecrets(config({ JWT_PUBLIC_KEY: 'pem' }));
    expect(withPublicKey.jwt.secret).toBeUndefined();
  });

  it('generates nothing outside development', async () => {
    for (const env of ['test', 'production'] as const) {
      const base = loadConfig({
        NODE_ENV: env,
        DATA_DIR: dataDir,
        JWT_SECRET: 'p'.repeat(32),
        SETTINGS_ENCRYPTION_KEYS: key,
      });
      expect(await withDevelopmentSecrets(base)).toBe(base);
    }
    const bare = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    expect((await withDevelopmentSecrets(bare)).jwt.secret).toBeUndefined();
  });

  it('refuses a damaged secrets file with a message saying what to do', async () => {
    await withDevelopmentSecrets(config());
    await writeFile(path.join(dataDir, 'nested', DEV_SECRETS_FILE), '{"jwtSecret": 1}');
    await expect(withDevelopmentSecrets(config())).rejects.toThrow(/not a valid development secrets file: delete it/);
  });
});
