// The database going away under a running gateway (over real HTTP): the gateway stays up, answers
// 503 DATABASE_UNAVAILABLE with Retry-After (never a 500, never a stack trace) on every path that
// needs the database — the door's host lookup, token → account, resolvers, mutations, /readyz — and
// recovers on its own. The outage is a TCP proxy cut between gateway and Postgres (the shared test
// server is never stopped); a real server restart under load is test/soak/postgres-restart.soak.ts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../helpers/api.js';
import { listenerConnected, terminateGatewayBackends, backendsWaitingOnLock } from '../../helpers/backends.js';
import { useTestDatabase } from '../../helpers/database.js';
import { createFingerprintedTenants, type FingerprintedTenant } from '../../helpers/fingerprinted-tenants.js';
import { graphqlPost, http } from '../../helpers/http.js';
import { runIsolationLoad } from '../../helpers/isolation-load.js';
import { startTestServer, type TestServer } from '../../helpers/running-gateway.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { eventually } from '../../helpers/tenant-rows.js';

const db = useTestDatabase();
let admin: pg.Pool;
let proxy: TcpProxy;
let server: TestServer;
let tenants: FingerprintedTenant[];
let systemAdmin: string;

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: db.current.url, max: 2, application_name: 'reliability-test' });
  proxy = await startTcpProxy(db.current.url);
  server = await startTestServer(proxy.url, { DATABASE_POOL_MAX: '6' });
  tenants = await createFingerprintedTenants(server.gateway.services, 4, 'outage');
  systemAdmin = await signToken({ email: 'ops@outage.test', systemAdmin: true });
});

afterAll(async () => {
  await server?.gateway.stop();
  await proxy?.close();
  await admin?.end();
});

const USERS = '{ users(first: 5) { totalCount edges { node { email } } } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const hostOf = (t: FingerprintedTenant) => `${t.slug}.localhost`;

function expectUnavailable(res: Awaited<ReturnType<typeof graphqlPost>>, what: string) {
  expect(res.status, `${what}: ${res.body}`).toBe(503);
  expect(res.headers['retry-after'], what).toBe('2');
  const body = res.json();
  expect(body.errors![0], what).toMatchObject({
    message: 'The database is unavailable right now; try again in a few seconds.',
    extensions: { code: 'DATABASE_UNAVAILABLE' },
  });
  expect(res.body, what).not.toMatch(/Prisma|ECONNREFUSED|at .*\.ts:\d+/);
}

describe('while the database cannot be reached', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After on every path that needs it, and recovers by itself', async () => {
    const [acme] = tenants;
    const { pool } = server.gateway.services.db;
    // Warm: the host and the token are cached, so the outage is met inside the resolvers.
    expect((await graphqlPost(server.url, hostOf(acme!), USERS, bearer(acme!.token))).status).toBe(200);

    await proxy.cut();
    try {
      expectUnavailable(await graphqlPost(server.url, hostOf(acme!), USERS, bearer(acme!.token)), 'a resolver');
      expectUnavailable(
        await graphqlPost(server.url, 'not-cached-yet.localhost', '{ serverTime }'),
        'the door (host lookup)',
      );
      const fresh = await signToken({ email: 'someone-new@outage.test' });
      expectUnavailable(
        await graphqlPost(server.url, hostOf(acme!), '{ serverTime }', bearer(fresh)),
        'a new token (account upsert)',
      );
      const create = 'mutation { createTenant(input: { name: "Later", slug: "later" }) { id } }';
      expectUnavailable(await graphqlPost(server.url, 'localhost', create, bearer(systemAdmin)), 'a mutation');

      const page = await http(`${server.url}/graphql`, {
        host: 'also-not-cached.localhost',
        headers: { accept: 'text/html' },
      });
      expect(page.status).toBe(503);
      expect(page.body).toContain('DATABASE_UNAVAILABLE');

      expect((await http(`${server.url}/readyz`)).status).toBe(503);
      expect((await http(`${server.url}/healthz`)).status).toBe(200);
      // The process is up: what needs no database still answers.
      expect((await graphqlPost(server.url, hostOf(acme!), '{ serverTime }')).status).toBe(200);
    } finally {
      await proxy.restore();
    }

    const recoveredInMs = await eventually(
      async () => (await graphqlPost(server.url, hostOf(acme!), USERS, bearer(acme!.token))).status === 200,
      5000,
      'recovery',
    );
    console.log(`[database-outage] first successful query ${recoveredInMs.toFixed(0)} ms after the database came back`);
    expect((await http(`${server.url}/readyz`)).status).toBe(200);
    expect((await graphqlPost(server.url, 'not-cached-yet.localhost', '{ serverTime }')).status).toBe(404); // the door works again
    await eventually(() => listenerConnected(admin), 15_000, 'change listener reconnected');
    await eventually(async () => pool.waitingCount === 0 && pool.idleCount === pool.totalCount, 5000, 'pool quiescent');
  });
});

describe("pg_terminate_backend on the gateway's connections", () => {
  it('fails the request in flight with a clean 503, and the next request works', async () => {
    const [, beta] = tenants;
    const locker = await admin.connect();
    let inFlight: ReturnType<typeof graphqlPost> | undefined;
    try {
      // The request's queries wait on a lock, so they are certainly running when their backends go.
      await locker.query(`BEGIN; LOCK TABLE "${beta!.schemaName}".users IN ACCESS EXCLUSIVE MODE`);
      inFlight = graphqlPost(server.url, hostOf(beta!), USERS, bearer(beta!.token));
      await eventually(async () => (await backendsWaitingOnLock(admin)) > 0, 5000, 'the request waiting on the lock');
      expect(await terminateGatewayBackends(admin, { waitingOnLock: true })).toBeGreaterThan(0);
      expectUnavailable(await inFlight, 'the request whose connection was terminated');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      locker.release();
    }
    const next = await graphqlPost<{ users: { edges: { node: { email: string } }[] } }>(
      server.url,
      hostOf(beta!),
      USERS,
      bearer(beta!.token),
    );
    expect(next.status).toBe(200);
    expect(next.json().data!.users.edges.map((e) => e.node.email)).toEqual(
      expect.arrayContaining([`seed0@${beta!.slug}.test`]),
    );
  });

  it('keeps answering 200 or 503 while every connection (listener included) is terminated again and again under load', async () => {
    let kills = 0;
    let lastKill = -Infinity;
    const report = await runIsolationLoad(server.url, tenants, {
      clients: 8,
      durationMs: 3000,
      onTick: async (elapsed) => {
        if (elapsed - lastKill < 250) return;
        lastKill = elapsed;
        kills += await terminateGatewayBackends(admin, { listener: true });
      },
    });
    console.log(
      `[database-outage] ${report.requests} requests, ${kills} backends terminated, statuses ${JSON.stringify(report.byStatus)}`,
    );
    expect(kills).toBeGreaterThan(0);
    expect(report.transportErrors).toBe(0);
    expect(Object.keys(report.byStatus).filter((s) => s !== '200' && s !== '503')).toEqual([]);
    expect(Object.keys(report.byCode).filter((c) => c !== 'DATABASE_UNAVAILABLE')).toEqual([]);
    expect(report.crossTenant).toBe(0);
    expect(report.mismatches).toBe(0);

    // Afterwards every tenant answers, and the change listener is back.
    for (const t of tenants)
      expect((await graphqlPost(server.url, hostOf(t), USERS, bearer(t.token))).status, t.slug).toBe(200);
    await eventually(() => listenerConnected(admin), 15_000, 'change listener reconnected');
  });
});
