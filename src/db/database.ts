// A running database for the gateway: the configured server, or an embedded one under DATA_DIR.
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { createPool } from './pool.js';

export interface Database {
  url: string;
  pool: pg.Pool;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseLogger {
  info(msg: string): void;
  warn(obj: object, msg: string): void;
}

export async function openDatabase(config: Config, log: DatabaseLogger): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url = config.database.url;
  if (!url) {
    const dataDir = path.join(config.dataDir, 'postgres');
    log.info(`DATABASE_URL is not set: starting embedded Postgres (data in ${dataDir}, port ${config.database.embeddedPort})`);
    server = await startEmbeddedPostgres({ dataDir, port: config.database.embeddedPort });
    url = server.url;
  }
  const pool = createPool({
    url,
    max: config.database.poolMax,
    maxLifetimeSeconds: config.database.maxLifetimeSeconds,
    idleTimeoutMs: config.database.idleTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
    onError: (err) => log.warn({ err: err.message }, 'database connection error (connection discarded)'),
  });
  return {
    url,
    pool,
    embedded: Boolean(server),
    async close() {
      await pool.end().catch(() => undefined);
      await server?.stop();
    },
  };
}
