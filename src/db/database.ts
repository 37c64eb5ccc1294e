// A running database for the gateway: the configured server, or an embedded one under DATA_DIR.
import path from 'node:path';
import type pg from 'pg';
import { ConfigError, type Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { createPool } from './pool.js';
import { detectTransactionPooler, POOLER_WITHOUT_DIRECT_URL } from './pooler.js';
import { runtimeRoleOf } from './runtime-role.js';

export interface Database {
  url: string;
  /** The request pool: the runtime role (DATABASE_RUNTIME_URL) when one is configured, else DATABASE_URL's. */
  pool: pg.Pool;
  /** DDL (control-plane migrations, provisioning) as the migration role, when it differs from `pool`'s. */
  migrationPool?: pg.Pool;
  /** The runtime role's name, when requests run as another role than DDL. */
  runtimeRole?: string | null;
  embedded: boolean;
  /**
   * Set when DATABASE_DIRECT_URL is: the server itself, bypassing a transaction pooler in front of
   * `url`. LISTEN/NOTIFY, session advisory locks, migrations and tenant DDL use it (ddlPool()).
   */
  direct?: { url: string; pool: pg.Pool };
  close(): Promise<void>;
}

/**
 * The pool for DDL, migrations and session advisory locks: the direct one when there is a pooler
 * (DATABASE_DIRECT_URL, which then carries the migration role), else the migration role's when
 * requests run as a runtime role (DATABASE_RUNTIME_URL), else the one pool.
 */
export const ddlPool = (db: Pick<Database, 'pool' | 'direct' | 'migrationPool'>): pg.Pool =>
  db.direct?.pool ?? db.migrationPool ?? db.pool;
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
    // Its superuser's password is fixed and it listens for anyone on the machine: development only.
    if (config.isProduction) {
      throw new ConfigError(
        'DATABASE_URL is not set: production refuses to start the embedded Postgres (set DATABASE_URL, or NODE_ENV=development for a local gateway).',
      );
    }
    const dataDir = path.join(config.dataDir, 'postgres');
    log.info(
      `DATABASE_URL is not set: starting embedded Postgres (data in ${dataDir}, port ${config.database.embeddedPort})`,
    );
    server = await startEmbeddedPostgres({ dataDir, port: config.database.embeddedPort });
    url = server.url;
  }
  const poolOptions = {
    max: config.database.poolMax,
    maxLifetimeSeconds: config.database.maxLifetimeSeconds,
    idleTimeoutMs: config.database.idleTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
    onError: (err: Error) => log.warn({ err: err.message }, 'database connection error (connection discarded)'),
  };
  const runtimeRole = runtimeRoleOf(url, config.database.runtimeUrl);
  const pool = createPool({ ...poolOptions, url: runtimeRole ? config.database.runtimeUrl! : url });
  // DDL is rare (start-up, provisioning): its idle connections close after DATABASE_POOL_IDLE_TIMEOUT_MS.
  const migrationPool = runtimeRole
    ? createPool({ ...poolOptions, url, applicationName: 'tenant-gateway-ddl' })
    : undefined;
  let direct: Database['direct'];
  if (config.database.directUrl) {
    direct = {
      url: config.database.directUrl,
      // Provisioning holds a connection for a whole create; a few are enough for DDL and locks.
      pool: createPool({
        ...poolOptions,
        url: config.database.directUrl,
        max: Math.max(2, Math.ceil(config.database.poolMax / 2)),
        applicationName: 'tenant-gateway-direct',
        onError: (err) => log.warn({ err: err.message }, 'direct database connection error (connection discarded)'),
      }),
    };
  } else if (!server) {
    const pooled = await detectTransactionPooler(url, { connectTimeoutMs: config.database.connectTimeoutMs }).catch(
      () => false,
    );
    if (pooled) {
      await pool.end().catch(() => undefined);
      await migrationPool?.end().catch(() => undefined);
      throw new PoolerWithoutDirectUrlError(POOLER_WITHOUT_DIRECT_URL);
    }
  }
  return {
    url,
    pool,
    migrationPool,
    runtimeRole,
    embedded: Boolean(server),
    direct,
    async close() {
      await pool.end().catch(() => undefined);
      await migrationPool?.end().catch(() => undefined);
      await direct?.pool.end().catch(() => undefined);
      await server?.stop();
    },
  };
}
