// The long-lived parts of a running gateway, built once and handed to every request's context.
import { Authenticator } from './auth/authenticator.js';
import type { Config } from './config.js';
import { ddlPool, directUrl, type Database } from './db/database.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { traceDriverAdapter, traceStatement, tracingEnabled } from './observability/tracing.js';
import { Readiness } from './readiness.js';
import { ShutdownHooks, type ShutdownHook } from './shutdown-hooks.js';
import { ChangeBus } from './tenancy/changes.js';
import { ClientCache } from './tenancy/client-cache.js';
import { HostResolver } from './tenancy/host-resolver.js';
import { MembershipCache } from './tenancy/membership-cache.js';
import { Provisioner } from './tenancy/lifecycle/provisioner.js';
import { BackupService } from './tenancy/lifecycle/backup-service.js';
import { SparePool } from './tenancy/lifecycle/spare-schemas.js';
import { migrationFiles, TENANT_SQL_DIR } from './db/migration-files.js';
import { SettingsCipher } from './control-plane/settings-crypto.js';
import { DomainService } from './control-plane/domain-service.js';
import { MemberService } from './control-plane/member-service.js';
import { SettingService } from './control-plane/setting-service.js';
import { UserService } from './tenant-data/user-service.js';
import { UsageMeter } from './control-plane/usage-meter.js';
import { refreshAllStorageUsage } from './control-plane/usage-refresh.js';
import { recordUsageHistory } from './control-plane/usage-history.js';

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
  /** Backups as records: list, delete, prune, restore without downtime, clone (src/tenancy/lifecycle/backups.ts). */
  backups: BackupService;
  /** Spare tenant schemas (TENANT_SPARE_SCHEMAS) that signups claim instead of waiting for DDL. */
  spares: SparePool;
  /** Membership changes: seat count, membership caches of every gateway, audit (control-plane/member-service.ts). */
  members: MemberService;
  /** Custom domains: add, verify by DNS, set primary, remove; routing announced, audited. */
  domains: DomainService;
  /** Settings: storage limit, validation, encryption, audit. */
  settings: SettingService;
  /** The tenant's own users: storage limit, validation, written through the tenant's binding, audit. */
  users: UserService;
  /** Encrypts settings; null when no SETTINGS_ENCRYPTION_KEYS are configured. */
  cipher: SettingsCipher | null;
  /** Counts API calls per tenant in memory; flushed on an interval and at shutdown. */
  usage: UsageMeter;
  /** This gateway's Prometheus registry (GET /metrics); add your own series to `metrics.registry`. */
  metrics: GatewayMetrics;
  /** Registers work for a graceful stop: runs after in-flight requests finish, before the pool closes. */
  onShutdown(hook: ShutdownHook, name?: string): void;
  shutdownHooks: ShutdownHooks;
  /** Start-up work /readyz waits for (the demo seed); see readiness.ts. */
  readiness: Readiness;
}

export function createServices(config: Config, db: Database, logger: Logger): Services {
  // With tracing on, every statement the tenant engine routes is a db.statement span (observability/tracing.ts).
  // With tracing on, every statement is a span: tenant ones with the schema they were routed to.
  const clients = new ClientCache(
    db.pool,
    tracingEnabled()
      ? {
          ...config.clientCache,
          engine: { around: traceStatement },
          wrapControlAdapter: (adapter) => traceDriverAdapter(adapter, 'public'),
        }
      : config.clientCache,
  );
  const changes = new ChangeBus(db.pool, (err) => logger.warn({ err: err.message }, 'tenant change listener error'));
  changes.subscribe((change) => {
    for (const schema of change.schemas ?? []) clients.invalidate(schema);
  });
  const hosts = new HostResolver(clients.control(), config.hostCache);
  changes.subscribe(() => hosts.invalidateAll());
  const memberships = new MembershipCache(clients.control(), config.membershipCache);
  changes.subscribe((change) => memberships.onChange(change));
  const auth = new Authenticator(config.jwt, db.pool, (err) =>
    logger.warn({ err: err.message }, 'JWT key set unavailable'),
  );
  const spares = new SparePool({
    pool: ddlPool(db),
    target: config.spareSchemas,
    files: migrationFiles(TENANT_SQL_DIR),
    onError: (err) => logger.warn({ err: err.message }, 'spare schema refill failed'),
  });
  // DDL runs as the migration role (and past a pooler); everything else here serves requests as the runtime role (db.pool).
  const provisioner = new Provisioner({
    pool: ddlPool(db),
    runtimeRole: db.runtimeRole ?? undefined,
    clients,
    changes,
    logger,
    baseDomain: config.baseDomain,
    spares,
  });
  const backups = new BackupService({
    pool: ddlPool(db),
    runtimeRole: db.runtimeRole ?? undefined,
    clients,
    changes,
    logger,
    provisioner,
    baseDomain: config.baseDomain,
  });
  const cipher = config.encryptionKeys?.length ? new SettingsCipher(config.encryptionKeys) : null;
  const shutdownHooks = new ShutdownHooks();
  const usage = new UsageMeter({ pool: db.pool, logger, flushIntervalMs: config.usage.flushIntervalMs });
  const members = new MemberService({ clients, pool: db.pool, changes });
  const domains = new DomainService(
    {
      db: clients.control(),
      changes,
      baseDomain: config.baseDomain,
      dns: { servers: config.dns.resolvers, timeoutMs: config.dns.timeoutMs },
      claimTtlMs: config.domains.claimTtlMs,
      maxPerTenant: config.domains.maxPerTenant,
    },
    clients,
  );
  const settings = new SettingService({ clients, pool: db.pool, cipher });
  const users = new UserService({ clients, pool: db.pool });
  const services: Services = {
    config,
    db,
    logger,
    clients,
    changes,
    hosts,
    memberships,
    auth,
    cipher,
    provisioner,
    backups,
    usage,
    spares,
    members,
    domains,
    settings,
    users,
    // Read at scrape time, so whatever services hold then is what /metrics reports.
    metrics: new GatewayMetrics(() => services),
    shutdownHooks,
    onShutdown: (hook, name) => shutdownHooks.add(hook, name),
    readiness: new Readiness(),
  };
  return services;
}

/** Starts what needs a live database connection of its own (cross-process change notifications). */
export async function startServices(services: Services): Promise<void> {
  await services.changes.listen(directUrl(services.db));
  services.usage.start();
  services.spares.start();
  services.onShutdown(() => services.spares.stop(), 'stop spare schema refills');
  services.onShutdown(() => services.usage.stop(), 'flush API call counts');
  const every = services.config.usage.storageRefreshMs;
  if (every > 0) {
    const timer = setInterval(() => {
      refreshAllStorageUsage(services.db.pool)
        .catch((err: Error) => services.logger.warn({ err: err.message }, 'storage usage refresh failed'))
        // then the day's and month's usage history rows (usage-history.ts)
        .then(() => recordUsageHistory(services.db.pool))
        .catch((err: Error) => services.logger.warn({ err: err.message }, 'usage history failed'));
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
