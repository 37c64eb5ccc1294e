// Postgres restarted under load (`npm run test:soak`): a cluster of the test's own (embedded, on a free
// port, data under .data/reliability-restart-*) is stopped while clients are reading and writing, kept
// down for a while, and started again. The gateway must stay up, answer 503 DATABASE_UNAVAILABLE (never
// 500) while the server is away, and recover on its own; no acknowledged write may be lost and no
// answer may cross tenants. Measured: the 503 window and the time from "server up" to the first
// successful query and to /readyz 200.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { listenerConnected } from '../helpers/backends.js';
import { createFingerprintedTenants, storedRows, type FingerprintedTenant } from '../helpers/fingerprinted-tenants.js';
import { freePort } from '../helpers/free-port.js';
import { graphqlPost, http } from '../helpers/http.js';
import { fiveXx, latencySummary, runIsolationLoad, type LoadReport } from '../helpers/isolation-load.js';
import { startTestServer, type TestServer } from '../helpers/running-gateway.js';
import { eventually } from '../helpers/tenant-rows.js';

const DOWN_FOR_MS = 3000;
const dataDir = path.resolve('.data', `reliability-restart-${randomBytes(4).toString('hex')}`);
let port: number;
let postgres: EmbeddedServer;
let server: TestServer;
let tenants: FingerprintedTenant[];
let report: LoadReport;
const outage = {
  stoppedAt: 0,
  startedAt: 0,
  firstSuccessAfterStartMs: -1,
  readyAfterStartMs: -1,
  /** From "server stopped" to the first successful query: the window clients saw 503s. */
  unavailableMs: -1,
  readyzDuring: [] as number[],
  queryDuring: [] as number[],
};

const USERS = '{ users(first: 5) { totalCount } }';

/** Stops Postgres, probes the gateway while it is down, starts it again and measures recovery. */
async function restartPostgres(probe: FingerprintedTenant) {
  const ask = () =>
    graphqlPost(server.url, `${probe.slug}.localhost`, USERS, { authorization: `Bearer ${probe.token}` });
  await postgres.stop();
  outage.stoppedAt = performance.now();
  while (performance.now() - outage.stoppedAt < DOWN_FOR_MS) {
    outage.readyzDuring.push((await http(`${server.url}/readyz`)).status);
    outage.queryDuring.push((await ask()).status);
  }
  postgres = await startEmbeddedPostgres({ dataDir, port });
  outage.startedAt = performance.now();
  await Promise.all([
    eventually(async () => (await ask()).status === 200, 30_000, 'a query succeeding again').then(
      () => (outage.firstSuccessAfterStartMs = performance.now() - outage.startedAt),
    ),
    eventually(async () => (await http(`${server.url}/readyz`)).status === 200, 30_000, '/readyz 200').then(
      () => (outage.readyAfterStartMs = performance.now() - outage.startedAt),
    ),
  ]);
  outage.unavailableMs = outage.startedAt - outage.stoppedAt + outage.firstSuccessAfterStartMs;
}

beforeAll(async () => {
  port = await freePort();
  postgres = await startEmbeddedPostgres({ dataDir, port });
  server = await startTestServer(postgres.url, { DATABASE_POOL_MAX: '10' });
  tenants = await createFingerprintedTenants(server.gateway.services, 20, 'restart');
  let restarting: Promise<void> | undefined;
  report = await runIsolationLoad(server.url, tenants, {
    clients: 32,
    durationMs: 20_000,
    onTick: (elapsed) => {
      if (elapsed > 5000 && !restarting) restarting = restartPostgres(tenants[0]!);
    },
  });
  await restarting;
  console.log(
    `[postgres-restart] ${report.requests} requests over ${tenants.length} tenants, statuses ${JSON.stringify(report.byStatus)}, ` +
      `codes ${JSON.stringify(report.byCode)}, cross-tenant ${report.crossTenant}; held down ${DOWN_FOR_MS} ms, started again in ` +
      `${(outage.startedAt - outage.stoppedAt - DOWN_FOR_MS).toFixed(0)} ms, 503 window ${outage.unavailableMs.toFixed(0)} ms; ` +
      `after the server was up again: first successful query ${outage.firstSuccessAfterStartMs.toFixed(0)} ms, ` +
      `/readyz 200 ${outage.readyAfterStartMs.toFixed(0)} ms; p50/p99 ms: ${latencySummary(report)}`,
  );
}, 180_000);

afterAll(async () => {
  await server?.gateway.stop();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Postgres restarted while 32 clients read and write', () => {
  it('keeps the gateway up: every request got an HTTP answer, none a 5xx other than 503', () => {
    expect(report.transportErrors).toBe(0);
    expect(fiveXx(report, [503])).toBe(0);
    expect(report.byStatus[503]).toBeGreaterThan(0); // the outage was met under load
  });

  it('answers 503 DATABASE_UNAVAILABLE while the server is down, with /readyz 503', () => {
    expect(Object.keys(report.byCode).filter((code) => code !== 'DATABASE_UNAVAILABLE')).toEqual([]);
    expect(outage.queryDuring.length).toBeGreaterThan(0);
    expect(new Set(outage.queryDuring)).toEqual(new Set([503]));
    expect(new Set(outage.readyzDuring)).toEqual(new Set([503]));
  });

  it('recovers on its own within seconds of the server coming back', async () => {
    expect(outage.firstSuccessAfterStartMs).toBeLessThan(10_000);
    expect(outage.readyAfterStartMs).toBeLessThan(10_000);
    for (const t of tenants) {
      const res = await graphqlPost(server.url, `${t.slug}.localhost`, USERS, { authorization: `Bearer ${t.token}` });
      expect(res.status, t.slug).toBe(200);
    }
    const admin = new pg.Pool({ connectionString: postgres.url, max: 1, application_name: 'reliability-test' });
    try {
      await eventually(() => listenerConnected(admin), 15_000, 'change listener reconnected');
    } finally {
      await admin.end();
    }
  });

  it('never crossed tenants and lost no acknowledged write', async () => {
    expect(report.crossTenant).toBe(0);
    expect(report.mismatches).toBe(0);
    const { pool } = server.gateway.services.db;
    for (const t of tenants) {
      const rows = await storedRows(pool, t);
      expect(rows.foreignUsers, t.slug).toEqual([]);
      // A write answered 503 may still have committed (the answer was lost, not the transaction).
      expect(rows.users, t.slug).toEqual(expect.arrayContaining(report.created.get(t.slug) ?? []));
    }
    await eventually(async () => pool.waitingCount === 0 && pool.idleCount === pool.totalCount, 5000, 'pool quiescent');
    expect(pool.totalCount).toBeLessThanOrEqual(10);
  });
});
