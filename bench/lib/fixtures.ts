// What the scenarios need in the benchmark database: the main tenant (a domain, 10 users, a viewer
// with a token) and N more tenants, all with an API-call limit no benchmark reaches.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { signDevToken } from '../../src/auth/dev-token.js';
import { migrateControlPlane } from '../../src/db/control-plane.js';
import { createPool } from '../../src/db/pool.js';
import { createLogger } from '../../src/logger.js';
import type { Tenant } from '../../src/generated/prisma/client.js';
import { ChangeBus } from '../../src/tenancy/changes.js';
import { ClientCache } from '../../src/tenancy/client-cache.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { Provisioner } from '../../src/tenancy/lifecycle/provisioner.js';

export const POOL_MAX = 10;
export const CLIENT_CACHE_MAX = 100;
/** The API-call limit of bench tenants: the usage meter counts every request, as in production. */
const NO_LIMIT = { api_calls_per_month: 2 ** 31 - 1 };

export interface BenchFixtures {
  url: string;
  pool: pg.Pool;
  provisioner: Provisioner;
  jwtSecret: string;
  encryptionKeys: string;
  viewerEmail: string;
  /** Bearer token of an account that is a viewer of every bench tenant. */
  token: string;
  main: Tenant;
  /** The N tenants of scenarios c–f, in creation order. */
  fleet: Tenant[];
  close(): Promise<void>;
}

export async function createFixtures(url: string): Promise<BenchFixtures> {
  const pool = createPool({
    url,
    max: POOL_MAX,
    maxLifetimeSeconds: 300,
    idleTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    statementTimeoutMs: 120_000,
    applicationName: 'bench-driver',
  });
  await migrateControlPlane(pool);
  const clients = new ClientCache(pool, { max: 10, ttlMs: 60_000 });
  const provisioner = new Provisioner({
    pool,
    clients,
    changes: new ChangeBus(pool),
    logger: createLogger({ logLevel: 'silent' }),
  });
  const jwtSecret = randomBytes(32).toString('base64url');
  const viewerEmail = 'bench-viewer@example.com';
  const main = await provisioner.createTenant({
    name: 'Bench',
    slug: 'bench',
    domain: 'bench.example.com',
    limits: NO_LIMIT,
  });
  await seedUsers(pool, [main.schemaName], 10);
  await pool.query(`INSERT INTO accounts (email, name) VALUES ($1, 'Bench viewer')`, [viewerEmail]);
  await grantViewer(pool, viewerEmail, [main.id]);
  const token = await signDevToken({ secret: jwtSecret } as Parameters<typeof signDevToken>[0], {
    email: viewerEmail,
    expiresIn: '12h',
  });
  return {
    url,
    pool,
    provisioner,
    jwtSecret,
    encryptionKeys: `bench:${randomBytes(32).toString('base64')}`,
    viewerEmail,
    token,
    main,
    fleet: [],
    async close() {
      await clients.close();
      await pool.end();
    },
  };
}

export const fleetSlug = (i: number) => `t${String(i).padStart(4, '0')}`;

export function fleetInput(i: number) {
  return { name: `Tenant ${i}`, slug: fleetSlug(i), limits: NO_LIMIT };
}

/** Users in each schema, many schemas per round trip. */
export async function seedUsers(pool: pg.Pool, schemas: string[], perSchema: number): Promise<void> {
  for (let i = 0; i < schemas.length; i += 100) {
    const sql = schemas
      .slice(i, i + 100)
      .map(
        (s) =>
          `INSERT INTO ${quoteIdent(s)}.users (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, ${perSchema}) g;`,
      )
      .join('\n');
    await pool.query(sql);
  }
}

export async function grantViewer(pool: pg.Pool, email: string, tenantIds: string[]): Promise<void> {
  await pool.query(
    `INSERT INTO tenant_users (tenant_id, user_id, role, status, invited_at, accepted_at)
     SELECT t, a.id, 'viewer', 'active', now(), now() FROM accounts a, unnest($2::uuid[]) t WHERE a.email = $1
     ON CONFLICT DO NOTHING`,
    [email, tenantIds],
  );
}
