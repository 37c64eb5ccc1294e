// Least privilege: with DATABASE_RUNTIME_URL, requests run as a role with DML only. It serves every
// request, yet cannot drop a tenant schema, create or truncate tables, create schemas, or write the
// migration ledgers; DDL (migrations, provisioning) stays with DATABASE_URL's role.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/database.js';
import { ensureRuntimeGrants } from '../../../src/db/runtime-role.js';
import { createLogger } from '../../../src/logger.js';
import { createServices, type Services } from '../../../src/services.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { createGateway } from '../../../src/yoga.js';
import { graphql, outcome, tenantWithMembers } from '../../helpers/api.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import { createThrowawaySchema } from '../../helpers/tenant-schema.js';

const owner = useTestDatabase();
const role = `gw_runtime_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');
let db: Database;
let services: Services;
let gw: { db: Database; services: Services; yoga: ReturnType<typeof createGateway> };
let runtime: pg.Pool;
let world: Awaited<ReturnType<typeof tenantWithMembers>>;
let legacySchema: string;

const runtimeUrl = () => {
  const url = new URL(owner.current.url);
  url.username = role;
  url.password = password;
  return url.toString();
};

beforeAll(async () => {
  await owner.current.pool.query(`CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD '${password}'`);
  // a tenant schema made before the runtime role was configured: start-up grants catch it up
  legacySchema = (await createThrowawaySchema(owner.current.pool)).name;
  await owner.current.pool.query(
    `INSERT INTO tenants (name, slug, schema_name, status) VALUES ('Legacy', $1, $2, 'active')`,
    [`legacy${randomBytes(3).toString('hex')}`, legacySchema],
  );
  const config = testConfig({ DATABASE_RUNTIME_URL: runtimeUrl() }, owner.current.url);
  db = await openDatabase(config, { info: () => undefined, warn: () => undefined });
  await ensureRuntimeGrants(db.migrationPool!, db.runtimeRole!);
  services = createServices(config, db, createLogger(config));
  gw = { db, services, yoga: createGateway(services) };
  world = await tenantWithMembers(gw as never);
  runtime = new pg.Pool({ connectionString: runtimeUrl(), max: 2 });
});

afterAll(async () => {
  await runtime?.end();
  await services?.clients.close();
  await db?.close();
  await owner.current.pool.query(`DROP OWNED BY ${quoteIdent(role)}`);
  await owner.current.pool.query(`DROP ROLE ${quoteIdent(role)}`);
});

describe('DATABASE_RUNTIME_URL', () => {
  it('serves requests through the runtime role, and provisions through the migration role', async () => {
    expect(db.runtimeRole).toBe(role);
    const { rows } = await db.pool.query('SELECT current_user AS who');
    expect(rows[0].who).toBe(role);
    const ddl = await db.migrationPool!.query('SELECT current_user AS who');
    expect(ddl.rows[0].who).not.toBe(role);
  });

  it('answers reads and writes on tenant and control-plane tables', async () => {
    const calls = [
      { query: 'mutation { createUser(input: { email: "rt@example.com", name: "RT" }) { id } }', as: world.member },
      { query: '{ users(first: 5) { totalCount } members(first: 5) { totalCount } }', as: world.viewer },
      {
        query: 'mutation { setTenantSetting(input: { category: GENERAL, key: "k", value: "v" }) { key } }',
        as: world.admin,
      },
      { query: 'mutation { inviteMember(email: "new@example.com", role: VIEWER) { id } }', as: world.admin },
      { query: 'mutation { addTenantDomain(domain: "rt-domain.example.org") { id } }', as: world.admin },
      { query: '{ auditLogs(first: 5) { totalCount } }', as: world.admin },
      { query: 'mutation { refreshTenantUsage { id } }', as: world.admin },
    ];
    for (const call of calls)
      expect(outcome(await graphql(gw as never, { host: world.host, ...call })), call.query).toBe('OK');
    await services.usage.flush();
  });

  it('serves a restored tenant at once (the restored schema is granted before it is swapped in)', async () => {
    const backup = await services.backups.take(world.tenant.id, { reason: 'before restore' });
    await services.backups.restore(backup.id);
    const read = { query: '{ users(first: 5) { totalCount } }', as: world.viewer };
    expect(outcome(await graphql(gw as never, { host: world.host, ...read }))).toBe('OK');
    await expect(
      runtime.query(`SELECT count(*) FROM ${quoteIdent(world.tenant.schemaName)}.users`),
    ).resolves.toBeTruthy();
  });

  it('gives tenants provisioned before the role was configured their grants at start-up', async () => {
    await expect(runtime.query(`SELECT count(*) FROM ${quoteIdent(legacySchema)}.users`)).resolves.toBeTruthy();
  });

  const refused: [string, () => string][] = [
    ['drop a tenant schema', () => `DROP SCHEMA ${quoteIdent(world.tenant.schemaName)} CASCADE`],
    ['drop a tenant table', () => `DROP TABLE ${quoteIdent(world.tenant.schemaName)}.users`],
    ['create a table in a tenant schema', () => `CREATE TABLE ${quoteIdent(world.tenant.schemaName)}.evil (id int)`],
    ['create a table in public', () => 'CREATE TABLE public.evil (id int)'],
    ['create a schema', () => 'CREATE SCHEMA evil'],
    ['truncate a tenant table', () => `TRUNCATE ${quoteIdent(world.tenant.schemaName)}.users`],
    ['alter a control-plane table', () => 'ALTER TABLE public.tenants ADD COLUMN evil int'],
    ['delete tenants', () => 'DELETE FROM public.tenants'],
    ['write the control-plane migration ledger', () => 'DELETE FROM public.schema_migrations'],
    ["write a tenant's migration ledger", () => `DELETE FROM ${quoteIdent(world.tenant.schemaName)}.schema_migrations`],
  ];
  it.each(refused)('cannot %s (insufficient privilege)', async (_name, sql) => {
    await expect(runtime.query(sql())).rejects.toMatchObject({ code: '42501' });
  });

  it("pins search_path to public on every pool connection, whatever the role's own setting says", async () => {
    await owner.current.pool.query(
      `ALTER ROLE ${quoteIdent(role)} SET search_path TO ${quoteIdent(world.tenant.schemaName)}`,
    );
    const fresh = await db.pool.connect();
    try {
      // a connection opened after the change, not one kept from before
      const { rows } = await fresh.query('SHOW search_path');
      expect(rows[0].search_path).toBe('public');
    } finally {
      fresh.release(true);
    }
    const unpinned = new pg.Client({ connectionString: runtimeUrl() });
    await unpinned.connect();
    expect((await unpinned.query('SHOW search_path')).rows[0].search_path).toBe(
      quoteIdent(world.tenant.schemaName).replaceAll('"', ''),
    );
    await unpinned.end();
  });
});
