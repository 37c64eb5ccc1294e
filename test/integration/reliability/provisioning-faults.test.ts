// Provisioning faults through the API (createTenant over GraphQL): whatever goes wrong, nothing is
// left half-made — the tenant registry and the schema list are exactly as before — and a retry of
// the same slug succeeds once the fault is gone. Faults are real database behaviour, not stubs: a
// squatted schema name, an event trigger that fails the tenant DDL midway, and the provisioning
// connection terminated while its transaction is open. (Faults injected between the provisioner's
// steps are covered below the API in test/integration/tenancy/lifecycle/provisioner/step-failures.test.ts.)
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, PLATFORM_HOST } from '../../helpers/api.js';
import { databaseSnapshot } from '../../helpers/db-snapshot.js';
import { eventually } from '../../helpers/tenant-rows.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const admin = { email: 'ops@faults.test', systemAdmin: true };
const CREATE = gql(
  `mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName } }`,
);
const create = (gw: TestGateway, slug: string) =>
  execute(gw, CREATE, { host: PLATFORM_HOST, variables: { input: { name: `Tenant ${slug}`, slug } }, as: admin });
const sql = (gw: TestGateway, text: string, params?: unknown[]) => gw.db.pool.query(text, params);

// The admin's first request creates its account: done before any snapshot is taken.
test.beforeAll(async ({ gw }) => {
  expectNoErrors(
    await execute(gw, gql(`query StaffIdentity { me { account { email } } }`), { host: PLATFORM_HOST, as: admin }),
  );
});

test.afterEach(async ({ gw }) => {
  await sql(gw, 'DROP EVENT TRIGGER IF EXISTS reliability_fault; DROP FUNCTION IF EXISTS reliability_fault()');
});

/** An event trigger that runs `action` when DDL of `tag` touches `schema` (at ddl_command_end, inside the provisioning transaction). */
async function onDdl(gw: TestGateway, tag: 'CREATE SCHEMA' | 'CREATE TABLE', schema: string, action: string) {
  await sql(
    gw,
    `
    CREATE FUNCTION reliability_fault() RETURNS event_trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        IF r.command_tag = '${tag}' AND (r.schema_name = '${schema}' OR r.object_identity = '${schema}') THEN ${action}; END IF;
      END LOOP;
    END $$;
    CREATE EVENT TRIGGER reliability_fault ON ddl_command_end EXECUTE FUNCTION reliability_fault();`,
  );
}

describe('createTenant through the API, when provisioning fails', () => {
  test('answers CONFLICT for a schema name squatted outside the registry, and changes nothing (the squatter keeps its table)', async ({
    gw,
  }) => {
    await sql(
      gw,
      'CREATE SCHEMA tenant_squat; CREATE TABLE tenant_squat.precious (id int); INSERT INTO tenant_squat.precious VALUES (1)',
    );
    const before = await databaseSnapshot(gw.db.pool);
    const res = await create(gw, 'squat');
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/tenant_squat.*exists/),
      extensions: { code: 'CONFLICT', field: 'schemaName' },
    });
    expect(await databaseSnapshot(gw.db.pool)).toEqual(before);
    expect((await sql(gw, 'SELECT id FROM tenant_squat.precious')).rows).toEqual([{ id: 1 }]);
  });

  test('answers PROVISIONING_FAILED when the tenant DDL fails midway, leaves no row and no schema, and a retry succeeds', async ({
    gw,
  }) => {
    await onDdl(gw, 'CREATE TABLE', 'tenant_doomed', `RAISE EXCEPTION 'injected fault: disk full'`);
    const before = await databaseSnapshot(gw.db.pool);
    const res = await create(gw, 'doomed');
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /^Provisioning tenant "doomed" failed and was rolled back: .*injected fault: disk full/,
      ),
      extensions: { code: 'PROVISIONING_FAILED' },
    });
    expect(res.data).toBeNull();
    expect(await databaseSnapshot(gw.db.pool)).toEqual(before);

    await sql(gw, 'DROP EVENT TRIGGER reliability_fault');
    const retry = await create(gw, 'doomed');
    expectNoErrors(retry);
    expect(retry.data.createTenant).toMatchObject({ slug: 'doomed', status: 'ACTIVE', schemaName: 'tenant_doomed' });
  });

  test('leaves nothing behind when the provisioning connection is terminated inside its transaction, and a retry succeeds', async ({
    gw,
  }) => {
    await onDdl(gw, 'CREATE SCHEMA', 'tenant_stalled', 'PERFORM pg_sleep(30)');
    const before = await databaseSnapshot(gw.db.pool);
    const creating = create(gw, 'stalled');
    const sleeping = async () =>
      (await sql(gw, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`))
        .rowCount === 1;
    await eventually(sleeping, 10_000, 'the provisioning transaction inside CREATE SCHEMA');
    // The test database's own pool is the gateway's here: terminate only the sleeping backend.
    const { rows } = await sql(
      gw,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`,
    );
    expect(rows).toHaveLength(1);

    const res = await creating;
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /^Provisioning tenant "stalled" failed and was rolled back: terminating connection/,
      ),
      extensions: { code: 'PROVISIONING_FAILED' },
    });
    expect(await databaseSnapshot(gw.db.pool)).toEqual(before);

    await sql(gw, 'DROP EVENT TRIGGER reliability_fault');
    const retry = await create(gw, 'stalled');
    expectNoErrors(retry);
    expect(retry.data.createTenant).toMatchObject({ slug: 'stalled', status: 'ACTIVE' });
  });
});
