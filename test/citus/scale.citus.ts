// Citus extras: signups claim spare distributed schemas, system admins read per-tenant database
// cost (citus_stat_tenants), and `tenant-gateway rebalance` runs Citus' rebalancer to the end.
import { describe, expect, inject, it } from 'vitest';
import { tenantCosts, tenantPlacement } from '../../src/db/citus.js';
import { execute, expectNoErrors, hostOf, PLATFORM_HOST } from '../helpers/api.js';
import { cliOn } from '../helpers/cli.js';
import { createFingerprintedTenants } from '../helpers/fingerprinted-tenants.js';
import { citusAvailable, citusSlug, useCitusGateway } from './citus-gateway.js';
import { gql } from '../gql/index.js';

describe.skipIf(!citusAvailable())('scale-out extras on Citus', () => {
  const gw = useCitusGateway({ TENANT_SPARE_SCHEMAS: '2' });

  it("makes spares as distributed schemas and turns a claimed one into the tenant's distributed schema", async () => {
    const { pool } = gw.current.db;
    await gw.current.services.spares.refill();
    const spares = (await pool.query('SELECT schema_name FROM spare_schemas ORDER BY created_at')).rows.map(
      (r) => r.schema_name,
    );
    expect(spares.length).toBeGreaterThanOrEqual(2);
    for (const s of spares) expect(await tenantPlacement(pool, s)).not.toBeNull();
    const started = performance.now();
    const tenant = await gw.current.services.provisioner.createTenant({ name: 'Warm', slug: citusSlug('warm') });
    const warmMs = performance.now() - started;
    expect((await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [spares[0]])).rowCount).toBe(0);
    expect(await tenantPlacement(pool, tenant.schemaName)).not.toBeNull();
    const users = await pool.query(`SELECT count(*)::int AS n FROM "${tenant.schemaName}".users`);
    expect(users.rows[0].n).toBe(0);
    console.log(`[citus-spares] createTenant with a warm spare took ${warmMs.toFixed(0)} ms`);
  });

  it('reports queries and CPU per tenant to system admins only', async () => {
    const [t] = await createFingerprintedTenants(gw.current.services, 1, citusSlug('cost'));
    for (let i = 0; i < 5; i++) {
      const read = await execute(gw.current, gql(`query CitusUserCount { users(first: 5) { totalCount } }`), {
        host: hostOf(t!.slug),
        as: { email: `admin@${t!.slug}.test` },
      });
      expectNoErrors(read);
    }
    const costs = await tenantCosts(gw.current.db.pool, [t!.schemaName]);
    expect(costs).toHaveLength(1);
    expect(costs![0]!.queriesThisPeriod).toBeGreaterThanOrEqual(5);
    const asAdmin = await execute(
      gw.current,
      gql(
        `query TenantCosts($id: ID!) { tenant(id: $id) { databaseCost { schemaName queriesThisPeriod cpuSecondsThisPeriod } } tenantDatabaseCosts { schemaName } }`,
      ),
      { host: PLATFORM_HOST, as: { email: 'ops@platform.test', systemAdmin: true }, variables: { id: t!.id } },
    );
    expectNoErrors(asAdmin);
    expect(asAdmin.data.tenant!.databaseCost!.schemaName).toBe(t!.schemaName);
    expect(asAdmin.data.tenant!.databaseCost!.queriesThisPeriod).toBeGreaterThanOrEqual(5);
    expect(asAdmin.data.tenantDatabaseCosts.map((c) => c.schemaName)).toContain(t!.schemaName);
    const asTenantAdmin = await execute(
      gw.current,
      gql(`query CostsAsTenantAdmin { tenant { databaseCost { queriesThisPeriod } } }`),
      { host: hostOf(t!.slug), as: { email: `admin@${t!.slug}.test` } },
    );
    expect(asTenantAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('runs the rebalancer with `tenant-gateway rebalance` and reports how it ended', async () => {
    const result = await cliOn(inject('citusUrl'))('rebalance', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(['finished', 'none']).toContain(result.json<{ state: string }>().state);
  });
});
