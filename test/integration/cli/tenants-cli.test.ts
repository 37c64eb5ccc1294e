// The lifecycle commands run as separate processes against the database a gateway is serving: each
// change lands in the database and reaches the running gateway through the ChangeBus at once
// (its host cache would otherwise keep the old answer for HOST_CACHE_TTL_SECONDS).
import { describe, expect } from 'vitest';
import { execute, hostOf, uniqueSlug } from '../../helpers/api.js';
import { cliOn } from '../../helpers/cli.js';
import { testWithGateway } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

// The gateway listens for changes, as a running gateway does; `cli` runs the command line on its database.
const test = testWithGateway({ HOST_CACHE_TTL_SECONDS: '3600' }).extend(
  'cli',
  { scope: 'file' },
  async ({ gw }, { onCleanup }) => {
    await gw.services.changes.listen(gw.db.url);
    onCleanup(() => gw.services.changes.close());
    return cliOn(gw.db.url);
  },
);

/** What the running gateway answers on the tenant's host: 'OK' or the error code. */
async function gatewaySays(gw: TestGateway, slug: string): Promise<string> {
  const res = await execute(gw, gql(`query CliCreatedTenantSlug { currentTenant { slug } }`), { host: hostOf(slug) });
  return res.errors?.[0]?.extensions?.code ?? (res.data?.currentTenant?.slug === slug ? 'OK' : JSON.stringify(res));
}

async function eventually(gw: TestGateway, slug: string, expected: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = await gatewaySays(gw, slug);
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await gatewaySays(gw, slug);
  }
  expect(last, `gateway answer on ${hostOf(slug)}`).toBe(expected);
}

async function row(gw: TestGateway, slug: string) {
  const { rows } = await gw.db.pool.query(
    'SELECT id, status, schema_name, metadata, plan, domain FROM tenants WHERE slug = $1',
    [slug],
  );
  return rows[0];
}

describe('tenant-gateway lifecycle commands', () => {
  test('create provisions an active tenant that the running gateway serves; list shows it as a table and as JSON', async ({
    gw,
    cli,
  }) => {
    const slug = uniqueSlug('cli');
    const created = await cli(
      'create',
      '--name',
      'CLI Corp',
      '--slug',
      slug,
      '--plan',
      'enterprise',
      '--domain',
      `${slug}.example.com`,
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({
      slug,
      status: 'active',
      plan: 'enterprise',
      schemaName: `tenant_${slug}`,
      domain: `${slug}.example.com`,
    });
    await eventually(gw, slug, 'OK');

    const table = await cli('list', '--status', 'active');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^SLUG\s+STATUS\s+PLAN\s+SCHEMA\s+DOMAIN\s+ID\s+CREATED$/);
    expect(table.stdout).toMatch(
      new RegExp(`^${slug}\\s+active\\s+enterprise\\s+tenant_${slug}\\s+${slug}\\.example\\.com`, 'm'),
    );
    const listed = (await cli('list', '--json')).json<{ slug: string }[]>();
    expect(listed.map((t) => t.slug)).toContain(slug);
    expect((await cli('list', '--status', 'suspended', '--json')).json()).toEqual([]);
  }, 120_000);

  test('suspend, activate, backup, archive and delete change the tenant, and the gateway follows each change', async ({
    gw,
    cli,
  }) => {
    const slug = uniqueSlug('life');
    const { id } = await gw.services.provisioner.createTenant({ name: 'Life', slug });
    await eventually(gw, slug, 'OK');

    const suspended = await cli('suspend', slug, '--reason', 'unpaid invoice');
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(suspended.stdout).toContain(`suspended ${slug} (${id}): suspended`);
    expect((await row(gw, slug)).metadata).toMatchObject({ suspension_reason: 'unpaid invoice' });
    await eventually(gw, slug, 'TENANT_SUSPENDED');

    const activated = await cli('activate', id); // by id as well as by slug
    expect(activated.code, activated.stderr).toBe(0);
    await eventually(gw, slug, 'OK');

    const backup = await cli('backup', slug, '--json');
    expect(backup.code, backup.stderr).toBe(0);
    const { schemaName, tables } = backup.json<{ schemaName: string; tables: string[] }>();
    expect(schemaName).toMatch(new RegExp(`^backup_tenant_${slug}_\\d{17}$`));
    expect(tables).toEqual(expect.arrayContaining(['users', 'audit_logs']));
    expect((await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schemaName])).rowCount).toBe(1);

    const archived = await cli('archive', slug, '--reason', 'left us');
    expect(archived.code, archived.stderr).toBe(0);
    expect(await row(gw, slug)).toMatchObject({
      status: 'archived',
      metadata: expect.objectContaining({ archive_reason: 'left us' }),
    });
    await eventually(gw, slug, 'TENANT_NOT_FOUND');

    const archivedSchema = (await row(gw, slug)).schema_name;
    const deleted = await cli('delete', slug, '--force');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await row(gw, slug)).toBeUndefined();
    expect((await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [archivedSchema])).rowCount).toBe(
      0,
    );
  }, 180_000);

  test('delete without --force is refused with exit code 1 and leaves the tenant and its schema alone', async ({
    gw,
    cli,
  }) => {
    const slug = uniqueSlug('keep');
    await gw.services.provisioner.createTenant({ name: 'Keep', slug });
    const refused = await cli('delete', slug);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/without --force/);
    expect(refused.stdout).toBe('');
    expect(await row(gw, slug)).toMatchObject({ status: 'active' });
    expect((await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [`tenant_${slug}`])).rowCount).toBe(
      1,
    );
  }, 60_000);

  test('bad input and unknown tenants: a message on stderr, exit code 1, nothing written', async ({ gw, cli }) => {
    const before = (await gw.db.pool.query('SELECT count(*)::int AS n FROM tenants')).rows[0].n;
    const badSlug = await cli('create', '--name', 'Bad', '--slug', 'Not_A_Label');
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toMatch(/slug/);
    const badPlan = await cli('create', '--name', 'Bad', '--slug', 'okslug', '--plan', 'platinum');
    expect(badPlan.code).toBe(1);
    expect(badPlan.stderr).toMatch(/--plan.*platinum/);
    const missing = await cli('suspend', 'nobody-here');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Tenant "nobody-here" not found/);
    expect((await gw.db.pool.query('SELECT count(*)::int AS n FROM tenants')).rows[0].n).toBe(before);
  }, 60_000);
});
