// The long-lived parts of a running gateway, built once and handed to every request's context.
import { Authenticator } from './auth/authenticator.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { ShutdownHooks, type ShutdownHook } from './shutdown-hooks.js';
import { ChangeBus } from './tenancy/changes.js';
import { ClientCache } from './tenancy/client-cache.js';
import { HostResolver } from './tenancy/host-resolver.js';
import { MembershipCache } from './tenancy/membership-cache.js';
import { Provisioner } from './tenancy/provisioner.js';
import { SettingsCipher } from './tenancy/settings-crypto.js';
import { UsageMeter } from './tenancy/usage-meter.js';
import { refreshAllStorageUsage } from './tenancy/usage-refresh.js';

export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  clients: ClientCache;
  changes: ChangeBus;
  /** Host → tenant, cached; cleared on every tenant/domain change (here or in another gateway). */
  hosts: HostResolver;
  /** Active memberships per (account, tenant), dropped on every member/tenant change (any gateway). */
  memberships: MembershipCache;
  /** Authorization: Bearer <JWT> → viewer (accounts upserted by email). */
  auth: Authenticator;
  /** Tenant lifecycle: create (provisions the schema), update, suspend, activate, archive, delete, backup. */
  provisioner: Provisioner;
  /** Encrypts settings; null when no SETTINGS_ENCRYPTION_KEYS are configured. */
  cipher: SettingsCipher | null;
  /** Counts API calls per tenant in memory; flushed on an interval and at shutdown. */
  usage: UsageMeter;
  /** This gateway's Prometheus registry (GET /metrics); add your own series to `metrics.registry`. */
  metrics: GatewayMetrics;
  /** Registers work for a graceful stop: runs after in-flight requests finish, before the pool closes. */
  onShutdown(hook: ShutdownHook, name?: string): void;
  shutdownHooks: ShutdownHooks;
}

export function createServices(config: Config, db: Database, logger: Logger): Services {
  const clients = new ClientCache(db.pool, config.clientCache);
  const changes = new ChangeBus(db.pool, (err) => logger.warn({ err: err.message }, 'tenant change listener error'));
  changes.subscribe((change) => {
    for (const schema of change.schemas ?? []) clients.invalidate(schema);
  });
  const hosts = new HostResolver(clients.control(), config.hostCache);
  changes.subscribe(() => hosts.invalidateAll());
  const memberships = new MembershipCache(clients.control(), config.membershipCache);
  changes.subscribe((change) => memberships.onChange(change));
  const auth = new Authenticator(config.jwt, db.pool, (err) => logger.warn({ err: err.message }, 'JWT key set unavailable'));
  // DDL runs as the migration role; everything else here serves requests as the runtime role (db.pool).
  const provisioner = new Provisioner({
    pool: db.migrationPool ?? db.pool, runtimeRole: db.runtimeRole ?? undefined, clients, changes, logger, baseDomain: config.baseDomain,
  });
  const cipher = config.encryptionKeys?.length ? new SettingsCipher(config.encryptionKeys) : null;
  const shutdownHooks = new ShutdownHooks();
  const usage = new UsageMeter({ pool: db.pool, logger, flushIntervalMs: config.usage.flushIntervalMs });
  const services: Services = {
    config, db, logger, clients, changes, hosts, memberships, auth, cipher, provisioner, usage,
    // Read at scrape time, so whatever services hold then is what /metrics reports.
    metrics: new GatewayMetrics(() => services),
    shutdownHooks,
    onShutdown: (hook, name) => shutdownHooks.add(hook, name),
  };
  return services;
}

/** Starts what needs a live database connection of its own (cross-process change notifications). */
export async function startServices(services: Services): Promise<void> {
  await services.changes.listen(services.db.url);
  services.usage.start();
  services.onShutdown(() => services.usage.stop(), 'flush API call counts');
  const every = services.config.usage.storageRefreshMs;
  if (every > 0) {
    const timer = setInterval(() => {
      refreshAllStorageUsage(services.db.pool).catch((err: Error) => services.logger.warn({ err: err.message }, 'storage usage refresh failed'));
    }, every).unref();
    services.onShutdown(() => clearInterval(timer), 'stop storage usage refresh');
  }
}

export async function closeServices(services: Services): Promise<void> {
  await services.shutdownHooks.run(services.logger, services.config.shutdownTimeoutMs);
  await services.changes.close();
  await services.clients.close();
  await services.db.close();
}
