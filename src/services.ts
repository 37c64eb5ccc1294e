// The long-lived parts of a running gateway, built once and handed to every request's context.
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import { ClientCache } from './tenancy/client-cache.js';

export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  clients: ClientCache;
}

export function createServices(config: Config, db: Database, logger: Logger): Services {
  return { config, db, logger, clients: new ClientCache(db.pool, config.clientCache) };
}

export async function closeServices(services: Services): Promise<void> {
  await services.clients.close();
  await services.db.close();
}
