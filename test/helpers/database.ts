// Each test file works in its own database, cloned from the run's migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createPool } from '../../src/db/pool.js';
import type { Database } from '../../src/db/database.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { databaseUrl } from './urls.js';

export interface TestDatabase extends Database {
  name: string;
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database with the control plane migrated. `empty` skips the template (for migrator tests). */
export async function createTestDatabase(opts: { empty?: boolean; poolMax?: number } = {}): Promise<TestDatabase> {
  const name = `gw_test_${inject('runId')}_${randomBytes(5).toString('hex')}`;
  await withAdmin(async (admin) => {
    const template = opts.empty ? 'template0' : inject('templateDatabase');
    // Two files cloning the template at the same instant can collide ("being accessed by other users").
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (err) {
        if (attempt >= 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
  const url = databaseUrl(inject('adminUrl'), name);
  const pool = createPool({
    url,
    max: opts.poolMax ?? 10,
    maxLifetimeSeconds: 300,
    idleTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    statementTimeoutMs: 60_000,
  });
  return {
    name,
    url,
    pool,
    embedded: false,
    async close() {
      await pool.end().catch(() => undefined);
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** Registers a per-file database: available inside tests as `db.current`. */
export function useTestDatabase(opts: { empty?: boolean; poolMax?: number } = {}) {
  const handle = {} as { current: TestDatabase };
  beforeAll(async () => {
    handle.current = await createTestDatabase(opts);
  });
  afterAll(async () => {
    await handle.current?.close();
  });
  return handle;
}

/** Fixed test keys: tokens are signed with TEST_JWT_SECRET (test/helpers/api.ts). */
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
export const TEST_ENCRYPTION_KEYS = `test1:${Buffer.alloc(32, 1).toString('base64')}`;

export function testConfig(overrides: Record<string, string> = {}, url?: string): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    ...(url ? { DATABASE_URL: url } : {}),
    ...overrides,
  });
}
