// A gateway's services and yoga instance on a test database, without listening. Tests take one from
// the test context (`gw`, test/helpers/fixtures.ts).
import type { Services } from '../../src/services.js';
import type { createGateway } from '../../src/yoga.js';
import type { TestDatabase } from './database.js';

export interface TestGateway {
  db: TestDatabase;
  services: Services;
  yoga: ReturnType<typeof createGateway>;
}
