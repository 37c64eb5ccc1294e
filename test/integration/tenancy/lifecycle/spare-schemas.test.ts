// Signup without waiting: spare schemas made ahead of time at the current tenant migration version
// are claimed and renamed by createTenant, refilled in the background, migrated with the fleet, and
// never visible as tenants.
import { describe, expect, it } from 'vitest';
import { LEDGER_TABLE } from '../../../../src/db/migrator.js';
import { migrationFiles, TENANT_SQL_DIR } from '../../../../src/db/migration-files.js';
import { migrateFleet } from '../../../../src/tenancy/lifecycle/fleet.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { refillSpares } from '../../../../src/tenancy/lifecycle/spare-schemas.js';
import { execute, expectNoErrors, PLATFORM_HOST, uniqueSlug } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { tenantFilesPlus } from '../../../helpers/migration-files.js';
import { gql } from '../../../gql/index.js';

const gw = useTestGateway({ TENANT_SPARE_SCHEMAS: '2' });

const spares = async () =>
  (await gw.current.db.pool.query<{ schema_name: string }>('SELECT schema_name FROM spare_schemas ORDER BY created_at')).rows.map((r) => r.schema_name);
const ledger = async (schema: string) =>
  (await gw.current.db.pool.query(`SELECT name FROM ${quoteIdent(schema)}.${LEDGER_TABLE} ORDER BY name`)).rows.map((r) => r.name);
const schemaExists = async (schema: string) =>
  (await gw.current.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
const currentFiles = migrationFiles(TENANT_SQL_DIR).map((f) => f.name);

describe('spare tenant schemas (TENANT_SPARE_SCHEMAS=2)', () => {
  it('fills the pool with spares at the current tenant migration version', async () => {
    await gw.current.services.spares.refill();
    const names = await spares();
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^spare_[0-9a-f]{16}$/);
      expect(await ledger(name)).toEqual(currentFiles);
    }
  });

  it('never shows a spare as a tenant', async () => {
    const { rows } = await gw.current.db.pool.query('SELECT count(*)::int AS n FROM tenants WHERE schema_name LIKE $1', ['spare\\_%']);
    expect(rows[0].n).toBe(0);
    const listed = await execute(gw.current, gql(`query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }`), {
      host: PLATFORM_HOST,
      as: { email: 'ops@platform.test', systemAdmin: true } });
    expectNoErrors(listed);
    expect(listed.data.tenants.edges.map((e) => e.node.schemaName).filter((s: string) => s.startsWith('spare_'))).toEqual([]);
  });

  it('refuses spare_… as a tenant schema name', async () => {
    await expect(gw.current.services.provisioner.createTenant({ name: 'x', slug: uniqueSlug('sp'), schemaName: 'spare_abc' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('createTenant claims a spare (renamed to the tenant schema, nothing left under the spare name) and the pool refills', async () => {
    await gw.current.services.spares.refill();
    const before = await spares();
    const tenant = await gw.current.services.provisioner.createTenant({ name: 'Quick', slug: uniqueSlug('quick') });
    expect(tenant.status).toBe('active');
    expect(await schemaExists(before[0]!)).toBe(false);
    expect(await ledger(tenant.schemaName)).toEqual(currentFiles);
    await gw.current.db.pool.query(`INSERT INTO ${quoteIdent(tenant.schemaName)}.users (email) VALUES ('a@quick.test')`);
    await gw.current.services.spares.refill();
    const after = await spares();
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
  });

  it('gives concurrent signups distinct schemas, more signups than spares included', async () => {
    await gw.current.services.spares.refill();
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) => gw.current.services.provisioner.createTenant({ name: `C${i}`, slug: uniqueSlug(`c${i}`) })),
    );
    expect(new Set(created.map((t) => t.schemaName)).size).toBe(5);
    for (const t of created) expect(await ledger(t.schemaName)).toEqual(currentFiles);
  });

  it('keeps the spare when a create fails after claiming it', async () => {
    await gw.current.services.spares.refill();
    const before = await spares();
    const { Provisioner } = await import('../../../../src/tenancy/lifecycle/provisioner.js');
    const failing = new Provisioner({
      pool: gw.current.db.pool,
      clients: gw.current.services.clients,
      changes: gw.current.services.changes,
      logger: { info() {}, warn() {}, error() {} },
      spares: gw.current.services.spares,
      faults: (step) => {
        if (step === 'migrated') throw new Error('injected');
      },
    });
    await expect(failing.createTenant({ name: 'F', slug: uniqueSlug('fail') })).rejects.toThrow(/injected/);
    expect(await spares()).toEqual(before);
    for (const name of before) expect(await schemaExists(name)).toBe(true);
  });

  it('migrates spares with the fleet, and brings a spare of an older release up to date when it is claimed', async () => {
    await gw.current.services.spares.refill();
    const { files } = tenantFilesPlus({ '0002_notes.sql': 'CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL);' });
    const report = await migrateFleet({ pool: gw.current.db.pool }, { files });
    expect(report.failed).toBe(0);
    expect(report.spares).toEqual({ applied: 2, skipped: 0, dropped: [] });
    for (const name of await spares()) expect(await ledger(name)).toEqual([...currentFiles, '0002_notes.sql']);

    // An old spare (made before 0002 existed) becomes a tenant with 0002 applied.
    const old = await gw.current.db.pool.query('DELETE FROM spare_schemas RETURNING schema_name');
    for (const { schema_name } of old.rows) await gw.current.db.pool.query(`DROP SCHEMA ${quoteIdent(schema_name)} CASCADE`);
    expect(await refillSpares(gw.current.db.pool, 1, migrationFiles(TENANT_SQL_DIR))).toBe(1);
    const { Provisioner } = await import('../../../../src/tenancy/lifecycle/provisioner.js');
    const newer = new Provisioner({
      pool: gw.current.db.pool,
      clients: gw.current.services.clients,
      changes: gw.current.services.changes,
      logger: { info() {}, warn() {}, error() {} },
      files,
      spares: gw.current.services.spares,
    });
    const [oldSpare] = await spares();
    const tenant = await newer.createTenant({ name: 'Up', slug: uniqueSlug('up') });
    expect(await schemaExists(oldSpare!)).toBe(false);
    expect(await ledger(tenant.schemaName)).toEqual([...currentFiles, '0002_notes.sql']);
  });
});
