// The gateway on a Citus cluster: every tenant DDL path works on distributed schemas, tenants land
// on the workers, and each tenant's host serves only its own data wherever its schema lives.
import { describe, expect, inject, it } from 'vitest';
import { checksum, migrationFiles, TENANT_SQL_DIR, type MigrationFile } from '../../src/db/migration-files.js';
import { citusNodes, citusVersion, tenantPlacement } from '../../src/db/citus.js';
import { migrateFleet } from '../../src/tenancy/lifecycle/fleet.js';
import { renameSchema } from '../../src/tenancy/lifecycle/schema-manager.js';
import { execute, expectNoErrors, hostOf } from '../helpers/api.js';
import { createFingerprintedTenants } from '../helpers/fingerprinted-tenants.js';
import { startTestServer } from '../helpers/running-gateway.js';
import { citusAvailable, citusSlug, useCitusGateway } from './citus-gateway.js';
import { gql } from '../gql/index.js';

const distributed = async (pool: import('pg').Pool, schema: string) =>
  (await pool.query('SELECT 1 FROM citus_schemas WHERE schema_name::text = $1', [schema])).rowCount === 1;

describe.skipIf(!citusAvailable())('the gateway on Citus (coordinator + 2 workers)', () => {
  const gw = useCitusGateway();

  it('finds the citus extension on the coordinator and two workers that take tenant schemas', async () => {
    expect(await citusVersion(gw.current.db.pool)).toMatch(/^13\./);
    expect((await citusNodes(gw.current.db.pool)).length).toBeGreaterThanOrEqual(2);
  });

  it('provisions a tenant as a distributed schema placed on a worker, with every tenant migration applied', async () => {
    const { pool } = gw.current.db;
    const tenant = await gw.current.services.provisioner.createTenant({ name: 'Citus one', slug: citusSlug('prov') });
    expect(tenant.status).toBe('active');
    expect(await distributed(pool, tenant.schemaName)).toBe(true);
    const placement = await tenantPlacement(pool, tenant.schemaName);
    expect((await citusNodes(pool)).map((n) => n.node)).toContain(placement!.node);
    const ledger = await pool.query(`SELECT name FROM "${tenant.schemaName}".schema_migrations ORDER BY name`);
    expect(ledger.rows.map((r) => r.name)).toEqual(migrationFiles(TENANT_SQL_DIR).map((f) => f.name));
  });

  it('serves each tenant only its own rows, with tenants spread over both workers (fingerprints)', async () => {
    const { pool } = gw.current.db;
    const tenants = await createFingerprintedTenants(gw.current.services, 4, citusSlug('iso'));
    const nodes = new Set<string>();
    for (const t of tenants) nodes.add((await tenantPlacement(pool, t.schemaName))!.node);
    expect(nodes.size).toBeGreaterThanOrEqual(2);
    for (const t of tenants) {
      const created = await execute(
        gw.current,
        gql(`mutation W($e: String!) { createUser(input: { email: $e }) { email } }`),
        {
          host: hostOf(t.slug),
          as: { email: `admin@${t.slug}.test` },
          variables: { e: `new@${t.slug}.test` },
        },
      );
      expectNoErrors(created);
      const read = await execute(
        gw.current,
        gql(
          `query CitusTenantUsers { currentTenant { slug } users(first: 50) { totalCount edges { node { email } } } }`,
        ),
        {
          host: hostOf(t.slug),
          as: { email: `admin@${t.slug}.test` },
        },
      );
      expectNoErrors(read);
      expect(read.data.currentTenant!.slug).toBe(t.slug);
      const emails: string[] = read.data.users.edges.map((e) => e.node.email);
      expect(emails).toHaveLength(t.seededUsers + 1);
      expect(emails.every((e) => e.endsWith(`@${t.slug}.test`))).toBe(true);
    }
  });

  it('migrates the fleet on Citus: a new tenant migration (table, index, column) reaches every distributed schema', async () => {
    const { pool } = gw.current.db;
    const tenant = await gw.current.services.provisioner.createTenant({ name: 'Fleet', slug: citusSlug('fleet') });
    const sql = `CREATE TABLE notes (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  user_id uuid REFERENCES users (id) ON DELETE CASCADE,\n  body text NOT NULL\n);\nCREATE INDEX notes_user_id_idx ON notes (user_id);\nALTER TABLE users ADD COLUMN nickname text;\n`;
    const extra: MigrationFile = { name: '9001_notes.sql', sql, checksum: checksum(sql), transactional: true };
    const report = await migrateFleet(
      { pool },
      { files: [...migrationFiles(TENANT_SQL_DIR), extra], only: [tenant.slug] },
    );
    expect(report.failed, JSON.stringify(report.results)).toBe(0);
    expect(report.applied).toBe(1);
    await pool.query(`INSERT INTO "${tenant.schemaName}".notes (body) VALUES ('hello')`);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${tenant.schemaName}".notes`);
    expect(rows[0].n).toBe(1);
  });

  it('renames, backs up, archives and deletes a distributed tenant schema', async () => {
    const { pool } = gw.current.db;
    const { provisioner } = gw.current.services;
    const tenant = await provisioner.createTenant({ name: 'Life', slug: citusSlug('life') });
    await pool.query(`INSERT INTO "${tenant.schemaName}".users (email) VALUES ('a@life.test')`);

    const renamed = `${tenant.schemaName}_r`;
    await renameSchema(pool, tenant.schemaName, renamed);
    expect(await distributed(pool, renamed)).toBe(true);
    await renameSchema(pool, renamed, tenant.schemaName);

    const backup = await provisioner.backupTenant(tenant.id);
    const copied = await pool.query(`SELECT email::text FROM "${backup.schemaName}".users`);
    expect(copied.rows).toEqual([{ email: 'a@life.test' }]);

    const archived = await provisioner.archiveTenant(tenant.id, 'done');
    expect(archived.schemaName).toMatch(/^archive_/);
    expect(await distributed(pool, archived.schemaName)).toBe(true);
    const kept = await pool.query(`SELECT count(*)::int AS n FROM "${archived.schemaName}".users`);
    expect(kept.rows[0].n).toBe(1);

    await provisioner.deleteTenant(tenant.id);
    const left = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [archived.schemaName]);
    expect(left.rowCount).toBe(0);
    expect(await distributed(pool, archived.schemaName)).toBe(false);
  });
});

describe.skipIf(!citusAvailable())('a gateway started on the Citus coordinator', () => {
  it('says at start-up that it found Citus and distributes tenant schemas', async () => {
    const server = await startTestServer(inject('citusUrl'));
    try {
      const line = server.logs.lines().find((l) => String(l.msg).startsWith('Citus detected'));
      expect(line?.citus).toMatch(/^13\./);
    } finally {
      await server.gateway.stop();
    }
  });
});
