// Anonymous callers are asked to authenticate before any lookup, so they cannot tell which tenants,
// members or domains exist; system admins on a tenant host are confined to it like everyone else.
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import { execute, type Execution, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

let world: Awaited<ReturnType<typeof tenantWithMembers>>;
test.beforeAll(async ({ gw }) => {
  world = await tenantWithMembers(gw);
});

const TENANT_BY_SLUG = gql(`query TenantBySlug($slug: String) { tenant(slug: $slug) { id } }`);
const TENANT_BY_ID = gql(`query TenantById($id: ID) { tenant(id: $id) { id } }`);
const REMOVE_MEMBER = gql(`mutation RemoveMemberById($id: ID!) { removeMember(id: $id) }`);

const anonymous = <R, V>(gw: TestGateway, document: TypedDocumentNode<R, V>, variables: V) =>
  execute(gw, document, { host: PLATFORM_HOST, variables } as Execution<V>);

describe('an anonymous caller on the platform host', () => {
  test('gets UNAUTHENTICATED for an existing slug and for an unknown one alike', async ({ gw }) => {
    expect(outcome(await anonymous(gw, TENANT_BY_SLUG, { slug: world.tenant.slug }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(gw, TENANT_BY_SLUG, { slug: 'no-such-tenant' }))).toBe('UNAUTHENTICATED');
  });

  test('gets UNAUTHENTICATED for an existing tenant id and an unknown one alike', async ({ gw }) => {
    expect(outcome(await anonymous(gw, TENANT_BY_ID, { id: world.tenant.id }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(gw, TENANT_BY_ID, { id: randomUUID() }))).toBe('UNAUTHENTICATED');
  });

  test('gets UNAUTHENTICATED for an existing member id and an unknown one alike', async ({ gw }) => {
    expect(outcome(await anonymous(gw, REMOVE_MEMBER, { id: world.viewer.memberId }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(gw, REMOVE_MEMBER, { id: randomUUID() }))).toBe('UNAUTHENTICATED');
  });

  test('is told NOT_FOUND for an unknown slug once signed in', async ({ gw }) => {
    const outsider = { email: 'outsider@elsewhere.test' };
    expect(
      outcome(
        await execute(gw, TENANT_BY_SLUG, { host: PLATFORM_HOST, variables: { slug: 'no-such-tenant' }, as: outsider }),
      ),
    ).toBe('NOT_FOUND');
  });
});

describe('a system admin on a tenant host', () => {
  const staff = { email: 'staff@platform.test', systemAdmin: true };
  test('is confined to that tenant: listing all tenants or creating one is FORBIDDEN there', async ({ gw }) => {
    const list = await execute(
      gw,
      gql(`query TenantsFromTenantHost { tenants(first: 5) { totalCount edges { node { slug } } } }`),
      { host: world.host, as: staff },
    );
    expect(outcome(list)).toBe('FORBIDDEN');
    const create = await execute(
      gw,
      gql(
        `mutation CreateTenantFromTenantHost { createTenant(input: { name: "From a tenant host", slug: "from-tenant-host" }) { id } }`,
      ),
      {
        host: world.host,
        as: staff,
      },
    );
    expect(outcome(create)).toBe('FORBIDDEN');
    expect(await gw.services.clients.control().tenant.count({ where: { slug: 'from-tenant-host' } })).toBe(0);
  });

  test('still lists and creates tenants on the platform host', async ({ gw }) => {
    const list = await execute(gw, gql(`query TenantsFromPlatformHost { tenants(first: 5) { totalCount } }`), {
      host: PLATFORM_HOST,
      as: staff,
    });
    expect(outcome(list)).toBe('OK');
  });
});
