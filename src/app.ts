// Boots a gateway: database → control-plane migrations → services → yoga → HTTP server.
// main.ts calls this for `npm start`; tests and benchmarks call it to get a real HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDevelopmentSecrets } from './auth/dev-secrets.js';
import type { Config } from './config.js';
import { trackRequests } from './edge/drain.js';
import { refuseUnparsableRequests } from './edge/request-target.js';
import { migrateControlPlane } from './db/control-plane.js';
import { ddlPool, openDatabase } from './db/database.js';
import { ensureRuntimeGrants } from './db/runtime-role.js';
import type { Logger } from './logger.js';
import { closeServices, createServices, startServices, type Services } from './services.js';
import { citusVersion } from './db/citus.js';
import { seedDemoTenants } from './tenancy/lifecycle/demo-seed.js';
import { createGateway } from './yoga.js';

export interface RunningGateway {
  server: Server;
  url: string;
  services: Services;
  stop(): Promise<void>;
}

export async function startGateway(configured: Config, logger: Logger): Promise<RunningGateway> {
  const config = await withDevelopmentSecrets(configured, logger);
  const db = await openDatabase(config, logger);
  try {
    const migrated = await migrateControlPlane(ddlPool(db));
    if (migrated.applied.length) logger.info({ applied: migrated.applied }, 'control-plane migrations applied');
    const citus = await citusVersion(db.pool);
    if (citus)
      logger.info(
        { citus },
        'Citus detected: tenant schemas are created as distributed schemas (schema-based sharding)',
      );
    if (db.runtimeRole) {
      const granted = await ensureRuntimeGrants(ddlPool(db), db.runtimeRole);
      logger.info(
        { role: db.runtimeRole, tenantSchemas: granted.schemas },
        'requests run as the runtime role (DML only)',
      );
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  const services = createServices(config, db, logger);
  const yoga = createGateway(services);
  const server = createServer(refuseUnparsableRequests(yoga));
  const requests = trackRequests(server);
  try {
    await startServices(services);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // Nothing may outlive a failed start: above all not an embedded Postgres nobody will stop.
    await closeServices(services).catch((closeErr: Error) =>
      logger.warn({ err: closeErr.message }, 'cleanup after a failed start failed'),
    );
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is already in use: stop what holds it or set PORT`, {
        cause: err,
      });
    }
    throw err;
  }
  // /readyz answers 503 from the first request until the demo seed (development only) is done.
  const seeded = services.readiness.begin('seeding demo tenants');
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // Development on an empty database only; logs how to query the demo tenants.
  await seedDemoTenants(services, { url }).finally(seeded);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Order: stop accepting and drain requests → shutdown hooks (flush counters) → change
      // listener → client cache → pool → embedded Postgres (closeServices).
      const inFlight = requests.inFlight();
      if (inFlight) logger.info({ inFlight }, 'waiting for in-flight requests');
      if (!(await requests.drain(config.shutdownTimeoutMs))) {
        logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests cut off at SHUTDOWN_TIMEOUT_MS');
      }
      await closeServices(services);
    })());
  return { server, url, services, stop };
}
