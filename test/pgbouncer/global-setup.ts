// A PgBouncer in transaction mode in front of the run's PostgreSQL server (after test/global-setup.ts).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGBOUNCER_BIN, startPgBouncer } from '../../src/db/pgbouncer.js';
import { freePort } from '../helpers/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgbouncerPort: number;
  }
}

export default async function setup(project: TestProject) {
  if (!PGBOUNCER_BIN) {
    if (process.env.CI === 'true')
      throw new Error(
        'pgbouncer is not installed (apt-get install pgbouncer): the PgBouncer suite must not be skipped in CI.',
      );
    console.warn('[pgbouncer] pgbouncer is not installed: the PgBouncer suite is skipped.');
    project.provide('pgbouncerPort', 0);
    return;
  }
  const server = new URL(project.getProvidedContext().adminUrl);
  const dir = path.resolve('.data', `test-pgbouncer-${randomBytes(3).toString('hex')}`);
  const bouncer = await startPgBouncer({
    dir,
    port: await freePort(),
    server: {
      host: server.hostname,
      port: Number(server.port || 5432),
      user: decodeURIComponent(server.username || 'postgres'),
      password: decodeURIComponent(server.password),
    },
    poolMode: 'transaction',
    poolSize: 20,
  });
  project.provide('pgbouncerPort', bouncer.port);
  return async () => {
    await bouncer.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
