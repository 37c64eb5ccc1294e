import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import {
  dataOf,
  execute,
  expectNoErrors,
  graphql,
  hostOf,
  outcome,
  PLATFORM_HOST,
  tenantWithMembers,
  uniqueSlug,
} from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import type { CreateTenantInput, UpdateTenantInput } from '../../gql/graphql.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const staff = { email: 'staff@platform.test', systemAdmin: true };

const CREATE = gql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) { id slug schemaName status plan domain limits { users storageGb apiCallsPerMonth } }
  }
`);
const ENTERPRISE_PAGE = gql(`
  query EnterpriseTenantsPage($after: String) {
    tenants(first: 1, after: $after, plan: ENTERPRISE, status: ACTIVE, orderBy: NAME_DESC) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { name plan } }
    }
  }
`);
const SUSPEND = gql(`
  mutation SuspendTenant($id: ID!) { suspendTenant(id: $id, reason: "unpaid") { status } }
`);
const ACTIVATE = gql(`
  mutation ActivateTenant($id: ID!) { activateTenant(id: $id) { status } }
`);
const ARCHIVE = gql(`
  mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: "churned") { status metadata } }
`);
const DELETE = gql(`
  mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) }
`);
const TENANT_ID = gql(`
  query CurrentTenantId { currentTenant { id } }
`);
const RENAME = gql(`
  mutation RenameTenant($id: ID!) { updateTenant(id: $id, input: { name: "Renamed", metadata: { color: "red" } }) { name metadata } }
`);
const UPDATE_TENANT = gql(`
  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }
`);
const BACKUP = gql(`
  mutation BackupTenant($id: ID!) { backupTenant(id: $id) { schemaName tables createdAt } }
`);

async function create(gw: TestGateway, input: CreateTenantInput) {
  return execute(gw, CREATE, { host: PLATFORM_HOST, as: staff, variables: { input } });
}

async function tenantCount(gw: TestGateway): Promise<number> {
  return gw.services.clients.control().tenant.count();
}

async function schemaExists(gw: TestGateway, name: string): Promise<boolean> {
  const { rows } = await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name]);
  return rows.length === 1;
}

describe('createTenant', () => {
  test('provisions the schema and comes back ACTIVE with the defaults of the original design', async ({ gw }) => {
    const slug = uniqueSlug('new');
    const result = await create(gw, { name: 'New Co', slug, plan: 'PROFESSIONAL', limits: { users: 5 } });
    expectNoErrors(result);
    expect(result.data.createTenant).toMatchObject({
      slug,
      schemaName: `tenant_${slug}`,
      status: 'ACTIVE',
      plan: 'PROFESSIONAL',
      domain: null,
      limits: { users: 5, storageGb: 10, apiCallsPerMonth: 10000 },
    });
    expect(await schemaExists(gw, `tenant_${slug}`)).toBe(true);
  });

  test.for<[string, CreateTenantInput]>([
    ['slug', { name: 'X', slug: 'Bad Slug' }],
    ['slug', { name: 'X', slug: 'trailing-' }],
    ['slug', { name: 'X', slug: 'www' }],
    ['schemaName', { name: 'X', slug: 'okslug1', schemaName: 'pg_evil' }],
    ['schemaName', { name: 'X', slug: 'okslug2', schemaName: 'public' }],
    ['schemaName', { name: 'X', slug: 'okslug3', schemaName: 'x"; DROP TABLE tenants; --' }],
    ['name', { name: '   ', slug: 'okslug4' }],
  ])(
    'refuses an invalid %s with BAD_USER_INPUT naming the field, and writes nothing',
    async ([field, input], { gw }) => {
      const before = await tenantCount(gw);
      const result = await create(gw, input);
      expect(outcome(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe(field);
      expect(await tenantCount(gw)).toBe(before);
    },
  );

  test('answers CONFLICT for a slug that is taken', async ({ gw }) => {
    const slug = uniqueSlug('dup');
    expect(outcome(await create(gw, { name: 'One', slug }))).toBe('OK');
    expect(outcome(await create(gw, { name: 'Two', slug }))).toBe('CONFLICT');
  });
});

describe('tenants', () => {
  test('filters by status and plan, orders and pages with a total count', async ({ gw }) => {
    const tag = uniqueSlug('list');
    for (const [i, plan] of (['BASIC', 'ENTERPRISE', 'ENTERPRISE'] as const).entries()) {
      await create(gw, { name: `${tag} ${i}`, slug: `${tag}${i}`, plan });
    }
    const page1 = await execute(gw, ENTERPRISE_PAGE, { host: PLATFORM_HOST, as: staff });
    expectNoErrors(page1);
    const enterprise = await gw.services.clients
      .control()
      .tenant.count({ where: { plan: 'enterprise', status: 'active' } });
    expect(page1.data.tenants.totalCount).toBe(enterprise);
    expect(page1.data.tenants.pageInfo.hasNextPage).toBe(enterprise > 1);
    const names = [page1.data.tenants.edges[0]!.node.name];
    let after = page1.data.tenants.pageInfo.endCursor;
    while (after) {
      const page = await execute(gw, ENTERPRISE_PAGE, { host: PLATFORM_HOST, as: staff, variables: { after } });
      expectNoErrors(page);
      names.push(...page.data.tenants.edges.map((e) => e.node.name));
      after = page.data.tenants.pageInfo.hasNextPage ? page.data.tenants.pageInfo.endCursor : null;
    }
    expect(names).toHaveLength(enterprise);
    expect(names).toEqual([...names].sort().reverse());
  });
});

describe('the tenant lifecycle', () => {
  test('suspends (the host answers 403), activates, archives with a reason (schema renamed) and deletes (schema dropped)', async ({
    gw,
    tenant: t,
  }) => {
    const asStaff = <R>(document: TypedDocumentNode<R, { id: string }>) =>
      execute(gw, document, { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id } });

    expect(dataOf(await asStaff(SUSPEND)).suspendTenant.status).toBe('SUSPENDED');
    const refused = await execute(gw, TENANT_ID, { host: t.host, as: t.owner });
    expect([refused.status, outcome(refused)]).toEqual([403, 'TENANT_SUSPENDED']);

    expect(dataOf(await asStaff(ACTIVATE)).activateTenant.status).toBe('ACTIVE');
    expect(outcome(await execute(gw, TENANT_ID, { host: t.host, as: t.owner }))).toBe('OK');

    const archived = await asStaff(ARCHIVE);
    expectNoErrors(archived);
    expect(archived.data.archiveTenant.status).toBe('ARCHIVED');
    expect(archived.data.archiveTenant.metadata).toMatchObject({
      archive_reason: 'churned',
      archived_at: expect.any(String),
    });
    expect(await schemaExists(gw, t.tenant.schemaName)).toBe(false);
    const gone = await execute(gw, TENANT_ID, { host: t.host });
    expect([gone.status, outcome(gone)]).toEqual([404, 'TENANT_NOT_FOUND']);

    const row = await gw.services.clients.control().tenant.findUniqueOrThrow({ where: { id: t.tenant.id } });
    expect(row.schemaName).toMatch(/^archive_/);
    expect(await schemaExists(gw, row.schemaName)).toBe(true);
    expect(dataOf(await asStaff(DELETE)).deleteTenant).toBe(true);
    expect(await schemaExists(gw, row.schemaName)).toBe(false);
    expect(await gw.services.clients.control().tenant.findUnique({ where: { id: t.tenant.id } })).toBeNull();
  });

  test('lets an owner rename the tenant and back it up, but not change its plan, limits or status', async ({
    gw,
    tenant: t,
  }) => {
    await gw.services.clients.forSchema(t.tenant.schemaName).user.create({ data: { email: 'kept@x.test' } });
    const renamed = await execute(gw, RENAME, { host: t.host, as: t.owner, variables: { id: t.tenant.id } });
    expectNoErrors(renamed);
    expect(renamed.data.updateTenant).toMatchObject({ name: 'Renamed', metadata: { color: 'red' } });
    for (const input of [
      { plan: 'ENTERPRISE' },
      { limits: { users: 1000 } },
      { status: 'SUSPENDED' },
    ] satisfies UpdateTenantInput[]) {
      const result = await execute(gw, UPDATE_TENANT, {
        host: t.host,
        as: t.owner,
        variables: { id: t.tenant.id, input },
      });
      expect(outcome(result), JSON.stringify(input)).toBe('FORBIDDEN');
    }
    const backup = await execute(gw, BACKUP, { host: t.host, as: t.owner, variables: { id: t.tenant.id } });
    expectNoErrors(backup);
    expect(backup.data.backupTenant.schemaName).toMatch(/^backup_/);
    expect(backup.data.backupTenant.tables).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_logs']));
    const { rows } = await gw.db.pool.query(`SELECT email FROM "${backup.data.backupTenant.schemaName}".users`);
    expect(rows).toEqual([{ email: 'kept@x.test' }]);
  });

  test('keeps slug and schemaName immutable: the update input does not have them', async ({ gw }) => {
    // Not a typed document: the schema refuses it, which is the point.
    const result = await graphql(gw, {
      host: PLATFORM_HOST,
      as: staff,
      query: 'mutation { updateTenant(id: "00000000-0000-0000-0000-000000000000", input: { slug: "other" }) { id } }',
    });
    expect(result.status).toBe(400);
    expect(result.errors![0]!.message).toMatch(/slug/);
  });

  test('confines a system admin on a tenant host to that tenant', async ({ gw, tenant: a }) => {
    const b = await tenantWithMembers(gw);
    const result = await execute(gw, gql(`mutation SuspendAnotherTenant($id: ID!) { suspendTenant(id: $id) { id } }`), {
      host: hostOf(a.tenant.slug),
      as: staff,
      variables: { id: b.tenant.id },
    });
    expect(outcome(result)).toBe('NOT_FOUND');
    expect((await gw.services.clients.control().tenant.findUniqueOrThrow({ where: { id: b.tenant.id } })).status).toBe(
      'active',
    );
  });
});
