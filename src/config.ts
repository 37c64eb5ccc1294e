// Every environment variable is read here, once. Nothing else touches process.env, so tests can
// build a Config from a plain object and a typo in production stops start-up with the variable's name.
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], {
    message: 'expected true/false (or 1/0, on/off, yes/no)',
  })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), { message: 'expected a postgres:// or postgresql:// URL' });

const hostname = z
  .string()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'expected a host name such as example.com or localhost',
  });

const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(part);
    const key = match ? Buffer.from(match[2]!, 'base64') : undefined;
    if (!match || key?.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'each entry must be keyId:base64(32 bytes), newest first' });
      return z.NEVER;
    }
    if (keys.some((k) => k.id === match[1])) {
      ctx.addIssue({ code: 'custom', message: `key id "${match[1]}" appears twice` });
      return z.NEVER;
    }
    keys.push({ id: match[1]!, key });
  }
  return keys;
});

// `ip`, `ip:port` or `[ipv6]:port`, comma-separated: the forms Resolver#setServers accepts.
const dnsServers = z.string().transform((raw, ctx) => {
  const servers = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const server of servers) {
    const match = /^\[(.+)\]:(\d{1,5})$/.exec(server) ?? /^([^:]+):(\d{1,5})$/.exec(server);
    const ip = match ? match[1]! : server;
    const port = match ? Number(match[2]) : 53;
    if (!isIP(ip) || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${server}" is not ip, ip:port or [ipv6]:port` });
      return z.NEVER;
    }
  }
  return servers;
});

const schema = z.object({
  // Unset is production: a deployment that forgets NODE_ENV must not get development secrets, the
  // explorer, introspection, IP hosts or demo tenants. npm scripts set development for a local run.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),

  DATABASE_URL: postgresUrl.optional(),
  /** The server itself when DATABASE_URL goes through a transaction pooler (PgBouncer): LISTEN, session locks, DDL. */
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  DATABASE_RUNTIME_URL: postgresUrl.optional(),
  EMBEDDED_POSTGRES_PORT: int(1, 65535).default(54329),
  DATABASE_POOL_MAX: int(1, 1000).default(10),
  DATABASE_POOL_MAX_LIFETIME_SECONDS: int(0, 86_400).default(300),
  DATABASE_POOL_IDLE_TIMEOUT_MS: int(0, 3_600_000).default(10_000),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),

  BASE_DOMAIN: hostname.default('localhost'),
  TRUST_PROXY: bool.default(false),
  HOST_CACHE_TTL_SECONDS: int(1, 86_400).default(60),
  HOST_CACHE_MAX: int(1, 1_000_000).default(10_000),
  UNKNOWN_HOST_POLICY: z.enum(['reject', 'platform']).optional(),

  TENANT_CLIENT_CACHE_MAX: int(1, 100_000).default(100),
  /** Spare tenant schemas kept ready for signups (0: every signup creates its schema). */
  TENANT_SPARE_SCHEMAS: int(0, 1000).default(0),
  TENANT_CLIENT_CACHE_TTL_SECONDS: int(1, 86_400).default(600),
  MEMBERSHIP_CACHE_MAX: int(0, 1_000_000).default(10_000),
  MEMBERSHIP_CACHE_TTL_SECONDS: int(0, 3_600).default(60),

  DNS_RESOLVERS: dnsServers.optional(),
  DNS_TIMEOUT_MS: int(100, 60_000).default(5_000),
  DOMAIN_CLAIM_TTL_HOURS: int(1, 8_760).default(168),
  MAX_DOMAINS_PER_TENANT: int(1, 10_000).default(20),
  API_CALL_LIMIT_MODE: z.enum(['hard', 'soft', 'off']).default('hard'),
  USAGE_FLUSH_INTERVAL_MS: int(100, 3_600_000).default(10_000),
  STORAGE_USAGE_REFRESH_SECONDS: int(0, 604_800).default(3_600),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEY: z.string().min(1).optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_MAX_TOKEN_LIFETIME_SECONDS: int(60, 31_536_000).default(86_400),
  SETTINGS_ENCRYPTION_KEYS: encryptionKeys.optional(),

  // Edge hardening: defaults match GraphQL Armor's (production included); see README "Security defaults".
  GRAPHQL_MAX_DEPTH: int(1, 100).default(6),
  GRAPHQL_MAX_ALIASES: int(0, 1000).default(15),
  GRAPHQL_MAX_TOKENS: int(10, 100_000).default(1000),
  GRAPHQL_MAX_COST: int(1, 1_000_000).default(5000),
  GRAPHQL_MAX_DIRECTIVES: int(0, 1000).default(50),
  GRAPHQL_BATCH_LIMIT: int(0, 100).default(0),
  GRAPHQL_EXECUTION_TIMEOUT_MS: int(100, 600_000).default(10_000),
  MAX_REQUEST_BODY_BYTES: int(1024, 50_000_000).default(102_400),
  GRAPHIQL_ENABLED: bool.optional(),
  INTROSPECTION_ENABLED: bool.optional(),
  // Trusted documents (persisted operations): see src/edge/trusted-documents.ts and README.
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'required']).optional(),
  TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  // OpenTelemetry: traces are exported over OTLP (HTTP, protobuf) only when an endpoint is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('tenant-gateway'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CORS_ORIGINS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.union([
            z.literal('*'),
            z.string().regex(/^https?:\/\/[^/\s,]+$/, 'each origin is scheme://host[:port], or *'),
          ]),
        )
        .min(1),
    )
    .optional(),
  CORS_CREDENTIALS: bool.default(false),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
});

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function toConfig(env: z.output<typeof schema>) {
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    /** Unset: pretty on a terminal in development, else JSON (src/logger.ts). */
    logFormat: env.LOG_FORMAT,
    dataDir: env.DATA_DIR,
    database: {
      url: env.DATABASE_URL,
      directUrl: env.DATABASE_DIRECT_URL,
      /** Requests run as this role (DML only) when set; DATABASE_URL's role keeps DDL (migrations, provisioning). */
      runtimeUrl: env.DATABASE_RUNTIME_URL,
      embeddedPort: env.EMBEDDED_POSTGRES_PORT,
      poolMax: env.DATABASE_POOL_MAX,
      maxLifetimeSeconds: env.DATABASE_POOL_MAX_LIFETIME_SECONDS,
      idleTimeoutMs: env.DATABASE_POOL_IDLE_TIMEOUT_MS,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    baseDomain: env.BASE_DOMAIN,
    trustProxy: env.TRUST_PROXY,
    hostCache: { max: env.HOST_CACHE_MAX, ttlMs: env.HOST_CACHE_TTL_SECONDS * 1000 },
    /** What a host that names no tenant gets: 404, or the platform context (the original design, in development). */
    unknownHostPolicy: env.UNKNOWN_HOST_POLICY ?? (env.NODE_ENV === 'development' ? 'platform' : 'reject'),
    clientCache: { max: env.TENANT_CLIENT_CACHE_MAX, ttlMs: env.TENANT_CLIENT_CACHE_TTL_SECONDS * 1000 },
    membershipCache: { max: env.MEMBERSHIP_CACHE_MAX, ttlMs: env.MEMBERSHIP_CACHE_TTL_SECONDS * 1000 },
    spareSchemas: env.TENANT_SPARE_SCHEMAS,
    dns: { resolvers: env.DNS_RESOLVERS?.length ? env.DNS_RESOLVERS : undefined, timeoutMs: env.DNS_TIMEOUT_MS },
    /** Unverified custom-domain claims lapse after this long; a tenant holds at most `maxPerTenant` domains. */
    domains: { claimTtlMs: env.DOMAIN_CLAIM_TTL_HOURS * 3_600_000, maxPerTenant: env.MAX_DOMAINS_PER_TENANT },
    usage: {
      apiCallLimitMode: env.API_CALL_LIMIT_MODE,
      flushIntervalMs: env.USAGE_FLUSH_INTERVAL_MS,
      storageRefreshMs: env.STORAGE_USAGE_REFRESH_SECONDS * 1000,
    },
    jwt: {
      secret: env.JWT_SECRET,
      publicKey: env.JWT_PUBLIC_KEY,
      jwksUrl: env.JWT_JWKS_URL,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      /** Tokens valid for longer than this (exp − iat, or exp − now) are refused. */
      maxLifetimeSeconds: env.JWT_MAX_TOKEN_LIFETIME_SECONDS,
    },
    encryptionKeys: env.SETTINGS_ENCRYPTION_KEYS,
    graphql: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxCost: env.GRAPHQL_MAX_COST,
      maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
      batchLimit: env.GRAPHQL_BATCH_LIMIT,
      executionTimeoutMs: env.GRAPHQL_EXECUTION_TIMEOUT_MS,
      maxRequestBodyBytes: env.MAX_REQUEST_BODY_BYTES,
      // The explorer and the schema are a developer's tools; production opts in explicitly.
      graphiql: env.GRAPHIQL_ENABLED ?? env.NODE_ENV !== 'production',
      introspection: env.INTROSPECTION_ENABLED ?? env.NODE_ENV !== 'production',
    },
    trustedDocuments: {
      // A manifest alone turns the check on: required in production, allow elsewhere.
      mode: (env.TRUSTED_DOCUMENTS ??
        (env.TRUSTED_DOCUMENTS_FILE ? (env.NODE_ENV === 'production' ? 'required' : 'allow') : 'off')) as
        'off' | 'allow' | 'required',
      file: env.TRUSTED_DOCUMENTS_FILE,
    },
    tracing: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    metrics: { token: env.METRICS_TOKEN },
    /** Browser origins allowed to call /graphql ('*': any, without credentials), and whether cookies/credentials may be sent. */
    cors: { origins: env.CORS_ORIGINS ?? ['*'], credentials: env.CORS_CREDENTIALS },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset": `FOO= npm start` must not turn into an invalid value.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = toConfig(parsed.data);
  if (config.trustedDocuments.mode !== 'off' && !config.trustedDocuments.file) {
    throw new ConfigError(
      `Invalid configuration:\n  TRUSTED_DOCUMENTS_FILE: TRUSTED_DOCUMENTS=${config.trustedDocuments.mode} needs the manifest of trusted documents`,
    );
  }
  if (config.cors.credentials && config.cors.origins.includes('*')) {
    throw new ConfigError(
      'Invalid configuration:\n  CORS_CREDENTIALS: needs an explicit CORS_ORIGINS list (never with *)',
    );
  }
  if (config.database.runtimeUrl && !config.database.url) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_RUNTIME_URL: needs DATABASE_URL (the migration role of the same database)',
    );
  }
  if (config.isProduction) {
    const missing: string[] = [];
    if (!config.jwt.secret && !config.jwt.publicKey && !config.jwt.jwksUrl) {
      missing.push('  JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL: production needs a key to verify tokens');
    }
    if (!config.encryptionKeys?.length) {
      missing.push('  SETTINGS_ENCRYPTION_KEYS: production needs at least one keyId:base64(32 bytes) key');
    }
    // Tokens from an identity provider are only this gateway's when they name it and their issuer.
    if ((config.jwt.publicKey || config.jwt.jwksUrl) && (!config.jwt.issuer || !config.jwt.audience)) {
      missing.push('  JWT_ISSUER and JWT_AUDIENCE: production needs both with JWT_PUBLIC_KEY or JWT_JWKS_URL');
    }
    if (config.jwt.jwksUrl && new URL(config.jwt.jwksUrl).protocol !== 'https:') {
      missing.push('  JWT_JWKS_URL: production fetches keys over https:// only');
    }
    if (missing.length) {
      const unset =
        present.NODE_ENV === undefined
          ? '\n(NODE_ENV is not set, so this is production; set NODE_ENV=development for a local gateway.)'
          : '';
      throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}${unset}`);
    }
  }
  return config;
}
