// The gateway's services and yoga on the Citus coordinator of the run (test/citus/global-setup.ts).
import { afterAll, beforeAll, inject } from 'vitest';
import { createPool } from '../../src/db/pool.js';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { createGateway } from '../../src/yoga.js';
import type { TestGateway } from '../helpers/gateway.js';
import { testConfig, type TestDatabase } from '../helpers/database.js';

/** False only outside CI on a machine without Citus (the global setup then says so). */
export const citusAvailable = () => inject('citusUrl') !== '';

/** A slug unique to this run and file: every file shares the coordinator's one database. */
export const citusSlug = (prefix: string) =>
  `${prefix}-${inject('citusRunId')}-${Math.random().toString(36).slice(2, 6)}`;

export function useCitusGateway(env: Record<string, string> = {}) {
  const handle = {} as { current: TestGateway };
  beforeAll(() => {
    const url = inject('citusUrl');
    const pool = createPool({
      url,
      max: 10,
      maxLifetimeSeconds: 300,
      idleTimeoutMs: 10_000,
      connectTimeoutMs: 10_000,
      statementTimeoutMs: 120_000,
    });
    const db: TestDatabase = { name: 'citus', url, pool, embedded: false, close: () => pool.end() };
    const config = testConfig(env, url);
    const services = createServices(config, db, createLogger(config));
    handle.current = { db, services, yoga: createGateway(services) };
  });
  afterAll(async () => {
    await handle.current?.services.clients.close();
    await handle.current?.db.close();
  });
  return handle;
}
