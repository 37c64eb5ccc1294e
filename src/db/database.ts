// A running database for the gateway: the configured server, or an embedded one under DATA_DIR.
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { createPool } from './pool.js';
import { detectTransactionPooler, POOLER_WITHOUT_DIRECT_URL } from './pooler.js';

export interface Database {
  url: string;
  pool: pg.Pool;
  embedded: boolean;
  /**
   * Set when DATABASE_DIRECT_URL is: the server itself, bypassing a transaction pooler in front of
   * `url`. LISTEN/NOTIFY, session advisory locks, migrations and tenant DDL use it (ddlPool()).
   */
  direct?: { url: string; pool: pg.Pool };
  close(): Promise<void>;
}

/** The pool for DDL, migrations and session advisory locks: the direct one when there is a pooler. */
export const ddlPool = (db: Pick<Database, 'pool' | 'direct'>): pg.Pool => db.direct?.pool ?? db.pool;
/** The URL for a dedicated session (LISTEN). */
export const directUrl = (db: Pick<Database, 'url' | 'direct'>): string => db.direct?.url ?? db.url;

export class PoolerWithoutDirectUrlError extends Error {
  override name = 'PoolerWithoutDirectUrlError';
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
  let direct: Database['direct'];
  if (config.database.directUrl) {
    direct = {
      url: config.database.directUrl,
      // Provisioning holds a connection for a whole create; a few are enough for DDL and locks.
      pool: createPool({
        url: config.database.directUrl,
        max: Math.max(2, Math.ceil(config.database.poolMax / 2)),
        maxLifetimeSeconds: config.database.maxLifetimeSeconds,
        idleTimeoutMs: config.database.idleTimeoutMs,
        connectTimeoutMs: config.database.connectTimeoutMs,
        statementTimeoutMs: config.database.statementTimeoutMs,
        applicationName: 'tenant-gateway-direct',
        onError: (err) => log.warn({ err: err.message }, 'direct database connection error (connection discarded)'),
      }),
    };
  } else if (!server) {
    const pooled = await detectTransactionPooler(url, { connectTimeoutMs: config.database.connectTimeoutMs }).catch(() => false);
    if (pooled) {
      await pool.end().catch(() => undefined);
      throw new PoolerWithoutDirectUrlError(POOLER_WITHOUT_DIRECT_URL);
    }
  }
  return {
    url,
    pool,
    embedded: Boolean(server),
    direct,
    async close() {
      await pool.end().catch(() => undefined);
      await direct?.pool.end().catch(() => undefined);
      await server?.stop();
    },
  };
}
