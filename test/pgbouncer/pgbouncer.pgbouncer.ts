// The gateway behind PgBouncer in transaction mode: requests through the pooler, LISTEN/NOTIFY,
// session advisory locks and DDL through DATABASE_DIRECT_URL. Without a direct URL the gateway
// refuses to start and says why. The load-isolation suite then runs through the pooler.
import { describe, expect, inject, it } from 'vitest';
import { detectTransactionPooler } from '../../src/db/pooler.js';
import { expectNoErrors, signToken } from '../helpers/api.js';
import { createTestDatabase, TEST_ENCRYPTION_KEYS, TEST_JWT_SECRET } from '../helpers/database.js';
import { createFingerprintedTenants } from '../helpers/fingerprinted-tenants.js';
import { graphqlPost } from '../helpers/http.js';
import { loadIsolationSuite } from '../helpers/load-isolation-suite.js';
import { startTestServer } from '../helpers/running-gateway.js';
import { runProcess } from '../helpers/cli.js';

const available = () => inject('pgbouncerPort') > 0;
const pooled = (directUrl: string) => {
  const u = new URL(directUrl);
  u.port = String(inject('pgbouncerPort'));
  return u.toString();
};
const viaPgBouncer = (directUrl: string) => ({ url: pooled(directUrl), env: { DATABASE_DIRECT_URL: directUrl } });

describe.skipIf(!available())('PgBouncer in transaction mode', () => {
  it('is detected as a transaction pooler; the server itself is not', async () => {
    const db = await createTestDatabase();
    try {
      expect(await detectTransactionPooler(pooled(db.url))).toBe(true);
      expect(await detectTransactionPooler(db.url)).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('refuses to start behind the pooler without DATABASE_DIRECT_URL, saying what to set', async () => {
    const db = await createTestDatabase();
    try {
      const result = await runProcess(['--import', 'tsx', 'src/main.ts'], {
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: pooled(db.url),
        JWT_SECRET: TEST_JWT_SECRET,
        SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      });
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain('transaction pooler');
      expect(result.stdout + result.stderr).toContain('DATABASE_DIRECT_URL');
    } finally {
      await db.close();
    }
  });

  it('serves tenants through the pooler; provisioning (session lock, DDL) and the change listener use the direct URL', async () => {
    const db = await createTestDatabase();
    const server = await startTestServer(pooled(db.url), { DATABASE_DIRECT_URL: db.url, TENANT_SPARE_SCHEMAS: '1' });
    try {
      const { services } = server.gateway;
      expect(services.db.direct?.url).toBe(db.url);
      const { rows } = await services.db.direct!.pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tenant-gateway-listener' AND query ILIKE 'LISTEN%'`,
        [db.name],
      );
      expect(rows[0].n).toBe(1);
      const [tenant] = await createFingerprintedTenants(services, 1, `pgb-${Date.now().toString(36)}`);
      const res = await graphqlPost(
        server.url,
        `${tenant!.slug}.localhost`,
        '{ currentTenant { slug } users(first: 5) { totalCount } }',
        {
          authorization: `Bearer ${tenant!.token}`,
        },
      );
      expectNoErrors(res.json());
      expect(res.json().data).toEqual({
        currentTenant: { slug: tenant!.slug },
        users: { totalCount: tenant!.seededUsers },
      });
      // Requests went through PgBouncer: the gateway's pool is connected to its port.
      expect(services.db.url).toContain(`:${inject('pgbouncerPort')}/`);
      const admin = { authorization: `Bearer ${await signToken({ email: 'ops@platform.test', systemAdmin: true })}` };
      const created = await graphqlPost(
        server.url,
        'localhost',
        `mutation { createTenant(input: { name: "Via pooler", slug: "via-pooler" }) { status } }`,
        admin,
      );
      expect(created.json()).toEqual({ data: { createTenant: { status: 'ACTIVE' } } });
    } finally {
      await server.gateway.stop();
      await db.close();
    }
  });
});

describe.skipIf(!available())('load isolation through PgBouncer (transaction mode)', () => {
  loadIsolationSuite({ tenants: 24, clients: 16, seconds: 5 }, viaPgBouncer);
});
