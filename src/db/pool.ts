import pg from 'pg';

export interface PoolOptions {
  url: string;
  max: number;
  maxLifetimeSeconds: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName?: string;
  onError?: (err: Error) => void;
}

/**
 * The one pool of a database. Every Prisma client (one per schema) and every raw query shares it,
 * so connections never exceed `max` however many tenants are active.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    // Each backend caches catalog entries for every schema it touches (~45 KB per tenant):
    // recycling connections bounds that memory when thousands of schemas are served.
    maxLifetimeSeconds: opts.maxLifetimeSeconds,
    idleTimeoutMillis: opts.idleTimeoutMs,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    statement_timeout: opts.statementTimeoutMs || undefined,
    application_name: opts.applicationName ?? 'tenant-gateway',
    // Pinned: a role's or database's search_path setting never decides which schema unqualified SQL
    // reaches; tenant SQL names its schema (a binding's placeholder, or the quoted schema name).
    options: '-c search_path=public',
  });
  // Many PrismaPg adapters subscribe to one pool.
  pool.setMaxListeners(0);
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would kill
  // the process. The client is discarded and the next checkout opens a fresh connection.
  pool.on('error', (err) => opts.onError?.(err));
  // A checked-out client can fail too (e.g. pg_terminate_backend during a query).
  pool.on('connect', (client) => client.on('error', (err) => opts.onError?.(err)));
  return pool;
}
