// A gateway's services and yoga instance on a test database, without listening.
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { createGateway } from '../../src/yoga.js';
import { testConfig, useTestDatabase, type TestDatabase } from './database.js';

export interface TestGateway {
  db: TestDatabase;
  services: Services;
  yoga: ReturnType<typeof createGateway>;
}

/**
 * The older form of the `gw` fixture (test/helpers/fixtures.ts), kept for files written against it: new tests
 * take `gw` from the test context. `env` may be a function: it is called at beforeAll time.
 */
export function useTestGateway(env: Record<string, string> | (() => Record<string, string>) = {}) {
  const db = useTestDatabase();
  const handle = {} as { current: TestGateway };
  beforeAll(() => {
    const config = testConfig(typeof env === 'function' ? env() : env, db.current.url);
    const services = createServices(config, db.current, createLogger(config));
    handle.current = { db: db.current, services, yoga: createGateway(services) };
  });
  afterAll(async () => {
    await handle.current?.services.clients.close();
  });
  return handle;
}
