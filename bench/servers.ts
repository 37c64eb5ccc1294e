// The servers under load, in one process of their own (the load generator runs in the parent, so
// on a 2-core machine each gets a core): the gateway as `npm start` boots it (production settings,
// request logging on), and in the same process the baselines: a bare Yoga with a minimal schema, and
// a bare Yoga whose resolvers send the gateway's SQL through a plain pg.Pool.
// Started by bench/lib/servers.ts; reports its ports over IPC and stops on a 'stop' message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { startGateway } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { quoteIdent } from '../src/tenancy/names.js';

const env = process.env;
const configWith = (clientCacheMax: string | undefined, applicationName?: string) =>
  loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: applicationName ? withApplicationName(env.BENCH_DB_URL!, applicationName) : env.BENCH_DB_URL,
    DATABASE_POOL_MAX: env.BENCH_POOL_MAX,
    TENANT_CLIENT_CACHE_MAX: clientCacheMax,
    JWT_SECRET: env.BENCH_JWT_SECRET,
    SETTINGS_ENCRYPTION_KEYS: env.BENCH_ENCRYPTION_KEYS,
  });
/** A connection string's application_name wins over the pool's: the bench counts each gateway's connections apart. */
function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}
const config = configWith(env.BENCH_CLIENT_CACHE_MAX);
const gateway = await startGateway(config, createLogger(config));
// A second gateway whose client cache holds every tenant (scenario c, informational): the same
// round-robin without cache misses shows what the misses cost.
const roomyConfig = env.BENCH_ROOMY_CACHE_MAX ? configWith(env.BENCH_ROOMY_CACHE_MAX, 'tenant-gateway-roomy') : null;
const roomy = roomyConfig ? await startGateway(roomyConfig, createLogger(roomyConfig)) : null;

const bare = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { serverTime: String }',
    resolvers: { Query: { serverTime: () => new Date().toISOString() } },
  }),
});

// The SQL Prisma sends for `currentTenant { id name domains { domain } } users(first: 10) { … }`
// (captured from the gateway), minus the membership check the gateway adds for authorization.
const pool = new pg.Pool({
  connectionString: env.BENCH_DB_URL,
  max: config.database.poolMax,
  application_name: 'bench-raw-pg',
});
const tenantId = env.BENCH_TENANT_ID!;
const usersTable = `${quoteIdent(env.BENCH_TENANT_SCHEMA!)}.users`;
const raw = createYoga({
  schema: createSchema({
    typeDefs: `
      type Domain { domain: String! }
      type Tenant { id: ID! name: String! domains: [Domain!]! }
      type User { id: ID! email: String! }
      type UserEdge { node: User! }
      type UserConnection { edges: [UserEdge!]! }
      type Query { currentTenant: Tenant, users(first: Int): UserConnection! }`,
    resolvers: {
      Query: {
        currentTenant: async () =>
          (await pool.query('SELECT * FROM public.tenants WHERE id = $1 LIMIT 1', [tenantId])).rows[0] ?? null,
        users: async (_root: unknown, args: { first?: number }) => {
          const { rows } = await pool.query(
            `SELECT id, email, name, metadata, inserted_at, updated_at FROM ${usersTable} ORDER BY inserted_at ASC, id ASC LIMIT $1 OFFSET 0`,
            [(args.first ?? 10) + 1],
          );
          return { edges: rows.slice(0, args.first ?? 10).map((node) => ({ node })) };
        },
      },
      Tenant: {
        domains: async (tenant: { id: string }) =>
          (
            await pool.query(
              'SELECT * FROM public.tenant_domains WHERE tenant_id = $1 ORDER BY "primary" DESC, domain ASC',
              [tenant.id],
            )
          ).rows,
      },
    },
  }),
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const bareServer = await listen(bare);
const rawServer = await listen(raw);
process.send!({
  gateway: Number(new URL(gateway.url).port),
  roomy: roomy ? Number(new URL(roomy.url).port) : 0,
  bare: bareServer.port,
  raw: rawServer.port,
  pid: process.pid,
});

process.on('message', async (message) => {
  if (message !== 'stop') return;
  await Promise.all([bareServer, rawServer].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  await pool.end();
  await gateway.stop();
  await roomy?.stop();
  process.exit(0);
});
