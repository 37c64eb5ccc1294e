// A gateway's services and yoga instance on a test database, without listening (test/helpers/fixtures.ts makes one per file).
import type { Services } from '../../src/services.js';
import type { createGateway } from '../../src/yoga.js';
import type { TestDatabase } from './database.js';

export interface TestGateway {
  db: TestDatabase;
  services: Services;
  yoga: ReturnType<typeof createGateway>;
}
