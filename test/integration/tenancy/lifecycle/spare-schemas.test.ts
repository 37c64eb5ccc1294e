// Signup without waiting: spare schemas made ahead of time at the current tenant migration version
// are claimed and renamed by createTenant, refilled in the background, migrated with the fleet, and
// never visible as tenants.
import { describe, expect } from 'vitest';
import { LEDGER_TABLE } from '../../../../src/db/migrator.js';
import { migrationFiles, TENANT_SQL_DIR } from '../../../../src/db/migration-files.js';
import { migrateFleet } from '../../../../src/tenancy/lifecycle/fleet.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { refillSpares } from '../../../../src/tenancy/lifecycle/spare-schemas.js';
import { execute, expectNoErrors, PLATFORM_HOST, uniqueSlug } from '../../../helpers/api.js';
import { tenantFilesPlus } from '../../../helpers/migration-files.js';
import { gql } from '../../../gql/index.js';
import { testWithGateway } from '../../../helpers/fixtures.js';
import type { TestGateway } from '../../../helpers/gateway.js';

const test = testWithGateway({ TENANT_SPARE_SCHEMAS: '2' });

const spares = async (gw: TestGateway) =>
  (
    await gw.db.pool.query<{ schema_name: string }>('SELECT schema_name FROM spare_schemas ORDER BY created_at')
  ).rows.map((r) => r.schema_name);
const ledger = async (gw: TestGateway, schema: string) =>
  (await gw.db.pool.query(`SELECT name FROM ${quoteIdent(schema)}.${LEDGER_TABLE} ORDER BY name`)).rows.map(
    (r) => r.name,
  );
const schemaExists = async (gw: TestGateway, schema: string) =>
  (await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
const currentFiles = migrationFiles(TENANT_SQL_DIR).map((f) => f.name);

describe('spare tenant schemas (TENANT_SPARE_SCHEMAS=2)', () => {
  test('fills the pool with spares at the current tenant migration version', async ({ gw }) => {
    await gw.services.spares.refill();
    const names = await spares(gw);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^spare_[0-9a-f]{16}$/);
      expect(await ledger(gw, name)).toEqual(currentFiles);
    }
  });

  test('never shows a spare as a tenant', async ({ gw }) => {
    const { rows } = await gw.db.pool.query('SELECT count(*)::int AS n FROM tenants WHERE schema_name LIKE $1', [
      'spare\\_%',
    ]);
    expect(rows[0].n).toBe(0);
    const listed = await execute(
      gw,
      gql(`query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }`),
      {
        host: PLATFORM_HOST,
        as: { email: 'ops@platform.test', systemAdmin: true },
      },
    );
    expectNoErrors(listed);
    expect(
      listed.data.tenants.edges.map((e) => e.node.schemaName).filter((s: string) => s.startsWith('spare_')),
    ).toEqual([]);
  });

  test('refuses spare_… as a tenant schema name', async ({ gw }) => {
    await expect(
      gw.services.provisioner.createTenant({ name: 'x', slug: uniqueSlug('sp'), schemaName: 'spare_abc' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  test('createTenant claims a spare (renamed to the tenant schema, nothing left under the spare name) and the pool refills', async ({
    gw,
  }) => {
    await gw.services.spares.refill();
    const before = await spares(gw);
    const tenant = await gw.services.provisioner.createTenant({ name: 'Quick', slug: uniqueSlug('quick') });
    expect(tenant.status).toBe('active');
    expect(await schemaExists(gw, before[0]!)).toBe(false);
    expect(await ledger(gw, tenant.schemaName)).toEqual(currentFiles);
    await gw.db.pool.query(`INSERT INTO ${quoteIdent(tenant.schemaName)}.users (email) VALUES ('a@quick.test')`);
    await gw.services.spares.refill();
    const after = await spares(gw);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
  });

  test('gives concurrent signups distinct schemas, more signups than spares included', async ({ gw }) => {
    await gw.services.spares.refill();
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        gw.services.provisioner.createTenant({ name: `C${i}`, slug: uniqueSlug(`c${i}`) }),
      ),
    );
    expect(new Set(created.map((t) => t.schemaName)).size).toBe(5);
    for (const t of created) expect(await ledger(gw, t.schemaName)).toEqual(currentFiles);
  });

  test('keeps the spare when a create fails after claiming it', async ({ gw }) => {
    await gw.services.spares.refill();
    const before = await spares(gw);
    const { Provisioner } = await import('../../../../src/tenancy/lifecycle/provisioner.js');
    const failing = new Provisioner({
      pool: gw.db.pool,
      clients: gw.services.clients,
      changes: gw.services.changes,
      logger: { info() {}, warn() {}, error() {} },
      spares: gw.services.spares,
      faults: (step) => {
        if (step === 'migrated') throw new Error('injected');
      },
    });
    await expect(failing.createTenant({ name: 'F', slug: uniqueSlug('fail') })).rejects.toThrow(/injected/);
    expect(await spares(gw)).toEqual(before);
    for (const name of before) expect(await schemaExists(gw, name)).toBe(true);
  });

  test('migrates spares with the fleet, and brings a spare of an older release up to date when it is claimed', async ({
    gw,
  }) => {
    await gw.services.spares.refill();
    const { files } = tenantFilesPlus({
      '0002_notes.sql': 'CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL);',
    });
    const report = await migrateFleet({ pool: gw.db.pool }, { files });
    expect(report.failed).toBe(0);
    expect(report.spares).toEqual({ applied: 2, skipped: 0, dropped: [] });
    for (const name of await spares(gw)) expect(await ledger(gw, name)).toEqual([...currentFiles, '0002_notes.sql']);

    // An old spare (made before 0002 existed) becomes a tenant with 0002 applied.
    const old = await gw.db.pool.query('DELETE FROM spare_schemas RETURNING schema_name');
    for (const { schema_name } of old.rows) await gw.db.pool.query(`DROP SCHEMA ${quoteIdent(schema_name)} CASCADE`);
    expect(await refillSpares(gw.db.pool, 1, migrationFiles(TENANT_SQL_DIR))).toBe(1);
    const { Provisioner } = await import('../../../../src/tenancy/lifecycle/provisioner.js');
    const newer = new Provisioner({
      pool: gw.db.pool,
      clients: gw.services.clients,
      changes: gw.services.changes,
      logger: { info() {}, warn() {}, error() {} },
      files,
      spares: gw.services.spares,
    });
    const [oldSpare] = await spares(gw);
    const tenant = await newer.createTenant({ name: 'Up', slug: uniqueSlug('up') });
    expect(await schemaExists(gw, oldSpare!)).toBe(false);
    expect(await ledger(gw, tenant.schemaName)).toEqual([...currentFiles, '0002_notes.sql']);
  });
});
