// Moving a tenant between Citus workers while clients read and write it over real HTTP: no request
// fails, no acknowledged write is lost, every tenant still sees only its own data, and the reported
// placement changes. Then the same through the API (moveTenant, tenant.placement) and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { citusNodes, tenantPlacement } from '../../src/db/citus.js';
import { operatorActor } from '../../src/cli/operator.js';
import { moveTenant } from '../../src/tenancy/lifecycle/placement.js';
import { expectNoErrors, signToken } from '../helpers/api.js';
import { cliOn } from '../helpers/cli.js';
import { createFingerprintedTenants, storedRows, type FingerprintedTenant } from '../helpers/fingerprinted-tenants.js';
import { graphqlPost } from '../helpers/http.js';
import { fiveXx, latencySummary, runIsolationLoad, type LoadReport } from '../helpers/isolation-load.js';
import { startTestServer, type TestServer } from '../helpers/running-gateway.js';
import { citusAvailable, citusSlug } from './citus-gateway.js';

describe.skipIf(!citusAvailable())('moving a tenant between Citus workers under load', () => {
  let server: TestServer;
  let tenants: FingerprintedTenant[];
  let report: LoadReport;
  let moved: FingerprintedTenant;
  let before: string;
  let target: string;
  const move: { startedAt: number; finishedAt?: number; error?: unknown; durationMs?: number } = { startedAt: 0 };

  beforeAll(async () => {
    server = await startTestServer(inject('citusUrl'), {
      DATABASE_POOL_MAX: '10',
      DATABASE_CONNECT_TIMEOUT_MS: '30000',
    });
    const { services } = server.gateway;
    const pool = services.db.pool;
    tenants = await createFingerprintedTenants(services, 2, citusSlug('move'));
    moved = tenants[0]!;
    before = (await tenantPlacement(pool, moved.schemaName))!.node;
    target = (await citusNodes(pool)).map((n) => n.node).find((n) => n !== before)!;
    // The clients run from before the move starts until a second after it ended (cap 90 s).
    const loadStarted = performance.now();
    let started: Promise<void> | undefined;
    const timer = setTimeout(() => {
      move.startedAt = performance.now() - loadStarted;
      started = moveTenant(
        { pool, clients: services.clients },
        moved.slug,
        target,
        operatorActor('citus-move-test'),
      ).then(
        () => void (move.finishedAt = performance.now() - loadStarted),
        (err: unknown) => void ((move.error = err), (move.finishedAt = performance.now() - loadStarted)),
      );
    }, 1000);
    const load = runIsolationLoad(server.url, tenants, {
      clients: 6,
      durationMs: 90_000,
      stopWhen: () => move.finishedAt !== undefined && performance.now() - loadStarted > move.finishedAt + 1000,
    });
    report = await load;
    clearTimeout(timer);
    await started;
    move.durationMs = (move.finishedAt ?? Number.NaN) - move.startedAt;
    console.log(
      `[citus-move] moved ${moved.slug} ${before} → ${target} in ${Math.round(move.durationMs ?? -1)} ms under load: ${report.requests} requests, ` +
        `statuses ${JSON.stringify(report.byStatus)}, p50/p99 ms ${latencySummary(report)}`,
    );
  }, 180_000);

  afterAll(async () => {
    await server?.gateway.stop();
  });

  it('finishes the move while the clients are still running', () => {
    expect(move.error).toBeUndefined();
    expect(move.finishedAt).toBeDefined();
    expect(move.startedAt).toBeGreaterThan(0);
    expect(move.finishedAt!).toBeLessThan(report.durationMs);
  });

  it('answers every request during the move: 0 failed, 0 errors, 0 cross-tenant answers', () => {
    expect(report.transportErrors).toBe(0);
    expect(fiveXx(report)).toBe(0);
    expect(report.byStatus).toEqual({ 200: report.requests });
    expect(report.byCode).toEqual({});
    expect(report.crossTenant).toBe(0);
    expect(report.mismatches).toBe(0);
  });

  it('keeps every acknowledged write: each tenant holds exactly its seeded and acknowledged users', async () => {
    const pool = server.gateway.services.db.pool;
    for (const tenant of tenants) {
      const rows = await storedRows(pool, tenant);
      const acknowledged = report.created.get(tenant.slug) ?? [];
      expect(rows.foreignUsers).toEqual([]);
      expect(new Set(rows.users)).toEqual(
        new Set([...rows.users.filter((u) => u.startsWith('seed')), ...acknowledged]),
      );
      expect(rows.users.length).toBe(tenant.seededUsers + acknowledged.length);
      expect(rows.userAudits).toBe(acknowledged.length);
    }
    expect((report.created.get(moved.slug) ?? []).length).toBeGreaterThan(0);
  });

  it('reports the new placement', async () => {
    expect((await tenantPlacement(server.gateway.services.db.pool, moved.schemaName))!.node).toBe(target);
  });

  it("audits the move in the moved tenant's schema, for the operator who ran it", async () => {
    const { rows } = await server.gateway.services.db.pool.query(
      `SELECT metadata FROM "${moved.schemaName}".audit_logs WHERE action = 'tenant.move' AND target_id = $1`,
      [moved.id],
    );
    expect(rows.map((r) => r.metadata)).toEqual([
      expect.objectContaining({ from: before, to: target, operator: 'citus-move-test' }),
    ]);
  });

  it('moves it back through the API: moveTenant for system admins, tenant.placement shows the node; others are refused', async () => {
    const admin = { authorization: `Bearer ${await signToken({ email: 'ops@platform.test', systemAdmin: true })}` };
    const member = { authorization: `Bearer ${moved.token}` };
    const mutation = `mutation { moveTenant(id: "${moved.id}", node: "${before}") { from { node } to { node sizeBytes } } }`;
    const refused = (await graphqlPost(server.url, 'localhost', mutation, member)).json();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = (
      await graphqlPost<{ moveTenant: { from: { node: string }; to: { node: string; sizeBytes: number } } }>(
        server.url,
        'localhost',
        mutation,
        admin,
      )
    ).json();
    expectNoErrors(res);
    expect(res.data.moveTenant.from.node).toBe(target);
    expect(res.data.moveTenant.to.node).toBe(before);
    expect(res.data.moveTenant.to.sizeBytes).toBeGreaterThan(0);
    const read = (
      await graphqlPost<{ tenant: { placement: { node: string } }; databaseNodes: string[] }>(
        server.url,
        'localhost',
        `{ tenant(id: "${moved.id}") { placement { node } } databaseNodes }`,
        admin,
      )
    ).json();
    expectNoErrors(read);
    expect(read.data.tenant.placement.node).toBe(before);
    expect(read.data.databaseNodes).toContain(target);
  });

  it('refuses an unknown node with BAD_USER_INPUT naming the nodes', async () => {
    const admin = { authorization: `Bearer ${await signToken({ email: 'ops@platform.test', systemAdmin: true })}` };
    const res = (
      await graphqlPost(
        server.url,
        'localhost',
        `mutation { moveTenant(id: "${moved.id}", node: "10.0.0.1:1; DROP") { to { node } } }`,
        admin,
      )
    ).json();
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain(target);
  });

  it('moves it with `tenant-gateway move <slug> <node>`', async () => {
    const result = await cliOn(inject('citusUrl'))('move', moved.slug, target);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`to ${target}`);
    expect(result.code).toBe(0);
    expect((await tenantPlacement(server.gateway.services.db.pool, moved.schemaName))!.node).toBe(target);
  });
});
