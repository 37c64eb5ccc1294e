// Two replicas: two `src/main.ts` processes on one database, driven only through their public API.
// Concurrent creates of one slug (or one schema name) split across both → exactly one tenant, the
// rest CONFLICT; and a lifecycle change made through either replica is honoured by the other within
// 1 s, though both cache hosts for an hour. (test/integration/two-gateways.test.ts proves the
// LISTEN/NOTIFY invalidation itself with changes published by hand; this drives it through mutations.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoErrors, signToken } from '../../helpers/api.js';
import { TEST_ENCRYPTION_KEYS, TEST_JWT_SECRET, useTestDatabase } from '../../helpers/database.js';
import { graphqlPost } from '../../helpers/http.js';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/spawn-gateway.js';
import { eventually } from '../../helpers/tenant-rows.js';

const db = useTestDatabase();
let replicas: GatewayProcess[];
let admin: Record<string, string>;

beforeAll(async () => {
  const env = {
    DATABASE_URL: db.current.url,
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    HOST_CACHE_TTL_SECONDS: '3600',
  };
  replicas = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  admin = { authorization: `Bearer ${await signToken({ email: 'ops@replicas.test', systemAdmin: true })}` };
}, 90_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.stop()));
});

const CREATE = (slug: string, schemaName?: string) =>
  `mutation { createTenant(input: { name: "Racer", slug: "${slug}"${schemaName ? `, schemaName: "${schemaName}"` : ''} }) { id status } }`;

async function raceCreates(count: number, slugOf: (i: number) => string, schemaName?: string) {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      graphqlPost<{ createTenant: { status: string } }>(
        replicas[i % 2]!.url,
        'localhost',
        CREATE(slugOf(i), schemaName),
        admin,
      ),
    ),
  );
  return results.map((res) => {
    const body = res.json();
    return body.errors ? body.errors[0]!.extensions!.code : body.data!.createTenant.status;
  });
}

const statusAt = async (url: string, host: string) => (await graphqlPost(url, host, '{ serverTime }')).status;

describe('two gateway processes on one database', () => {
  it('let exactly one of 20 concurrent creates of one slug, split across both, win; the other 19 get CONFLICT', async () => {
    // Both replicas have cached "no such tenant" for the host before the race.
    for (const r of replicas) expect(await statusAt(r.url, 'race.localhost')).toBe(404);
    const outcomes = await raceCreates(20, () => 'race');
    expect(outcomes.filter((o) => o === 'ACTIVE')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(19);

    const { rows } = await db.current.pool.query(`SELECT status, schema_name FROM tenants WHERE slug = 'race'`);
    expect(rows).toEqual([{ status: 'active', schema_name: 'tenant_race' }]);
    const tables = await db.current.pool.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'tenant_race' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.tablename)).toEqual(['audit_logs', 'schema_migrations', 'sessions', 'users']);
    // The new tenant is served by both, the negative answer they cached notwithstanding.
    for (const r of replicas)
      expect(await eventually(async () => (await statusAt(r.url, 'race.localhost')) === 200, 1000, r.url)).toBeLessThan(
        1000,
      );
  });

  it('let exactly one of 10 concurrent creates of one schema name (different slugs) win across both', async () => {
    const outcomes = await raceCreates(10, (i) => `same-schema-${i}`, 'shared_schema');
    expect(outcomes.filter((o) => o === 'ACTIVE')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(9);
    const { rows } = await db.current.pool.query(
      `SELECT count(*)::int AS n FROM tenants WHERE schema_name = 'shared_schema'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('honour a suspend, an activation and an archive made through either replica within 1 s in the other', async () => {
    const [a, b] = replicas as [GatewayProcess, GatewayProcess];
    const created = (
      await graphqlPost<{ createTenant: { id: string } }>(a.url, 'localhost', CREATE('lifecycle'), admin)
    ).json().data!.createTenant;
    const host = 'lifecycle.localhost';
    for (const r of replicas)
      await eventually(async () => (await statusAt(r.url, host)) === 200, 1000, `${r.url} serving ${host}`);

    const change = async (through: GatewayProcess, mutation: string, other: GatewayProcess, status: number) => {
      const res = await graphqlPost(
        through.url,
        'localhost',
        `mutation { ${mutation}(id: "${created.id}") { status } }`,
        admin,
      );
      expectNoErrors(res.json());
      return eventually(
        async () => (await statusAt(other.url, host)) === status,
        1000,
        `${mutation} honoured by the other replica`,
      );
    };
    const timings = {
      suspendThroughA: await change(a, 'suspendTenant', b, 403),
      activateThroughB: await change(b, 'activateTenant', a, 200),
      archiveThroughA: await change(a, 'archiveTenant', b, 404),
    };
    console.log(
      `[two-replicas] change honoured by the other replica after (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`,
    );
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(1000);
  });
});
