// What every operator command runs in: the gateway's own configuration and services (so a state
// change goes through the same Provisioner, which announces it on the ChangeBus and makes running
// gateways drop their cached tenant), on the same database the gateway would use:
// DATABASE_URL; else the embedded Postgres of a gateway already running on DATA_DIR (never stopped
// here); else an embedded Postgres started for this command and stopped after it.
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { withDevelopmentSecrets } from '../auth/dev-secrets.js';
import { loadConfig, type Config } from '../config.js';
import { migrateControlPlane } from '../db/control-plane.js';
import { openDatabase, type Database } from '../db/database.js';
import { runningEmbeddedServer } from '../db/running-embedded.js';
import type { Logger } from '../logger.js';
import type { AuditActor } from '../control-plane/audit.js';
import { closeServices, createServices, type Services } from '../services.js';

export interface OperatorOptions {
  /** Apply pending control-plane migrations first, as a gateway does at start (doctor only looks). */
  migrate?: boolean;
  /** Log at LOG_LEVEL instead of warnings only. */
  verbose?: boolean;
}

export interface Operator {
  /** With development secrets filled in (what the gateway runs with). */
  config: Config;
  /** As the environment gives it, before development secrets are generated (doctor reports on it). */
  configured: Config;
  services: Services;
  /** How the database was reached, for messages. */
  database: 'url' | 'running-embedded' | 'started-embedded';
}

/**
 * Who runs a lifecycle command, for its audit entry (metadata.operator, no account): --actor, else
 * the OS user running the CLI.
 */
export function operatorActor(name?: string): AuditActor {
  let user = name;
  try {
    user ??= os.userInfo().username;
  } catch {
    user ??= process.env.USER ?? process.env.LOGNAME;
  }
  return { accountId: null, kind: 'operator', label: user || 'unknown' };
}

/** Logs go to stderr: stdout is the command's answer (a table, JSON, a token). */
export function operatorLogger(config: Config, verbose = false): Logger {
  const level = verbose || ['fatal', 'error', 'silent'].includes(config.logLevel) ? config.logLevel : 'warn';
  return pino({ level, base: { service: 'tenant-gateway-cli' } }, pino.destination(2));
}

async function database(config: Config, logger: Logger): Promise<{ db: Database; how: Operator['database'] }> {
  const log = { info: (msg: string) => logger.info(msg), warn: (obj: object, msg: string) => logger.warn(obj, msg) };
  if (config.database.url) return { db: await openDatabase(config, log), how: 'url' };
  const running = runningEmbeddedServer(path.join(config.dataDir, 'postgres'));
  if (running) {
    logger.info({ pid: running.pid, port: running.port }, 'using the embedded Postgres already running on DATA_DIR');
    return {
      db: await openDatabase({ ...config, database: { ...config.database, url: running.url } }, log),
      how: 'running-embedded',
    };
  }
  process.stderr.write(
    `DATABASE_URL is not set and no gateway is running on ${config.dataDir}: starting embedded Postgres for this command\n`,
  );
  return { db: await openDatabase(config, log), how: 'started-embedded' };
}

export async function withOperator<T>(opts: OperatorOptions, fn: (op: Operator) => Promise<T>): Promise<T> {
  const configured = loadConfig();
  const config = await withDevelopmentSecrets(configured);
  const logger = operatorLogger(config, opts.verbose);
  const { db, how } = await database(config, logger);
  let services: Services | undefined;
  try {
    if (opts.migrate) await migrateControlPlane(db.migrationPool ?? db.pool);
    services = createServices(config, db, logger);
    return await fn({ config, configured, services, database: how });
  } finally {
    if (services) await closeServices(services);
    else await db.close();
  }
}
